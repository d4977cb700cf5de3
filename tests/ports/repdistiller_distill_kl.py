# Source: HobbitLong/RepDistiller, distiller_zoo/KD.py, class DistillKL
#   https://github.com/HobbitLong/RepDistiller/blob/master/distiller_zoo/KD.py
# Licence: BSD-2-Clause (repository LICENSE)
# KD loss with the legacy size_average=False key (= reduction 'sum'), T², divided by batch.
import torch
import torch.nn as nn
import torch.nn.functional as F

from _common import emit


# ---- original, verbatim ----
class DistillKL(nn.Module):
    """KL divergence for KD"""
    def __init__(self, T):
        super(DistillKL, self).__init__()
        self.T = T

    def forward(self, y_s, y_t):
        p_s = F.log_softmax(y_s/self.T, dim=1)
        p_t = F.softmax(y_t/self.T, dim=1)
        loss = F.kl_div(p_s, p_t, size_average=False) * (self.T**2) / y_s.shape[0]
        return loss
# ---- end of original ----


def run(inputs):
    criterion = DistillKL(4)
    return {"loss": criterion(inputs["y_s"], inputs["y_t"])}


if __name__ == "__main__":
    torch.manual_seed(0)
    inputs = {"y_s": torch.randn(4, 5).requires_grad_(), "y_t": torch.randn(4, 5)}
    emit("repdistiller_distill_kl", inputs, run)
