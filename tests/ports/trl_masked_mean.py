# Source: huggingface/trl, trl/core.py, masked_mean (how TRL's PPO averages its per-token KL
#   penalty logprob - ref_logprob over the response tokens)
#   https://github.com/huggingface/trl/blob/main/trl/core.py
# Licence: Apache-2.0 (file header)
# Masked mean with an int64 attention mask (int64 * float promotion, int64 sums, division).
from typing import Optional

import torch

from _common import emit


# ---- original, verbatim ----
def masked_mean(values: torch.Tensor, mask: torch.Tensor, axis: Optional[bool] = None) -> torch.Tensor:
    """Compute mean of tensor with a masked values."""
    if axis is not None:
        return (values * mask).sum(axis=axis) / mask.sum(axis=axis)
    else:
        return (values * mask).sum() / mask.sum()
# ---- end of original ----


def run(inputs):
    kl = inputs["logprob"] - inputs["ref_logprob"]
    return {
        "mean_kl": masked_mean(kl, inputs["mask"]),
        "mean_kl_per_sequence": masked_mean(kl, inputs["mask"], axis=1),
    }


if __name__ == "__main__":
    torch.manual_seed(0)
    inputs = {
        "logprob": torch.randn(3, 4).sub(1).requires_grad_(),
        "ref_logprob": torch.randn(3, 4).sub(1),
        "mask": torch.tensor([[1, 1, 0, 0], [1, 1, 1, 1], [0, 1, 1, 0]]),
    }
    emit("trl_masked_mean", inputs, run)
