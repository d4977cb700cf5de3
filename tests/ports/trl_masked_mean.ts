// Port of huggingface/trl trl/core.py, masked_mean (Apache-2.0).
// The original is in trl_masked_mean.py; this is its line-by-line kldiv form.
import type { Tensor } from "../../mod.ts";

/** Compute mean of tensor with a masked values. */
export function masked_mean(values: Tensor, mask: Tensor, axis: number | null = null): Tensor {
  if (axis !== null) {
    return values.mul(mask).sum(axis).div(mask.sum(axis));
  } else {
    return values.mul(mask).sum().div(mask.sum());
  }
}

/** Mirrors `run` in trl_masked_mean.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  const kl = inputs.logprob.sub(inputs.ref_logprob);
  return {
    mean_kl: masked_mean(kl, inputs.mask),
    mean_kl_per_sequence: masked_mean(kl, inputs.mask, 1),
  };
}
