/**
 * Elementwise ops: add, sub, mul, div, xlogy (binary, broadcasting) and neg, log, exp (unary).
 * Each op's forward loop and its gradient formula sit together.
 *
 * @module
 */

import { allocate, type DType, promote, type Storage } from "../tensor/dtype.ts";
import { broadcastIndex, broadcastShapes, numelOf, sameShape } from "../tensor/shape.ts";
import { requireTensor, result, Tensor } from "../tensor/tensor.ts";
import { sumTo } from "./reduce.ts";

/** The binary ops. */
export type BinaryOp = "add" | "sub" | "mul" | "div" | "xlogy";
/** The unary ops. */
export type UnaryOp = "neg" | "log" | "exp";

const BINARY_NAMES: Record<BinaryOp, string> = {
  add: "AddBackward0",
  sub: "SubBackward0",
  mul: "MulBackward0",
  div: "DivBackward0",
  xlogy: "XlogyBackward0",
};

/**
 * Torch's result dtype for a binary op: float64 wins, except that a 0-dim tensor (or a plain
 * number) does not promote a tensor that has dims.
 */
export function resultDType(a: Tensor, b: Tensor): DType {
  const aDims = a.shape.length > 0;
  const bDims = b.shape.length > 0;
  if (aDims === bDims) return promote(a.dtype, b.dtype);
  return aDims ? a.dtype : b.dtype;
}

/** A tensor operand, or a number wrapped as a 0-dim tensor of `like`'s dtype. */
function operand(value: Tensor | number, like: Tensor, where: string): Tensor {
  if (typeof value === "number") {
    const s = allocate(like.dtype, 1);
    s[0] = value;
    return new Tensor(s, []);
  }
  requireTensor(value, where);
  return value;
}

/** The elements of `t` in `dtype`: torch casts inputs to the result dtype before computing. */
function valuesIn(t: Tensor, dtype: DType): Storage {
  if (t.dtype === dtype) return t.array;
  const out = allocate(dtype, t.array.length);
  out.set(t.array);
  return out;
}

/**
 * `a op b` elementwise with NumPy broadcasting and torch's dtype promotion.
 *
 * @param op Which op.
 * @param a Left operand.
 * @param b Right operand (a number counts as a 0-dim tensor of `a`'s dtype).
 * @returns The result, recorded for autograd.
 */
export function binary(op: BinaryOp, a: Tensor, b: Tensor | number): Tensor {
  requireTensor(a, op);
  const bt = operand(b, a, `${op}(other)`);
  const dtype = resultDType(a, bt);
  const shape = broadcastShapes(a.shape, bt.shape, op);
  const av = valuesIn(a, dtype);
  const bv = valuesIn(bt, dtype);
  const out = allocate(dtype, numelOf(shape));
  if (sameShape(a.shape, bt.shape)) {
    binaryLoop(op, av, null, bv, null, out);
  } else {
    const ai = a.shape.length === shape.length && sameShape(a.shape, shape)
      ? null
      : broadcastIndex(a.shape, shape);
    const bi = bt.shape.length === shape.length && sameShape(bt.shape, shape)
      ? null
      : broadcastIndex(bt.shape, shape);
    binaryLoop(op, av, ai, bv, bi, out);
  }
  return result(out, shape, BINARY_NAMES[op], [a, bt], (g) => {
    const ga = a.requires_grad ? sumTo(binaryGradA(op, g, a, bt), a.shape) : null;
    const gb = bt.requires_grad ? sumTo(binaryGradB(op, g, a, bt), bt.shape) : null;
    return [ga, gb];
  });
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
      return g.mul(binary("xlogy", nonzeroMask(a), b));
  }
}

/** ∂(a op b)/∂b times the output gradient, before reducing broadcast dims. */
function binaryGradB(op: BinaryOp, g: Tensor, a: Tensor, b: Tensor): Tensor {
  switch (op) {
    case "add":
      return g;
    case "sub":
      return g.neg();
    case "mul":
      return g.mul(a);
    case "div":
      // -g·a/b², computed as torch does: -g * a / (b * b).
      return g.neg().mul(a).div(b.mul(b));
    case "xlogy":
      return g.mul(a).div(b);
  }
}

function nonzeroMask(t: Tensor): Tensor {
  const m = allocate(t.dtype, t.array.length);
  for (let i = 0; i < m.length; i++) m[i] = t.array[i] !== 0 ? 1 : 0;
  return new Tensor(m, t.shape);
}

/** The shared binary loop: `out[i] = a[ai[i]] op b[bi[i]]`, with null meaning identity. */
function binaryLoop(
  op: BinaryOp,
  a: Storage,
  ai: Int32Array | null,
  b: Storage,
  bi: Int32Array | null,
  out: Storage,
): void {
  const n = out.length;
  if (ai === null && bi === null) {
    switch (op) {
      case "add":
        for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
        return;
      case "sub":
        for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
        return;
      case "mul":
        for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
        return;
      case "div":
        for (let i = 0; i < n; i++) out[i] = a[i] / b[i];
        return;
      case "xlogy":
        if (out instanceof Float32Array) {
          for (let i = 0; i < n; i++) out[i] = xlogy32(a[i], b[i]);
        } else {
          for (let i = 0; i < n; i++) out[i] = xlogy(a[i], b[i]);
        }
        return;
    }
  }
  for (let i = 0; i < n; i++) {
    const x = a[ai === null ? i : ai[i]];
    const y = b[bi === null ? i : bi[i]];
    switch (op) {
      case "add":
        out[i] = x + y;
        break;
      case "sub":
        out[i] = x - y;
        break;
      case "mul":
        out[i] = x * y;
        break;
      case "div":
        out[i] = x / y;
        break;
      case "xlogy":
        out[i] = out instanceof Float32Array ? xlogy32(x, y) : xlogy(x, y);
        break;
    }
  }
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
 * An elementwise unary op.
 *
 * @param op Which op.
 * @param a The input.
 * @returns The result, recorded for autograd.
 */
export function unary(op: UnaryOp, a: Tensor): Tensor {
  requireTensor(a, op);
  const x = a.array;
  const n = x.length;
  const out = allocate(a.dtype, n);
  switch (op) {
    case "neg":
      for (let i = 0; i < n; i++) out[i] = -x[i];
      break;
    case "log":
      for (let i = 0; i < n; i++) out[i] = Math.log(x[i]);
      break;
    case "exp":
      for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]);
      break;
  }
  const y = new Tensor(out, a.shape);
  return result(out, a.shape, UNARY_NAMES[op], [a], (g) => {
    switch (op) {
      case "neg":
        return [g.neg()];
      case "log":
        return [g.div(a)];
      case "exp":
        return [g.mul(y)];
    }
  });
}
