/**
 * The table {@linkcode SPECIAL_UNARY}, this family's `derivatives.yaml`: per unary special
 * function its grad_fn name, its float64 and float32 kernels (lib/special/kernels.ts) and its
 * gradient, written with differentiable tensor ops so that double backward works; and the loop
 * that applies a row. Integer and bool input gives the default float dtype, as torch's unary
 * float ops do. The public functions (functions.ts, gamma.ts) are thin calls into it.
 *
 * @module
 */

import { allocate, type DType, get_default_dtype, isFloating } from "../tensor/dtype.ts";
import { requireTensor, result, type Tensor } from "../tensor/tensor.ts";
import { valuesOf, where } from "../ops/elementwise.ts";
import * as K from "./kernels.ts";

const fr = Math.fround;
const SQRT_PI = Math.sqrt(Math.PI);
const TWO_OVER_SQRT_PI = 2 / SQRT_PI;
const SQRT_2PI = Math.sqrt(2 * Math.PI);

const digamma = (x: Tensor) => specialUnary("digamma", x);
const i0 = (x: Tensor) => specialUnary("i0", x);
const i1 = (x: Tensor) => specialUnary("i1", x);
const i0e = (x: Tensor) => specialUnary("i0e", x);
const i1e = (x: Tensor) => specialUnary("i1e", x);
const sin = (x: Tensor) => specialUnary("sin", x);
const cos = (x: Tensor) => specialUnary("cos", x);

/** One row of the table: grad_fn name, the kernels, the gradient given g, input x, output y. */
interface SpecialRow {
  readonly grad_fn: string;
  readonly f64: (x: number) => number;
  readonly f32: (x: number) => number;
  readonly backward: (g: Tensor, x: Tensor, y: Tensor) => Tensor;
  /** What the gradient reads: checked against in-place writes. */
  readonly saves: "x" | "y" | "xy";
}

/** The unary special functions of this module. */
export type SpecialUnaryOp =
  | "lgamma"
  | "digamma"
  | "erf"
  | "erfc"
  | "erfinv"
  | "erfcx"
  | "exp2"
  | "i0"
  | "i0e"
  | "i1"
  | "i1e"
  | "ndtri"
  | "log_ndtr"
  | "entr"
  | "sinc"
  | "sin"
  | "cos";

const round32 = (f: (x: number) => number) => (x: number) => fr(f(x));

function entr64(x: number): number {
  if (x !== x) return x;
  if (x > 0) return -x * Math.log(x);
  return x === 0 ? 0 : -Infinity;
}

function entr32(x: number): number {
  if (x !== x) return x;
  if (x > 0) return fr(-x * fr(Math.log(x)));
  return x === 0 ? 0 : -Infinity;
}

function sinc64(x: number): number {
  if (x === 0) return 1;
  const p = Math.PI * x;
  return Math.sin(p) / p;
}

const PI32 = fr(Math.PI);

function sinc32(x: number): number {
  if (x === 0) return 1;
  const p = fr(PI32 * x);
  return fr(fr(Math.sin(p)) / p);
}

/** Unary special functions: torch's grad_fn names and derivatives.yaml formulas. */
export const SPECIAL_UNARY: Readonly<Record<SpecialUnaryOp, SpecialRow>> = {
  // lgamma: grad · digamma(x).
  lgamma: {
    grad_fn: "LgammaBackward0",
    f64: K.lgamma,
    // glibc's lgammaf (torch's float32 kernel) gives +inf from 4.0371103e36 on.
    f32: (x) => Math.abs(x) >= 4.0371103180829464e36 ? Infinity : fr(K.lgamma(x)),
    saves: "x",
    backward: (g, x) => g.mul(digamma(x)),
  },
  // digamma: grad · polygamma(1, x).
  digamma: {
    grad_fn: "DigammaBackward0",
    f64: K.digamma,
    f32: K.digamma32,
    saves: "x",
    backward: (g, x) => g.mul(polygammaOp(1, x)),
  },
  // erf: 2/√π · exp(−x²) · grad.
  erf: {
    grad_fn: "ErfBackward0",
    f64: K.erf,
    f32: round32(K.erf),
    saves: "x",
    backward: (g, x) => x.pow(2).neg().exp().mul(TWO_OVER_SQRT_PI).mul(g),
  },
  // erfc: −2/√π · exp(−x²) · grad.
  erfc: {
    grad_fn: "ErfcBackward0",
    f64: K.erfc,
    f32: round32(K.erfc),
    saves: "x",
    backward: (g, x) => x.pow(2).neg().exp().mul(-TWO_OVER_SQRT_PI).mul(g),
  },
  // erfinv: √π/2 · exp(erfinv(x)²) · grad (from the saved result).
  erfinv: {
    grad_fn: "ErfinvBackward0",
    f64: K.erfinv,
    f32: K.erfinv32,
    saves: "y",
    backward: (g, _x, y) => y.pow(2).exp().mul(0.5 * SQRT_PI).mul(g),
  },
  // erfcx: (2x·erfcx(x) − 2/√π) · grad.
  erfcx: {
    grad_fn: "SpecialErfcxBackward0",
    f64: K.erfcx,
    f32: K.erfcx32,
    saves: "xy",
    backward: (g, x, y) => x.mul(y).mul(2).sub(TWO_OVER_SQRT_PI).mul(g),
  },
  // exp2: grad · 2^x · ln 2.
  exp2: {
    grad_fn: "Exp2Backward0",
    f64: (x) => Math.pow(2, x),
    f32: (x) => fr(Math.pow(2, x)),
    saves: "y",
    backward: (g, _x, y) => g.mul(y).mul(Math.LN2),
  },
  // i0: grad · i1(x).
  i0: {
    grad_fn: "I0Backward0",
    f64: K.i0,
    f32: K.i0_32,
    saves: "x",
    backward: (g, x) => g.mul(i1(x)),
  },
  // i0e: grad · (i1e(x) − sgn(x) · i0e(x)).
  i0e: {
    grad_fn: "SpecialI0EBackward0",
    f64: K.i0e,
    f32: K.i0e32,
    saves: "xy",
    backward: (g, x, y) => g.mul(i1e(x).sub(x.sign().mul(y))),
  },
  // i1: grad · (i0(x) − i1(x)/x), 1/2 at x = 0.
  i1: {
    grad_fn: "SpecialI1Backward0",
    f64: K.i1,
    f32: K.i1_32,
    saves: "xy",
    backward: (g, x, y) => g.mul(where(x.eq(0), 0.5, i0(x).sub(y.div(x)))),
  },
  // i1e: grad · (i0e(x) − i1e(x)·(sgn(x) + 1/x)), 1/2 at x = 0.
  i1e: {
    grad_fn: "SpecialI1EBackward0",
    f64: K.i1e,
    f32: K.i1e32,
    saves: "xy",
    backward: (g, x, y) =>
      g.mul(where(x.eq(0), 0.5, i0e(x).sub(y.mul(x.sign().add(x.reciprocal()))))),
  },
  // ndtri: grad · √(2π) · exp(ndtri(x)²/2).
  ndtri: {
    grad_fn: "SpecialNdtriBackward0",
    f64: K.ndtri,
    f32: K.ndtri32,
    saves: "y",
    backward: (g, _x, y) => g.mul(SQRT_2PI).mul(y.square().div(2).exp()),
  },
  // log_ndtr: grad / √(2π) · exp(−(log_ndtr(x) + x²/2)).
  log_ndtr: {
    grad_fn: "SpecialLogNdtrBackward0",
    f64: K.log_ndtr,
    f32: K.log_ndtr32,
    saves: "xy",
    backward: (g, x, y) => g.div(SQRT_2PI).mul(y.add(x.pow(2).div(2)).neg().exp()),
  },
  // entr: grad · −(1 + log x).
  entr: {
    grad_fn: "SpecialEntrBackward0",
    f64: entr64,
    f32: entr32,
    saves: "x",
    backward: (g, x) => g.mul(x.log().add(1).neg()),
  },
  // sinc: grad · (πx·cos(πx) − sin(πx)) / (πx²), 0 at x = 0.
  sinc: {
    grad_fn: "SincBackward0",
    f64: sinc64,
    f32: sinc32,
    saves: "x",
    backward: (g, x) => {
      const px = x.mul(Math.PI);
      const d = px.mul(cos(px)).sub(sin(px)).div(px.mul(x));
      return where(x.eq(0), 0, d).mul(g);
    },
  },
  // sin and cos, private: sinc's gradient is written with them.
  sin: {
    grad_fn: "SinBackward0",
    f64: Math.sin,
    f32: round32(Math.sin),
    saves: "x",
    backward: (g, x) => g.mul(cos(x)),
  },
  cos: {
    grad_fn: "CosBackward0",
    f64: Math.cos,
    f32: round32(Math.cos),
    saves: "x",
    backward: (g, x) => g.mul(sin(x).neg()),
  },
};

/**
 * The dtype a float op computes in for an input of `dtype`: integers and bools give the default.
 *
 * @param dtype The input's dtype.
 * @returns The dtype computed in.
 */
export function floatDType(dtype: DType): DType {
  return isFloating(dtype) ? dtype : get_default_dtype();
}

/**
 * One of the unary ops of {@linkcode SPECIAL_UNARY}, recorded for autograd.
 *
 * @param op Which op.
 * @param input The input.
 * @returns The result.
 */
export function specialUnary(op: SpecialUnaryOp, input: Tensor): Tensor {
  requireTensor(input, op);
  const row = SPECIAL_UNARY[op];
  const dtype = floatDType(input.dtype);
  return mapUnary(
    input,
    dtype,
    dtype === "float32" ? row.f32 : row.f64,
    row.grad_fn,
    (g, y) => row.backward(g, input, y),
    row.saves,
  );
}

/**
 * Applies `kernel` to every element of `input` (read as `dtype`) and records the node.
 *
 * @param input The input.
 * @param dtype The dtype computed in (and of the output).
 * @param kernel The scalar function.
 * @param grad_fn torch's name of the node.
 * @param backward The gradient given the output's gradient and the output.
 * @param saves What the gradient reads.
 * @returns The output.
 */
export function mapUnary(
  input: Tensor,
  dtype: DType,
  kernel: (x: number) => number,
  grad_fn: string,
  backward: (g: Tensor, y: Tensor) => Tensor,
  saves: "x" | "y" | "xy",
): Tensor {
  const x = valuesOf(input, dtype);
  const n = x.length;
  const out = allocate(dtype, n);
  for (let i = 0; i < n; i++) out[i] = kernel(x[i]);
  const y: Tensor = result(out, input.shape, grad_fn, [input], (g) => [backward(g, y)], {
    dtype,
    saved: saves === "y" ? [] : [input],
    saveOutput: saves !== "x",
  });
  return y;
}

/**
 * polygamma(n, input) with n already a whole number: the op behind `torch.polygamma`.
 *
 * @param n The order.
 * @param input The tensor.
 * @returns ψ⁽ⁿ⁾(input) (PolygammaBackward0).
 */
export function polygammaOp(n: number, input: Tensor): Tensor {
  const order = n;
  requireTensor(input, "polygamma");
  if (order < 0) throw new RangeError("polygamma(n, x) does not support negative n.");
  const dtype = floatDType(input.dtype);
  const kernel = dtype === "float32"
    ? (x: number) => K.polygamma32(order, x)
    : (x: number) => K.polygamma(order, x);
  return mapUnary(
    input,
    dtype,
    kernel,
    "PolygammaBackward0",
    (g) => g.mul(polygammaOp(order + 1, input)),
    "x",
  );
}
