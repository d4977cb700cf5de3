// Port of ikostrikov/pytorch-trpo's natural-gradient step (trpo.py's conjugate_gradients and
// trpo_step up to the step direction, models.py's Policy, utils.py's normal_log_density,
// main.py's get_loss and get_kl). The original is in pytorch_trpo_cg_step.py. `Variable(t)` is
// `t` (an identity since torch 0.4); the TRPO step's Fisher-vector product is autograd.grad
// with create_graph, then the gradient of grad·v.
import {
  autograd,
  cat,
  exp,
  F,
  get_default_dtype,
  nn,
  no_grad,
  set_default_dtype,
  type Tensor,
  zeros,
} from "../../mod.ts";

export class Policy extends nn.Module {
  affine1: nn.Linear;
  affine2: nn.Linear;
  action_mean: nn.Linear;
  action_log_std: Tensor;
  saved_actions: unknown[];
  rewards: unknown[];
  final_value: number;

  constructor(num_inputs: number, num_outputs: number) {
    super();
    this.affine1 = nn.Linear(num_inputs, 64);
    this.affine2 = nn.Linear(64, 64);

    this.action_mean = nn.Linear(64, num_outputs);
    this.action_mean.weight.data.mul_(0.1);
    this.action_mean.bias!.data.mul_(0.0);

    this.action_log_std = nn.Parameter(zeros(1, num_outputs));

    this.saved_actions = [];
    this.rewards = [];
    this.final_value = 0;
  }

  forward(x: Tensor): [Tensor, Tensor, Tensor] {
    x = F.tanh(this.affine1(x));
    x = F.tanh(this.affine2(x));

    const action_mean = this.action_mean(x);
    const action_log_std = this.action_log_std.expand_as(action_mean);
    const action_std = exp(action_log_std);

    return [action_mean, action_log_std, action_std];
  }
}

export function normal_log_density(x: Tensor, mean: Tensor, log_std: Tensor, std: Tensor): Tensor {
  const variance = std.pow(2);
  const log_density = x.sub(mean).pow(2).neg().div(variance.mul(2)).sub(
    0.5 * Math.log(2 * Math.PI),
  ).sub(log_std);
  return log_density.sum(1);
}

export function conjugate_gradients(
  Avp: (v: Tensor) => Tensor,
  b: Tensor,
  nsteps: number,
  residual_tol = 1e-10,
): Tensor {
  const x = zeros(b.size());
  const r = b.clone();
  let p = b.clone();
  let rdotr = r.dot(r);
  for (let i = 0; i < nsteps; i++) {
    const _Avp = Avp(p);
    const alpha = rdotr.div(p.dot(_Avp));
    x.add_(alpha.mul(p));
    r.sub_(alpha.mul(_Avp));
    const new_rdotr = r.dot(r);
    const betta = new_rdotr.div(rdotr);
    p = r.add(betta.mul(p));
    rdotr = new_rdotr;
    if (rdotr.lt(residual_tol).item()) {
      break;
    }
  }
  return x;
}

export function trpo_step(
  model: nn.Module,
  get_loss: () => Tensor,
  get_kl: () => Tensor,
  _max_kl: number,
  damping: number,
): [Tensor, Tensor, Tensor, Tensor] {
  const loss = get_loss();
  const grads = autograd.grad(loss, model.parameters(), { create_graph: true });
  const loss_grad = cat(grads.map((grad) => grad!.view(-1))).data;

  const Fvp = (v: Tensor): Tensor => {
    let kl = get_kl();
    kl = kl.mean();

    const grads = autograd.grad(kl, model.parameters(), { create_graph: true });
    const flat_grad_kl = cat(grads.map((grad) => grad!.view(-1)));

    const kl_v = flat_grad_kl.mul(v).sum();
    const grads2 = autograd.grad(kl_v, model.parameters());
    const flat_grad_grad_kl = cat(grads2.map((grad) => grad!.view(-1))).data;

    return flat_grad_grad_kl.add(v.mul(damping));
  };

  const stepdir = conjugate_gradients(Fvp, loss_grad.neg(), 10);

  const shs = stepdir.mul(Fvp(stepdir)).sum(0).mul(0.5);
  return [loss, loss_grad, stepdir, shs];
}

/** Mirrors `run` in pytorch_trpo_cg_step.py (main.py runs in float64). */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  const previous = get_default_dtype();
  set_default_dtype("float64");
  try {
    const policy_net = new Policy(3, 2);
    no_grad(() => {
      for (const [name, param] of policy_net.named_parameters()) {
        param.copy_(inputs[name.replaceAll(".", "_")]);
      }
    });
    const states = inputs.states;
    const actions = inputs.actions;
    const advantages = inputs.advantages;

    const [action_means, action_log_stds, action_stds] = policy_net.forward(states);
    const fixed_log_prob = normal_log_density(actions, action_means, action_log_stds, action_stds)
      .data;

    const get_loss = (): Tensor => {
      const [action_means, action_log_stds, action_stds] = policy_net.forward(states);
      const log_prob = normal_log_density(actions, action_means, action_log_stds, action_stds);
      const action_loss = advantages.neg().mul(exp(log_prob.sub(fixed_log_prob)));
      return action_loss.mean();
    };

    const get_kl = (): Tensor => {
      const [mean1, log_std1, std1] = policy_net.forward(states);

      const mean0 = mean1.data;
      const log_std0 = log_std1.data;
      const std0 = std1.data;
      const kl = log_std1.sub(log_std0).add(
        std0.pow(2).add(mean0.sub(mean1).pow(2)).div(std1.pow(2).mul(2.0)),
      ).sub(0.5);
      return kl.sum(1);
    };

    const [loss, loss_grad, stepdir, shs] = trpo_step(policy_net, get_loss, get_kl, 1e-2, 1e-1);
    return { loss, loss_grad, stepdir, shs };
  } finally {
    set_default_dtype(previous);
  }
}
