/**
 * `deno bench bench/losses_bench.ts`: the losses' forward+backward on a batch of logits
 * ([256, 1000], float32): cross_entropy (fused NllLoss over log_softmax) against the same
 * loss composed from elementwise ops; mse_loss (fused MseLoss) against
 * `input.sub(target).mul(itself).mean()`; binary_cross_entropy_with_logits.
 *
 * @module
 */

import { F, randn, type Tensor, tensor } from "../mod.ts";

const N = 256;
const C = 1000;
const logits = randn(N, C);
logits.requires_grad = true;
const other = randn(N, C);
const labels = tensor(Array.from({ length: N }, (_, i) => (i * 37) % C), { dtype: "int64" });
const onehot = tensor(
  Array.from(
    { length: N },
    (_, i) => Array.from({ length: C }, (_, c) => c === (i * 37) % C ? 1 : 0),
  ),
);
const probs = F.softmax(other, 1);

function backward(loss: Tensor): void {
  logits.grad = null;
  loss.backward();
}

Deno.bench("cross_entropy [256, 1000] fwd+bwd", { group: "cross_entropy" }, () => {
  backward(F.cross_entropy(logits, labels));
});
Deno.bench("composed −Σ onehot·log_softmax / N", { group: "cross_entropy", baseline: true }, () => {
  backward(F.log_softmax(logits, 1).mul(onehot).sum().neg().div(N));
});
Deno.bench("cross_entropy, label_smoothing 0.1", { group: "cross_entropy" }, () => {
  backward(F.cross_entropy(logits, labels, { label_smoothing: 0.1 }));
});
Deno.bench("cross_entropy, probability targets", { group: "cross_entropy" }, () => {
  backward(F.cross_entropy(logits, probs));
});
Deno.bench("mse_loss [256, 1000] fwd+bwd", { group: "mse" }, () => {
  backward(F.mse_loss(logits, other));
});
Deno.bench("composed (x − y)² mean", { group: "mse", baseline: true }, () => {
  const d = logits.sub(other);
  backward(d.mul(d).mean());
});
Deno.bench("binary_cross_entropy_with_logits fwd+bwd", { group: "bce" }, () => {
  backward(F.binary_cross_entropy_with_logits(logits, probs));
});
