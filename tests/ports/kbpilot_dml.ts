// Port of nathanjpaek/kb-pilot KernelBench/level9/4858_DML.py, DML (Deep Mutual Learning).
// The original is in kbpilot_dml.py; this is its line-by-line kldiv form.
import { F, nn, type Tensor } from "../../mod.ts";

/**
 * Deep Mutual Learning
 * https://zpascal.net/cvpr2018/Zhang_Deep_Mutual_Learning_CVPR_2018_paper.pdf
 */
export class DML extends nn.Module {
  constructor() {
    super();
  }

  forward(out1: Tensor, out2: Tensor): Tensor {
    const loss = F.kl_div(F.log_softmax(out1, 1), F.softmax(out2, 1), {
      reduction: "batchmean",
    });
    return loss;
  }
}

/** Mirrors `run` in kbpilot_dml.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  return { loss: new DML().forward(inputs.out1, inputs.out2) };
}
