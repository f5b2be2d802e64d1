import { renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const ROOT = process.cwd();
const BUNDLE = "percha-server.mjs";

/**
 * Bundles scripts/server.ts and the lib/ modules it uses into one JavaScript
 * file in the build folder (`next build`'s distDir), from where `next`, `zod`
 * and the rest resolve to node_modules at run time. Fast enough to run at
 * every start, so the bundle always matches the sources.
 */
export async function bundleServer(distDir: string): Promise<void> {
  const result = await build({
    entryPoints: [path.join(ROOT, "scripts", "server.ts")],
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    logLevel: "warning",
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error("esbuild produced no server bundle");
  // Written aside and renamed: another start in this checkout may be reading the bundle.
  const target = path.join(ROOT, distDir, BUNDLE);
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, output.contents);
  renameSync(temporary, target);
}

/** How to run the bundled server, with extra `node` flags (a heap cap, a profiler). */
export function serverCommand(distDir: string, nodeArgs: string[] = []): { command: string; args: string[] } {
  return { command: process.execPath, args: [...nodeArgs, path.join(ROOT, distDir, BUNDLE)] };
}
