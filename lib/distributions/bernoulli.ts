import { no_grad } from "../tensor/autograd.ts";
import { Tensor } from "../tensor/tensor.ts";
import { boolean, type Constraint, real, unit_interval } from "./constraints.ts";
import { type DistributionOptions, ExponentialFamily, type Param } from "./distribution.ts";
import { broadcastAll, checkSampleShape, probsOrLogits } from "./shared.ts";
import { binary_cross_entropy_with_logits } from "../nn/losses.ts";
import { bernoulliSample, lazily, logitsToProbs, probsToLogits } from "./utils.ts";

/** The parameters of a Bernoulli or Categorical distribution: exactly one of probs and logits. */
export interface ProbsOrLogits<P> extends DistributionOptions {
  /** Event probabilities. */
  probs?: P;
  /** Log-odds (Bernoulli) or unnormalised log-probabilities (Categorical). */
  logits?: P;
}

const isParam = (v: unknown): v is Param => typeof v === "number" || v instanceof Tensor;

/**
 * The Bernoulli distribution over {0, 1}, like `torch.distributions.Bernoulli(probs)` or
 * `Bernoulli(logits=...)`: `new Bernoulli(probs)`, `new Bernoulli({ probs })` or
 * `new Bernoulli({ logits })`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const b = new distributions.Bernoulli({ probs: tensor([0.25, 0.5]) });
 * assert.equal(String(b.variance), "tensor([0.1875, 0.2500])");
 * assert.equal(String(b.log_prob(tensor([1, 0]))), "tensor([-1.3863, -0.6931])");
 * ```
 */
export class Bernoulli extends ExponentialFamily {
  #probs: Tensor | undefined;
  #logits: Tensor | undefined;
  /** The parameter given (probs or logits). */
  readonly _param: Tensor;

  /**
   * Creates the distribution; validates its parameters unless `validate_args` is false.
   *
   * @param params `probs` (tensor or number), or `{ probs }` or `{ logits }`, with `validate_args`.
   */
  constructor(params: Param | ProbsOrLogits<Param>) {
    super();
    const { probs, logits, options } = probsOrLogits(params, isParam);
    if (probs !== undefined) {
      [this.#probs] = broadcastAll([probs], "Bernoulli");
      this._stored.set("probs", this.#probs);
      this._param = this.#probs;
    } else {
      [this.#logits] = broadcastAll([logits as Param], "Bernoulli");
      this._stored.set("logits", this.#logits);
      this._param = this.#logits;
    }
    const scalar = typeof (probs ?? logits) === "number";
    this._init(scalar ? [] : this._param.shape, [], options);
  }

  /** `{ probs: unit_interval, logits: real }`. */
  get arg_constraints(): Record<string, Constraint> {
    return { probs: unit_interval, logits: real };
  }

  /** `constraints.boolean`. */
  get support(): Constraint {
    return boolean;
  }

  /** Probability of 1 (computed from logits by sigmoid when given logits). */
  get probs(): Tensor {
    if (this.#probs === undefined) {
      this.#probs = lazily(() => logitsToProbs(this.#logits as Tensor, true));
      this._stored.set("probs", this.#probs);
    }
    return this.#probs;
  }

  /** Log-odds (computed from clamped probs when given probs). */
  get logits(): Tensor {
    if (this.#logits === undefined) {
      this.#logits = lazily(() => probsToLogits(this.#probs as Tensor, true));
      this._stored.set("logits", this.#logits);
    }
    return this.#logits;
  }

  /** The shape of the parameter. */
  get param_shape(): number[] {
    return [...this._param.shape];
  }

  /** `probs`. */
  override get mean(): Tensor {
    return this.probs;
  }

  /** `probs * (1 - probs)`. */
  override get variance(): Tensor {
    return this.probs.mul(this.probs.rsub(1));
  }

  /**
   * Samples `torch.bernoulli(probs)` draws: after the same `manual_seed`, torch's values.
   *
   * @param sample_shape Leading sample dims (default none).
   * @returns 0/1 values in probs' dtype, of shape `sample_shape + batch_shape`.
   */
  override sample(sample_shape: number[] = []): Tensor {
    const shape = this._extended_shape(checkSampleShape(sample_shape, "Bernoulli.sample"));
    const probs = this.probs;
    return no_grad(() => bernoulliSample(probs.expand(shape)));
  }

  /**
   * `-binary_cross_entropy_with_logits(logits, value, reduction="none")`.
   *
   * @param value Zeros and ones.
   * @returns The log-probability.
   */
  log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const [logits, v] = broadcastAll([this.logits, value], "Bernoulli.log_prob");
    return binary_cross_entropy_with_logits(logits, v, { reduction: "none" }).neg();
  }

  /**
   * `binary_cross_entropy_with_logits(logits, probs, reduction="none")`.
   *
   * @returns The entropy, of shape `batch_shape`.
   */
  override entropy(): Tensor {
    return binary_cross_entropy_with_logits(this.logits, this.probs, { reduction: "none" });
  }

  /**
   * The same distribution with its parameter expanded to `batch_shape`.
   *
   * @param batch_shape New batch shape.
   * @returns A Bernoulli (validation off).
   */
  override expand(batch_shape: number[]): Bernoulli {
    const t = this._param.expand([...batch_shape]);
    return this._param === this.#probs
      ? new Bernoulli({ probs: t, validate_args: false })
      : new Bernoulli({ logits: t, validate_args: false });
  }
}
