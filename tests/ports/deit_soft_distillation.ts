// Port of facebookresearch/deit losses.py, DistillationLoss.forward, 'soft' branch (Apache-2.0).
// The original is in deit_soft_distillation.py; this is its line-by-line kldiv form.
import { F, type Tensor } from "../../mod.ts";

/** The soft-distillation statement of DeiT, wrapped in a function as in the .py driver. */
export function soft_distillation(outputs_kd: Tensor, teacher_outputs: Tensor, T: number): Tensor {
  const distillation_loss = F.kl_div(
    F.log_softmax(outputs_kd.div(T), 1),
    F.log_softmax(teacher_outputs.div(T), 1),
    { reduction: "sum", log_target: true },
  ).mul(T * T).div(outputs_kd.numel());
  return distillation_loss;
}

/** Mirrors `run` in deit_soft_distillation.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  return { loss: soft_distillation(inputs.outputs_kd, inputs.teacher_outputs, 3.0) };
}
