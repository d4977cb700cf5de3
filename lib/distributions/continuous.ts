/**
 * Continuous distributions with elementwise parameters: `Uniform`, `Exponential`, `Laplace`,
 * `Cauchy`, with torch's constructors, validation, sampling (torch's CPU draws), densities,
 * moments, `cdf`/`icdf` and `expand`.
 *
 * @module
 */

import { full_like, zeros_like } from "../ops/create.ts";
import type { Tensor } from "../tensor/tensor.ts";
import {
  type Constraint,
  dependent,
  interval,
  nonnegative,
  positive,
  real,
} from "./constraints.ts";
import {
  Distribution,
  type DistributionOptions,
  ExponentialFamily,
  type Param,
} from "./distribution.ts";
import {
  broadcastAll,
  checkSampleShape,
  doubleUniformMapped,
  standardUniform,
  uniformRange,
} from "./shared.ts";
import { finfoEps } from "./utils.ts";

/** Broadcasts the parameters, stores them for the repr, and returns them with the batch shape. */
function params(
  d: Distribution,
  names: readonly string[],
  values: readonly Param[],
  where: string,
): { ts: Tensor[]; batch: number[] } {
  const ts = broadcastAll(values, where);
  names.forEach((n, i) => (d as unknown as { _stored: Map<string, Tensor> })._stored.set(n, ts[i]));
  const batch = values.every((v) => typeof v === "number") ? [] : [...ts[0].shape];
  return { ts, batch };
}

function expanded(ts: Tensor[], batch_shape: number[]): Tensor[] {
  if (!Array.isArray(batch_shape) || !batch_shape.every((s) => Number.isInteger(s) && s >= 0)) {
    throw new TypeError(`expand: batch_shape must be an array of non-negative integers`);
  }
  return ts.map((t) => t.expand([...batch_shape]));
}

/**
 * The uniform distribution on `[low, high)`, like `torch.distributions.Uniform(low, high)`.
 *
 * @example
 * ```ts
 * import { distributions, manual_seed, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const u = new distributions.Uniform(tensor([0, 1]), tensor([2, 5]));
 * assert.equal(String(u), "Uniform(low: torch.Size([2]), high: torch.Size([2]))");
 * assert.deepEqual(u.entropy().tolist(), [Math.fround(Math.log(2)), Math.fround(Math.log(4))]);
 * manual_seed(0);
 * assert.deepEqual(u.sample().shape, [2]);
 * ```
 */
export class Uniform extends Distribution {
  /** True: `rsample` is `low + rand * (high - low)`. */
  override readonly has_rsample: boolean = true;
  /** Lower bound. */
  readonly low: Tensor;
  /** Upper bound (excluded). */
  readonly high: Tensor;

  /**
   * Creates the distribution; with validation on, `low < high` must hold everywhere.
   *
   * @param low Lower bound (tensor or number).
   * @param high Upper bound (tensor or number).
   * @param options `{ validate_args }`.
   */
  constructor(low: Param, high: Param, options?: DistributionOptions) {
    super();
    const { ts, batch } = params(this, ["low", "high"], [low, high], "Uniform");
    [this.low, this.high] = ts;
    this._init(batch, [], options);
    if (this._validate_args && !this.low.lt(this.high).all().item()) {
      throw new RangeError("Uniform is not defined when low>= high");
    }
  }

  /** `{ low: dependent, high: dependent }`. */
  get arg_constraints(): Record<string, Constraint> {
    return { low: dependent, high: dependent };
  }
  /** `interval(low, high)`. */
  get support(): Constraint {
    return interval(this.low, this.high);
  }
  /** `(high + low) / 2`. */
  override get mean(): Tensor {
    return this.high.add(this.low).div(2);
  }
  /** NaN (every point is a mode). */
  override get mode(): Tensor {
    return this.high.mul(NaN);
  }
  /** `(high - low) / sqrt(12)`. */
  override get stddev(): Tensor {
    return this.high.sub(this.low).div(12 ** 0.5);
  }
  /** `(high - low) ** 2 / 12`. */
  override get variance(): Tensor {
    return this.high.sub(this.low).pow(2).div(12);
  }

  /**
   * `low + torch.rand(shape) * (high - low)` (torch's draws).
   *
   * @param sample_shape Leading sample dims.
   * @returns Reparameterised samples.
   */
  override rsample(sample_shape: number[] = []): Tensor {
    const shape = this._extended_shape(checkSampleShape(sample_shape, "Uniform.rsample"));
    const rand = standardUniform(shape, this.low.dtype);
    return this.low.add(rand.mul(this.high.sub(this.low)));
  }

  /**
   * `log(1[low <= v < high]) - log(high - low)`.
   *
   * @param value Points.
   * @returns Log-densities.
   */
  log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const lb = this.low.le(value).type_as(this.low);
    const ub = this.high.gt(value).type_as(this.low);
    return lb.mul(ub).log().sub(this.high.sub(this.low).log());
  }

  /**
   * `clamp((v - low) / (high - low), 0, 1)`.
   *
   * @param value Points.
   * @returns The CDF.
   */
  override cdf(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return value.sub(this.low).div(this.high.sub(this.low)).clamp(0, 1);
  }

  /**
   * `v * (high - low) + low`.
   *
   * @param value Probabilities.
   * @returns Quantiles.
   */
  override icdf(value: Tensor): Tensor {
    return value.mul(this.high.sub(this.low)).add(this.low);
  }

  /**
   * `log(high - low)`.
   *
   * @returns The entropy.
   */
  override entropy(): Tensor {
    return this.high.sub(this.low).log();
  }

  /**
   * The same distribution with parameters expanded to `batch_shape`.
   *
   * @param batch_shape New batch shape.
   * @returns A Uniform.
   */
  override expand(batch_shape: number[]): Uniform {
    const [l, h] = expanded([this.low, this.high], batch_shape);
    return new Uniform(l, h, { validate_args: false });
  }
}

/**
 * The exponential distribution with `rate`, like `torch.distributions.Exponential(rate)`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const e = new distributions.Exponential(tensor([2]));
 * assert.deepEqual(e.mean.tolist(), [0.5]);
 * assert.equal(String(e.log_prob(tensor([0]))), "tensor([0.6931])");
 * ```
 */
export class Exponential extends ExponentialFamily {
  /** True: `rsample` is `exponential_() / rate`. */
  override readonly has_rsample: boolean = true;
  /** The rate (inverse scale). */
  readonly rate: Tensor;

  /**
   * Creates the distribution.
   *
   * @param rate Positive rate (tensor or number).
   * @param options `{ validate_args }`.
   */
  constructor(rate: Param, options?: DistributionOptions) {
    super();
    const { ts, batch } = params(this, ["rate"], [rate], "Exponential");
    [this.rate] = ts;
    this._init(batch, [], options);
  }

  /** `{ rate: positive }`. */
  get arg_constraints(): Record<string, Constraint> {
    return { rate: positive };
  }
  /** `constraints.nonnegative`. */
  get support(): Constraint {
    return nonnegative;
  }
  /** `1 / rate`. */
  override get mean(): Tensor {
    return this.rate.reciprocal();
  }
  /** 0. */
  override get mode(): Tensor {
    return zeros_like(this.rate);
  }
  /** `1 / rate`. */
  override get stddev(): Tensor {
    return this.rate.reciprocal();
  }
  /** `rate ** -2`. */
  override get variance(): Tensor {
    return this.rate.pow(-2);
  }

  /**
   * `exponential_() / rate`, with torch's CPU draws (`-log1p(-u)` of double uniforms).
   *
   * @param sample_shape Leading sample dims.
   * @returns Reparameterised samples.
   */
  override rsample(sample_shape: number[] = []): Tensor {
    const shape = this._extended_shape(checkSampleShape(sample_shape, "Exponential.rsample"));
    const e = doubleUniformMapped(shape, this.rate.dtype, (u) => -Math.log1p(-u));
    return e.div(this.rate);
  }

  /**
   * `log(rate) - rate * value`.
   *
   * @param value Points.
   * @returns Log-densities.
   */
  log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return this.rate.log().sub(this.rate.mul(value));
  }

  /**
   * `1 - exp(-rate * value)`.
   *
   * @param value Points.
   * @returns The CDF.
   */
  override cdf(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return this.rate.neg().mul(value).exp().rsub(1);
  }

  /**
   * `-log1p(-value) / rate`.
   *
   * @param value Probabilities.
   * @returns Quantiles.
   */
  override icdf(value: Tensor): Tensor {
    return value.neg().log1p().neg().div(this.rate);
  }

  /**
   * `1 - log(rate)`.
   *
   * @returns The entropy.
   */
  override entropy(): Tensor {
    return this.rate.log().rsub(1);
  }

  /**
   * The same distribution with `rate` expanded.
   *
   * @param batch_shape New batch shape.
   * @returns An Exponential.
   */
  override expand(batch_shape: number[]): Exponential {
    return new Exponential(expanded([this.rate], batch_shape)[0], { validate_args: false });
  }
}

/**
 * The Laplace distribution, like `torch.distributions.Laplace(loc, scale)`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const l = new distributions.Laplace(tensor([0]), tensor([1]));
 * assert.equal(String(l.cdf(tensor([0]))), "tensor([0.5000])");
 * assert.deepEqual(l.variance.tolist(), [2]);
 * ```
 */
export class Laplace extends Distribution {
  /** True. */
  override readonly has_rsample: boolean = true;
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
    super();
    const { ts, batch } = params(this, ["loc", "scale"], [loc, scale], "Laplace");
    [this.loc, this.scale] = ts;
    this._init(batch, [], options);
  }

  /** `{ loc: real, scale: positive }`. */
  get arg_constraints(): Record<string, Constraint> {
    return { loc: real, scale: positive };
  }
  /** `constraints.real`. */
  get support(): Constraint {
    return real;
  }
  /** `loc`. */
  override get mean(): Tensor {
    return this.loc;
  }
  /** `loc`. */
  override get mode(): Tensor {
    return this.loc;
  }
  /** `2 * scale ** 2`. */
  override get variance(): Tensor {
    return this.scale.pow(2).mul(2);
  }
  /** `sqrt(2) * scale`. */
  override get stddev(): Tensor {
    return this.scale.mul(2 ** 0.5);
  }

  /**
   * `loc - scale * sign(u) * log1p(-|u|)`, `u` uniform in `[eps - 1, 1)` (torch's draws).
   *
   * @param sample_shape Leading sample dims.
   * @returns Reparameterised samples.
   */
  override rsample(sample_shape: number[] = []): Tensor {
    const shape = this._extended_shape(checkSampleShape(sample_shape, "Laplace.rsample"));
    const lo = finfoEps(this.loc.dtype) - 1;
    const u = uniformRange(shape, this.loc.dtype, lo, 1);
    return this.loc.sub(this.scale.mul(u.sign()).mul(u.abs().neg().log1p()));
  }

  /**
   * `-log(2 * scale) - |value - loc| / scale`.
   *
   * @param value Points.
   * @returns Log-densities.
   */
  log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return this.scale.mul(2).log().neg().sub(value.sub(this.loc).abs().div(this.scale));
  }

  /**
   * `0.5 - 0.5 * sign(v - loc) * expm1(-|v - loc| / scale)`.
   *
   * @param value Points.
   * @returns The CDF.
   */
  override cdf(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const d = value.sub(this.loc);
    return d.sign().mul(0.5).mul(d.abs().neg().div(this.scale).expm1()).rsub(0.5);
  }

  /**
   * `loc - scale * sign(v - 0.5) * log1p(-2 |v - 0.5|)`.
   *
   * @param value Probabilities.
   * @returns Quantiles.
   */
  override icdf(value: Tensor): Tensor {
    const term = value.sub(0.5);
    return this.loc.sub(this.scale.mul(term.sign()).mul(term.abs().mul(-2).log1p()));
  }

  /**
   * `1 + log(2 * scale)`.
   *
   * @returns The entropy.
   */
  override entropy(): Tensor {
    return this.scale.mul(2).log().add(1);
  }

  /**
   * The same distribution with parameters expanded.
   *
   * @param batch_shape New batch shape.
   * @returns A Laplace.
   */
  override expand(batch_shape: number[]): Laplace {
    const [l, s] = expanded([this.loc, this.scale], batch_shape);
    return new Laplace(l, s, { validate_args: false });
  }
}

/**
 * The Cauchy distribution, like `torch.distributions.Cauchy(loc, scale)`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const c = new distributions.Cauchy(tensor([0]), tensor([1]));
 * assert.equal(String(c.log_prob(tensor([0]))), "tensor([-1.1447])");
 * assert.ok(Number.isNaN(c.mean.item()));
 * ```
 */
export class Cauchy extends Distribution {
  /** True. */
  override readonly has_rsample: boolean = true;
  /** Location (the median). */
  readonly loc: Tensor;
  /** Half width at half maximum. */
  readonly scale: Tensor;

  /**
   * Creates the distribution.
   *
   * @param loc Location.
   * @param scale Positive scale.
   * @param options `{ validate_args }`.
   */
  constructor(loc: Param, scale: Param, options?: DistributionOptions) {
    super();
    const { ts, batch } = params(this, ["loc", "scale"], [loc, scale], "Cauchy");
    [this.loc, this.scale] = ts;
    this._init(batch, [], options);
  }

  /** `{ loc: real, scale: positive }`. */
  get arg_constraints(): Record<string, Constraint> {
    return { loc: real, scale: positive };
  }
  /** `constraints.real`. */
  get support(): Constraint {
    return real;
  }
  /** NaN. */
  override get mean(): Tensor {
    return full_like(this.loc, NaN);
  }
  /** `loc`. */
  override get mode(): Tensor {
    return this.loc;
  }
  /** Infinity. */
  override get variance(): Tensor {
    return full_like(this.loc, Infinity);
  }

  /**
   * `loc + scale * cauchy_()`, `cauchy_()` = `tan(π (u - 0.5))` of torch's double uniforms.
   *
   * @param sample_shape Leading sample dims.
   * @returns Reparameterised samples.
   */
  override rsample(sample_shape: number[] = []): Tensor {
    const shape = this._extended_shape(checkSampleShape(sample_shape, "Cauchy.rsample"));
    const f32 = this.loc.dtype !== "float64";
    const eps = doubleUniformMapped(shape, this.loc.dtype, (u) => {
      // torch computes tan in the dtype: pi * (float(u) - 0.5) for float32
      if (!f32) return Math.tan(Math.PI * (u - 0.5));
      return Math.tan(Math.fround(Math.fround(Math.PI) * Math.fround(Math.fround(u) - 0.5)));
    });
    return this.loc.add(eps.mul(this.scale));
  }

  /**
   * `-log(π) - log(scale) - log1p(((v - loc) / scale) ** 2)`.
   *
   * @param value Points.
   * @returns Log-densities.
   */
  log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return this.scale.log().neg().sub(Math.log(Math.PI)).sub(
      value.sub(this.loc).div(this.scale).pow(2).log1p(),
    );
  }

  /**
   * `atan((value - loc) / scale) / π + 0.5`.
   *
   * @param value Points.
   * @returns The CDF.
   */
  override cdf(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return value.sub(this.loc).div(this.scale).atan().div(Math.PI).add(0.5);
  }

  /**
   * `tan(π (value - 0.5)) * scale + loc`.
   *
   * @param value Probabilities.
   * @returns Quantiles.
   */
  override icdf(value: Tensor): Tensor {
    return value.sub(0.5).mul(Math.PI).tan().mul(this.scale).add(this.loc);
  }

  /**
   * `log(4π) + log(scale)`.
   *
   * @returns The entropy.
   */
  override entropy(): Tensor {
    return this.scale.log().add(Math.log(4 * Math.PI));
  }

  /**
   * The same distribution with parameters expanded.
   *
   * @param batch_shape New batch shape.
   * @returns A Cauchy.
   */
  override expand(batch_shape: number[]): Cauchy {
    const [l, s] = expanded([this.loc, this.scale], batch_shape);
    return new Cauchy(l, s, { validate_args: false });
  }
}
