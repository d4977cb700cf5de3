// Port of Ilya703/Inheritune src/utils/distillation_loss.py, distillation_loss.
// The original is in inheritune_distillation_loss.py; this is its line-by-line kldiv form.
import { F, nn, type Tensor } from "../../mod.ts";

/** Temperature KD through nn.KLDivLoss (batchmean), as in the original. */
export function distillation_loss(
  student_logits: Tensor,
  teacher_logits: Tensor,
  temperature: number,
): Tensor {
  const loss_fn = nn.KLDivLoss({ reduction: "batchmean" });
  const student_probs = F.log_softmax(student_logits.div(temperature), -1);
  const teacher_probs = F.softmax(teacher_logits.div(temperature), -1);

  return loss_fn(student_probs, teacher_probs);
}

/** Mirrors `run` in inheritune_distillation_loss.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  return { loss: distillation_loss(inputs.student_logits, inputs.teacher_logits, 2.0) };
}
