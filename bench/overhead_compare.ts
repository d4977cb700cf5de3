/**
 * Medians and minimums of the overhead cases (`bench/overhead_cases.ts`) for this checkout,
 * optionally other checkouts, and PyTorch on one thread (`bench/overhead_torch.py`), each in
 * its own process, as a markdown table of µs per call.
 *
 *   deno run -A bench/overhead_compare.ts [--against /path/to/other/checkout ...]
 *
 * @module
 */

import { type KldivModule, overheadCases, timeCase, type Timing } from "./overhead_cases.ts";

type Results = Record<string, Timing>;

async function timeModule(specifier: string): Promise<Results> {
  const m: KldivModule = await import(specifier);
  const out: Results = {};
  for (const c of overheadCases(m)) out[c.name] = timeCase(c.run);
  return out;
}

async function child(cmd: string, args: string[]): Promise<Results> {
  const { code, stdout, stderr } = await new Deno.Command(cmd, { args, stderr: "piped" }).output();
  if (code !== 0) throw new Error(`${cmd} failed: ${new TextDecoder().decode(stderr)}`);
  const text = new TextDecoder().decode(stdout).trim().split("\n").pop() ?? "";
  return JSON.parse(text);
}

const only = Deno.args.indexOf("--only");
if (only >= 0) {
  console.log(JSON.stringify(await timeModule(Deno.args[only + 1])));
} else {
  const self = new URL(import.meta.url).pathname;
  const columns: [string, Results][] = [];
  const against = Deno.args.flatMap((a, i) => Deno.args[i - 1] === "--against" ? [a] : []);
  for (const dir of [...against, new URL("..", import.meta.url).pathname]) {
    const mod = new URL("mod.ts", `file://${dir.endsWith("/") ? dir : dir + "/"}`).href;
    columns.push([dir, await child(Deno.execPath(), ["run", "-A", self, "--only", mod])]);
  }
  const py = new URL("overhead_torch.py", import.meta.url).pathname;
  columns.push(["torch 1 thread", await child("/usr/bin/python3", [py])]);
  const fmt = (t: Timing | undefined) => t ? `${t.median.toFixed(1)} / ${t.min.toFixed(1)}` : "—";
  console.log(`| case (µs, median / min) | ${columns.map(([n]) => n).join(" | ")} |`);
  console.log(`|---|${columns.map(() => "---").join("|")}|`);
  for (const name of Object.keys(columns[0][1])) {
    console.log(`| ${name} | ${columns.map(([, r]) => fmt(r[name])).join(" | ")} |`);
  }
}
