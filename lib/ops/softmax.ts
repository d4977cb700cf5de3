/**
 * softmax and log_softmax along a dim, stable by subtracting each slice's max before `exp`.
 *
 * @module
 */

import { consumeScaled, freshGrad, needsGraph } from "../tensor/autograd.ts";
import { allocate, type DType, type FloatData, isFloating } from "../tensor/dtype.ts";
import { bind, boundDType, isOptionsObject, type Signature } from "../tensor/args.ts";
import { castFor } from "./dtype_arg.ts";
import { normalizeDim, sameShape } from "../tensor/shape.ts";
import { contiguousData, fromData, requireTensor, result, type Tensor } from "../tensor/tensor.ts";
import {
  fusedLogSoftmaxBackwardScaled,
  fusedSoftmax,
  fusedSoftmaxBackward,
} from "../kernels/softmax.ts";

/** A tensor viewed as `[outer, size, inner]` around one dim. */
interface Slices {
  outer: number;
  size: number;
  inner: number;
}

function slicesAround(x: Tensor, dim: unknown, where: string): Slices {
  if (dim === undefined) {
    const span = Math.max(x.shape.length, 1);
    throw new TypeError(
      `${where}: dim is required (an integer in the range [${-span}, ${span - 1}])`,
    );
  }
  if (!isFloating(x.dtype)) {
    throw new TypeError(
      `${where}: expected a floating-point tensor, got ${x.dtype} (convert with .float() first)`,
    );
  }
  const d = normalizeDim(dim, x.shape.length, where);
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < d; i++) outer *= x.shape[i];
  for (let i = d + 1; i < x.shape.length; i++) inner *= x.shape[i];
  return { outer, size: x.shape.length === 0 ? 1 : x.shape[d], inner };
}

/** Vector width torch's CPU kernels reduce with (AVX2): 8 floats or 4 doubles. */
function laneCount(out: FloatData): number {
  return out instanceof Float32Array ? 8 : 4;
}

/**
 * Σ a[base .. base+n) in torch's order for a contiguous slice (`vec::reduce_all`): sequential
 * below one vector, else per-lane partial sums folded lane by lane. `lanes` has the tensor's
 * dtype, so every partial sum is rounded as torch rounds it.
 */
function laneSum(a: FloatData, base: number, n: number, lanes: FloatData): number {
  const w = lanes.length;
  if (n < w) {
    lanes[0] = n === 0 ? 0 : a[base];
    for (let k = 1; k < n; k++) lanes[0] += a[base + k];
    return lanes[0];
  }
  for (let j = 0; j < w; j++) lanes[j] = a[base + j];
  let d = w;
  for (; d + w <= n; d += w) {
    for (let j = 0; j < w; j++) lanes[j] += a[base + d + j];
  }
  for (let j = 0; d + j < n; j++) lanes[j] += a[base + d + j];
  for (let j = 1; j < w; j++) lanes[0] += lanes[j];
  return lanes[0];
}

/**
 * The shared forward loop, following torch's CPU kernels step by step so float32 results
 * round where torch's do: per slice, m = max; e = exp(x − m) (kept in `out`); s = Σ e.
 * softmax then writes e · (1/s); log_softmax writes (x − m) − log(s). Every intermediate is
 * stored in a typed array of the tensor's dtype, which rounds it.
 */
function softmaxLoop(x: FloatData, out: FloatData, { outer, size, inner }: Slices, log: boolean) {
  const lanes = out instanceof Float32Array
    ? new Float32Array(laneCount(out))
    : new Float64Array(4);
  const acc = out instanceof Float32Array ? new Float32Array(2) : new Float64Array(2);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let m = -Infinity;
      for (let k = 0; k < size; k++) {
        const v = x[base + k * inner];
        if (v > m || Number.isNaN(v)) m = v;
      }
      // All -inf (or an +inf): x − m is NaN, as in torch.
      for (let k = 0; k < size; k++) out[base + k * inner] = x[base + k * inner] - m;
      for (let k = 0; k < size; k++) out[base + k * inner] = Math.exp(out[base + k * inner]);
      let s: number;
      if (inner === 1) {
        s = laneSum(out, base, size, lanes);
      } else {
        // torch sums a strided dim sequentially, one inner index per vector lane.
        acc[0] = 0;
        for (let k = 0; k < size; k++) acc[0] += out[base + k * inner];
        s = acc[0];
      }
      if (log) {
        acc[1] = Math.log(s);
        const logS = acc[1];
        for (let k = 0; k < size; k++) {
          const idx = base + k * inner;
          out[idx] = x[idx] - m;
          out[idx] -= logS;
        }
      } else {
        acc[1] = 1 / s;
        const r = acc[1];
        for (let k = 0; k < size; k++) out[base + k * inner] *= r;
      }
    }
  }
}

/** Σ over the slice of `a[k]·b[k]` (or of `a[k]` when b is null), for each slice. */
function sliceSums(
  a: FloatData,
  b: FloatData | null,
  { outer, size, inner }: Slices,
): Float64Array {
  const sums = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let s = 0;
      for (let k = 0; k < size; k++) {
        const idx = base + k * inner;
        s += b === null ? a[idx] : a[idx] * b[idx];
      }
      sums[o * inner + i] = s;
    }
  }
  return sums;
}

/** softmax's or log_softmax's checks and values (fused kernel, else the reference loop). */
function forward(
  input: Tensor,
  dim: number,
  where: string,
  log: boolean,
): { sl: Slices; out: FloatData } {
  requireTensor(input, `${where}(input)`);
  const sl = slicesAround(input, dim, where);
  const x = contiguousData(input) as FloatData;
  const out = allocate(input.dtype, x.length) as FloatData;
  if (!fusedSoftmax(x, out, sl.size, sl.inner, log)) softmaxLoop(x, out, sl, log);
  return { sl, out };
}

/**
 * softmax along `dim`: `exp(x) / Σ exp(x)`, computed stably.
 *
 * @param input Logits.
 * @param rest `dim` (whose slices sum to 1; negative counts from the end) and `dtype` (cast the
 * input to it first), by position or in an options object.
 * @returns Probabilities, same shape as `input`.
 *
 * @example Stable for extreme logits
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(F.softmax(tensor([1000, 0, -1000]), 0)), "tensor([1., 0., 0.])");
 * const rows = F.softmax(tensor([[1, 2], [3, 3]]), -1);
 * assert.deepEqual(rows.sum(-1).tolist(), [1, 1]);
 * ```
 */
export function softmax(
  input: Tensor,
  ...rest: [
    dim: number | SoftmaxOptions,
    dtype?: DType | null | SoftmaxOptions,
    options?: SoftmaxOptions,
  ]
): Tensor {
  const [x, dim] = softmaxArgs("softmax", input, rest);
  return softmaxOf(x, dim);
}

function softmaxOf(input: Tensor, dim: number): Tensor {
  const { sl, out } = forward(input, dim, "softmax", false);
  const y: Tensor = result(out, input.shape, "SoftmaxBackward0", [input], (g) => {
    // dx = y ⊙ (g − Σ g⊙y); as recorded ops under create_graph.
    if (needsGraph(g, y)) {
      const d = softmaxDim(input, dim);
      return [y.mul(g.sub(g.mul(y).sum(d, true)))];
    }
    const gd = contiguousData(g) as FloatData;
    const dx = allocate(input.dtype, out.length) as FloatData;
    if (!fusedSoftmaxBackward(gd, out, dx, sl.size, sl.inner)) {
      backwardLoop(gd, out, sliceSums(gd, out, sl), dx, sl, false);
    }
    return [freshGrad(fromData(dx, input.shape))];
  }, { saveOutput: true });
  return y;
}

/**
 * log_softmax along `dim`: `x − max − log Σ exp(x − max)`, finite wherever softmax underflows.
 *
 * @param input Logits.
 * @param rest `dim` (normalised over; negative counts from the end) and `dtype` (cast the input
 * to it first), by position or in an options object.
 * @returns Log-probabilities, same shape as `input`.
 *
 * @example Finite where log(softmax) underflows to -inf
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(F.log_softmax(tensor([1000, 0, -1000]), 0).tolist(), [0, -1000, -2000]);
 * assert.deepEqual(F.softmax(tensor([0, -200]), 0).log().tolist(), [0, -Infinity]);
 * ```
 */
export function log_softmax(
  input: Tensor,
  ...rest: [
    dim: number | SoftmaxOptions,
    dtype?: DType | null | SoftmaxOptions,
    options?: SoftmaxOptions,
  ]
): Tensor {
  const [x, dim] = softmaxArgs("log_softmax", input, rest);
  return logSoftmaxOf(x, dim);
}

/** Options of `softmax` and `log_softmax`, with torch's keys. */
export interface SoftmaxOptions {
  /** The dim normalised over. */
  dim?: number;
  /** Cast the input to this (floating point) dtype first, as torch's `dtype=` keyword. */
  dtype?: DType | null;
}

const SOFTMAX: Signature = [
  { name: "dim", kind: "int" },
  { name: "dtype", kind: "dtype", default: null },
];

/** The input (cast to `dtype` when given) and the dim; a bare dim keeps the fast path. */
function softmaxArgs(where: string, input: Tensor, rest: readonly unknown[]): [Tensor, number] {
  // A bare dim (or none) keeps the fast path and slicesAround's own dim errors.
  if (rest.length <= 1 && !isOptionsObject(rest[0])) return [input, rest[0] as number];
  requireTensor(input, `${where}(input)`);
  const b = bind(where, SOFTMAX, rest);
  const dtype = boundDType(b);
  const x = castFor(
    input,
    dtype,
    where,
    dtype === null || isFloating(dtype)
      ? null
      : `${where}(): dtype must be a floating point dtype, got ${dtype} (torch: "softmax_lastdim_kernel_impl" not implemented for '${
        dtype === "int64" ? "Long" : "Bool"
      }')`,
  );
  return [x, b.dim as number];
}

function logSoftmaxOf(input: Tensor, dim: number): Tensor {
  const { sl, out } = forward(input, dim, "log_softmax", true);
  const y: Tensor = result(out, input.shape, "LogSoftmaxBackward0", [input], (g) => {
    // dx = g − exp(y) ⊙ Σ g; as recorded ops under create_graph.
    if (needsGraph(g, y)) return [g.sub(y.exp().mul(g.sum(softmaxDim(input, dim), true)))];
    const gd = contiguousData(g) as FloatData;
    const dx = allocate(input.dtype, out.length) as FloatData;
    if (!fusedLogSoftmaxBackwardScaled(1, gd, out, dx, sl.size, sl.inner)) {
      backwardLoop(gd, out, sliceSums(gd, null, sl), dx, sl, true);
    }
    return [freshGrad(fromData(dx, input.shape))];
  }, { saveOutput: true });
  // g = c·t not yet multiplied out (kl_div's): the fused kernels form each g in their pass.
  consumeScaled(y.grad_fn, (g) => {
    const t = contiguousData(g.base) as FloatData;
    if (!sameShape(g.base.shape, input.shape) || g.base.dtype !== input.dtype) return null;
    const dx = allocate(input.dtype, out.length) as FloatData;
    if (!fusedLogSoftmaxBackwardScaled(g.scale, t, out, dx, sl.size, sl.inner)) return null;
    return [freshGrad(fromData(dx, input.shape))];
  });
  return y;
}

/** `dim` normalised against `input` (a 0-dim input reduces over its one element). */
function softmaxDim(input: Tensor, dim: number): number[] {
  if (input.dim() === 0) return [];
  return [dim < 0 ? dim + input.dim() : dim];
}

/**
 * The shared backward loop, given each slice's sum `t`: softmax gives y ⊙ (g − t) with
 * t = Σ g⊙y; log_softmax gives g − exp(y) ⊙ t with t = Σ g.
 */
function backwardLoop(
  g: FloatData,
  y: FloatData,
  t: Float64Array,
  dx: FloatData,
  { outer, size, inner }: Slices,
  log: boolean,
): void {
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < size; k++) {
      const base = o * size * inner + k * inner;
      for (let i = 0; i < inner; i++) {
        const idx = base + i;
        const ts = t[o * inner + i];
        dx[idx] = log ? g[idx] - Math.exp(y[idx]) * ts : y[idx] * (g[idx] - ts);
      }
    }
  }
}
