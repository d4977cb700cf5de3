// Port of martinferianc/quantised-bayesian-nets src/models/stochastic/bbb/linear.py (Linear) and
// utils_bbb.py (kl_divergence). The original is in qbnn_ferianc_bbb_linear.py.
import {
  autograd,
  F,
  log,
  mm,
  nn,
  ones,
  ones_like,
  pow,
  sqrt,
  type Tensor,
  zeros_like,
} from "../../mod.ts";
import { manual_seed } from "../../mod.ts";

const Variable = autograd.Variable;
const torch = { nn };

export function kl_divergence(
  mu: Tensor,
  sigma: Tensor,
  mu_prior: Tensor,
  sigma_prior: Tensor,
): Tensor {
  const kl = log(sigma_prior.div(sigma)).mul(2).sub(1).add(sigma.div(sigma_prior).pow(2))
    .add(mu_prior.sub(mu).div(sigma_prior).pow(2)).sum().mul(0.5);
  return kl;
}

export class Linear extends nn.Linear {
  std_prior: Tensor;
  std: Tensor;
  // deno-lint-ignore no-explicit-any
  add_weight: any;
  // deno-lint-ignore no-explicit-any
  mul_noise: any;
  args: unknown;

  constructor(
    in_features: number,
    out_features: number,
    bias: boolean,
    sigma_prior = 1.0,
    args: unknown = null,
  ) {
    super(in_features, out_features, bias);
    this.std_prior = torch.nn.Parameter(ones([1]).mul(sigma_prior), { requires_grad: false });

    this.weight.data.uniform_(-0.01, 0.01);
    this.std = nn.Parameter(zeros_like(this.weight).uniform_(-3, -3));

    // deno-lint-ignore no-explicit-any
    this.add_weight = new (torch.nn as any).quantized.FloatFunctional();
    // deno-lint-ignore no-explicit-any
    this.mul_noise = new (torch.nn as any).quantized.FloatFunctional();
    this.args = args;

    if (this.bias !== null) {
      this.bias.data.uniform_(-0.01, 0.01);
    }
  }

  get_kl_divergence(): Tensor {
    return kl_divergence(
      this.weight,
      F.softplus(this.std),
      zeros_like(this.weight).to(this.weight.device),
      ones_like(this.std).mul(this.std_prior).to(this.weight.device),
    );
  }

  override forward(x: Tensor): Tensor {
    let output = null;
    if (this.training) {
      const mean = mm(x, this.weight.t());
      const std = sqrt(mm(pow(x, 2), pow(F.softplus(this.std).t(), 2)).add(1e-8));
      const noise = Variable(mean.new(mean.size()).normal_());

      const bias = this.bias !== null ? this.bias : 0.0;
      output = mean.add(std.mul(noise)).add(bias);
    } else {
      let std = F.softplus(this.std);
      const noise = Variable(this.weight.data.new(this.weight.size()).normal_());
      std = this.mul_noise.mul(noise, std);
      const weight_sample = this.add_weight.add(this.weight, std);
      const bias = this.bias !== null ? this.bias : 0.0;

      output = mm(x, weight_sample.t()).add(bias);
    }

    return output;
  }
}

/** Mirrors `run` in qbnn_ferianc_bbb_linear.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  manual_seed(5);
  const layer = new Linear(4, 3, true);
  const out = layer(inputs.x);
  return { out, kl: layer.get_kl_divergence() };
}
