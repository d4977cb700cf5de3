/**
 * `Geometric`, `Pareto`, and the relaxed (Concrete / Gumbel-softmax) distributions:
 * `LogitRelaxedBernoulli`, `RelaxedBernoulli`, `ExpRelaxedCategorical`,
 * `RelaxedOneHotCategorical`, as torch defines them.
 *
 * @module
 */

import { full_like, zeros_like } from "../ops/create.ts";
import { where } from "../ops/elementwise.ts";
import { binary_cross_entropy_with_logits } from "../nn/losses.ts";
import { no_grad } from "../tensor/autograd.ts";
import { Tensor } from "../tensor/tensor.ts";
import type { ProbsOrLogits } from "./bernoulli.ts";
import { Categorical } from "./categorical.ts";
import {
  type Constraint,
  greater_than_eq,
  nonnegative_integer,
  positive,
  real,
  real_vector,
  simplex,
  unit_interval,
} from "./constraints.ts";
import { Exponential } from "./continuous.ts";
import { Distribution, type DistributionOptions, type Param } from "./distribution.ts";
import {
  broadcastAll,
  checkSampleShape,
  finfoTiny,
  probsOrLogits,
  standardUniform,
  tupleRepr,
  uniformRange,
} from "./shared.ts";
import { TransformedDistribution } from "./transformed.ts";
import { AffineTransform, ExpTransform, SigmoidTransform } from "./transforms.ts";
import { clampProbs, lazily, logitsToProbs, probsToLogits } from "./utils.ts";

const isParam = (v: unknown): v is Param => v instanceof Tensor || typeof v === "number";

/**
 * The number of failures before the first success, like
 * `torch.distributions.Geometric(probs=None, logits=None)`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const g = new distributions.Geometric({ probs: tensor([0.25]) });
 * assert.deepEqual(g.mean.tolist(), [3]);
 * assert.equal(String(g.log_prob(tensor([0]))), "tensor([-1.3863])");
 * ```
 */
export class Geometric extends Distribution {
  #probs: Tensor | undefined;
  #logits: Tensor | undefined;

  /**
   * Creates the distribution.
   *
   * @param params `probs` (tensor or number), or `{ probs }` / `{ logits }` with `validate_args`.
   */
  constructor(params: Param | ProbsOrLogits<Param>) {
    super();
    const { probs, logits, options } = probsOrLogits(params, isParam);
    if (probs !== undefined) {
      [this.#probs] = broadcastAll([probs], "Geometric");
      this._stored.set("probs", this.#probs);
    } else {
      [this.#logits] = broadcastAll([logits as Param], "Geometric");
      this._stored.set("logits", this.#logits);
    }
    const given = probs ?? logits;
    this._init(typeof given === "number" ? [] : (this.#probs ?? this.#logits)!.shape, [], options);
    if (this._validate_args && probs !== undefined) {
      const value = this.#probs as Tensor;
      const valid = value.gt(0);
      if (!valid.all().item()) {
        throw new RangeError(
          `Expected parameter probs (Tensor of shape ${
            tupleRepr(value.shape)
          }) of distribution ${this} to be positive but found invalid values:\n${
            value.detach().masked_select(valid.logical_not())
          }`,
        );
      }
    }
  }

  /** `{ probs: unit_interval, logits: real }`. */
  get arg_constraints(): Record<string, Constraint> {
    return { probs: unit_interval, logits: real };
  }
  /** `constraints.nonnegative_integer`. */
  get support(): Constraint {
    return nonnegative_integer;
  }
  /** Success probabilities. */
  get probs(): Tensor {
    if (this.#probs === undefined) {
      this.#probs = lazily(() => logitsToProbs(this.#logits as Tensor, true));
      this._stored.set("probs", this.#probs);
    }
    return this.#probs;
  }
  /** Log-odds. */
  get logits(): Tensor {
    if (this.#logits === undefined) {
      this.#logits = lazily(() => probsToLogits(this.#probs as Tensor, true));
      this._stored.set("logits", this.#logits);
    }
    return this.#logits;
  }
  /** `1 / probs - 1`. */
  override get mean(): Tensor {
    return this.probs.reciprocal().sub(1);
  }
  /** 0. */
  override get mode(): Tensor {
    return zeros_like(this.probs);
  }
  /** `(1 / probs - 1) / probs`. */
  override get variance(): Tensor {
    return this.probs.reciprocal().sub(1).div(this.probs);
  }

  /**
   * `floor(log(u) / log1p(-probs))`, `u` uniform in [tiny, 1) (torch's draws).
   *
   * @param sample_shape Leading sample dims.
   * @returns Samples (floats holding integers).
   */
  override sample(sample_shape: number[] = []): Tensor {
    const shape = this._extended_shape(checkSampleShape(sample_shape, "Geometric.sample"));
    return no_grad(() => {
      const p = this.probs;
      const u = uniformRange(shape, p.dtype, finfoTiny(p.dtype), 1);
      return u.log().div(p.neg().log1p()).floor();
    });
  }

  /**
   * `value * log1p(-probs) + log(probs)` (0 · log 0 taken as 0 where probs is 1).
   *
   * @param value Counts.
   * @returns Log-probabilities.
   */
  log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const [v, p] = broadcastAll([value, this.probs], "Geometric.log_prob");
    const probs = where(p.eq(1).logical_and(v.eq(0)), 0, p);
    return v.mul(probs.neg().log1p()).add(this.probs.log());
  }

  /**
   * `binary_cross_entropy_with_logits(logits, probs) / probs`.
   *
   * @returns The entropy.
   */
  override entropy(): Tensor {
    return binary_cross_entropy_with_logits(this.logits, this.probs, { reduction: "none" }).div(
      this.probs,
    );
  }

  /**
   * Expands the parameter.
   *
   * @param batch_shape New batch shape.
   * @returns A Geometric.
   */
  override expand(batch_shape: number[]): Geometric {
    return this.#probs !== undefined && this._stored.get("probs") === this.#probs &&
        this.#logits === undefined
      ? new Geometric({ probs: this.#probs.expand(batch_shape), validate_args: false })
      : new Geometric({ logits: this.logits.expand(batch_shape), validate_args: false });
  }
}

/**
 * The Pareto distribution, like `torch.distributions.Pareto(scale, alpha)`: Exponential(alpha)
 * through `exp` and a scaling.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const p = new distributions.Pareto(tensor([1]), tensor([3]));
 * assert.deepEqual(p.mean.tolist(), [1.5]);
 * assert.equal(String(p), "Pareto(alpha: tensor([3.]), scale: tensor([1.]))");
 * ```
 */
export class Pareto extends TransformedDistribution {
  /** The scale (the support's lower bound). */
  readonly scale: Tensor;
  /** The shape parameter. */
  readonly alpha: Tensor;

  /**
   * Creates the distribution.
   *
   * @param scale Positive scale.
   * @param alpha Positive shape.
   * @param options `{ validate_args }`.
   */
  constructor(scale: Param, alpha: Param, options?: DistributionOptions) {
    const [s, a] = broadcastAll([scale, alpha], "Pareto");
    super(
      new Exponential(a, options),
      [new ExpTransform(), new AffineTransform(0, s)],
      options,
      [["scale", s], ["alpha", a]],
    );
    this.scale = s;
    this.alpha = a;
  }
  /** `{ alpha: positive, scale: positive }`. */
  override get arg_constraints(): Record<string, Constraint> {
    return { alpha: positive, scale: positive };
  }
  /** `greater_than_eq(scale)`. */
  override get support(): Constraint {
    return greater_than_eq(this.scale);
  }
  /** `a * scale / (a - 1)`, `a = clamp(alpha, min=1)`. */
  override get mean(): Tensor {
    const a = this.alpha.clamp(1, null);
    return a.mul(this.scale).div(a.sub(1));
  }
  /** `scale`. */
  override get mode(): Tensor {
    return this.scale;
  }
  /** `scale² a / ((a - 1)² (a - 2))`, `a = clamp(alpha, min=2)`. */
  override get variance(): Tensor {
    const a = this.alpha.clamp(2, null);
    return this.scale.pow(2).mul(a).div(a.sub(1).pow(2).mul(a.sub(2)));
  }
  /**
   * `log(scale / alpha) + 1 + 1 / alpha`.
   *
   * @returns The entropy.
   */
  override entropy(): Tensor {
    return this.scale.div(this.alpha).log().add(this.alpha.reciprocal().add(1));
  }
  /**
   * Expands scale and alpha.
   *
   * @param batch_shape New batch shape.
   * @returns A Pareto.
   */
  override expand(batch_shape: number[]): Pareto {
    return new Pareto(this.scale.expand(batch_shape), this.alpha.expand(batch_shape), {
      validate_args: false,
    });
  }
  /** torch's repr (alpha and scale). */
  override toString(): string {
    return Distribution.prototype.toString.call(this);
  }
}

/** Options of the relaxed distributions: `{ probs }` or `{ logits }`, and `validate_args`. */
export type RelaxedOptions = ProbsOrLogits<Param>;

function temperatureOf(t: Param): Tensor {
  if (t instanceof Tensor) return t;
  if (typeof t === "number") return broadcastAll([t], "temperature")[0];
  throw new TypeError(`temperature must be a Tensor or a number, got ${typeof t}`);
}

/**
 * The logit of a RelaxedBernoulli sample, like
 * `torch.distributions.LogitRelaxedBernoulli(temperature, probs=None, logits=None)`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const d = new distributions.LogitRelaxedBernoulli(tensor(0.5), { probs: tensor([0.3]) });
 * assert.equal(String(d.log_prob(tensor([0]))), "tensor([-2.2538])");
 * ```
 */
export class LogitRelaxedBernoulli extends Distribution {
  /** True. */
  override readonly has_rsample: boolean = true;
  /** The relaxation temperature. */
  readonly temperature: Tensor;
  /** The parameter given. */
  readonly _param: Tensor;
  #probs: Tensor | undefined;
  #logits: Tensor | undefined;

  /**
   * Creates the distribution.
   *
   * @param temperature Positive temperature.
   * @param params `{ probs }` or `{ logits }`, with `validate_args`.
   */
  constructor(temperature: Param, params: RelaxedOptions) {
    super();
    this.temperature = temperatureOf(temperature);
    const { probs, logits, options } = probsOrLogits(params, isParam);
    if (probs !== undefined) {
      [this.#probs] = broadcastAll([probs], "LogitRelaxedBernoulli");
      this._stored.set("probs", this.#probs);
      this._param = this.#probs;
    } else {
      [this.#logits] = broadcastAll([logits as Param], "LogitRelaxedBernoulli");
      this._stored.set("logits", this.#logits);
      this._param = this.#logits;
    }
    this._init(typeof (probs ?? logits) === "number" ? [] : this._param.shape, [], options);
  }

  /** `{ probs: unit_interval, logits: real }`. */
  get arg_constraints(): Record<string, Constraint> {
    return { probs: unit_interval, logits: real };
  }
  /** `constraints.real`. */
  get support(): Constraint {
    return real;
  }
  /** Probabilities. */
  get probs(): Tensor {
    if (this.#probs === undefined) {
      this.#probs = lazily(() => logitsToProbs(this.#logits as Tensor, true));
      this._stored.set("probs", this.#probs);
    }
    return this.#probs;
  }
  /** Log-odds. */
  get logits(): Tensor {
    if (this.#logits === undefined) {
      this.#logits = lazily(() => probsToLogits(this.#probs as Tensor, true));
      this._stored.set("logits", this.#logits);
    }
    return this.#logits;
  }
  /** The parameter's shape. */
  get param_shape(): number[] {
    return [...this._param.shape];
  }
  /**
   * `(logit(u) + logit(probs)) / temperature`, `u` torch's uniform draws (clamped).
   *
   * @param sample_shape Leading sample dims.
   * @returns Reparameterised samples.
   */
  override rsample(sample_shape: number[] = []): Tensor {
    const shape = this._extended_shape(checkSampleShape(sample_shape, "rsample"));
    const probs = clampProbs(this.probs.expand(shape));
    const u = clampProbs(standardUniform(shape, probs.dtype));
    return u.log().sub(u.neg().log1p()).add(probs.log()).sub(probs.neg().log1p()).div(
      this.temperature,
    );
  }
  /**
   * `log(temperature) + diff - 2 log1p(exp(diff))`, `diff = logits - value * temperature`.
   *
   * @param value Points.
   * @returns Log-densities.
   */
  log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const [logits, v] = broadcastAll([this.logits, value], "log_prob");
    const diff = logits.sub(v.mul(this.temperature));
    return this.temperature.log().add(diff).sub(diff.exp().log1p().mul(2));
  }
  /**
   * Expands the parameter.
   *
   * @param batch_shape New batch shape.
   * @returns A LogitRelaxedBernoulli.
   */
  override expand(batch_shape: number[]): LogitRelaxedBernoulli {
    const t = this._param.expand(batch_shape);
    return new LogitRelaxedBernoulli(
      this.temperature,
      this._param === this.#probs
        ? { probs: t, validate_args: false }
        : { logits: t, validate_args: false },
    );
  }
}

/**
 * The relaxed Bernoulli (binary Concrete) distribution, like
 * `torch.distributions.RelaxedBernoulli(temperature, probs=None, logits=None)`: a
 * LogitRelaxedBernoulli through a sigmoid.
 *
 * @example
 * ```ts
 * import { distributions, manual_seed, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const d = new distributions.RelaxedBernoulli(tensor(0.5), { probs: tensor([0.3, 0.9]) });
 * manual_seed(0);
 * const s = d.rsample();
 * assert.ok(s.ge(0).all().item() && s.le(1).all().item());
 * ```
 */
export class RelaxedBernoulli extends TransformedDistribution {
  /**
   * Creates the distribution.
   *
   * @param temperature Positive temperature.
   * @param params `{ probs }` or `{ logits }`, with `validate_args`.
   */
  constructor(temperature: Param, params: RelaxedOptions) {
    const { probs, logits, options } = probsOrLogits(params, isParam);
    const inner = probs !== undefined ? { probs } : { logits };
    super(
      new LogitRelaxedBernoulli(temperature, inner),
      new SigmoidTransform(),
      options,
    );
  }
  /** `{ probs: unit_interval, logits: real }`. */
  override get arg_constraints(): Record<string, Constraint> {
    return { probs: unit_interval, logits: real };
  }
  /** `constraints.unit_interval`. */
  override get support(): Constraint {
    return unit_interval;
  }
  /** The temperature. */
  get temperature(): Tensor {
    return (this.base_dist as LogitRelaxedBernoulli).temperature;
  }
  /** The base's logits. */
  get logits(): Tensor {
    return (this.base_dist as LogitRelaxedBernoulli).logits;
  }
  /** The base's probs. */
  get probs(): Tensor {
    return (this.base_dist as LogitRelaxedBernoulli).probs;
  }
  /**
   * Expands the base.
   *
   * @param batch_shape New batch shape.
   * @returns A RelaxedBernoulli.
   */
  override expand(batch_shape: number[]): RelaxedBernoulli {
    const b = (this.base_dist as LogitRelaxedBernoulli).expand(batch_shape);
    return new RelaxedBernoulli(
      b.temperature,
      b._stored.has("probs") && b._param === b.probs
        ? { probs: b.probs, validate_args: false }
        : { logits: b.logits, validate_args: false },
    );
  }
}

function logFactorial(n: number): number {
  let s = 0;
  for (let k = 2; k <= n; k++) s += Math.log(k);
  return s;
}

/**
 * The log of a RelaxedOneHotCategorical sample, like
 * `torch.distributions.ExpRelaxedCategorical(temperature, probs=None, logits=None)`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const d = new distributions.ExpRelaxedCategorical(tensor(1), { probs: tensor([0.5, 0.5]) });
 * assert.deepEqual(d.event_shape, [2]);
 * ```
 */
export class ExpRelaxedCategorical extends Distribution {
  /** True. */
  override readonly has_rsample: boolean = true;
  /** The relaxation temperature. */
  readonly temperature: Tensor;
  /** The Categorical holding the parameters. */
  readonly _categorical: Categorical;

  /**
   * Creates the distribution.
   *
   * @param temperature Positive temperature.
   * @param params `{ probs }` or `{ logits }`, with `validate_args`.
   */
  constructor(temperature: Param, params: ProbsOrLogits<Tensor>) {
    super();
    const { probs, logits, options } = probsOrLogits(
      params,
      (v): v is Tensor => v instanceof Tensor,
    );
    this._categorical = new Categorical(probs !== undefined ? { probs } : { logits });
    this.temperature = temperatureOf(temperature);
    this._init(this._categorical.batch_shape, this._categorical.param_shape.slice(-1), options);
  }
  /** `{ probs: simplex, logits: real_vector }`. */
  get arg_constraints(): Record<string, Constraint> {
    return { probs: simplex, logits: real_vector };
  }
  /** `constraints.real_vector`. */
  get support(): Constraint {
    return real_vector;
  }
  /** The parameter's shape. */
  get param_shape(): number[] {
    return this._categorical.param_shape;
  }
  /** The Categorical's logits. */
  get logits(): Tensor {
    return this._categorical.logits;
  }
  /** The Categorical's probs. */
  get probs(): Tensor {
    return this._categorical.probs;
  }
  /**
   * Gumbel-softmax in log space: `scores - logsumexp(scores)`,
   * `scores = (logits + gumbels) / temperature`.
   *
   * @param sample_shape Leading sample dims.
   * @returns Reparameterised samples.
   */
  override rsample(sample_shape: number[] = []): Tensor {
    const shape = this._extended_shape(checkSampleShape(sample_shape, "rsample"));
    const u = clampProbs(standardUniform(shape, this.logits.dtype));
    const gumbels = u.log().neg().log().neg();
    const scores = this.logits.add(gumbels).div(this.temperature);
    return scores.sub(scores.logsumexp(-1, true));
  }
  /**
   * torch's log-density of the Concrete distribution in log space.
   *
   * @param value Points.
   * @returns Log-densities.
   */
  log_prob(value: Tensor): Tensor {
    const K = this._categorical._num_events;
    if (this._validate_args) this._validate_sample(value);
    const [logits, v] = broadcastAll([this.logits, value], "log_prob");
    const logScale = full_like(this.temperature, logFactorial(K - 1)).sub(
      this.temperature.log().mul(-(K - 1)),
    );
    let score = logits.sub(v.mul(this.temperature));
    score = score.sub(score.logsumexp(-1, true)).sum(-1);
    return score.add(logScale);
  }
  /**
   * Expands the Categorical.
   *
   * @param batch_shape New batch shape.
   * @returns An ExpRelaxedCategorical.
   */
  override expand(batch_shape: number[]): ExpRelaxedCategorical {
    const c = this._categorical.expand(batch_shape);
    return new ExpRelaxedCategorical(this.temperature, {
      logits: c.logits,
      validate_args: false,
    });
  }
}

/**
 * The relaxed one-hot categorical (Concrete / Gumbel-softmax) distribution, like
 * `torch.distributions.RelaxedOneHotCategorical(temperature, probs=None, logits=None)`.
 *
 * @example
 * ```ts
 * import { distributions, manual_seed, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const d = new distributions.RelaxedOneHotCategorical(tensor(0.5), { logits: tensor([0, 1, 2]) });
 * manual_seed(0);
 * const s = d.rsample([4]);
 * assert.deepEqual(s.shape, [4, 3]);
 * assert.ok(s.sum(-1).sub(1).abs().max().item() < 1e-6);
 * ```
 */
export class RelaxedOneHotCategorical extends TransformedDistribution {
  /**
   * Creates the distribution.
   *
   * @param temperature Positive temperature.
   * @param params `{ probs }` or `{ logits }`, with `validate_args`.
   */
  constructor(temperature: Param, params: ProbsOrLogits<Tensor>) {
    const opts = params && typeof params === "object" && !(params instanceof Tensor)
      ? { validate_args: params.validate_args }
      : {};
    super(new ExpRelaxedCategorical(temperature, params), new ExpTransform(), opts);
  }
  /** `{ probs: simplex, logits: real_vector }`. */
  override get arg_constraints(): Record<string, Constraint> {
    return { probs: simplex, logits: real_vector };
  }
  /** `constraints.simplex`. */
  override get support(): Constraint {
    return simplex;
  }
  /** The temperature. */
  get temperature(): Tensor {
    return (this.base_dist as ExpRelaxedCategorical).temperature;
  }
  /** The base's logits. */
  get logits(): Tensor {
    return (this.base_dist as ExpRelaxedCategorical).logits;
  }
  /** The base's probs. */
  get probs(): Tensor {
    return (this.base_dist as ExpRelaxedCategorical).probs;
  }
  /**
   * Expands the base.
   *
   * @param batch_shape New batch shape.
   * @returns A RelaxedOneHotCategorical.
   */
  override expand(batch_shape: number[]): RelaxedOneHotCategorical {
    const c = (this.base_dist as ExpRelaxedCategorical)._categorical.expand(batch_shape);
    return new RelaxedOneHotCategorical(this.temperature, {
      logits: c.logits,
      validate_args: false,
    });
  }
}
