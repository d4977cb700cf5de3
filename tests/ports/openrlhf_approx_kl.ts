// Port of OpenRLHF/OpenRLHF openrlhf/models/utils.py, compute_approx_kl and masked_mean
// (Apache-2.0). The original is in openrlhf_approx_kl.py; line-by-line kldiv form.
import type { Tensor } from "../../mod.ts";

/**
 * Compute the approximate KL divergence between two distributions.
 * Schulman blog: http://joschu.net/blog/kl-approx.html
 *
 * Args:
 *     log_probs: Log probabilities of the new distribution.
 *     log_probs_base: Log probabilities of the base distribution.
 */
export function compute_approx_kl(
  log_probs: Tensor,
  log_probs_base: Tensor,
  kl_estimator = "k1",
): Tensor {
  let log_ratio!: Tensor;
  if (kl_estimator === "k1") {
    log_ratio = log_probs.float().sub(log_probs_base.float());
  }

  // The k2 estimator is the non negative kl approximation in
  // http://joschu.net/blog/kl-approx.html
  // The k2_loss is approximately equivalent to the
  // one-step KL divergence penalty with the k1 estimator
  // used in https://arxiv.org/pdf/2310.10505.
  if (kl_estimator === "k2") {
    log_ratio = log_probs.float().sub(log_probs_base.float());
    log_ratio = log_ratio.pow(2).div(2.0);
  }

  // The k3 estimator is the non negative kl approximation in
  // http://joschu.net/blog/kl-approx.html
  if (kl_estimator === "k3") {
    log_ratio = log_probs.float().sub(log_probs_base.float());
    log_ratio = log_ratio.neg();
    log_ratio = log_ratio.exp().sub(1).sub(log_ratio);
  }

  return log_ratio;
}

/** Mean of `tensor` over the entries where `mask` is set, along `dim` (all when omitted). */
export function masked_mean(tensor: Tensor, mask: Tensor | null, dim?: number): Tensor {
  if (mask === null) {
    return tensor.mean(dim);
  }
  return tensor.mul(mask).sum(dim).div(mask.sum(dim));
}

/** Mirrors `run` in openrlhf_approx_kl.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  const log_probs = inputs.log_probs, log_probs_base = inputs.log_probs_base;
  const mask = inputs.action_mask;
  const out: Record<string, Tensor> = {};
  for (const k of ["k1", "k2", "k3"]) {
    const kl = compute_approx_kl(log_probs, log_probs_base, k);
    out[k + "_per_sequence"] = masked_mean(kl, mask, -1);
    out[k + "_all"] = masked_mean(kl, mask);
  }
  return out;
}
