/**
 * `nn.init`: in-place initialisers drawing from the global generator exactly as torch's do, so
 * the same `manual_seed` gives the same parameters.
 *
 * torch's `uniform_(a, b)` on a float32 tensor takes one 32-bit draw per element, keeps 24
 * bits as `u` in [0, 1), and computes `u · (b − a) + a` in float32 with `a` and `b` rounded to
 * float32; float64 takes 53 bits from two draws and computes in double. `normal_` draws like
 * `randn` (see lib/tensor/random.ts) and scales by `std` and shifts by `mean`.
 *
 * @module
 */

import { fillNormal, fillUniform } from "../tensor/random.ts";
import { fusedMultiplyAdd } from "../kernels/fma.ts";
import { no_grad } from "../tensor/autograd.ts";
import { describe, isFloating } from "../tensor/dtype.ts";
import { fromData, requireTensor, type Tensor } from "../tensor/tensor.ts";
import { bind, type Signature } from "../tensor/args.ts";
import type { Args } from "./call_args.ts";
import { erf } from "./erf.ts";

/** The nonlinearities `calculate_gain` knows, with torch's names. */
export type Nonlinearity =
  | "linear"
  | "conv1d"
  | "conv2d"
  | "conv3d"
  | "conv_transpose1d"
  | "conv_transpose2d"
  | "conv_transpose3d"
  | "sigmoid"
  | "tanh"
  | "relu"
  | "leaky_relu"
  | "selu";

const GAIN_SIG: Signature = [
  { name: "nonlinearity", kind: "string" },
  { name: "param", kind: "any", default: null },
];

/**
 * The recommended gain for a nonlinearity, like `torch.nn.init.calculate_gain`.
 *
 * @param args `nonlinearity` (the name), then `param` (leaky_relu's negative slope, default
 *   0.01), by position or in an options object.
 * @returns The gain.
 *
 * @example
 * ```ts
 * import { nn } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(nn.init.calculate_gain("relu"), Math.SQRT2);
 * ```
 */
export function calculate_gain(
  ...args: Args<
    [nonlinearity: Nonlinearity, param?: number | null],
    { nonlinearity?: Nonlinearity; param?: number | null }
  >
): number {
  const b = bind("calculate_gain", GAIN_SIG, args);
  const nonlinearity = b.nonlinearity as Nonlinearity;
  const param = b.param as number | null;
  switch (nonlinearity) {
    case "linear":
    case "conv1d":
    case "conv2d":
    case "conv3d":
    case "conv_transpose1d":
    case "conv_transpose2d":
    case "conv_transpose3d":
    case "sigmoid":
      return 1;
    case "tanh":
      return 5.0 / 3;
    case "relu":
      return Math.sqrt(2.0);
    case "leaky_relu": {
      const slope = param ?? 0.01;
      if (typeof slope !== "number") {
        throw new TypeError(`negative_slope ${describe(slope)} not a valid number`);
      }
      return Math.sqrt(2.0 / (1 + slope ** 2));
    }
    case "selu":
      return 3.0 / 4;
    default:
      throw new RangeError(`Unsupported nonlinearity ${String(nonlinearity)}`);
  }
}

/**
 * `[fan_in, fan_out]` of a weight, like torch's `_calculate_fan_in_and_fan_out`: for a 2-D
 * [out, in] weight, `[in, out]`; extra dims multiply both by the receptive field size.
 *
 * @param tensor A tensor of at least 2 dims.
 * @returns `[fan_in, fan_out]`.
 *
 * @example
 * ```ts
 * import { nn, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(nn.init._calculate_fan_in_and_fan_out(zeros(2, 3)), [3, 2]);
 * ```
 */
export function _calculate_fan_in_and_fan_out(tensor: Tensor): [number, number] {
  requireTensor(tensor, "_calculate_fan_in_and_fan_out");
  if (tensor.dim() < 2) {
    throw new RangeError(
      `Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (got ${tensor.dim()})`,
    );
  }
  const receptive = tensor.shape.slice(2).reduce((a, b) => a * b, 1);
  return [tensor.shape[1] * receptive, tensor.shape[0] * receptive];
}

function checkFloat(t: Tensor, where: string): void {
  requireTensor(t, where);
  if (!isFloating(t.dtype)) {
    throw new TypeError(`${where}: expected a float32 or float64 tensor, got ${t.dtype}`);
  }
}

/** Writes `values` (row-major, the tensor's dtype) into `t` in place, outside autograd. */
function write<T extends Tensor>(t: T, values: Float32Array | Float64Array): T {
  no_grad(() => t.copy_(fromData(values, t.shape, t.dtype)));
  return t;
}

const UNIFORM: Signature = [
  { name: "a", kind: "number", default: 0 },
  { name: "b", kind: "number", default: 1 },
];
const NORMAL: Signature = [
  { name: "mean", kind: "number", default: 0 },
  { name: "std", kind: "number", default: 1 },
];
const GAIN: Signature = [{ name: "gain", kind: "number", default: 1 }];
const KAIMING: Signature = [
  { name: "a", kind: "number", default: 0 },
  { name: "mode", kind: "string", default: "fan_in" },
  { name: "nonlinearity", kind: "string", default: "leaky_relu" },
];

/**
 * Fills `tensor` with draws from U[a, b), like `torch.nn.init.uniform_` (bit for bit with
 * torch's generator).
 *
 * @param tensor A float tensor, written in place.
 * @param args `a, b` (lower and upper bound, default 0 and 1) by position or in `{ a, b }`.
 * @returns `tensor`.
 *
 * @example Same numbers as `torch.manual_seed(0); nn.init.uniform_(torch.empty(2), -1, 1)`
 * ```ts
 * import { manual_seed, nn, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const t = nn.init.uniform_(zeros(2), -1, 1);
 * assert.deepEqual(t.tolist(), [-0.007486820220947266, 0.5364435911178589]);
 * ```
 */
export function uniform_<T extends Tensor>(
  tensor: T,
  ...args: Args<[a?: number, b?: number], { a?: number; b?: number }>
): T {
  const bound = bind("uniform_", UNIFORM, args);
  const a = bound.a as number;
  const b = bound.b as number;
  checkFloat(tensor, "uniform_");
  if (!(a <= b)) {
    throw new RangeError(
      `uniform_ expects to return a [from, to) range, but found from=${a} > to=${b}`,
    );
  }
  const n = tensor.numel();
  if (tensor.dtype === "float32") {
    const u = new Float32Array(n);
    fillUniform(u);
    const from = Math.fround(a);
    const range = Math.fround(Math.fround(b) - from);
    // torch: (u * (to - from) + from) in float; u * range is exact in double, so one rounding
    // of the double sum gives the float result.
    for (let i = 0; i < n; i++) u[i] = u[i] * range + from;
    return write(tensor, u);
  }
  const u = new Float64Array(n);
  fillUniform(u);
  // torch computes u * (b - a) + a in double with a fused multiply-add (one rounding).
  const range = b - a;
  for (let i = 0; i < n; i++) u[i] = fusedMultiplyAdd(u[i], range, a);
  return write(tensor, u);
}

/**
 * Fills `tensor` with draws from N(mean, std²), like `torch.nn.init.normal_`.
 *
 * @param tensor A float tensor, written in place.
 * @param args `mean, std` (default 0 and 1) by position or in `{ mean, std }`.
 * @returns `tensor`.
 *
 * @example
 * ```ts
 * import { manual_seed, nn, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * assert.ok(Math.abs(nn.init.normal_(zeros(1), 1, 2).item() - (1 + 2 * 1.5409961)) < 1e-5);
 * manual_seed(0);
 * assert.ok(Math.abs(nn.init.normal_(zeros(1), { mean: 1, std: 2 }).item() - (1 + 2 * 1.5409961)) < 1e-5);
 * ```
 */
export function normal_<T extends Tensor>(
  tensor: T,
  ...args: Args<[mean?: number, std?: number], { mean?: number; std?: number }>
): T {
  const bound = bind("normal_", NORMAL, args);
  const mean = bound.mean as number;
  const std = bound.std as number;
  checkFloat(tensor, "normal_");
  if (!(std >= 0)) throw new RangeError(`normal_ expects std >= 0.0, but found std ${std}`);
  const n = tensor.numel();
  const z = tensor.dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  fillNormal(z);
  for (let i = 0; i < n; i++) z[i] = z[i] * std + mean;
  return write(tensor, z);
}

/**
 * Fills `tensor` with zeros, like `torch.nn.init.zeros_`.
 *
 * @param tensor Written in place.
 * @returns `tensor`.
 *
 * @example
 * ```ts
 * import { nn, ones } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(nn.init.zeros_(ones(2)).tolist(), [0, 0]);
 * ```
 */
export function zeros_<T extends Tensor>(tensor: T): T {
  requireTensor(tensor, "zeros_");
  no_grad(() => tensor.zero_());
  return tensor;
}

/**
 * Fills `tensor` with ones, like `torch.nn.init.ones_`.
 *
 * @param tensor Written in place.
 * @returns `tensor`.
 *
 * @example
 * ```ts
 * import { nn, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(nn.init.ones_(zeros(2)).tolist(), [1, 1]);
 * ```
 */
export function ones_<T extends Tensor>(tensor: T): T {
  requireTensor(tensor, "ones_");
  no_grad(() => tensor.fill_(1));
  return tensor;
}

/** Options of {@linkcode kaiming_uniform_}, with torch's keys. */
export interface KaimingOptions {
  /** The negative slope of the rectifier after this layer (default 0). */
  a?: number;
  /** `"fan_in"` (default) keeps the forward variance, `"fan_out"` the backward. */
  mode?: "fan_in" | "fan_out";
  /** The nonlinearity (default `"leaky_relu"`). */
  nonlinearity?: Nonlinearity;
}

/**
 * He initialisation from U(−bound, bound) with `bound = gain · √(3 / fan)`, like
 * `torch.nn.init.kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu")`.
 *
 * @param tensor A float tensor of at least 2 dims, written in place.
 * @param args `a, mode, nonlinearity` by position or in an options object.
 * @returns `tensor`.
 *
 * @example nn.Linear's weight initialisation
 * ```ts
 * import { manual_seed, nn, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const w = nn.init.kaiming_uniform_(zeros(2, 4), { a: Math.sqrt(5) });
 * assert.ok(Array.from(w.toTypedArray()).every((v) => Math.abs(v) <= 0.5));
 * ```
 */
export function kaiming_uniform_<T extends Tensor>(
  tensor: T,
  ...args: Args<
    [a?: number, mode?: "fan_in" | "fan_out", nonlinearity?: Nonlinearity],
    KaimingOptions
  >
): T {
  const std = kaimingStd(tensor, bind("kaiming_uniform_", KAIMING, args), "kaiming_uniform_");
  if (std === null) return tensor;
  const bound = Math.sqrt(3.0) * std;
  return uniform_(tensor, -bound, bound);
}

/** The std of torch's kaiming initialisers, or null for an empty tensor (left alone). */
function kaimingStd(tensor: Tensor, b: Record<string, unknown>, where: string): number | null {
  const mode = b.mode as string;
  if (mode !== "fan_in" && mode !== "fan_out") {
    throw new RangeError(`Mode ${String(mode)} not supported, please use one of fan_in, fan_out`);
  }
  checkFloat(tensor, where);
  if (tensor.numel() === 0) {
    console.warn("UserWarning: Initializing zero-element tensors is a no-op");
    return null;
  }
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
  const fan = mode === "fan_in" ? fanIn : fanOut;
  const gain = calculate_gain(b.nonlinearity as Nonlinearity, b.a as number);
  return gain / Math.sqrt(fan);
}

/**
 * Glorot initialisation from U(−a, a) with `a = gain · √(6 / (fan_in + fan_out))`, like
 * `torch.nn.init.xavier_uniform_(tensor, gain=1)`.
 *
 * @param tensor A float tensor of at least 2 dims, written in place.
 * @param args `gain` (default 1) by position or in `{ gain }`.
 * @returns `tensor`.
 *
 * @example
 * ```ts
 * import { manual_seed, nn, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const w = nn.init.xavier_uniform_(zeros(3, 3));
 * assert.ok(Array.from(w.toTypedArray()).every((v) => Math.abs(v) <= 1));
 * ```
 */
export function xavier_uniform_<T extends Tensor>(
  tensor: T,
  ...args: Args<[gain?: number], { gain?: number }>
): T {
  const gain = bind("xavier_uniform_", GAIN, args).gain as number;
  checkFloat(tensor, "xavier_uniform_");
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return uniform_(tensor, -a, a);
}

/**
 * Glorot initialisation from N(0, std²) with `std = gain · √(2 / (fan_in + fan_out))`, like
 * `torch.nn.init.xavier_normal_(tensor, gain=1.)` (the draws of `normal_`).
 *
 * @param tensor A float tensor of at least 2 dims, written in place.
 * @param args `gain` (default 1) by position or in `{ gain }`.
 * @returns `tensor`.
 *
 * @example
 * ```ts
 * import { manual_seed, nn, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const w = nn.init.xavier_normal_(zeros(3, 5), { gain: 2 });
 * assert.deepEqual(w.shape, [3, 5]);
 * ```
 */
export function xavier_normal_<T extends Tensor>(
  tensor: T,
  ...args: Args<[gain?: number], { gain?: number }>
): T {
  const gain = bind("xavier_normal_", GAIN, args).gain as number;
  checkFloat(tensor, "xavier_normal_");
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
  return normal_(tensor, 0, gain * Math.sqrt(2.0 / (fanIn + fanOut)));
}

/**
 * He initialisation from N(0, std²) with `std = gain / √fan`, like
 * `torch.nn.init.kaiming_normal_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu')`.
 *
 * @param tensor A float tensor of at least 2 dims, written in place.
 * @param args `a, mode, nonlinearity` by position or in an options object.
 * @returns `tensor`.
 *
 * @example
 * ```ts
 * import { manual_seed, nn, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const w = nn.init.kaiming_normal_(zeros(4, 3), { mode: "fan_out", nonlinearity: "relu" });
 * assert.deepEqual(w.shape, [4, 3]);
 * ```
 */
export function kaiming_normal_<T extends Tensor>(
  tensor: T,
  ...args: Args<
    [a?: number, mode?: "fan_in" | "fan_out", nonlinearity?: Nonlinearity],
    KaimingOptions
  >
): T {
  const std = kaimingStd(tensor, bind("kaiming_normal_", KAIMING, args), "kaiming_normal_");
  if (std === null) return tensor;
  return normal_(tensor, 0, std);
}

/**
 * Fills `tensor` with `val`, like `torch.nn.init.constant_(tensor, val)`.
 *
 * @param tensor Written in place.
 * @param args `val` by position or in `{ val }`.
 * @returns `tensor`.
 *
 * @example
 * ```ts
 * import { nn, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(nn.init.constant_(zeros(2), 0.5).tolist(), [0.5, 0.5]);
 * ```
 */
export function constant_<T extends Tensor>(
  tensor: T,
  ...args: Args<[val: number], { val?: number }>
): T {
  const val = bind("constant_", [{ name: "val", kind: "number" }], args).val as number;
  requireTensor(tensor, "constant_");
  no_grad(() => tensor.fill_(val));
  return tensor;
}

/**
 * Fills a 2-D tensor with the identity, like `torch.nn.init.eye_(tensor)`.
 *
 * @param tensor A 2-D tensor, written in place.
 * @returns `tensor`.
 *
 * @example
 * ```ts
 * import { nn, ones } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(nn.init.eye_(ones(2, 3)).tolist(), [[1, 0, 0], [0, 1, 0]]);
 * ```
 */
export function eye_<T extends Tensor>(tensor: T): T {
  requireTensor(tensor, "eye_");
  if (tensor.dim() !== 2) throw new RangeError("Only tensors with 2 dimensions are supported");
  const [rows, cols] = tensor.shape;
  const v = tensor.dtype === "float32"
    ? new Float32Array(rows * cols)
    : new Float64Array(rows * cols);
  for (let i = 0; i < Math.min(rows, cols); i++) v[i * cols + i] = 1;
  no_grad(() => tensor.copy_(fromData(v, tensor.shape)));
  return tensor;
}

const TRUNC: Signature = [
  { name: "mean", kind: "number", default: 0 },
  { name: "std", kind: "number", default: 1 },
  { name: "a", kind: "number", default: -2 },
  { name: "b", kind: "number", default: 2 },
];

/** Options of {@linkcode trunc_normal_}, with torch's keys. */
export interface TruncNormalOptions {
  /** The mean of the normal (default 0). */
  mean?: number;
  /** Its standard deviation (default 1). */
  std?: number;
  /** The lower cutoff (default −2). */
  a?: number;
  /** The upper cutoff (default 2). */
  b?: number;
}

/**
 * The inverse error function in double: Giles' single-precision approximation refined by
 * Newton steps on {@linkcode erf}.
 */
function erfinv(y: number): number {
  if (y <= -1) return y === -1 ? -Infinity : NaN;
  if (y >= 1) return y === 1 ? Infinity : NaN;
  let w = -Math.log((1 - y) * (1 + y));
  let p: number;
  if (w < 5) {
    w -= 2.5;
    p = 2.81022636e-08;
    p = 3.43273939e-07 + p * w;
    p = -3.5233877e-06 + p * w;
    p = -4.39150654e-06 + p * w;
    p = 0.00021858087 + p * w;
    p = -0.00125372503 + p * w;
    p = -0.00417768164 + p * w;
    p = 0.246640727 + p * w;
    p = 1.50140941 + p * w;
  } else {
    w = Math.sqrt(w) - 3;
    p = -0.000200214257;
    p = 0.000100950558 + p * w;
    p = 0.00134934322 + p * w;
    p = -0.00367342844 + p * w;
    p = 0.00573950773 + p * w;
    p = -0.0076224613 + p * w;
    p = 0.00943887047 + p * w;
    p = 1.00167406 + p * w;
    p = 2.83297682 + p * w;
  }
  let x = p * y;
  for (let k = 0; k < 3; k++) {
    x -= (erf(x) - y) / (2 / Math.sqrt(Math.PI) * Math.exp(-x * x));
  }
  return x;
}

/**
 * Fills `tensor` with draws from N(mean, std²) truncated to [a, b], like
 * `torch.nn.init.trunc_normal_(tensor, mean=0., std=1., a=-2., b=2.)`: torch's inverse-CDF
 * method (uniform draws in [2Φ(a)−1, 2Φ(b)−1), `erfinv`, scale, shift, clamp), with its
 * uniform draws; `erfinv` is computed in double, so values agree with torch's to rounding.
 *
 * @param tensor A float tensor, written in place.
 * @param args `mean, std, a, b` by position or in an options object.
 * @returns `tensor`.
 *
 * @example
 * ```ts
 * import { manual_seed, nn, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const w = nn.init.trunc_normal_(zeros(1000), { std: 0.02 });
 * assert.ok(w.toTypedArray().every((v) => Math.abs(v) <= 2));
 * ```
 */
export function trunc_normal_<T extends Tensor>(
  tensor: T,
  ...args: Args<[mean?: number, std?: number, a?: number, b?: number], TruncNormalOptions>
): T {
  const o = bind("trunc_normal_", TRUNC, args);
  const [mean, std, a, b] = [o.mean, o.std, o.a, o.b] as number[];
  checkFloat(tensor, "trunc_normal_");
  if (mean < a - 2 * std || mean > b + 2 * std) {
    console.warn(
      "UserWarning: mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may be incorrect.",
    );
  }
  const cdf = (x: number) => (1 + erf(x / Math.SQRT2)) / 2;
  const l = cdf((a - mean) / std);
  const u = cdf((b - mean) / std);
  uniform_(tensor, 2 * l - 1, 2 * u - 1);
  const v = tensor.dtype === "float32"
    ? Float32Array.from(tensor.toTypedArray() as Float32Array)
    : Float64Array.from(tensor.toTypedArray() as Float64Array);
  const f32 = v instanceof Float32Array;
  const round = f32 ? Math.fround : (x: number) => x;
  const scale = round(std * Math.sqrt(2));
  const shift = round(mean);
  for (let i = 0; i < v.length; i++) {
    const z = round(round(round(erfinv(v[i])) * scale) + shift);
    v[i] = Math.min(Math.max(z, a), b);
  }
  return write(tensor, v);
}

/**
 * A (semi-)orthogonal matrix, like `torch.nn.init.orthogonal_(tensor, gain=1)`: the Q factor
 * of a QR decomposition of a normal draw (the tensor flattened to [rows, cols], transposed
 * when it is wide), with columns signed so that R's diagonal is positive, times `gain`. The
 * draws are torch's; the QR is a Householder QR in double here (LAPACK's in torch), so values
 * agree with torch's to rounding.
 *
 * @param tensor A float tensor of at least 2 dims, written in place.
 * @param args `gain` (default 1) by position or in `{ gain }`.
 * @returns `tensor`.
 *
 * @example
 * ```ts
 * import { manual_seed, nn, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const q = nn.init.orthogonal_(zeros(3, 3), { gain: 1 }).double();
 * const qtq = q.t().matmul(q).tolist() as number[][];
 * for (let i = 0; i < 3; i++) {
 *   for (let j = 0; j < 3; j++) assert.ok(Math.abs(qtq[i][j] - (i === j ? 1 : 0)) < 1e-6);
 * }
 * ```
 */
export function orthogonal_<T extends Tensor>(
  tensor: T,
  ...args: Args<[gain?: number], { gain?: number }>
): T {
  const gain = bind("orthogonal_", GAIN, args).gain as number;
  checkFloat(tensor, "orthogonal_");
  if (tensor.dim() < 2) {
    throw new RangeError("Only tensors with 2 or more dimensions are supported");
  }
  if (tensor.numel() === 0) return tensor;
  const rows = tensor.shape[0];
  const cols = tensor.numel() / rows;
  const draw = tensor.dtype === "float32"
    ? new Float32Array(rows * cols)
    : new Float64Array(rows * cols);
  fillNormal(draw);
  // The matrix QR factors: [rows, cols], or its transpose when wide (m ≥ n either way).
  const wide = rows < cols;
  const m = wide ? cols : rows;
  const n = wide ? rows : cols;
  const A = new Float64Array(m * n);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (wide) A[j * n + i] = draw[i * cols + j];
      else A[i * n + j] = draw[i * cols + j];
    }
  }
  const q = householderQ(A, m, n);
  const out = tensor.dtype === "float32"
    ? new Float32Array(rows * cols)
    : new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      out[i * cols + j] = (wide ? q[j * n + i] : q[i * n + j]) * gain;
    }
  }
  return write(tensor, out);
}

/**
 * The m×n Q of A = QR (m ≥ n) by Householder reflections, with each column multiplied by the
 * sign of R's diagonal (so the factorisation is the one with R's diagonal positive).
 */
function householderQ(A: Float64Array, m: number, n: number): Float64Array {
  const vs: Float64Array[] = [];
  const rdiag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += A[i * n + k] * A[i * n + k];
    norm = Math.sqrt(norm);
    const x0 = A[k * n + k];
    const alpha = x0 > 0 ? -norm : norm;
    const v = new Float64Array(m - k);
    for (let i = k; i < m; i++) v[i - k] = A[i * n + k];
    v[0] -= alpha;
    let vn = 0;
    for (let i = 0; i < v.length; i++) vn += v[i] * v[i];
    vn = Math.sqrt(vn);
    if (vn > 0) { for (let i = 0; i < v.length; i++) v[i] /= vn; }
    vs.push(v);
    rdiag[k] = vn > 0 ? alpha : x0;
    // A[k:, k:] -= 2 v (vᵀ A[k:, k:])
    for (let j = k; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i - k] * A[i * n + j];
      for (let i = k; i < m; i++) A[i * n + j] -= 2 * v[i - k] * dot;
    }
  }
  // Q = H0 H1 ... H(n−1) applied to the first n columns of the identity.
  const Q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) Q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k];
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i - k] * Q[i * n + j];
      for (let i = k; i < m; i++) Q[i * n + j] -= 2 * v[i - k] * dot;
    }
  }
  for (let j = 0; j < n; j++) {
    const s = Math.sign(rdiag[j]);
    for (let i = 0; i < m; i++) Q[i * n + j] *= s;
  }
  return Q;
}
