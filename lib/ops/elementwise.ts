/**
 * Elementwise ops with broadcasting and torch's type promotion: arithmetic (add, sub, mul,
 * div, floor_divide, xlogy, neg, log, exp, clamp), comparisons (eq, ne, lt, le, gt, ge), logic
 * (logical_not/and/or/xor), `where` and `masked_fill`. Each op's forward loop and its gradient
 * formula sit together.
 *
 * Every op reads its inputs through their strides (the general loop, the reference) and takes
 * a flat loop when they are contiguous and of the output's shape.
 *
 * @module
 */

import {
  allocate,
  category,
  checkInt64,
  type Data,
  describe,
  type DType,
  get_default_dtype,
  isFloating,
  promoteTypes,
  scalarDType,
} from "../tensor/dtype.ts";
import {
  broadcastIndex,
  broadcastShapes,
  broadcastStrides,
  numelOf,
  offsetsOf,
  sameShape,
} from "../tensor/shape.ts";
import {
  contiguousData,
  fromData,
  requireTensor,
  result,
  storageOf,
  type Tensor,
} from "../tensor/tensor.ts";
import { checkOptionKeys } from "../tensor/options.ts";
import { collapseExpanded, sumTo } from "./reduce.ts";

/** The binary arithmetic ops. */
export type BinaryOp = "add" | "sub" | "mul" | "div" | "xlogy" | "floor_divide" | "div_trunc";
/** The unary ops. */
export type UnaryOp = "neg" | "log" | "exp";
/** The comparison and logical ops, which give bool tensors. */
export type CompareOp =
  | "eq"
  | "ne"
  | "lt"
  | "le"
  | "gt"
  | "ge"
  | "logical_and"
  | "logical_or"
  | "logical_xor";

/** Options of `div`, with torch's key. */
export interface DivOptions {
  /** `"trunc"` or `"floor"` rounds the quotient (integer dtypes stay integer); null: true division. */
  rounding_mode?: "trunc" | "floor" | null;
}

/** An operand: a tensor, or a JS number/boolean wrapped as a 0-dim tensor (torch's scalar). */
export interface Operand {
  readonly t: Tensor;
  readonly wrapped: boolean;
}

/** Wraps a JS number/boolean as torch's scalar operand; checks that anything else is a Tensor. */
export function operand(value: Tensor | number | boolean, where: string): Operand {
  if (typeof value === "number" || typeof value === "boolean") {
    const dtype = scalarDType(value);
    const data = dtype === "bool" ? new Uint8Array([value ? 1 : 0]) : new Float64Array([+value]);
    return { t: fromData(data, [], dtype), wrapped: true };
  }
  requireTensor(value, where);
  return { t: value, wrapped: false };
}

/**
 * torch's result type of an op's operands, like `torch.result_type`: tensors with dims decide;
 * a 0-dim tensor or a JS number only lifts the result to a higher category (bool < integer <
 * float), and a JS float counts as the default float dtype.
 *
 * @param operands Tensors, numbers (an integer is a Python int) and booleans.
 * @returns The dtype an elementwise op on them gives.
 *
 * @example
 * ```ts
 * import { result_type, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const labels = tensor([2n, 1n, 0n]);
 * assert.equal(result_type(labels, 2), "int64");
 * assert.equal(result_type(labels, 0.5), "float32");
 * assert.equal(result_type(tensor([1.5]), tensor(2, { dtype: "float64" })), "float32");
 * ```
 */
export function resultType(...operands: readonly (Tensor | number | boolean)[]): DType {
  return resultTypeOf(operands.map((v) => operand(v, "result_type")));
}

/** {@linkcode resultType} of operands already wrapped. */
export function resultTypeOf(operands: readonly Operand[]): DType {
  let dims: DType | undefined;
  let zero: DType | undefined;
  let wrapped: DType | undefined;
  for (const { t, wrapped: w } of operands) {
    if (t.dim() > 0) dims = dims === undefined ? t.dtype : promoteTypes(dims, t.dtype);
    else if (w) {
      const d = isFloating(t.dtype) ? get_default_dtype() : t.dtype;
      wrapped = wrapped === undefined ? d : promoteTypes(wrapped, d);
    } else zero = zero === undefined ? t.dtype : promoteTypes(zero, t.dtype);
  }
  return combine(dims, combine(zero, wrapped)) ?? get_default_dtype();
}

/** torch's combine_categories: the higher-priority dtype wins unless the lower is of a higher category. */
function combine(higher: DType | undefined, lower: DType | undefined): DType | undefined {
  if (higher === undefined) return lower;
  if (lower === undefined || category(higher) >= category(lower)) {
    return higher === "bool" && lower !== undefined ? promoteTypes(higher, lower) : higher;
  }
  return promoteTypes(higher, lower);
}

/** How an op reads one operand: its values in the compute dtype, and where each element sits. */
export interface Reader {
  readonly data: Data;
  /** Storage index of each output element; null: element i is `data[i]`. */
  readonly idx: Int32Array | null;
}

/** The values of `t` in `dtype`, laid out to be read for each element of `shape`. */
export function reader(t: Tensor, dtype: DType, shape: readonly number[]): Reader {
  if (t.dtype !== dtype) {
    // torch casts operands to the compute dtype first (a float32 op rounds an int64 first).
    const src = contiguousData(t);
    const data = allocate(dtype, src.length);
    if (dtype === "bool") { for (let i = 0; i < src.length; i++) data[i] = src[i] !== 0 ? 1 : 0; }
    else if (dtype === "int64") {
      for (let i = 0; i < src.length; i++) data[i] = checkInt64(Math.trunc(src[i]), "cast");
    } else data.set(src);
    return { data, idx: sameShape(t.shape, shape) ? null : broadcastIndex(t.shape, shape) };
  }
  const storage = storageOf(t).data;
  if (sameShape(t.shape, shape) && t.is_contiguous()) {
    const off = t.storage_offset();
    const n = numelOf(shape);
    return {
      data: off === 0 && storage.length === n ? storage : storage.subarray(off, off + n),
      idx: null,
    };
  }
  return {
    data: storage,
    idx: offsetsOf(shape, broadcastStrides(t.shape, t.stride(), shape), t.storage_offset()),
  };
}

const BINARY_NAMES: Record<BinaryOp, string> = {
  add: "AddBackward0",
  sub: "SubBackward0",
  mul: "MulBackward0",
  div: "DivBackward0",
  xlogy: "XlogyBackward0",
  floor_divide: "FloorDivideBackward0",
  div_trunc: "DivBackward1",
};

/** The dtype an op computes in, given its operands' result type. */
function computeDType(op: BinaryOp, type: DType): DType {
  if ((op === "div" || op === "xlogy") && !isFloating(type)) return get_default_dtype();
  return type;
}

function checkBoolArithmetic(op: BinaryOp, a: Tensor, b: Tensor): void {
  if (op !== "sub") return;
  if (a.dtype === "bool" && b.dtype === "bool") {
    throw new TypeError(
      "sub: Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.",
    );
  }
  if (a.dtype === "bool" || b.dtype === "bool") {
    throw new TypeError(
      "sub: Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.",
    );
  }
}

/**
 * `a op b` elementwise with NumPy broadcasting and torch's dtype promotion.
 *
 * @param op Which op.
 * @param a Left operand.
 * @param b Right operand (a JS number is a scalar: int64 if an integer, else float).
 * @param alpha For add/sub: the factor on `b`, as torch's `alpha`.
 * @returns The result, recorded for autograd.
 */
export function binary(
  op: BinaryOp,
  a: Tensor | number | boolean,
  b: Tensor | number | boolean,
  alpha: number = 1,
  name: string = BINARY_NAMES[op],
): Tensor {
  const A = operand(a, op);
  const B = operand(b, `${op}(other)`);
  const at = A.t;
  const bt = B.t;
  checkBoolArithmetic(op, at, bt);
  const dtype = computeDType(op, resultTypeOf([A, B]));
  if (op === "floor_divide" && dtype === "bool") {
    throw new TypeError(
      `floor_divide: "div_floor_cpu" not implemented for 'Bool' (both operands are bool; convert one with .long())`,
    );
  }
  // The common same-shape case keeps the operand's frozen shape (the output shares it).
  const shape = sameShape(at.shape, bt.shape) ? at.shape : broadcastShapes(at.shape, bt.shape, op);
  const ra = reader(at, dtype, shape);
  const rb = reader(bt, dtype, shape);
  const out = allocate(dtype, numelOf(shape));
  binaryLoop(op, ra, rb, out, alpha, dtype);
  if (dtype === "int64") checkIntegers(out, op);
  // A bool result is true or false: torch's bool add (1 + 1) saturates, it does not wrap to 2.
  if (dtype === "bool") { for (let i = 0; i < out.length; i++) out[i] = out[i] !== 0 ? 1 : 0; }
  const saved: Tensor[] = [];
  if (op === "mul" || op === "div" || op === "xlogy") {
    if (bt.requires_grad && !A.wrapped) saved.push(at);
    if ((at.requires_grad || op !== "mul") && !B.wrapped) saved.push(bt);
  }
  return result(out, shape, name, [at, bt], (g) => {
    const ga = at.requires_grad ? sumTo(binaryGradA(op, g, at, bt), at.shape) : null;
    const gb = bt.requires_grad ? sumTo(binaryGradB(op, g, at, bt, alpha), bt.shape) : null;
    return [ga, gb];
  }, { dtype, saved });
}

/** Throws if an int64 result left the exactly representable range. */
export function checkIntegers(out: Data, where: string): void {
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    if (v > 9007199254740991 || v < -9007199254740991 || v !== v) checkInt64(v, where);
  }
}

/**
 * `a + alpha · b`, like `torch.add(a, b, alpha=alpha)`.
 *
 * @param a Left operand.
 * @param b Right operand.
 * @param alpha The factor on `b` (default 1).
 * @returns The sum.
 */
export function add(a: Tensor, b: Tensor | number, alpha?: number): Tensor {
  return binary("add", a, b, checkAlpha(alpha, "add"));
}

/**
 * `a − alpha · b`, like `torch.sub(a, b, alpha=alpha)`.
 *
 * @param a Left operand.
 * @param b Right operand.
 * @param alpha The factor on `b` (default 1).
 * @returns The difference.
 */
export function sub(a: Tensor, b: Tensor | number, alpha?: number): Tensor {
  return binary("sub", a, b, checkAlpha(alpha, "sub"));
}

/**
 * `b − a`, like `torch.rsub(a, b)`: Python's `1 - p` is `p.rsub(1)`.
 *
 * @param a The tensor subtracted.
 * @param b What it is subtracted from.
 * @returns The difference.
 */
export function rsub(a: Tensor, b: Tensor | number): Tensor {
  requireTensor(a, "rsub");
  return binary("sub", b, a);
}

function checkAlpha(alpha: unknown, where: string): number {
  if (alpha === undefined) return 1;
  if (typeof alpha !== "number" || !Number.isFinite(alpha)) {
    throw new TypeError(`${where}: alpha must be a finite number, got ${describe(alpha)}`);
  }
  return alpha;
}

/**
 * `a / b`, like `torch.div`: true division (integers give floats), or with `rounding_mode`
 * `"trunc"` / `"floor"` a rounded quotient in the operands' dtype.
 *
 * @param a Dividend.
 * @param b Divisor.
 * @param options `rounding_mode`.
 * @returns The quotient.
 */
export function div(a: Tensor, b: Tensor | number, options?: DivOptions): Tensor {
  checkOptionKeys(options, ["rounding_mode"], "div");
  const mode = options?.rounding_mode ?? null;
  if (mode === null) return binary("div", a, b);
  // torch's div with a rounding mode is DivBackward2 (a zero gradient), whichever the mode.
  if (mode === "floor") return binary("floor_divide", a, b, 1, "DivBackward2");
  if (mode === "trunc") return binary("div_trunc", a, b, 1, "DivBackward2");
  throw new RangeError(
    `div expected rounding_mode to be one of null, "trunc", or "floor" but found ${describe(mode)}`,
  );
}

/** ∂(a op b)/∂a times the output gradient, before reducing broadcast dims. */
function binaryGradA(op: BinaryOp, g: Tensor, a: Tensor, b: Tensor): Tensor {
  switch (op) {
    case "add":
    case "sub":
      return g;
    case "mul":
      return g.mul(b);
    case "div":
      return g.div(b);
    case "xlogy":
      // d/da a·log(b) = log(b) where a ≠ 0; torch writes it as xlogy(a ≠ 0, b).
      return g.mul(binary("xlogy", a.ne(0).to(g.dtype), b));
    case "floor_divide":
    case "div_trunc":
      // Piecewise constant: torch's gradient is zero.
      return g.mul(0);
  }
}

/** ∂(a op b)/∂b times the output gradient, before reducing broadcast dims. */
function binaryGradB(op: BinaryOp, g: Tensor, a: Tensor, b: Tensor, alpha: number): Tensor {
  switch (op) {
    case "add":
      return alpha === 1 ? g : g.mul(alpha);
    case "sub":
      return alpha === 1 ? g.neg() : g.mul(-alpha);
    case "mul":
      return g.mul(a);
    case "div":
      // -g·a/b², computed as torch does: -g * a / (b * b).
      return g.neg().mul(a).div(b.mul(b));
    case "xlogy":
      return g.mul(a).div(b);
    case "floor_divide":
    case "div_trunc":
      return g.mul(0);
  }
}

/** The shared binary loop over two readers. */
function binaryLoop(
  op: BinaryOp,
  ra: Reader,
  rb: Reader,
  out: Data,
  alpha: number,
  dtype: DType,
): void {
  const a = ra.data;
  const b = rb.data;
  const ai = ra.idx;
  const bi = rb.idx;
  const n = out.length;
  const f32 = dtype === "float32";
  if (ai === null && bi === null) {
    switch (op) {
      case "add":
        if (alpha === 1) { for (let i = 0; i < n; i++) out[i] = a[i] + b[i]; }
        else for (let i = 0; i < n; i++) out[i] = a[i] + alpha * b[i];
        return;
      case "sub":
        if (alpha === 1) { for (let i = 0; i < n; i++) out[i] = a[i] - b[i]; }
        else for (let i = 0; i < n; i++) out[i] = a[i] - alpha * b[i];
        return;
      case "mul":
        if (out instanceof Uint8Array) { for (let i = 0; i < n; i++) out[i] = a[i] & b[i]; }
        else for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
        return;
      case "div":
        for (let i = 0; i < n; i++) out[i] = a[i] / b[i];
        return;
      default:
        break;
    }
  }
  const isInt = !isFloating(dtype);
  for (let i = 0; i < n; i++) {
    const x = a[ai === null ? i : ai[i]];
    const y = b[bi === null ? i : bi[i]];
    switch (op) {
      case "add":
        out[i] = out instanceof Uint8Array ? (x | y) : x + alpha * y;
        break;
      case "sub":
        out[i] = x - alpha * y;
        break;
      case "mul":
        out[i] = out instanceof Uint8Array ? (x & y) : x * y;
        break;
      case "div":
        out[i] = x / y;
        break;
      case "xlogy":
        out[i] = f32 ? xlogy32(x, y) : xlogy(x, y);
        break;
      case "floor_divide":
        out[i] = isInt ? intDivide(x, y, Math.floor) : floorDivide(x, y, f32);
        break;
      case "div_trunc":
        out[i] = isInt ? intDivide(x, y, Math.trunc) : Math.trunc(f32 ? Math.fround(x / y) : x / y);
        break;
    }
  }
}

function intDivide(x: number, y: number, round: (v: number) => number): number {
  if (y === 0) throw new RangeError("ZeroDivisionError: integer division by zero");
  return round(x / y);
}

/** torch's floor division of floats (`div_floor_floating`), rounded as the dtype rounds. */
function floorDivide(a: number, b: number, f32: boolean): number {
  const r = f32 ? Math.fround : (v: number) => v;
  if (b === 0) return a / b;
  const mod = a % b;
  let q = r((a - mod) / b);
  if (mod !== 0 && (b < 0) !== (mod < 0)) q -= 1;
  if (q === 0) return (a / b < 0 || Object.is(a / b, -0)) ? -0 : 0;
  let floored = Math.floor(q);
  if (q - floored > 0.5) floored += 1;
  return floored;
}

/** x·log(y), defined as 0 when x is 0 and y is not NaN (so 0·log 0 = 0), as in torch. */
export function xlogy(x: number, y: number): number {
  if (Number.isNaN(y)) return NaN;
  if (x === 0) return 0;
  return x * Math.log(y);
}

/** xlogy in float32 as torch computes it: log(y) is rounded to float32 before the product. */
function xlogy32(x: number, y: number): number {
  if (Number.isNaN(y)) return NaN;
  if (x === 0) return 0;
  return x * Math.fround(Math.log(y));
}

const UNARY_NAMES: Record<UnaryOp, string> = {
  neg: "NegBackward0",
  log: "LogBackward0",
  exp: "ExpBackward0",
};

/**
 * An elementwise unary op. log and exp give floats for integer input, as in torch.
 *
 * @param op Which op.
 * @param a The input.
 * @returns The result, recorded for autograd.
 */
export function unary(op: UnaryOp, a: Tensor): Tensor {
  requireTensor(a, op);
  if (op === "neg" && a.dtype === "bool") {
    throw new TypeError(
      "neg: Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.",
    );
  }
  const dtype = op === "neg" || isFloating(a.dtype) ? a.dtype : get_default_dtype();
  if (!a.requires_grad) {
    // An expanded (stride-0) input: the op on its base, then one copy out (see mathUnary).
    const { base, factor } = collapseExpanded(a, () => true);
    if (factor > 1) return unary(op, base).expand(a.shape).contiguous();
  }
  const x = valuesOf(a, dtype);
  const n = a.numel();
  const out = allocate(dtype, n);
  switch (op) {
    case "neg":
      // 0 − x: an int64 zero stays 0 (−0 exists only in floats, where torch keeps it).
      if (dtype === "int64") { for (let i = 0; i < n; i++) out[i] = 0 - x[i]; }
      else for (let i = 0; i < n; i++) out[i] = -x[i];
      break;
    case "log":
      for (let i = 0; i < n; i++) out[i] = Math.log(x[i]);
      break;
    case "exp":
      for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]);
      break;
  }
  const y: Tensor = result(out, a.shape, UNARY_NAMES[op], [a], (g) => {
    switch (op) {
      case "neg":
        return [g.neg()];
      case "log":
        return [g.div(a)];
      case "exp":
        return [g.mul(y)];
    }
  }, { dtype, saved: op === "log" ? [a] : [], saveOutput: op === "exp" });
  return y;
}

/**
 * The values of `t` in `dtype`, row-major: element i is `data[i]` (a strided tensor's elements
 * are gathered; `reader` alone would give its storage and offsets).
 */
export function valuesOf(t: Tensor, dtype: DType): Data {
  const { data, idx } = reader(t, dtype, t.shape);
  if (idx === null) return data;
  const out = allocate(dtype, idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = data[idx[i]];
  return out;
}

/**
 * A comparison or logical op: a bool tensor. Comparisons compare in the operands' common
 * dtype (`int64 == 1.5` compares as floats); logical ops take each operand's truth value.
 *
 * @param op Which op.
 * @param a Left operand.
 * @param b Right operand.
 * @returns The bool result (never differentiable).
 */
export function compare(
  op: CompareOp,
  a: Tensor | number | boolean,
  b: Tensor | number | boolean,
): Tensor {
  const A = operand(a, op);
  const B = operand(b, `${op}(other)`);
  const logical = op.startsWith("logical_");
  const dtype = logical ? "float64" : resultTypeOf([A, B]);
  const shape = broadcastShapes(A.t.shape, B.t.shape, op);
  const ra = reader(A.t, logical ? A.t.dtype : dtype, shape);
  const rb = reader(B.t, logical ? B.t.dtype : dtype, shape);
  const out = allocate("bool", numelOf(shape), undefined, shape) as Uint8Array;
  const x = ra.data;
  const y = rb.data;
  const xi = ra.idx;
  const yi = rb.idx;
  for (let i = 0; i < out.length; i++) {
    const p = x[xi === null ? i : xi[i]];
    const q = y[yi === null ? i : yi[i]];
    let r: boolean;
    switch (op) {
      case "eq":
        r = p === q;
        break;
      case "ne":
        r = p !== q;
        break;
      case "lt":
        r = p < q;
        break;
      case "le":
        r = p <= q;
        break;
      case "gt":
        r = p > q;
        break;
      case "ge":
        r = p >= q;
        break;
      case "logical_and":
        r = p !== 0 && q !== 0;
        break;
      case "logical_or":
        r = p !== 0 || q !== 0;
        break;
      case "logical_xor":
        r = (p !== 0) !== (q !== 0);
        break;
    }
    out[i] = r ? 1 : 0;
  }
  return fromData(out, shape, "bool");
}

/**
 * Elementwise NOT: true where the element is zero, like `torch.logical_not` (`~mask`).
 *
 * @param a The input.
 * @returns A bool tensor.
 */
export function logicalNot(a: Tensor): Tensor {
  requireTensor(a, "logical_not");
  const x = valuesOf(a, a.dtype);
  const out = allocate("bool", x.length, undefined, a.shape) as Uint8Array;
  for (let i = 0; i < x.length; i++) out[i] = x[i] === 0 ? 1 : 0;
  return fromData(out, a.shape, "bool");
}

function requireBoolMask(mask: unknown, where: string, what: string): asserts mask is Tensor {
  requireTensor(mask, where);
  if (mask.dtype !== "bool") {
    throw new TypeError(
      `${where} expected ${what} to be a boolean tensor, but got a tensor with dtype ${mask.dtype} (make one with a comparison such as t.eq(0), or convert with .bool())`,
    );
  }
}

/**
 * `input` where `condition` is true, else `other`, broadcasting all three, like
 * `torch.where(condition, input, other)`. The result dtype follows torch's promotion.
 *
 * @param condition A bool tensor.
 * @param input Values where the condition holds.
 * @param other Values elsewhere.
 * @returns The selection, recorded for autograd (WhereBackward0).
 *
 * @example Masking padded positions
 * ```ts
 * import { tensor, where } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const labels = tensor([2n, -100n, 1n]);
 * const loss = tensor([0.5, 0.7, 0.2]);
 * const masked = where(labels.ne(-100), loss, 0);
 * assert.deepEqual(masked.tolist(), [0.5, 0, 0.20000000298023224]);
 * ```
 */
export function where(
  condition: Tensor,
  input: Tensor | number | boolean,
  other: Tensor | number | boolean,
): Tensor {
  requireBoolMask(condition, "where", "condition");
  const A = operand(input, "where(input)");
  const B = operand(other, "where(other)");
  const dtype = resultTypeOf([A, B]);
  const shape = broadcastShapes(
    broadcastShapes(condition.shape, A.t.shape, "where"),
    B.t.shape,
    "where",
  );
  const rc = reader(condition, "bool", shape);
  const ra = reader(A.t, dtype, shape);
  const rb = reader(B.t, dtype, shape);
  const out = allocate(dtype, numelOf(shape));
  for (let i = 0; i < out.length; i++) {
    const c = rc.data[rc.idx === null ? i : rc.idx[i]];
    out[i] = c
      ? ra.data[ra.idx === null ? i : ra.idx[i]]
      : rb.data[rb.idx === null ? i : rb.idx[i]];
  }
  const at = A.t;
  const bt = B.t;
  return result(out, shape, "WhereBackward0", [at, bt], (g) => [
    at.requires_grad ? sumTo(where(condition, g, 0), at.shape) : null,
    bt.requires_grad ? sumTo(where(condition, 0, g), bt.shape) : null,
  ], { dtype });
}

/**
 * `value` where `mask` is true, else `input`'s element, like `torch.masked_fill`; the mask
 * broadcasts. The result keeps `input`'s dtype.
 *
 * @param input The tensor.
 * @param mask A bool tensor.
 * @param value A number, or a 0-dim tensor.
 * @returns The filled copy (MaskedFillBackward0, or ...1 for a tensor value).
 *
 * @example
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const logits = tensor([1, 2, 3]);
 * const out = logits.masked_fill(tensor([false, true, false]), -Infinity);
 * assert.deepEqual(out.tolist(), [1, -Infinity, 3]);
 * ```
 */
export function masked_fill(
  input: Tensor,
  mask: Tensor,
  value: number | boolean | Tensor,
): Tensor {
  requireTensor(input, "masked_fill");
  requireBoolMask(mask, "masked_fill", "mask");
  const isTensor = typeof value === "object";
  if (isTensor) {
    requireTensor(value, "masked_fill(value)");
    if (value.dim() !== 0) {
      throw new RangeError(
        `masked_fill only supports a 0-dimensional value tensor, but got tensor with ${value.dim()} dimension(s).`,
      );
    }
  } else if (typeof value !== "number" && typeof value !== "boolean") {
    throw new TypeError(
      `masked_fill: value must be a number or a 0-dim tensor, got ${describe(value)}`,
    );
  }
  const V = operand(value, "masked_fill(value)").t;
  const dtype = input.dtype;
  const shape = broadcastShapes(input.shape, mask.shape, "masked_fill");
  const rx = reader(input, dtype, shape);
  const rm = reader(mask, "bool", shape);
  const v = reader(V, dtype, []).data[0];
  const out = allocate(dtype, numelOf(shape));
  for (let i = 0; i < out.length; i++) {
    out[i] = rm.data[rm.idx === null ? i : rm.idx[i]]
      ? v
      : rx.data[rx.idx === null ? i : rx.idx[i]];
  }
  if (dtype === "int64") checkIntegers(out, "masked_fill");
  return result(
    out,
    shape,
    isTensor ? "MaskedFillBackward1" : "MaskedFillBackward0",
    [input, V],
    (g) => [
      input.requires_grad ? sumTo(where(mask, 0, g), input.shape) : null,
      V.requires_grad ? where(mask, g, 0).sum() : null,
    ],
    { dtype },
  );
}

/**
 * Clamps into `[min, max]`, like `torch.clamp`; either bound may be null. The gradient passes
 * where `min ≤ x ≤ max` (bounds included), as torch's.
 *
 * @param input The tensor.
 * @param min Lower bound, or null.
 * @param max Upper bound, or null.
 * @returns The clamped tensor (ClampBackward1 for number bounds, ClampBackward0 for tensors).
 */
export function clamp(
  input: Tensor,
  min: number | Tensor | null,
  max: number | Tensor | null,
): Tensor {
  requireTensor(input, "clamp");
  if (min === null && max === null) {
    throw new TypeError("clamp: at least one of 'min' or 'max' must not be None");
  }
  for (const [name, bound] of [["min", min], ["max", max]] as const) {
    if (bound !== null && typeof bound !== "number") requireTensor(bound, `clamp(${name})`);
  }
  const ops: (Tensor | number)[] = [input];
  if (min !== null) ops.push(min);
  if (max !== null) ops.push(max);
  const operands = ops.map((v) => operand(v, "clamp"));
  const dtype = resultTypeOf(operands);
  let shape = input.shape as readonly number[];
  for (const o of operands) shape = broadcastShapes(shape, o.t.shape, "clamp");
  const rx = reader(input, dtype, shape);
  const lo = min === null ? null : reader(operands[1].t, dtype, shape);
  const hi = max === null ? null : reader(operands[operands.length - 1].t, dtype, shape);
  const out = allocate(dtype, numelOf(shape));
  for (let i = 0; i < out.length; i++) {
    let v = rx.data[rx.idx === null ? i : rx.idx[i]];
    // NaN stays NaN; a NaN bound gives NaN, as std::min/max in torch's kernel.
    if (lo !== null) {
      const l = lo.data[lo.idx === null ? i : lo.idx[i]];
      if (Number.isNaN(l)) v = l;
      else if (v < l) v = l;
    }
    if (hi !== null) {
      const h = hi.data[hi.idx === null ? i : hi.idx[i]];
      if (Number.isNaN(h)) v = h;
      else if (v > h) v = h;
    }
    out[i] = v;
  }
  const tensorBounds = typeof min === "object" && min !== null ||
    typeof max === "object" && max !== null;
  const name = tensorBounds ? "ClampBackward0" : "ClampBackward1";
  const bounds = operands.slice(1).map((o) => o.t);
  return result(out, shape, name, [input, ...bounds], (g) => {
    // torch's clamp_backward(_min_max): the input's gradient passes inside the bounds; a
    // bound's where the input lies beyond it (min wins where the bounds cross).
    const lower = min === null ? null : operands[1].t;
    const upper = max === null ? null : operands[operands.length - 1].t;
    let pass: Tensor | null = null;
    if (lower !== null) pass = input.ge(lower);
    if (upper !== null) pass = pass === null ? input.le(upper) : pass.logical_and(input.le(upper));
    const grads: (Tensor | null)[] = [
      input.requires_grad ? sumTo(where(pass as Tensor, g, 0), input.shape) : null,
    ];
    if (lower !== null) {
      const below = upper === null ? input.lt(lower) : input.lt(lower).logical_and(lower.lt(upper));
      grads.push(lower.requires_grad ? sumTo(where(below, g, 0), lower.shape) : null);
    }
    if (upper !== null) {
      const above = lower === null ? input.gt(upper) : input.gt(upper).logical_or(upper.lt(lower));
      grads.push(upper.requires_grad ? sumTo(where(above, g, 0), upper.shape) : null);
    }
    return grads;
  }, { dtype, saved: [input] });
}
