# Source: haitongli/knowledge-distillation-pytorch, model/net.py, function loss_fn_kd
#   https://github.com/haitongli/knowledge-distillation-pytorch/blob/master/model/net.py
# Licence: MIT (repository LICENSE)
# Hinton KD with the T² factor: KLDivLoss (default reduction 'mean') plus cross-entropy.
from types import SimpleNamespace

import torch
import torch.nn as nn
import torch.nn.functional as F

from _common import emit


# ---- original, verbatim ----
def loss_fn_kd(outputs, labels, teacher_outputs, params):
    """
    Compute the knowledge-distillation (KD) loss given outputs, labels.
    "Hyperparameters": temperature and alpha

    NOTE: the KL Divergence for PyTorch comparing the softmaxs of teacher
    and student expects the input tensor to be log probabilities! See Issue #2
    """
    alpha = params.alpha
    T = params.temperature
    KD_loss = nn.KLDivLoss()(F.log_softmax(outputs/T, dim=1),
                             F.softmax(teacher_outputs/T, dim=1)) * (alpha * T * T) + \
              F.cross_entropy(outputs, labels) * (1. - alpha)

    return KD_loss
# ---- end of original ----


def run(inputs):
    params = SimpleNamespace(alpha=0.9, temperature=4.0)
    loss = loss_fn_kd(inputs["outputs"], inputs["labels"], inputs["teacher_outputs"], params)
    return {"loss": loss}


if __name__ == "__main__":
    torch.manual_seed(0)
    inputs = {
        "outputs": torch.randn(4, 5).requires_grad_(),
        "labels": torch.randint(0, 5, (4,)),
        "teacher_outputs": torch.randn(4, 5),
    }
    emit("haitongli_loss_fn_kd", inputs, run)
