# Source: kkkamur07/slm-distill, src/training/loss.py (distillation_loss)
#   https://github.com/kkkamur07/slm-distill/blob/main/src/training/loss.py
# Licence: not stated in the repository files
# Masked token distillation for a language model: the KL on the positions whose label is not
# -100, selected by a bool mask, T², plus cross-entropy with ignore_index; `if mask.sum() > 0`.
import torch
import torch.nn.functional as F
from typing import Tuple

from _common import emit


# ---- original, verbatim ----
def distillation_loss(
    student_logits: torch.Tensor,
    teacher_logits: torch.Tensor,
    labels: torch.Tensor,
    temperature: float,
    alpha: float
) -> Tuple[torch.Tensor, float, float]:
   
    batch_size, seq_len, vocab_size = student_logits.shape
    student_flat = student_logits.view(-1, vocab_size)  # (batch*seq, vocab)
    teacher_flat = teacher_logits.view(-1, vocab_size)  # (batch*seq, vocab)
    labels_flat = labels.view(-1)  # (batch*seq,)
    
    # Mask for valid tokens only (where label != -100)
    mask = labels_flat != -100  # (batch*seq,) boolean mask
    
    # KD Loss - only compute on masked tokens
    if mask.sum() > 0:
        # Select only masked positions
        student_masked = student_flat[mask]  # (num_masked, vocab)
        teacher_masked = teacher_flat[mask]  # (num_masked, vocab)
        
        # Apply temperature scaling
        soft_teacher = F.softmax(teacher_masked.detach() / temperature, dim=-1)
        soft_student = F.log_softmax(student_masked / temperature, dim=-1)
        
        # Compute KL divergence
        loss_kd = F.kl_div(
            soft_student,
            soft_teacher,
            reduction='batchmean'
        ) * (temperature ** 2)
    else:
        # No masked tokens in this batch (shouldn't happen)
        loss_kd = torch.tensor(0.0, device=student_logits.device)
    
    # Loss C
    loss_ce = F.cross_entropy(
        student_flat,
        labels_flat,
        ignore_index=-100,
        reduction='mean'
    )
    
    # Combined loss
    total_loss = alpha * loss_kd + (1 - alpha) * loss_ce
    
    return total_loss, loss_kd.item(), loss_ce.item()
# ---- end of original ----


def run(inputs):
    total, kd, ce = distillation_loss(inputs["student_logits"], inputs["teacher_logits"],
                                      inputs["labels"], 2.0, 0.7)
    none = inputs["labels"].new_full(inputs["labels"].shape, -100)
    total0, kd0, _ = distillation_loss(inputs["student_logits"], inputs["teacher_logits"],
                                       none, 2.0, 0.7)
    return {"total": total, "kd": torch.tensor(kd), "ce": torch.tensor(ce), "kd0": torch.tensor(kd0)}


if __name__ == "__main__":
    torch.manual_seed(0)
    inputs = {
        "student_logits": torch.randn(2, 4, 6).requires_grad_(),
        "teacher_logits": torch.randn(2, 4, 6),
        "labels": torch.tensor([[1, 5, -100, 0], [-100, -100, 3, 2]]),
    }
    emit("slm_distill_masked_kd", inputs, run)
