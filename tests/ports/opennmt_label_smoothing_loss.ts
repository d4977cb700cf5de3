// Port of OpenNMT/OpenNMT-py onmt/utils/loss.py, LabelSmoothingLoss (MIT).
// The original is in opennmt_label_smoothing_loss.py; this is its line-by-line kldiv form.
import assert from "node:assert/strict";
import { F, full, nn, type Tensor } from "../../mod.ts";

/**
 * With label smoothing,
 * KL-divergence between q_{smoothed ground truth prob.}(w)
 * and p_{prob. computed by model}(w) is minimized.
 */
export class LabelSmoothingLoss extends nn.Module {
  ignore_index: number;
  confidence: number;
  declare one_hot: Tensor;

  constructor(label_smoothing: number, tgt_vocab_size: number, ignore_index = -100) {
    assert(0.0 < label_smoothing && label_smoothing <= 1.0);
    super();
    this.ignore_index = ignore_index;

    const smoothing_value = label_smoothing / (tgt_vocab_size - 2);
    const one_hot = full([tgt_vocab_size], smoothing_value);
    one_hot.index(this.ignore_index).fill_(0);
    this.register_buffer("one_hot", one_hot.unsqueeze(0));

    this.confidence = 1.0 - label_smoothing;
  }

  /**
   * output (FloatTensor): batch_size x n_classes
   * target (LongTensor): batch_size
   */
  forward(output: Tensor, target: Tensor): Tensor {
    const model_prob = this.one_hot.repeat(target.size(0), 1);
    model_prob.scatter_(1, target.unsqueeze(1), this.confidence);
    model_prob.masked_fill_(target.eq(this.ignore_index).unsqueeze(1), 0);

    return F.kl_div(output, model_prob, { reduction: "sum" });
  }
}

/** Mirrors `run` in opennmt_label_smoothing_loss.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  const criterion = new LabelSmoothingLoss(0.1, 6, 0);
  const output = F.log_softmax(inputs.logits, -1);
  return { loss: criterion.forward(output, inputs.target) };
}
