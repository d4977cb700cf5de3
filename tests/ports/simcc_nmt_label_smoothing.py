# Source: leeyegy/SimCC, lib/core/loss.py (NMTCritierion)
#   https://github.com/leeyegy/SimCC/blob/main/lib/core/loss.py
# Licence: MIT (file header: Copyright (c) Microsoft, Licensed under the MIT License)
# Label smoothing as a KL (SimDR): smoothed one-hot targets built with randn().fill_, repeat and
# scatter_ over int64 coordinates, nn.KLDivLoss(reduction='none'), `loss = 0; loss += t`.
import torch
import torch.nn as nn
import torch.nn.functional as F

from _common import emit


# ---- original, verbatim ----
class NMTCritierion(nn.Module):
    def __init__(self, label_smoothing=0.0):
        super(NMTCritierion, self).__init__()
        self.label_smoothing = label_smoothing
        self.LogSoftmax = nn.LogSoftmax(dim=1) #[B,LOGITS]
 
        if label_smoothing > 0:
            self.criterion_ = nn.KLDivLoss(reduction='none')
        else:
            self.criterion_ = nn.NLLLoss(reduction='none', ignore_index=100000)
        self.confidence = 1.0 - label_smoothing
 
    def _smooth_label(self, num_tokens):
        one_hot = torch.randn(1, num_tokens)
        one_hot.fill_(self.label_smoothing / (num_tokens - 1))
        return one_hot
 
    def _bottle(self, v):
        return v.view(-1, v.size(2))
 
    def criterion(self, dec_outs, labels):
        scores = self.LogSoftmax(dec_outs)
        num_tokens = scores.size(-1)
 
        # conduct label_smoothing module
        gtruth = labels.view(-1)
        if self.confidence < 1:
            tdata = gtruth.detach()
            one_hot = self._smooth_label(num_tokens)  # Do label smoothing, shape is [M]
            if labels.is_cuda:
                one_hot = one_hot.cuda()
            tmp_ = one_hot.repeat(gtruth.size(0), 1)  # [N, M]
            tmp_.scatter_(1, tdata.unsqueeze(1), self.confidence)  # after tdata.unsqueeze(1) , tdata shape is [N,1]
            gtruth = tmp_.detach()
        loss = torch.sum(self.criterion_(scores, gtruth), dim=1)
        return loss

    def forward(self, output_x, output_y, target, target_weight):
        batch_size = output_x.size(0)
        num_joints = output_x.size(1)
        loss = 0

        for idx in range(num_joints):
            coord_x_pred = output_x[:,idx].squeeze()
            coord_y_pred = output_y[:,idx].squeeze()
            coord_gt = target[:,idx].squeeze()
            weight = target_weight[:,idx].squeeze()
            loss += self.criterion(coord_x_pred,coord_gt[:,0]).mul(weight).sum()
            loss += self.criterion(coord_y_pred,coord_gt[:,1]).mul(weight).sum()
        return loss / batch_size
# ---- end of original ----


def run(inputs):
    return {"loss": NMTCritierion(label_smoothing=0.1)(
        inputs["output_x"], inputs["output_y"], inputs["target"], inputs["target_weight"])}


if __name__ == "__main__":
    torch.manual_seed(0)
    inputs = {
        "output_x": torch.randn(2, 3, 8).requires_grad_(),
        "output_y": torch.randn(2, 3, 6).requires_grad_(),
        "target": torch.stack([torch.randint(0, 8, (2, 3)), torch.randint(0, 6, (2, 3))], dim=-1),
        "target_weight": torch.tensor([[[1.0], [0.0], [1.0]], [[1.0], [1.0], [0.5]]]),
    }
    emit("simcc_nmt_label_smoothing", inputs, run)
