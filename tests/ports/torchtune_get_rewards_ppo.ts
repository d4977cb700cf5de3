// Port of pytorch/torchtune torchtune/rlhf/rewards.py (get_rewards_ppo, masked_mean). The
// original is in torchtune_get_rewards_ppo.py. `t[idx] += v` is `t.index_put_(idx, t.index(idx).add_(v))`
// (Python's __getitem__, __iadd__, __setitem__); through basic indexing, `t.index(...).add_(v)`.
import { arange, type Tensor } from "../../mod.ts";

/** Calculates PPO rewards for the given scores, logprobs, and reference logprobs. */
export function get_rewards_ppo(
  scores: Tensor,
  logprobs: Tensor,
  ref_logprobs: Tensor,
  kl_coeff: number,
  valid_score_idxs: Tensor | null = null,
): [Tensor, Tensor, Tensor] {
  // 1. calculate kl between logprobs and reflogprobs
  // 2. calculate kl reward using adaptive scaling value
  // 3. calculate total reward by summing above
  // return all
  const kl = logprobs.sub(ref_logprobs);
  const kl_reward = kl.mul(-kl_coeff);

  const total_reward = kl_reward.clone();

  // adding reward to kl at final valid position
  if (valid_score_idxs !== null) {
    const idx = [arange(scores.shape[0], { device: scores.device }), valid_score_idxs];
    total_reward.index_put_(idx, total_reward.index(...idx).add_(scores));
  } else {
    total_reward.index(":", -1).add_(scores);
  }

  return [total_reward, kl, kl_reward];
}

/** Compute mean of tensor with masked values. */
export function masked_mean(x: Tensor, mask: Tensor, dim: number | null = null): Tensor {
  return x.mul(mask).sum(dim).div(mask.sum(dim).add(1e-8));
}

/** Mirrors `run` in torchtune_get_rewards_ppo.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  const [scores, logprobs, ref] = [inputs.scores, inputs.logprobs, inputs.ref_logprobs];
  const [total1, kl, kl_reward] = get_rewards_ppo(scores, logprobs, ref, 0.1, inputs.valid_score_idxs);
  const [total2] = get_rewards_ppo(scores, logprobs, ref, 0.1);
  return { total1, total2, kl, kl_reward, mean_kl: masked_mean(kl, inputs.mask, 1) };
}
