/**
 * Normalization functions of `torch.nn.functional`: `layer_norm`, `batch_norm`, `group_norm`
 * and `normalize`.
 *
 * The three norms are torch's fused kernels (NativeLayerNormBackward0,
 * NativeBatchNormBackward0, NativeGroupNormBackward0): the forward is one loop over
 * "rows" (the elements that share a mean and variance), computed in double; the backward is
 * written with differentiable tensor ops (the statistics recomputed from the input), so a
 * graph built with `create_graph` differentiates it again. `normalize` is composed as torch
 * composes it (`input / norm.clamp_min(eps).expand_as(input)`).
 *
 * @module
 */

import { bind, type Kind, type Signature } from "../tensor/args.ts";
import { allocate, type Data, isFloating } from "../tensor/dtype.ts";
import { no_grad } from "../tensor/autograd.ts";
import { contiguousData, fromData, requireTensor, result, type Tensor } from "../tensor/tensor.ts";
import { shapeList, TENSOR, torchSize } from "./nn_args.ts";
import { fusedMultiplyAdd, fusedMultiplyAddF32 } from "../kernels/fma.ts";
import { norm } from "../ops/reduce_dims.ts";

const INTS: Kind = (v) =>
  Array.isArray(v) && v.every((d) => Number.isInteger(d)) ? null : "a tuple (array) of ints";

/** torch's "LayerNormKernelImpl" not implemented for 'Long' and friends. */
function requireFloating(input: Tensor, kernel: string): void {
  if (!isFloating(input.dtype)) {
    const name = { int64: "Long", bool: "Bool" }[input.dtype as "int64" | "bool"];
    throw new TypeError(`"${kernel}" not implemented for '${name}'`);
  }
}

/** The weight (or null) as a flat vector of `n` values cast to the input's dtype, or null. */
function affineData(t: Tensor | null): Data | null {
  return t === null ? null : contiguousData(t);
}

/** Rounds to the dtype's precision, as torch's float32 kernels store each step. */
function rounder(dtype: string): (v: number) => number {
  return dtype === "float32" ? Math.fround : (v: number) => v;
}

/** `a·b + c` rounded once to the dtype: the fused multiply-add of torch's AVX2 kernels. */
function fmaOf(dtype: string): (a: number, b: number, c: number) => number {
  return dtype === "float32" ? fusedMultiplyAddF32 : fusedMultiplyAdd;
}

/**
 * A function giving the mean and biased variance of `x[base .. base + N)` as torch's CPU
 * `RowwiseMoments` computes them: Welford updates in `lanes` vector lanes (8 float32 or 4 float64, AVX2)
 * over chunks of 16 vectors, chunks merged in a cascade, then the scalar tail and the lanes
 * merged, every step rounded to the dtype. Reproducing it makes float32 results bit-exact.
 */
function rowwiseMoments(
  N: number,
  lanes: number,
  r: (v: number) => number,
): (x: Data, base: number) => [number, number] {
  const K = 16;
  const n = Math.floor(N / lanes);
  const m = Math.ceil(n / K);
  const depth = m > 1 ? Math.ceil(Math.log2(m)) : 0;
  const slots = Math.max(depth, 1);
  // Scratch reused row after row: the cascade's stack and one chunk's lanes.
  const m0s = new Array<number>(slots);
  const m1s = Array.from({ length: slots }, () => new Float64Array(lanes));
  const m2s = Array.from({ length: slots }, () => new Float64Array(lanes));
  const m1v = new Float64Array(lanes);
  const m2v = new Float64Array(lanes);
  const merge = (m0a: number, m1a: Float64Array, m2a: Float64Array, k: number) => {
    const total = m0s[k] + m0a;
    const c = total === 0 ? 0 : r(m0a / total);
    const m1 = m1s[k];
    const m2 = m2s[k];
    for (let l = 0; l < lanes; l++) {
      const d = r(m1a[l] - m1[l]);
      m1[l] = r(m1[l] + r(c * d));
      m2[l] = r(m2[l] + r(m2a[l] + r(r(r(d * d) * c) * m0s[k])));
    }
    m0s[k] = total;
  };
  return (x, base) => {
    m0s.fill(0);
    for (let k = 0; k < slots; k++) {
      m1s[k].fill(0);
      m2s[k].fill(0);
    }
    for (let i = 0; i < m; i++) {
      const m0 = Math.min(K, n - i * K);
      m1v.fill(0);
      m2v.fill(0);
      for (let j = 0; j < m0; j++) {
        const at = base + (i * K + j) * lanes;
        const c = r(1 / (j + 1));
        for (let l = 0; l < lanes; l++) {
          const xv = x[at + l];
          const d = r(xv - m1v[l]);
          m1v[l] = r(m1v[l] + r(d * c));
          m2v[l] = r(m2v[l] + r(d * r(xv - m1v[l])));
        }
      }
      merge(m0, m1v, m2v, 0);
      let mask = i + 1;
      for (let j = 1; j < depth && (mask & 1) === 0; j++) {
        merge(m0s[j - 1], m1s[j - 1], m2s[j - 1], j);
        m0s[j - 1] = 0;
        m1s[j - 1].fill(0);
        m2s[j - 1].fill(0);
        mask >>= 1;
      }
    }
    for (let i = 1; i < depth; i++) merge(m0s[i], m1s[i], m2s[i], 0);
    let M0 = 0;
    let M1 = 0;
    let M2 = 0;
    for (let i = n * lanes; i < N; i++) {
      const xv = x[base + i];
      const d = r(xv - M1);
      M0++;
      M1 = r(M1 + r(d / M0));
      M2 = r(M2 + r(d * r(xv - M1)));
    }
    for (let l = 0; l < lanes; l++) {
      const total = M0 + n;
      const c = total === 0 ? 0 : r(n / total);
      const d = r(m1s[0][l] - M1);
      M1 = r(M1 + r(c * d));
      M2 = r(M2 + r(m2s[0][l] + r(r(r(d * d) * c) * M0)));
      M0 = total;
    }
    return [M1, r(M2 / N)];
  };
}

/**
 * Normalizes rows of `n` contiguous elements of `x` (there are `x.length / n` rows) with
 * torch's arithmetic: its rowwise moments, then its fused multiply-adds: layer norm
 * `(x·rstd + (−rstd·mean))·w + b`, group norm `(x − mean)·rstd`, or with an affine
 * `x·(rstd·w) + (b − rstd·w·mean)` per channel.
 */
function normalizeRows(
  x: Data,
  out: Data,
  n: number,
  eps: number,
  weight: Data | null,
  bias: Data | null,
  channel: (k: number) => number,
  form: "layer" | "group",
  dtype: string,
): void {
  const r = rounder(dtype);
  const fma = fmaOf(dtype);
  const rows = n === 0 ? 0 : x.length / n;
  const moments = rowwiseMoments(n, dtype === "float32" ? 8 : 4, r);
  for (let row = 0; row < rows; row++) {
    const base = row * n;
    const [mean, variance] = moments(x, base);
    const rstd = r(1 / r(Math.sqrt(r(Math.max(variance, 0) + eps))));
    if (form === "layer") {
      const shift = r(-rstd * mean);
      for (let j = 0; j < n; j++) {
        const k = base + j;
        const y = fma(x[k], rstd, shift);
        const c = channel(k);
        out[k] = weight === null && bias === null
          ? y
          : fma(y, weight === null ? 1 : weight[c], bias === null ? 0 : bias[c]);
      }
    } else {
      for (let j = 0; j < n; j++) {
        const k = base + j;
        if (weight === null && bias === null) {
          out[k] = r(r(x[k] - mean) * rstd);
          continue;
        }
        const c = channel(k);
        const scale = weight === null ? rstd : r(rstd * weight[c]);
        const shift = r(r(-scale * mean) + (bias === null ? 0 : bias[c]));
        out[k] = fma(scale, x[k], shift);
      }
    }
  }
}

/**
 * The input gradient of normalizing `x` over `dims` with the batch statistics, as ops:
 * `rstd·(gw − mean(gw) − x̂·mean(gw·x̂))` with `gw = g·weight`. Also returns x̂ for the
 * weight's gradient.
 */
function normGrads(
  x: Tensor,
  gw: Tensor,
  dims: number[],
  eps: number,
): [Tensor, Tensor] {
  const mean = x.mean(dims, true);
  const centered = x.sub(mean);
  const rstd = centered.mul(centered).mean(dims, true).add(eps).rsqrt();
  const xhat = centered.mul(rstd);
  const dx = rstd.mul(gw.sub(gw.mean(dims, true)).sub(xhat.mul(gw.mul(xhat).mean(dims, true))));
  return [dx, xhat];
}

/**
 * The bias gradient `g` summed over `dims`, recorded (when grad mode is on) as a node that
 * also takes `deps`, as torch's fused norm backward takes the input and weight: so, as in
 * torch, it requires grad in a `create_graph` backward, with no second derivative for `deps`.
 */
function biasGrad(g: Tensor, dims: number[], shape: readonly number[], deps: Tensor[]): Tensor {
  const sum = no_grad(() => g.sum(dims).reshape(shape));
  return result(
    contiguousData(sum),
    shape,
    "NativeNormBackwardBackward0",
    [g, ...deps],
    (
      gg,
    ) => [
      gg.reshape(g.shape.map((s, d) => (dims.includes(d) ? 1 : s))).expand(g.shape),
      ...deps.map(() => null),
    ],
    { dtype: g.dtype },
  );
}

// ---- layer_norm ----

const LAYER_NORM: Signature = [
  { name: "normalized_shape", kind: INTS },
  { name: "weight", kind: TENSOR, default: null },
  { name: "bias", kind: TENSOR, default: null },
  { name: "eps", kind: "number", default: 1e-5 },
];

/**
 * Layer normalization over the last dims, like `torch.nn.functional.layer_norm(input,
 * normalized_shape, weight=None, bias=None, eps=1e-05)`: each slice over the trailing
 * `normalized_shape` dims is shifted to mean 0 and scaled to (biased) variance 1, then
 * multiplied by `weight` and shifted by `bias` (both shaped `normalized_shape`).
 *
 * @param input A float tensor whose trailing dims equal `normalized_shape`.
 * @param args `normalized_shape` (an array), `weight`, `bias`, `eps`, by position or in an
 *   options object.
 * @returns The normalized tensor (NativeLayerNormBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const y = F.layer_norm(tensor([[1, 3], [2, 6]]), [2], { eps: 0 });
 * assert.deepEqual(y.tolist(), [[-1, 1], [-1, 1]]);
 * ```
 */
export function layer_norm(input: Tensor, ...args: unknown[]): Tensor {
  requireTensor(input, "layer_norm(input)");
  const b = bind("layer_norm", LAYER_NORM, args);
  const shape = b.normalized_shape as number[];
  const weight = b.weight as Tensor | null;
  const bias = b.bias as Tensor | null;
  const eps = b.eps as number;
  const k = shape.length;
  const tail = input.shape.slice(input.dim() - k);
  if (k === 0 || input.dim() < k || tail.some((s, i) => s !== shape[i])) {
    throw new RangeError(
      `Given normalized_shape=${shapeList(shape)}, expected input with shape [*, ${
        shape.join(", ")
      }], but got input of size${shapeList(input.shape)}`,
    );
  }
  for (const [t, what] of [[weight, "weight"], [bias, "bias"]] as const) {
    if (t !== null && (t.dim() !== k || t.shape.some((s, i) => s !== shape[i]))) {
      throw new RangeError(
        `Expected ${what} to be of same shape as normalized_shape, but got ${what} of shape ${
          shapeList(t.shape)
        } and normalized_shape = ${shapeList(shape)}`,
      );
    }
  }
  requireFloating(input, "LayerNormKernelImpl");
  const n = shape.reduce((a, s) => a * s, 1);
  const x = contiguousData(input);
  const out = allocate(input.dtype, x.length);
  normalizeRows(
    x,
    out,
    n,
    eps,
    affineData(weight),
    affineData(bias),
    (j) => j % n,
    "layer",
    input.dtype,
  );
  const inputs = [input, ...(weight ? [weight] : []), ...(bias ? [bias] : [])];
  return result(out, input.shape, "NativeLayerNormBackward0", inputs, (g) => {
    const m = n === 0 ? 0 : input.numel() / n;
    const x2 = input.reshape(m, n);
    const g2 = g.reshape(m, n);
    const w2 = weight?.reshape(1, n);
    const [dx, xhat] = normGrads(x2, w2 ? g2.mul(w2) : g2, [1], eps);
    const grads: (Tensor | null)[] = [input.requires_grad ? dx.reshape(input.shape) : null];
    if (weight) grads.push(weight.requires_grad ? g2.mul(xhat).sum(0).reshape(shape) : null);
    if (bias) {
      grads.push(
        bias.requires_grad ? biasGrad(g2, [0], shape, weight ? [input, weight] : [input]) : null,
      );
    }
    return grads;
  }, { dtype: input.dtype, saved: inputs });
}

// ---- batch_norm ----

const BATCH_NORM: Signature = [
  { name: "running_mean", kind: TENSOR, nullable: true },
  { name: "running_var", kind: TENSOR, nullable: true },
  { name: "weight", kind: TENSOR, default: null },
  { name: "bias", kind: TENSOR, default: null },
  { name: "training", kind: "bool", default: false },
  { name: "momentum", kind: "number", default: 0.1 },
  { name: "eps", kind: "number", default: 1e-5 },
];

/**
 * Batch normalization, like `torch.nn.functional.batch_norm(input, running_mean, running_var,
 * weight=None, bias=None, training=False, momentum=0.1, eps=1e-05)`. For an input `[N, C, *]`,
 * each channel is normalized over the batch and the trailing dims: with `training` by the
 * batch's mean and biased variance (and `running_mean` / `running_var`, when given, are updated
 * in place: `(1 − momentum)·running + momentum·batch`, the variance unbiased), otherwise by the
 * running statistics. Then scaled by `weight` and shifted by `bias` (C values each).
 *
 * @param input `[N, C]` or `[N, C, L, ...]`, float.
 * @param args `running_mean`, `running_var` (C values each, or null when training),
 *   `weight`, `bias`, `training`, `momentum`, `eps`, by position or in an options object.
 * @returns The normalized tensor (NativeBatchNormBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor, zeros, ones } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const rm = zeros(2);
 * const rv = ones(2);
 * const y = F.batch_norm(tensor([[1, 0], [3, 2]]), rm, rv, { training: true, eps: 0 });
 * assert.deepEqual(y.tolist(), [[-1, -1], [1, 1]]);
 * assert.deepEqual(rm.tolist(), [0.2, 0.1].map(Math.fround));
 * ```
 */
export function batch_norm(input: Tensor, ...args: unknown[]): Tensor {
  requireTensor(input, "batch_norm(input)");
  const b = bind("batch_norm", BATCH_NORM, args);
  const running_mean = b.running_mean as Tensor | null;
  const running_var = b.running_var as Tensor | null;
  const weight = b.weight as Tensor | null;
  const bias = b.bias as Tensor | null;
  const training = b.training as boolean;
  const momentum = b.momentum as number;
  const eps = b.eps as number;
  if (input.dim() < 2 && training) {
    throw new RangeError(
      `batch_norm: expected an input of 2 or more dims [N, C, *], got ${input.dim()}D input`,
    );
  }
  const C = input.dim() >= 2 ? input.shape[1] : 0;
  const N = input.shape[0] ?? 1;
  const L = input.dim() > 2 ? input.shape.slice(2).reduce((a, s) => a * s, 1) : 1;
  if (training && N * L === 1) {
    throw new RangeError(
      `Expected more than 1 value per channel when training, got input size ${
        torchSize(input.shape)
      }`,
    );
  }
  for (
    const [t, what] of [
      [running_mean, "running_mean"],
      [running_var, "running_var"],
      [weight, "weight"],
      [bias, "bias"],
    ] as const
  ) {
    if (t !== null && t.numel() !== C) {
      throw new RangeError(`${what} should contain ${C} elements not ${t.numel()}`);
    }
  }
  if (!training && (running_mean === null || running_var === null)) {
    throw new Error(
      `${
        running_mean === null ? "running_mean" : "running_var"
      } must be defined in evaluation mode`,
    );
  }
  requireFloating(input, "batch_norm");
  const x = contiguousData(input);
  const w = affineData(weight);
  const bs = affineData(bias);
  const out = allocate(input.dtype, x.length);
  const r = rounder(input.dtype);
  const fma = fmaOf(input.dtype);
  const newMean = training && running_mean !== null
    ? Float64Array.from(contiguousData(running_mean))
    : null;
  const newVar = training && running_var !== null
    ? Float64Array.from(contiguousData(running_var))
    : null;
  const means = new Float64Array(C);
  const rstds = new Float64Array(C);
  const count = N * L;
  for (let c = 0; c < C; c++) {
    let mean: number;
    let varBiased: number;
    let unbiased = NaN;
    if (training) {
      // As torch's collect_stats. A 2-D input takes its channels-last kernel: the sums run in
      // the input's precision, in order, the squared deviations about the rounded mean
      // through fused multiply-adds. A 3-D input takes the channels-first one: the sums in
      // double, each squared deviation rounded first.
      const flat = L === 1;
      let s = 0;
      for (let i = 0; i < N; i++) {
        for (let j = 0, k = (i * C + c) * L; j < L; j++, k++) s = flat ? r(s + x[k]) : s + x[k];
      }
      mean = r(s / count);
      let v = 0;
      for (let i = 0; i < N; i++) {
        for (let j = 0, k = (i * C + c) * L; j < L; j++, k++) {
          const d = r(x[k] - mean);
          v = flat ? fma(d, d, v) : v + r(d * d);
        }
      }
      varBiased = r(v / count);
      unbiased = count > 1 ? v / (count - 1) : NaN;
      rstds[c] = r(1 / Math.sqrt(varBiased + eps));
    } else {
      mean = contiguousData(running_mean!)[c];
      varBiased = contiguousData(running_var!)[c];
      rstds[c] = r(1 / r(Math.sqrt(r(varBiased + eps))));
    }
    means[c] = mean;
    // torch's transform: x·α + β with α = invstd·w, β = b − mean·α, fused multiply-adds.
    const alpha = r(rstds[c] * (w === null ? 1 : w[c]));
    const beta = fma(-mean, alpha, bs === null ? 0 : bs[c]);
    for (let i = 0; i < N; i++) {
      for (let j = 0, k = (i * C + c) * L; j < L; j++, k++) out[k] = fma(x[k], alpha, beta);
    }
    // torch updates the running statistics in place, the variance unbiased.
    if (newMean !== null) newMean[c] = momentum * mean + (1 - momentum) * newMean[c];
    if (newVar !== null) newVar[c] = momentum * unbiased + (1 - momentum) * newVar[c];
  }
  if (newMean !== null) writeInPlace(running_mean!, newMean);
  if (newVar !== null) writeInPlace(running_var!, newVar);
  const inputs = [input, ...(weight ? [weight] : []), ...(bias ? [bias] : [])];
  const frozenMean = fromData(Float64Array.from(means), [1, C, 1], "float64").to(input.dtype);
  const frozenRstd = fromData(Float64Array.from(rstds), [1, C, 1], "float64").to(input.dtype);
  return result(out, input.shape, "NativeBatchNormBackward0", inputs, (g) => {
    const x3 = input.reshape(N, C, L);
    const g3 = g.reshape(N, C, L);
    const w3 = weight?.reshape(1, C, 1);
    const gw = w3 ? g3.mul(w3) : g3;
    let dx: Tensor;
    let xhat: Tensor;
    if (training) {
      [dx, xhat] = normGrads(x3, gw, [0, 2], eps);
    } else {
      xhat = x3.sub(frozenMean).mul(frozenRstd);
      dx = gw.mul(frozenRstd);
    }
    const grads: (Tensor | null)[] = [input.requires_grad ? dx.reshape(input.shape) : null];
    if (weight) grads.push(weight.requires_grad ? g3.mul(xhat).sum([0, 2]) : null);
    if (bias) {
      grads.push(
        bias.requires_grad ? biasGrad(g3, [0, 2], [C], weight ? [input, weight] : [input]) : null,
      );
    }
    return grads;
  }, { dtype: input.dtype, saved: inputs });
}

/** Overwrites `t`'s values (a running statistic) in place, outside the graph. */
function writeInPlace(t: Tensor, values: Float64Array): void {
  const data = allocate(t.dtype, values.length);
  data.set(values);
  no_grad(() => t.copy_(fromData(data, t.shape, t.dtype)));
}

// ---- group_norm ----

const GROUP_NORM: Signature = [
  { name: "num_groups", kind: "int" },
  { name: "weight", kind: TENSOR, default: null },
  { name: "bias", kind: TENSOR, default: null },
  { name: "eps", kind: "number", default: 1e-5 },
];

/**
 * Group normalization, like `torch.nn.functional.group_norm(input, num_groups, weight=None,
 * bias=None, eps=1e-05)`: the C channels of an input `[N, C, *]` are split into `num_groups`
 * groups, each normalized (per sample) over its channels and trailing dims, then scaled by
 * `weight` and shifted by `bias` (C values each).
 *
 * @param input `[N, C, *]`, float; C divisible by `num_groups`.
 * @param args `num_groups`, `weight`, `bias`, `eps`, by position or in an options object.
 * @returns The normalized tensor (NativeGroupNormBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const y = F.group_norm(tensor([[1, 3, 5, 7]]), 2, { eps: 0 });
 * assert.deepEqual(y.tolist(), [[-1, 1, -1, 1]]);
 * ```
 */
export function group_norm(input: Tensor, ...args: unknown[]): Tensor {
  requireTensor(input, "group_norm(input)");
  const b = bind("group_norm", GROUP_NORM, args);
  const G = b.num_groups as number;
  const weight = b.weight as Tensor | null;
  const bias = b.bias as Tensor | null;
  const eps = b.eps as number;
  if (input.dim() < 2) {
    throw new RangeError(
      `Dimension out of range (expected to be in range of [${-Math.max(input.dim(), 1)}, ${
        Math.max(input.dim(), 1) - 1
      }], but got 1)`,
    );
  }
  const [N, C] = input.shape;
  if (G <= 0 || C % G !== 0) {
    throw new RangeError(
      `Expected number of channels in input to be divisible by num_groups, but got input of shape ${
        shapeList(input.shape)
      } and num_groups=${G}`,
    );
  }
  for (const [t, what] of [[weight, "weight"], [bias, "bias"]] as const) {
    if (t !== null && (t.dim() !== 1 || t.numel() !== C)) {
      throw new RangeError(
        `Expected ${what} to be a vector of size equal to the number of channels in input, but got ${what} of shape ${
          shapeList(t.shape)
        } and input of shape ${shapeList(input.shape)}`,
      );
    }
  }
  requireFloating(input, "group_norm");
  const L = input.shape.slice(2).reduce((a, s) => a * s, 1);
  const n = (C / G) * L;
  const x = contiguousData(input);
  const out = allocate(input.dtype, x.length);
  normalizeRows(
    x,
    out,
    n,
    eps,
    affineData(weight),
    affineData(bias),
    (k) => Math.floor(k / L) % C,
    "group",
    input.dtype,
  );
  const inputs = [input, ...(weight ? [weight] : []), ...(bias ? [bias] : [])];
  return result(out, input.shape, "NativeGroupNormBackward0", inputs, (g) => {
    const x3 = input.reshape(N, G, n);
    const g3 = g.reshape(N, C, L);
    const w3 = weight?.reshape(1, C, 1);
    const gw = (w3 ? g3.mul(w3) : g3).reshape(N, G, n);
    const [dx, xhat] = normGrads(x3, gw, [2], eps);
    const xhatC = xhat.reshape(N, C, L);
    const grads: (Tensor | null)[] = [input.requires_grad ? dx.reshape(input.shape) : null];
    if (weight) grads.push(weight.requires_grad ? g3.mul(xhatC).sum([0, 2]) : null);
    if (bias) grads.push(bias.requires_grad ? g3.sum([0, 2]) : null);
    return grads;
  }, { dtype: input.dtype, saved: inputs });
}

// ---- normalize ----

const NORMALIZE: Signature = [
  { name: "p", kind: "number", default: 2 },
  { name: "dim", kind: "int", default: 1 },
  { name: "eps", kind: "number", default: 1e-12 },
  { name: "out", kind: TENSOR, default: null },
];

/**
 * Lp-normalization along a dim, like `torch.nn.functional.normalize(input, p=2.0, dim=1,
 * eps=1e-12)`: `input / max(‖input‖_p, eps)` with the norm taken over `dim`.
 *
 * @param input A float tensor.
 * @param args `p`, `dim`, `eps`, by position or in an options object (`out` is refused).
 * @returns The normalized tensor (DivBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(F.normalize(tensor([[3, 4]])).tolist(), [[0.6, 0.8].map(Math.fround)]);
 * assert.deepEqual(F.normalize(tensor([[3, 4]]), 1).tolist(), [[3 / 7, 4 / 7].map(Math.fround)]);
 * ```
 */
export function normalize(input: Tensor, ...args: unknown[]): Tensor {
  requireTensor(input, "normalize(input)");
  const b = bind("normalize", NORMALIZE, args);
  if (b.out !== null) {
    throw new TypeError("normalize: out= is not supported; assign the result instead");
  }
  const denom = norm(input, b.p as number, b.dim as number, true)
    .clamp_min(b.eps as number)
    .expand_as(input);
  return input.div(denom);
}
