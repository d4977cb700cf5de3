# Source: leeyegy/SimCC, lib/core/loss.py (KLDiscretLoss)
#   https://github.com/leeyegy/SimCC/blob/main/lib/core/loss.py
# Licence: MIT (file header: Copyright (c) Microsoft, Licensed under the MIT License)
# Pose estimation (SimCC): KL between 1-d coordinate classifications and Gaussian-smoothed targets,
# per joint, weighted; nn.LogSoftmax(dim=1), nn.KLDivLoss(reduction='none'), `loss = 0; loss += t`.
import torch
import torch.nn as nn
import torch.nn.functional as F

from _common import emit


# ---- original, verbatim ----
class KLDiscretLoss(nn.Module):
    def __init__(self):
        super(KLDiscretLoss, self).__init__()
        self.LogSoftmax = nn.LogSoftmax(dim=1) #[B,LOGITS]
        self.criterion_ = nn.KLDivLoss(reduction='none')
 
 
    def criterion(self, dec_outs, labels):
        scores = self.LogSoftmax(dec_outs)
        loss = torch.mean(self.criterion_(scores, labels), dim=1) 
        return loss

    def forward(self, output_x, output_y, target_x, target_y, target_weight):
        num_joints = output_x.size(1)
        loss = 0

        for idx in range(num_joints):
            coord_x_pred = output_x[:,idx].squeeze()
            coord_y_pred = output_y[:,idx].squeeze()
            coord_x_gt = target_x[:,idx].squeeze()
            coord_y_gt = target_y[:,idx].squeeze()
            weight = target_weight[:,idx].squeeze()
            loss += (self.criterion(coord_x_pred,coord_x_gt).mul(weight).mean()) 
            loss += (self.criterion(coord_y_pred,coord_y_gt).mul(weight).mean())
        return loss / num_joints 
# ---- end of original ----


def run(inputs):
    return {"loss": KLDiscretLoss()(inputs["output_x"], inputs["output_y"], inputs["target_x"],
                                    inputs["target_y"], inputs["target_weight"])}


if __name__ == "__main__":
    torch.manual_seed(0)
    inputs = {
        "output_x": torch.randn(2, 3, 8).requires_grad_(),
        "output_y": torch.randn(2, 3, 6).requires_grad_(),
        "target_x": torch.softmax(torch.randn(2, 3, 8) * 3, dim=-1),
        "target_y": torch.softmax(torch.randn(2, 3, 6) * 3, dim=-1),
        "target_weight": torch.tensor([[[1.0], [0.0], [1.0]], [[1.0], [1.0], [0.5]]]),
    }
    emit("simcc_kl_discret_loss", inputs, run)
