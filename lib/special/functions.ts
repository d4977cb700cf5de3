/**
 * The functions `torch.special` has (and the torch namespace too, where it has them): thin calls
 * into the table of lib/special/unary.ts, plus the binary `xlogy` / `xlog1py`, `logit`'s `eps`
 * and `ndtr`, composed as torch composes it.
 *
 * @module
 */

import { allocate, get_default_dtype, isFloating } from "../tensor/dtype.ts";
import { broadcastShapes, numelOf } from "../tensor/shape.ts";
import { requireTensor, result, type Tensor } from "../tensor/tensor.ts";
import { bind, type Signature } from "../tensor/args.ts";
import { operand, reader, resultTypeOf, valuesOf, where } from "../ops/elementwise.ts";
import { sumTo } from "../ops/reduce.ts";
import { zeta as zetaKernel } from "./kernels.ts";
import { floatDType, polygammaOp, specialUnary } from "./unary.ts";

const fr = Math.fround;

/**
 * The digamma function ψ(x) = d/dx log Γ(x), like `torch.digamma` (`torch.special.psi`):
 * −inf at +0, +inf at −0, NaN at the negative integers.
 *
 * @param input The tensor.
 * @returns ψ(input) (DigammaBackward0; its gradient is `polygamma(1, x)`).
 *
 * @example
 * ```ts
 * import { digamma, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(digamma(tensor([1, 0.5, 0]))), "tensor([-0.5772, -1.9635,    -inf])");
 * ```
 */
export function digamma(input: Tensor): Tensor {
  return specialUnary("digamma", input);
}

const N_SIGNATURE: Signature = [{ name: "n", kind: "int" }];

/**
 * The n-th derivative of the digamma function, like `torch.polygamma(n, input)`; n = 0 is
 * digamma, n = 1 trigamma, larger n go through the Hurwitz zeta function as in torch.
 *
 * @param n The order, a whole number ≥ 0 (first, as in torch).
 * @param input The tensor.
 * @returns ψ⁽ⁿ⁾(input) (PolygammaBackward0; its gradient is `polygamma(n + 1, x)`).
 *
 * @example
 * ```ts
 * import { polygamma, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(polygamma(1, tensor([1, 2]))), "tensor([1.6449, 0.6449])");
 * ```
 */
export function polygamma(n: number, input: Tensor): Tensor {
  const { n: order } = bind("polygamma", N_SIGNATURE, [n]) as { n: number };
  return polygammaOp(order, input);
}

/**
 * The error function, like `torch.erf` (`torch.special.erf`).
 *
 * @param input The tensor.
 * @returns erf(input) (ErfBackward0).
 *
 * @example
 * ```ts
 * import { erf, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(erf(tensor([0, -1, 0.5]))), "tensor([ 0.0000, -0.8427,  0.5205])");
 * ```
 */
export function erf(input: Tensor): Tensor {
  return specialUnary("erf", input);
}

/**
 * The complementary error function `1 − erf(x)`, like `torch.erfc`, accurate where erf(x) is
 * near 1.
 *
 * @param input The tensor.
 * @returns erfc(input) (ErfcBackward0).
 *
 * @example
 * ```ts
 * import { erfc, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(erfc(tensor([0, 3]))), "tensor([1.0000e+00, 2.2090e-05])");
 * ```
 */
export function erfc(input: Tensor): Tensor {
  return specialUnary("erfc", input);
}

/**
 * The inverse error function, like `torch.erfinv`: ±inf at ±1, NaN outside [−1, 1].
 *
 * @param input The tensor.
 * @returns erfinv(input) (ErfinvBackward0).
 *
 * @example
 * ```ts
 * import { erfinv, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(erfinv(tensor([0, 0.5, -1]))), "tensor([0.0000, 0.4769,   -inf])");
 * ```
 */
export function erfinv(input: Tensor): Tensor {
  return specialUnary("erfinv", input);
}

/**
 * `2^x` elementwise, like `torch.exp2` (`torch.special.exp2`).
 *
 * @param input The tensor.
 * @returns 2^input (Exp2Backward0).
 *
 * @example
 * ```ts
 * import { exp2, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(exp2(tensor([0, 3, -1])).tolist(), [1, 8, 0.5]);
 * ```
 */
export function exp2(input: Tensor): Tensor {
  return specialUnary("exp2", input);
}

/**
 * The modified Bessel function of the first kind of order 0, like `torch.i0`.
 *
 * @param input The tensor.
 * @returns I₀(input) (I0Backward0; its gradient is `special.i1`).
 *
 * @example
 * ```ts
 * import { i0, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(i0(tensor([0, 1, 2]))), "tensor([1.0000, 1.2661, 2.2796])");
 * ```
 */
export function i0(input: Tensor): Tensor {
  return specialUnary("i0", input);
}

/**
 * The normalized sinc function `sin(πx)/(πx)` (1 at 0), like `torch.sinc`.
 *
 * @param input The tensor.
 * @returns sinc(input) (SincBackward0).
 *
 * @example
 * ```ts
 * import { sinc, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(sinc(tensor([0, 0.5, 1]))), "tensor([ 1.0000e+00,  6.3662e-01, -2.7828e-08])");
 * ```
 */
export function sinc(input: Tensor): Tensor {
  return specialUnary("sinc", input);
}

const EPS_SIGNATURE: Signature = [{ name: "eps", kind: "number", default: null }];

/**
 * The log-odds `log(x/(1 − x))`, like `torch.logit(input, eps=None)`: with `eps` the input is
 * first clamped to [eps, 1 − eps] (and the gradient is 0 outside it); without, values outside
 * [0, 1] give NaN.
 *
 * @param input The tensor.
 * @param args `eps` by position or as `{ eps }` (default none).
 * @returns logit(input) (LogitBackward0).
 *
 * @example
 * ```ts
 * import { logit, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(logit(tensor([0.5, 0.75, 1]))), "tensor([0.0000, 1.0986,    inf])");
 * assert.equal(String(logit(tensor([0, 1]), 0.25)), "tensor([-1.0986,  1.0986])");
 * ```
 */
export function logit(input: Tensor, ...args: (number | null | { eps?: number | null })[]): Tensor {
  requireTensor(input, "logit");
  const { eps } = bind("logit", EPS_SIGNATURE, args) as { eps: number | null };
  const dtype = floatDType(input.dtype);
  const f32 = dtype === "float32";
  const x = valuesOf(input, dtype);
  const out = allocate(dtype, x.length);
  const lo = eps === null ? 0 : f32 ? fr(eps) : eps;
  const hi = eps === null ? 1 : f32 ? fr(1 - lo) : 1 - lo;
  for (let i = 0; i < x.length; i++) {
    let v = x[i];
    if (eps !== null) v = v < lo ? lo : v > hi ? hi : v;
    out[i] = v === 1 ? Infinity : f32 ? fr(Math.log(fr(v / fr(1 - v)))) : Math.log(v / (1 - v));
  }
  return result(out, input.shape, "LogitBackward0", [input], (g) => {
    // torch's logit_backward: grad / (x(1 − x)) inside the range, NaN (no eps) or 0 outside it.
    const d = g.div(input.mul(input.rsub(1)));
    const outside = input.lt(lo).logical_or(input.gt(hi));
    return [where(outside, eps === null ? NaN : 0, d)];
  }, { dtype, saved: [input] });
}

/**
 * `input · log(other)`, 0 where input is 0 (unless other is NaN), like `torch.xlogy`
 * (`torch.special.xlogy`); either argument may be a number.
 *
 * @param input The tensor (or number) multiplied.
 * @param other The tensor (or number) whose log is taken.
 * @returns The result, broadcast (XlogyBackward0; 1 or 2 when input or other is a number).
 *
 * @example
 * ```ts
 * import { tensor, xlogy } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(xlogy(tensor([0, 2]), tensor([0, Math.E]))), "tensor([0.0000, 2.0000])");
 * ```
 */
export function xlogy(input: Tensor | number, other: Tensor | number): Tensor {
  return logBinary("xlogy", input, other);
}

// ---- only in torch.special ----

/**
 * `input · log1p(other)`, 0 where input is 0 (unless other is NaN), like
 * `torch.special.xlog1py`; either argument may be a number.
 *
 * @param input The tensor (or number) multiplied.
 * @param other The tensor (or number) whose log1p is taken.
 * @returns The result, broadcast (SpecialXlog1PyBackward0; 1 or 2 when input or other is a number).
 *
 * @example
 * ```ts
 * import { special, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(special.xlog1py(tensor([0, 2]), tensor([-1, 0]))), "tensor([0., 0.])");
 * ```
 */
export function xlog1py(input: Tensor | number, other: Tensor | number): Tensor {
  return logBinary("xlog1py", input, other);
}

const LOG_BINARY_NAMES = {
  xlogy: ["XlogyBackward0", "XlogyBackward1", "XlogyBackward2"],
  xlog1py: ["SpecialXlog1PyBackward0", "SpecialXlog1PyBackward1", "SpecialXlog1PyBackward2"],
};

/**
 * `x · log(y)` or `x · log1p(y)` with broadcasting and promotion, 0 where x = 0 unless y is NaN.
 * torch names the node by which argument was a Python number (1: the input, 2: the other).
 */
function logBinary(
  op: "xlogy" | "xlog1py",
  input: Tensor | number,
  other: Tensor | number,
): Tensor {
  if (typeof input === "number" && typeof other === "number") {
    throw new TypeError(`${op}: expected a Tensor for input or other, got two numbers`);
  }
  const A = operand(input, op);
  const B = operand(other, `${op}(other)`);
  const a = A.t, b = B.t;
  const dtype = floatDType(resultTypeOf([A, B]));
  const shape = broadcastShapes(a.shape, b.shape, op);
  const ra = reader(a, dtype, shape), rb = reader(b, dtype, shape);
  const n = numelOf(shape);
  const out = allocate(dtype, n);
  const f32 = dtype === "float32";
  const log = op === "xlogy" ? Math.log : Math.log1p;
  for (let i = 0; i < n; i++) {
    const x = ra.data[ra.idx === null ? i : ra.idx[i]];
    const y = rb.data[rb.idx === null ? i : rb.idx[i]];
    if (y !== y) out[i] = y;
    else if (x === 0) out[i] = 0;
    // torch's float32 kernel rounds the log to float before the product.
    else out[i] = f32 ? fr(x * fr(log(y))) : x * log(y);
  }
  const name = LOG_BINARY_NAMES[op][A.wrapped ? 1 : B.wrapped ? 2 : 0];
  const saved = [...(A.wrapped ? [] : [a]), ...(B.wrapped ? [] : [b])];
  return result(out, shape, name, [a, b], (g) => [
    // self: grad · op(self ≠ 0, other); other: grad · self / other (xlog1py: / (other + 1)).
    a.requires_grad ? sumTo(g.mul(logBinary(op, a.ne(0).to(g.dtype), b)), a.shape) : null,
    b.requires_grad ? sumTo(g.mul(a).div(op === "xlogy" ? b : b.add(1)), b.shape) : null,
  ], { dtype, saved });
}

/**
 * The exponentially scaled I₀, `exp(−|x|)·I₀(x)`, like `torch.special.i0e`.
 *
 * @param input The tensor.
 * @returns i0e(input) (SpecialI0EBackward0).
 *
 * @example
 * ```ts
 * import { special, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(special.i0e(tensor([0, 1, 100]))), "tensor([1.0000, 0.4658, 0.0399])");
 * ```
 */
export function i0e(input: Tensor): Tensor {
  return specialUnary("i0e", input);
}

/**
 * The modified Bessel function of the first kind of order 1, like `torch.special.i1`.
 *
 * @param input The tensor.
 * @returns I₁(input) (SpecialI1Backward0).
 *
 * @example
 * ```ts
 * import { special, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(special.i1(tensor([0, 1, -2]))), "tensor([ 0.0000,  0.5652, -1.5906])");
 * ```
 */
export function i1(input: Tensor): Tensor {
  return specialUnary("i1", input);
}

/**
 * The exponentially scaled I₁, `exp(−|x|)·I₁(x)`, like `torch.special.i1e`.
 *
 * @param input The tensor.
 * @returns i1e(input) (SpecialI1EBackward0).
 *
 * @example
 * ```ts
 * import { special, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(special.i1e(tensor([0, 1]))), "tensor([0.0000, 0.2079])");
 * ```
 */
export function i1e(input: Tensor): Tensor {
  return specialUnary("i1e", input);
}

/**
 * The scaled complementary error function `exp(x²)·erfc(x)`, like `torch.special.erfcx`.
 *
 * @param input The tensor.
 * @returns erfcx(input) (SpecialErfcxBackward0).
 *
 * @example
 * ```ts
 * import { special, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(special.erfcx(tensor([0, 1, 100]))), "tensor([1.0000, 0.4276, 0.0056])");
 * ```
 */
export function erfcx(input: Tensor): Tensor {
  return specialUnary("erfcx", input);
}

/**
 * The inverse of the standard normal CDF, like `torch.special.ndtri`.
 *
 * @param input Probabilities (−inf at 0, +inf at 1, NaN outside [0, 1]).
 * @returns The quantiles (SpecialNdtriBackward0).
 *
 * @example
 * ```ts
 * import { special, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(special.ndtri(tensor([0.5, 0.975, 0]))), "tensor([0.0000, 1.9600,   -inf])");
 * ```
 */
export function ndtri(input: Tensor): Tensor {
  return specialUnary("ndtri", input);
}

/**
 * The standard normal CDF Φ(x), like `torch.special.ndtr`: composed as torch composes it,
 * `(1 + erf(x/√2)) · 0.5`.
 *
 * @param input The tensor.
 * @returns Φ(input) (MulBackward1, as torch's).
 *
 * @example
 * ```ts
 * import { special, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(special.ndtr(tensor([0, 1.96]))), "tensor([0.5000, 0.9750])");
 * ```
 */
export function ndtr(input: Tensor): Tensor {
  requireTensor(input, "ndtr");
  const x = isFloating(input.dtype) ? input : input.to(get_default_dtype());
  return mulScalar(erf(mulScalar(x, Math.SQRT1_2)).add(1), 0.5);
}

/**
 * `t · s` for a number s as torch's C++ `tensor * Scalar` records it (MulBackward1), the scalar
 * rounded to the tensor's dtype first as torch's kernel does.
 */
function mulScalar(t: Tensor, s: number): Tensor {
  const dtype = t.dtype;
  const f32 = dtype === "float32";
  const k = f32 ? fr(s) : s;
  const x = valuesOf(t, dtype);
  const out = allocate(dtype, x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] * k;
  return result(out, t.shape, "MulBackward1", [t], (g) => [g.mul(k)], { dtype });
}

/**
 * log Φ(x), the log of the standard normal CDF, like `torch.special.log_ndtr`; finite far into
 * the left tail where Φ underflows.
 *
 * @param input The tensor.
 * @returns log Φ(input) (SpecialLogNdtrBackward0).
 *
 * @example
 * ```ts
 * import { special, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(special.log_ndtr(tensor([0, -40]))), "tensor([-6.9315e-01, -8.0461e+02])");
 * ```
 */
export function log_ndtr(input: Tensor): Tensor {
  return specialUnary("log_ndtr", input);
}

/**
 * The elementwise entropy term `−x·log x` (0 at 0, −inf below 0), like `torch.special.entr`.
 *
 * @param input The tensor.
 * @returns entr(input) (SpecialEntrBackward0).
 *
 * @example
 * ```ts
 * import { special, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(special.entr(tensor([0, 0.5, -1]))), "tensor([0.0000, 0.3466,   -inf])");
 * ```
 */
export function entr(input: Tensor): Tensor {
  return specialUnary("entr", input);
}

const ZETA_NAMES = ["SpecialZetaBackward0", "SpecialZetaBackward1", "SpecialZetaBackward2"];

/**
 * The Hurwitz zeta function ζ(x, q) = Σₖ (k + q)^−x, like `torch.special.zeta(input, other)`;
 * either argument may be a number. +inf at x = 1 and at q a non-positive integer, NaN for
 * x < 1. Only q has a gradient (`−x·ζ(x + 1, q)`); backward through x throws, as torch's
 * "the derivative for 'zeta' is not implemented."
 *
 * @param input The exponent x (tensor or number).
 * @param other The shift q (tensor or number).
 * @returns ζ(input, other), broadcast (SpecialZetaBackward0; 1 or 2 when x or q is a number).
 *
 * @example
 * ```ts
 * import { special, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(special.zeta(tensor([2, 3]), tensor([1, 2.5]))), "tensor([1.6449, 0.1181])");
 * ```
 */
export function zeta(input: Tensor | number, other: Tensor | number): Tensor {
  if (typeof input === "number" && typeof other === "number") {
    throw new TypeError("zeta: expected a Tensor for input or other, got two numbers");
  }
  const A = operand(input, "zeta");
  const B = operand(other, "zeta(other)");
  const a = A.t, b = B.t;
  const dtype = floatDType(resultTypeOf([A, B]));
  const shape = broadcastShapes(a.shape, b.shape, "zeta");
  const ra = reader(a, dtype, shape), rb = reader(b, dtype, shape);
  const n = numelOf(shape);
  const out = allocate(dtype, n);
  // torch accumulates in double for float32 too, and rounds once.
  for (let i = 0; i < n; i++) {
    out[i] = zetaKernel(
      ra.data[ra.idx === null ? i : ra.idx[i]],
      rb.data[rb.idx === null ? i : rb.idx[i]],
    );
  }
  const name = ZETA_NAMES[A.wrapped ? 1 : B.wrapped ? 2 : 0];
  return result(out, shape, name, [a, b], (g) => {
    if (a.requires_grad) throw new Error("the derivative for 'zeta' is not implemented.");
    return [null, b.requires_grad ? sumTo(g.mul(a.neg()).mul(zeta(a.add(1), b)), b.shape) : null];
  }, { dtype, saved: [...(A.wrapped ? [] : [a]), ...(B.wrapped ? [] : [b])] });
}
