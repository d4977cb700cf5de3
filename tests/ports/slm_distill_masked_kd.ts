// Port of kkkamur07/slm-distill src/training/loss.py (distillation_loss). The original is in
// slm_distill_masked_kd.py.
import { F, type Tensor, tensor } from "../../mod.ts";

export function distillation_loss(
  student_logits: Tensor,
  teacher_logits: Tensor,
  labels: Tensor,
  temperature: number,
  alpha: number,
): [Tensor, number, number] {
  const [_batch_size, _seq_len, vocab_size] = student_logits.shape;
  const student_flat = student_logits.view(-1, vocab_size); // (batch*seq, vocab)
  const teacher_flat = teacher_logits.view(-1, vocab_size); // (batch*seq, vocab)
  const labels_flat = labels.view(-1); // (batch*seq,)

  // Mask for valid tokens only (where label != -100)
  const mask = labels_flat.ne(-100); // (batch*seq,) boolean mask

  // KD Loss - only compute on masked tokens
  let loss_kd: Tensor;
  if (mask.sum().gt(0).item()) {
    // Select only masked positions
    const student_masked = student_flat.index(mask); // (num_masked, vocab)
    const teacher_masked = teacher_flat.index(mask); // (num_masked, vocab)

    // Apply temperature scaling
    const soft_teacher = F.softmax(teacher_masked.detach().div(temperature), -1);
    const soft_student = F.log_softmax(student_masked.div(temperature), -1);

    // Compute KL divergence
    loss_kd = F.kl_div(
      soft_student,
      soft_teacher,
      { reduction: "batchmean" },
    ).mul(temperature ** 2);
  } else {
    // No masked tokens in this batch (shouldn't happen)
    loss_kd = tensor(0.0, { device: student_logits.device });
  }

  // Loss C
  const loss_ce = F.cross_entropy(
    student_flat,
    labels_flat,
    { ignore_index: -100, reduction: "mean" },
  );

  // Combined loss
  const total_loss = loss_kd.mul(alpha).add(loss_ce.mul(1 - alpha));

  return [total_loss, loss_kd.item() as number, loss_ce.item() as number];
}

/** Mirrors `run` in slm_distill_masked_kd.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  const [total, kd, ce] = distillation_loss(
    inputs.student_logits,
    inputs.teacher_logits,
    inputs.labels,
    2.0,
    0.7,
  );
  const none = inputs.labels.new_full(inputs.labels.shape, -100);
  const [_total0, kd0] = distillation_loss(
    inputs.student_logits,
    inputs.teacher_logits,
    none,
    2.0,
    0.7,
  );
  return { total, kd: tensor(kd), ce: tensor(ce), kd0: tensor(kd0) };
}
