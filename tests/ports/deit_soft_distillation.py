# Source: facebookresearch/deit, losses.py, DistillationLoss.forward, the 'soft' branch
#   https://github.com/facebookresearch/deit/blob/main/losses.py
# Licence: Apache-2.0 (repository LICENSE)
# Soft distillation with log_target=True, 'sum' reduction, T² and division by numel().
# The statement below is verbatim; the enclosing def (and its parameters standing for the
# method's locals) is ours, because the original sits inside a longer forward().
import torch
import torch.nn.functional as F

from _common import emit


def soft_distillation(outputs_kd, teacher_outputs, T):
    # ---- original, verbatim ----
            distillation_loss = F.kl_div(
                F.log_softmax(outputs_kd / T, dim=1),
                F.log_softmax(teacher_outputs / T, dim=1),
                reduction='sum',
                log_target=True
            ) * (T * T) / outputs_kd.numel()
    # ---- end of original ----
            return distillation_loss


def run(inputs):
    return {"loss": soft_distillation(inputs["outputs_kd"], inputs["teacher_outputs"], 3.0)}


if __name__ == "__main__":
    torch.manual_seed(0)
    inputs = {
        "outputs_kd": torch.randn(4, 5).requires_grad_(),
        "teacher_outputs": torch.randn(4, 5),
    }
    emit("deit_soft_distillation", inputs, run)
