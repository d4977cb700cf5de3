/**
 * The gamma-family names of the torch namespace that `torch.special` spells differently:
 * `torch.lgamma` (`special.gammaln`) and `torch.mvlgamma` (`special.multigammaln`).
 *
 * @module
 */

import { allocate } from "../tensor/dtype.ts";
import { requireTensor, result, type Tensor } from "../tensor/tensor.ts";
import { bind, type Signature } from "../tensor/args.ts";
import { valuesOf } from "../ops/elementwise.ts";
import { arange } from "../ops/create.ts";
import { lgamma as lgammaKernel } from "./kernels.ts";
import { floatDType, specialUnary } from "./unary.ts";

const fr = Math.fround;

/**
 * The log of the absolute value of the gamma function, like `torch.lgamma`
 * (`torch.special.gammaln`): +inf at 0 and the negative integers.
 *
 * @param input The tensor (integers and bools give the default float dtype).
 * @returns log|Γ(input)| (LgammaBackward0; its gradient is `digamma`).
 *
 * @example
 * ```ts
 * import { lgamma, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(lgamma(tensor([0.5, 1, 5, 0]))), "tensor([0.5724, 0.0000, 3.1781,    inf])");
 * ```
 */
export function lgamma(input: Tensor): Tensor {
  return specialUnary("lgamma", input);
}

const P_SIGNATURE: Signature = [{ name: "p", kind: "int" }];

/**
 * The multivariate log-gamma function of dimension p, like `torch.mvlgamma(input, p)`
 * (`torch.special.multigammaln`): `Σⱼ lgamma(x − j/2) + p(p−1)/4 · log π` over j < p.
 *
 * @param input The tensor (torch 1.13 no longer checks that it exceeds (p − 1)/2: below, the
 *   terms are lgamma at negative arguments, +inf at their poles).
 * @param p The dimension (≥ 1), by position or as `{ p }`.
 * @returns The result (MvlgammaBackward0).
 *
 * @example
 * ```ts
 * import { mvlgamma, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(mvlgamma(tensor([2.5, 3]), 2)), "tensor([0.8570, 1.5502])");
 * ```
 */
export function mvlgamma(input: Tensor, p: number | { p: number }): Tensor {
  requireTensor(input, "mvlgamma");
  const { p: dim } = bind("mvlgamma", P_SIGNATURE, [p]) as { p: number };
  if (dim < 1) throw new RangeError("p has to be greater than or equal to 1");
  const dtype = floatDType(input.dtype);
  const x = valuesOf(input, dtype);
  // torch: lgamma(x + arange(−p/2 + 0.5, 0.5, 0.5)).sum(−1) + p(p − 1)·log(π)/4.
  const f32 = dtype === "float32";
  const constant = dim * (dim - 1) * Math.log(Math.PI) / 4;
  const out = allocate(dtype, x.length);
  for (let i = 0; i < x.length; i++) {
    let s = 0;
    for (let j = 0; j < dim; j++) {
      const shift = -dim / 2 + 0.5 + 0.5 * j;
      if (f32) s = fr(s + fr(lgammaKernel(fr(fr(shift) + x[i]))));
      else s += lgammaKernel(shift + x[i]);
    }
    out[i] = f32 ? fr(s + fr(constant)) : s + constant;
  }
  return result(out, input.shape, "MvlgammaBackward0", [input], (g) => {
    const shifts = arange(-dim / 2 + 0.5, 0.5, 0.5, { dtype });
    return [g.mul(specialUnary("digamma", input.unsqueeze(-1).add(shifts)).sum(-1))];
  }, { dtype, saved: [input] });
}
