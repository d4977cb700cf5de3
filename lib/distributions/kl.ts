/**
 * `torch.distributions.kl`: `kl_divergence(p, q)` with torch's closed forms for the pairs it
 * registers among Normal, Bernoulli, Categorical and MultivariateNormal (each with itself), and
 * torch's errors for the others.
 *
 * @module
 */

import { broadcastShapes } from "../tensor/shape.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { Bernoulli } from "./bernoulli.ts";
import { Categorical } from "./categorical.ts";
import { Distribution } from "./distribution.ts";
import { batchMahalanobis, diagonal, solveTriangularLower } from "./linalg.ts";
import { MultivariateNormal } from "./multivariate_normal.ts";
import { Normal } from "./normal.ts";
import { softplus } from "./ops.ts";

/** `t[mask] = value` out of place, keeping gradients where the mask is false. */
function fillWhere(t: Tensor, mask: Tensor, value: number): Tensor {
  return t.masked_fill(mask.expand_as(t), value);
}

function klNormalNormal(p: Normal, q: Normal): Tensor {
  const varRatio = p.scale.div(q.scale).pow(2);
  const t1 = p.loc.sub(q.loc).div(q.scale).pow(2);
  return varRatio.add(t1).sub(1).sub(varRatio.log()).mul(0.5);
}

function klBernoulliBernoulli(p: Bernoulli, q: Bernoulli): Tensor {
  let t1 = p.probs.mul(softplus(q.logits.neg()).sub(softplus(p.logits.neg())));
  t1 = fillWhere(t1, q.probs.eq(0), Infinity);
  t1 = fillWhere(t1, p.probs.eq(0), 0);
  let t2 = p.probs.rsub(1).mul(softplus(q.logits).sub(softplus(p.logits)));
  t2 = fillWhere(t2, q.probs.eq(1), Infinity);
  t2 = fillWhere(t2, p.probs.eq(1), 0);
  return t1.add(t2);
}

function klCategoricalCategorical(p: Categorical, q: Categorical): Tensor {
  let t = p.probs.mul(p.logits.sub(q.logits));
  t = fillWhere(t, q.probs.eq(0), Infinity);
  t = fillWhere(t, p.probs.eq(0), 0);
  return t.sum(-1);
}

function klMvnMvn(p: MultivariateNormal, q: MultivariateNormal): Tensor {
  if (p.event_shape[0] !== q.event_shape[0]) {
    throw new RangeError(
      "KL-divergence between two Multivariate Normals with                          different event shapes cannot be computed",
    );
  }
  const pl = p._unbroadcasted_scale_tril;
  const ql = q._unbroadcasted_scale_tril;
  const halfTerm1 = diagonal(ql).log().sum(-1).sub(diagonal(pl).log().sum(-1));
  const n = p.event_shape[0];
  const batch = broadcastShapes(ql.shape.slice(0, -2), pl.shape.slice(0, -2), "kl_divergence");
  const x = solveTriangularLower(ql.expand([...batch, n, n]), pl.expand([...batch, n, n]));
  const term2 = x.pow(2).sum([-2, -1]);
  const term3 = batchMahalanobis(ql, q.loc.sub(p.loc));
  return halfTerm1.add(term2.add(term3).sub(n).mul(0.5));
}

/** Classes torch registers as exponential families (their cross pairs get the Bregman error). */
const EXPONENTIAL_FAMILIES = [Normal, Bernoulli];

/**
 * KL(p ‖ q) between two distributions, like `torch.distributions.kl.kl_divergence(p, q)`:
 * torch's closed form for Normal–Normal, Bernoulli–Bernoulli, Categorical–Categorical and
 * MultivariateNormal–MultivariateNormal, broadcast over the batch.
 *
 * @param p The first distribution.
 * @param q The second.
 * @returns A tensor of shape `batch_shape`, differentiable in both distributions' parameters.
 * @throws {Error} torch's NotImplementedError text for pairs torch does not register.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const p = new distributions.Categorical({ probs: tensor([0.5, 0.5]) });
 * const q = new distributions.Categorical({ probs: tensor([0.9, 0.1]) });
 * assert.equal(String(distributions.kl.kl_divergence(p, q)), "tensor(0.5108)");
 * assert.throws(
 *   () => distributions.kl_divergence(p, new distributions.Normal(0, 1)),
 *   { message: "No KL(p || q) is implemented for p type Categorical and q type Normal" },
 * );
 * ```
 */
export function kl_divergence(p: Distribution, q: Distribution): Tensor {
  for (const [which, d] of [["p", p], ["q", q]] as const) {
    if (!(d instanceof Distribution)) {
      throw new TypeError(
        `kl_divergence: ${which} must be a Distribution, got ${
          d === null ? "null" : typeof d === "object" ? (d as object).constructor?.name : typeof d
        }`,
      );
    }
  }
  if (p instanceof Normal && q instanceof Normal) return klNormalNormal(p, q);
  if (p instanceof Bernoulli && q instanceof Bernoulli) return klBernoulliBernoulli(p, q);
  if (p instanceof Categorical && q instanceof Categorical) return klCategoricalCategorical(p, q);
  if (p instanceof MultivariateNormal && q instanceof MultivariateNormal) return klMvnMvn(p, q);
  const isExp = (d: Distribution) => EXPONENTIAL_FAMILIES.some((c) => d instanceof c);
  if (isExp(p) && isExp(q)) {
    throw new Error(
      "The cross KL-divergence between different exponential families cannot                             be computed using Bregman divergences",
    );
  }
  throw new Error(
    `No KL(p || q) is implemented for p type ${p.constructor.name} and q type ${q.constructor.name}`,
  );
}
