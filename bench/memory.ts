/**
 * Peak resident memory of the app's server processes, read from /proc: the
 * spawned shop server and any process it forks, summed per instance.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

export type MemoryTarget = { name: string; pid: number; port: number };
export type InstanceMemory = {
  name: string;
  pid: number;
  listenerPid: number | null;
  peakRssMb: number;
  lastRssMb: number;
  samples: number;
  /** RSS right after named phases, to see which one grows the process. */
  checkpoints: Record<string, number>;
};
export type MemorySampler = { mark(label: string): void; stop(): InstanceMemory[] };

const MAX_SAMPLES = 5000;

function read(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null; // The process went away between listing and reading.
  }
}

function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(read(`/proc/${pid}/status`) ?? "");
  return match ? Number(match[1]) : 0;
}

function parentOf(pid: number): number | null {
  const stat = read(`/proc/${pid}/stat`);
  if (stat === null) return null;
  // The command name is in parentheses and may hold spaces: fields start after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[1]);
}

/** `root` and every process descending from it. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent !== null) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0 && tree.length < 1000) {
    const pid = queue.shift();
    if (pid === undefined || tree.includes(pid)) continue;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** Which process of `tree` holds the listening socket on 127.0.0.1:`port`. */
export function listeningPid(tree: number[], port: number): number | null {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const line of (read("/proc/net/tcp") ?? "").split("\n").slice(1)) {
    const cols = line.trim().split(/\s+/);
    // local_address is HEXIP:HEXPORT; state 0A is LISTEN; column 9 is the socket inode.
    if (cols[1]?.endsWith(`:${hexPort}`) && cols[3] === "0A" && cols[9]) inodes.add(cols[9]);
  }
  for (const pid of tree) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const socket = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (socket?.[1] && inodes.has(socket[1])) return pid;
      } catch {
        // The descriptor closed while we looked.
      }
    }
  }
  return null;
}

/** Samples every `intervalMs` until stopped (at most MAX_SAMPLES times). */
export function sampleMemory(targets: MemoryTarget[], intervalMs = 250): MemorySampler {
  const state = targets.map((t) => ({
    ...t, listenerPid: null as number | null, peakKb: 0, lastKb: 0, samples: 0, checkpoints: {} as Record<string, number>,
  }));
  const mb = (kb: number) => Math.round(kb / 102.4) / 10;
  const tick = () => {
    for (const target of state) {
      if (target.samples >= MAX_SAMPLES) continue;
      const tree = processTree(target.pid);
      target.listenerPid ??= listeningPid(tree, target.port);
      target.lastKb = tree.reduce((sum, pid) => sum + rssKb(pid), 0);
      target.peakKb = Math.max(target.peakKb, target.lastKb);
      target.samples += 1;
    }
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    mark: (label) => {
      tick();
      for (const target of state) target.checkpoints[label] = mb(target.lastKb);
    },
    stop: () => {
      clearInterval(timer);
      tick();
      return state.map((t) => ({
        name: t.name, pid: t.pid, listenerPid: t.listenerPid,
        peakRssMb: mb(t.peakKb), lastRssMb: mb(t.lastKb), samples: t.samples, checkpoints: t.checkpoints,
      }));
    },
  };
}
