// Port of dropreg/R-Drop vit_src/models/modeling.py, the two KL terms of forward (MIT).
// The original is in rdrop_vit_kl.py; this is its line-by-line kldiv form.
import { F, log_softmax, softmax, type Tensor } from "../../mod.ts";

/** R-Drop's KL terms between two dropout passes, as in the .py wrapper. */
export function rdrop_kl(logits: Tensor, newlogits: Tensor, num_classes: number): [Tensor, Tensor] {
  const self = { num_classes }; // the original reads self.num_classes
  const p = log_softmax(logits.view(-1, self.num_classes), -1);
  const p_tec = softmax(logits.view(-1, self.num_classes), -1);
  const q = log_softmax(newlogits.view(-1, self.num_classes), -1);
  const q_tec = softmax(newlogits.view(-1, self.num_classes), -1);
  const kl_loss = F.kl_div(p, q_tec, { reduction: "none" }).sum();
  const reverse_kl_loss = F.kl_div(q, p_tec, { reduction: "none" }).sum();
  return [kl_loss, reverse_kl_loss];
}

/** Mirrors `run` in rdrop_vit_kl.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  const [kl_loss, reverse_kl_loss] = rdrop_kl(inputs.logits, inputs.newlogits, 5);
  return { kl_loss: kl_loss, reverse_kl_loss: reverse_kl_loss };
}
