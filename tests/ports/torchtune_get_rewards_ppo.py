# Source: pytorch/torchtune, torchtune/rlhf/rewards.py (get_rewards_ppo, masked_mean)
#   https://github.com/pytorch/torchtune/blob/main/torchtune/rlhf/rewards.py
# Licence: BSD-3-Clause
# RLHF reward with a per-token KL penalty: the score added at the last valid position through
# `t[arange, idx] += scores` or `t[:, -1] += scores`, and the KL averaged over a bool mask.
from typing import Optional, Tuple

import torch

from _common import emit


# ---- original, verbatim ----
def get_rewards_ppo(
    scores: torch.Tensor,
    logprobs: torch.Tensor,
    ref_logprobs: torch.Tensor,
    kl_coeff: float,
    valid_score_idxs: Optional[torch.Tensor] = None,
) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """
    Calculates PPO rewards for the given scores, logprobs, and reference logprobs.

    Args:
        scores (torch.Tensor): Reward model scores, shape ``(b,)``.
        logprobs (torch.Tensor): Policy logprobs, shape ``(b, response_len)``.
        ref_logprobs (torch.Tensor): Reference base model logprobs, shape ``(b, response_len)``.
        kl_coeff (float): KL reward contribution coefficient.
        valid_score_idxs (Optional[torch.Tensor]): A tensor of indexes for valid (non-padded) token predictions.
            This is useful when calculating rewards for padded sequences, as scores and value estimates are defined
            for the last valid predicted token. Shape: ``(b,)``. Default None.

    Returns:
        Tuple[torch.Tensor, torch.Tensor, torch.Tensor]: A tuple of tensors with shape ``(b, response_len)`` each:
            - total_reward: total reward combining per-token kl rewards and reward model score.
            - kl: kl divergence between policy and reference policy logprobs.
            - kl_reward: kl divergence scaled by ``kl_coeff``.

    Notation used for tensor shapes:
        - b: batch size
        - response_len: model response length
    """

    # 1. calculate kl between logprobs and reflogprobs
    # 2. calculate kl reward using adaptive scaling value
    # 3. calculate total reward by summing above
    # return all
    kl = logprobs - ref_logprobs
    kl_reward = -kl_coeff * kl

    total_reward = kl_reward.clone()

    # adding reward to kl at final valid position
    # https://github.com/openai/lm-human-preferences/blob/cbfd210bb8b08f6bc5c26878c10984b90f516c66/lm_human_preferences/train_policy.py#L153

    if valid_score_idxs is not None:
        total_reward[
            torch.arange(scores.shape[0], device=scores.device), valid_score_idxs
        ] += scores
    else:
        total_reward[:, -1] += scores

    return total_reward, kl, kl_reward


def masked_mean(
    x: torch.Tensor, mask: torch.Tensor, dim: Optional[int] = None
) -> torch.Tensor:
    """
    Compute mean of tensor with masked values. Taken from https://github.com/huggingface/trl/blob/main/trl/core.py

    Args:
        x (torch.Tensor): The input tensor.
        mask (torch.Tensor): The bool mask tensor, where True indicates the corresponding value in ``x``
            should participate in the mean calculation.
        dim (Optional[int]): The axis to calculate the mean over. Default None.

    Returns:
        torch.Tensor: The mean tensor.
    """
    return (x * mask).sum(dim=dim) / (mask.sum(dim=dim) + 1e-8)
# ---- end of original ----


def run(inputs):
    scores, logprobs, ref = inputs["scores"], inputs["logprobs"], inputs["ref_logprobs"]
    total1, kl, kl_reward = get_rewards_ppo(scores, logprobs, ref, 0.1, inputs["valid_score_idxs"])
    total2, _, _ = get_rewards_ppo(scores, logprobs, ref, 0.1)
    return {"total1": total1, "total2": total2, "kl": kl, "kl_reward": kl_reward,
            "mean_kl": masked_mean(kl, inputs["mask"], dim=1)}


if __name__ == "__main__":
    torch.manual_seed(0)
    inputs = {
        "scores": torch.randn(3).requires_grad_(),
        "logprobs": (-torch.rand(3, 5) * 3).requires_grad_(),
        "ref_logprobs": (-torch.rand(3, 5) * 3).requires_grad_(),
        "valid_score_idxs": torch.tensor([4, 2, 0]),
        "mask": torch.tensor([[True] * 5, [True] * 3 + [False] * 2, [True] + [False] * 4]),
    }
    emit("torchtune_get_rewards_ppo", inputs, run)
