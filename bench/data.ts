/**
 * Deterministic benchmark data shared by the `deno bench` files and `bench/compare.ts`, so
 * every library times the same numbers.
 *
 * @module
 */

import { type DType, F, Tensor } from "../mod.ts";

/** The sizes benchmarked, with the shape used for each (`dim = -1` is the row). */
export const SIZES: readonly { label: string; shape: readonly number[] }[] = [
  // One distribution of 1,000 classes (a classifier's output), and a batch of 32 of them.
  { label: "1000", shape: [1000] },
  { label: "32x1000", shape: [32, 1000] },
  { label: "1e3", shape: [10, 100] },
  { label: "1e6", shape: [1000, 1000] },
  { label: "1e7", shape: [1000, 10000] },
];

/** Standard normal samples from a fixed xorshift stream and Box–Muller (not torch's stream). */
export function normals(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let s = (seed * 2654435761) >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(next()));
    const a = 2 * Math.PI * next();
    out[i] = r * Math.cos(a);
    if (i + 1 < n) out[i + 1] = r * Math.sin(a);
  }
  return out;
}

/** The benchmark's inputs for one shape and dtype. */
export interface BenchData {
  /** Logits of the input distribution (a leaf for forward+backward). */
  logits: Tensor;
  /** `log_softmax(logits, -1)`: kl_div's input. */
  logp: Tensor;
  /** `softmax(other logits, -1)`: kl_div's target. */
  target: Tensor;
}

/** Wraps flat values as a tensor of `shape`. */
export function fromFlat(values: Float64Array, shape: readonly number[], dtype: DType): Tensor {
  return new Tensor(dtype === "float32" ? Float32Array.from(values) : values.slice(), shape);
}

/** Builds the logits, log-probabilities and target of one benchmark case. */
export function benchData(shape: readonly number[], dtype: DType): BenchData {
  const n = shape.reduce((a, b) => a * b, 1);
  const logits = fromFlat(normals(n, 1), shape, dtype);
  const target = F.softmax(fromFlat(normals(n, 2), shape, dtype), -1);
  return { logits, logp: F.log_softmax(logits, -1), target };
}

/** The works benchmarked. */
export type Op = "kl_div" | "kl_div_chain" | "kl_div_fwd_bwd" | "log_softmax" | "softmax";

/** Every work, in report order. */
export const OPS: readonly Op[] = [
  "kl_div",
  "kl_div_chain",
  "kl_div_fwd_bwd",
  "log_softmax",
  "softmax",
];

/** One work on one case's data, as a function to time (PyTorch's worker runs the same). */
export function kldivWork(op: Op, { logits, logp, target }: BenchData): () => unknown {
  switch (op) {
    case "kl_div":
      return () => F.kl_div(logp, target, { reduction: "batchmean" });
    case "kl_div_chain":
      return () => F.kl_div(F.log_softmax(logits, -1), target, { reduction: "batchmean" });
    case "kl_div_fwd_bwd":
      return () => {
        const leaf = logits.detach();
        leaf.requires_grad = true;
        F.kl_div(F.log_softmax(leaf, -1), target, { reduction: "batchmean" }).backward();
        return leaf.grad;
      };
    case "log_softmax":
      return () => F.log_softmax(logits, -1);
    case "softmax":
      return () => F.softmax(logits, -1);
  }
}
