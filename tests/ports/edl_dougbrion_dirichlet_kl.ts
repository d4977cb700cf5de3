// Port of dougbrion/pytorch-classification-uncertainty losses.py and helpers.py (get_device).
// The original is in edl_dougbrion_dirichlet_kl.py.
import {
  cuda,
  device as torch_device,
  digamma,
  F,
  float32,
  lgamma,
  mean,
  min,
  ones,
  sum,
  type Tensor,
  tensor,
} from "../../mod.ts";

type Device = ReturnType<typeof torch_device>;

export function get_device(): Device {
  const use_cuda = cuda.is_available();
  const device = torch_device(use_cuda ? "cuda:0" : "cpu");
  return device;
}

export function relu_evidence(y: Tensor): Tensor {
  return F.relu(y);
}

export function kl_divergence(alpha: Tensor, num_classes: number, device?: Device): Tensor {
  if (!device) {
    device = get_device();
  }
  const beta = ones([1, num_classes], { dtype: float32, device: device });
  const S_alpha = sum(alpha, 1, true);
  const S_beta = sum(beta, 1, true);
  const lnB = lgamma(S_alpha).sub(sum(lgamma(alpha), 1, true));
  const lnB_uni = sum(lgamma(beta), 1, true).sub(lgamma(S_beta));

  const dg0 = digamma(S_alpha);
  const dg1 = digamma(alpha);

  const kl = sum(alpha.sub(beta).mul(dg1.sub(dg0)), 1, true).add(lnB).add(lnB_uni);
  return kl;
}

export function loglikelihood_loss(y: Tensor, alpha: Tensor, device?: Device): Tensor {
  if (!device) {
    device = get_device();
  }
  const S = sum(alpha, 1, true);
  const loglikelihood_err = sum(y.sub(alpha.div(S)).pow(2), 1, true);
  const loglikelihood_var = sum(alpha.mul(S.sub(alpha)).div(S.mul(S).mul(S.add(1))), 1, true);
  const loglikelihood = loglikelihood_err.add(loglikelihood_var);
  return loglikelihood;
}

export function mse_loss(
  y: Tensor,
  alpha: Tensor,
  epoch_num: number,
  num_classes: number,
  annealing_step: number,
  device?: Device,
): Tensor {
  if (!device) {
    device = get_device();
  }

  const loglikelihood = loglikelihood_loss(y, alpha, device);

  const annealing_coef = min(
    tensor(1.0, { dtype: float32 }),
    tensor(epoch_num / annealing_step, { dtype: float32 }),
  );

  const kl_alpha = alpha.sub(1).mul(y.rsub(1)).add(1);
  const kl_div = annealing_coef.mul(kl_divergence(kl_alpha, num_classes, device));
  return loglikelihood.add(kl_div);
}

export function uncertainty_loss(
  output: Tensor,
  target: Tensor,
  epoch_num: number,
  num_classes: number,
  annealing_step: number,
  device?: Device,
): [Tensor, Tensor] {
  if (!device) {
    device = get_device();
  }
  const evidence = relu_evidence(output);
  const alpha = evidence.add(1);
  const _u = sum(alpha, 1, true).reciprocal().mul(num_classes);
  const _prob = alpha.div(sum(alpha, 1, true));
  const loss = mean(mse_loss(target, alpha, epoch_num, num_classes, annealing_step, device));
  const l2_loss = F.mse_loss(output, target).mul(0.005);
  return [loss.add(l2_loss), evidence];
}

/** Mirrors `run` in edl_dougbrion_dirichlet_kl.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  const [output, target] = [inputs.output, inputs.target];
  const [loss, evidence] = uncertainty_loss(output, target, 3, 4, 10);
  const kl = kl_divergence(inputs.alpha, 4);
  return { loss, evidence, kl };
}
