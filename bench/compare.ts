/**
 * `deno task bench:compare`: times the same work on the same data in kldiv (fused kernels and
 * the composed reference path), PyTorch (python3-torch, one thread) and TF.js (CPU backend,
 * and the wasm backend when it loads), and prints a Markdown ratio table.
 *
 * The libraries take turns, round after round, so a busy machine slows all of them alike;
 * each cell is the median of every sample (`--rounds` × `--reps`). Options:
 * `--sizes=1e6,1e7` (from 1e3, 1e6, 1e7), `--rounds=5`, `--reps=5`, `--no-tfjs`.
 *
 * @module
 */

// Benchmark-only dependencies, pinned here rather than in deno.json so that running the demo,
// the tests or mod.ts never downloads them (TF.js alone is 286 MB).
// deno-lint-ignore no-import-prefix -- pinned here on purpose (see above)
import * as tf from "npm:@tensorflow/tfjs@4.22.0";
// deno-lint-ignore no-import-prefix -- pinned here on purpose (see above)
import "npm:@tensorflow/tfjs-backend-wasm@4.22.0";
import { F, type Tensor } from "../mod.ts";
import { type KernelMode, withKernelMode } from "../lib/kernels/mode.ts";
import { benchData, SIZES } from "./data.ts";

type Op = "kl_div" | "kl_div_fwd_bwd" | "log_softmax" | "softmax";
const OPS: readonly Op[] = ["kl_div", "kl_div_fwd_bwd", "log_softmax", "softmax"];
const OP_LABEL: Record<Op, string> = {
  kl_div: "kl_div forward",
  kl_div_fwd_bwd: "kl_div fwd+bwd (from logits via log_softmax)",
  log_softmax: "log_softmax",
  softmax: "softmax",
};
type Lib = "kldiv" | "kldiv-reference" | "torch" | "tfjs-cpu" | "tfjs-wasm";

const args = new Map(
  Deno.args.map((a) => a.replace(/^--/, "").split("=") as [string, string | undefined]),
);
const sizeLabels = (args.get("sizes") ?? "1e6,1e7").split(",");
const rounds = Number(args.get("rounds") ?? 5);
const reps = Number(args.get("reps") ?? 5);
const useTfjs = !args.has("no-tfjs");
/** TF.js takes most of a second per call at 1e6; it is timed at 1e6 and below. */
const TFJS_MAX = 1e6;
/** The composed path is timed up to 1e6 as the baseline of what the fused kernels bought. */
const REFERENCE_MAX = 1e6;

// ------------------------------------------------------------------------- torch worker

const tmp = await Deno.makeTempDir({ prefix: "kldiv_bench_" });
const torch = new Deno.Command("/usr/bin/python3", {
  args: [new URL("./torch_worker.py", import.meta.url).pathname],
  stdin: "piped",
  stdout: "piped",
}).spawn();
const torchIn = torch.stdin.getWriter();
const torchLines = torch.stdout.pipeThrough(new TextDecoderStream()).getReader();
let torchBuffer = "";
async function torchAsk(command: string): Promise<Record<string, unknown>> {
  await torchIn.write(new TextEncoder().encode(command + "\n"));
  while (!torchBuffer.includes("\n")) {
    const { value, done } = await torchLines.read();
    if (done) throw new Error(`torch worker exited while answering ${command}`);
    torchBuffer += value;
  }
  const nl = torchBuffer.indexOf("\n");
  const answer = JSON.parse(torchBuffer.slice(0, nl));
  torchBuffer = torchBuffer.slice(nl + 1);
  if ("error" in answer) throw new Error(`torch worker: ${answer.error}`);
  return answer;
}

// ------------------------------------------------------------------------- TF.js backends

const tfBackends: Lib[] = [];
if (useTfjs) {
  tfBackends.push("tfjs-cpu");
  try {
    if (await tf.setBackend("wasm")) tfBackends.push("tfjs-wasm");
  } catch (e) {
    console.error(`TF.js wasm backend did not load: ${e}`);
  }
}

// ------------------------------------------------------------------------- the cases

interface Case {
  size: string;
  dtype: "float32" | "float64";
  n: number;
  kldiv: ReturnType<typeof benchData>;
  tfx?: tf.Tensor2D;
  tft?: tf.Tensor2D;
}

const cases: Case[] = [];
for (const label of sizeLabels) {
  const spec = SIZES.find((s) => s.label === label);
  if (spec === undefined) throw new Error(`unknown size ${label}; expected 1e3, 1e6 or 1e7`);
  for (const dtype of ["float32", "float64"] as const) {
    // float64 at 1e7 adds minutes and no target; TF.js has no float64.
    if (dtype === "float64" && label === "1e7") continue;
    const data = benchData(spec.shape, dtype);
    const [r, c] = spec.shape;
    for (const [name, t] of [["logits", data.logits], ["target", data.target]] as const) {
      const path = `${tmp}/${name}_${label}_${dtype}.bin`;
      await Deno.writeFile(path, new Uint8Array(t.toTypedArray().buffer));
      await torchAsk(`load ${name}_${label}_${dtype} ${path} ${dtype} ${r} ${c}`);
    }
    const entry: Case = { size: label, dtype, n: r * c, kldiv: data };
    if (dtype === "float32" && r * c <= TFJS_MAX && useTfjs) {
      entry.tfx = tf.tensor2d(data.logits.toTypedArray() as Float32Array, [r, c]);
      entry.tft = tf.tensor2d(data.target.toTypedArray() as Float32Array, [r, c]);
    }
    cases.push(entry);
  }
}

function kldivFn(op: Op, { logits, logp, target }: Case["kldiv"]): () => unknown {
  switch (op) {
    case "kl_div":
      return () => F.kl_div(logp, target, { reduction: "batchmean" });
    case "kl_div_fwd_bwd":
      return () => {
        const leaf = logits.detach();
        leaf.requires_grad = true;
        F.kl_div(F.log_softmax(leaf, -1), target, { reduction: "batchmean" }).backward();
        return leaf.grad as Tensor;
      };
    case "log_softmax":
      return () => F.log_softmax(logits, -1);
    case "softmax":
      return () => F.softmax(logits, -1);
  }
}

/** The same work in TF.js: kl_div composed as torch defines it (targets here are > 0). */
function tfjsFn(op: Op, x: tf.Tensor2D, t: tf.Tensor2D): () => unknown {
  const batch = x.shape[0];
  const kl = (lp: tf.Tensor) => tf.div(tf.sum(tf.sub(tf.mul(t, tf.log(t)), tf.mul(t, lp))), batch);
  const lp = tf.logSoftmax(x);
  switch (op) {
    case "kl_div":
      return () => tf.tidy(() => kl(lp).dataSync());
    case "kl_div_fwd_bwd":
      return () => tf.tidy(() => tf.grad((z: tf.Tensor) => kl(tf.logSoftmax(z)))(x).dataSync());
    case "log_softmax":
      return () => tf.tidy(() => tf.logSoftmax(x).dataSync());
    case "softmax":
      return () => tf.tidy(() => tf.softmax(x).dataSync());
  }
}

function timeJs(fn: () => unknown, count: number): number[] {
  fn();
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    fn();
    ms.push(performance.now() - start);
  }
  return ms;
}

function timeKldiv(mode: KernelMode, fn: () => unknown, count: number): number[] {
  return withKernelMode(mode, () => timeJs(fn, count));
}

const samples = new Map<string, number[]>();
const key = (lib: Lib, op: Op, c: Case) => `${lib} ${op} ${c.size} ${c.dtype}`;
function record(lib: Lib, op: Op, c: Case, ms: number[]) {
  const k = key(lib, op, c);
  samples.set(k, [...(samples.get(k) ?? []), ...ms]);
}

for (let round = 0; round < rounds; round++) {
  console.error(`round ${round + 1}/${rounds}`);
  for (const c of cases) {
    for (const op of OPS) {
      record("kldiv", op, c, timeKldiv("fast", kldivFn(op, c.kldiv), reps));
      if (c.n <= REFERENCE_MAX) {
        record("kldiv-reference", op, c, timeKldiv("reference", kldivFn(op, c.kldiv), reps));
      }
      const answer = await torchAsk(`time ${op} ${c.size} ${c.dtype} ${reps}`);
      record("torch", op, c, answer.ms as number[]);
      if (c.tfx !== undefined && c.tft !== undefined) {
        for (const backend of tfBackends) {
          await tf.setBackend(backend === "tfjs-cpu" ? "cpu" : "wasm");
          // TF.js CPU log_softmax takes most of a second: fewer samples.
          record(
            backend,
            op,
            c,
            timeJs(tfjsFn(op, c.tfx, c.tft), backend === "tfjs-cpu" ? 2 : reps),
          );
        }
      }
    }
  }
}

// ------------------------------------------------------------------------- memory check

/** External (typed array) bytes kl_div forward keeps allocated, needs --v8-flags=--expose-gc. */
function klDivExternalBytes(c: Case): number | null {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return null;
  gc();
  gc();
  const before = Deno.memoryUsage().external;
  const out = F.kl_div(c.kldiv.logp, c.kldiv.target, { reduction: "batchmean" });
  const after = Deno.memoryUsage().external;
  if (!Number.isFinite(out.item())) throw new Error("kl_div gave a non-finite value");
  return after - before;
}

// ------------------------------------------------------------------------- the table

function median(xs: number[] | undefined): number {
  if (xs === undefined || xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
function min(xs: number[] | undefined): number {
  return xs === undefined || xs.length === 0 ? NaN : Math.min(...xs);
}
const ms = (v: number) => (Number.isNaN(v) ? "—" : v >= 100 ? v.toFixed(0) : v.toFixed(2));
const ratio = (v: number) => (Number.isNaN(v) ? "—" : `${v >= 100 ? v.toFixed(0) : v.toFixed(2)}×`);

const info = await torchAsk("info");
console.log(
  `Machine: ${info.cpu}, ${navigator.hardwareConcurrency} cores, load average ${
    Deno.loadavg().map((v) => v.toFixed(1)).join(" ")
  } at the end; Deno ${Deno.version.deno} (V8 ${Deno.version.v8}), PyTorch ${info.torch} ` +
    `(${info.threads} thread), TF.js ${tf.version.tfjs} (${tfBackends.join(", ") || "not run"}).`,
);
console.log(
  `Times in ms: median (and minimum) of ${rounds} rounds × ${reps} calls (TF.js CPU ${rounds} × 2). ` +
    "Ratios of medians, then of minimums: other work on the machine only adds time, so the " +
    "minimum is each library's least disturbed run.\n",
);
const libs: Lib[] = ["kldiv", "kldiv-reference", "torch", ...tfBackends];
const ratioCols = ["kldiv / torch", "reference / kldiv", ...tfBackends.map((b) => `${b} / kldiv`)];
console.log(`| work | elements | dtype | ${[...libs, ...ratioCols].join(" | ")} |`);
console.log(`|${" --- |".repeat(3 + libs.length + ratioCols.length)}`);
interface Row {
  op: Op;
  c: Case;
  med: Record<string, number>;
  lo: Record<string, number>;
}
const rows: Row[] = [];
for (const c of cases) {
  for (const op of OPS) {
    const med = Object.fromEntries(libs.map((l) => [l, median(samples.get(key(l, op, c)))]));
    const lo = Object.fromEntries(libs.map((l) => [l, min(samples.get(key(l, op, c)))]));
    rows.push({ op, c, med, lo });
    const both = (a: string, b: string) => `${ratio(med[a] / med[b])} (${ratio(lo[a] / lo[b])})`;
    console.log(
      `| ${OP_LABEL[op]} | ${c.size} | ${c.dtype} | ${
        libs.map((l) => `${ms(med[l])} (${ms(lo[l])})`).join(" | ")
      } | ${both("kldiv", "torch")} | ${both("kldiv-reference", "kldiv")} | ${
        tfBackends.map((b) => both(b, "kldiv")).join(" | ")
      } |`,
    );
  }
}

// The issue's targets, for 1000×1000 float32.
const TARGETS: [Op, number][] = [["kl_div", 1.0], ["kl_div_fwd_bwd", 1.0], ["log_softmax", 1.5]];
const target = rows.filter((r) => r.c.size === "1e6" && r.c.dtype === "float32");
if (target.length > 0) {
  console.log("\nTargets (1e6 float32), judged on medians (minimums):");
  for (const [op, limit] of TARGETS) {
    const r = target.find((t) => t.op === op)!;
    const mark = (v: number) => `${ratio(v)} ${v <= limit ? "met" : "missed"}`;
    console.log(
      `- ${OP_LABEL[op]}: kldiv / torch ≤ ${limit}×: ${mark(r.med.kldiv / r.med.torch)} (${
        mark(r.lo.kldiv / r.lo.torch)
      })`,
    );
  }
  if (tfBackends.includes("tfjs-cpu")) {
    for (const r of target) {
      const v = r.med["tfjs-cpu"] / r.med.kldiv;
      console.log(
        `- ${OP_LABEL[r.op]}: ≥ 10× faster than TF.js CPU: ${ratio(v)} ${
          v >= 10 ? "met" : "missed"
        }`,
      );
    }
  }
}
for (const c of cases) {
  if (c.dtype !== "float32" || c.size !== "1e7") continue;
  const bytes = klDivExternalBytes(c);
  console.log(
    bytes === null
      ? "\n(run with --v8-flags=--expose-gc to measure kl_div's allocations)"
      : `\nkl_div forward, 1e7 float32: ${bytes} bytes of typed-array memory allocated and kept ` +
        `(the input alone is ${c.n * 4} bytes).`,
  );
}

await torchIn.close();
await torch.status;
await Deno.remove(tmp, { recursive: true });
