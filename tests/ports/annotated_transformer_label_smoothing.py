# Source: harvardnlp/annotated-transformer, the_annotated_transformer.py, class LabelSmoothing
#   https://github.com/harvardnlp/annotated-transformer/blob/master/the_annotated_transformer.py
# Licence: MIT (repository LICENSE)
# Label smoothing through KLDivLoss(reduction="sum"): a target distribution built in place with
# fill_, scatter_ (int64 index), a column view set to 0, nonzero and index_fill_ on padding rows.
import torch
import torch.nn as nn
import torch.nn.functional as F

from _common import emit


# ---- original, verbatim ----
class LabelSmoothing(nn.Module):
    "Implement label smoothing."

    def __init__(self, size, padding_idx, smoothing=0.0):
        super(LabelSmoothing, self).__init__()
        self.criterion = nn.KLDivLoss(reduction="sum")
        self.padding_idx = padding_idx
        self.confidence = 1.0 - smoothing
        self.smoothing = smoothing
        self.size = size
        self.true_dist = None

    def forward(self, x, target):
        assert x.size(1) == self.size
        true_dist = x.data.clone()
        true_dist.fill_(self.smoothing / (self.size - 2))
        true_dist.scatter_(1, target.data.unsqueeze(1), self.confidence)
        true_dist[:, self.padding_idx] = 0
        mask = torch.nonzero(target.data == self.padding_idx)
        if mask.dim() > 0:
            true_dist.index_fill_(0, mask.squeeze(), 0.0)
        self.true_dist = true_dist
        return self.criterion(x, true_dist.clone().detach())
# ---- end of original ----


def run(inputs):
    crit = LabelSmoothing(6, 0, 0.4)
    x = F.log_softmax(inputs["logits"], dim=-1)
    loss = crit(x, inputs["target"])
    return {"loss": loss, "true_dist": crit.true_dist}


if __name__ == "__main__":
    torch.manual_seed(0)
    inputs = {
        "logits": torch.randn(5, 6).requires_grad_(),
        # two padding positions (index 0) so that index_fill_ zeroes two rows
        "target": torch.tensor([2, 0, 4, 1, 0]),
    }
    emit("annotated_transformer_label_smoothing", inputs, run)
