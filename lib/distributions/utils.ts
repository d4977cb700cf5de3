/**
 * torch.distributions.utils: conversions between probabilities and logits, and the uniform
 * draws of `torch.bernoulli`.
 *
 * @module
 */

import { withGradMode } from "../tensor/autograd.ts";
import { allocate, type FloatDType } from "../tensor/dtype.ts";
import { fillUniform } from "../tensor/random.ts";
import { contiguousData, fromData, type Tensor } from "../tensor/tensor.ts";

/** `torch.finfo(dtype).eps`. */
export function finfoEps(dtype: string): number {
  return dtype === "float64" ? 2 ** -52 : 2 ** -23;
}

/** `torch.finfo(dtype).min`. */
export function finfoMin(dtype: string): number {
  return dtype === "float64" ? -Number.MAX_VALUE : -3.4028234663852886e38;
}

/** `clamp_probs`: probabilities clamped into [eps, 1 - eps]. */
export function clampProbs(probs: Tensor): Tensor {
  const eps = finfoEps(probs.dtype);
  return probs.clamp(eps, 1 - eps);
}

/** `probs_to_logits`: log(p) (binary: log(p) - log1p(-p)), of clamped probabilities. */
export function probsToLogits(probs: Tensor, is_binary: boolean): Tensor {
  const p = clampProbs(probs);
  return is_binary ? p.log().sub(p.neg().log1p()) : p.log();
}

/** `logits_to_probs`: sigmoid (binary) or softmax over the last dim. */
export function logitsToProbs(logits: Tensor, is_binary: boolean): Tensor {
  return is_binary ? logits.sigmoid() : logits.softmax(-1);
}

/** A lazy property's computation, run with grad enabled as torch's `lazy_property` does. */
export function lazily<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

/**
 * `torch.bernoulli(p)` on the CPU: element by element in row-major order, one uniform of p's
 * dtype each (24 bits from one 32-bit word for float32, 53 bits from two for float64), and 1
 * where `u < p`.
 */
export function bernoulliSample(p: Tensor): Tensor {
  const dtype = p.dtype as FloatDType;
  const probs = contiguousData(p);
  const u = allocate(dtype, probs.length) as Float32Array | Float64Array;
  fillUniform(u);
  const out = allocate(dtype, probs.length);
  for (let i = 0; i < out.length; i++) out[i] = u[i] < probs[i] ? 1 : 0;
  return fromData(out, p.shape, dtype);
}
