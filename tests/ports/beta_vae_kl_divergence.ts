// Port of 1Konny/Beta-VAE solver.py, kl_divergence (MIT).
// The original is in beta_vae_kl_divergence.py; this is its line-by-line kldiv form.
import assert from "node:assert/strict";
import type { Tensor } from "../../mod.ts";

/** KL to N(0, I): total (sum over latents, mean over batch), per dimension, and mean. */
export function kl_divergence(mu: Tensor, logvar: Tensor): [Tensor, Tensor, Tensor] {
  const batch_size = mu.size(0);
  assert(batch_size !== 0);
  if (mu.data.ndimension() === 4) {
    mu = mu.view(mu.size(0), mu.size(1));
  }
  if (logvar.data.ndimension() === 4) {
    logvar = logvar.view(logvar.size(0), logvar.size(1));
  }

  const klds = logvar.add(1).sub(mu.pow(2)).sub(logvar.exp()).mul(-0.5);
  const total_kld = klds.sum(1).mean();
  const dimension_wise_kld = klds.mean(0);
  const mean_kld = klds.mean();

  return [total_kld, dimension_wise_kld, mean_kld];
}

/** Mirrors `run` in beta_vae_kl_divergence.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  const [total_kld, dimension_wise_kld, mean_kld] = kl_divergence(inputs.mu, inputs.logvar);
  return { total_kld: total_kld, dimension_wise_kld: dimension_wise_kld, mean_kld: mean_kld };
}
