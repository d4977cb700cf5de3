// Port of huggingface/pytorch-image-models timm/loss/jsd.py, JsdCrossEntropy (Apache-2.0).
// The original is in timm_jsd_cross_entropy.py; this is its line-by-line kldiv form.
import assert from "node:assert/strict";
import { clamp, F, nn, split, stack, type Tensor } from "../../mod.ts";

// timm's, not needed: the driver passes smoothing=null (as in the .py file).
function LabelSmoothingCrossEntropy(_smoothing: number): never {
  throw new Error("timm's LabelSmoothingCrossEntropy is not part of this port");
}

/**
 * Jensen-Shannon Divergence + Cross-Entropy Loss
 *
 * Based on impl here: https://github.com/google-research/augmix/blob/master/imagenet.py
 * From paper: 'AugMix: A Simple Data Processing Method to Improve Robustness and Uncertainty -
 * https://arxiv.org/abs/1912.02781
 *
 * Hacked together by / Copyright 2020 Ross Wightman
 */
export class JsdCrossEntropy extends nn.Module {
  num_splits: number;
  alpha: number;
  cross_entropy_loss: (input: Tensor, target: Tensor) => Tensor;

  constructor(num_splits = 3, alpha = 12, smoothing: number | null = 0.1) {
    super();
    this.num_splits = num_splits;
    this.alpha = alpha;
    if (smoothing !== null && smoothing > 0) {
      this.cross_entropy_loss = LabelSmoothingCrossEntropy(smoothing);
    } else {
      this.cross_entropy_loss = nn.CrossEntropyLoss();
    }
  }

  __call__(output: Tensor, target: Tensor): Tensor {
    const split_size = Math.floor(output.shape[0] / this.num_splits);
    assert(split_size * this.num_splits === output.shape[0]);
    const logits_split = split(output, split_size);

    // Cross-entropy is only computed on clean images
    const loss = this.cross_entropy_loss(logits_split[0], target.index(`:${split_size}`));
    const probs = logits_split.map((logits) => F.softmax(logits, 1));

    // Clamp mixture distribution to avoid exploding KL divergence
    const logp_mixture = clamp(stack(probs).mean(0), 1e-7, 1).log();
    loss.add_(
      probs.map((p_split) => F.kl_div(logp_mixture, p_split, { reduction: "batchmean" }))
        .reduce((a, b) => a.add(b)).mul(this.alpha).div(probs.length),
    );
    return loss;
  }
}

/** Mirrors `run` in timm_jsd_cross_entropy.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  const criterion = new JsdCrossEntropy(3, 12, null);
  return { loss: criterion.__call__(inputs.output, inputs.target) };
}
