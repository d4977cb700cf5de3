# Source: dougbrion/pytorch-classification-uncertainty, losses.py (relu_evidence, kl_divergence,
#   loglikelihood_loss, mse_loss, uncertainty_loss) and helpers.py (get_device)
#   https://github.com/dougbrion/pytorch-classification-uncertainty/blob/master/losses.py
# Licence: MIT
# Evidential deep learning: KL between a Dirichlet and the uniform Dirichlet (lgamma, digamma),
# annealed, plus the expected squared error.
import torch
import torch.nn.functional as F

from _common import emit


# ---- original, verbatim ----
def get_device():
    use_cuda = torch.cuda.is_available()
    device = torch.device("cuda:0" if use_cuda else "cpu")
    return device


def relu_evidence(y):
    return F.relu(y)


def kl_divergence(alpha, num_classes, device=None):
    if not device:
        device = get_device()
    beta = torch.ones([1, num_classes], dtype=torch.float32, device=device)
    S_alpha = torch.sum(alpha, dim=1, keepdim=True)
    S_beta = torch.sum(beta, dim=1, keepdim=True)
    lnB = torch.lgamma(S_alpha) - \
        torch.sum(torch.lgamma(alpha), dim=1, keepdim=True)
    lnB_uni = torch.sum(torch.lgamma(beta), dim=1,
                        keepdim=True) - torch.lgamma(S_beta)

    dg0 = torch.digamma(S_alpha)
    dg1 = torch.digamma(alpha)

    kl = torch.sum((alpha - beta) * (dg1 - dg0), dim=1,
                   keepdim=True) + lnB + lnB_uni
    return kl


def loglikelihood_loss(y, alpha, device=None):
    if not device:
        device = get_device()
    S = torch.sum(alpha, dim=1, keepdim=True)
    loglikelihood_err = torch.sum(
        (y - (alpha / S)) ** 2, dim=1, keepdim=True)
    loglikelihood_var = torch.sum(
        alpha * (S - alpha) / (S * S * (S + 1)), dim=1, keepdim=True)
    loglikelihood = loglikelihood_err + loglikelihood_var
    return loglikelihood


def mse_loss(y, alpha, epoch_num, num_classes, annealing_step, device=None):
    if not device:
        device = get_device()

    loglikelihood = loglikelihood_loss(y, alpha, device=device)

    annealing_coef = torch.min(torch.tensor(
        1.0, dtype=torch.float32), torch.tensor(epoch_num / annealing_step, dtype=torch.float32))

    kl_alpha = (alpha - 1) * (1 - y) + 1
    kl_div = annealing_coef * \
        kl_divergence(kl_alpha, num_classes, device=device)
    return loglikelihood + kl_div


def uncertainty_loss(output, target, epoch_num, num_classes, annealing_step, device=None):
    if not device:
        device = get_device()
    evidence = relu_evidence(output)
    alpha = evidence + 1
    u = num_classes / torch.sum(alpha, dim=1, keepdim=True)
    prob = alpha / torch.sum(alpha, dim=1, keepdim=True)
    loss = torch.mean(mse_loss(target, alpha, epoch_num,
                               num_classes, annealing_step, device=device))
    l2_loss = F.mse_loss(output, target) * 0.005
    return loss + l2_loss, evidence
# ---- end of original ----


def run(inputs):
    output, target = inputs["output"], inputs["target"]
    loss, evidence = uncertainty_loss(output, target, 3, 4, 10)
    kl = kl_divergence(inputs["alpha"], 4)
    return {"loss": loss, "evidence": evidence, "kl": kl}


if __name__ == "__main__":
    torch.manual_seed(0)
    inputs = {
        "output": (torch.randn(6, 4) * 2).requires_grad_(),
        "target": torch.eye(4)[torch.tensor([0, 2, 1, 3, 3, 0])],
        "alpha": (torch.rand(6, 4) * 5 + 0.5).requires_grad_(),
    }
    emit("edl_dougbrion_dirichlet_kl", inputs, run)
