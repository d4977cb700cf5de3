# Source: OpenNMT/OpenNMT-py, onmt/utils/loss.py, class LabelSmoothingLoss
#   https://github.com/OpenNMT/OpenNMT-py/blob/master/onmt/utils/loss.py
# Licence: MIT (repository LICENSE)
# Label smoothing with a registered buffer, repeat, scatter_, masked_fill_ with a bool mask
# from ==, then F.kl_div(reduction='sum').
import torch
import torch.nn as nn
import torch.nn.functional as F

from _common import emit


# ---- original, verbatim ----
class LabelSmoothingLoss(nn.Module):
    """
    With label smoothing,
    KL-divergence between q_{smoothed ground truth prob.}(w)
    and p_{prob. computed by model}(w) is minimized.
    """
    def __init__(self, label_smoothing, tgt_vocab_size, ignore_index=-100):
        assert 0.0 < label_smoothing <= 1.0
        self.ignore_index = ignore_index
        super(LabelSmoothingLoss, self).__init__()

        smoothing_value = label_smoothing / (tgt_vocab_size - 2)
        one_hot = torch.full((tgt_vocab_size,), smoothing_value)
        one_hot[self.ignore_index] = 0
        self.register_buffer('one_hot', one_hot.unsqueeze(0))

        self.confidence = 1.0 - label_smoothing

    def forward(self, output, target):
        """
        output (FloatTensor): batch_size x n_classes
        target (LongTensor): batch_size
        """
        model_prob = self.one_hot.repeat(target.size(0), 1)
        model_prob.scatter_(1, target.unsqueeze(1), self.confidence)
        model_prob.masked_fill_((target == self.ignore_index).unsqueeze(1), 0)

        return F.kl_div(output, model_prob, reduction='sum')
# ---- end of original ----


def run(inputs):
    criterion = LabelSmoothingLoss(0.1, 6, ignore_index=0)
    output = F.log_softmax(inputs["logits"], dim=-1)
    return {"loss": criterion(output, inputs["target"])}


if __name__ == "__main__":
    torch.manual_seed(0)
    inputs = {
        "logits": torch.randn(5, 6).requires_grad_(),
        "target": torch.tensor([3, 0, 5, 1, 2]),
    }
    emit("opennmt_label_smoothing_loss", inputs, run)
