# Source: 1Konny/Beta-VAE, solver.py, kl_divergence
#   https://github.com/1Konny/Beta-VAE/blob/master/solver.py
# Licence: MIT (repository LICENSE)
# Closed-form KL to N(0, I): total (sum over latents, mean over batch), per dimension, mean.
import torch

from _common import emit


# ---- original, verbatim ----
def kl_divergence(mu, logvar):
    batch_size = mu.size(0)
    assert batch_size != 0
    if mu.data.ndimension() == 4:
        mu = mu.view(mu.size(0), mu.size(1))
    if logvar.data.ndimension() == 4:
        logvar = logvar.view(logvar.size(0), logvar.size(1))

    klds = -0.5*(1 + logvar - mu.pow(2) - logvar.exp())
    total_kld = klds.sum(1).mean()
    dimension_wise_kld = klds.mean(0)
    mean_kld = klds.mean()

    return total_kld, dimension_wise_kld, mean_kld
# ---- end of original ----


def run(inputs):
    total_kld, dimension_wise_kld, mean_kld = kl_divergence(inputs["mu"], inputs["logvar"])
    return {"total_kld": total_kld, "dimension_wise_kld": dimension_wise_kld, "mean_kld": mean_kld}


if __name__ == "__main__":
    torch.manual_seed(0)
    # 4-dim encoder outputs (batch, z_dim, 1, 1), as BetaVAE_H returns them: the view branch runs
    inputs = {
        "mu": torch.randn(4, 3, 1, 1).requires_grad_(),
        "logvar": torch.randn(4, 3, 1, 1).requires_grad_(),
    }
    emit("beta_vae_kl_divergence", inputs, run)
