/**
 * More elementwise math with torch's names, dtypes and gradients: `pow`, `sqrt`, `rsqrt`,
 * `square`, `abs`, `sign`, `sigmoid`, `tanh`, `relu`, `log1p`, `expm1`, `log2`, `log10`,
 * `reciprocal`, `floor`, `ceil`, `round`, `clamp_min`, `clamp_max`, `maximum`, `minimum`,
 * `lerp`, `isnan`, `isinf`, `isfinite`, `nan_to_num`, and the torch functions ports call
 * (`exp`, `log`, `neg`, `clamp`, `softmax`, `log_softmax`).
 *
 * The table {@linkcode UNARY} is this module's `derivatives.yaml`: one row per unary op with its
 * grad_fn name, its dtype rule and its gradient. Float32 results are computed in double and
 * rounded once, except where torch's float32 kernel rounds in between (noted at the op).
 *
 * @module
 */

import {
  allocate,
  type Data,
  describe,
  type DType,
  get_default_dtype,
  isFloating,
} from "../tensor/dtype.ts";
import { broadcastShapes, numelOf } from "../tensor/shape.ts";
import { fromData, requireTensor, result, type Tensor } from "../tensor/tensor.ts";
import { checkOptionKeys } from "../tensor/options.ts";
import { bind, isOptionsObject } from "../tensor/args.ts";
import {
  checkIntegers,
  clamp as clampOp,
  type Operand,
  operand,
  reader,
  resultTypeOf,
  unary,
  valuesOf,
  where,
} from "./elementwise.ts";
import { collapseExpanded, sumTo } from "./reduce.ts";
import { maskedGrad } from "./masked_backward.ts";
import {
  log_softmax as logSoftmaxOp,
  softmax as softmaxOp,
  type SoftmaxOptions,
} from "./softmax.ts";

/** The unary ops of {@linkcode UNARY}. */
export type MathUnaryOp =
  | "sqrt"
  | "rsqrt"
  | "square"
  | "abs"
  | "sign"
  | "sigmoid"
  | "tanh"
  | "relu"
  | "log1p"
  | "expm1"
  | "log2"
  | "log10"
  | "reciprocal"
  | "floor"
  | "ceil"
  | "round"
  | "sin"
  | "cos"
  | "tan"
  | "asin"
  | "acos"
  | "atan"
  | "sinh"
  | "cosh"
  | "asinh"
  | "acosh"
  | "atanh"
  | "trunc"
  | "frac"
  | "sgn";

/** How a unary op treats integer and bool input. */
type IntRule =
  /** int64/bool input gives the default float dtype. */
  | "float"
  /** int64 stays int64; bool is refused (torch has no bool kernel). */
  | "keep"
  /** int64 stays int64, bool stays bool. */
  | "keep_bool"
  /** int64 stays int64, bool becomes int64 (square is pow(x, 2)). */
  | "keep_bool_int"
  /** Floating point only (torch has no integer kernel). */
  | "float_only";

/** One row of the table: grad_fn name, dtype rule, gradient given g, input x and output y. */
interface UnaryRow {
  readonly grad_fn: string;
  readonly ints: IntRule;
  readonly backward: (g: Tensor, x: Tensor, y: Tensor) => Tensor;
  /** Which tensors the gradient reads ("x", "y" or none), checked against in-place writes. */
  readonly saves: "x" | "y" | null;
}

const LN2 = Math.LN2;
const LN10 = Math.LN10;

/** Unary ops: torch's grad_fn names and derivatives.yaml formulas, in torch's operation order. */
export const UNARY: Readonly<Record<MathUnaryOp, UnaryRow>> = {
  sqrt: {
    grad_fn: "SqrtBackward0",
    ints: "float",
    saves: "y",
    backward: (g, _x, y) => g.div(y.mul(2)),
  },
  rsqrt: {
    grad_fn: "RsqrtBackward0",
    ints: "float",
    saves: "y",
    backward: (g, _x, y) => g.mul(-0.5).mul(y.pow(3)),
  },
  // square is pow(x, 2): PowBackward0, grad · (2 · x).
  square: {
    grad_fn: "PowBackward0",
    ints: "keep_bool_int",
    saves: "x",
    backward: (g, x) => g.mul(x.mul(2)),
  },
  // sgn(0) = 0 (and sgn(NaN) = 0): the gradient at 0 is 0.
  abs: { grad_fn: "AbsBackward0", ints: "keep", saves: "x", backward: (g, x) => g.mul(x.sign()) },
  sign: { grad_fn: "SignBackward0", ints: "keep_bool", saves: null, backward: zerosLike },
  sigmoid: {
    grad_fn: "SigmoidBackward0",
    ints: "float",
    saves: "y",
    backward: (g, _x, y) => g.mul(y.rsub(1)).mul(y),
  },
  tanh: {
    grad_fn: "TanhBackward0",
    ints: "float",
    saves: "y",
    backward: (g, _x, y) => g.mul(y.mul(y).rsub(1)),
  },
  // threshold_backward(grad, result, 0): nothing passes where the output is 0 (x ≤ 0).
  relu: {
    grad_fn: "ReluBackward0",
    ints: "keep",
    saves: "y",
    backward: (g, _x, y) => maskedGrad(where(y.le(0), 0, g), y, "ThresholdBackwardBackward0"),
  },
  log1p: {
    grad_fn: "Log1PBackward0",
    ints: "float",
    saves: "x",
    backward: (g, x) => g.div(x.add(1)),
  },
  expm1: {
    grad_fn: "Expm1Backward0",
    ints: "float",
    saves: "y",
    backward: (g, _x, y) => g.mul(y.add(1)),
  },
  log2: {
    grad_fn: "Log2Backward0",
    ints: "float",
    saves: "x",
    backward: (g, x) => g.div(x.mul(LN2)),
  },
  log10: {
    grad_fn: "Log10Backward0",
    ints: "float",
    saves: "x",
    backward: (g, x) => g.div(x.mul(LN10)),
  },
  reciprocal: {
    grad_fn: "ReciprocalBackward0",
    ints: "float",
    saves: "y",
    backward: (g, _x, y) => g.neg().mul(y.mul(y)),
  },
  floor: { grad_fn: "FloorBackward0", ints: "keep", saves: null, backward: zerosLike },
  ceil: { grad_fn: "CeilBackward0", ints: "keep", saves: null, backward: zerosLike },
  round: { grad_fn: "RoundBackward0", ints: "keep", saves: null, backward: zerosLike },
  // Trigonometric and hyperbolic functions (derivatives.yaml's formulas, as ops).
  sin: { grad_fn: "SinBackward0", ints: "float", saves: "x", backward: (g, x) => g.mul(x.cos()) },
  cos: {
    grad_fn: "CosBackward0",
    ints: "float",
    saves: "x",
    backward: (g, x) => g.mul(x.sin().neg()),
  },
  tan: {
    grad_fn: "TanBackward0",
    ints: "float",
    saves: "y",
    backward: (g, _x, y) => g.mul(y.pow(2).add(1)),
  },
  asin: {
    grad_fn: "AsinBackward0",
    ints: "float",
    saves: "x",
    backward: (g, x) => g.mul(x.neg().mul(x).add(1).rsqrt()),
  },
  acos: {
    grad_fn: "AcosBackward0",
    ints: "float",
    saves: "x",
    backward: (g, x) => g.mul(x.neg().mul(x).add(1).rsqrt().neg()),
  },
  atan: {
    grad_fn: "AtanBackward0",
    ints: "float",
    saves: "x",
    backward: (g, x) => g.div(x.mul(x).add(1)),
  },
  sinh: {
    grad_fn: "SinhBackward0",
    ints: "float",
    saves: "x",
    backward: (g, x) => g.mul(x.cosh()),
  },
  cosh: {
    grad_fn: "CoshBackward0",
    ints: "float",
    saves: "x",
    backward: (g, x) => g.mul(x.sinh()),
  },
  asinh: {
    grad_fn: "AsinhBackward0",
    ints: "float",
    saves: "x",
    backward: (g, x) => g.mul(x.pow(2).add(1).rsqrt()),
  },
  acosh: {
    grad_fn: "AcoshBackward0",
    ints: "float",
    saves: "x",
    backward: (g, x) => g.mul(x.pow(2).sub(1).rsqrt()),
  },
  atanh: {
    grad_fn: "AtanhBackward0",
    ints: "float",
    saves: "x",
    backward: (g, x) => g.mul(x.pow(2).rsub(1).reciprocal()),
  },
  trunc: { grad_fn: "TruncBackward0", ints: "keep", saves: null, backward: zerosLike },
  frac: { grad_fn: "FracBackward0", ints: "float_only", saves: null, backward: (g) => g },
  // sgn of a real tensor is sign; its gradient is 0 (sgn_backward for real input).
  sgn: { grad_fn: "SgnBackward0", ints: "keep_bool", saves: null, backward: zerosLike },
};

/** A zero gradient shaped like g (torch's zeros_like: 0 even where g is inf or NaN). */
function zerosLike(g: Tensor): Tensor {
  return fromData(allocate(g.dtype, g.numel()), g.shape, g.dtype);
}

/** torch's message for an op without a kernel for bool tensors. */
function noBoolKernel(op: string): TypeError {
  if (op === "relu") return new TypeError("relu: Boolean inputs not supported for relu");
  return new TypeError(
    `${op}: not implemented for bool tensors (torch: "${op}" not implemented for 'Bool'); convert with .long() or .float() first`,
  );
}

/** The output dtype of a unary op for an input of `dtype`. */
function unaryDType(op: string, rule: IntRule, dtype: DType): DType {
  if (isFloating(dtype)) return dtype;
  if (rule === "float") return get_default_dtype();
  if (rule === "float_only") {
    throw new TypeError(
      `${op}: not implemented for ${dtype} tensors (torch: "${op}_cpu" not implemented for '${
        dtype === "int64" ? "Long" : "Bool"
      }')`,
    );
  }
  if (dtype === "int64") return "int64";
  if (rule === "keep") throw noBoolKernel(op);
  return rule === "keep_bool" ? "bool" : "int64";
}

/**
 * One of the unary ops of {@linkcode UNARY}, recorded for autograd.
 *
 * @param op Which op.
 * @param input The input.
 * @returns The result.
 */
export function mathUnary(op: MathUnaryOp, input: Tensor): Tensor {
  requireTensor(input, op);
  const row = UNARY[op];
  const dtype = unaryDType(op, row.ints, input.dtype);
  if (!input.requires_grad) {
    // An expanded (stride-0) input: the op on its base, then one copy out, as torch reads the
    // input through its strides instead of copying it first.
    const { base, factor } = collapseExpanded(input, () => true);
    if (factor > 1) return mathUnary(op, base).expand(input.shape).contiguous();
  }
  // Integer input is read as the output dtype (int64 → float32 rounds first, as torch casts).
  const x = valuesOf(input, dtype);
  const out = allocate(dtype, input.numel());
  unaryLoop(op, x, out, dtype === "float32");
  if (dtype === "int64") checkIntegers(out, op);
  const y: Tensor = result(out, input.shape, row.grad_fn, [input], (g) => [
    row.backward(g, input, y),
  ], { dtype, saved: row.saves === "x" ? [input] : [], saveOutput: row.saves === "y" });
  return y;
}

/** The forward loops; `f32` marks float32 output, for the ops whose torch kernel rounds twice. */
function unaryLoop(op: MathUnaryOp, x: Data, out: Data, f32: boolean): void {
  const n = out.length;
  const fr = Math.fround;
  switch (op) {
    case "sqrt":
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]);
      return;
    case "rsqrt":
      // torch's float32 rsqrt is 1 / sqrt(x) in float: the root is rounded before dividing.
      if (f32) { for (let i = 0; i < n; i++) out[i] = 1 / fr(Math.sqrt(x[i])); }
      else for (let i = 0; i < n; i++) out[i] = 1 / Math.sqrt(x[i]);
      return;
    case "square":
      for (let i = 0; i < n; i++) out[i] = x[i] * x[i];
      return;
    case "abs":
      for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]);
      return;
    case "sign":
      // (0 < x) − (x < 0): 0 for ±0 and NaN, as torch.
      for (let i = 0; i < n; i++) out[i] = (x[i] > 0 ? 1 : 0) - (x[i] < 0 ? 1 : 0);
      return;
    case "sigmoid":
      // torch's float32 kernel: 1 / (1 + exp(−x)) in float, each step rounded.
      if (f32) { for (let i = 0; i < n; i++) out[i] = 1 / fr(1 + fr(Math.exp(-x[i]))); }
      else for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[i]));
      return;
    case "tanh":
      for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]);
      return;
    case "relu":
      // NaN stays NaN and −0 stays −0, as torch (x < 0 is false for both).
      for (let i = 0; i < n; i++) out[i] = x[i] < 0 ? 0 : x[i];
      return;
    case "log1p":
      for (let i = 0; i < n; i++) out[i] = Math.log1p(x[i]);
      return;
    case "expm1":
      for (let i = 0; i < n; i++) out[i] = Math.expm1(x[i]);
      return;
    case "log2":
      for (let i = 0; i < n; i++) out[i] = Math.log2(x[i]);
      return;
    case "log10":
      for (let i = 0; i < n; i++) out[i] = Math.log10(x[i]);
      return;
    case "reciprocal":
      for (let i = 0; i < n; i++) out[i] = 1 / x[i];
      return;
    case "floor":
      for (let i = 0; i < n; i++) out[i] = Math.floor(x[i]);
      return;
    case "ceil":
      for (let i = 0; i < n; i++) out[i] = Math.ceil(x[i]);
      return;
    case "round":
      for (let i = 0; i < n; i++) out[i] = roundHalfEven(x[i]);
      return;
    case "sin":
      for (let i = 0; i < n; i++) out[i] = Math.sin(x[i]);
      return;
    case "cos":
      for (let i = 0; i < n; i++) out[i] = Math.cos(x[i]);
      return;
    case "tan":
      for (let i = 0; i < n; i++) out[i] = Math.tan(x[i]);
      return;
    case "asin":
      for (let i = 0; i < n; i++) out[i] = Math.asin(x[i]);
      return;
    case "acos":
      for (let i = 0; i < n; i++) out[i] = Math.acos(x[i]);
      return;
    case "atan":
      for (let i = 0; i < n; i++) out[i] = Math.atan(x[i]);
      return;
    case "sinh":
      for (let i = 0; i < n; i++) out[i] = Math.sinh(x[i]);
      return;
    case "cosh":
      for (let i = 0; i < n; i++) out[i] = Math.cosh(x[i]);
      return;
    case "asinh":
      for (let i = 0; i < n; i++) out[i] = Math.asinh(x[i]);
      return;
    case "acosh":
      for (let i = 0; i < n; i++) out[i] = Math.acosh(x[i]);
      return;
    case "atanh":
      for (let i = 0; i < n; i++) out[i] = Math.atanh(x[i]);
      return;
    case "trunc":
      for (let i = 0; i < n; i++) out[i] = Math.trunc(x[i]);
      return;
    case "frac":
      // x − trunc(x), rounded once in float32 (exact: both are representable).
      for (let i = 0; i < n; i++) out[i] = x[i] - Math.trunc(x[i]);
      return;
    case "sgn":
      for (let i = 0; i < n; i++) out[i] = (x[i] > 0 ? 1 : 0) - (x[i] < 0 ? 1 : 0);
      return;
  }
}

/** Rounds to the nearest integer, ties to even (C's nearbyint, which torch uses); keeps −0. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  // Math.round sends ties up; a tie that landed on an odd integer goes back down.
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

// ---- the unary ops as functions (torch.sqrt(x), ...) ----

/**
 * The square root, like `torch.sqrt`; integers and bools give the default float dtype.
 *
 * @param input The tensor.
 * @returns √input (NaN below 0), with grad_fn SqrtBackward0.
 *
 * @example
 * ```ts
 * import { sqrt, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(sqrt(tensor([4, 9])).tolist(), [2, 3]);
 * ```
 */
export function sqrt(input: Tensor): Tensor {
  return mathUnary("sqrt", input);
}

/**
 * `1 / sqrt(x)`, like `torch.rsqrt`.
 *
 * @param input The tensor.
 * @returns The reciprocal square root (RsqrtBackward0).
 *
 * @example
 * ```ts
 * import { rsqrt, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(rsqrt(tensor([4, 0.25])).tolist(), [0.5, 2]);
 * ```
 */
export function rsqrt(input: Tensor): Tensor {
  return mathUnary("rsqrt", input);
}

/**
 * `x * x`, like `torch.square`: int64 stays int64, bool becomes int64; the gradient is
 * PowBackward0's, as torch's square is pow(x, 2).
 *
 * @param input The tensor.
 * @returns The square.
 *
 * @example
 * ```ts
 * import { square, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(square(tensor([-3n, 2n])).tolist(), [9, 4]);
 * ```
 */
export function square(input: Tensor): Tensor {
  return mathUnary("square", input);
}

/**
 * The absolute value, like `torch.abs`; int64 stays int64. The gradient at 0 is 0.
 *
 * @param input The tensor (not bool: torch has no bool kernel).
 * @returns |input| (AbsBackward0).
 *
 * @example
 * ```ts
 * import { abs, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(abs(tensor([-1.5, 2])).tolist(), [1.5, 2]);
 * ```
 */
export function abs(input: Tensor): Tensor {
  return mathUnary("abs", input);
}

/**
 * −1, 0 or 1 by the sign of each element (0 for ±0 and NaN), like `torch.sign`; keeps int64
 * and bool. Its gradient is 0.
 *
 * @param input The tensor.
 * @returns The signs (SignBackward0).
 *
 * @example
 * ```ts
 * import { sign, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(sign(tensor([-2, 0, 3])).tolist(), [-1, 0, 1]);
 * ```
 */
export function sign(input: Tensor): Tensor {
  return mathUnary("sign", input);
}

/**
 * The logistic function `1 / (1 + exp(−x))`, like `torch.sigmoid`.
 *
 * @param input The tensor.
 * @returns Values in [0, 1] (SigmoidBackward0).
 *
 * @example
 * ```ts
 * import { sigmoid, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(sigmoid(tensor([0, 2]))), "tensor([0.5000, 0.8808])");
 * ```
 */
export function sigmoid(input: Tensor): Tensor {
  return mathUnary("sigmoid", input);
}

/**
 * The hyperbolic tangent, like `torch.tanh`.
 *
 * @param input The tensor.
 * @returns Values in [−1, 1] (TanhBackward0).
 *
 * @example
 * ```ts
 * import { tanh, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(tanh(tensor([0, 1]))), "tensor([0.0000, 0.7616])");
 * ```
 */
export function tanh(input: Tensor): Tensor {
  return mathUnary("tanh", input);
}

/**
 * `max(x, 0)`, like `torch.relu`; int64 stays int64. The gradient at 0 is 0.
 *
 * @param input The tensor (not bool).
 * @returns The rectified tensor (ReluBackward0).
 *
 * @example
 * ```ts
 * import { relu, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(relu(tensor([-1, 0, 2])).tolist(), [0, 0, 2]);
 * ```
 */
export function relu(input: Tensor): Tensor {
  return mathUnary("relu", input);
}

/**
 * `log(1 + x)`, accurate near 0, like `torch.log1p`.
 *
 * @param input The tensor.
 * @returns The result (Log1PBackward0).
 *
 * @example
 * ```ts
 * import { log1p, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(log1p(tensor([0, 1e-10], { dtype: "float64" })).tolist(), [0, 9.999999999500001e-11]);
 * ```
 */
export function log1p(input: Tensor): Tensor {
  return mathUnary("log1p", input);
}

/**
 * `exp(x) − 1`, accurate near 0, like `torch.expm1`.
 *
 * @param input The tensor.
 * @returns The result (Expm1Backward0).
 *
 * @example
 * ```ts
 * import { expm1, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(expm1(tensor([0, 1e-10], { dtype: "float64" })).tolist(), [0, 1.00000000005e-10]);
 * ```
 */
export function expm1(input: Tensor): Tensor {
  return mathUnary("expm1", input);
}

/**
 * The base-2 logarithm, like `torch.log2`.
 *
 * @param input The tensor.
 * @returns The result (Log2Backward0).
 *
 * @example
 * ```ts
 * import { log2, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(log2(tensor([1, 8, 0.5])).tolist(), [0, 3, -1]);
 * ```
 */
export function log2(input: Tensor): Tensor {
  return mathUnary("log2", input);
}

/**
 * The base-10 logarithm, like `torch.log10`.
 *
 * @param input The tensor.
 * @returns The result (Log10Backward0).
 *
 * @example
 * ```ts
 * import { log10, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(log10(tensor([1, 1000])).tolist(), [0, 3]);
 * ```
 */
export function log10(input: Tensor): Tensor {
  return mathUnary("log10", input);
}

/**
 * `1 / x`, like `torch.reciprocal`; integers give floats.
 *
 * @param input The tensor.
 * @returns The result (ReciprocalBackward0).
 *
 * @example
 * ```ts
 * import { reciprocal, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(reciprocal(tensor([2n, 0n])).tolist(), [0.5, Infinity]);
 * ```
 */
export function reciprocal(input: Tensor): Tensor {
  return mathUnary("reciprocal", input);
}

/**
 * Rounds down, like `torch.floor`; int64 is returned as a copy. Its gradient is 0.
 *
 * @param input The tensor (not bool).
 * @returns The result (FloorBackward0).
 *
 * @example
 * ```ts
 * import { floor, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(floor(tensor([-1.5, 1.5])).tolist(), [-2, 1]);
 * ```
 */
export function floor(input: Tensor): Tensor {
  return mathUnary("floor", input);
}

/**
 * Rounds up, like `torch.ceil`; int64 is returned as a copy. Its gradient is 0.
 *
 * @param input The tensor (not bool).
 * @returns The result (CeilBackward0).
 *
 * @example
 * ```ts
 * import { ceil, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(ceil(tensor([-1.5, 1.5])).tolist(), [-1, 2]);
 * ```
 */
export function ceil(input: Tensor): Tensor {
  return mathUnary("ceil", input);
}

/** Options of `round`, with torch's key. */
export interface RoundOptions {
  /** Decimal places to round to (negative: to tens, hundreds, ...). Default 0. */
  decimals?: number;
}

/**
 * Rounds to the nearest integer with ties to even (`round(2.5)` is 2), like `torch.round`;
 * `{ decimals }` rounds to that many decimal places as torch does (`x · 10^d` rounded, then
 * divided). int64 is returned as a copy. Its gradient is 0.
 *
 * @param input The tensor (not bool).
 * @param options `decimals`.
 * @returns The result (RoundBackward0; RoundBackward1 when `decimals` is given).
 *
 * @example
 * ```ts
 * import { round, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(round(tensor([0.5, 1.5, 2.5, -0.5])).tolist(), [0, 2, 2, -0]);
 * assert.equal(String(round(tensor([1.2345]), { decimals: 2 })), "tensor([1.2300])");
 * ```
 */
export function round(input: Tensor, options?: RoundOptions): Tensor {
  checkOptionKeys(options, ["decimals"], "round");
  if (options?.decimals === undefined) return mathUnary("round", input);
  requireTensor(input, "round");
  const decimals = options.decimals;
  if (!Number.isInteger(decimals)) {
    throw new TypeError(`round: decimals must be an integer, got ${describe(decimals)}`);
  }
  if (!isFloating(input.dtype)) {
    throw new TypeError(
      `round: decimals is not implemented for ${input.dtype} tensors (torch: "round_cpu" not implemented for '${
        input.dtype === "int64" ? "Long" : "Bool"
      }')`,
    );
  }
  const dtype = input.dtype;
  const f32 = dtype === "float32";
  const r = f32 ? Math.fround : (v: number) => v;
  const x = valuesOf(input, dtype);
  const out = allocate(dtype, x.length);
  // torch: nearbyint(x · 10^d) / 10^d, or nearbyint(x / 10^−d) · 10^−d, in the dtype.
  const ten = r(Math.pow(10, Math.abs(decimals)));
  if (decimals >= 0) {
    for (let i = 0; i < x.length; i++) out[i] = roundHalfEven(r(x[i] * ten)) / ten;
  } else for (let i = 0; i < x.length; i++) out[i] = roundHalfEven(r(x[i] / ten)) * ten;
  return result(out, input.shape, "RoundBackward1", [input], (g) => [zerosLike(g)], { dtype });
}

/**
 * `e ** x`, like `torch.exp(x)`; integers give floats.
 *
 * @param input The tensor.
 * @returns The result (ExpBackward0).
 *
 * @example
 * ```ts
 * import { exp, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(exp(tensor([0, 1], { dtype: "float64" })).tolist(), [1, Math.E]);
 * ```
 */
export function exp(input: Tensor): Tensor {
  return unary("exp", input);
}

/**
 * The natural logarithm, like `torch.log(x)`; integers give floats.
 *
 * @param input The tensor.
 * @returns The result (LogBackward0).
 *
 * @example
 * ```ts
 * import { log, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(log(tensor([1, 0])).tolist(), [0, -Infinity]);
 * ```
 */
export function log(input: Tensor): Tensor {
  return unary("log", input);
}

/**
 * `−x`, like `torch.neg(x)`.
 *
 * @param input The tensor (not bool).
 * @returns The result (NegBackward0).
 *
 * @example
 * ```ts
 * import { neg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(neg(tensor([1n, -2n])).tolist(), [-1, 2]);
 * ```
 */
export function neg(input: Tensor): Tensor {
  return unary("neg", input);
}

// ---- trigonometric, hyperbolic and rounding functions (torch.sin(x), ...) ----

/**
 * The sine (radians), like `torch.sin`; integers give floats.
 *
 * @param input The tensor.
 * @returns The result (SinBackward0).
 *
 * @example
 * ```ts
 * import { sin, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(sin(tensor([0], { dtype: "float64" })).tolist(), [0]);
 * ```
 */
export function sin(input: Tensor): Tensor {
  return mathUnary("sin", input);
}

/**
 * The cosine (radians), like `torch.cos`.
 *
 * @param input The tensor.
 * @returns The result (CosBackward0).
 *
 * @example
 * ```ts
 * import { cos, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(cos(tensor([0], { dtype: "float64" })).tolist(), [1]);
 * ```
 */
export function cos(input: Tensor): Tensor {
  return mathUnary("cos", input);
}

/**
 * The tangent (radians), like `torch.tan`.
 *
 * @param input The tensor.
 * @returns The result (TanBackward0).
 *
 * @example
 * ```ts
 * import { tan, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(tan(tensor([0], { dtype: "float64" })).tolist(), [0]);
 * ```
 */
export function tan(input: Tensor): Tensor {
  return mathUnary("tan", input);
}

/**
 * The inverse sine, like `torch.asin` (`torch.arcsin`); NaN outside [−1, 1].
 *
 * @param input The tensor.
 * @returns The result (AsinBackward0).
 *
 * @example
 * ```ts
 * import { asin, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(asin(tensor([0, 1], { dtype: "float64" })).tolist(), [0, Math.PI / 2]);
 * ```
 */
export function asin(input: Tensor): Tensor {
  return mathUnary("asin", input);
}

/**
 * The inverse cosine, like `torch.acos` (`torch.arccos`); NaN outside [−1, 1].
 *
 * @param input The tensor.
 * @returns The result (AcosBackward0).
 *
 * @example
 * ```ts
 * import { acos, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(acos(tensor([1, -1], { dtype: "float64" })).tolist(), [0, Math.PI]);
 * ```
 */
export function acos(input: Tensor): Tensor {
  return mathUnary("acos", input);
}

/**
 * The inverse tangent, like `torch.atan` (`torch.arctan`).
 *
 * @param input The tensor.
 * @returns The result (AtanBackward0).
 *
 * @example
 * ```ts
 * import { atan, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(atan(tensor([0, 1], { dtype: "float64" })).tolist(), [0, Math.PI / 4]);
 * ```
 */
export function atan(input: Tensor): Tensor {
  return mathUnary("atan", input);
}

/**
 * The hyperbolic sine, like `torch.sinh`.
 *
 * @param input The tensor.
 * @returns The result (SinhBackward0).
 *
 * @example
 * ```ts
 * import { sinh, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(sinh(tensor([0], { dtype: "float64" })).tolist(), [0]);
 * ```
 */
export function sinh(input: Tensor): Tensor {
  return mathUnary("sinh", input);
}

/**
 * The hyperbolic cosine, like `torch.cosh`.
 *
 * @param input The tensor.
 * @returns The result (CoshBackward0).
 *
 * @example
 * ```ts
 * import { cosh, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(cosh(tensor([0], { dtype: "float64" })).tolist(), [1]);
 * ```
 */
export function cosh(input: Tensor): Tensor {
  return mathUnary("cosh", input);
}

/**
 * The inverse hyperbolic sine, like `torch.asinh` (`torch.arcsinh`).
 *
 * @param input The tensor.
 * @returns The result (AsinhBackward0).
 *
 * @example
 * ```ts
 * import { asinh, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(asinh(tensor([0], { dtype: "float64" })).tolist(), [0]);
 * ```
 */
export function asinh(input: Tensor): Tensor {
  return mathUnary("asinh", input);
}

/**
 * The inverse hyperbolic cosine, like `torch.acosh` (`torch.arccosh`); NaN below 1.
 *
 * @param input The tensor.
 * @returns The result (AcoshBackward0).
 *
 * @example
 * ```ts
 * import { acosh, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(acosh(tensor([1], { dtype: "float64" })).tolist(), [0]);
 * ```
 */
export function acosh(input: Tensor): Tensor {
  return mathUnary("acosh", input);
}

/**
 * The inverse hyperbolic tangent, like `torch.atanh` (`torch.arctanh`); ±∞ at ±1.
 *
 * @param input The tensor.
 * @returns The result (AtanhBackward0).
 *
 * @example
 * ```ts
 * import { atanh, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(atanh(tensor([0, 1], { dtype: "float64" })).tolist(), [0, Infinity]);
 * ```
 */
export function atanh(input: Tensor): Tensor {
  return mathUnary("atanh", input);
}

/**
 * Rounds towards zero, like `torch.trunc` (`torch.fix`); int64 is returned as a copy. Its gradient is 0.
 *
 * @param input The tensor.
 * @returns The result (TruncBackward0).
 *
 * @example
 * ```ts
 * import { trunc, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(trunc(tensor([-1.5, 1.5])).tolist(), [-1, 1]);
 * ```
 */
export function trunc(input: Tensor): Tensor {
  return mathUnary("trunc", input);
}

/**
 * The fractional part `x − trunc(x)`, like `torch.frac` (floating point only). Its gradient is the incoming one.
 *
 * @param input The tensor.
 * @returns The result (FracBackward0).
 *
 * @example
 * ```ts
 * import { frac, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(frac(tensor([-1.5, 2.25])).tolist(), [-0.5, 0.25]);
 * ```
 */
export function frac(input: Tensor): Tensor {
  return mathUnary("frac", input);
}

/**
 * The sign of each element, like `torch.sgn` (for real tensors the same as `sign`; keeps int64 and bool). Its gradient is 0.
 *
 * @param input The tensor.
 * @returns The result (SgnBackward0).
 *
 * @example
 * ```ts
 * import { sgn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(sgn(tensor([-2, 0, 3])).tolist(), [-1, 0, 1]);
 * ```
 */
export function sgn(input: Tensor): Tensor {
  return mathUnary("sgn", input);
}

// ---- pow ----

/** Integer power as torch computes it: negative exponents give 1, ±1 or 0. */
function powInt(base: number, e: number): number {
  if (e < 0) {
    if (base === 1) return 1;
    if (base === -1) return e % 2 === 0 ? 1 : -1;
    return 0;
  }
  let r = 1;
  let b = base;
  let k = e;
  while (k > 0) {
    if (k & 1) r *= b;
    b *= b;
    k = Math.floor(k / 2);
  }
  return r;
}

/** C's pow: 1 for pow(1, anything) and pow(−1, ±∞), where JavaScript's Math.pow gives NaN. */
function cpow(x: number, e: number): number {
  if (x === 1) return 1;
  if (x === -1 && (e === Infinity || e === -Infinity)) return 1;
  return Math.pow(x, e);
}

/**
 * `x ** e` for a number exponent in a float dtype, with torch's special cases (2, 3, 0.5,
 * −0.5, −1, −2 are products, roots and divisions, not pow), each step rounded as torch's
 * float32 kernel does.
 */
function powScalarLoop(x: Data, e: number, out: Data, f32: boolean): void {
  const n = out.length;
  const r = f32 ? Math.fround : (v: number) => v;
  if (e === 2) { for (let i = 0; i < n; i++) out[i] = x[i] * x[i]; }
  else if (e === 3) { for (let i = 0; i < n; i++) out[i] = r(x[i] * x[i]) * x[i]; }
  else if (e === 0.5) { for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]); }
  else if (e === -0.5) { for (let i = 0; i < n; i++) out[i] = 1 / r(Math.sqrt(x[i])); }
  else if (e === -1) { for (let i = 0; i < n; i++) out[i] = 1 / x[i]; }
  else if (e === -2) { for (let i = 0; i < n; i++) out[i] = 1 / r(x[i] * x[i]); }
  else if (e === 0) out.fill(1);
  else {
    // torch casts the exponent to the tensor's dtype first (−1.7 is −1.70000005 in float32).
    const ef = r(e);
    for (let i = 0; i < n; i++) out[i] = cpow(x[i], ef);
  }
}

const NEGATIVE_INT_POWER = "Integers to negative integer powers are not allowed.";

/**
 * `base ** exponent` elementwise, like `torch.pow`: a tensor to a number power (PowBackward0),
 * to a tensor power (broadcast, PowBackward1), or a number to a tensor power
 * (`pow(2, t)`, PowBackward2). Dtypes follow torch's promotion: int64 stays int64 with an
 * integer exponent (a negative number exponent is torch's error; a negative tensor exponent
 * gives 1, ±1 or 0), a float exponent gives the default float dtype. Gradients follow torch's
 * formulas: 0 for exponent 0; the exponent's gradient `result · log(base)` is 0 where the base
 * is 0 and the exponent ≥ 0.
 *
 * @param base A tensor, or a number (then `exponent` must be a tensor).
 * @param exponent A number or a tensor.
 * @returns The power.
 *
 * @example Squares and a tensor exponent
 * ```ts
 * import { pow, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([1, 2, 3], { requires_grad: true });
 * const y = pow(x, 2);
 * assert.equal(String(y), "tensor([1., 4., 9.], grad_fn=<PowBackward0>)");
 * y.sum().backward();
 * assert.deepEqual(x.grad?.tolist(), [2, 4, 6]);
 * assert.deepEqual(pow(2, tensor([0n, 3n])).tolist(), [1, 8]);
 * ```
 */
export function pow(base: Tensor | number, exponent: Tensor | number | boolean): Tensor {
  if (typeof base === "number") {
    if (typeof exponent === "number") {
      throw new TypeError(
        `pow: expected a Tensor as base or exponent, got two numbers (${base}, ${exponent}); use Math.pow`,
      );
    }
    requireTensor(exponent, "pow(exponent)");
    return powTensor(operand(base, "pow"), operand(exponent, "pow(exponent)"), "PowBackward2");
  }
  requireTensor(base, "pow");
  if (typeof exponent === "number") return powScalar(base, exponent);
  if (typeof exponent === "boolean") return powScalar(base, exponent ? 1 : 0, true);
  requireTensor(exponent, "pow(exponent)");
  return powTensor(operand(base, "pow"), operand(exponent, "pow(exponent)"), "PowBackward1");
}

function checkNotBool(dtype: DType): void {
  if (dtype === "bool") {
    throw new TypeError(
      `pow: not implemented for bool results (torch: "pow" not implemented for 'Bool')`,
    );
  }
}

function powScalar(x: Tensor, e: number, boolExponent = false): Tensor {
  if (Number.isNaN(e) && !isFloating(x.dtype)) {
    throw new RangeError("pow: a NaN exponent needs a floating point tensor");
  }
  const dtype = boolExponent
    ? x.dtype
    : resultTypeOf([{ t: x, wrapped: false }, operand(e, "pow")]);
  checkNotBool(dtype);
  const xs = valuesOf(x, dtype);
  const out = allocate(dtype, x.numel());
  if (dtype === "int64") {
    if (e < 0) throw new RangeError(NEGATIVE_INT_POWER);
    for (let i = 0; i < out.length; i++) out[i] = powInt(xs[i], e);
    checkIntegers(out, "pow");
  } else powScalarLoop(xs, e, out, dtype === "float32");
  return result(out, x.shape, "PowBackward0", [x], (g) => {
    // pow_backward: grad · (e · x^(e−1)), and exactly 0 for e = 0.
    if (e === 0) return [zerosLike(g)];
    return [g.mul(pow(x, e - 1).mul(e))];
  }, { dtype, saved: [x] });
}

function powTensor(A: Operand, B: Operand, name: "PowBackward1" | "PowBackward2"): Tensor {
  const a = A.t;
  const b = B.t;
  const dtype = resultTypeOf([A, B]);
  checkNotBool(dtype);
  const shape = broadcastShapes(a.shape, b.shape, "pow");
  const ra = reader(a, dtype, shape);
  const rb = reader(b, dtype, shape);
  const out = allocate(dtype, numelOf(shape));
  const int = dtype === "int64";
  for (let i = 0; i < out.length; i++) {
    const x = ra.data[ra.idx === null ? i : ra.idx[i]];
    const e = rb.data[rb.idx === null ? i : rb.idx[i]];
    out[i] = int ? powInt(x, e) : cpow(x, e);
  }
  if (int) checkIntegers(out, "pow");
  const y: Tensor = result(out, shape, name, [a, b], (g) => {
    let ga: Tensor | null = null;
    if (a.requires_grad) {
      // pow_backward_self: 0 where the exponent is 0, else grad · (e · x^(e−1)).
      const d = g.mul(b.mul(pow(a, b.sub(1))));
      ga = sumTo(where(b.eq(0), 0, d), a.shape);
    }
    let gb: Tensor | null = null;
    if (b.requires_grad) {
      // pow_backward_exponent: 0 where base = 0 and exponent ≥ 0, else grad · (result · log x).
      const d = g.mul(y.mul(a.to(y.dtype).log()));
      gb = sumTo(where(a.eq(0).logical_and(b.ge(0)), 0, d), b.shape);
    }
    return [ga, gb];
  }, { dtype, saved: [a, b], saveOutput: true });
  return y;
}

// ---- clamp_min, clamp_max, maximum, minimum ----

type Bound = "min" | "max";

function clampBound(input: Tensor, bound: Tensor | number, which: Bound): Tensor {
  const op = which === "min" ? "clamp_min" : "clamp_max";
  requireTensor(input, op);
  if (typeof bound !== "number") requireTensor(bound, `${op}(${which})`);
  const X: Operand = { t: input, wrapped: false };
  const M = operand(bound, `${op}(${which})`);
  const dtype = resultTypeOf([X, M]);
  if (dtype === "int64" && typeof bound === "number" && Number.isNaN(bound)) {
    throw new RangeError(`${op}: a NaN bound needs a floating point tensor`);
  }
  const shape = broadcastShapes(input.shape, M.t.shape, op);
  const rx = reader(input, dtype, shape);
  const rm = reader(M.t, dtype, shape);
  const out = allocate(dtype, numelOf(shape));
  const lower = which === "min";
  for (let i = 0; i < out.length; i++) {
    const v = rx.data[rx.idx === null ? i : rx.idx[i]];
    const m = rm.data[rm.idx === null ? i : rm.idx[i]];
    // A NaN bound gives NaN; NaN input stays NaN (std::max/min as in torch's kernel).
    out[i] = m !== m ? m : lower ? (v < m ? m : v) : (v > m ? m : v);
  }
  const m = M.t;
  const tensorBound = typeof bound !== "number";
  const name = `${lower ? "ClampMin" : "ClampMax"}Backward${tensorBound ? 1 : 0}`;
  return result(out, shape, name, [input, m], (g) => {
    // The input's gradient passes inside the bound, the bound included; the bound's beyond it.
    const inside = lower ? input.ge(m) : input.le(m);
    const beyond = lower ? input.lt(m) : input.gt(m);
    return [
      input.requires_grad ? sumTo(where(inside, g, 0), input.shape) : null,
      m.requires_grad ? sumTo(where(beyond, g, 0), m.shape) : null,
    ];
  }, { dtype, saved: tensorBound ? [input, m] : [input] });
}

/**
 * `max(x, min)` elementwise, like `torch.clamp_min`: the lower half of `clamp`. The gradient
 * passes where `x ≥ min` (the bound included); a tensor bound gets it where `x < min`.
 *
 * @param input The tensor.
 * @param min A number or a tensor (broadcast).
 * @returns The result (ClampMinBackward0; ClampMinBackward1 for a tensor bound).
 *
 * @example
 * ```ts
 * import { clamp_min, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(clamp_min(tensor([-1, 0.5, 2]), 0).tolist(), [0, 0.5, 2]);
 * ```
 */
export function clamp_min(input: Tensor, min: Tensor | number): Tensor {
  return clampBound(input, min, "min");
}

/**
 * `min(x, max)` elementwise, like `torch.clamp_max`. The gradient passes where `x ≤ max`.
 *
 * @param input The tensor.
 * @param max A number or a tensor (broadcast).
 * @returns The result (ClampMaxBackward0; ClampMaxBackward1 for a tensor bound).
 *
 * @example
 * ```ts
 * import { clamp_max, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(clamp_max(tensor([-1, 0.5, 2]), 1).tolist(), [-1, 0.5, 1]);
 * ```
 */
export function clamp_max(input: Tensor, max: Tensor | number): Tensor {
  return clampBound(input, max, "max");
}

/** Options of `clamp` and `clip`, with torch's keys. */
export interface ClampOptions {
  /** Lower bound (a number or a tensor), or null. */
  min?: Tensor | number | null;
  /** Upper bound (a number or a tensor), or null. */
  max?: Tensor | number | null;
}

const bound = (v: unknown) =>
  typeof v === "number" || (typeof v === "object" && v !== null && "shape" in v && "dtype" in v)
    ? null
    : "a number or a Tensor";

const CLAMP = [
  { name: "min", kind: bound, default: null },
  { name: "max", kind: bound, default: null },
] as const;

/**
 * The bounds of a clamp call given by position or keyword (`clamp(x, { min: 0 })`).
 *
 * @param where The op's name, for errors.
 * @param rest The arguments after the input.
 * @returns `min` and `max` (null when absent).
 */
export function clampBounds(
  where: string,
  rest: readonly unknown[],
): { min: Tensor | number | null; max: Tensor | number | null } {
  if (!rest.some(isOptionsObject)) {
    return {
      min: (rest[0] ?? null) as Tensor | number | null,
      max: (rest[1] ?? null) as Tensor | number | null,
    };
  }
  return bind(where, CLAMP, rest) as {
    min: Tensor | number | null;
    max: Tensor | number | null;
  };
}

/**
 * Clamps into `[min, max]`, like `torch.clamp(x, min, max)`: either bound may be null, and
 * both may come by keyword (`torch.clamp(x, min=1e-8)` → `clamp(x, { min: 1e-8 })`).
 *
 * @param input The tensor.
 * @param rest `min`, `max` (numbers, tensors or null) by position or in an options object.
 * @returns The clamped tensor (ClampBackward1; ClampBackward0 for tensor bounds).
 *
 * @example
 * ```ts
 * import { clamp, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(clamp(tensor([-1, 0.5, 2]), 0, 1).tolist(), [0, 0.5, 1]);
 * assert.deepEqual(clamp(tensor([-1, 0.5, 2]), { min: 0 }).tolist(), [0, 0.5, 2]);
 * ```
 */
export function clamp(
  input: Tensor,
  ...rest: [
    min?: Tensor | number | null | ClampOptions,
    max?: Tensor | number | null,
    options?: ClampOptions,
  ]
): Tensor {
  const { min, max } = clampBounds("clamp", rest);
  return clampOp(input, min, max);
}

function extremum(a: Tensor, b: Tensor, op: "maximum" | "minimum"): Tensor {
  requireTensor(a, op);
  if (typeof b === "number") {
    throw new TypeError(
      `${op}(): argument 'other' (position 2) must be Tensor, not number (use clamp_${
        op === "maximum" ? "min" : "max"
      } for a number)`,
    );
  }
  requireTensor(b, `${op}(other)`);
  const A: Operand = { t: a, wrapped: false };
  const B: Operand = { t: b, wrapped: false };
  const dtype = resultTypeOf([A, B]);
  const shape = broadcastShapes(a.shape, b.shape, op);
  const ra = reader(a, dtype, shape);
  const rb = reader(b, dtype, shape);
  const out = allocate(dtype, numelOf(shape));
  const max = op === "maximum";
  for (let i = 0; i < out.length; i++) {
    const x = ra.data[ra.idx === null ? i : ra.idx[i]];
    const y = rb.data[rb.idx === null ? i : rb.idx[i]];
    // NaN in either operand propagates, as torch's maximum/minimum (unlike fmax/fmin).
    out[i] = x !== x ? x : y !== y ? y : max ? (x > y ? x : y) : (x < y ? x : y);
  }
  const name = max ? "MaximumBackward0" : "MinimumBackward0";
  return result(out, shape, name, [a, b], (g) => {
    // Ties split the gradient equally; the loser gets 0 (NaN compares neither way: both get g).
    const split = where(a.eq(b), g.div(2), g);
    const aLoses = max ? a.lt(b) : a.gt(b);
    const bLoses = max ? a.gt(b) : a.lt(b);
    return [
      a.requires_grad ? sumTo(where(aLoses, 0, split), a.shape) : null,
      b.requires_grad ? sumTo(where(bLoses, 0, split), b.shape) : null,
    ];
  }, { dtype, saved: [a, b] });
}

/**
 * The larger of two tensors elementwise (broadcast), like `torch.maximum`; NaN propagates.
 * At ties the gradient is split equally between the two, as torch's.
 *
 * @param input A tensor.
 * @param other A tensor (for a number, use `clamp_min`).
 * @returns The result (MaximumBackward0).
 *
 * @example
 * ```ts
 * import { maximum, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(maximum(tensor([1, 5]), tensor([3, 2])).tolist(), [3, 5]);
 * ```
 */
export function maximum(input: Tensor, other: Tensor): Tensor {
  return extremum(input, other, "maximum");
}

/**
 * The smaller of two tensors elementwise (broadcast), like `torch.minimum`; NaN propagates.
 *
 * @param input A tensor.
 * @param other A tensor (for a number, use `clamp_max`).
 * @returns The result (MinimumBackward0).
 *
 * @example
 * ```ts
 * import { minimum, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(minimum(tensor([1, 5]), tensor([3, 2])).tolist(), [1, 2]);
 * ```
 */
export function minimum(input: Tensor, other: Tensor): Tensor {
  return extremum(input, other, "minimum");
}

// ---- lerp ----

/**
 * `start + weight · (end − start)`, like `torch.lerp`, computed as torch does
 * (`end − (end − start) · (1 − weight)` when |weight| ≥ 0.5, each a fused multiply-add, bit
 * for bit in float32); start, end
 * and a tensor weight must share one float dtype and broadcast together.
 *
 * @param start The tensor at weight 0.
 * @param end The tensor at weight 1.
 * @param weight A number or a tensor.
 * @returns The interpolation (LerpBackward0; LerpBackward1 for a tensor weight).
 *
 * @example
 * ```ts
 * import { lerp, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(lerp(tensor([0, 1]), tensor([2, 3]), 0.75).tolist(), [1.5, 2.5]);
 * ```
 */
export function lerp(start: Tensor, end: Tensor, weight: Tensor | number): Tensor {
  requireTensor(start, "lerp");
  requireTensor(end, "lerp(end)");
  if (typeof weight !== "number") requireTensor(weight, "lerp(weight)");
  const dtype = start.dtype;
  if (!isFloating(dtype)) {
    throw new TypeError(
      `lerp: expected floating point tensors, got ${dtype} (torch: "lerp_kernel" not implemented for '${
        dtype === "int64" ? "Long" : "Bool"
      }')`,
    );
  }
  const TYPE = dtype === "float32" ? "float" : "double";
  for (const [what, t] of [["end", end], ["weight", weight]] as const) {
    if (typeof t === "object" && t.dtype !== dtype) {
      throw new TypeError(
        `lerp: expected dtype ${TYPE} for \`${what}\` but got dtype ${t.dtype} (start is ${dtype})`,
      );
    }
  }
  const w = typeof weight === "number" ? null : weight;
  let shape = broadcastShapes(start.shape, end.shape, "lerp");
  if (w !== null) shape = broadcastShapes(shape, w.shape, "lerp");
  const rs = reader(start, dtype, shape);
  const re = reader(end, dtype, shape);
  const rw = w === null ? null : reader(w, dtype, shape);
  const f32 = dtype === "float32";
  const r = f32 ? Math.fround : (v: number) => v;
  const scalarW = typeof weight === "number" ? r(weight) : 0;
  const out = allocate(dtype, numelOf(shape));
  for (let i = 0; i < out.length; i++) {
    const s = rs.data[rs.idx === null ? i : rs.idx[i]];
    const e = re.data[re.idx === null ? i : re.idx[i]];
    const wt = rw === null ? scalarW : rw.data[rw.idx === null ? i : rw.idx[i]];
    const d = r(e - s);
    // torch's compiled kernel fuses the multiply-add (one rounding); in float32 the product of
    // two floats is exact in double, so adding in double and rounding once reproduces it.
    out[i] = Math.abs(wt) < 0.5 ? s + wt * d : e - d * r(1 - wt);
  }
  if (w === null) {
    const wv = weight as number;
    return result(out, shape, "LerpBackward0", [start, end], (g) => [
      start.requires_grad ? sumTo(g.mul(1 - wv), start.shape) : null,
      end.requires_grad ? sumTo(g.mul(wv), end.shape) : null,
    ], { dtype });
  }
  return result(out, shape, "LerpBackward1", [start, end, w], (g) => [
    start.requires_grad ? sumTo(g.mul(w.rsub(1)), start.shape) : null,
    end.requires_grad ? sumTo(g.mul(w), end.shape) : null,
    w.requires_grad ? sumTo(g.mul(end.sub(start)), w.shape) : null,
  ], { dtype, saved: [start, end, w] });
}

// ---- isnan, isinf, isfinite, nan_to_num ----

function classify(input: Tensor, op: "isnan" | "isinf" | "isfinite"): Tensor {
  requireTensor(input, op);
  const out = allocate("bool", input.numel(), undefined, input.shape) as Uint8Array;
  if (!isFloating(input.dtype)) {
    // Integers and bools are never NaN or infinite.
    if (op === "isfinite") out.fill(1);
    return fromData(out, input.shape, "bool");
  }
  const x = valuesOf(input, input.dtype);
  for (let i = 0; i < out.length; i++) {
    const v = x[i];
    const r = op === "isnan"
      ? v !== v
      : op === "isinf"
      ? v === Infinity || v === -Infinity
      : Number.isFinite(v);
    out[i] = r ? 1 : 0;
  }
  return fromData(out, input.shape, "bool");
}

/**
 * Where each element is NaN, like `torch.isnan`.
 *
 * @param input The tensor.
 * @returns A bool tensor.
 *
 * @example
 * ```ts
 * import { isnan, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(isnan(tensor([1, NaN])).tolist(), [false, true]);
 * ```
 */
export function isnan(input: Tensor): Tensor {
  return classify(input, "isnan");
}

/**
 * Where each element is +∞ or −∞, like `torch.isinf`.
 *
 * @param input The tensor.
 * @returns A bool tensor.
 *
 * @example Masking −∞ logits before a sum
 * ```ts
 * import { isinf, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const logits = tensor([0.5, -Infinity, 2]);
 * assert.deepEqual(isinf(logits).tolist(), [false, true, false]);
 * ```
 */
export function isinf(input: Tensor): Tensor {
  return classify(input, "isinf");
}

/**
 * Where each element is finite (not NaN or ±∞), like `torch.isfinite`.
 *
 * @param input The tensor.
 * @returns A bool tensor.
 *
 * @example
 * ```ts
 * import { isfinite, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(isfinite(tensor([1, NaN, Infinity])).tolist(), [true, false, false]);
 * ```
 */
export function isfinite(input: Tensor): Tensor {
  return classify(input, "isfinite");
}

/** Options of `nan_to_num`, with torch's keys. */
export interface NanToNumOptions {
  /** What NaN becomes. Default 0. */
  nan?: number;
  /** What +∞ becomes. Default (or null): the dtype's largest finite value. */
  posinf?: number | null;
  /** What −∞ becomes. Default (or null): the dtype's lowest finite value. */
  neginf?: number | null;
}

const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Replaces NaN, +∞ and −∞, like `torch.nan_to_num`: by default with 0 and the dtype's
 * largest and lowest finite values. Integer and bool tensors are returned as copies. The
 * gradient is 0 at the replaced elements.
 *
 * @param input The tensor.
 * @param options `nan`, `posinf`, `neginf`.
 * @returns The result (NanToNumBackward0).
 *
 * @example
 * ```ts
 * import { nan_to_num, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const t = tensor([NaN, Infinity, -Infinity, 1], { dtype: "float64" });
 * assert.deepEqual(nan_to_num(t).tolist(), [0, Number.MAX_VALUE, -Number.MAX_VALUE, 1]);
 * assert.deepEqual(nan_to_num(t, { nan: -1, posinf: 9 }).tolist(), [-1, 9, -Number.MAX_VALUE, 1]);
 * ```
 */
export function nan_to_num(input: Tensor, options?: NanToNumOptions): Tensor {
  requireTensor(input, "nan_to_num");
  checkOptionKeys(options, ["nan", "posinf", "neginf"], "nan_to_num");
  for (const key of ["nan", "posinf", "neginf"] as const) {
    const v = options?.[key];
    if (v !== undefined && v !== null && typeof v !== "number") {
      throw new TypeError(`nan_to_num: ${key} must be a number, got ${describe(v)}`);
    }
  }
  const dtype = input.dtype;
  const x = valuesOf(input, dtype);
  const out = allocate(dtype, x.length);
  if (!isFloating(dtype)) {
    out.set(x);
    return fromData(out, input.shape, dtype);
  }
  const big = dtype === "float32" ? FLOAT32_MAX : Number.MAX_VALUE;
  const nan = options?.nan ?? 0;
  const posinf = options?.posinf ?? big;
  const neginf = options?.neginf ?? -big;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = v !== v ? nan : v === Infinity ? posinf : v === -Infinity ? neginf : v;
  }
  return result(out, input.shape, "NanToNumBackward0", [input], (g) => [
    g.mul(isfinite(input)),
  ], { dtype, saved: [input] });
}

// ---- softmax as torch functions (torch.softmax(x, dim)) ----

/**
 * `softmax` along `dim`, like `torch.softmax(input, dim, dtype=None)` (a `dtype` casts the
 * input first).
 *
 * @param input The tensor.
 * @param rest `dim` (the dim that sums to 1) and `dtype`, by position or in an options object.
 * @returns The probabilities (SoftmaxBackward0).
 *
 * @example
 * ```ts
 * import { softmax, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(softmax(tensor([0, 0]), -1)), "tensor([0.5000, 0.5000])");
 * assert.equal(softmax(tensor([0, 0]), { dim: 0, dtype: "float64" }).dtype, "float64");
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
  requireTensor(input, "softmax");
  return softmaxOp(input, ...rest);
}

/**
 * `log_softmax` along `dim`, like `torch.log_softmax(input, dim)`.
 *
 * @param input The tensor.
 * @param rest `dim` (the dim normalised over) and `dtype` (cast the input first), by position
 * or in an options object.
 * @returns The log-probabilities (LogSoftmaxBackward0).
 *
 * @example
 * ```ts
 * import { log_softmax, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(log_softmax(tensor([0, 0]), -1)), "tensor([-0.6931, -0.6931])");
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
  requireTensor(input, "log_softmax");
  return logSoftmaxOp(input, ...rest);
}
