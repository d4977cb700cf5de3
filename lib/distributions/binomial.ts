/**
 * `Binomial` and `Multinomial`, with torch's samplers (`torch.binomial`'s inversion / BTRS on
 * double uniforms; Multinomial counts the Categorical's draws).
 *
 * @module
 */

import { arange, zeros } from "../ops/create.ts";
import { allocate } from "../tensor/dtype.ts";
import { no_grad } from "../tensor/autograd.ts";
import { uniformDouble } from "../tensor/random.ts";
import { contiguousData, fromData, Tensor } from "../tensor/tensor.ts";
import type { ProbsOrLogits } from "./bernoulli.ts";
import { Categorical } from "./categorical.ts";
import {
  type Constraint,
  nonnegative_integer,
  real,
  real_vector,
  simplex,
  unit_interval,
} from "./constraints.ts";
import { Distribution, type DistributionOptions, type Param } from "./distribution.ts";
import { broadcastAll, checkSampleShape } from "./shared.ts";
import { lazily, logitsToProbs, probsToLogits } from "./utils.ts";

const TAIL = [
  0.08106146679532726,
  0.04134069595540929,
  0.02767792568499834,
  0.02079067210376509,
  0.01664469118982119,
  0.01387612882307075,
  0.01189670994589177,
  0.01041126526197209,
  0.009255462182712733,
  0.008330563433362871,
];

function stirlingTail(k: number): number {
  if (k <= 9) return TAIL[k];
  const kp1sq = (k + 1) * (k + 1);
  return (1 / 12 - (1 / 360 - 1 / 1260 / kp1sq) / kp1sq) / (k + 1);
}

function btrs(count: number, prob: number): number {
  const stddev = Math.sqrt(count * prob * (1 - prob));
  const b = 1.15 + 2.53 * stddev;
  const a = -0.0873 + 0.0248 * b + 0.01 * prob;
  const c = count * prob + 0.5;
  const vr = 0.92 - 4.2 / b;
  const r = prob / (1 - prob);
  const alpha = (2.83 + 5.1 / b) * stddev;
  const m = Math.floor((count + 1) * prob);
  for (;;) {
    const U = uniformDouble() - 0.5;
    let V = uniformDouble();
    const us = 0.5 - Math.abs(U);
    const k = Math.floor((2 * a / us + b) * U + c);
    if (k < 0 || k > count) continue;
    if (us >= 0.07 && V <= vr) return k;
    V = Math.log(V * alpha / (a / (us * us) + b));
    const upper = (m + 0.5) * Math.log((m + 1) / (r * (count - m + 1))) +
      (count + 1) * Math.log((count - m + 1) / (count - k + 1)) +
      (k + 0.5) * Math.log(r * (count - k + 1) / (k + 1)) +
      stirlingTail(m) + stirlingTail(count - m) - stirlingTail(k) - stirlingTail(count - k);
    if (V <= upper) return k;
  }
}

function inversion(count: number, prob: number): number {
  let geomSum = 0;
  let numGeom = 0;
  const logprob = Math.log1p(-prob);
  for (;;) {
    const U = uniformDouble();
    geomSum += Math.ceil(Math.log(U) / logprob);
    if (geomSum > count) break;
    numGeom += 1;
  }
  return numGeom;
}

/** torch's `sample_binomial`. */
function sampleBinomial(count: number, prob: number): number {
  if (count <= 0 || prob <= 0) return 0;
  if (prob >= 1) return count;
  if (prob <= 0.5) return count * prob >= 10 ? btrs(count, prob) : inversion(count, prob);
  const q = 1 - prob;
  return count * q >= 10 ? count - btrs(count, q) : count - inversion(count, q);
}

const isParam = (v: unknown): v is Param => v instanceof Tensor || typeof v === "number";

/** Binomial's keyword options. */
export interface BinomialOptions extends DistributionOptions {
  /** Success probabilities. */
  probs?: Param;
  /** Log-odds. */
  logits?: Param;
}

/**
 * The binomial distribution, like `torch.distributions.Binomial(total_count=1, probs=None,
 * logits=None)`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const b = new distributions.Binomial(10, { probs: tensor([0.5]) });
 * assert.deepEqual(b.mean.tolist(), [5]);
 * assert.equal(String(b.log_prob(tensor([5]))), "tensor([-1.4020])");
 * ```
 */
export class Binomial extends Distribution {
  /** Number of trials (as the parameter's dtype). */
  readonly total_count: Tensor;
  /** The parameter given. */
  readonly _param: Tensor;
  #probs: Tensor | undefined;
  #logits: Tensor | undefined;

  /**
   * Creates the distribution.
   *
   * @param total_count Number of trials (tensor or number, default 1).
   * @param params `{ probs }` or `{ logits }`, with `validate_args`.
   */
  constructor(total_count: Param = 1, params: BinomialOptions = {}) {
    super();
    const { probs, logits, options } = probsOrLogitsOf(params);
    if (probs !== undefined) {
      let tc: Tensor;
      [tc, this.#probs] = broadcastAll([total_count, probs], "Binomial");
      this.total_count = tc.type_as(this.#probs);
      this._stored.set("probs", this.#probs);
      this._param = this.#probs;
    } else {
      let tc: Tensor;
      [tc, this.#logits] = broadcastAll([total_count, logits as Param], "Binomial");
      this.total_count = tc.type_as(this.#logits);
      this._stored.set("logits", this.#logits);
      this._param = this.#logits;
    }
    this._stored.set("total_count", this.total_count);
    this._init(this._param.shape, [], options);
  }

  /** `{ total_count: nonnegative_integer, probs: unit_interval, logits: real }`. */
  get arg_constraints(): Record<string, Constraint> {
    return { total_count: nonnegative_integer, probs: unit_interval, logits: real };
  }
  /** `integer_interval(0, total_count)`. */
  get support(): Constraint {
    const tc = this.total_count;
    return {
      toString: () => `IntegerInterval(lower_bound=0, upper_bound=${tc})`,
      holds: (v: Tensor) =>
        Boolean(
          v.ge(0).logical_and(v.le(tc)).logical_and(v.eq(v.floor())).all().item(),
        ),
      is_discrete: true,
    };
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
  /** The parameter's shape. */
  get param_shape(): number[] {
    return [...this._param.shape];
  }
  /** `total_count * probs`. */
  override get mean(): Tensor {
    return this.total_count.mul(this.probs);
  }
  /** `floor((total_count + 1) * probs)`, at most total_count. */
  override get mode(): Tensor {
    return this.total_count.add(1).mul(this.probs).floor().clamp(null, this.total_count);
  }
  /** `total_count * probs * (1 - probs)`. */
  override get variance(): Tensor {
    return this.total_count.mul(this.probs).mul(this.probs.rsub(1));
  }

  /**
   * `torch.binomial(total_count, probs)` (torch's inversion / BTRS samplers).
   *
   * @param sample_shape Leading sample dims.
   * @returns Counts (floats).
   */
  override sample(sample_shape: number[] = []): Tensor {
    const shape = this._extended_shape(checkSampleShape(sample_shape, "Binomial.sample"));
    return no_grad(() => {
      const n = contiguousData(this.total_count.expand(shape).contiguous());
      const p = contiguousData(this.probs.expand(shape).contiguous());
      const out = allocate(this._param.dtype, n.length);
      for (let i = 0; i < out.length; i++) out[i] = sampleBinomial(n[i], p[i]);
      return fromData(out, shape, this._param.dtype);
    });
  }

  /**
   * torch's log-mass, through logits.
   *
   * @param value Counts.
   * @returns Log-probabilities.
   */
  log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const n = this.total_count;
    const l = this.logits;
    const lfn = n.add(1).lgamma();
    const lfk = value.add(1).lgamma();
    const lfnmk = n.sub(value).add(1).lgamma();
    const norm = n.mul(l.clamp(0, null)).add(n.mul(l.abs().neg().exp().log1p())).sub(lfn);
    return value.mul(l).sub(lfk).sub(lfnmk).sub(norm);
  }

  /**
   * `-Σ p log p` over the support (homogeneous total_count only, as torch).
   *
   * @returns The entropy.
   */
  override entropy(): Tensor {
    const lp = this.log_prob(this.enumerate_support(false));
    return lp.exp().mul(lp).sum(0).neg();
  }

  /**
   * `0, 1, …, total_count` along a new leading dim (homogeneous total_count only).
   *
   * @param expand Whether to expand over the batch (default true).
   * @returns The support values.
   */
  enumerate_support(expand: boolean = true): Tensor {
    const max = this.total_count.max().item() as number;
    if (this.total_count.min().item() !== max) {
      throw new Error("Inhomogeneous total count not supported by `enumerate_support`.");
    }
    const b = this.batch_shape;
    let values = arange(1 + max, { dtype: this._param.dtype }).reshape([-1, ...b.map(() => 1)]);
    if (expand) values = values.expand([-1, ...b]);
    return values;
  }

  /**
   * Expands the parameters.
   *
   * @param batch_shape New batch shape.
   * @returns A Binomial.
   */
  override expand(batch_shape: number[]): Binomial {
    const tc = this.total_count.expand(batch_shape);
    const p = this._param.expand(batch_shape);
    return new Binomial(
      tc,
      this._param === this.#probs
        ? { probs: p, validate_args: false }
        : { logits: p, validate_args: false },
    );
  }
}

function probsOrLogitsOf(
  params: BinomialOptions,
): { probs?: Param; logits?: Param; options: DistributionOptions } {
  if (params === null || typeof params !== "object" || params instanceof Tensor) {
    throw new TypeError("Binomial: pass { probs } or { logits } as the second argument");
  }
  for (const key of Object.keys(params)) {
    if (!["probs", "logits", "validate_args"].includes(key)) {
      throw new TypeError(`unexpected option '${key}' (expected probs, logits, validate_args)`);
    }
  }
  if ((params.probs === undefined) === (params.logits === undefined)) {
    throw new TypeError("Either `probs` or `logits` must be specified, but not both.");
  }
  for (const v of [params.probs, params.logits]) {
    if (v !== undefined && !isParam(v)) {
      throw new TypeError(`Binomial: probs/logits must be a Tensor or a number, got ${typeof v}`);
    }
  }
  return { probs: params.probs, logits: params.logits, options: params };
}

/**
 * The multinomial distribution, like `torch.distributions.Multinomial(total_count=1,
 * probs=None, logits=None)`; `total_count` must be an integer (torch's
 * `inhomogeneous total_count is not supported` otherwise).
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const m = new distributions.Multinomial(4, { probs: tensor([0.25, 0.75]) });
 * assert.deepEqual(m.mean.tolist(), [1, 3]);
 * assert.equal(String(m.log_prob(tensor([1, 3]))), "tensor(-0.8630)");
 * ```
 */
export class Multinomial extends Distribution {
  /** Number of trials. */
  readonly total_count: number;
  /** The Categorical of one trial. */
  readonly _categorical: Categorical;
  /** The Binomial of one category's count (for the entropy). */
  readonly _binomial: Binomial;

  /**
   * Creates the distribution.
   *
   * @param total_count Number of trials, an integer (default 1).
   * @param params `{ probs }` or `{ logits }`, with `validate_args`.
   */
  constructor(total_count: number = 1, params: ProbsOrLogits<Tensor> = {}) {
    super();
    if (!Number.isInteger(total_count)) {
      throw new Error("inhomogeneous total_count is not supported");
    }
    this.total_count = total_count;
    const { validate_args, ...pl } = params as ProbsOrLogits<Tensor>;
    this._categorical = new Categorical(pl);
    this._binomial = new Binomial(total_count, { probs: this.probs });
    this._init(
      this._categorical.batch_shape,
      this._categorical.param_shape.slice(-1),
      { validate_args },
    );
  }

  /** `{ probs: simplex, logits: real_vector }`. */
  get arg_constraints(): Record<string, Constraint> {
    return { probs: simplex, logits: real_vector };
  }
  /** `constraints.multinomial(total_count)`: non-negative integers summing to at most it. */
  get support(): Constraint {
    const n = this.total_count;
    return {
      toString: () => `Multinomial(upper_bound=${n})`,
      holds: (v: Tensor) => Boolean(v.ge(0).all().item()) && Boolean(v.sum(-1).le(n).all().item()),
      event_dim: 1,
      is_discrete: true,
    };
  }
  /** The Categorical's logits. */
  get logits(): Tensor {
    return this._categorical.logits;
  }
  /** The Categorical's probs. */
  get probs(): Tensor {
    return this._categorical.probs;
  }
  /** The parameter's shape. */
  get param_shape(): number[] {
    return this._categorical.param_shape;
  }
  /** `probs * total_count`. */
  override get mean(): Tensor {
    return this.probs.mul(this.total_count);
  }
  /** `total_count * probs * (1 - probs)`. */
  override get variance(): Tensor {
    return this.probs.mul(this.total_count).mul(this.probs.rsub(1));
  }

  /**
   * Counts of `total_count` Categorical draws (torch's draws, in torch's order).
   *
   * @param sample_shape Leading sample dims.
   * @returns Counts (floats).
   */
  override sample(sample_shape: number[] = []): Tensor {
    const ss = checkSampleShape(sample_shape, "Multinomial.sample");
    return no_grad(() => {
      let samples = this._categorical.sample([this.total_count, ...ss]);
      const idx = [...Array(samples.dim()).keys()];
      idx.push(idx.shift() as number);
      samples = samples.permute(idx);
      const counts = zeros(this._extended_shape(ss), { dtype: "int64" });
      counts.scatter_add_(-1, samples, samples.mul(0).add(1));
      return counts.type_as(this.probs);
    });
  }

  /**
   * torch's closed-form entropy through the Binomial's support.
   *
   * @returns The entropy.
   */
  override entropy(): Tensor {
    const n = this.total_count;
    // torch: n = torch.tensor(total_count) is int64, so lgamma(n + 1) comes out float32
    const term1 = this._categorical.entropy().mul(n).sub(Math.fround(lgammaOf(n + 1)));
    const support = this._binomial.enumerate_support(false).narrow(0, 1, n);
    const probs = this._binomial.log_prob(support).exp();
    const weights = support.add(1).lgamma();
    return term1.add(probs.mul(weights).sum([0, -1]));
  }

  /**
   * `lgamma(Σx + 1) - Σ lgamma(x + 1) + Σ x logits`.
   *
   * @param value Counts.
   * @returns Log-probabilities.
   */
  log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    let [logits, v] = broadcastAll([this.logits, value], "Multinomial.log_prob");
    logits = logits.where(v.eq(0).logical_and(logits.eq(-Infinity)).logical_not(), 0);
    const lfn = v.sum(-1).add(1).lgamma();
    const lfx = v.add(1).lgamma().sum(-1);
    return lfn.sub(lfx).add(logits.mul(v).sum(-1));
  }

  /**
   * Expands the Categorical.
   *
   * @param batch_shape New batch shape.
   * @returns A Multinomial.
   */
  override expand(batch_shape: number[]): Multinomial {
    const c = this._categorical.expand(batch_shape);
    return new Multinomial(this.total_count, { logits: c.logits, validate_args: false });
  }
}

function lgammaOf(x: number): number {
  let s = 0;
  for (let k = 2; k < x; k++) s += Math.log(k);
  return s; // x is a positive integer here: lgamma(x) = log((x-1)!)
}
