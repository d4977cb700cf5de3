# Source: A1ex-Chen/DL_project_log, dataset/4D-Compositional-Representation/lib/utils/
#   torchdiffeq/examples/latent_ode_normal_kl.py, normal_kl (the Gaussian KL of
#   rtqichen/torchdiffeq examples/latent_ode.py, as stored in that repository)
# Licence: MIT (torchdiffeq's LICENSE); the stored copy states none
# KL between diagonal Gaussians from log-variances, with Python numbers on the left of ops.
import torch

from _common import emit


# ---- original, verbatim ----
def normal_kl(mu1, lv1, mu2, lv2):
    v1 = torch.exp(lv1)
    v2 = torch.exp(lv2)
    lstd1 = lv1 / 2.0
    lstd2 = lv2 / 2.0
    kl = lstd2 - lstd1 + (v1 + (mu1 - mu2) ** 2.0) / (2.0 * v2) - 0.5
    return kl
# ---- end of original ----


def run(inputs):
    return {"kl": normal_kl(inputs["mu1"], inputs["lv1"], inputs["mu2"], inputs["lv2"])}


if __name__ == "__main__":
    torch.manual_seed(0)
    inputs = {
        "mu1": torch.randn(3, 4).requires_grad_(),
        "lv1": torch.randn(3, 4).requires_grad_(),
        "mu2": torch.zeros(3, 4),
        "lv2": torch.zeros(3, 4),
    }
    emit("torchdiffeq_normal_kl", inputs, run)
