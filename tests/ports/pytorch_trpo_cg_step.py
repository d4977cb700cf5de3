# Source: ikostrikov/pytorch-trpo (commit 20c175927daf5e5229ae51f7a84ecfe862324254):
#   trpo.py (conjugate_gradients; trpo_step up to the step direction and shs), models.py (Policy),
#   utils.py (normal_log_density), main.py (get_loss, get_kl inside update_params)
#   https://github.com/ikostrikov/pytorch-trpo
# Licence: MIT (the repository's LICENSE)
# TRPO's natural-gradient step: conjugate gradients on the Fisher-vector product, which is the
# Hessian-vector product of the KL (autograd.grad with create_graph, then the gradient of
# grad·v). The line search, which needs a simulator's returns, is left out.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.autograd import Variable

from _common import emit


# ---- original, verbatim ----
class Policy(nn.Module):
    def __init__(self, num_inputs, num_outputs):
        super(Policy, self).__init__()
        self.affine1 = nn.Linear(num_inputs, 64)
        self.affine2 = nn.Linear(64, 64)

        self.action_mean = nn.Linear(64, num_outputs)
        self.action_mean.weight.data.mul_(0.1)
        self.action_mean.bias.data.mul_(0.0)

        self.action_log_std = nn.Parameter(torch.zeros(1, num_outputs))

        self.saved_actions = []
        self.rewards = []
        self.final_value = 0

    def forward(self, x):
        x = F.tanh(self.affine1(x))
        x = F.tanh(self.affine2(x))

        action_mean = self.action_mean(x)
        action_log_std = self.action_log_std.expand_as(action_mean)
        action_std = torch.exp(action_log_std)

        return action_mean, action_log_std, action_std


def normal_log_density(x, mean, log_std, std):
    var = std.pow(2)
    log_density = -(x - mean).pow(2) / (
        2 * var) - 0.5 * math.log(2 * math.pi) - log_std
    return log_density.sum(1)


def conjugate_gradients(Avp, b, nsteps, residual_tol=1e-10):
    x = torch.zeros(b.size())
    r = b.clone()
    p = b.clone()
    rdotr = torch.dot(r, r)
    for i in range(nsteps):
        _Avp = Avp(p)
        alpha = rdotr / torch.dot(p, _Avp)
        x += alpha * p
        r -= alpha * _Avp
        new_rdotr = torch.dot(r, r)
        betta = new_rdotr / rdotr
        p = r + betta * p
        rdotr = new_rdotr
        if rdotr < residual_tol:
            break
    return x


def trpo_step(model, get_loss, get_kl, max_kl, damping):
    loss = get_loss()
    grads = torch.autograd.grad(loss, model.parameters(), create_graph=True)
    loss_grad = torch.cat([grad.view(-1) for grad in grads]).data

    def Fvp(v):
        kl = get_kl()
        kl = kl.mean()

        grads = torch.autograd.grad(kl, model.parameters(), create_graph=True)
        flat_grad_kl = torch.cat([grad.view(-1) for grad in grads])

        kl_v = (flat_grad_kl * Variable(v)).sum()
        grads = torch.autograd.grad(kl_v, model.parameters())
        flat_grad_grad_kl = torch.cat([grad.view(-1) for grad in grads]).data

        return flat_grad_grad_kl + v * damping

    stepdir = conjugate_gradients(Fvp, -loss_grad, 10)

    shs = 0.5 * (stepdir * Fvp(stepdir)).sum(0)
# ---- end of original ----
    # (trpo_step continues with lm[0] on a 0-dim tensor, which torch >= 0.4 refuses, and the
    # line search; the port stops at the step direction.)
    return loss, loss_grad, stepdir, shs


def run(inputs):
    policy_net = Policy(3, 2)
    with torch.no_grad():
        for name, param in policy_net.named_parameters():
            param.copy_(inputs[name.replace(".", "_")])
    states = inputs["states"]
    actions = inputs["actions"]
    advantages = inputs["advantages"]

    # ---- original, verbatim (main.py, update_params) ----
    action_means, action_log_stds, action_stds = policy_net(Variable(states))
    fixed_log_prob = normal_log_density(Variable(actions), action_means, action_log_stds, action_stds).data

    def get_loss(volatile=False):
        action_means, action_log_stds, action_stds = policy_net(Variable(states, volatile=volatile))
        log_prob = normal_log_density(Variable(actions), action_means, action_log_stds, action_stds)
        action_loss = -Variable(advantages) * torch.exp(log_prob - Variable(fixed_log_prob))
        return action_loss.mean()


    def get_kl():
        mean1, log_std1, std1 = policy_net(Variable(states))

        mean0 = Variable(mean1.data)
        log_std0 = Variable(log_std1.data)
        std0 = Variable(std1.data)
        kl = log_std1 - log_std0 + (std0.pow(2) + (mean0 - mean1).pow(2)) / (2.0 * std1.pow(2)) - 0.5
        return kl.sum(1)
    # ---- end of original ----

    loss, loss_grad, stepdir, shs = trpo_step(policy_net, get_loss, get_kl, 1e-2, 1e-1)
    return {"loss": loss, "loss_grad": loss_grad, "stepdir": stepdir, "shs": shs}


if __name__ == "__main__":
    # main.py: torch.set_default_tensor_type('torch.DoubleTensor').
    torch.set_default_dtype(torch.float64)
    torch.manual_seed(543)
    net = Policy(3, 2)
    inputs = {name.replace(".", "_"): p.detach().clone() for name, p in net.named_parameters()}
    # A trained-looking policy: a nonzero log-std and output layer, so the KL's curvature is
    # not the initial one.
    inputs["action_log_std"] = torch.tensor([[-0.3, 0.2]])
    inputs["action_mean_weight"] = torch.randn(2, 64) * 0.1
    inputs["action_mean_bias"] = torch.tensor([0.05, -0.1])
    inputs["states"] = torch.randn(6, 3)
    inputs["actions"] = torch.randn(6, 2)
    # 1-D advantages: main.py's are [N, 1], which against the [N] log-densities broadcasts to an
    # [N, N] loss whose gradient vanishes once the advantages are normalised.
    advantages = torch.randn(6)
    inputs["advantages"] = (advantages - advantages.mean()) / advantages.std()
    emit("pytorch_trpo_cg_step", inputs, run)
