// Port of sieu-n/awesome-modular-pytorch-lightning algorithms/rdrop.py, compute_kl_loss
// (R-Drop's published compute_kl_loss). The original is in rdrop_compute_kl_loss.py.
import { F, type Tensor } from "../../mod.ts";

/** R-Drop's symmetric KL with an optional padding mask written in place. */
export function compute_kl_loss(p: Tensor, q: Tensor, pad_mask: Tensor | null = null): Tensor {
  // https://github.com/dropreg/R-Drop/blob/3d97565595747f3b3d9c4701cb2fb824a9139913/vit_src/models/modeling.py#L290
  let p_loss = F.kl_div(F.log_softmax(p, -1), F.softmax(q, -1), { reduction: "none" });
  let q_loss = F.kl_div(F.log_softmax(q, -1), F.softmax(p, -1), { reduction: "none" });

  // pad_mask is for seq-level tasks
  if (pad_mask !== null) {
    p_loss.masked_fill_(pad_mask, 0.);
    q_loss.masked_fill_(pad_mask, 0.);
  }

  // NOTE sum is for image classification
  p_loss = p_loss.sum();
  q_loss = q_loss.sum();

  const loss = p_loss.add(q_loss).div(2);
  return loss;
}

/** Mirrors `run` in rdrop_compute_kl_loss.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  return { loss: compute_kl_loss(inputs.p, inputs.q, inputs.pad_mask) };
}
