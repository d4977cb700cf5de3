# Source: FrederickGeek8/t-SNE, tsne_module.py (tSNE)
#   https://github.com/FrederickGeek8/t-SNE/blob/master/tsne_module.py
# Licence: not stated in the repository files
# t-SNE: KL(P || Q) with Q from Student-t kernels of an nn.Embedding's pairwise distances (F.pdist).
import torch
import torch.nn as nn
import torch.nn.functional as F

from _common import emit


# ---- original, verbatim ----
eps = 1e-10

class tSNE(nn.Module):
    def __init__(self, size, latent_dim=2):
        super(tSNE, self).__init__()
        self.embedding = nn.Embedding(size, latent_dim)
        self.degrees_of_freedom = 1.0

    def forward(self, p):
        all_y = self.embedding.weight
        dist = F.pdist(all_y).pow(2)
        dist = (1. + dist).pow(-1.0 * self.degrees_of_freedom)
        q = torch.clamp(dist / dist.sum(), min=eps)

        # log_loss = pij * (torch.log(dist) - torch.log(qij))
        log_loss = p.dot(torch.log(torch.clamp(p, min=eps)) - torch.log(q))

        return log_loss.sum()
# ---- end of original ----


def run(inputs):
    torch.manual_seed(3)
    return {"loss": tSNE(5)(inputs["p"])}


if __name__ == "__main__":
    torch.manual_seed(0)
    p = torch.softmax(torch.randn(10) * 2, dim=0)
    p[3] = 0.0
    inputs = {"p": p.requires_grad_()}
    emit("tsne_frederickgeek8_module", inputs, run)
