// Port of the Gaussian KL of rtqichen/torchdiffeq examples/latent_ode.py, as stored in
// A1ex-Chen/DL_project_log. The original is in torchdiffeq_normal_kl.py.
import { exp, type Tensor } from "../../mod.ts";

/** KL between diagonal Gaussians given means and log-variances. */
export function normal_kl(mu1: Tensor, lv1: Tensor, mu2: Tensor, lv2: Tensor): Tensor {
  const v1 = exp(lv1);
  const v2 = exp(lv2);
  const lstd1 = lv1.div(2.0);
  const lstd2 = lv2.div(2.0);
  const kl = lstd2.sub(lstd1).add(v1.add(mu1.sub(mu2).pow(2.0)).div(v2.mul(2.0))).sub(0.5);
  return kl;
}

/** Mirrors `run` in torchdiffeq_normal_kl.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  return { kl: normal_kl(inputs.mu1, inputs.lv1, inputs.mu2, inputs.lv2) };
}
