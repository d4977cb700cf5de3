# Source: pytorch/examples, vae/main.py, loss_function (at commit cd01f93, before the
#   continuous-Bernoulli term was added)
#   https://github.com/pytorch/examples/blob/cd01f93000a6679e768700dd29e417a1e5fd10e5/vae/main.py
# Licence: BSD-3-Clause (repository LICENSE)
# VAE loss: binary cross-entropy (sum) on view(-1, 784) plus the closed-form Gaussian KL
# -0.5 * sum(1 + logvar - mu^2 - exp(logvar)).
import torch
from torch.nn import functional as F

from _common import emit


# ---- original, verbatim ----
# Reconstruction + KL divergence losses summed over all elements and batch
def loss_function(recon_x, x, mu, logvar):
    BCE = F.binary_cross_entropy(recon_x, x.view(-1, 784), reduction='sum')

    # see Appendix B from VAE paper:
    # Kingma and Welling. Auto-Encoding Variational Bayes. ICLR, 2014
    # https://arxiv.org/abs/1312.6114
    # 0.5 * sum(1 + log(sigma^2) - mu^2 - sigma^2)
    KLD = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())

    return BCE + KLD
# ---- end of original ----


def run(inputs):
    recon_x = torch.sigmoid(inputs["recon_logits"])
    return {"loss": loss_function(recon_x, inputs["x"], inputs["mu"], inputs["logvar"])}


if __name__ == "__main__":
    torch.manual_seed(0)
    inputs = {
        "recon_logits": torch.randn(2, 784).requires_grad_(),
        "x": torch.rand(2, 1, 28, 28),
        "mu": torch.randn(2, 3).requires_grad_(),
        "logvar": torch.randn(2, 3).requires_grad_(),
    }
    emit("pytorch_examples_vae_loss", inputs, run)
