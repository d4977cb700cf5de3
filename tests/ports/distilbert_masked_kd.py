# Source: huggingface/transformers, examples/research_projects/distillation/distiller.py,
#   Distiller.step (DistilBERT's distillation loss over masked tokens)
#   https://github.com/huggingface/transformers/blob/main/examples/research_projects/distillation/distiller.py
# Licence: Apache-2.0 (file header)
# Token-level KD: a bool mask broadcast with unsqueeze/expand_as, masked_select, view,
# KLDivLoss(reduction="batchmean") (self.ce_loss_fct in the original) and the T² factor.
# The statements are verbatim; the enclosing def (its parameters standing for the method's
# locals and attributes) is ours.
from types import SimpleNamespace

import torch
import torch.nn as nn

from _common import emit


def distil_ce(self, s_logits, t_logits, attention_mask, lm_labels):
    # ---- original, verbatim ----
        if self.restrict_ce_to_mask:
            mask = (lm_labels > -1).unsqueeze(-1).expand_as(s_logits)  # (bs, seq_length, voc_size)
        else:
            mask = attention_mask.unsqueeze(-1).expand_as(s_logits)  # (bs, seq_length, voc_size)
        s_logits_slct = torch.masked_select(s_logits, mask)  # (bs * seq_length * voc_size) modulo the 1s in mask
        s_logits_slct = s_logits_slct.view(-1, s_logits.size(-1))  # (bs * seq_length, voc_size) modulo the 1s in mask
        t_logits_slct = torch.masked_select(t_logits, mask)  # (bs * seq_length * voc_size) modulo the 1s in mask
        t_logits_slct = t_logits_slct.view(-1, s_logits.size(-1))  # (bs * seq_length, voc_size) modulo the 1s in mask
        assert t_logits_slct.size() == s_logits_slct.size()

        loss_ce = (
            self.ce_loss_fct(
                nn.functional.log_softmax(s_logits_slct / self.temperature, dim=-1),
                nn.functional.softmax(t_logits_slct / self.temperature, dim=-1),
            )
            * (self.temperature) ** 2
        )
    # ---- end of original ----
        return loss_ce


def run(inputs):
    self = SimpleNamespace(
        restrict_ce_to_mask=True, temperature=2.0, ce_loss_fct=nn.KLDivLoss(reduction="batchmean")
    )
    loss_ce = distil_ce(
        self, inputs["s_logits"], inputs["t_logits"], inputs["attention_mask"], inputs["lm_labels"]
    )
    return {"loss_ce": loss_ce}


if __name__ == "__main__":
    torch.manual_seed(0)
    inputs = {
        "s_logits": torch.randn(2, 4, 7).requires_grad_(),
        "t_logits": torch.randn(2, 4, 7),
        "attention_mask": torch.tensor([[True, True, True, False], [True, True, True, True]]),
        # -100 marks tokens that are not masked-LM targets
        "lm_labels": torch.tensor([[3, -100, 6, -100], [-100, 1, -100, 0]]),
    }
    emit("distilbert_masked_kd", inputs, run)
