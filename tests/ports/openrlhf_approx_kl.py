# Source: OpenRLHF/OpenRLHF, openrlhf/models/utils.py, compute_approx_kl and masked_mean
#   https://github.com/OpenRLHF/OpenRLHF/blob/main/openrlhf/models/utils.py
# Licence: Apache-2.0 (repository LICENSE)
# RLHF KL estimators k1, k2, k3 (Schulman) on per-token log-probs, averaged over the tokens of
# a bool action mask.
from typing import Optional

import torch

from _common import emit


# ---- original, verbatim ----
def compute_approx_kl(
    log_probs: torch.Tensor,
    log_probs_base: torch.Tensor,
    kl_estimator: str = "k1",
) -> torch.Tensor:
    """
    Compute the approximate KL divergence between two distributions.
    Schulman blog: http://joschu.net/blog/kl-approx.html

    Args:
        log_probs: Log probabilities of the new distribution.
        log_probs_base: Log probabilities of the base distribution.
    """

    if kl_estimator == "k1":
        log_ratio = log_probs.float() - log_probs_base.float()

    # The k2 estimator is the non negative kl approximation in
    # http://joschu.net/blog/kl-approx.html
    # The k2_loss is approximately equivalent to the
    # one-step KL divergence penalty with the k1 estimator
    # used in https://arxiv.org/pdf/2310.10505.
    if kl_estimator == "k2":
        log_ratio = log_probs.float() - log_probs_base.float()
        log_ratio = log_ratio**2 / 2.0

    # The k3 estimator is the non negative kl approximation in
    # http://joschu.net/blog/kl-approx.html
    if kl_estimator == "k3":
        log_ratio = log_probs.float() - log_probs_base.float()
        log_ratio = -log_ratio
        log_ratio = log_ratio.exp() - 1 - log_ratio

    return log_ratio


def masked_mean(tensor: torch.Tensor, mask: Optional[torch.Tensor], dim: int = None) -> torch.Tensor:
    if mask is None:
        return tensor.mean(dim=dim)
    return (tensor * mask).sum(dim=dim) / mask.sum(dim=dim)
# ---- end of original ----


def run(inputs):
    log_probs, log_probs_base = inputs["log_probs"], inputs["log_probs_base"]
    mask = inputs["action_mask"]
    out = {}
    for k in ("k1", "k2", "k3"):
        kl = compute_approx_kl(log_probs, log_probs_base, kl_estimator=k)
        out[k + "_per_sequence"] = masked_mean(kl, mask, dim=-1)
        out[k + "_all"] = masked_mean(kl, mask)
    return out


if __name__ == "__main__":
    torch.manual_seed(0)
    inputs = {
        "log_probs": torch.randn(2, 5).sub(2).requires_grad_(),
        "log_probs_base": torch.randn(2, 5).sub(2),
        "action_mask": torch.tensor([[True, True, True, False, False], [True, True, True, True, True]]),
    }
    emit("openrlhf_approx_kl", inputs, run)
