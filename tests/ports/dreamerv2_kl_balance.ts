// Port of RajGhugare19/dreamerv2 Trainer._kl_loss (dreamerv2/training/trainer.py) and
// dreamerv2/utils/rssm.py (RSSMContState, get_dist, rssm_detach). The original is in
// dreamerv2_kl_balance.py. A namedtuple becomes an object type with the same field names.
import { distributions, max, mean, type Tensor } from "../../mod.ts";

const td = distributions;
const torch = { distributions };

type RSSMContState = { mean: Tensor; std: Tensor; stoch: Tensor; deter: Tensor };
function RSSMContState(mean: Tensor, std: Tensor, stoch: Tensor, deter: Tensor): RSSMContState {
  return { mean, std, stoch, deter };
}

/** return a normal distribution with event_shape = mean.shape[-1], batch_shape = mean.shape[:-1] */
export function get_dist(rssm_state: RSSMContState): distributions.Distribution {
  return new td.independent.Independent(new td.Normal(rssm_state.mean, rssm_state.std), 1);
}

export function rssm_detach(rssm_state: RSSMContState): RSSMContState {
  return RSSMContState(
    rssm_state.mean.detach(),
    rssm_state.std.detach(),
    rssm_state.stoch.detach(),
    rssm_state.deter.detach(),
  );
}

interface Self {
  RSSM: { get_dist: typeof get_dist; rssm_detach: typeof rssm_detach };
  kl_info: Record<string, number | boolean>;
}

export function _kl_loss(
  self: Self,
  prior: RSSMContState,
  posterior: RSSMContState,
): [distributions.Distribution, distributions.Distribution, Tensor] {
  const prior_dist = self.RSSM.get_dist(prior);
  const post_dist = self.RSSM.get_dist(posterior);
  let kl_loss: Tensor;
  if (self.kl_info["use_kl_balance"]) {
    const alpha = self.kl_info["kl_balance_scale"] as number;
    let kl_lhs = mean(
      torch.distributions.kl.kl_divergence(
        self.RSSM.get_dist(self.RSSM.rssm_detach(posterior)),
        prior_dist,
      ),
    );
    let kl_rhs = mean(
      torch.distributions.kl.kl_divergence(
        post_dist,
        self.RSSM.get_dist(self.RSSM.rssm_detach(prior)),
      ),
    );
    if (self.kl_info["use_free_nats"]) {
      const free_nats = self.kl_info["free_nats"] as number;
      kl_lhs = max(kl_lhs, kl_lhs.new_full(kl_lhs.size(), free_nats));
      kl_rhs = max(kl_rhs, kl_rhs.new_full(kl_rhs.size(), free_nats));
    }
    kl_loss = kl_lhs.mul(alpha).add(kl_rhs.mul(1 - alpha));
  } else {
    kl_loss = mean(torch.distributions.kl.kl_divergence(post_dist, prior_dist));
    if (self.kl_info["use_free_nats"]) {
      const free_nats = self.kl_info["free_nats"] as number;
      kl_loss = max(kl_loss, kl_loss.new_full(kl_loss.size(), free_nats));
    }
  }
  return [prior_dist, post_dist, kl_loss];
}

/** Mirrors `run` in dreamerv2_kl_balance.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  const prior = RSSMContState(inputs.prior_mean, inputs.prior_std, inputs.stoch, inputs.deter);
  const post = RSSMContState(inputs.post_mean, inputs.post_std, inputs.stoch, inputs.deter);
  const rssm = { get_dist, rssm_detach };
  const out: Record<string, Tensor> = {};
  for (
    const [key, info] of [
      ["balanced", { use_kl_balance: true, kl_balance_scale: 0.8, use_free_nats: false }],
      ["balanced_free", {
        use_kl_balance: true,
        kl_balance_scale: 0.8,
        use_free_nats: true,
        free_nats: 3.0,
      }],
      ["plain", { use_kl_balance: false, use_free_nats: false }],
    ] as [string, Record<string, number | boolean>][]
  ) {
    [, , out[key]] = _kl_loss({ RSSM: rssm, kl_info: info }, prior, post);
  }
  return out;
}
