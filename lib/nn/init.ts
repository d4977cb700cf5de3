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
import { checkOptionKeys } from "../tensor/options.ts";

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

/**
 * The recommended gain for a nonlinearity, like `torch.nn.init.calculate_gain`.
 *
 * @param nonlinearity The nonlinearity's name.
 * @param param The negative slope for leaky_relu (default 0.01).
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
export function calculate_gain(nonlinearity: Nonlinearity, param?: number | null): number {
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
      throw new RangeError(`Unsupported nonlinearity ${describe(nonlinearity)}`);
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

/**
 * Fills `tensor` with draws from U[a, b), like `torch.nn.init.uniform_` (bit for bit with
 * torch's generator).
 *
 * @param tensor A float tensor, written in place.
 * @param a Lower bound (default 0).
 * @param b Upper bound (default 1).
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
export function uniform_<T extends Tensor>(tensor: T, a: number = 0, b: number = 1): T {
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
 * @param mean Default 0.
 * @param std Default 1.
 * @returns `tensor`.
 *
 * @example
 * ```ts
 * import { manual_seed, nn, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * assert.ok(Math.abs(nn.init.normal_(zeros(1), 1, 2).item() - (1 + 2 * 1.5409961)) < 1e-5);
 * ```
 */
export function normal_<T extends Tensor>(tensor: T, mean: number = 0, std: number = 1): T {
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
 * @param options `{ a, mode, nonlinearity }`.
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
export function kaiming_uniform_<T extends Tensor>(tensor: T, options?: KaimingOptions): T {
  checkOptionKeys(options, ["a", "mode", "nonlinearity"], "kaiming_uniform_");
  const a = options?.a ?? 0;
  const mode = options?.mode ?? "fan_in";
  if (mode !== "fan_in" && mode !== "fan_out") {
    throw new RangeError(`Mode ${describe(mode)} not supported, please use one of fan_in, fan_out`);
  }
  checkFloat(tensor, "kaiming_uniform_");
  if (tensor.numel() === 0) return tensor; // torch warns and leaves an empty tensor alone
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
  const fan = mode === "fan_in" ? fanIn : fanOut;
  const gain = calculate_gain(options?.nonlinearity ?? "leaky_relu", a);
  const std = gain / Math.sqrt(fan);
  const bound = Math.sqrt(3.0) * std;
  return uniform_(tensor, -bound, bound);
}

/**
 * Glorot initialisation from U(−a, a) with `a = gain · √(6 / (fan_in + fan_out))`, like
 * `torch.nn.init.xavier_uniform_(tensor, gain=1)`.
 *
 * @param tensor A float tensor of at least 2 dims, written in place.
 * @param gain Scale (default 1).
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
export function xavier_uniform_<T extends Tensor>(tensor: T, gain: number = 1): T {
  checkFloat(tensor, "xavier_uniform_");
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return uniform_(tensor, -a, a);
}
