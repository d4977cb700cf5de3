// Port of leeyegy/SimCC lib/core/loss.py (KLDiscretLoss). The original is in
// simcc_kl_discret_loss.py. `loss = 0; loss += t` is `let loss: Tensor | number = 0; loss = t.add(loss)`.
import { mean, nn, type Tensor } from "../../mod.ts";

export class KLDiscretLoss extends nn.Module {
  LogSoftmax: nn.LogSoftmax;
  criterion_: nn.KLDivLoss;

  constructor() {
    super();
    this.LogSoftmax = nn.LogSoftmax({ dim: 1 }); //[B,LOGITS]
    this.criterion_ = nn.KLDivLoss({ reduction: "none" });
  }

  criterion(dec_outs: Tensor, labels: Tensor): Tensor {
    const scores = this.LogSoftmax(dec_outs);
    const loss = mean(this.criterion_(scores, labels), 1);
    return loss;
  }

  forward(
    output_x: Tensor,
    output_y: Tensor,
    target_x: Tensor,
    target_y: Tensor,
    target_weight: Tensor,
  ): Tensor {
    const num_joints = output_x.size(1);
    let loss: Tensor | number = 0;

    for (let idx = 0; idx < num_joints; idx++) {
      const coord_x_pred = output_x.index(":", idx).squeeze();
      const coord_y_pred = output_y.index(":", idx).squeeze();
      const coord_x_gt = target_x.index(":", idx).squeeze();
      const coord_y_gt = target_y.index(":", idx).squeeze();
      const weight = target_weight.index(":", idx).squeeze();
      loss = this.criterion(coord_x_pred, coord_x_gt).mul(weight).mean().add(loss);
      loss = this.criterion(coord_y_pred, coord_y_gt).mul(weight).mean().add(loss);
    }
    return (loss as Tensor).div(num_joints);
  }
}

/** Mirrors `run` in simcc_kl_discret_loss.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  return {
    loss: new KLDiscretLoss()(
      inputs.output_x,
      inputs.output_y,
      inputs.target_x,
      inputs.target_y,
      inputs.target_weight,
    ),
  };
}
