# Source: nathanjpaek/kb-pilot, KernelBench/KernelBench/level9/4858_DML.py, class DML
#   (the Deep Mutual Learning loss of AberHu/Knowledge-Distillation-Zoo, kd_losses/dml.py)
# Licence: not stated in the file
# Mutual learning: KL between two peer networks' softmaxes, 'batchmean', gradients to both.
import torch
import torch.nn as nn
import torch.nn.functional as F

from _common import emit


# ---- original, verbatim ----
class DML(nn.Module):
    """
	Deep Mutual Learning
	https://zpascal.net/cvpr2018/Zhang_Deep_Mutual_Learning_CVPR_2018_paper.pdf
	"""

    def __init__(self):
        super(DML, self).__init__()

    def forward(self, out1, out2):
        loss = F.kl_div(F.log_softmax(out1, dim=1), F.softmax(out2, dim=1),
            reduction='batchmean')
        return loss
# ---- end of original ----


def run(inputs):
    return {"loss": DML()(inputs["out1"], inputs["out2"])}


if __name__ == "__main__":
    torch.manual_seed(0)
    inputs = {
        "out1": torch.randn(2, 4, 3).requires_grad_(),
        "out2": torch.randn(2, 4, 3).requires_grad_(),
    }
    emit("kbpilot_dml", inputs, run)
