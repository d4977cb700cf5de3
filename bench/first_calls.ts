/**
 * The first calls of one work in a fresh process, for `bench/compare.ts`:
 * `deno run --allow-read bench/first_calls.ts OP LOGITS_PATH TARGET_PATH DTYPE SHAPE COUNT`
 * reads the benchmark's logits and target (raw little-endian values), times the first COUNT
 * calls of OP and prints `{"ms": [...], "importMs": ...}`. Nothing runs before those calls
 * but the import and the reads (which, like a script's own file reads, give the event loop the
 * turn at which the kernels load and warm up).
 *
 * @module
 */

import type { Op } from "./data.ts";

const importStart = performance.now();
const { F, Tensor } = await import("../mod.ts");
const importMs = performance.now() - importStart;
const { kldivWork } = await import("./data.ts");

const [op, logitsPath, targetPath, dtype, shapeText, countText] = Deno.args;
const shape = shapeText.split(",").map(Number);

async function read(path: string): Promise<InstanceType<typeof Tensor>> {
  const bytes = await Deno.readFile(path);
  const values = dtype === "float32"
    ? new Float32Array(bytes.buffer, 0, bytes.length / 4)
    : new Float64Array(bytes.buffer, 0, bytes.length / 8);
  return new Tensor(values, shape);
}

const logits = await read(logitsPath);
const target = await read(targetPath);

// kl_div's input is log_softmax(logits), computed before the timed calls (as PyTorch's worker
// does); the other works do not need it.
const logp = op === "kl_div" ? F.log_softmax(logits, -1) : logits;
const fn = kldivWork(op as Op, { logits, logp, target });
const ms: number[] = [];
for (let i = 0; i < Number(countText); i++) {
  const start = performance.now();
  fn();
  ms.push(performance.now() - start);
}
console.log(JSON.stringify({ ms, importMs }));
