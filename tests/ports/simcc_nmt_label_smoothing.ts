// Port of leeyegy/SimCC lib/core/loss.py (NMTCritierion). The original is in
// simcc_nmt_label_smoothing.py.
import { nn, randn, sum, type Tensor } from "../../mod.ts";

export class NMTCritierion extends nn.Module {
  label_smoothing: number;
  LogSoftmax: nn.LogSoftmax;
  criterion_: nn.KLDivLoss | nn.NLLLoss;
  confidence: number;

  constructor(label_smoothing = 0.0) {
    super();
    this.label_smoothing = label_smoothing;
    this.LogSoftmax = nn.LogSoftmax({ dim: 1 }); //[B,LOGITS]

    if (label_smoothing > 0) {
      this.criterion_ = nn.KLDivLoss({ reduction: "none" });
    } else {
      this.criterion_ = nn.NLLLoss({ reduction: "none", ignore_index: 100000 });
    }
    this.confidence = 1.0 - label_smoothing;
  }

  _smooth_label(num_tokens: number): Tensor {
    const one_hot = randn(1, num_tokens);
    one_hot.fill_(this.label_smoothing / (num_tokens - 1));
    return one_hot;
  }

  _bottle(v: Tensor): Tensor {
    return v.view(-1, v.size(2));
  }

  criterion(dec_outs: Tensor, labels: Tensor): Tensor {
    const scores = this.LogSoftmax(dec_outs);
    const num_tokens = scores.size(-1);

    // conduct label_smoothing module
    let gtruth = labels.view(-1);
    if (this.confidence < 1) {
      const tdata = gtruth.detach();
      let one_hot = this._smooth_label(num_tokens); // Do label smoothing, shape is [M]
      if (labels.is_cuda) {
        one_hot = one_hot.cuda();
      }
      const tmp_ = one_hot.repeat(gtruth.size(0), 1); // [N, M]
      tmp_.scatter_(1, tdata.unsqueeze(1), this.confidence); // after tdata.unsqueeze(1) , tdata shape is [N,1]
      gtruth = tmp_.detach();
    }
    const loss = sum(this.criterion_(scores, gtruth), 1);
    return loss;
  }

  forward(output_x: Tensor, output_y: Tensor, target: Tensor, target_weight: Tensor): Tensor {
    const batch_size = output_x.size(0);
    const num_joints = output_x.size(1);
    let loss: Tensor | number = 0;

    for (let idx = 0; idx < num_joints; idx++) {
      const coord_x_pred = output_x.index(":", idx).squeeze();
      const coord_y_pred = output_y.index(":", idx).squeeze();
      const coord_gt = target.index(":", idx).squeeze();
      const weight = target_weight.index(":", idx).squeeze();
      loss = this.criterion(coord_x_pred, coord_gt.index(":", 0)).mul(weight).sum().add(loss);
      loss = this.criterion(coord_y_pred, coord_gt.index(":", 1)).mul(weight).sum().add(loss);
    }
    return (loss as Tensor).div(batch_size);
  }
}

/** Mirrors `run` in simcc_nmt_label_smoothing.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  return {
    loss: new NMTCritierion(0.1)(
      inputs.output_x,
      inputs.output_y,
      inputs.target,
      inputs.target_weight,
    ),
  };
}
