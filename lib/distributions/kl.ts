/**
 * `torch.distributions.kl`: `kl_divergence(p, q)` dispatched as torch dispatches it (the most
 * specific registered pair by subclass order, with torch's ambiguity warning), torch's closed
 * forms for the pairs it registers among the distributions here, `register_kl` for user pairs,
 * and torch's errors for the others.
 *
 * @module
 */

import { broadcastShapes } from "../tensor/shape.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { Bernoulli } from "./bernoulli.ts";
import { Categorical } from "./categorical.ts";
import { eye, full_like, ones_like } from "../ops/create.ts";
import { where } from "../ops/elementwise.ts";
import { Cauchy, Exponential, Laplace, Uniform } from "./continuous.ts";
import { Distribution, ExponentialFamily } from "./distribution.ts";
import { OneHotCategorical } from "./onehot.ts";
import { softplus } from "./ops.ts";
import { kindOf, sumRightmost } from "./shared.ts";
import { Gumbel, HalfNormal, Independent, TransformedDistribution } from "./transformed.ts";
import { Geometric, Pareto } from "./relaxed.ts";
import { Beta, Dirichlet, Gamma, Poisson } from "./gamma.ts";
import { Binomial } from "./binomial.ts";
import { ContinuousBernoulli } from "./continuous_bernoulli.ts";
import { LowRankMultivariateNormal as LowRank } from "./lowrank.ts";
import { lowrankLogdet, lowrankMahalanobis, mT } from "./linalg.ts";
import { batchMahalanobis, diagonal, solveTriangularLower } from "./linalg.ts";
import { MultivariateNormal } from "./multivariate_normal.ts";
import { Normal } from "./normal.ts";

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

const EULER = 0.57721566490153286060;

/** `t[mask] = value` in place, as torch writes it (IndexPutBackward0). */
function setWhere(t: Tensor, mask: Tensor, value: number): Tensor {
  return t.index_put_([mask.expand_as(t)], value);
}

function infiniteLike(t: Tensor): Tensor {
  return full_like(t, Infinity);
}

function klExponentialExponential(p: Exponential, q: Exponential): Tensor {
  const ratio = q.rate.div(p.rate);
  return ratio.log().neg().add(ratio).sub(1);
}

function klHalfNormalHalfNormal(p: HalfNormal, q: HalfNormal): Tensor {
  return klNormalNormal(p.base_dist as Normal, q.base_dist as Normal);
}

function klLaplaceLaplace(p: Laplace, q: Laplace): Tensor {
  const scaleRatio = p.scale.div(q.scale);
  const locAbsDiff = p.loc.sub(q.loc).abs();
  const t1 = scaleRatio.log().neg();
  const t2 = locAbsDiff.div(q.scale);
  const t3 = scaleRatio.mul(locAbsDiff.neg().div(p.scale).exp());
  return t1.add(t2).add(t3).sub(1);
}

function klOneHotOneHot(p: OneHotCategorical, q: OneHotCategorical): Tensor {
  return klCategoricalCategorical(p._categorical, q._categorical);
}

function klTransformedTransformed(p: TransformedDistribution, q: TransformedDistribution): Tensor {
  const same = p.transforms.length === q.transforms.length &&
    p.transforms.every((t, i) => t.equals(q.transforms[i]));
  if (!same || p.event_shape.join() !== q.event_shape.join()) {
    throw new Error(
      "kl_divergence between TransformedDistributions with different transforms or event shapes is not implemented (torch raises a bare NotImplementedError)",
    );
  }
  return kl_divergence(p.base_dist, q.base_dist);
}

function klUniformUniform(p: Uniform, q: Uniform): Tensor {
  const result = q.high.sub(q.low).div(p.high.sub(p.low)).log();
  return setWhere(result, q.low.gt(p.low).logical_or(q.high.lt(p.high)), Infinity);
}

function klExponentialGumbel(p: Exponential, q: Gumbel): Tensor {
  const srp = p.rate.mul(q.scale);
  const lsr = q.loc.div(q.scale);
  const t1 = srp.log().sub(1);
  const t2 = lsr.exp().mul(srp).div(srp.add(1));
  const t3 = srp.reciprocal();
  return t1.sub(lsr).add(t2).add(t3);
}

function klExponentialNormal(p: Exponential, q: Normal): Tensor {
  const varNormal = q.scale.pow(2);
  const rateSqr = p.rate.pow(2);
  const t1 = rateSqr.mul(varNormal).mul(2 * Math.PI).log().mul(0.5);
  const t2 = rateSqr.reciprocal();
  const t3 = q.loc.div(p.rate);
  const t4 = q.loc.pow(2).mul(0.5);
  return t1.sub(1).add(t2.sub(t3).add(t4).div(varNormal));
}

function klGumbelNormal(p: Gumbel, q: Normal): Tensor {
  const ratio = p.scale.div(q.scale);
  const t1 = ratio.div(Math.sqrt(2 * Math.PI)).log();
  const t2 = ratio.mul(Math.PI * 0.5).pow(2).div(3);
  const t3 = p.loc.add(p.scale.mul(EULER)).sub(q.loc).div(q.scale).pow(2).mul(0.5);
  return t1.neg().add(t2).add(t3).sub(EULER + 1);
}

function klLaplaceNormal(p: Laplace, q: Normal): Tensor {
  const varNormal = q.scale.pow(2);
  const ssvr = p.scale.pow(2).div(varNormal);
  const t1 = ssvr.mul(2).div(Math.PI).log().mul(0.5);
  const t2 = p.loc.pow(2).mul(0.5);
  const t3 = p.loc.mul(q.loc);
  const t4 = q.loc.pow(2).mul(0.5);
  return t1.neg().add(ssvr).add(t2.sub(t3).add(t4).div(varNormal)).sub(1);
}

function klNormalGumbel(p: Normal, q: Gumbel): Tensor {
  const msr = p.loc.div(q.scale);
  const vssr = p.scale.div(q.scale).pow(2);
  const lsr = q.loc.div(q.scale);
  const t1 = vssr.log().mul(0.5);
  const t2 = msr.sub(lsr);
  const t3 = msr.neg().add(vssr.mul(0.5)).add(lsr).exp();
  return t1.neg().add(t2).add(t3).sub(0.5 * (1 + Math.log(2 * Math.PI)));
}

function klNormalLaplace(p: Normal, q: Laplace): Tensor {
  const locDiff = p.loc.sub(q.loc);
  const scaleRatio = p.scale.div(q.scale);
  const ldsr = locDiff.div(p.scale);
  const t1 = scaleRatio.log();
  const t2 = p.scale.mul(Math.sqrt(2 / Math.PI)).mul(ldsr.pow(2).mul(-0.5).exp());
  const t3 = locDiff.mul(ldsr.mul(Math.sqrt(0.5)).erf());
  return t1.neg().add(t2.add(t3).div(q.scale)).sub(0.5 * (1 + Math.log(0.5 * Math.PI)));
}

function klUniformExponential(p: Uniform, q: Exponential): Tensor {
  const result = q.rate.mul(p.high.add(p.low)).div(2).sub(p.high.sub(p.low).mul(q.rate).log());
  return setWhere(result, p.low.lt(0), Infinity);
}

function klUniformGumbel(p: Uniform, q: Gumbel): Tensor {
  const common = q.scale.div(p.high.sub(p.low));
  const hld = p.high.sub(q.loc).div(q.scale);
  const lld = p.low.sub(q.loc).div(q.scale);
  const t1 = common.log().add(hld.add(lld).mul(0.5));
  const t2 = common.mul(hld.neg().exp().sub(lld.neg().exp()));
  return t1.sub(t2);
}

function klUniformNormal(p: Uniform, q: Normal): Tensor {
  const common = p.high.sub(p.low);
  const t1 = q.scale.mul(Math.sqrt(Math.PI * 2)).div(common).log();
  const t2 = common.pow(2).div(12);
  const t3 = p.high.add(p.low).sub(q.loc.mul(2)).div(2).pow(2);
  return t1.add(t2.add(t3).mul(0.5).div(q.scale.pow(2)));
}

function klIndependentIndependent(p: Independent, q: Independent): Tensor {
  if (p.reinterpreted_batch_ndims !== q.reinterpreted_batch_ndims) {
    throw new Error(
      "kl_divergence between Independent distributions with different reinterpreted_batch_ndims is not implemented (torch raises a bare NotImplementedError)",
    );
  }
  return sumRightmost(kl_divergence(p.base_dist, q.base_dist), p.reinterpreted_batch_ndims);
}

function klCauchyCauchy(p: Cauchy, q: Cauchy): Tensor {
  const t1 = p.scale.add(q.scale).pow(2).add(p.loc.sub(q.loc).pow(2)).log();
  const t2 = p.scale.mul(q.scale).mul(4).log();
  return t1.sub(t2);
}

function klExpFamilyExpFamily(p: Distribution, q: Distribution): Tensor {
  if (p.constructor !== q.constructor) {
    throw new Error(
      "The cross KL-divergence between different exponential families cannot                             be computed using Bregman divergences",
    );
  }
  throw new Error(
    `${p.constructor.name}: the Bregman-divergence KL needs _natural_params and _log_normalizer, which kldiv's distributions do not define; register a closed form with register_kl`,
  );
}

function klGeometricGeometric(p: Geometric, q: Geometric): Tensor {
  return p.entropy().neg().sub(q.probs.neg().log1p().div(p.probs)).sub(q.logits);
}

function klParetoPareto(p: Pareto, q: Pareto): Tensor {
  const scaleRatio = p.scale.div(q.scale);
  const alphaRatio = q.alpha.div(p.alpha);
  const t1 = q.alpha.mul(scaleRatio.log());
  const t2 = alphaRatio.log().neg();
  const result = t1.add(t2).add(alphaRatio).sub(1);
  return setWhere(result, p.scale.lt(q.scale), Infinity);
}

function klParetoExponential(p: Pareto, q: Exponential): Tensor {
  const srp = p.scale.mul(q.rate);
  const t1 = p.alpha.div(srp).log();
  const t2 = p.alpha.reciprocal();
  const t3 = p.alpha.mul(srp).div(p.alpha.sub(1));
  const result = t1.sub(t2).add(t3).sub(1);
  return setWhere(result, p.alpha.le(1), Infinity);
}

function klParetoNormal(p: Pareto, q: Normal): Tensor {
  const varNormal = q.scale.pow(2).mul(2);
  const common = p.scale.div(p.alpha.sub(1));
  const t1 = q.scale.mul(Math.sqrt(2 * Math.PI)).mul(p.alpha).div(p.scale).log();
  const t2 = p.alpha.reciprocal();
  const t3 = p.alpha.mul(common.pow(2)).div(p.alpha.sub(2));
  const t4 = p.alpha.mul(common).sub(q.loc).pow(2);
  const result = t1.sub(t2).add(t3.add(t4).div(varNormal)).sub(1);
  return setWhere(result, p.alpha.le(2), Infinity);
}

function klUniformPareto(p: Uniform, q: Pareto): Tensor {
  const support = p.high.sub(p.low);
  const t1 = q.alpha.mul(q.scale.pow(q.alpha)).mul(support).log();
  const t2 = xLogX(p.high).sub(xLogX(p.low)).sub(support).div(support);
  const result = t2.mul(q.alpha.add(1)).sub(t1);
  return setWhere(result, p.low.lt(q.scale), Infinity);
}

function klBetaBeta(p: Beta, q: Beta): Tensor {
  const sp = p.concentration1.add(p.concentration0);
  const sq = q.concentration1.add(q.concentration0);
  const t1 = q.concentration1.lgamma().add(q.concentration0.lgamma()).add(sp.lgamma());
  const t2 = p.concentration1.lgamma().add(p.concentration0.lgamma()).add(sq.lgamma());
  const t3 = p.concentration1.sub(q.concentration1).mul(p.concentration1.digamma());
  const t4 = p.concentration0.sub(q.concentration0).mul(p.concentration0.digamma());
  const t5 = sq.sub(sp).mul(sp.digamma());
  return t1.sub(t2).add(t3).add(t4).add(t5);
}

function klDirichletDirichlet(p: Dirichlet, q: Dirichlet): Tensor {
  const sp = p.concentration.sum(-1);
  const sq = q.concentration.sum(-1);
  const t1 = sp.lgamma().sub(sq.lgamma());
  const t2 = p.concentration.lgamma().sub(q.concentration.lgamma()).sum(-1);
  const t3 = p.concentration.sub(q.concentration);
  const t4 = p.concentration.digamma().sub(sp.digamma().unsqueeze(-1));
  return t1.sub(t2).add(t3.mul(t4).sum(-1));
}

function klGammaGamma(p: Gamma, q: Gamma): Tensor {
  const t1 = q.concentration.mul(p.rate.div(q.rate).log());
  const t2 = q.concentration.lgamma().sub(p.concentration.lgamma());
  const t3 = p.concentration.sub(q.concentration).mul(p.concentration.digamma());
  const t4 = q.rate.sub(p.rate).mul(p.concentration.div(p.rate));
  return t1.add(t2).add(t3).add(t4);
}

function klGumbelGumbel(p: Gumbel, q: Gumbel): Tensor {
  const ct1 = p.scale.div(q.scale);
  const ct2 = q.loc.div(q.scale);
  const ct3 = p.loc.div(q.scale);
  const t1 = ct1.log().neg().sub(ct2).add(ct3);
  const t2 = ct1.mul(EULER);
  const t3 = ct2.add(ct1.add(1).lgamma()).sub(ct3).exp();
  return t1.add(t2).add(t3).sub(1 + EULER);
}

function klPoissonPoisson(p: Poisson, q: Poisson): Tensor {
  return p.rate.mul(p.rate.log().sub(q.rate.log())).sub(p.rate.sub(q.rate));
}

function klBernoulliPoisson(p: Bernoulli, q: Poisson): Tensor {
  return p.entropy().neg().sub(p.probs.mul(q.rate.log()).sub(q.rate));
}

function klBetaExponential(p: Beta, q: Exponential): Tensor {
  const m = p.concentration1.div(p.concentration1.add(p.concentration0));
  return p.entropy().neg().sub(q.rate.log()).add(q.rate.mul(m));
}

function klBetaGamma(p: Beta, q: Gamma): Tensor {
  const s = p.concentration1.add(p.concentration0);
  const t1 = p.entropy().neg();
  const t2 = q.concentration.lgamma().sub(q.concentration.mul(q.rate.log()));
  const t3 = q.concentration.sub(1).mul(p.concentration1.digamma().sub(s.digamma()));
  const t4 = q.rate.mul(p.concentration1).div(s);
  return t1.add(t2).sub(t3).add(t4);
}

function klBetaNormal(p: Beta, q: Normal): Tensor {
  const s = p.concentration1.add(p.concentration0);
  const eBeta = p.concentration1.div(s);
  const varNormal = q.scale.pow(2);
  const t1 = p.entropy().neg();
  const t2 = varNormal.mul(2 * Math.PI).log().mul(0.5);
  const t3 = eBeta.mul(eBeta.rsub(1)).div(s.add(1)).add(eBeta.pow(2)).mul(0.5);
  const t4 = q.loc.mul(eBeta);
  const t5 = q.loc.pow(2).mul(0.5);
  return t1.add(t2).add(t3.sub(t4).add(t5).div(varNormal));
}

function klBetaUniform(p: Beta, q: Uniform): Tensor {
  const result = p.entropy().neg().add(q.high.sub(q.low).log());
  return setWhere(result, q.low.gt(0).logical_or(q.high.lt(1)), Infinity);
}

function klExponentialGamma(p: Exponential, q: Gamma): Tensor {
  const ratio = q.rate.div(p.rate);
  const t1 = q.concentration.neg().mul(ratio.log());
  return t1.add(ratio).add(q.concentration.lgamma()).add(q.concentration.mul(EULER))
    .sub(1 + EULER);
}

function klGammaExponential(p: Gamma, q: Exponential): Tensor {
  return p.entropy().neg().sub(q.rate.log()).add(q.rate.mul(p.concentration).div(p.rate));
}

function klGammaGumbel(p: Gamma, q: Gumbel): Tensor {
  const bsp = p.rate.mul(q.scale);
  const lsr = q.loc.div(q.scale);
  const a = p.concentration;
  const t1 = a.sub(1).mul(a.digamma()).sub(a.lgamma()).sub(a);
  const t2 = bsp.log().add(a.div(bsp));
  const t3 = lsr.exp().mul(bsp.reciprocal().add(1).pow(a.neg())).sub(lsr);
  return t1.add(t2).add(t3);
}

function klGammaNormal(p: Gamma, q: Normal): Tensor {
  const varNormal = q.scale.pow(2);
  const betaSqr = p.rate.pow(2);
  const a = p.concentration;
  const t1 = betaSqr.mul(varNormal).mul(2 * Math.PI).log().mul(0.5).sub(a).sub(a.lgamma());
  const t2 = a.pow(2).add(a).mul(0.5).div(betaSqr);
  const t3 = q.loc.mul(a).div(p.rate);
  const t4 = q.loc.pow(2).mul(0.5);
  return t1.add(a.sub(1).mul(a.digamma())).add(t2.sub(t3).add(t4).div(varNormal));
}

function klParetoGamma(p: Pareto, q: Gamma): Tensor {
  const common = p.scale.log().add(p.alpha.reciprocal());
  const t1 = p.alpha.log().sub(common);
  const t2 = q.concentration.lgamma().sub(q.concentration.mul(q.rate.log()));
  const t3 = q.concentration.rsub(1).mul(common);
  const t4 = q.rate.mul(p.alpha).mul(p.scale).div(p.alpha.sub(1));
  const result = t1.add(t2).add(t3).add(t4).sub(1);
  return setWhere(result, p.alpha.le(1), Infinity);
}

function klUniformBeta(p: Uniform, q: Beta): Tensor {
  const common = p.high.sub(p.low);
  const t1 = common.log();
  const t2 = q.concentration1.sub(1).mul(xLogX(p.high).sub(xLogX(p.low)).sub(common)).div(common);
  const t3 = q.concentration0.sub(1).mul(
    xLogX(p.high.rsub(1)).sub(xLogX(p.low.rsub(1))).add(common),
  ).div(common);
  const t4 = q.concentration1.lgamma().add(q.concentration0.lgamma()).sub(
    q.concentration1.add(q.concentration0).lgamma(),
  );
  const result = t3.add(t4).sub(t1).sub(t2);
  return setWhere(result, p.high.gt(1).logical_or(p.low.lt(0)), Infinity);
}

function klUniformGamma(p: Uniform, q: Gamma): Tensor {
  const common = p.high.sub(p.low);
  const t1 = common.log();
  const t2 = q.concentration.lgamma().sub(q.concentration.mul(q.rate.log()));
  const t3 = q.concentration.rsub(1).mul(xLogX(p.high).sub(xLogX(p.low)).sub(common)).div(common);
  const t4 = q.rate.mul(p.high.add(p.low)).div(2);
  const result = t1.neg().add(t2).add(t3).add(t4);
  return setWhere(result, p.low.lt(0), Infinity);
}

function klBinomialBinomial(p: Binomial, q: Binomial): Tensor {
  if (p.total_count.lt(q.total_count).any().item()) {
    throw new Error(
      "KL between Binomials where q.total_count > p.total_count is not implemented",
    );
  }
  const kl = p.total_count.mul(
    p.probs.mul(p.logits.sub(q.logits)).add(p.probs.neg().log1p()).sub(q.probs.neg().log1p()),
  );
  return setWhere(kl, p.total_count.gt(q.total_count), Infinity);
}

function klCbCb(p: ContinuousBernoulli, q: ContinuousBernoulli): Tensor {
  const t1 = p.mean.mul(p.logits.sub(q.logits));
  const t2 = p._cont_bern_log_norm().add(p.probs.neg().log1p());
  const t3 = q._cont_bern_log_norm().neg().sub(q.probs.neg().log1p());
  return t1.add(t2).add(t3);
}

function klCbExponential(p: ContinuousBernoulli, q: Exponential): Tensor {
  return p.entropy().neg().sub(q.rate.log()).add(q.rate.mul(p.mean));
}

function klCbNormal(p: ContinuousBernoulli, q: Normal): Tensor {
  const t1 = p.entropy().neg();
  const t2 = q.loc.div(q.scale).square().add(Math.log(2 * Math.PI)).mul(0.5).add(q.scale.log());
  const t3 = p.variance.add(p.mean.square()).sub(q.loc.mul(2).mul(p.mean)).div(
    q.scale.square().mul(2),
  );
  return t1.add(t2).add(t3);
}

function klCbUniform(p: ContinuousBernoulli, q: Uniform): Tensor {
  const result = p.entropy().neg().add(q.high.sub(q.low).log());
  return where(q.low.ge(0).logical_or(q.high.le(1)), ones_like(result).mul(Infinity), result);
}

function klUniformCb(p: Uniform, q: ContinuousBernoulli): Tensor {
  const result = p.entropy().neg().sub(p.mean.mul(q.logits)).sub(q.probs.neg().log1p()).sub(
    q._cont_bern_log_norm(),
  );
  return where(p.high.ge(1).logical_or(p.low.le(0)), ones_like(result).mul(Infinity), result);
}

function klBetaCb(p: Beta, q: ContinuousBernoulli): Tensor {
  return p.entropy().neg().sub(p.mean.mul(q.logits)).sub(q.probs.neg().log1p()).sub(
    q._cont_bern_log_norm(),
  );
}

/** torch's `_batch_trace_XXT`. */
function traceXXT(b: Tensor): Tensor {
  const n = b.shape[b.dim() - 1];
  const m = b.shape[b.dim() - 2];
  return b.reshape(-1, m * n).pow(2).sum(-1).reshape(b.shape.slice(0, -2));
}

function checkEvent(p: Distribution, q: Distribution, lowBoth: boolean): void {
  if (p.event_shape[0] !== q.event_shape[0]) {
    throw new RangeError(
      lowBoth
        ? "KL-divergence between two Low Rank Multivariate Normals with                          different event shapes cannot be computed"
        : "KL-divergence between two (Low Rank) Multivariate Normals with                          different event shapes cannot be computed",
    );
  }
}

function qA(q: LowRank): Tensor {
  const wtDinv = mT(q._unbroadcasted_cov_factor).div(q._unbroadcasted_cov_diag.unsqueeze(-2));
  return solveTriangularLower(q._capacitance_tril, wtDinv);
}

function qLogdet(q: LowRank): Tensor {
  return lowrankLogdet(q._unbroadcasted_cov_factor, q._unbroadcasted_cov_diag, q._capacitance_tril);
}

function qMahal(q: LowRank, x: Tensor): Tensor {
  return lowrankMahalanobis(
    q._unbroadcasted_cov_factor,
    q._unbroadcasted_cov_diag,
    x,
    q._capacitance_tril,
  );
}

function klLowRankLowRank(p: LowRank, q: LowRank): Tensor {
  checkEvent(p, q, true);
  const term1 = qLogdet(q).sub(qLogdet(p));
  const term3 = qMahal(q, q.loc.sub(p.loc));
  const A = qA(q);
  const pW = p._unbroadcasted_cov_factor;
  const pD = p._unbroadcasted_cov_diag;
  const qD = q._unbroadcasted_cov_diag;
  const t21 = pD.div(qD).sum(-1);
  const t22 = traceXXT(pW.mul(qD.rsqrt().unsqueeze(-1)));
  const t23 = traceXXT(A.mul(pD.sqrt().unsqueeze(-2)));
  const t24 = traceXXT(A.matmul(pW));
  const term2 = t21.add(t22).sub(t23).sub(t24);
  return term1.add(term2).add(term3).sub(p.event_shape[0]).mul(0.5);
}

function klMvnLowRank(p: MultivariateNormal, q: LowRank): Tensor {
  checkEvent(p, q, false);
  const pl = p._unbroadcasted_scale_tril;
  const term1 = qLogdet(q).sub(diagonal(pl).log().sum(-1).mul(2));
  const term3 = qMahal(q, q.loc.sub(p.loc));
  const A = qA(q);
  const t21 = traceXXT(pl.mul(q._unbroadcasted_cov_diag.rsqrt().unsqueeze(-1)));
  const t22 = traceXXT(A.matmul(pl));
  return term1.add(t21.sub(t22)).add(term3).sub(p.event_shape[0]).mul(0.5);
}

function klLowRankMvn(p: LowRank, q: MultivariateNormal): Tensor {
  checkEvent(p, q, false);
  const ql = q._unbroadcasted_scale_tril;
  const term1 = diagonal(ql).log().sum(-1).mul(2).sub(qLogdet(p));
  const term3 = batchMahalanobis(ql, q.loc.sub(p.loc));
  const n = p.event_shape[0];
  const m = p.cov_factor.shape[p.cov_factor.dim() - 1];
  const batch = broadcastShapes(
    ql.shape.slice(0, -2),
    p._unbroadcasted_cov_factor.shape.slice(0, -2),
    "kl_divergence",
  );
  const qTril = ql.expand([...batch, n, n]);
  const pW = p._unbroadcasted_cov_factor.expand([...batch, n, m]);
  const pDs = p._unbroadcasted_cov_diag.sqrt();
  const pD = pDs.unsqueeze(-1).mul(eye(n, { dtype: pDs.dtype })).expand([...batch, n, n]);
  const t21 = traceXXT(solveTriangularLower(qTril, pW));
  const t22 = traceXXT(solveTriangularLower(qTril, pD));
  return term1.add(t21.add(t22)).add(term3).sub(n).mul(0.5);
}

function xLogX(t: Tensor): Tensor {
  return t.mul(t.log());
}

// deno-lint-ignore no-explicit-any
type DistClass = abstract new (...args: any[]) => Distribution;
/** A KL function between two distributions. */
// deno-lint-ignore no-explicit-any
export type KLFunction = (p: any, q: any) => Tensor;

const REGISTRY: [DistClass, DistClass, KLFunction][] = [];
const MEMO = new Map<DistClass, Map<DistClass, KLFunction | null>>();

function isDistClass(c: unknown): c is DistClass {
  return typeof c === "function" &&
    (c === Distribution || (c as { prototype?: unknown }).prototype instanceof Distribution);
}

function pyClassRepr(c: unknown): string {
  if (typeof c === "function") return `<class '${(c as { name: string }).name}'>`;
  return String(c);
}

/**
 * Registers `fn` as `kl_divergence(p, q)` for `p` of class `type_p` and `q` of class `type_q`
 * (and their subclasses), like `torch.distributions.kl.register_kl(type_p, type_q)`: it
 * returns the decorator, so `register_kl(P, Q)(fn)` registers `fn` (and returns it).
 *
 * @param type_p A Distribution subclass.
 * @param type_q A Distribution subclass.
 * @returns A function that registers its argument and returns it.
 *
 * @example
 * ```ts
 * import { distributions as D, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * class MyNormal extends D.Normal {}
 * D.register_kl(MyNormal, D.Normal)((p: D.Normal, q: D.Normal) => p.loc.sub(q.loc).abs());
 * const kl = D.kl_divergence(new MyNormal(tensor([1]), tensor([1])), new D.Normal(tensor([3]), tensor([1])));
 * assert.deepEqual(kl.tolist(), [2]);
 * ```
 */
export function register_kl(
  type_p: DistClass,
  type_q: DistClass,
): <F extends KLFunction>(fn: F) => F {
  if (!isDistClass(type_p)) {
    throw new TypeError(
      `Expected type_p to be a Distribution subclass but got ${pyClassRepr(type_p)}`,
    );
  }
  if (!isDistClass(type_q)) {
    throw new TypeError(
      `Expected type_q to be a Distribution subclass but got ${pyClassRepr(type_q)}`,
    );
  }
  return <F extends KLFunction>(fn: F): F => {
    if (typeof fn !== "function") {
      throw new TypeError(`register_kl: expected a function, got ${kindOf(fn)}`);
    }
    const at = REGISTRY.findIndex(([a, b]) => a === type_p && b === type_q);
    if (at >= 0) REGISTRY[at][2] = fn;
    else REGISTRY.push([type_p, type_q, fn]);
    MEMO.clear();
    return fn;
  };
}

function issubclass(a: DistClass, b: DistClass): boolean {
  return a === b || a.prototype instanceof b;
}

/** torch's `_Match.__le__`: lexicographic by subclass. */
function matchLe(x: DistClass[], y: DistClass[]): boolean {
  for (let i = 0; i < x.length; i++) {
    if (!issubclass(x[i], y[i])) return false;
    if (x[i] !== y[i]) break;
  }
  return true;
}

function minMatch(ms: DistClass[][]): DistClass[] {
  let best = ms[0];
  for (const m of ms.slice(1)) {
    const eq = m.every((c, i) => c === best[i]);
    if (matchLe(m, best) && !eq) best = m;
  }
  return best;
}

function lookup(p: DistClass, q: DistClass): KLFunction | undefined {
  return REGISTRY.find(([a, b]) => a === p && b === q)?.[2];
}

function dispatch(typeP: DistClass, typeQ: DistClass): KLFunction | null {
  const matches = REGISTRY.filter(([a, b]) => issubclass(typeP, a) && issubclass(typeQ, b))
    .map(([a, b]) => [a, b]);
  if (matches.length === 0) return null;
  const [leftP, leftQ] = minMatch(matches);
  const [rightQ, rightP] = minMatch(matches.map(([a, b]) => [b, a]));
  const leftFun = lookup(leftP, leftQ) as KLFunction;
  const rightFun = lookup(rightP, rightQ) as KLFunction;
  if (leftFun !== rightFun) {
    console.warn(
      `RuntimeWarning: Ambiguous kl_divergence(${typeP.name}, ${typeQ.name}). Please register_kl(${leftP.name}, ${rightQ.name})`,
    );
  }
  return leftFun;
}

/**
 * KL(p ‖ q) between two distributions, like `torch.distributions.kl.kl_divergence(p, q)`:
 * the most specific registered function for the pair of classes (torch's closed forms, or one
 * added with `register_kl`), broadcast over the batch.
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
      throw new TypeError(`kl_divergence: ${which} must be a Distribution, got ${kindOf(d)}`);
    }
  }
  const tp = p.constructor as DistClass;
  const tq = q.constructor as DistClass;
  let row = MEMO.get(tp);
  if (row === undefined) MEMO.set(tp, row = new Map());
  let fun = row.get(tq);
  if (fun === undefined) {
    fun = dispatch(tp, tq);
    row.set(tq, fun);
  }
  if (fun === null) {
    throw new Error(
      `No KL(p || q) is implemented for p type ${tp.name} and q type ${tq.name}`,
    );
  }
  return fun(p, q);
}

// torch 1.13's registrations among the distributions kldiv has, in kl.py's order.
const R = (a: DistClass, b: DistClass, f: KLFunction) => register_kl(a, b)(f);
R(Bernoulli, Bernoulli, klBernoulliBernoulli);
R(Categorical, Categorical, klCategoricalCategorical);
R(Exponential, Exponential, klExponentialExponential);
R(ExponentialFamily, ExponentialFamily, klExpFamilyExpFamily);
R(HalfNormal, HalfNormal, klHalfNormalHalfNormal);
R(Laplace, Laplace, klLaplaceLaplace);
R(MultivariateNormal, MultivariateNormal, klMvnMvn);
R(Normal, Normal, klNormalNormal);
R(OneHotCategorical, OneHotCategorical, klOneHotOneHot);
R(TransformedDistribution, TransformedDistribution, klTransformedTransformed);
R(Uniform, Uniform, klUniformUniform);
const infinite = (p: { mean: Tensor; loc?: Tensor; rate?: Tensor }) =>
  infiniteLike((p.loc ?? p.rate) as Tensor);
R(Exponential, Uniform, (p: Exponential) => infiniteLike(p.rate));
R(Exponential, Gumbel, klExponentialGumbel);
R(Exponential, Normal, klExponentialNormal);
R(Gumbel, Exponential, infinite);
R(Gumbel, Uniform, infinite);
R(Gumbel, Normal, klGumbelNormal);
R(Laplace, Exponential, infinite);
R(Laplace, Uniform, infinite);
R(Laplace, Normal, klLaplaceNormal);
R(Normal, Exponential, infinite);
R(Normal, Uniform, infinite);
R(Normal, Gumbel, klNormalGumbel);
R(Normal, Laplace, klNormalLaplace);
R(Uniform, Exponential, klUniformExponential);
R(Uniform, Gumbel, klUniformGumbel);
R(Uniform, Normal, klUniformNormal);
R(Independent, Independent, klIndependentIndependent);
R(Cauchy, Cauchy, klCauchyCauchy);
R(Geometric, Geometric, klGeometricGeometric);
R(Pareto, Pareto, klParetoPareto);
R(Exponential, Pareto, (p: Exponential) => infiniteLike(p.rate));
R(Gumbel, Pareto, infinite);
R(Laplace, Pareto, infinite);
R(Normal, Pareto, infinite);
R(Pareto, Exponential, klParetoExponential);
R(Pareto, Normal, klParetoNormal);
R(Pareto, Uniform, (p: Pareto) => infiniteLike(p.scale));
R(Uniform, Pareto, klUniformPareto);
R(Beta, Beta, klBetaBeta);
R(Dirichlet, Dirichlet, klDirichletDirichlet);
R(Gamma, Gamma, klGammaGamma);
R(Gumbel, Gumbel, klGumbelGumbel);
R(Poisson, Poisson, klPoissonPoisson);
R(Bernoulli, Poisson, klBernoulliPoisson);
R(Beta, Pareto, (p: Beta) => infiniteLike(p.concentration1));
R(Beta, Exponential, klBetaExponential);
R(Beta, Gamma, klBetaGamma);
R(Beta, Normal, klBetaNormal);
R(Beta, Uniform, klBetaUniform);
R(Exponential, Beta, (p: Exponential) => infiniteLike(p.rate));
R(Exponential, Gamma, klExponentialGamma);
for (const Q of [Beta, Pareto, Uniform]) R(Gamma, Q, (p: Gamma) => infiniteLike(p.concentration));
R(Gamma, Exponential, klGammaExponential);
R(Gamma, Gumbel, klGammaGumbel);
R(Gamma, Normal, klGammaNormal);
R(Gumbel, Beta, infinite);
R(Gumbel, Gamma, infinite);
R(Laplace, Beta, infinite);
R(Laplace, Gamma, infinite);
R(Normal, Beta, infinite);
R(Normal, Gamma, infinite);
R(Pareto, Beta, (p: Pareto) => infiniteLike(p.scale));
R(Pareto, Gamma, klParetoGamma);
R(Poisson, Bernoulli, (p: Poisson) => infiniteLike(p.rate));
R(Binomial, Binomial, klBinomialBinomial);
R(Poisson, Binomial, (p: Poisson) => infiniteLike(p.rate));
R(ContinuousBernoulli, ContinuousBernoulli, klCbCb);
R(LowRank, LowRank, klLowRankLowRank);
R(MultivariateNormal, LowRank, klMvnLowRank);
R(LowRank, MultivariateNormal, klLowRankMvn);
R(Beta, ContinuousBernoulli, klBetaCb);
R(ContinuousBernoulli, Pareto, (p: ContinuousBernoulli) => infiniteLike(p.probs));
R(ContinuousBernoulli, Exponential, klCbExponential);
R(ContinuousBernoulli, Normal, klCbNormal);
R(ContinuousBernoulli, Uniform, klCbUniform);
R(Exponential, ContinuousBernoulli, (p: Exponential) => infiniteLike(p.rate));
R(Gamma, ContinuousBernoulli, (p: Gamma) => infiniteLike(p.concentration));
R(Gumbel, ContinuousBernoulli, infinite);
R(Laplace, ContinuousBernoulli, infinite);
R(Normal, ContinuousBernoulli, infinite);
R(Pareto, ContinuousBernoulli, (p: Pareto) => infiniteLike(p.scale));
R(Uniform, ContinuousBernoulli, klUniformCb);
R(Uniform, Beta, klUniformBeta);
R(Uniform, Gamma, klUniformGamma);
