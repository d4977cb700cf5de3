# Source: Ilya703/Inheritune, src/utils/distillation_loss.py, function distillation_loss
#   https://github.com/Ilya703/Inheritune/blob/main/src/utils/distillation_loss.py
# Licence: not stated in the file
# Temperature KD through nn.KLDivLoss(reduction='batchmean'), without the T² factor, on
# sequence logits (batchmean divides by the batch size only).
import torch

from _common import emit


# ---- original, verbatim ----
def distillation_loss(student_logits, teacher_logits, temperature):
    loss_fn = torch.nn.KLDivLoss(reduction='batchmean')
    student_probs = torch.nn.functional.log_softmax(student_logits / temperature, dim=-1)
    teacher_probs = torch.nn.functional.softmax(teacher_logits / temperature, dim=-1)
    
    return loss_fn(student_probs, teacher_probs)
# ---- end of original ----


def run(inputs):
    return {"loss": distillation_loss(inputs["student_logits"], inputs["teacher_logits"], 2.0)}


if __name__ == "__main__":
    torch.manual_seed(0)
    inputs = {
        "student_logits": torch.randn(2, 3, 7).requires_grad_(),
        "teacher_logits": torch.randn(2, 3, 7).requires_grad_(),
    }
    emit("inheritune_distillation_loss", inputs, run)
