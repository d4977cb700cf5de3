// Port of barisbatuhan/SSuperGAN functional/losses/kl_loss.py, kl_loss.
// The original is in ssupergan_distributions_kl.py; this is its line-by-line kldiv form.
import { distributions, ones_like, type Tensor, zeros_like } from "../../mod.ts";

/** KL(Normal(mu, std) ‖ Normal(0, 1)) summed over latents, averaged over the batch. */
// deno-lint-ignore no-unused-vars
export function kl_loss(z: Tensor, mu: Tensor, std: Tensor): Tensor {
  const p = new distributions.Normal(zeros_like(mu), ones_like(std));
  const q = new distributions.Normal(mu, std);

  const kl_dvergence = distributions.kl.kl_divergence(q, p);
  const kl_loss = kl_dvergence.sum(1).mean();
  return kl_loss;
}

/** Mirrors `run` in ssupergan_distributions_kl.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  const std = inputs.log_std.exp();
  return { loss: kl_loss(inputs.z, inputs.mu, std) };
}
