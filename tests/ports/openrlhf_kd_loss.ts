// Port of OpenRLHF/OpenRLHF openrlhf/models/loss.py, KDLoss (Apache-2.0).
// The original is in openrlhf_kd_loss.py; this is its line-by-line kldiv form.
import { F, isinf, masked_fill, nn, sum, type Tensor } from "../../mod.ts";

// Adapted from https://github.com/microsoft/LMOps/blob/main/minillm/finetune.py#L166
/** Language Model Knowledge Distillation Loss */
export class KDLoss extends nn.Module {
  IGNORE_INDEX: number;

  constructor() {
    super();
    this.IGNORE_INDEX = -100;
  }

  forward(logits: Tensor, teacher_logits: Tensor, label: Tensor): Tensor {
    const teacher_probs = F.softmax(teacher_logits, -1, { dtype: "float32" });
    const inf_mask = isinf(logits);
    const logprobs = F.log_softmax(logits, -1, { dtype: "float32" });
    const prod_probs = masked_fill(teacher_probs.mul(logprobs), inf_mask, 0);
    const x = sum(prod_probs, -1).view(-1);
    const mask = label.ne(this.IGNORE_INDEX).int();
    const distil_loss = sum(x.mul(mask.view(-1)), 0).neg().div(sum(mask.view(-1), 0));

    return distil_loss;
  }
}

/** Mirrors `run` in openrlhf_kd_loss.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  return {
    distil_loss: new KDLoss().forward(inputs.logits, inputs.teacher_logits, inputs.label),
  };
}
