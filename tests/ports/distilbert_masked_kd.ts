// Port of huggingface/transformers examples/research_projects/distillation/distiller.py,
// Distiller.step, the masked KD term (Apache-2.0). The original is in distilbert_masked_kd.py.
import assert from "node:assert/strict";
import { F, masked_select, nn, type Tensor } from "../../mod.ts";

interface DistillerState {
  restrict_ce_to_mask: boolean;
  temperature: number;
  ce_loss_fct: nn.KLDivLoss;
}

/** DistilBERT's masked token-level KD term, wrapped as in the .py driver. */
export function distil_ce(
  self: DistillerState,
  s_logits: Tensor,
  t_logits: Tensor,
  attention_mask: Tensor,
  lm_labels: Tensor,
): Tensor {
  let mask: Tensor;
  if (self.restrict_ce_to_mask) {
    mask = lm_labels.gt(-1).unsqueeze(-1).expand_as(s_logits); // (bs, seq_length, voc_size)
  } else {
    mask = attention_mask.unsqueeze(-1).expand_as(s_logits); // (bs, seq_length, voc_size)
  }
  let s_logits_slct = masked_select(s_logits, mask); // (bs * seq_length * voc_size) modulo the 1s in mask
  s_logits_slct = s_logits_slct.view(-1, s_logits.size(-1)); // (bs * seq_length, voc_size) modulo the 1s in mask
  let t_logits_slct = masked_select(t_logits, mask); // (bs * seq_length * voc_size) modulo the 1s in mask
  t_logits_slct = t_logits_slct.view(-1, s_logits.size(-1)); // (bs * seq_length, voc_size) modulo the 1s in mask
  assert.deepEqual(t_logits_slct.size(), s_logits_slct.size());

  const loss_ce = self.ce_loss_fct(
    F.log_softmax(s_logits_slct.div(self.temperature), -1),
    F.softmax(t_logits_slct.div(self.temperature), -1),
  ).mul((self.temperature) ** 2);
  return loss_ce;
}

/** Mirrors `run` in distilbert_masked_kd.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  const self = {
    restrict_ce_to_mask: true,
    temperature: 2.0,
    ce_loss_fct: nn.KLDivLoss({ reduction: "batchmean" }),
  };
  const loss_ce = distil_ce(
    self,
    inputs.s_logits,
    inputs.t_logits,
    inputs.attention_mask,
    inputs.lm_labels,
  );
  return { loss_ce: loss_ce };
}
