// Port of kumar-shridhar/PyTorch-BayesianCNN layers/BBB/BBBLinear.py, layers/misc.py
// (ModuleWrapper) and metrics.py (calculate_kl). The original is in bbb_kumar_shridhar_linear.py.
import {
  cuda,
  device,
  empty,
  exp,
  F,
  log,
  log1p,
  manual_seed,
  nn,
  type Tensor,
} from "../../mod.ts";

const Parameter = nn.Parameter;

export function calculate_kl(
  mu_q: Tensor | number,
  sig_q: Tensor | number,
  mu_p: Tensor,
  sig_p: Tensor,
): Tensor {
  const kl = log(sig_p.div(sig_q)).mul(2).sub(1).add(sig_p.reciprocal().mul(sig_q).pow(2))
    .add(mu_p.sub(mu_q).div(sig_p).pow(2)).sum().mul(0.5);
  return kl;
}

const KL_DIV = calculate_kl;

export class ModuleWrapper extends nn.Module {
  /** Wrapper for nn.Module with support for arbitrary flags and a universal forward pass */
  constructor() {
    super();
  }

  set_flag(flag_name: string, value: unknown): void {
    // deno-lint-ignore no-explicit-any
    (this as any)[flag_name] = value;
    for (const m of this.children()) {
      if ("set_flag" in m) {
        (m as ModuleWrapper).set_flag(flag_name, value);
      }
    }
  }

  // deno-lint-ignore no-explicit-any
  forward(x: any, ..._rest: any[]): any {
    for (const module of this.children()) {
      x = module(x);
    }

    let kl: Tensor | number = 0.0;
    for (const module of this.modules()) {
      if ("kl_loss" in module) {
        kl = (module as BBBLinear).kl_loss().add(kl);
      }
    }

    return [x, kl];
  }
}

export class BBBLinear extends ModuleWrapper {
  in_features: number;
  out_features: number;
  use_bias: boolean;
  device: ReturnType<typeof device>;
  prior_mu: number;
  prior_sigma: number;
  posterior_mu_initial: [number, number];
  posterior_rho_initial: [number, number];
  W_mu: Tensor;
  W_rho: Tensor;
  bias_mu!: Tensor | null;
  bias_rho!: Tensor | null;
  W_sigma!: Tensor;
  bias_sigma!: Tensor;

  constructor(
    in_features: number,
    out_features: number,
    bias = true,
    priors: Record<string, unknown> | null = null,
  ) {
    super();
    this.in_features = in_features;
    this.out_features = out_features;
    this.use_bias = bias;
    this.device = device(cuda.is_available() ? "cuda:0" : "cpu");

    if (priors === null) {
      priors = {
        "prior_mu": 0,
        "prior_sigma": 0.1,
        "posterior_mu_initial": [0, 0.1],
        "posterior_rho_initial": [-3, 0.1],
      };
    }
    this.prior_mu = priors["prior_mu"] as number;
    this.prior_sigma = priors["prior_sigma"] as number;
    this.posterior_mu_initial = priors["posterior_mu_initial"] as [number, number];
    this.posterior_rho_initial = priors["posterior_rho_initial"] as [number, number];

    this.W_mu = Parameter(empty([out_features, in_features], { device: this.device }));
    this.W_rho = Parameter(empty([out_features, in_features], { device: this.device }));

    if (this.use_bias) {
      this.bias_mu = Parameter(empty(out_features, { device: this.device }));
      this.bias_rho = Parameter(empty(out_features, { device: this.device }));
    } else {
      this.register_parameter("bias_mu", null);
      this.register_parameter("bias_rho", null);
    }

    this.reset_parameters();
  }

  reset_parameters(): void {
    this.W_mu.data.normal_(...this.posterior_mu_initial);
    this.W_rho.data.normal_(...this.posterior_rho_initial);

    if (this.use_bias) {
      this.bias_mu!.data.normal_(...this.posterior_mu_initial);
      this.bias_rho!.data.normal_(...this.posterior_rho_initial);
    }
  }

  override forward(input: Tensor, sample = true): Tensor {
    let weight: Tensor;
    let bias: Tensor | null;
    if (this.training || sample) {
      const W_eps = empty(this.W_mu.size()).normal_(0, 1).to(this.device);
      this.W_sigma = log1p(exp(this.W_rho));
      weight = this.W_mu.add(W_eps.mul(this.W_sigma));

      if (this.use_bias) {
        const bias_eps = empty(this.bias_mu!.size()).normal_(0, 1).to(this.device);
        this.bias_sigma = log1p(exp(this.bias_rho!));
        bias = this.bias_mu!.add(bias_eps.mul(this.bias_sigma));
      } else {
        bias = null;
      }
    } else {
      weight = this.W_mu;
      bias = this.use_bias ? this.bias_mu : null;
    }

    return F.linear(input, weight, bias);
  }

  kl_loss(): Tensor {
    const kl = KL_DIV(this.prior_mu, this.prior_sigma, this.W_mu, this.W_sigma);
    if (this.use_bias) {
      kl.add_(KL_DIV(this.prior_mu, this.prior_sigma, this.bias_mu!, this.bias_sigma));
    }
    return kl;
  }
}

/** Mirrors `run` in bbb_kumar_shridhar_linear.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  manual_seed(4);
  const layer = new BBBLinear(4, 3);
  const out = layer(inputs.x);
  return { out, kl: layer.kl_loss() };
}
