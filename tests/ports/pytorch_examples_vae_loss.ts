// Port of pytorch/examples vae/main.py, loss_function (BSD-3-Clause).
// The original is in pytorch_examples_vae_loss.py; this is its line-by-line kldiv form.
import { F, sigmoid, sum, type Tensor } from "../../mod.ts";

// Reconstruction + KL divergence losses summed over all elements and batch
/** The VAE loss of pytorch/examples: BCE (sum) + the Gaussian KL term. */
export function loss_function(recon_x: Tensor, x: Tensor, mu: Tensor, logvar: Tensor): Tensor {
  const BCE = F.binary_cross_entropy(recon_x, x.view(-1, 784), { reduction: "sum" });

  // see Appendix B from VAE paper:
  // Kingma and Welling. Auto-Encoding Variational Bayes. ICLR, 2014
  // https://arxiv.org/abs/1312.6114
  // 0.5 * sum(1 + log(sigma^2) - mu^2 - sigma^2)
  const KLD = sum(logvar.add(1).sub(mu.pow(2)).sub(logvar.exp())).mul(-0.5);

  return BCE.add(KLD);
}

/** Mirrors `run` in pytorch_examples_vae_loss.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  const recon_x = sigmoid(inputs.recon_logits);
  return { loss: loss_function(recon_x, inputs.x, inputs.mu, inputs.logvar) };
}
