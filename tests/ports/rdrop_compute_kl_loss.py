# Source: sieu-n/awesome-modular-pytorch-lightning, algorithms/rdrop.py, compute_kl_loss
#   (R-Drop's published compute_kl_loss, from https://github.com/dropreg/R-Drop's README)
#   https://github.com/sieu-n/awesome-modular-pytorch-lightning/blob/main/algorithms/rdrop.py
# Licence: not stated in the file (R-Drop itself is MIT)
# Symmetric KL with a padding mask written in place (masked_fill_ with a bool mask).
import torch
import torch.nn.functional as F

from _common import emit


# ---- original, verbatim ----
def compute_kl_loss(p, q, pad_mask=None):
    # https://github.com/dropreg/R-Drop/blob/3d97565595747f3b3d9c4701cb2fb824a9139913/vit_src/models/modeling.py#L290
    p_loss = F.kl_div(F.log_softmax(p, dim=-1), F.softmax(q, dim=-1), reduction='none')
    q_loss = F.kl_div(F.log_softmax(q, dim=-1), F.softmax(p, dim=-1), reduction='none')

    # pad_mask is for seq-level tasks
    if pad_mask is not None:
        p_loss.masked_fill_(pad_mask, 0.)
        q_loss.masked_fill_(pad_mask, 0.)

    # NOTE sum is for image classification
    p_loss = p_loss.sum()
    q_loss = q_loss.sum()

    loss = (p_loss + q_loss) / 2
    return loss
# ---- end of original ----


def run(inputs):
    return {"loss": compute_kl_loss(inputs["p"], inputs["q"], inputs["pad_mask"])}


if __name__ == "__main__":
    torch.manual_seed(0)
    p = torch.randn(2, 4, 5).requires_grad_()
    q = torch.randn(2, 4, 5).requires_grad_()
    # a (batch, seq, 1) padding mask, broadcast over the vocabulary by masked_fill_
    pad_mask = torch.tensor([[False, False, True, True], [False, False, False, True]]).unsqueeze(-1)
    emit("rdrop_compute_kl_loss", {"p": p, "q": q, "pad_mask": pad_mask}, run)
