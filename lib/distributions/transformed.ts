/**
 * `Independent`, `TransformedDistribution` and the distributions torch builds from them:
 * `LogNormal` (Normal through ExpTransform), `HalfNormal` and `HalfCauchy` (through
 * AbsTransform), `Gumbel` (Uniform through two logs and two affine maps).
 *
 * @module
 */

import { full_like, ones_like, zeros_like } from "../ops/create.ts";
import { where } from "../ops/elementwise.ts";
import { no_grad } from "../tensor/autograd.ts";
import { Tensor } from "../tensor/tensor.ts";
import { type Constraint, eventDimOf, independent, nonnegative, real } from "./constraints.ts";
import { Cauchy, Uniform } from "./continuous.ts";
import { Distribution, type DistributionOptions, type Param } from "./distribution.ts";
import { Normal } from "./normal.ts";
import { broadcastAll, checkSampleShape, finfoTiny, kindOf, sumRightmost } from "./shared.ts";
import {
  AbsTransform,
  AffineTransform,
  ComposeTransform,
  ExpTransform,
  Transform,
} from "./transforms.ts";
import { finfoEps } from "./utils.ts";

const EULER = 0.57721566490153286060;

/**
 * Reinterprets batch dims of a distribution as event dims, like
 * `torch.distributions.Independent(base_distribution, reinterpreted_batch_ndims)`.
 *
 * @example A diagonal Gaussian over vectors
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const d = new distributions.Independent(new distributions.Normal(tensor([0, 0]), tensor([1, 1])), 1);
 * assert.deepEqual([d.batch_shape, d.event_shape], [[], [2]]);
 * assert.equal(String(d), "Independent(Normal(loc: torch.Size([2]), scale: torch.Size([2])), 1)");
 * assert.equal(String(d.log_prob(tensor([0, 0]))), "tensor(-1.8379)");
 * ```
 */
export class Independent extends Distribution {
  /** The wrapped distribution. */
  readonly base_dist: Distribution;
  /** How many batch dims became event dims. */
  readonly reinterpreted_batch_ndims: number;

  /**
   * Wraps `base_distribution`.
   *
   * @param base_distribution The distribution.
   * @param reinterpreted_batch_ndims Number of rightmost batch dims to treat as event dims.
   * @param options `{ validate_args }`.
   */
  constructor(
    base_distribution: Distribution,
    reinterpreted_batch_ndims: number,
    options?: DistributionOptions,
  ) {
    super();
    if (!(base_distribution instanceof Distribution)) {
      throw new TypeError(
        `Independent: base_distribution must be a Distribution, got ${kindOf(base_distribution)}`,
      );
    }
    if (!Number.isInteger(reinterpreted_batch_ndims) || reinterpreted_batch_ndims < 0) {
      throw new TypeError(
        `Independent: reinterpreted_batch_ndims must be a non-negative integer, got ${reinterpreted_batch_ndims}`,
      );
    }
    const bs = base_distribution.batch_shape;
    if (reinterpreted_batch_ndims > bs.length) {
      throw new RangeError(
        `Expected reinterpreted_batch_ndims <= len(base_distribution.batch_shape), actual ${reinterpreted_batch_ndims} vs ${bs.length}`,
      );
    }
    const shape = [...bs, ...base_distribution.event_shape];
    const eventDim = reinterpreted_batch_ndims + base_distribution.event_shape.length;
    this.base_dist = base_distribution;
    this.reinterpreted_batch_ndims = reinterpreted_batch_ndims;
    (this as { has_rsample: boolean }).has_rsample = base_distribution.has_rsample;
    this._init(
      shape.slice(0, shape.length - eventDim),
      shape.slice(shape.length - eventDim),
      options,
    );
  }

  /** `{}`. */
  get arg_constraints(): Record<string, Constraint> {
    return {};
  }
  /** The base support, as an independent constraint over the reinterpreted dims. */
  get support(): Constraint {
    const s = this.base_dist.support;
    return this.reinterpreted_batch_ndims ? independent(s, this.reinterpreted_batch_ndims) : s;
  }
  /** The base mean. */
  override get mean(): Tensor {
    return this.base_dist.mean;
  }
  /** The base mode. */
  override get mode(): Tensor {
    return this.base_dist.mode;
  }
  /** The base variance. */
  override get variance(): Tensor {
    return this.base_dist.variance;
  }

  /**
   * The base distribution's samples.
   *
   * @param sample_shape Leading sample dims.
   * @returns Samples.
   */
  override sample(sample_shape: number[] = []): Tensor {
    return this.base_dist.sample(sample_shape);
  }

  /**
   * The base distribution's reparameterised samples.
   *
   * @param sample_shape Leading sample dims.
   * @returns Samples.
   */
  override rsample(sample_shape: number[] = []): Tensor {
    return this.base_dist.rsample(sample_shape);
  }

  /**
   * The base log-probability summed over the reinterpreted dims.
   *
   * @param value Points.
   * @returns Log-densities of shape `batch_shape`.
   */
  log_prob(value: Tensor): Tensor {
    return sumRightmost(this.base_dist.log_prob(value), this.reinterpreted_batch_ndims);
  }

  /**
   * The base entropy summed over the reinterpreted dims.
   *
   * @returns The entropy.
   */
  override entropy(): Tensor {
    return sumRightmost(this.base_dist.entropy(), this.reinterpreted_batch_ndims);
  }

  /**
   * Expands the base distribution's batch.
   *
   * @param batch_shape New batch shape.
   * @returns An Independent.
   */
  override expand(batch_shape: number[]): Independent {
    const extra = this.event_shape.slice(0, this.reinterpreted_batch_ndims);
    return new Independent(
      this.base_dist.expand([...batch_shape, ...extra]),
      this.reinterpreted_batch_ndims,
      { validate_args: false },
    );
  }

  /** torch's repr: `Independent(<base>, n)`. */
  override toString(): string {
    return `${this.constructor.name}(${this.base_dist}, ${this.reinterpreted_batch_ndims})`;
  }
}

/**
 * A base distribution pushed through transforms, like
 * `torch.distributions.TransformedDistribution(base_distribution, transforms)`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const D = distributions;
 * const d = new D.TransformedDistribution(new D.Normal(0, 1), [new D.transforms.ExpTransform()]);
 * assert.equal(String(d.log_prob(tensor(1))), "tensor(-0.9189)");
 * ```
 */
export class TransformedDistribution extends Distribution {
  /** The base distribution (wrapped in Independent when the transforms need more event dims). */
  readonly base_dist: Distribution;
  /** The transforms, applied in order. */
  readonly transforms: Transform[];

  /**
   * Creates the distribution.
   *
   * @param base_distribution The base.
   * @param transforms A transform or an array of them.
   * @param options `{ validate_args }`.
   */
  constructor(
    base_distribution: Distribution,
    transforms: Transform | Transform[],
    options?: DistributionOptions,
    _stored?: [string, Tensor][],
  ) {
    super();
    for (const [k, v] of _stored ?? []) this._stored.set(k, v);
    if (transforms instanceof Transform) this.transforms = [transforms];
    else if (Array.isArray(transforms)) {
      if (!transforms.every((t) => t instanceof Transform)) {
        throw new RangeError("transforms must be a Transform or a list of Transforms");
      }
      this.transforms = [...transforms];
    } else throw new RangeError(`transforms must be a Transform or list, but was ${transforms}`);
    if (!(base_distribution instanceof Distribution)) {
      throw new TypeError(
        `TransformedDistribution: base_distribution must be a Distribution, got ${
          kindOf(base_distribution)
        }`,
      );
    }
    const baseShape = [...base_distribution.batch_shape, ...base_distribution.event_shape];
    const baseEventDim = base_distribution.event_shape.length;
    const transform = new ComposeTransform(this.transforms);
    const domainEventDim = eventDimOf(transform.domain);
    if (baseShape.length < domainEventDim) {
      throw new RangeError(
        `base_distribution needs to have shape with size at least ${domainEventDim}, but got ${
          sizeLike(baseShape)
        }.`,
      );
    }
    const forwardShape = transform.forward_shape(baseShape);
    const expandedBase = transform.inverse_shape(forwardShape);
    let base = base_distribution;
    if (expandedBase.join() !== baseShape.join()) {
      base = base.expand(expandedBase.slice(0, expandedBase.length - baseEventDim));
    }
    const reinterpreted = domainEventDim - baseEventDim;
    if (reinterpreted > 0) base = new Independent(base, reinterpreted);
    this.base_dist = base;
    (this as { has_rsample: boolean }).has_rsample = base.has_rsample;
    const change = eventDimOf(transform.codomain) - domainEventDim;
    const eventDim = Math.max(eventDimOf(transform.codomain), baseEventDim + change);
    const cut = forwardShape.length - eventDim;
    this._init(forwardShape.slice(0, cut), forwardShape.slice(cut), options);
  }

  /** `{}`. */
  get arg_constraints(): Record<string, Constraint> {
    return {};
  }
  /** The last transform's codomain (independent over extra event dims). */
  get support(): Constraint {
    if (this.transforms.length === 0) return this.base_dist.support;
    let support = this.transforms[this.transforms.length - 1].codomain;
    const extra = this.event_shape.length - eventDimOf(support);
    if (extra > 0) support = independent(support, extra);
    return support;
  }

  /**
   * Base samples through the transforms, without gradient.
   *
   * @param sample_shape Leading sample dims.
   * @returns Samples.
   */
  override sample(sample_shape: number[] = []): Tensor {
    return no_grad(() => {
      let x = this.base_dist.sample(checkSampleShape(sample_shape, "sample"));
      for (const t of this.transforms) x = t.call(x);
      return x;
    });
  }

  /**
   * Reparameterised base samples through the transforms.
   *
   * @param sample_shape Leading sample dims.
   * @returns Samples.
   */
  override rsample(sample_shape: number[] = []): Tensor {
    let x = this.base_dist.rsample(checkSampleShape(sample_shape, "rsample"));
    for (const t of this.transforms) x = t.call(x);
    return x;
  }

  /**
   * The base log-probability of the inverted value minus the transforms' log-determinants.
   *
   * @param value Points.
   * @returns Log-densities.
   */
  log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    let eventDim = this.event_shape.length;
    let logProb: Tensor | number = 0;
    let y = value;
    for (let i = this.transforms.length - 1; i >= 0; i--) {
      const t = this.transforms[i];
      const x = t.inv.call(y);
      eventDim += eventDimOf(t.domain) - eventDimOf(t.codomain);
      const term = sumRightmost(t.log_abs_det_jacobian(x, y), eventDim - eventDimOf(t.domain));
      logProb = typeof logProb === "number" ? term.neg().add(logProb) : logProb.sub(term);
      y = x;
    }
    const base = sumRightmost(
      this.base_dist.log_prob(y),
      eventDim - this.base_dist.event_shape.length,
    );
    return typeof logProb === "number" ? base.add(logProb) : logProb.add(base);
  }

  #monotonize(value: Tensor): Tensor {
    let sign: number | Tensor = 1;
    for (const t of this.transforms) {
      const s = t.sign;
      sign = typeof sign === "number" && typeof s === "number"
        ? sign * s
        : s instanceof Tensor
        ? s.mul(sign as Tensor)
        : (sign as Tensor).mul(s);
    }
    if (sign === 1) return value;
    return value.sub(0.5).mul(sign as Tensor).add(0.5);
  }

  /**
   * The base CDF of the inverted value (flipped for decreasing transforms).
   *
   * @param value Points.
   * @returns The CDF.
   */
  override cdf(value: Tensor): Tensor {
    for (let i = this.transforms.length - 1; i >= 0; i--) {
      value = this.transforms[i].inv.call(value);
    }
    if (this._validate_args) this.base_dist._validate_sample(value);
    return this.#monotonize(this.base_dist.cdf(value));
  }

  /**
   * The transforms of the base quantiles.
   *
   * @param value Probabilities.
   * @returns Quantiles.
   */
  override icdf(value: Tensor): Tensor {
    value = this.base_dist.icdf(this.#monotonize(value));
    for (const t of this.transforms) value = t.call(value);
    return value;
  }

  /**
   * Expands the base distribution to the new batch shape.
   *
   * @param batch_shape New batch shape.
   * @returns A TransformedDistribution.
   */
  override expand(batch_shape: number[]): Distribution {
    const shape = [...batch_shape, ...this.event_shape];
    const t = new ComposeTransform(this.transforms);
    const baseShape = t.inverse_shape(shape);
    const baseBatch = baseShape.slice(0, baseShape.length - this.base_dist.event_shape.length);
    return new TransformedDistribution(this.base_dist.expand(baseBatch), this.transforms, {
      validate_args: false,
    });
  }
}

function sizeLike(shape: number[]): string {
  return `torch.Size([${shape.join(", ")}])`;
}

/**
 * The log-normal distribution: `exp` of `Normal(loc, scale)`, like
 * `torch.distributions.LogNormal(loc, scale)` (a TransformedDistribution with ExpTransform).
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const d = new distributions.LogNormal(tensor([0]), tensor([1]));
 * assert.equal(String(d.mean), "tensor([1.6487])");
 * assert.equal(String(d), "LogNormal()");
 * ```
 */
export class LogNormal extends TransformedDistribution {
  /**
   * Creates the distribution.
   *
   * @param loc Mean of the log.
   * @param scale Standard deviation of the log.
   * @param options `{ validate_args }`.
   */
  constructor(loc: Param, scale: Param, options?: DistributionOptions) {
    super(new Normal(loc, scale, options), new ExpTransform(), options);
  }
  /** `{ loc: real, scale: positive }`. */
  override get arg_constraints(): Record<string, Constraint> {
    return { loc: real, scale: (this.base_dist as Normal).arg_constraints.scale };
  }
  /** `constraints.positive`. */
  override get support(): Constraint {
    return this.transforms[0].codomain;
  }
  /** The base Normal's loc. */
  get loc(): Tensor {
    return (this.base_dist as Normal).loc;
  }
  /** The base Normal's scale. */
  get scale(): Tensor {
    return (this.base_dist as Normal).scale;
  }
  /** `exp(loc + scale² / 2)`. */
  override get mean(): Tensor {
    return this.loc.add(this.scale.pow(2).div(2)).exp();
  }
  /** `exp(loc - scale²)`. */
  override get mode(): Tensor {
    return this.loc.sub(this.scale.pow(2)).exp();
  }
  /** `expm1(scale²) * exp(2 loc + scale²)`. */
  override get variance(): Tensor {
    const s2 = this.scale.pow(2);
    return s2.expm1().mul(this.loc.mul(2).add(s2).exp());
  }
  /**
   * `base.entropy() + loc`.
   *
   * @returns The entropy.
   */
  override entropy(): Tensor {
    return this.base_dist.entropy().add(this.loc);
  }
  /**
   * Expands loc and scale.
   *
   * @param batch_shape New batch shape.
   * @returns A LogNormal.
   */
  override expand(batch_shape: number[]): LogNormal {
    return new LogNormal(this.loc.expand(batch_shape), this.scale.expand(batch_shape), {
      validate_args: false,
    });
  }
}

/**
 * `|X|` for `X ~ Normal(0, scale)`, like `torch.distributions.HalfNormal(scale)`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const d = new distributions.HalfNormal(tensor([1]));
 * assert.equal(String(d.log_prob(tensor([0]))), "tensor([-0.2258])");
 * ```
 */
export class HalfNormal extends TransformedDistribution {
  /**
   * Creates the distribution.
   *
   * @param scale Positive scale.
   * @param options `{ validate_args }`.
   */
  constructor(scale: Param, options?: DistributionOptions) {
    super(new Normal(0, scale, { validate_args: false }), new AbsTransform(), options);
  }
  /** `["scale"]`, validated through the property. */
  protected override _property_params(): string[] {
    return ["scale"];
  }
  /** `{ scale: positive }`. */
  override get arg_constraints(): Record<string, Constraint> {
    return { scale: (this.base_dist as Normal).arg_constraints.scale };
  }
  /** `constraints.nonnegative`. */
  override get support(): Constraint {
    return nonnegative;
  }
  /** The base Normal's scale. */
  get scale(): Tensor {
    return (this.base_dist as Normal).scale;
  }
  /** `scale * sqrt(2 / π)`. */
  override get mean(): Tensor {
    return this.scale.mul(Math.sqrt(2 / Math.PI));
  }
  /** 0. */
  override get mode(): Tensor {
    return zeros_like(this.scale);
  }
  /** `scale² (1 - 2 / π)`. */
  override get variance(): Tensor {
    return this.scale.pow(2).mul(1 - 2 / Math.PI);
  }
  /**
   * `Normal.log_prob(v) + log 2` for v >= 0, else -inf.
   *
   * @param value Points.
   * @returns Log-densities.
   */
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const lp = this.base_dist.log_prob(value).add(Math.log(2));
    return where(value.ge(0), lp, -Infinity);
  }
  /**
   * `2 * Normal.cdf(value) - 1`.
   *
   * @param value Points.
   * @returns The CDF.
   */
  override cdf(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return this.base_dist.cdf(value).mul(2).sub(1);
  }
  /**
   * `Normal.icdf((prob + 1) / 2)`.
   *
   * @param prob Probabilities.
   * @returns Quantiles.
   */
  override icdf(prob: Tensor): Tensor {
    return this.base_dist.icdf(prob.add(1).div(2));
  }
  /**
   * `base.entropy() - log 2`.
   *
   * @returns The entropy.
   */
  override entropy(): Tensor {
    return this.base_dist.entropy().sub(Math.log(2));
  }
  /**
   * Expands scale.
   *
   * @param batch_shape New batch shape.
   * @returns A HalfNormal.
   */
  override expand(batch_shape: number[]): HalfNormal {
    return new HalfNormal(this.scale.expand(batch_shape), { validate_args: false });
  }
}

/**
 * `|X|` for `X ~ Cauchy(0, scale)`, like `torch.distributions.HalfCauchy(scale)`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const d = new distributions.HalfCauchy(tensor([1]));
 * assert.equal(String(d.log_prob(tensor([0]))), "tensor([-0.4516])");
 * ```
 */
export class HalfCauchy extends TransformedDistribution {
  /**
   * Creates the distribution.
   *
   * @param scale Positive scale.
   * @param options `{ validate_args }`.
   */
  constructor(scale: Param, options?: DistributionOptions) {
    super(new Cauchy(0, scale, { validate_args: false }), new AbsTransform(), options);
  }
  /** `["scale"]`, validated through the property. */
  protected override _property_params(): string[] {
    return ["scale"];
  }
  /** `{ scale: positive }`. */
  override get arg_constraints(): Record<string, Constraint> {
    return { scale: (this.base_dist as Cauchy).arg_constraints.scale };
  }
  /** `constraints.nonnegative`. */
  override get support(): Constraint {
    return nonnegative;
  }
  /** The base Cauchy's scale. */
  get scale(): Tensor {
    return (this.base_dist as Cauchy).scale;
  }
  /** Infinity. */
  override get mean(): Tensor {
    return full_like(this.scale, Infinity);
  }
  /** 0. */
  override get mode(): Tensor {
    return zeros_like(this.scale);
  }
  /** Infinity. */
  override get variance(): Tensor {
    return full_like(this.scale, Infinity);
  }
  /**
   * `2 * Cauchy.cdf(value) - 1`.
   *
   * @param value Points.
   * @returns The CDF.
   */
  override cdf(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return this.base_dist.cdf(value).mul(2).sub(1);
  }
  /**
   * `Cauchy.icdf((prob + 1) / 2)`.
   *
   * @param prob Probabilities.
   * @returns Quantiles.
   */
  override icdf(prob: Tensor): Tensor {
    return this.base_dist.icdf(prob.add(1).div(2));
  }
  /**
   * `Cauchy.log_prob(v) + log 2` for v >= 0, else -inf.
   *
   * @param value Points.
   * @returns Log-densities.
   */
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const lp = this.base_dist.log_prob(value).add(Math.log(2));
    return where(value.ge(0), lp, -Infinity);
  }
  /**
   * `base.entropy() - log 2`.
   *
   * @returns The entropy.
   */
  override entropy(): Tensor {
    return this.base_dist.entropy().sub(Math.log(2));
  }
  /**
   * Expands scale.
   *
   * @param batch_shape New batch shape.
   * @returns A HalfCauchy.
   */
  override expand(batch_shape: number[]): HalfCauchy {
    return new HalfCauchy(this.scale.expand(batch_shape), { validate_args: false });
  }
}

/**
 * The Gumbel distribution, like `torch.distributions.Gumbel(loc, scale)`: Uniform(tiny, 1 - eps)
 * through `-log(-log(u))` scaled and shifted, so its samples are torch's.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const g = new distributions.Gumbel(tensor([0]), tensor([1]));
 * assert.equal(String(g.mean), "tensor([0.5772])");
 * assert.equal(String(g), "Gumbel(loc: tensor([0.]), scale: tensor([1.]))");
 * ```
 */
export class Gumbel extends TransformedDistribution {
  /** Location. */
  readonly loc: Tensor;
  /** Scale. */
  readonly scale: Tensor;

  /**
   * Creates the distribution.
   *
   * @param loc Location.
   * @param scale Positive scale.
   * @param options `{ validate_args }`.
   */
  constructor(loc: Param, scale: Param, options?: DistributionOptions) {
    const [l, s] = broadcastAll([loc, scale], "Gumbel");
    const tiny = finfoTiny(l.dtype);
    const eps = finfoEps(l.dtype);
    const numbers = typeof loc === "number" && typeof scale === "number";
    const base = numbers
      ? new Uniform(tiny, 1 - eps)
      : new Uniform(full_like(l, tiny), full_like(l, 1 - eps));
    super(
      base,
      [
        new ExpTransform().inv,
        new AffineTransform(0, ones_like(s).neg()),
        new ExpTransform().inv,
        new AffineTransform(loc, s.neg()),
      ],
      options,
      [["loc", l], ["scale", s]],
    );
    this.loc = l;
    this.scale = s;
  }
  /** `{ loc: real, scale: positive }`. */
  override get arg_constraints(): Record<string, Constraint> {
    return new Normal(0, 1).arg_constraints;
  }
  /** `constraints.real`. */
  override get support(): Constraint {
    return real;
  }
  /** `loc + scale * γ`. */
  override get mean(): Tensor {
    return this.loc.add(this.scale.mul(EULER));
  }
  /** `loc`. */
  override get mode(): Tensor {
    return this.loc;
  }
  /** `π / sqrt(6) * scale`. */
  override get stddev(): Tensor {
    return this.scale.mul(Math.PI / Math.sqrt(6));
  }
  /** `stddev²`. */
  override get variance(): Tensor {
    return this.stddev.pow(2);
  }
  /**
   * `(z - exp(z)) - log(scale)`, `z = (loc - value) / scale`.
   *
   * @param value Points.
   * @returns Log-densities.
   */
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const y = this.loc.sub(value).div(this.scale);
    return y.sub(y.exp()).sub(this.scale.log());
  }
  /**
   * `log(scale) + 1 + γ`.
   *
   * @returns The entropy.
   */
  override entropy(): Tensor {
    return this.scale.log().add(1 + EULER);
  }
  /**
   * Expands loc and scale.
   *
   * @param batch_shape New batch shape.
   * @returns A Gumbel.
   */
  override expand(batch_shape: number[]): Gumbel {
    return new Gumbel(this.loc.expand(batch_shape), this.scale.expand(batch_shape), {
      validate_args: false,
    });
  }
  /** torch's repr (loc and scale). */
  override toString(): string {
    return Distribution.prototype.toString.call(this);
  }
}
