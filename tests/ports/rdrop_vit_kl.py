# Source: dropreg/R-Drop, vit_src/models/modeling.py, VisionTransformer.forward (R-Drop's
#   official ViT code): the two KL terms of the symmetric R-Drop regulariser
#   https://github.com/dropreg/R-Drop/blob/main/vit_src/models/modeling.py
# Licence: MIT (repository LICENSE)
# The six statements are verbatim; the enclosing def (its parameters standing for the
# method's locals) and the final sum are ours (the original adds self.alpha * (...) to loss).
import torch

from _common import emit


def rdrop_kl(logits, newlogits, num_classes):
    class _Self:  # the original reads self.num_classes
        pass
    self = _Self()
    self.num_classes = num_classes
    # ---- original, verbatim ----
    p = torch.log_softmax(logits.view(-1, self.num_classes), dim=-1)
    p_tec = torch.softmax(logits.view(-1, self.num_classes), dim=-1)
    q = torch.log_softmax(newlogits.view(-1, self.num_classes), dim=-1)
    q_tec = torch.softmax(newlogits.view(-1, self.num_classes), dim=-1)
    kl_loss = torch.nn.functional.kl_div(p, q_tec, reduction='none').sum()
    reverse_kl_loss = torch.nn.functional.kl_div(q, p_tec, reduction='none').sum()
    # ---- end of original ----
    return kl_loss, reverse_kl_loss


def run(inputs):
    kl_loss, reverse_kl_loss = rdrop_kl(inputs["logits"], inputs["newlogits"], 5)
    return {"kl_loss": kl_loss, "reverse_kl_loss": reverse_kl_loss}


if __name__ == "__main__":
    torch.manual_seed(0)
    inputs = {
        "logits": torch.randn(2, 2, 5).requires_grad_(),
        "newlogits": torch.randn(2, 2, 5).requires_grad_(),
    }
    emit("rdrop_vit_kl", inputs, run)
