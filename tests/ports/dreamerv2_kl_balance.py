# Source: RajGhugare19/dreamerv2, dreamerv2/training/trainer.py (Trainer._kl_loss) and
#   dreamerv2/utils/rssm.py (RSSMContState, get_dist, rssm_detach)
#   https://github.com/RajGhugare19/dreamerv2/blob/main/dreamerv2/training/trainer.py
# Licence: MIT
# World models (DreamerV2): KL balancing between posterior and prior Independent Normals, each
# side with the other detached, and free nats through torch.max(kl, kl.new_full(size, nats)).
# _kl_loss is a method of Trainer; it is copied one indentation level out and called with a
# stand-in `self` that has the RSSM helpers and kl_info (the continuous RSSM's get_dist).
from collections import namedtuple
from types import SimpleNamespace

import torch
import torch.distributions as td

from _common import emit


# ---- original, verbatim ----
RSSMContState = namedtuple('RSSMContState', ['mean', 'std', 'stoch', 'deter'])  

def get_dist(rssm_state: RSSMContState):
    """
    return a normal distribution with
    event_shape = rssm_state.mean.shape[-1]
    batch_shape = rssm_state.mean.shape[:-1]
    """
    return td.independent.Independent(td.Normal(rssm_state.mean, rssm_state.std), 1)

def rssm_detach(rssm_state: RSSMContState):
    return RSSMContState(
        rssm_state.mean.detach(),
        rssm_state.std.detach(),  
        rssm_state.stoch.detach(),
        rssm_state.deter.detach()
    )

def _kl_loss(self, prior, posterior):
    prior_dist = self.RSSM.get_dist(prior)
    post_dist = self.RSSM.get_dist(posterior)
    if self.kl_info['use_kl_balance']:
        alpha = self.kl_info['kl_balance_scale']
        kl_lhs = torch.mean(torch.distributions.kl.kl_divergence(self.RSSM.get_dist(self.RSSM.rssm_detach(posterior)), prior_dist))
        kl_rhs = torch.mean(torch.distributions.kl.kl_divergence(post_dist, self.RSSM.get_dist(self.RSSM.rssm_detach(prior))))
        if self.kl_info['use_free_nats']:
            free_nats = self.kl_info['free_nats']
            kl_lhs = torch.max(kl_lhs,kl_lhs.new_full(kl_lhs.size(), free_nats))
            kl_rhs = torch.max(kl_rhs,kl_rhs.new_full(kl_rhs.size(), free_nats))
        kl_loss = alpha*kl_lhs + (1-alpha)*kl_rhs

    else: 
        kl_loss = torch.mean(torch.distributions.kl.kl_divergence(post_dist, prior_dist))
        if self.kl_info['use_free_nats']:
            free_nats = self.kl_info['free_nats']
            kl_loss = torch.max(kl_loss, kl_loss.new_full(kl_loss.size(), free_nats))
    return prior_dist, post_dist, kl_loss
# ---- end of original ----


def run(inputs):
    prior = RSSMContState(inputs["prior_mean"], inputs["prior_std"], inputs["stoch"], inputs["deter"])
    post = RSSMContState(inputs["post_mean"], inputs["post_std"], inputs["stoch"], inputs["deter"])
    rssm = SimpleNamespace(get_dist=get_dist, rssm_detach=rssm_detach)
    out = {}
    for key, info in [
        ("balanced", {"use_kl_balance": True, "kl_balance_scale": 0.8, "use_free_nats": False}),
        ("balanced_free", {"use_kl_balance": True, "kl_balance_scale": 0.8, "use_free_nats": True,
                           "free_nats": 3.0}),
        ("plain", {"use_kl_balance": False, "use_free_nats": False}),
    ]:
        _, _, out[key] = _kl_loss(SimpleNamespace(RSSM=rssm, kl_info=info), prior, post)
    return out


if __name__ == "__main__":
    torch.manual_seed(0)
    inputs = {
        "prior_mean": torch.randn(4, 3, 5).requires_grad_(),
        "prior_std": (torch.rand(4, 3, 5) + 0.5).requires_grad_(),
        "post_mean": torch.randn(4, 3, 5).requires_grad_(),
        "post_std": (torch.rand(4, 3, 5) + 0.5).requires_grad_(),
        "stoch": torch.randn(4, 3, 5),
        "deter": torch.randn(4, 3, 6),
    }
    emit("dreamerv2_kl_balance", inputs, run)
