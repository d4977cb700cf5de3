// Port of openai/guided-diffusion guided_diffusion/losses.py, normal_kl (MIT).
// The original is in guided_diffusion_normal_kl.py; this is its line-by-line kldiv form
// (`import torch as th` becomes a namespace import of mod.ts).
import assert from "node:assert/strict";
import * as th from "../../mod.ts";

/**
 * Compute the KL divergence between two gaussians.
 *
 * Shapes are automatically broadcasted, so batches can be compared to
 * scalars, among other use cases.
 */
export function normal_kl(
  mean1: th.Tensor | number,
  logvar1: th.Tensor | number,
  mean2: th.Tensor | number,
  logvar2: th.Tensor | number,
): th.Tensor {
  let tensor: th.Tensor | null = null;
  for (const obj of [mean1, logvar1, mean2, logvar2]) {
    if (obj instanceof th.Tensor) {
      tensor = obj;
      break;
    }
  }
  assert(tensor !== null, "at least one argument must be a Tensor");

  // Force variances to be Tensors. Broadcasting helps convert scalars to
  // Tensors, but it does not work for th.exp().
  [logvar1, logvar2] = [logvar1, logvar2].map((x) =>
    x instanceof th.Tensor ? x : th.tensor(x).to(tensor)
  );

  return (logvar2 as th.Tensor).add(-1.0)
    .sub(logvar1)
    .add(th.exp((logvar1 as th.Tensor).sub(logvar2)))
    .add((mean1 as th.Tensor).sub(mean2).pow(2).mul(th.exp((logvar2 as th.Tensor).neg())))
    .mul(0.5);
}

/** Mirrors `run` in guided_diffusion_normal_kl.py. */
export function run(inputs: Record<string, th.Tensor>): Record<string, th.Tensor> {
  // the second Gaussian: a batch of means against a scalar log-variance given as a number
  return { kl: normal_kl(inputs.mean1, inputs.logvar1, inputs.mean2, 0.25) };
}
