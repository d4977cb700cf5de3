/**
 * Memory and throughput benchmark of the `kl` command on two large generated CSV files.
 *
 *     deno task bench:csv [--size-mb 1024] [--columns 10] [--dir /tmp] [--keep]
 *
 * Writes P.csv and Q.csv of about `--size-mb` MB each (rows of `--columns` probabilities
 * written with full float64 precision, a header row), runs
 * `deno run -R cli.ts P.csv Q.csv --reduction batchmean` under `/usr/bin/time -v`, and prints
 * the wall time, throughput (both files' bytes per second) and the peak resident set size.
 * The files are deleted afterwards unless `--keep` is given (an existing pair of the same size
 * is reused). This is a benchmark, not a test: nothing here asserts a time.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { mulberry32 } from "../tools/mulberry32.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    "size-mb": { type: "string", default: "1024" },
    columns: { type: "string", default: "10" },
    dir: { type: "string", default: "/tmp" },
    keep: { type: "boolean", default: false },
  },
});
const sizeBytes = Number(values["size-mb"]) * 1024 * 1024;
const columns = Number(values.columns);
if (!(sizeBytes > 0) || !Number.isInteger(columns) || columns < 1) {
  throw new Error("bench: --size-mb must be > 0 and --columns a positive integer");
}

async function generate(path: string, seed: number): Promise<number> {
  try {
    const size = (await Deno.stat(path)).size;
    if (size >= sizeBytes) return size; // reuse a pair left by --keep
  } catch { /* not there yet */ }
  const random = mulberry32(seed);
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  const row = new Float64Array(columns);
  let written = 0;
  let chunk = Array.from({ length: columns }, (_, j) => `c${j}`).join(",") + "\n";
  while (written < sizeBytes) {
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) {
      let sum = 0;
      for (let j = 0; j < columns; j++) sum += row[j] = random() + 1e-3;
      for (let j = 0; j < columns; j++) row[j] /= sum;
      lines.push(row.join(","));
    }
    chunk += lines.join("\n") + "\n";
    const bytes = encoder.encode(chunk);
    for (let off = 0; off < bytes.length;) off += await file.write(bytes.subarray(off));
    written += bytes.length;
    chunk = "";
  }
  file.close();
  return written;
}

const p = `${values.dir}/kldiv_bench_P.csv`;
const q = `${values.dir}/kldiv_bench_Q.csv`;
console.log(`generating 2 × ${values["size-mb"]} MB (${columns} columns) in ${values.dir} ...`);
const bytes = (await generate(p, 1)) + (await generate(q, 2));
const cli = new URL("../cli.ts", import.meta.url).pathname;

const start = performance.now();
const { code, stdout, stderr } = await new Deno.Command("/usr/bin/time", {
  args: ["-v", Deno.execPath(), "run", "-R", cli, p, q, "--reduction", "batchmean"],
  stdout: "piped",
  stderr: "piped",
}).output();
const seconds = (performance.now() - start) / 1000;
const err = new TextDecoder().decode(stderr);
if (code !== 0) throw new Error(`kl failed (exit ${code}):\n${err}`);
const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(err)?.[1]);
console.log(`kl batchmean = ${new TextDecoder().decode(stdout).trim()}`);
console.log(`input:       ${(bytes / 1e9).toFixed(2)} GB (both files)`);
console.log(`wall time:   ${seconds.toFixed(1)} s`);
console.log(`throughput:  ${(bytes / 1e6 / seconds).toFixed(1)} MB/s`);
console.log(`peak RSS:    ${(rssKb / 1024).toFixed(1)} MiB`);

if (!values.keep) {
  await Deno.remove(p);
  await Deno.remove(q);
}
