/**
 * Binary elementwise math with torch's names, dtypes and gradients: `atan2`, `hypot`,
 * `logaddexp`, `logaddexp2`, `fmax`, `fmin`, `remainder`, `fmod`, `float_power`, `addcmul`,
 * `addcdiv`, the tests `isclose`, `equal`, `isposinf`, `isneginf`, and the torch functions (and
 * numpy-style aliases) of the arithmetic and comparison methods: `add`, `sub` / `subtract`,
 * `mul` / `multiply`, `div` / `divide` / `true_divide`, `eq`, `ne` / `not_equal`, `lt` / `less`,
 * ... Each op's forward loop sits beside its backward, written with differentiable tensor ops
 * (derivatives.yaml's formulas).
 *
 * @module
 */

import { allocate, type Data, describe, type DType, isFloating } from "../tensor/dtype.ts";
import { bind } from "../tensor/args.ts";
import { broadcastShapes, numelOf } from "../tensor/shape.ts";
import { fromData, requireTensor, result, Tensor } from "../tensor/tensor.ts";
import {
  add as addOp,
  binary,
  checkIntegers,
  compare,
  div as divOp,
  type DivOptions,
  logicalNot,
  type Operand,
  operand,
  reader,
  resultTypeOf,
  sub as subOp,
  unary,
  valuesOf,
  where,
} from "./elementwise.ts";
import { sumTo } from "./reduce.ts";
import { abs as absOp, clampBounds, type ClampOptions, pow } from "./math.ts";
import { clamp as clampOp } from "./elementwise.ts";

const LN2 = Math.LN2;

/** The torch name of a dtype in kernel errors (`'Long'`, `'Bool'`, ...). */
function kernelTypeName(dtype: DType): string {
  return { float32: "Float", float64: "Double", int64: "Long", bool: "Bool" }[dtype];
}

/** torch's error for a second argument that must be a tensor. */
function requireOther(op: string, other: unknown): asserts other is Tensor {
  if (!(other instanceof Tensor)) {
    throw new TypeError(
      `${op}(): argument 'other' (position 2) must be Tensor, not ${
        typeof other === "number" ? (Number.isInteger(other) ? "int" : "float") : describe(other)
      }`,
    );
  }
}

type Loop = (x: number, y: number) => number;

/**
 * Runs `f` over the broadcast operands in `dtype`, rounding each result to the dtype on store;
 * int64 results are checked for exactness.
 */
function broadcastLoop(
  A: Operand,
  B: Operand,
  dtype: DType,
  op: string,
  f: Loop,
): { out: Data; shape: number[] } {
  const shape = broadcastShapes(A.t.shape, B.t.shape, op);
  const ra = reader(A.t, dtype, shape);
  const rb = reader(B.t, dtype, shape);
  const out = allocate(dtype, numelOf(shape));
  const x = ra.data;
  const y = rb.data;
  const xi = ra.idx;
  const yi = rb.idx;
  for (let i = 0; i < out.length; i++) {
    out[i] = f(x[xi === null ? i : xi[i]], y[yi === null ? i : yi[i]]);
  }
  if (dtype === "int64") checkIntegers(out, op);
  return { out, shape };
}

/** The dtype of a floating-point-only binary op (hypot, logaddexp), with torch's kernel error. */
function floatOnly(op: string, A: Operand, B: Operand): DType {
  const dtype = resultTypeOf([A, B]);
  if (!isFloating(dtype)) {
    throw new TypeError(
      `${op}: "${op}_cpu" not implemented for '${kernelTypeName(dtype)}' (convert with .float())`,
    );
  }
  return dtype;
}

// ---- atan2, hypot, logaddexp, logaddexp2 ----

/**
 * The angle of the point `(other, input)`, `atan2(input, other)` elementwise (broadcast), like
 * `torch.atan2` (`torch.arctan2`); integers and bools give the default float dtype.
 *
 * @param input The y coordinates.
 * @param other The x coordinates (a tensor, as torch requires).
 * @returns Angles in [−π, π] (Atan2Backward0).
 *
 * @example
 * ```ts
 * import { atan2, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const y = tensor([1, -1], { dtype: "float64" });
 * assert.deepEqual(atan2(y, tensor([0, 0], { dtype: "float64" })).tolist(), [Math.PI / 2, -Math.PI / 2]);
 * ```
 */
export function atan2(input: Tensor, other: Tensor): Tensor {
  requireTensor(input, "atan2");
  requireOther("atan2", other);
  const A = operand(input, "atan2");
  const B = operand(other, "atan2");
  let dtype = resultTypeOf([A, B]);
  if (!isFloating(dtype)) dtype = "float32";
  const { out, shape } = broadcastLoop(A, B, dtype, "atan2", Math.atan2);
  return result(out, shape, "Atan2Backward0", [input, other], (g) => {
    // atan2_backward: 1 / (y² + x²) times x for y, −y for x.
    const recip = input.mul(input).add(other.mul(other)).reciprocal();
    return [
      input.requires_grad ? sumTo(g.mul(other).mul(recip), input.shape) : null,
      other.requires_grad ? sumTo(g.mul(input.neg()).mul(recip), other.shape) : null,
    ];
  }, { dtype, saved: [input, other] });
}

/**
 * `atan2` under numpy's name, like `torch.arctan2`.
 *
 * @param input The y coordinates.
 * @param other The x coordinates.
 * @returns Angles in [−π, π] (Atan2Backward0).
 *
 * @example
 * ```ts
 * import { arctan2, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(arctan2(tensor([0], { dtype: "float64" }), tensor([-1], { dtype: "float64" })).tolist(), [Math.PI]);
 * ```
 */
export function arctan2(input: Tensor, other: Tensor): Tensor {
  return atan2(input, other);
}

/**
 * `sqrt(input² + other²)` elementwise without overflow, like `torch.hypot` (floating point only).
 *
 * @param input A tensor.
 * @param other A tensor (broadcast).
 * @returns The hypotenuse (HypotBackward0).
 *
 * @example
 * ```ts
 * import { hypot, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(hypot(tensor([3, 5]), tensor([4, 12])).tolist(), [5, 13]);
 * ```
 */
export function hypot(input: Tensor, other: Tensor): Tensor {
  requireTensor(input, "hypot");
  requireOther("hypot", other);
  const A = operand(input, "hypot");
  const B = operand(other, "hypot");
  const dtype = floatOnly("hypot", A, B);
  const { out, shape } = broadcastLoop(A, B, dtype, "hypot", Math.hypot);
  const y: Tensor = result(out, shape, "HypotBackward0", [input, other], (g) => [
    input.requires_grad ? sumTo(g.mul(input).div(y), input.shape) : null,
    other.requires_grad ? sumTo(g.mul(other).div(y), other.shape) : null,
  ], { dtype, saved: [input, other], saveOutput: true });
  return y;
}

function logAddExpLoop(base2: boolean): Loop {
  return (a, b) => {
    // torch: a where both are the same infinity, else max + log1p(exp(−|a − b|)).
    if (a === b && (a === Infinity || a === -Infinity)) return a;
    const m = a > b ? a : b;
    if (m !== m) return NaN;
    const d = -Math.abs(a - b);
    return base2 ? m + Math.log1p(Math.pow(2, d)) / LN2 : m + Math.log1p(Math.exp(d));
  };
}

/**
 * `log(exp(input) + exp(other))` computed stably, like `torch.logaddexp` (floating point only).
 *
 * @param input A tensor.
 * @param other A tensor (broadcast).
 * @returns The result (LogaddexpBackward0).
 *
 * @example
 * ```ts
 * import { logaddexp, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([0, 1000], { dtype: "float64" });
 * assert.deepEqual(logaddexp(x, x).tolist(), [Math.LN2, 1000 + Math.LN2]);
 * ```
 */
export function logaddexp(input: Tensor, other: Tensor): Tensor {
  requireTensor(input, "logaddexp");
  requireOther("logaddexp", other);
  const A = operand(input, "logaddexp");
  const B = operand(other, "logaddexp");
  const dtype = floatOnly("logaddexp", A, B);
  const { out, shape } = broadcastLoop(A, B, dtype, "logaddexp", logAddExpLoop(false));
  return result(out, shape, "LogaddexpBackward0", [input, other], (g) => [
    input.requires_grad ? sumTo(g.div(other.sub(input).exp().add(1)), input.shape) : null,
    other.requires_grad ? sumTo(g.div(input.sub(other).exp().add(1)), other.shape) : null,
  ], { dtype, saved: [input, other] });
}

/**
 * `log2(2^input + 2^other)` computed stably, like `torch.logaddexp2` (floating point only).
 *
 * @param input A tensor.
 * @param other A tensor (broadcast).
 * @returns The result (Logaddexp2Backward0).
 *
 * @example
 * ```ts
 * import { logaddexp2, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(logaddexp2(tensor([1, 3]), tensor([1, 3])).tolist(), [2, 4]);
 * ```
 */
export function logaddexp2(input: Tensor, other: Tensor): Tensor {
  requireTensor(input, "logaddexp2");
  requireOther("logaddexp2", other);
  const A = operand(input, "logaddexp2");
  const B = operand(other, "logaddexp2");
  const dtype = floatOnly("logaddexp2", A, B);
  const { out, shape } = broadcastLoop(A, B, dtype, "logaddexp2", logAddExpLoop(true));
  return result(out, shape, "Logaddexp2Backward0", [input, other], (g) => [
    input.requires_grad ? sumTo(g.div(pow(2, other.sub(input)).add(1)), input.shape) : null,
    other.requires_grad ? sumTo(g.div(pow(2, input.sub(other)).add(1)), other.shape) : null,
  ], { dtype, saved: [input, other] });
}

// ---- fmax, fmin ----

function fextremum(op: "fmax" | "fmin", input: Tensor, other: Tensor): Tensor {
  requireTensor(input, op);
  requireOther(op, other);
  const A = operand(input, op);
  const B = operand(other, op);
  const dtype = resultTypeOf([A, B]);
  const max = op === "fmax";
  // NaN is ignored unless both are NaN (C's fmax / fmin).
  const f: Loop = max
    ? (a, b) => (a !== a ? b : b !== b ? a : a > b ? a : b)
    : (a, b) => (a !== a ? b : b !== b ? a : a < b ? a : b);
  const { out, shape } = broadcastLoop(A, B, dtype, op, f);
  const name = max ? "FmaxBackward0" : "FminBackward0";
  return result(out, shape, name, [input, other], (g) => {
    // derivatives.yaml: input wins where (input ≥ other) or other is NaN (≤ for fmin).
    const wins = (max ? input.ge(other) : input.le(other)).logical_or(other.isnan());
    return [
      input.requires_grad ? sumTo(where(wins, g, 0), input.shape) : null,
      other.requires_grad ? sumTo(where(wins, 0, g), other.shape) : null,
    ];
  }, { dtype, saved: [input, other] });
}

/**
 * The elementwise larger of two tensors ignoring NaN (NaN only where both are), like
 * `torch.fmax`; keeps the promoted dtype.
 *
 * @param input A tensor.
 * @param other A tensor (broadcast).
 * @returns The result (FmaxBackward0).
 *
 * @example
 * ```ts
 * import { fmax, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(fmax(tensor([1, NaN, NaN]), tensor([2, 3, NaN])).tolist(), [2, 3, NaN]);
 * ```
 */
export function fmax(input: Tensor, other: Tensor): Tensor {
  return fextremum("fmax", input, other);
}

/**
 * The elementwise smaller of two tensors ignoring NaN, like `torch.fmin`.
 *
 * @param input A tensor.
 * @param other A tensor (broadcast).
 * @returns The result (FminBackward0).
 *
 * @example
 * ```ts
 * import { fmin, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(fmin(tensor([1, NaN]), tensor([2, 3])).tolist(), [1, 3]);
 * ```
 */
export function fmin(input: Tensor, other: Tensor): Tensor {
  return fextremum("fmin", input, other);
}

// ---- remainder, fmod ----

function modulo(
  op: "remainder" | "fmod",
  input: Tensor | number,
  other: Tensor | number,
): Tensor {
  if (typeof input === "number") {
    if (op === "fmod") {
      throw new TypeError(
        "fmod() received an invalid combination of arguments - got (number, Tensor): the input must be a Tensor",
      );
    }
    requireTensor(other, "remainder(other)");
  } else requireTensor(input, op);
  if (typeof other !== "number") requireTensor(other, `${op}(other)`);
  const A = operand(input, op);
  const B = operand(other, `${op}(other)`);
  const dtype = resultTypeOf([A, B]);
  if (dtype === "bool") {
    throw new TypeError(`${op}: "${op}_cpu" not implemented for 'Bool' (convert with .long())`);
  }
  const int = dtype === "int64";
  const f32 = dtype === "float32";
  const f: Loop = op === "fmod"
    ? (a, b) => {
      if (int && b === 0) throw new RangeError(`${op}: ZeroDivisionError`);
      // + 0 turns an integer −0 into 0.
      return int ? (a % b) + 0 : a % b;
    }
    : (a, b) => {
      if (int && b === 0) throw new RangeError(`${op}: ZeroDivisionError`);
      // torch: the C remainder moved into the divisor's sign.
      let m = a % b;
      if (m !== 0 && (b < 0) !== (m < 0)) m = f32 ? Math.fround(m + b) : m + b;
      return int ? m + 0 : m;
    };
  const { out, shape } = broadcastLoop(A, B, dtype, op, f);
  const a = A.t;
  const b = B.t;
  const tensorOther = typeof other !== "number";
  const Name = op === "fmod" ? "Fmod" : "Remainder";
  const name = `${Name}Backward${tensorOther ? 1 : 0}`;
  return result(out, shape, name, [a, b], (g) => {
    // d/dinput = 1; d/dother = −floor(a / b) (remainder) or −trunc(a / b) (fmod).
    const mode: DivOptions = { rounding_mode: op === "fmod" ? "trunc" : "floor" };
    return [
      a.requires_grad ? sumTo(g, a.shape) : null,
      b.requires_grad ? sumTo(g.neg().mul(a.div(b, mode)), b.shape) : null,
    ];
  }, { dtype, saved: tensorOther ? [a, b] : [] });
}

/**
 * The remainder of `input / other` with the divisor's sign (Python's `%`), like
 * `torch.remainder`; keeps integer dtypes (an integer division by zero is an error).
 *
 * @param input A tensor (or a number when `other` is a tensor).
 * @param other A tensor or a number.
 * @returns The remainder (RemainderBackward0 for a number divisor, RemainderBackward1 for a tensor).
 *
 * @example
 * ```ts
 * import { remainder, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(remainder(tensor([-3, 3]), 2).tolist(), [1, 1]);
 * assert.deepEqual(remainder(tensor([-3n, 3n]), -2).tolist(), [-1, -1]);
 * ```
 */
export function remainder(input: Tensor | number, other: Tensor | number): Tensor {
  return modulo("remainder", input, other);
}

/**
 * The remainder of `input / other` with the dividend's sign (C's `fmod`), like `torch.fmod`;
 * keeps integer dtypes.
 *
 * @param input A tensor.
 * @param other A tensor or a number.
 * @returns The remainder (FmodBackward0 for a number divisor, FmodBackward1 for a tensor).
 *
 * @example
 * ```ts
 * import { fmod, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(fmod(tensor([-3, 3]), 2).tolist(), [-1, 1]);
 * ```
 */
export function fmod(input: Tensor, other: Tensor | number): Tensor {
  return modulo("fmod", input, other);
}

/**
 * `input ** exponent` in double precision, like `torch.float_power`: both are cast to float64
 * first (so the result is float64, and the gradient reaches a float32 input through the cast).
 *
 * @param input A tensor, or a number when `exponent` is a tensor.
 * @param exponent A tensor or a number.
 * @returns The float64 power (PowBackward0 / PowBackward1 / PowBackward2, as torch's).
 *
 * @example
 * ```ts
 * import { float_power, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const p = float_power(tensor([2n, 3n]), 2);
 * assert.equal(p.dtype, "float64");
 * assert.deepEqual(p.tolist(), [4, 9]);
 * ```
 */
export function float_power(input: Tensor | number, exponent: Tensor | number): Tensor {
  if (typeof input === "number") {
    requireTensor(exponent, "float_power(exponent)");
    return pow(input, (exponent as Tensor).to("float64"));
  }
  requireTensor(input, "float_power");
  const base = input.to("float64");
  if (typeof exponent === "number") return pow(base, exponent);
  requireTensor(exponent, "float_power(exponent)");
  return pow(base, exponent.to("float64"));
}

// ---- addcmul, addcdiv ----

const ADDC: readonly { name: string; kind: "number" }[] = [
  { name: "value", kind: "number" },
];

function addc(
  op: "addcmul" | "addcdiv",
  input: Tensor,
  tensor1: Tensor,
  tensor2: Tensor,
  rest: readonly unknown[],
): Tensor {
  requireTensor(input, op);
  requireTensor(tensor1, `${op}(tensor1)`);
  requireTensor(tensor2, `${op}(tensor2)`);
  const { value } = bind(op, [{ ...ADDC[0], default: 1, keywordOnly: true }], rest) as {
    value: number;
  };
  if (op === "addcdiv" && !isFloating(tensor1.dtype) && !isFloating(tensor2.dtype)) {
    throw new TypeError(
      "addcdiv: Integer division with addcdiv is no longer supported, and in a future release addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future addcdiv behavior is just the latter implementation: (input + value * tensor1 / tensor2), for all dtypes.",
    );
  }
  const ops = [input, tensor1, tensor2].map((t) => operand(t, op));
  const dtype = resultTypeOf(ops);
  let shape = broadcastShapes(input.shape, tensor1.shape, op);
  shape = broadcastShapes(shape, tensor2.shape, op);
  const r0 = reader(input, dtype, shape);
  const r1 = reader(tensor1, dtype, shape);
  const r2 = reader(tensor2, dtype, shape);
  const out = allocate(dtype, numelOf(shape));
  const f32 = dtype === "float32";
  const r = f32 ? Math.fround : (v: number) => v;
  const v = r(value);
  for (let i = 0; i < out.length; i++) {
    const s = r0.data[r0.idx === null ? i : r0.idx[i]];
    const a = r1.data[r1.idx === null ? i : r1.idx[i]];
    const b = r2.data[r2.idx === null ? i : r2.idx[i]];
    // torch's kernel: self + (value · t1) · t2 (or / t2), each step in the dtype.
    out[i] = s + (op === "addcmul" ? r(r(v * a) * b) : r(r(v * a) / b));
  }
  if (dtype === "int64") checkIntegers(out, op);
  const name = op === "addcmul" ? "AddcmulBackward0" : "AddcdivBackward0";
  return result(out, shape, name, [input, tensor1, tensor2], (g) => {
    const mul = op === "addcmul";
    return [
      input.requires_grad ? sumTo(g, input.shape) : null,
      tensor1.requires_grad
        ? sumTo(mul ? g.mul(tensor2).mul(value) : g.mul(value).div(tensor2), tensor1.shape)
        : null,
      tensor2.requires_grad
        ? sumTo(
          mul
            ? g.mul(tensor1).mul(value)
            : g.neg().mul(value).mul(tensor1).div(tensor2.mul(tensor2)),
          tensor2.shape,
        )
        : null,
    ];
  }, { dtype, saved: [tensor1, tensor2] });
}

/**
 * `input + value · tensor1 · tensor2` elementwise (broadcast), like
 * `torch.addcmul(input, tensor1, tensor2, *, value=1)`.
 *
 * @param input The tensor added to.
 * @param tensor1 The first factor.
 * @param tensor2 The second factor.
 * @param rest `{ value }` (torch's keyword-only scale, default 1).
 * @returns The result (AddcmulBackward0).
 *
 * @example
 * ```ts
 * import { addcmul, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const r = addcmul(tensor([1, 1]), tensor([2, 3]), tensor([4, 5]), { value: 0.5 });
 * assert.deepEqual(r.tolist(), [5, 8.5]);
 * ```
 */
export function addcmul(
  input: Tensor,
  tensor1: Tensor,
  tensor2: Tensor,
  ...rest: [options?: { value?: number }]
): Tensor {
  return addc("addcmul", input, tensor1, tensor2, rest);
}

/**
 * `input + value · tensor1 / tensor2` elementwise (broadcast), like
 * `torch.addcdiv(input, tensor1, tensor2, *, value=1)`; two integer factors are refused, as in
 * torch.
 *
 * @param input The tensor added to.
 * @param tensor1 The numerator.
 * @param tensor2 The denominator.
 * @param rest `{ value }` (torch's keyword-only scale, default 1).
 * @returns The result (AddcdivBackward0).
 *
 * @example
 * ```ts
 * import { addcdiv, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const r = addcdiv(tensor([1, 1]), tensor([2, 3]), tensor([4, 6]), { value: 2 });
 * assert.deepEqual(r.tolist(), [2, 2]);
 * ```
 */
export function addcdiv(
  input: Tensor,
  tensor1: Tensor,
  tensor2: Tensor,
  ...rest: [options?: { value?: number }]
): Tensor {
  return addc("addcdiv", input, tensor1, tensor2, rest);
}

// ---- isclose, equal, isposinf, isneginf ----

const ISCLOSE = [
  { name: "rtol", kind: "number", default: 1e-5 },
  { name: "atol", kind: "number", default: 1e-8 },
  { name: "equal_nan", kind: "bool", default: false },
] as const;

/** Options of `isclose`, with torch's keys. */
export interface IscloseOptions {
  /** Relative tolerance. Default 1e-5. */
  rtol?: number;
  /** Absolute tolerance. Default 1e-8. */
  atol?: number;
  /** Whether NaN equals NaN. Default false. */
  equal_nan?: boolean;
}

/**
 * Where `|input − other| ≤ atol + rtol · |other|` (or the two are equal, infinities included),
 * like `torch.isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False)`. Both tensors
 * must have the same dtype, as in torch.
 *
 * @param input A tensor.
 * @param other A tensor (broadcast).
 * @param rest `rtol`, `atol`, `equal_nan` by position or in an options object.
 * @returns A bool tensor.
 *
 * @example
 * ```ts
 * import { isclose, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const a = tensor([1, 2, NaN]);
 * assert.deepEqual(isclose(a, tensor([1.000001, 2.1, NaN])).tolist(), [true, false, false]);
 * assert.deepEqual(isclose(a, tensor([1, 2.1, NaN]), { atol: 0.2, equal_nan: true }).tolist(), [true, true, true]);
 * ```
 */
export function isclose(
  input: Tensor,
  other: Tensor,
  ...rest: [
    rtol?: number | IscloseOptions,
    atol?: number,
    equal_nan?: boolean,
    options?: IscloseOptions,
  ]
): Tensor {
  requireTensor(input, "isclose");
  requireOther("isclose", other);
  const { rtol, atol, equal_nan } = bind("isclose", ISCLOSE, rest) as {
    rtol: number;
    atol: number;
    equal_nan: boolean;
  };
  if (input.dtype !== other.dtype) {
    throw new TypeError(
      `isclose: ${kernelTypeName(input.dtype)} did not match ${kernelTypeName(other.dtype)}`,
    );
  }
  if (rtol < 0) {
    throw new RangeError(`isclose: rtol must be greater than or equal to zero, but got ${rtol}`);
  }
  if (atol < 0) {
    throw new RangeError(`isclose: atol must be greater than or equal to zero, but got ${atol}`);
  }
  const dtype = input.dtype;
  const shape = broadcastShapes(input.shape, other.shape, "isclose");
  const ra = reader(input, dtype, shape);
  const rb = reader(other, dtype, shape);
  const out = allocate("bool", numelOf(shape), undefined, shape) as Uint8Array;
  // torch computes the tolerance in the dtype (float32 rounds atol + rtol·|b|).
  const r = dtype === "float32" ? Math.fround : (v: number) => v;
  const bool = dtype === "bool";
  for (let i = 0; i < out.length; i++) {
    const a = ra.data[ra.idx === null ? i : ra.idx[i]];
    const b = rb.data[rb.idx === null ? i : rb.idx[i]];
    let close = a === b || (equal_nan && a !== a && b !== b);
    if (!close && !bool && Number.isFinite(a) && Number.isFinite(b)) {
      close = r(Math.abs(a - b)) <= r(atol + r(rtol * Math.abs(b)));
    }
    out[i] = close ? 1 : 0;
  }
  return fromData(out, shape, "bool");
}

/**
 * Whether two tensors have the same size and elements, like `torch.equal` (a boolean;
 * NaN is never equal).
 *
 * @param input A tensor.
 * @param other A tensor.
 * @returns true when sizes and all elements are equal.
 *
 * @example
 * ```ts
 * import { equal, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(equal(tensor([1, 2]), tensor([1, 2])), true);
 * assert.equal(equal(tensor([1, 2]), tensor([1, 2, 3])), false);
 * ```
 */
export function equal(input: Tensor, other: Tensor): boolean {
  requireTensor(input, "equal");
  requireOther("equal", other);
  if (input.dim() !== other.dim() || input.shape.some((s, i) => s !== other.shape[i])) {
    return false;
  }
  const dtype = resultTypeOf([operand(input, "equal"), operand(other, "equal")]);
  const a = valuesOf(input, dtype);
  const b = valuesOf(other, dtype);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function infTest(input: Tensor, op: "isposinf" | "isneginf"): Tensor {
  requireTensor(input, op);
  const out = allocate("bool", input.numel(), undefined, input.shape) as Uint8Array;
  if (isFloating(input.dtype)) {
    const x = valuesOf(input, input.dtype);
    const target = op === "isposinf" ? Infinity : -Infinity;
    for (let i = 0; i < x.length; i++) out[i] = x[i] === target ? 1 : 0;
  }
  return fromData(out, input.shape, "bool");
}

/**
 * Where each element is +∞, like `torch.isposinf`.
 *
 * @param input The tensor.
 * @returns A bool tensor.
 *
 * @example
 * ```ts
 * import { isposinf, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(isposinf(tensor([Infinity, -Infinity, 1])).tolist(), [true, false, false]);
 * ```
 */
export function isposinf(input: Tensor): Tensor {
  return infTest(input, "isposinf");
}

/**
 * Where each element is −∞, like `torch.isneginf`.
 *
 * @param input The tensor.
 * @returns A bool tensor.
 *
 * @example
 * ```ts
 * import { isneginf, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(isneginf(tensor([Infinity, -Infinity, 1])).tolist(), [false, true, false]);
 * ```
 */
export function isneginf(input: Tensor): Tensor {
  return infTest(input, "isneginf");
}

// ---- the arithmetic and comparison methods as torch functions, and their aliases ----

const ALPHA = [{ name: "alpha", kind: "number", default: 1, keywordOnly: true }] as const;

/** Options of `add` and `sub`, with torch's keyword. */
export interface AlphaOptions {
  /** The factor on `other`. Default 1. */
  alpha?: number;
}

/**
 * `input + alpha · other` (broadcast, promoted), like `torch.add(input, other, *, alpha=1)`.
 *
 * @param input A tensor (or a number when `other` is a tensor).
 * @param other A tensor or a number.
 * @param rest `{ alpha }`.
 * @returns The sum (AddBackward0).
 *
 * @example
 * ```ts
 * import { add, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(add(tensor([1, 2]), tensor([3, 4]), { alpha: 2 }).tolist(), [7, 10]);
 * ```
 */
export function add(
  input: Tensor | number,
  other: Tensor | number,
  ...rest: [options?: AlphaOptions]
): Tensor {
  const { alpha } = bind("add", ALPHA, rest) as { alpha: number };
  if (typeof input === "number") {
    requireTensor(other, "add(other)");
    return (other as Tensor).mul(alpha).add(input);
  }
  return addOp(input, other, alpha);
}

/**
 * `input − alpha · other`, like `torch.sub(input, other, *, alpha=1)`.
 *
 * @param input A tensor (or a number when `other` is a tensor).
 * @param other A tensor or a number.
 * @param rest `{ alpha }`.
 * @returns The difference (SubBackward0).
 *
 * @example
 * ```ts
 * import { sub, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(sub(tensor([5, 5]), tensor([1, 2])).tolist(), [4, 3]);
 * ```
 */
export function sub(
  input: Tensor | number,
  other: Tensor | number,
  ...rest: [options?: AlphaOptions]
): Tensor {
  const { alpha } = bind("sub", ALPHA, rest) as { alpha: number };
  if (typeof input === "number") {
    requireTensor(other, "sub(other)");
    return binary("sub", input, (other as Tensor).mul(alpha));
  }
  return subOp(input, other, alpha);
}

/**
 * `sub` under numpy's name, like `torch.subtract`.
 *
 * @param input A tensor.
 * @param other A tensor or a number.
 * @param rest `{ alpha }`.
 * @returns The difference (SubBackward0).
 *
 * @example
 * ```ts
 * import { subtract, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(subtract(tensor([5]), 2).tolist(), [3]);
 * ```
 */
export function subtract(
  input: Tensor | number,
  other: Tensor | number,
  ...rest: [options?: AlphaOptions]
): Tensor {
  return sub(input, other, ...rest);
}

/**
 * `input · other` (broadcast, promoted), like `torch.mul`.
 *
 * @param input A tensor (or a number when `other` is a tensor).
 * @param other A tensor or a number.
 * @returns The product (MulBackward0).
 *
 * @example
 * ```ts
 * import { mul, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(mul(tensor([1, 2]), 3).tolist(), [3, 6]);
 * ```
 */
export function mul(input: Tensor | number, other: Tensor | number): Tensor {
  return binary("mul", input, other);
}

/**
 * `mul` under numpy's name, like `torch.multiply`.
 *
 * @param input A tensor.
 * @param other A tensor or a number.
 * @returns The product (MulBackward0).
 *
 * @example
 * ```ts
 * import { multiply, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(multiply(tensor([1, 2]), tensor([3, 4])).tolist(), [3, 8]);
 * ```
 */
export function multiply(input: Tensor | number, other: Tensor | number): Tensor {
  return mul(input, other);
}

/**
 * `input / other` (integers give floats), like `torch.div(input, other, *, rounding_mode=None)`;
 * `rounding_mode` `"trunc"` or `"floor"` rounds the quotient and keeps integer dtypes.
 *
 * @param input A tensor (or a number when `other` is a tensor).
 * @param other A tensor or a number.
 * @param options `{ rounding_mode }`.
 * @returns The quotient (DivBackward0; DivBackward2 with a rounding mode).
 *
 * @example
 * ```ts
 * import { div, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(div(tensor([7n, -7n]), 2).tolist(), [3.5, -3.5]);
 * assert.deepEqual(div(tensor([7n, -7n]), 2, { rounding_mode: "floor" }).tolist(), [3, -4]);
 * ```
 */
export function div(input: Tensor | number, other: Tensor | number, options?: DivOptions): Tensor {
  if (typeof input === "number") {
    requireTensor(other, "div(other)");
    if (options?.rounding_mode) {
      return divOp(operand(input, "div").t, other as Tensor, options);
    }
    return binary("div", input, other);
  }
  return divOp(input, other, options);
}

/**
 * `div` under numpy's name, like `torch.divide`.
 *
 * @param input A tensor.
 * @param other A tensor or a number.
 * @param options `{ rounding_mode }`.
 * @returns The quotient.
 *
 * @example
 * ```ts
 * import { divide, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(divide(tensor([3]), 2).tolist(), [1.5]);
 * ```
 */
export function divide(
  input: Tensor | number,
  other: Tensor | number,
  options?: DivOptions,
): Tensor {
  return div(input, other, options);
}

/**
 * True division (no rounding mode), like `torch.true_divide`.
 *
 * @param input A tensor.
 * @param other A tensor or a number.
 * @returns The quotient (DivBackward0).
 *
 * @example
 * ```ts
 * import { tensor, true_divide } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(true_divide(tensor([3n]), 2).tolist(), [1.5]);
 * ```
 */
export function true_divide(input: Tensor | number, other: Tensor | number): Tensor {
  return div(input, other);
}

/**
 * `floor(input / other)`, keeping integer dtypes, like `torch.floor_divide` (Python's `//`).
 *
 * @param input A tensor.
 * @param other A tensor or a number.
 * @returns The floored quotient.
 *
 * @example
 * ```ts
 * import { floor_divide, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(floor_divide(tensor([7n, -7n]), 2).tolist(), [3, -4]);
 * ```
 */
export function floor_divide(input: Tensor | number, other: Tensor | number): Tensor {
  return binary("floor_divide", input, other);
}

/**
 * The absolute value under numpy's name, like `torch.absolute`.
 *
 * @param input The tensor.
 * @returns |input| (AbsBackward0).
 *
 * @example
 * ```ts
 * import { absolute, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(absolute(tensor([-2, 3])).tolist(), [2, 3]);
 * ```
 */
export function absolute(input: Tensor): Tensor {
  return absOp(input);
}

/**
 * `−input` under numpy's name, like `torch.negative`.
 *
 * @param input The tensor.
 * @returns The negation (NegBackward0).
 *
 * @example
 * ```ts
 * import { negative, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(negative(tensor([-2, 3])).tolist(), [2, -3]);
 * ```
 */
export function negative(input: Tensor): Tensor {
  requireTensor(input, "negative");
  return unary("neg", input);
}

/**
 * `clamp` under numpy's name, like `torch.clip(input, min, max)`.
 *
 * @param input The tensor.
 * @param rest `min`, `max` (numbers, tensors or null) by position or in an options object.
 * @returns The clamped tensor (ClampBackward1; ClampBackward0 for tensor bounds).
 *
 * @example
 * ```ts
 * import { clip, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(clip(tensor([-1, 0.5, 2]), 0, 1).tolist(), [0, 0.5, 1]);
 * ```
 */
export function clip(
  input: Tensor,
  ...rest: [
    min?: Tensor | number | null | ClipOptions,
    max?: Tensor | number | null,
    options?: ClipOptions,
  ]
): Tensor {
  const { min, max } = clampBounds("clip", rest);
  return clampOp(input, min, max);
}

/** Options of `clip`, with torch's keys (those of `clamp`). */
export type ClipOptions = ClampOptions;

/**
 * `input == other` elementwise (broadcast), like `torch.eq`.
 *
 * @param input A tensor.
 * @param other A tensor or a number.
 * @returns A bool tensor.
 *
 * @example
 * ```ts
 * import { eq, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(eq(tensor([1, 2]), 2).tolist(), [false, true]);
 * ```
 */
export function eq(input: Tensor, other: Tensor | number | boolean): Tensor {
  requireTensor(input, "eq");
  return compare("eq", input, other);
}

/**
 * `input != other` elementwise, like `torch.ne`.
 *
 * @param input A tensor.
 * @param other A tensor or a number.
 * @returns A bool tensor.
 *
 * @example
 * ```ts
 * import { ne, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(ne(tensor([1, 2]), 2).tolist(), [true, false]);
 * ```
 */
export function ne(input: Tensor, other: Tensor | number | boolean): Tensor {
  requireTensor(input, "ne");
  return compare("ne", input, other);
}

/**
 * `ne` under numpy's name, like `torch.not_equal`.
 *
 * @param input A tensor.
 * @param other A tensor or a number.
 * @returns A bool tensor.
 *
 * @example
 * ```ts
 * import { not_equal, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(not_equal(tensor([1, 2]), 2).tolist(), [true, false]);
 * ```
 */
export function not_equal(input: Tensor, other: Tensor | number | boolean): Tensor {
  return ne(input, other);
}

/**
 * `input < other` elementwise, like `torch.lt`.
 *
 * @param input A tensor.
 * @param other A tensor or a number.
 * @returns A bool tensor.
 *
 * @example
 * ```ts
 * import { lt, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(lt(tensor([1, 2]), 2).tolist(), [true, false]);
 * ```
 */
export function lt(input: Tensor, other: Tensor | number | boolean): Tensor {
  requireTensor(input, "lt");
  return compare("lt", input, other);
}

/**
 * `lt` under numpy's name, like `torch.less`.
 *
 * @param input A tensor.
 * @param other A tensor or a number.
 * @returns A bool tensor.
 *
 * @example
 * ```ts
 * import { less, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(less(tensor([1, 2]), 2).tolist(), [true, false]);
 * ```
 */
export function less(input: Tensor, other: Tensor | number | boolean): Tensor {
  return lt(input, other);
}

/**
 * `input <= other` elementwise, like `torch.le`.
 *
 * @param input A tensor.
 * @param other A tensor or a number.
 * @returns A bool tensor.
 *
 * @example
 * ```ts
 * import { le, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(le(tensor([1, 3]), 2).tolist(), [true, false]);
 * ```
 */
export function le(input: Tensor, other: Tensor | number | boolean): Tensor {
  requireTensor(input, "le");
  return compare("le", input, other);
}

/**
 * `le` under numpy's name, like `torch.less_equal`.
 *
 * @param input A tensor.
 * @param other A tensor or a number.
 * @returns A bool tensor.
 *
 * @example
 * ```ts
 * import { less_equal, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(less_equal(tensor([1, 3]), 2).tolist(), [true, false]);
 * ```
 */
export function less_equal(input: Tensor, other: Tensor | number | boolean): Tensor {
  return le(input, other);
}

/**
 * `input > other` elementwise, like `torch.gt`.
 *
 * @param input A tensor.
 * @param other A tensor or a number.
 * @returns A bool tensor.
 *
 * @example
 * ```ts
 * import { gt, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(gt(tensor([1, 3]), 2).tolist(), [false, true]);
 * ```
 */
export function gt(input: Tensor, other: Tensor | number | boolean): Tensor {
  requireTensor(input, "gt");
  return compare("gt", input, other);
}

/**
 * `gt` under numpy's name, like `torch.greater`.
 *
 * @param input A tensor.
 * @param other A tensor or a number.
 * @returns A bool tensor.
 *
 * @example
 * ```ts
 * import { greater, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(greater(tensor([1, 3]), 2).tolist(), [false, true]);
 * ```
 */
export function greater(input: Tensor, other: Tensor | number | boolean): Tensor {
  return gt(input, other);
}

/**
 * `input >= other` elementwise, like `torch.ge`.
 *
 * @param input A tensor.
 * @param other A tensor or a number.
 * @returns A bool tensor.
 *
 * @example
 * ```ts
 * import { ge, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(ge(tensor([1, 2]), 2).tolist(), [false, true]);
 * ```
 */
export function ge(input: Tensor, other: Tensor | number | boolean): Tensor {
  requireTensor(input, "ge");
  return compare("ge", input, other);
}

/**
 * `ge` under numpy's name, like `torch.greater_equal`.
 *
 * @param input A tensor.
 * @param other A tensor or a number.
 * @returns A bool tensor.
 *
 * @example
 * ```ts
 * import { greater_equal, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(greater_equal(tensor([1, 2]), 2).tolist(), [false, true]);
 * ```
 */
export function greater_equal(input: Tensor, other: Tensor | number | boolean): Tensor {
  return ge(input, other);
}

/**
 * Elementwise AND of truth values, like `torch.logical_and`.
 *
 * @param input A tensor.
 * @param other A tensor.
 * @returns A bool tensor.
 *
 * @example
 * ```ts
 * import { logical_and, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(logical_and(tensor([1, 0]), tensor([2, 2])).tolist(), [true, false]);
 * ```
 */
export function logical_and(input: Tensor, other: Tensor | number | boolean): Tensor {
  requireTensor(input, "logical_and");
  return compare("logical_and", input, other);
}

/**
 * Elementwise OR of truth values, like `torch.logical_or`.
 *
 * @param input A tensor.
 * @param other A tensor.
 * @returns A bool tensor.
 *
 * @example
 * ```ts
 * import { logical_or, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(logical_or(tensor([1, 0]), tensor([0, 0])).tolist(), [true, false]);
 * ```
 */
export function logical_or(input: Tensor, other: Tensor | number | boolean): Tensor {
  requireTensor(input, "logical_or");
  return compare("logical_or", input, other);
}

/**
 * Elementwise XOR of truth values, like `torch.logical_xor`.
 *
 * @param input A tensor.
 * @param other A tensor.
 * @returns A bool tensor.
 *
 * @example
 * ```ts
 * import { logical_xor, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(logical_xor(tensor([1, 0]), tensor([1, 1])).tolist(), [false, true]);
 * ```
 */
export function logical_xor(input: Tensor, other: Tensor | number | boolean): Tensor {
  requireTensor(input, "logical_xor");
  return compare("logical_xor", input, other);
}

/**
 * Elementwise NOT (true where the element is zero), like `torch.logical_not`.
 *
 * @param input A tensor.
 * @returns A bool tensor.
 *
 * @example
 * ```ts
 * import { logical_not, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(logical_not(tensor([1, 0])).tolist(), [false, true]);
 * ```
 */
export function logical_not(input: Tensor): Tensor {
  return logicalNot(input);
}
