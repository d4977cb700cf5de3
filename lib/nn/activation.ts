/**
 * The activation functions of `torch.nn.functional`: `relu`, `relu6`, `elu`, `selu`, `celu`,
 * `gelu`, `silu`, `mish`, `leaky_relu`, `prelu`, `rrelu`, `hardtanh`, `hardsigmoid`,
 * `hardswish`, `hardshrink`, `softshrink`, `tanhshrink`, `threshold`, `softplus`, `softsign`,
 * `sigmoid`, `tanh`, `logsigmoid`, `glu`, `softmin`, `gumbel_softmax`.
 *
 * Each op that torch implements natively is one forward loop over typed arrays and its
 * backward, with torch's grad_fn name (`EluBackward0`, `SoftplusBackward0`, ...). The backward
 * formulas are torch's `derivatives.yaml` ones written with the library's differentiable ops,
 * so they can be differentiated again. Ops that torch composes in Python (`softsign`,
 * `tanhshrink`, `softmin`, `gumbel_softmax`) are composed here the same way, so their graphs
 * have the same nodes. `inplace: true` writes the result into the input (as torch's `relu_`,
 * `elu_`, ...). Float32 results are computed in double and rounded once.
 *
 * @module
 */

import { allocate, type Data, type DType, isFloating, tensorTypeName } from "../tensor/dtype.ts";
import { bind, type Signature } from "../tensor/args.ts";
import { no_grad } from "../tensor/autograd.ts";
import { contiguousData, fromData, requireTensor, result, type Tensor } from "../tensor/tensor.ts";
import { valuesOf, where } from "../ops/elementwise.ts";
import { apply_ } from "../ops/inplace.ts";
import { sumTo } from "../ops/reduce.ts";
import { softmax } from "../ops/softmax.ts";
import { uniformDouble } from "../tensor/random.ts";
import { normalizeDim } from "../tensor/shape.ts";
import { cat } from "../ops/gather.ts";
import { maskedGrad } from "../ops/masked_backward.ts";
import { erf } from "./erf.ts";
import type { Args } from "./call_args.ts";

// ---------------------------------------------------------------------------------------------
// The shared machinery: one elementwise op with torch's name and backward
// ---------------------------------------------------------------------------------------------

/** torch's type name in "not implemented for 'Long'" messages. */
function scalarTypeName(dtype: DType): string {
  return tensorTypeName(dtype).replace(/^torch\./, "").replace(/Tensor$/, "");
}

/** Refuses integer and bool input as torch's float-only kernels do. */
function requireFloat(input: Tensor, kernel: string): void {
  if (!isFloating(input.dtype)) {
    throw new TypeError(`"${kernel}" not implemented for '${scalarTypeName(input.dtype)}'`);
  }
}

/**
 * An elementwise op: `loop` writes the output from the input's values (row-major, in the
 * input's float dtype); `backward` is the gradient as ops of g, x and y.
 */
function pointwise(
  input: Tensor,
  kernel: string,
  grad_fn: string,
  loop: (x: Data, out: Data) => void,
  backward: (g: Tensor, x: Tensor, y: Tensor) => Tensor,
  saves: "x" | "y",
): Tensor {
  requireTensor(input, kernel);
  requireFloat(input, kernel);
  const x = valuesOf(input, input.dtype);
  const out = allocate(input.dtype, x.length);
  loop(x, out);
  const y: Tensor = result(out, input.shape, grad_fn, [input], (g) => [backward(g, input, y)], {
    dtype: input.dtype,
    saved: saves === "x" ? [input] : [],
    saveOutput: saves === "y",
  });
  return y;
}

/** Runs `op` out of place, or writes its result into `input` (torch's `op_`) when asked. */
function maybeInplace(
  input: Tensor,
  inplace: boolean,
  name: string,
  op: (x: Tensor) => Tensor,
): Tensor {
  requireTensor(input, name);
  return inplace ? apply_(input, `${name}_`, op, []) : op(input);
}

const INPLACE: Signature = [{ name: "inplace", kind: "bool", default: false }];

/** The `{ inplace }` option of torch's in-place-capable activations. */
export interface InplaceOptions {
  /** Write the result into the input (default false). */
  inplace?: boolean;
}

// ---------------------------------------------------------------------------------------------
// relu, relu6, hardtanh, threshold
// ---------------------------------------------------------------------------------------------

/**
 * `max(x, 0)`, like `torch.nn.functional.relu(input, inplace=False)`; int64 stays int64.
 *
 * @param input The input.
 * @param args `inplace` by position or in `{ inplace }`.
 * @returns The rectified tensor (ReluBackward0), or `input` itself when in place.
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(F.relu(tensor([-1, 0, 2])).tolist(), [0, 0, 2]);
 * ```
 */
export function relu(input: Tensor, ...args: Args<[inplace?: boolean], InplaceOptions>): Tensor {
  const { inplace } = bind("relu", INPLACE, args);
  requireTensor(input, "relu");
  return inplace ? input.relu_() : input.relu();
}

const HARDTANH: Signature = [
  { name: "min_val", kind: "number", default: -1 },
  { name: "max_val", kind: "number", default: 1 },
  ...INPLACE,
];

/** Options of {@linkcode hardtanh}. */
export interface HardtanhOptions extends InplaceOptions {
  /** The lower bound (default −1). */
  min_val?: number;
  /** The upper bound (default 1). */
  max_val?: number;
}

function hardtanhOp(input: Tensor, lo: number, hi: number, where_: string): Tensor {
  requireTensor(input, where_);
  if (input.dtype === "bool") {
    throw new TypeError(`Bool inputs not supported for ${where_}`);
  }
  if (!isFloating(input.dtype)) return input.clamp(lo, hi);
  return pointwise(
    input,
    "hardtanh",
    "HardtanhBackward0",
    (x, out) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        out[i] = v < lo ? lo : v > hi ? hi : v; // NaN stays NaN
      }
    },
    (g, x) =>
      maskedGrad(where(x.le(lo).logical_or(x.ge(hi)), 0, g), x, "HardtanhBackwardBackward0"),
    "x",
  );
}

/**
 * Clamps to [min_val, max_val], like `torch.nn.functional.hardtanh(input, min_val=-1.,
 * max_val=1., inplace=False)`; the gradient is 0 at and outside the bounds.
 *
 * @param input The input.
 * @param args `min_val, max_val, inplace` by position or in an options object.
 * @returns The clamped tensor (HardtanhBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(F.hardtanh(tensor([-3, 0.5, 3])).tolist(), [-1, 0.5, 1]);
 * assert.deepEqual(F.hardtanh(tensor([-3, 3]), { min_val: -2 }).tolist(), [-2, 1]);
 * ```
 */
export function hardtanh(
  input: Tensor,
  ...args: Args<[min_val?: number, max_val?: number, inplace?: boolean], HardtanhOptions>
): Tensor {
  const { min_val, max_val, inplace } = bind("hardtanh", HARDTANH, args);
  const lo = min_val as number;
  const hi = max_val as number;
  if (lo > hi) throw new RangeError("min_val cannot be greater than max_val");
  return maybeInplace(
    input,
    inplace as boolean,
    "hardtanh",
    (x) => hardtanhOp(x, lo, hi, "hardtanh"),
  );
}

/**
 * `min(max(x, 0), 6)`, like `torch.nn.functional.relu6(input, inplace=False)` (torch computes
 * it as hardtanh(x, 0, 6), hence the grad_fn).
 *
 * @param input The input.
 * @param args `inplace` by position or in `{ inplace }`.
 * @returns The result (HardtanhBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(F.relu6(tensor([-1, 3, 8])).tolist(), [0, 3, 6]);
 * ```
 */
export function relu6(input: Tensor, ...args: Args<[inplace?: boolean], InplaceOptions>): Tensor {
  const { inplace } = bind("relu6", INPLACE, args);
  return maybeInplace(input, inplace as boolean, "relu6", (x) => hardtanhOp(x, 0, 6, "relu6"));
}

const THRESHOLD: Signature = [
  { name: "threshold", kind: "number" },
  { name: "value", kind: "number" },
  ...INPLACE,
];

/** Options of {@linkcode threshold}. */
export interface ThresholdOptions extends InplaceOptions {
  /** Elements at or below it are replaced. */
  threshold?: number;
  /** Their replacement. */
  value?: number;
}

/**
 * `x > threshold ? x : value`, like `torch.nn.functional.threshold(input, threshold, value,
 * inplace=False)`.
 *
 * @param input The input.
 * @param args `threshold, value, inplace` by position or in an options object.
 * @returns The result (ThresholdBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(F.threshold(tensor([0.5, 1, 2]), 1, -5).tolist(), [-5, -5, 2]);
 * ```
 */
export function threshold(
  input: Tensor,
  ...args: Args<[threshold: number, value: number, inplace?: boolean], ThresholdOptions>
): Tensor {
  const b = bind("threshold", THRESHOLD, args);
  const th = b.threshold as number;
  const value = b.value as number;
  return maybeInplace(input, b.inplace as boolean, "threshold", (t) => {
    requireTensor(t, "threshold");
    if (!isFloating(t.dtype)) return where(t.le(th), value, t);
    return pointwise(
      t,
      "threshold",
      b.inplace ? "ThresholdBackward1" : "ThresholdBackward0",
      (x, out) => {
        for (let i = 0; i < x.length; i++) out[i] = x[i] <= th ? value : x[i];
      },
      (g, x) => maskedGrad(where(x.le(th), 0, g), x, "ThresholdBackwardBackward0"),
      "x",
    );
  });
}

// ---------------------------------------------------------------------------------------------
// elu, selu, celu
// ---------------------------------------------------------------------------------------------

/**
 * torch's elu(x, alpha, scale, input_scale): one kernel behind elu, selu and celu. Like torch's
 * kernel it takes `exp(x) − 1` (not expm1: `elu(−0)` is +0 and tiny inputs round as torch's),
 * in float for float32.
 */
function eluOp(
  input: Tensor,
  alpha: number,
  scale: number,
  inputScale: number,
  grad_fn = "EluBackward0",
): Tensor {
  const negcoef = alpha * scale;
  return pointwise(input, "elu_cpu", grad_fn, (x, out) => {
    if (x instanceof Float32Array) {
      const fr = Math.fround;
      const nc = fr(negcoef);
      const ps = fr(scale);
      const ic = fr(inputScale);
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        out[i] = v <= 0 ? fr(fr(Math.exp(fr(v * ic))) - 1) * nc : v * ps;
      }
      return;
    }
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      out[i] = v <= 0 ? (Math.exp(v * inputScale) - 1) * negcoef : v * scale;
    }
  }, (g, x) =>
    where(
      x.le(0),
      g.mul(x.mul(inputScale).exp()).mul(inputScale * negcoef),
      g.mul(scale),
    ), "x");
}

const ELU: Signature = [{ name: "alpha", kind: "number", default: 1 }, ...INPLACE];

/** Options of {@linkcode elu} and {@linkcode celu}. */
export interface EluOptions extends InplaceOptions {
  /** The negative saturation value (default 1). */
  alpha?: number;
}

/**
 * `x > 0 ? x : alpha · (exp(x) − 1)`, like `torch.nn.functional.elu(input, alpha=1.0,
 * inplace=False)`.
 *
 * @param input A float tensor.
 * @param args `alpha, inplace` by position or in an options object.
 * @returns The result (EluBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(F.elu(tensor([-1, 2]))), "tensor([-0.6321,  2.0000])");
 * ```
 */
export function elu(
  input: Tensor,
  ...args: Args<[alpha?: number, inplace?: boolean], EluOptions>
): Tensor {
  const { alpha, inplace } = bind("elu", ELU, args);
  return maybeInplace(
    input,
    inplace as boolean,
    "elu",
    (x) => eluOp(x, alpha as number, 1, 1, inplace ? "EluBackward1" : "EluBackward0"),
  );
}

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

/**
 * `scale · elu(x, alpha)` with torch's constants, like `torch.nn.functional.selu(input,
 * inplace=False)`.
 *
 * @param input A float tensor.
 * @param args `inplace` by position or in `{ inplace }`.
 * @returns The result (EluBackward0, as torch computes it through elu).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(F.selu(tensor([-1, 1]))), "tensor([-1.1113,  1.0507])");
 * ```
 */
export function selu(input: Tensor, ...args: Args<[inplace?: boolean], InplaceOptions>): Tensor {
  const { inplace } = bind("selu", INPLACE, args);
  return maybeInplace(
    input,
    inplace as boolean,
    "selu",
    (x) => eluOp(x, SELU_ALPHA, SELU_SCALE, 1, inplace ? "EluBackward1" : "EluBackward0"),
  );
}

/**
 * `max(0, x) + min(0, alpha · (exp(x / alpha) − 1))`, like `torch.nn.functional.celu(input,
 * alpha=1., inplace=False)`.
 *
 * @param input A float tensor.
 * @param args `alpha, inplace` by position or in an options object.
 * @returns The result (CeluBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(F.celu(tensor([-1, 1]), 2)), "tensor([-0.7869,  1.0000])");
 * ```
 */
export function celu(
  input: Tensor,
  ...args: Args<[alpha?: number, inplace?: boolean], EluOptions>
): Tensor {
  const { alpha, inplace } = bind("celu", ELU, args);
  const a = alpha as number;
  if (a === 0) throw new RangeError("ZeroDivisionError");
  return maybeInplace(
    input,
    inplace as boolean,
    "celu",
    (x) => eluOp(x, a, 1, 1 / a, inplace ? "CeluBackward1" : "CeluBackward0"),
  );
}

// ---------------------------------------------------------------------------------------------
// gelu, silu, mish, softplus, logsigmoid
// ---------------------------------------------------------------------------------------------

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const GELU_BETA = Math.SQRT2 * (2 / Math.sqrt(Math.PI)) * 0.5;
const GELU_KAPPA = 0.044715;

/** Φ(x), the standard normal CDF, as a differentiable op (its gradient is the density). */
function normalCdf(x: Tensor): Tensor {
  const v = valuesOf(x, x.dtype);
  const out = allocate(x.dtype, v.length);
  for (let i = 0; i < v.length; i++) out[i] = 0.5 * (1 + erf(v[i] * SQRT1_2));
  return result(out, x.shape, "NormalCdfBackward", [x], (g) => [
    g.mul(x.mul(x).mul(-0.5).exp().mul(INV_SQRT_2PI)),
  ], { dtype: x.dtype, saved: [x] });
}

/** Options of {@linkcode gelu}. */
export interface GeluOptions {
  /** `"none"` (default): the exact x·Φ(x); `"tanh"`: the tanh approximation. */
  approximate?: "none" | "tanh";
}

const GELU: Signature = [
  {
    name: "approximate",
    kind: (v) => v === "none" || v === "tanh" ? null : `"none" or "tanh"`,
    default: "none",
    keywordOnly: true,
  },
];

/**
 * The Gaussian error linear unit `x · Φ(x)`, like `torch.nn.functional.gelu(input,
 * approximate='none')`; `approximate: "tanh"` uses `0.5x(1 + tanh(√(2/π)(x + 0.044715x³)))`.
 *
 * @param input A float tensor.
 * @param options `{ approximate }` (keyword-only in torch).
 * @returns The result (GeluBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(F.gelu(tensor([-1, 1]))), "tensor([-0.1587,  0.8413])");
 * assert.equal(String(F.gelu(tensor([1]), { approximate: "tanh" })), "tensor([0.8412])");
 * ```
 */
export function gelu(input: Tensor, options?: GeluOptions): Tensor {
  const { approximate } = bind("gelu", GELU, options === undefined ? [] : [options]);
  if (approximate === "tanh") {
    return pointwise(input, "GeluKernelImpl", "GeluBackward0", (x, out) => {
      if (x instanceof Float32Array) {
        // torch's float32 kernel rounds each step (tanh of a large input is exactly ±1).
        const fr = Math.fround;
        const beta = fr(GELU_BETA);
        const kappa = fr(GELU_KAPPA);
        for (let i = 0; i < x.length; i++) {
          const v = x[i];
          const cube = fr(fr(v * v) * v);
          const t = fr(Math.tanh(fr(beta * fr(v + fr(kappa * cube)))));
          out[i] = fr(0.5 * v) * fr(1 + t);
        }
        return;
      }
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        out[i] = 0.5 * v * (1 + Math.tanh(GELU_BETA * (v + GELU_KAPPA * v * v * v)));
      }
    }, (g, x) => {
      const x2 = x.mul(x);
      const t = x.add(x2.mul(x).mul(GELU_KAPPA)).mul(GELU_BETA).tanh();
      const left = t.add(1).mul(0.5);
      const right = x.mul(0.5).mul(t.mul(t).rsub(1)).mul(
        x2.mul(3 * GELU_KAPPA).add(1).mul(GELU_BETA),
      );
      return g.mul(left.add(right));
    }, "x");
  }
  return pointwise(
    input,
    "GeluKernelImpl",
    "GeluBackward0",
    (x, out) => {
      // torch's float32 kernel gives +0 where the product is zero (gelu(−0), gelu(−25)).
      const zero = x instanceof Float32Array ? 0 : -0;
      for (let i = 0; i < x.length; i++) {
        out[i] = x[i] * 0.5 * (1 + erf(x[i] * SQRT1_2)) + zero;
      }
    },
    (g, x) => g.mul(normalCdf(x).add(x.mul(x.mul(x).mul(-0.5).exp().mul(INV_SQRT_2PI)))),
    "x",
  );
}

/**
 * `x · sigmoid(x)`, like `torch.nn.functional.silu(input, inplace=False)`.
 *
 * @param input A float tensor.
 * @param args `inplace` by position or in `{ inplace }`.
 * @returns The result (SiluBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(F.silu(tensor([-1, 1]))), "tensor([-0.2689,  0.7311])");
 * ```
 */
export function silu(input: Tensor, ...args: Args<[inplace?: boolean], InplaceOptions>): Tensor {
  const { inplace } = bind("silu", INPLACE, args);
  return maybeInplace(
    input,
    inplace as boolean,
    "silu",
    (t) =>
      pointwise(t, "silu_cpu", "SiluBackward0", (x, out) => {
        for (let i = 0; i < x.length; i++) out[i] = x[i] / (1 + Math.exp(-x[i]));
      }, (g, x) => {
        const s = x.sigmoid();
        return g.mul(s.mul(x.mul(s.rsub(1)).add(1)));
      }, "x"),
  );
}

/**
 * `x · tanh(softplus(x))`, like `torch.nn.functional.mish(input, inplace=False)`.
 *
 * @param input A float tensor.
 * @param args `inplace` by position or in `{ inplace }`.
 * @returns The result (MishBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(F.mish(tensor([-1, 1]))), "tensor([-0.3034,  0.8651])");
 * ```
 */
export function mish(input: Tensor, ...args: Args<[inplace?: boolean], InplaceOptions>): Tensor {
  const { inplace } = bind("mish", INPLACE, args);
  return maybeInplace(
    input,
    inplace as boolean,
    "mish",
    (t) =>
      pointwise(t, "mish_cpu", "MishBackward0", (x, out) => {
        for (let i = 0; i < x.length; i++) out[i] = x[i] * Math.tanh(Math.log1p(Math.exp(x[i])));
      }, (g, x) => {
        const tsp = softplusOp(x, 1, 20).tanh();
        return g.mul(tsp.add(x.mul(x.sigmoid()).mul(tsp.mul(tsp).rsub(1))));
      }, "x"),
  );
}

function softplusOp(input: Tensor, beta: number, th: number): Tensor {
  return pointwise(input, "softplus_cpu", "SoftplusBackward0", (x, out) => {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      out[i] = v * beta > th ? v : Math.log1p(Math.exp(v * beta)) / beta;
    }
  }, (g, x) => {
    const xb = x.mul(beta);
    // z/(z+1) = sigmoid(βx), written stably.
    return where(xb.gt(th), g, g.mul(xb.sigmoid()));
  }, "x");
}

const SOFTPLUS: Signature = [
  { name: "beta", kind: "number", default: 1 },
  { name: "threshold", kind: "number", default: 20 },
];

/** Options of {@linkcode softplus}. */
export interface SoftplusOptions {
  /** The sharpness (default 1). */
  beta?: number;
  /** Above `beta · x > threshold` the function is the identity (default 20). */
  threshold?: number;
}

/**
 * `log(1 + exp(beta · x)) / beta`, linear above `beta · x > threshold`, like
 * `torch.nn.functional.softplus(input, beta=1, threshold=20)`.
 *
 * @param input A float tensor.
 * @param args `beta, threshold` by position or in an options object.
 * @returns The result (SoftplusBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(F.softplus(tensor([0, 30]))), "tensor([ 0.6931, 30.0000])");
 * assert.equal(String(F.softplus(tensor([1]), { beta: 2 })), "tensor([1.0635])");
 * ```
 */
export function softplus(
  input: Tensor,
  ...args: Args<[beta?: number, threshold?: number], SoftplusOptions>
): Tensor {
  const { beta, threshold } = bind("softplus", SOFTPLUS, args);
  return softplusOp(input, beta as number, threshold as number);
}

/**
 * `log(sigmoid(x))`, computed stably, like `torch.nn.functional.logsigmoid(input)`.
 *
 * @param input A float tensor.
 * @returns The result (LogSigmoidBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(F.logsigmoid(tensor([-100, 0]))), "tensor([-100.0000,   -0.6931])");
 * ```
 */
export function logsigmoid(input: Tensor): Tensor {
  return pointwise(
    input,
    "log_sigmoid_cpu",
    "LogSigmoidBackward0",
    (x, out) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        out[i] = Math.min(v, 0) - Math.log1p(Math.exp(-Math.abs(v)));
      }
    },
    (g, x) => g.mul(x.neg().sigmoid()),
    "x",
  );
}

/**
 * The logistic function, like `torch.nn.functional.sigmoid` (= `torch.sigmoid`).
 *
 * @param input The input.
 * @returns `1 / (1 + exp(−x))` (SigmoidBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(F.sigmoid(tensor([0, 2]))), "tensor([0.5000, 0.8808])");
 * ```
 */
export function sigmoid(input: Tensor): Tensor {
  requireTensor(input, "sigmoid");
  return input.sigmoid();
}

/**
 * The hyperbolic tangent, like `torch.nn.functional.tanh` (= `torch.tanh`).
 *
 * @param input The input.
 * @returns tanh(x) (TanhBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(F.tanh(tensor([0, 1]))), "tensor([0.0000, 0.7616])");
 * ```
 */
export function tanh(input: Tensor): Tensor {
  requireTensor(input, "tanh");
  return input.tanh();
}

// ---------------------------------------------------------------------------------------------
// leaky_relu, prelu, rrelu
// ---------------------------------------------------------------------------------------------

function leakyReluOp(input: Tensor, slope: number, grad_fn = "LeakyReluBackward0"): Tensor {
  return pointwise(
    input,
    "leaky_relu_cpu",
    grad_fn,
    (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = x[i] > 0 ? x[i] : x[i] * slope;
    },
    (g, x) => maskedGrad(where(x.gt(0), g, g.mul(slope)), x, "LeakyReluBackwardBackward0"),
    "x",
  );
}

const LEAKY: Signature = [{ name: "negative_slope", kind: "number", default: 0.01 }, ...INPLACE];

/** Options of {@linkcode leaky_relu}. */
export interface LeakyReluOptions extends InplaceOptions {
  /** The slope below 0 (default 0.01). */
  negative_slope?: number;
}

/**
 * `x > 0 ? x : negative_slope · x`, like `torch.nn.functional.leaky_relu(input,
 * negative_slope=0.01, inplace=False)`.
 *
 * @param input A float tensor.
 * @param args `negative_slope, inplace` by position or in an options object.
 * @returns The result (LeakyReluBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(F.leaky_relu(tensor([-2, 3]), 0.5).tolist(), [-1, 3]);
 * ```
 */
export function leaky_relu(
  input: Tensor,
  ...args: Args<[negative_slope?: number, inplace?: boolean], LeakyReluOptions>
): Tensor {
  const { negative_slope, inplace } = bind("leaky_relu", LEAKY, args);
  return maybeInplace(
    input,
    inplace as boolean,
    "leaky_relu",
    (x) =>
      leakyReluOp(
        x,
        negative_slope as number,
        inplace ? "LeakyReluBackward1" : "LeakyReluBackward0",
      ),
  );
}

/**
 * `x > 0 ? x : weight · x` with a learned slope, like `torch.nn.functional.prelu(input,
 * weight)`: `weight` has one element, or one per channel (dim 1 of the input).
 *
 * @param input A float tensor.
 * @param weight The slopes: 1 element or `input.shape[1]` elements.
 * @returns The result (PreluBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(F.prelu(tensor([[-2, 2], [-4, 4]]), tensor([0.5, 0.25])).tolist(), [
 *   [-1, 2],
 *   [-2, 4],
 * ]);
 * ```
 */
export function prelu(input: Tensor, weight: Tensor): Tensor {
  requireTensor(input, "prelu");
  requireTensor(weight, "prelu");
  requireFloat(input, "prelu_cpu");
  const channels = input.dim() >= 2 ? input.shape[1] : 1;
  const wn = weight.numel();
  if (wn !== 1 && wn !== channels) {
    throw new RangeError(
      `Mismatch of parameter numbers and input channel size. Found parameter numbers = ${wn} and channel size = ${channels}.`,
    );
  }
  if (weight.dim() > 1) {
    throw new RangeError(
      `prelu: Expected \`weight\` to be a scalar or 1D tensor, but got: ndim = ${weight.dim()}`,
    );
  }
  // The weight seen broadcast against the input: [C, 1, ..., 1] for per-channel slopes.
  const shape = input.dim() >= 2 && wn > 1
    ? [wn, ...input.shape.slice(2).map(() => 1)]
    : (wn === 1 ? [] : [wn]);
  const wb = (w: Tensor) => (w.dim() === shape.length && wn === 1 ? w : w.reshape(shape));
  const x = valuesOf(input, input.dtype);
  const w = valuesOf(weight, input.dtype);
  const out = allocate(input.dtype, x.length);
  let inner = 1;
  for (let d = 2; d < input.dim(); d++) inner *= input.shape[d];
  for (let i = 0; i < x.length; i++) {
    const c = wn === 1 ? 0 : Math.floor(i / inner) % channels;
    out[i] = x[i] > 0 ? x[i] : w[c] * x[i];
  }
  return result(out, input.shape, "PreluBackward0", [input, weight], (g) => {
    const pos = input.gt(0);
    const gi = where(pos, g, g.mul(wb(weight)));
    const gw = sumTo(where(pos, 0, g.mul(input)), wn === 1 ? [] : shape).reshape(weight.shape);
    return [gi, gw];
  }, { dtype: input.dtype, saved: [input, weight] });
}

const RRELU: Signature = [
  { name: "lower", kind: "number", default: 1 / 8 },
  { name: "upper", kind: "number", default: 1 / 3 },
  { name: "training", kind: "bool", default: false },
  ...INPLACE,
];

/** Options of {@linkcode rrelu}. */
export interface RReluOptions extends InplaceOptions {
  /** The lowest random slope (default 1/8). */
  lower?: number;
  /** The highest random slope (default 1/3). */
  upper?: number;
  /** Draw the slopes (true) or use their mean (default false). */
  training?: boolean;
}

/**
 * The randomized leaky ReLU, like `torch.nn.functional.rrelu(input, lower=1./8, upper=1./3,
 * training=False, inplace=False)`: in training, each non-positive element is multiplied by a
 * slope drawn from U(lower, upper), one draw per such element in order, exactly as torch's CPU
 * generator draws them (same `manual_seed`, same slopes); otherwise `leaky_relu` with the mean
 * slope.
 *
 * @param input A float tensor.
 * @param args `lower, upper, training, inplace` by position or in an options object.
 * @returns The result (RreluWithNoiseBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(F.rrelu(tensor([-3, 3]), 0.25, 0.75).tolist(), [-1.5, 3]);
 * ```
 */
export function rrelu(
  input: Tensor,
  ...args: Args<
    [lower?: number, upper?: number, training?: boolean, inplace?: boolean],
    RReluOptions
  >
): Tensor {
  const b = bind("rrelu", RRELU, args);
  const lower = b.lower as number;
  const upper = b.upper as number;
  // torch's rrelu_ records the in-place variant's node.
  const rreluName = b.inplace ? "RreluWithNoiseBackward1" : "RreluWithNoiseBackward0";
  if (!(b.training as boolean)) {
    return maybeInplace(
      input,
      b.inplace as boolean,
      "rrelu",
      (x) => leakyReluOp(x, (lower + upper) / 2, rreluName),
    );
  }
  return maybeInplace(input, b.inplace as boolean, "rrelu", (t) => {
    requireTensor(t, "rrelu");
    requireFloat(t, "rrelu_with_noise_out_cpu");
    const x = valuesOf(t, t.dtype);
    const noise = allocate(t.dtype, x.length);
    const out = allocate(t.dtype, x.length);
    for (let i = 0; i < x.length; i++) {
      if (x[i] <= 0) {
        // uniform_real_distribution<double>(lower, upper): 53 bits, u · (upper − lower) + lower.
        const r = uniformDouble() * (upper - lower) + lower;
        noise[i] = r;
        out[i] = x[i] * noise[i];
      } else {
        noise[i] = 1;
        out[i] = x[i];
      }
    }
    const noiseT = fromData(noise, t.shape, t.dtype);
    return result(out, t.shape, rreluName, [t], (g) => [g.mul(noiseT)], {
      dtype: t.dtype,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// hardsigmoid, hardswish, hardshrink, softshrink, tanhshrink, softsign
// ---------------------------------------------------------------------------------------------

/** torch's hardsigmoid_backward multiplies by 1/6 rounded to float, for every dtype. */
const ONE_SIXTH_F32 = Math.fround(1 / 6);

/**
 * The piecewise linear sigmoid `clamp(x/6 + 1/2, 0, 1)`, like
 * `torch.nn.functional.hardsigmoid(input, inplace=False)`.
 *
 * @param input A float tensor.
 * @param args `inplace` by position or in `{ inplace }`.
 * @returns The result (HardsigmoidBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(F.hardsigmoid(tensor([-4, 0, 4])).tolist(), [0, 0.5, 1]);
 * ```
 */
export function hardsigmoid(
  input: Tensor,
  ...args: Args<[inplace?: boolean], InplaceOptions>
): Tensor {
  const { inplace } = bind("hardsigmoid", INPLACE, args);
  return maybeInplace(
    input,
    inplace as boolean,
    "hardsigmoid",
    (t) =>
      pointwise(
        t,
        "hardsigmoid_cpu",
        "HardsigmoidBackward0",
        (x, out) => {
          for (let i = 0; i < x.length; i++) {
            const v = x[i];
            out[i] = Math.min(Math.max(v + 3, 0), 6) / 6;
            if (Number.isNaN(v)) out[i] = NaN;
          }
        },
        (g, x) => where(x.gt(-3).logical_and(x.lt(3)), g.mul(ONE_SIXTH_F32), 0),
        "x",
      ),
  );
}

/**
 * `x · clamp(x + 3, 0, 6) / 6`, like `torch.nn.functional.hardswish(input, inplace=False)`.
 *
 * @param input A float tensor.
 * @param args `inplace` by position or in `{ inplace }`.
 * @returns The result (HardswishBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(F.hardswish(tensor([-4, 0, 4])).tolist(), [-0, 0, 4]);
 * ```
 */
export function hardswish(
  input: Tensor,
  ...args: Args<[inplace?: boolean], InplaceOptions>
): Tensor {
  const { inplace } = bind("hardswish", INPLACE, args);
  return maybeInplace(
    input,
    inplace as boolean,
    "hardswish",
    (t) =>
      pointwise(t, "hardswish_cpu", "HardswishBackward0", (x, out) => {
        for (let i = 0; i < x.length; i++) {
          const v = x[i];
          out[i] = Number.isNaN(v) ? NaN : v * Math.min(Math.max(v + 3, 0), 6) / 6;
        }
      }, (g, x) =>
        where(
          x.lt(-3),
          0,
          where(x.le(3), g.mul(x.div(3).add(0.5)), g),
        ), "x"),
  );
}

const LAMBD: Signature = [{ name: "lambd", kind: "number", default: 0.5 }];

/** Options of {@linkcode hardshrink} and {@linkcode softshrink}. */
export interface ShrinkOptions {
  /** The half-width of the zeroed band (default 0.5). */
  lambd?: number;
}

/**
 * `|x| > lambd ? x : 0`, like `torch.nn.functional.hardshrink(input, lambd=0.5)`.
 *
 * @param input A float tensor.
 * @param args `lambd` by position or in `{ lambd }`.
 * @returns The result (HardshrinkBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(F.hardshrink(tensor([-1, 0.25, 1])).tolist(), [-1, 0, 1]);
 * ```
 */
export function hardshrink(input: Tensor, ...args: Args<[lambd?: number], ShrinkOptions>): Tensor {
  const l = bind("hardshrink", LAMBD, args).lambd as number;
  return pointwise(
    input,
    "hardshrink_cpu",
    "HardshrinkBackward0",
    (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = x[i] >= -l && x[i] <= l ? 0 : x[i];
    },
    (g, x) =>
      maskedGrad(where(x.ge(-l).logical_and(x.le(l)), 0, g), x, "HardshrinkBackwardBackward0"),
    "x",
  );
}

/**
 * Shrinks toward 0 by `lambd` (`x − lambd`, `x + lambd` or 0), like
 * `torch.nn.functional.softshrink(input, lambd=0.5)`.
 *
 * @param input A float tensor.
 * @param args `lambd` by position or in `{ lambd }`.
 * @returns The result (SoftshrinkBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(F.softshrink(tensor([-1, 0.25, 1])).tolist(), [-0.5, 0, 0.5]);
 * ```
 */
export function softshrink(input: Tensor, ...args: Args<[lambd?: number], ShrinkOptions>): Tensor {
  const l = bind("softshrink", LAMBD, args).lambd as number;
  if (l < 0) {
    throw new RangeError(
      `lambda must be greater or equal to 0, but found to be ${l}.`,
    );
  }
  return pointwise(
    input,
    "softshrink_cpu",
    "SoftshrinkBackward0",
    (x, out) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        out[i] = v > l ? v - l : v < -l ? v + l : 0;
      }
    },
    (g, x) =>
      maskedGrad(where(x.ge(-l).logical_and(x.le(l)), 0, g), x, "SoftshrinkBackwardBackward0"),
    "x",
  );
}

/**
 * `x − tanh(x)`, like `torch.nn.functional.tanhshrink(input)` (composed as torch does).
 *
 * @param input The input.
 * @returns The result (SubBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(F.tanhshrink(tensor([0, 1]))), "tensor([0.0000, 0.2384])");
 * ```
 */
export function tanhshrink(input: Tensor): Tensor {
  requireTensor(input, "tanhshrink");
  return input.sub(input.tanh());
}

/**
 * `x / (1 + |x|)`, like `torch.nn.functional.softsign(input)` (composed as torch does).
 *
 * @param input The input.
 * @returns The result (DivBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(F.softsign(tensor([-1, 3])).tolist(), [-0.5, 0.75]);
 * ```
 */
export function softsign(input: Tensor): Tensor {
  requireTensor(input, "softsign");
  return input.div(input.abs().add(1));
}

// ---------------------------------------------------------------------------------------------
// glu, softmin, gumbel_softmax
// ---------------------------------------------------------------------------------------------

const GLU: Signature = [{ name: "dim", kind: "int", default: -1 }];

/**
 * The gated linear unit `a · sigmoid(b)` where `a` and `b` are the two halves of `input` along
 * `dim`, like `torch.nn.functional.glu(input, dim=-1)`.
 *
 * @param input A float tensor whose size along `dim` is even.
 * @param args `dim` by position or in `{ dim }`.
 * @returns The result, half as long along `dim` (GluBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(F.glu(tensor([3, 0])).tolist(), [1.5]);
 * ```
 */
export function glu(input: Tensor, ...args: Args<[dim?: number], { dim?: number }>): Tensor {
  const d0 = bind("glu", GLU, args).dim as number;
  requireTensor(input, "glu");
  if (input.dim() === 0) {
    throw new RangeError("glu does not support scalars because halving size must be even");
  }
  requireFloat(input, "glu");
  const dim = normalizeDim(d0, input.dim(), "glu");
  const size = input.shape[dim];
  if (size % 2 !== 0) {
    throw new RangeError(`Halving dimension must be even, but dimension ${dim} is size ${size}`);
  }
  const half = size / 2;
  const [a, b] = [input.narrow(dim, 0, half), input.narrow(dim, half, half)];
  const y = no_grad(() => a.mul(b.sigmoid()));
  return result(contiguousData(y).slice(), y.shape, "GluBackward0", [input], (g) => {
    const s = b.sigmoid();
    return [cat([g.mul(s), g.mul(a).mul(s).mul(s.rsub(1))], dim)];
  }, { dtype: input.dtype, saved: [input] });
}

const SOFTMIN: Signature = [
  { name: "dim", kind: "int", default: null },
  { name: "_stacklevel", kind: "int", default: 3 },
  { name: "dtype", kind: "dtype", default: null },
];

/** Options of {@linkcode softmin}. */
export interface SoftminOptions {
  /** The dim the result sums to 1 along. */
  dim?: number | null;
  /** Ignored (torch's warning bookkeeping). */
  _stacklevel?: number;
  /** Cast the input to this dtype first. */
  dtype?: DType | null;
}

/** torch's `_get_softmax_dim` for a call without `dim`: 0 for 0-, 1- and 3-D input, else 1. */
function implicitDim(name: string, ndim: number): number {
  console.warn(
    `UserWarning: Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument.`,
  );
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

/**
 * `softmax(−x, dim)`, like `torch.nn.functional.softmin(input, dim=None, _stacklevel=3,
 * dtype=None)` (without `dim`, torch's deprecated implicit choice, with its warning).
 *
 * @param input A float tensor.
 * @param args `dim, _stacklevel, dtype` by position or in an options object.
 * @returns The result (SoftmaxBackward0).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(F.softmin(tensor([1, 2]), 0)), "tensor([0.7311, 0.2689])");
 * ```
 */
export function softmin(
  input: Tensor,
  ...args: Args<[dim?: number | null, _stacklevel?: number, dtype?: DType | null], SoftminOptions>
): Tensor {
  const b = bind("softmin", SOFTMIN, args);
  requireTensor(input, "softmin");
  const dim = b.dim === null ? implicitDim("softmin", input.dim()) : b.dim as number;
  const x = b.dtype === null ? input : input.to(b.dtype as DType);
  return softmax(x.neg(), dim);
}

const GUMBEL: Signature = [
  { name: "tau", kind: "number", default: 1 },
  { name: "hard", kind: "bool", default: false },
  { name: "eps", kind: "number", default: 1e-10 },
  { name: "dim", kind: "int", default: -1 },
];

/** Options of {@linkcode gumbel_softmax}. */
export interface GumbelSoftmaxOptions {
  /** The temperature (default 1). */
  tau?: number;
  /** Return one-hot samples with the soft samples' gradient (default false). */
  hard?: boolean;
  /** Unused, as in torch (default 1e-10). */
  eps?: number;
  /** The dim of the categories (default −1). */
  dim?: number;
}

/**
 * Samples from the Gumbel-softmax distribution, like `torch.nn.functional.gumbel_softmax(logits,
 * tau=1, hard=False, eps=1e-10, dim=-1)`: `softmax((logits + g) / tau)` with Gumbel noise
 * `g = −log(E)`, `E ~ Exp(1)`; with `hard`, the one-hot of the argmax, with the soft sample's
 * gradient (straight-through). The exponential draws follow torch's CPU `exponential_` (one
 * 53-bit uniform per element, `−log(1 − u)`), so the same seed gives torch's noise to rounding.
 *
 * @param logits Unnormalised log-probabilities.
 * @param args `tau, hard, eps, dim` by position or in an options object.
 * @returns The samples, shaped like `logits`.
 *
 * @example
 * ```ts
 * import { F, manual_seed, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const y = F.gumbel_softmax(tensor([[1, 2, 3]]), { hard: true });
 * assert.equal(y.sum().item(), 1);
 * ```
 */
export function gumbel_softmax(
  logits: Tensor,
  ...args: Args<[tau?: number, hard?: boolean, eps?: number, dim?: number], GumbelSoftmaxOptions>
): Tensor {
  const b = bind("gumbel_softmax", GUMBEL, args);
  requireTensor(logits, "gumbel_softmax");
  requireFloat(logits, "exponential_cpu");
  const n = logits.numel();
  const e = allocate(logits.dtype, n);
  for (let i = 0; i < n; i++) e[i] = -Math.log(1 - uniformDouble());
  const gumbels = fromData(e, logits.shape, logits.dtype).log().neg();
  const y = softmax(logits.add(gumbels).div(b.tau as number), b.dim as number);
  if (!(b.hard as boolean)) return y;
  const dim = normalizeDim(b.dim as number, y.dim(), "gumbel_softmax");
  const index = y.argmax(dim, true);
  const hard = no_grad(() => y.mul(0).scatter(dim, index, 1));
  return hard.sub(y.detach()).add(y);
}
