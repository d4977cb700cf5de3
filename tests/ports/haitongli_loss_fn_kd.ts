// Port of haitongli/knowledge-distillation-pytorch model/net.py, loss_fn_kd (MIT).
// The original is in haitongli_loss_fn_kd.py; this is its line-by-line kldiv form.
import { F, nn, type Tensor } from "../../mod.ts";

/** Hinton KD: KLDivLoss() (mean) · αT² + cross_entropy · (1 − α). */
export function loss_fn_kd(
  outputs: Tensor,
  labels: Tensor,
  teacher_outputs: Tensor,
  params: { alpha: number; temperature: number },
): Tensor {
  const alpha = params.alpha;
  const T = params.temperature;
  const KD_loss = nn.KLDivLoss()(
    F.log_softmax(outputs.div(T), 1),
    F.softmax(teacher_outputs.div(T), 1),
  ).mul(alpha * T * T).add(
    F.cross_entropy(outputs, labels).mul(1. - alpha),
  );

  return KD_loss;
}

/** Mirrors `run` in haitongli_loss_fn_kd.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  const params = { alpha: 0.9, temperature: 4.0 };
  const loss = loss_fn_kd(inputs.outputs, inputs.labels, inputs.teacher_outputs, params);
  return { loss: loss };
}
