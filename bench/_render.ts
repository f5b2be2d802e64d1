import { readFileSync } from "node:fs";
import { targetRows } from "@/bench/report";
const d = JSON.parse(readFileSync(process.argv[2] ?? "", "utf8"));
for (const r of targetRows(d.configurations)) for (const w of r.why) console.log(w);
for (const r of targetRows(d.configurations)) if (r.figure.startsWith("race finalize")) console.log(JSON.stringify(r.cells));
