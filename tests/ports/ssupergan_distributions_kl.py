# Source: barisbatuhan/SSuperGAN, functional/losses/kl_loss.py, kl_loss
#   https://github.com/barisbatuhan/SSuperGAN/blob/main/functional/losses/kl_loss.py
# Licence: not stated in the file
# torch.distributions: KL(Normal(mu, std) || Normal(0, 1)) by kl_divergence, summed over the
# latent dims and averaged over the batch.
import torch
import torch.nn.functional as F

from _common import emit


# ---- original, verbatim ----
def kl_loss(z, mu, std):
    p = torch.distributions.Normal(torch.zeros_like(mu), torch.ones_like(std))
    q = torch.distributions.Normal(mu, std)

    kl_dvergence = torch.distributions.kl.kl_divergence(q, p)
    kl_loss = kl_dvergence.sum(1).mean()
    return kl_loss
# ---- end of original ----


def run(inputs):
    std = inputs["log_std"].exp()
    return {"loss": kl_loss(inputs["z"], inputs["mu"], std)}


if __name__ == "__main__":
    torch.manual_seed(0)
    inputs = {
        "z": torch.randn(4, 3),
        "mu": torch.randn(4, 3).requires_grad_(),
        "log_std": torch.randn(4, 3).mul(0.5).requires_grad_(),
    }
    emit("ssupergan_distributions_kl", inputs, run)
