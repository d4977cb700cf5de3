// Port of harvardnlp/annotated-transformer the_annotated_transformer.py, LabelSmoothing (MIT).
// The original is in annotated_transformer_label_smoothing.py; line-by-line kldiv form.
import assert from "node:assert/strict";
import { F, nn, nonzero, type Tensor } from "../../mod.ts";

/** Implement label smoothing. */
export class LabelSmoothing extends nn.Module {
  criterion: nn.KLDivLoss;
  padding_idx: number;
  confidence: number;
  smoothing: number;
  size: number;
  true_dist: Tensor | null;

  constructor(size: number, padding_idx: number, smoothing = 0.0) {
    super();
    this.criterion = nn.KLDivLoss({ reduction: "sum" });
    this.padding_idx = padding_idx;
    this.confidence = 1.0 - smoothing;
    this.smoothing = smoothing;
    this.size = size;
    this.true_dist = null;
  }

  forward(x: Tensor, target: Tensor): Tensor {
    assert(x.size(1) === this.size);
    const true_dist = x.data.clone();
    true_dist.fill_(this.smoothing / (this.size - 2));
    true_dist.scatter_(1, target.data.unsqueeze(1), this.confidence);
    true_dist.index(":", this.padding_idx).fill_(0);
    const mask = nonzero(target.data.eq(this.padding_idx));
    if (mask.dim() > 0) {
      true_dist.index_fill_(0, mask.squeeze(), 0.0);
    }
    this.true_dist = true_dist;
    return this.criterion(x, true_dist.clone().detach());
  }
}

/** Mirrors `run` in annotated_transformer_label_smoothing.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  const crit = new LabelSmoothing(6, 0, 0.4);
  const x = F.log_softmax(inputs.logits, -1);
  const loss = crit.forward(x, inputs.target);
  return { loss: loss, true_dist: crit.true_dist as Tensor };
}
