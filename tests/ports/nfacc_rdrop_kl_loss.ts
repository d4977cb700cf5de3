// Port of cgao-comp/NFACC code/utils/RDropLoss.py, compute_kl_loss.
// The original is in nfacc_rdrop_kl_loss.py; this is its line-by-line kldiv form.
import { F, type Tensor } from "../../mod.ts";

/** R-Drop's symmetric KL (no mask branch in this copy); pad_mask is unused, as there. */
// deno-lint-ignore no-unused-vars
export function compute_kl_loss(p: Tensor, q: Tensor, pad_mask: Tensor | null = null): Tensor {
  let p_loss = F.kl_div(F.log_softmax(p, -1), F.softmax(q, -1), { reduction: "none" });
  let q_loss = F.kl_div(F.log_softmax(q, -1), F.softmax(p, -1), { reduction: "none" });

  p_loss = p_loss.sum();
  q_loss = q_loss.sum();

  const loss = p_loss.add(q_loss).div(2);
  return loss;
}

/** Mirrors `run` in nfacc_rdrop_kl_loss.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  return { loss: compute_kl_loss(inputs.p, inputs.q) };
}
