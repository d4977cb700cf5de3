# Source: openai/guided-diffusion, guided_diffusion/losses.py, normal_kl
#   https://github.com/openai/guided-diffusion/blob/main/guided_diffusion/losses.py
# Licence: MIT (repository LICENSE)
# KL between two diagonal Gaussians given means and log-variances, with Python-number
# arguments turned into tensors (th.tensor(x).to(tensor)) and broadcasting.
import torch as th

from _common import emit


# ---- original, verbatim ----
def normal_kl(mean1, logvar1, mean2, logvar2):
    """
    Compute the KL divergence between two gaussians.

    Shapes are automatically broadcasted, so batches can be compared to
    scalars, among other use cases.
    """
    tensor = None
    for obj in (mean1, logvar1, mean2, logvar2):
        if isinstance(obj, th.Tensor):
            tensor = obj
            break
    assert tensor is not None, "at least one argument must be a Tensor"

    # Force variances to be Tensors. Broadcasting helps convert scalars to
    # Tensors, but it does not work for th.exp().
    logvar1, logvar2 = [
        x if isinstance(x, th.Tensor) else th.tensor(x).to(tensor)
        for x in (logvar1, logvar2)
    ]

    return 0.5 * (
        -1.0
        + logvar2
        - logvar1
        + th.exp(logvar1 - logvar2)
        + ((mean1 - mean2) ** 2) * th.exp(-logvar2)
    )
# ---- end of original ----


def run(inputs):
    # the second Gaussian: a batch of means against a scalar log-variance given as a number
    return {"kl": normal_kl(inputs["mean1"], inputs["logvar1"], inputs["mean2"], 0.25)}


if __name__ == "__main__":
    th.manual_seed(0)
    inputs = {
        "mean1": th.randn(2, 3).requires_grad_(),
        "logvar1": th.randn(2, 3).requires_grad_(),
        "mean2": th.randn(2, 3).requires_grad_(),
    }
    emit("guided_diffusion_normal_kl", inputs, run)
