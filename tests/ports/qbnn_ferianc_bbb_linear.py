# Source: martinferianc/quantised-bayesian-nets, src/models/stochastic/bbb/linear.py (Linear) and
#   src/models/stochastic/bbb/utils_bbb.py (kl_divergence)
#   https://github.com/martinferianc/quantised-bayesian-nets/blob/main/src/models/stochastic/bbb/linear.py
# Licence: BSD-3-Clause
# Bayes by backprop with the local reparameterisation trick: an nn.Linear subclass with a softplus
# std, noise from mean.new(size).normal_(), and the Gaussian KL of the weights to the prior.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn import ReLU
from torch.autograd import Variable

from _common import emit


# ---- original, verbatim ----
def kl_divergence(mu, sigma, mu_prior, sigma_prior):
    kl = 0.5 * (2 * torch.log(sigma_prior / sigma) - 1 + (sigma / sigma_prior).pow(2) + ((mu_prior - mu) / sigma_prior).pow(2)).sum() 
    return kl

class Linear(nn.Linear):
    def __init__(self, in_features, out_features, bias, sigma_prior=1.0, args = None):
        super(Linear, self).__init__(in_features, out_features, bias)
        self.std_prior = torch.nn.Parameter(
            torch.ones((1,))*sigma_prior, requires_grad=False)

        self.weight.data.uniform_(-0.01, 0.01)
        self.std = nn.Parameter(torch.zeros_like(self.weight).uniform_(-3, -3))

        self.add_weight = torch.nn.quantized.FloatFunctional()
        self.mul_noise = torch.nn.quantized.FloatFunctional()
        self.args = args

        if self.bias is not None:
          self.bias.data.uniform_(-0.01, 0.01)

    def get_kl_divergence(self):
      return kl_divergence(self.weight, F.softplus(self.std),
                           torch.zeros_like(self.weight).to(
                               self.weight.device),
                           (torch.ones_like(self.std)*self.std_prior).to(self.weight.device))

    def forward(self, x):
      output = None
      if self.training:
          mean = torch.mm(x, self.weight.t())
          std = torch.sqrt(1e-8+torch.mm(torch.pow(x, 2),
                                          torch.pow(F.softplus(self.std).t(), 2)))
          noise = Variable(mean.new(
              mean.size()).normal_())

          bias = self.bias if self.bias is not None else 0.0
          output = mean + std * noise + bias

      else:
          std = F.softplus(self.std)
          noise = Variable(self.weight.data.new(
              self.weight.size()).normal_())
          std = self.mul_noise.mul(noise, std)
          weight_sample = self.add_weight.add(self.weight, std)
          bias = self.bias if self.bias is not None else 0.0

          output = torch.mm(x, weight_sample.t()) + bias

      return output
# ---- end of original ----


def run(inputs):
    torch.manual_seed(5)
    layer = Linear(4, 3, True)
    out = layer(inputs["x"])
    return {"out": out, "kl": layer.get_kl_divergence()}


if __name__ == "__main__":
    torch.manual_seed(0)
    inputs = {"x": torch.randn(5, 4).requires_grad_()}
    emit("qbnn_ferianc_bbb_linear", inputs, run)
