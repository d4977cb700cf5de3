# Source: cgao-comp/NFACC, code/utils/RDropLoss.py, compute_kl_loss
#   https://github.com/cgao-comp/NFACC/blob/main/code/utils/RDropLoss.py
# Licence: not stated in the file
# R-Drop's symmetric KL without the mask branch: kl_div(reduction='none') both ways, summed.
import torch
import torch.nn.functional as F

from _common import emit


# ---- original, verbatim ----
def compute_kl_loss(p, q, pad_mask = None):

    p_loss = F.kl_div(F.log_softmax(p, dim=-1), F.softmax(q, dim=-1), reduction='none')
    q_loss = F.kl_div(F.log_softmax(q, dim=-1), F.softmax(p, dim=-1), reduction='none')

    p_loss = p_loss.sum()
    q_loss = q_loss.sum()

    loss = (p_loss + q_loss) / 2
    return loss
# ---- end of original ----


def run(inputs):
    return {"loss": compute_kl_loss(inputs["p"], inputs["q"])}


if __name__ == "__main__":
    torch.manual_seed(0)
    inputs = {"p": torch.randn(4, 5).requires_grad_(), "q": torch.randn(4, 5).requires_grad_()}
    emit("nfacc_rdrop_kl_loss", inputs, run)
