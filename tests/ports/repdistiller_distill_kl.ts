// Port of HobbitLong/RepDistiller distiller_zoo/KD.py, DistillKL (BSD-2-Clause).
// The original is in repdistiller_distill_kl.py; this is its line-by-line kldiv form.
import { F, nn, type Tensor } from "../../mod.ts";

/** KL divergence for KD */
export class DistillKL extends nn.Module {
  T: number;
  constructor(T: number) {
    super();
    this.T = T;
  }

  forward(y_s: Tensor, y_t: Tensor): Tensor {
    const p_s = F.log_softmax(y_s.div(this.T), 1);
    const p_t = F.softmax(y_t.div(this.T), 1);
    const loss = F.kl_div(p_s, p_t, { size_average: false }).mul(this.T ** 2).div(y_s.shape[0]);
    return loss;
  }
}

/** Mirrors `run` in repdistiller_distill_kl.py (`criterion(a, b)` is `criterion.forward`). */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  const criterion = new DistillKL(4);
  return { loss: criterion.forward(inputs.y_s, inputs.y_t) };
}
