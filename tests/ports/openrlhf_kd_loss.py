# Source: OpenRLHF/OpenRLHF, openrlhf/models/loss.py, class KDLoss (adapted there from
#   microsoft/LMOps minillm/finetune.py)
#   https://github.com/OpenRLHF/OpenRLHF/blob/main/openrlhf/models/loss.py
# Licence: Apache-2.0 (repository LICENSE)
# Masked token-level KD for language models: softmax/log_softmax with dtype=, isinf mask,
# torch.masked_fill, an int32 (.int()) label mask and a masked average over tokens.
import torch
import torch.nn as nn
import torch.nn.functional as F

from _common import emit


# ---- original, verbatim ----
# Adapted from https://github.com/microsoft/LMOps/blob/main/minillm/finetune.py#L166
class KDLoss(nn.Module):
    """
    Language Model Knowledge Distillation Loss
    """

    def __init__(self):
        super().__init__()
        self.IGNORE_INDEX = -100

    def forward(self, logits: torch.Tensor, teacher_logits: torch.Tensor, label: torch.Tensor) -> torch.Tensor:
        teacher_probs = F.softmax(teacher_logits, dim=-1, dtype=torch.float32)
        inf_mask = torch.isinf(logits)
        logprobs = F.log_softmax(logits, dim=-1, dtype=torch.float32)
        prod_probs = torch.masked_fill(teacher_probs * logprobs, inf_mask, 0)
        x = torch.sum(prod_probs, dim=-1).view(-1)
        mask = (label != self.IGNORE_INDEX).int()
        distil_loss = -torch.sum(x * mask.view(-1), dim=0) / torch.sum(mask.view(-1), dim=0)

        return distil_loss
# ---- end of original ----


def run(inputs):
    return {"distil_loss": KDLoss()(inputs["logits"], inputs["teacher_logits"], inputs["label"])}


if __name__ == "__main__":
    torch.manual_seed(0)
    logits = torch.randn(2, 3, 6)
    logits[0, 1, 4] = float("-inf")  # a vocabulary entry masked out of the student
    inputs = {
        "logits": logits.requires_grad_(),
        "teacher_logits": torch.randn(2, 3, 6),
        "label": torch.tensor([[5, -100, 2], [0, 3, -100]]),
    }
    emit("openrlhf_kd_loss", inputs, run)
