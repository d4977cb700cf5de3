/**
 * The regularized incomplete gamma functions as tensor ops: `torch.igamma` /
 * `torch.special.gammainc` (P(a, x)) and `torch.igammac` / `torch.special.gammaincc` (Q(a, x)),
 * with torch's dtype rules (two float tensors) and gradient (for x only).
 *
 * @module
 */

import { allocate, isFloating } from "../tensor/dtype.ts";
import { broadcastShapes, numelOf } from "../tensor/shape.ts";
import { requireTensor, result, type Tensor } from "../tensor/tensor.ts";
import { reader, resultType } from "../ops/elementwise.ts";
import { sumTo } from "../ops/reduce.ts";
import { igamma as igammaKernel, igammac as igammacKernel } from "./igamma_kernels.ts";
import { specialUnary } from "./unary.ts";

const TYPE_NAMES: Record<string, string> = { int64: "Long", bool: "Bool" };

/**
 * P(a, x) (`upper` false) or Q(a, x) of two tensors, broadcast, recorded for autograd.
 *
 * @param upper Whether Q (igammac) rather than P (igamma).
 * @param input a.
 * @param other x.
 * @param where The name torch reports in errors.
 * @returns The result.
 */
export function incompleteGamma(
  upper: boolean,
  input: Tensor,
  other: Tensor,
  where: string,
): Tensor {
  requireTensor(input, where);
  if (typeof other === "number") {
    throw new TypeError(`${where}(): argument 'other' (position 2) must be Tensor, not float`);
  }
  requireTensor(other, where);
  const dtype = resultType(input, other);
  if (!isFloating(dtype)) {
    throw new TypeError(
      `"${upper ? "igammac" : "igamma"}_cpu" not implemented for '${TYPE_NAMES[dtype]}'`,
    );
  }
  const shape = broadcastShapes(input.shape, other.shape, where);
  const ra = reader(input, dtype, shape), rb = reader(other, dtype, shape);
  const n = numelOf(shape);
  const out = allocate(dtype, n);
  const f = upper ? igammacKernel : igammaKernel;
  // float32: torch's kernel runs the same algorithm in float; here in float64 with float's
  // stopping and underflow points, rounded once.
  const f32 = dtype === "float32";
  for (let i = 0; i < n; i++) {
    const a = ra.data[ra.idx === null ? i : ra.idx[i]];
    const x = rb.data[rb.idx === null ? i : rb.idx[i]];
    out[i] = f(a, x, f32);
  }
  const name = upper ? "IgammacBackward0" : "IgammaBackward0";
  return result(out, shape, name, [input, other], (g) => {
    if (input.requires_grad) {
      throw new Error(
        `the derivative for '${upper ? "igammac" : "igamma"}: input' is not implemented.`,
      );
    }
    // d/dx P(a, x) = x^(a−1)·e^(−x)/Γ(a) = exp((a − 1)·log x − x − lgamma(a)); Q's is its negative.
    const density = input.sub(1).mul(other.log()).sub(other).sub(specialUnary("lgamma", input))
      .exp();
    return [null, sumTo(upper ? g.neg().mul(density) : g.mul(density), other.shape)];
  }, { dtype, saved: [input, other] });
}

/**
 * The regularized lower incomplete gamma function P(a, x), like `torch.igamma(input, other)`
 * (`torch.special.gammainc`).
 *
 * @param input The shape a (≥ 0), a float tensor.
 * @param other The bound x (≥ 0), a float tensor.
 * @returns P(input, other), broadcast (IgammaBackward0: only x has a gradient, as in torch).
 *
 * @example
 * ```ts
 * import { igamma, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(igamma(tensor([2, 3]), tensor([1, 2.5]))), "tensor([0.2642, 0.4562])");
 * ```
 */
export function igamma(input: Tensor, other: Tensor): Tensor {
  return incompleteGamma(false, input, other, "igamma");
}

/**
 * The regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x), like
 * `torch.igammac(input, other)` (`torch.special.gammaincc`).
 *
 * @param input The shape a (≥ 0), a float tensor.
 * @param other The bound x (≥ 0), a float tensor.
 * @returns Q(input, other), broadcast (IgammacBackward0).
 *
 * @example
 * ```ts
 * import { igammac, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(igammac(tensor([2, 3]), tensor([1, 2.5]))), "tensor([0.7358, 0.5438])");
 * ```
 */
export function igammac(input: Tensor, other: Tensor): Tensor {
  return incompleteGamma(true, input, other, "igammac");
}
