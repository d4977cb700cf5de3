import { full, multinomial } from "../ops/create.ts";
import { no_grad } from "../tensor/autograd.ts";
import { broadcastShapes, numelOf, sameShape } from "../tensor/shape.ts";
import { Tensor } from "../tensor/tensor.ts";
import { type Constraint, integer_interval, real_vector, simplex } from "./constraints.ts";
import { Distribution } from "./distribution.ts";
import type { ProbsOrLogits } from "./bernoulli.ts";
import { checkSampleShape, probsOrLogits } from "./shared.ts";
import { finfoMin, lazily, logitsToProbs, probsToLogits } from "./utils.ts";

const isTensor = (v: unknown): v is Tensor => v instanceof Tensor;

/**
 * A categorical distribution over `0 … K-1`, like `torch.distributions.Categorical(probs)`:
 * `new Categorical(probs)`, `new Categorical({ probs })` or `new Categorical({ logits })`,
 * the last dim indexing the categories. Probabilities are normalised to sum to 1; logits are
 * normalised by subtracting their logsumexp.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const c = new distributions.Categorical({ probs: tensor([1, 1, 2]) });
 * assert.equal(String(c.probs), "tensor([0.2500, 0.2500, 0.5000])");
 * assert.equal(String(c.log_prob(tensor(2))), "tensor(-0.6931)");
 * assert.equal(String(c.entropy()), "tensor(1.0397)");
 * ```
 */
export class Categorical extends Distribution {
  #probs: Tensor | undefined;
  #logits: Tensor | undefined;
  /** The normalised parameter given (probs or logits). */
  readonly _param: Tensor;
  /** The number of categories. */
  readonly _num_events: number;

  /**
   * Creates the distribution; validates its parameters unless `validate_args` is false.
   *
   * @param params `probs` (a tensor), or `{ probs }` or `{ logits }`, with `validate_args`.
   */
  constructor(params: Tensor | ProbsOrLogits<Tensor>) {
    super();
    const { probs, logits, options } = probsOrLogits(params, isTensor);
    const given = (probs ?? logits) as Tensor;
    const name = probs !== undefined ? "probs" : "logits";
    if (!(given instanceof Tensor)) {
      throw new TypeError(`Categorical: \`${name}\` must be a Tensor, got ${typeof given}`);
    }
    if (given.dim() < 1) {
      throw new RangeError(`\`${name}\` parameter must be at least one-dimensional.`);
    }
    if (probs !== undefined) {
      this.#probs = probs.div(probs.sum(-1, true));
      this._stored.set("probs", this.#probs);
      this._param = this.#probs;
    } else {
      this.#logits = given.sub(given.logsumexp(-1, true));
      this._stored.set("logits", this.#logits);
      this._param = this.#logits;
    }
    this._num_events = this._param.shape[this._param.dim() - 1];
    this._init(this._param.dim() > 1 ? this._param.shape.slice(0, -1) : [], [], options);
  }

  /** `{ probs: simplex, logits: real_vector }`. */
  get arg_constraints(): Record<string, Constraint> {
    return { probs: simplex, logits: real_vector };
  }

  /** `integer_interval(0, K - 1)`. */
  get support(): Constraint {
    return integer_interval(0, this._num_events - 1);
  }

  /** Normalised probabilities (softmax of logits when given logits). */
  get probs(): Tensor {
    if (this.#probs === undefined) {
      this.#probs = lazily(() => logitsToProbs(this.#logits as Tensor, false));
      this._stored.set("probs", this.#probs);
    }
    return this.#probs;
  }

  /** Normalised log-probabilities (log of clamped probs when given probs). */
  get logits(): Tensor {
    if (this.#logits === undefined) {
      this.#logits = lazily(() => probsToLogits(this.#probs as Tensor, false));
      this._stored.set("logits", this.#logits);
    }
    return this.#logits;
  }

  /** The shape of the parameter. */
  get param_shape(): number[] {
    return [...this._param.shape];
  }

  /** NaN (a category has no mean), of shape `batch_shape`. */
  override get mean(): Tensor {
    return full(this._extended_shape(), NaN, { dtype: this.probs.dtype });
  }

  /** NaN, of shape `batch_shape`. */
  override get variance(): Tensor {
    return full(this._extended_shape(), NaN, { dtype: this.probs.dtype });
  }

  /**
   * Samples category indices with `torch.multinomial(probs_2d, n, replacement=True)`.
   *
   * @param sample_shape Leading sample dims (default none).
   * @returns int64 indices of shape `sample_shape + batch_shape`.
   */
  override sample(sample_shape: number[] = []): Tensor {
    const shape = checkSampleShape(sample_shape, "Categorical.sample");
    const probs2d = this.probs.reshape(-1, this._num_events);
    const samples2d = no_grad(() => multinomial(probs2d, numelOf(shape), true)).t();
    return samples2d.reshape(this._extended_shape(shape));
  }

  /**
   * The log-probability of each category index in `value` (broadcast against the batch).
   *
   * @param value Category indices (int64, or floats holding integers).
   * @returns `log_pmf.gather(-1, value)`.
   */
  log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const v = value.long().unsqueeze(-1);
    const logits = this.logits;
    const shape = broadcastShapes(v.shape, logits.shape, "Categorical.log_prob");
    const logPmf = sameShape(logits.shape, shape) ? logits : logits.expand(shape);
    const index = v.expand([...shape.slice(0, -1), 1]);
    return logPmf.gather(-1, index).squeeze(-1);
  }

  /**
   * `-(clamp(logits, min=finfo.min) * probs).sum(-1)`.
   *
   * @returns The entropy, of shape `batch_shape`.
   */
  override entropy(): Tensor {
    const logits = this.logits.clamp(finfoMin(this.logits.dtype), null);
    return logits.mul(this.probs).sum(-1).neg();
  }

  /**
   * The same distribution with its parameter expanded to `batch_shape`.
   *
   * @param batch_shape New batch shape.
   * @returns A Categorical (validation off).
   */
  override expand(batch_shape: number[]): Categorical {
    const shape = [...batch_shape, this._num_events];
    if (this._stored.has("probs") && this._param === this.#probs) {
      return new Categorical({ probs: this.probs.expand(shape), validate_args: false });
    }
    return new Categorical({ logits: this.logits.expand(shape), validate_args: false });
  }
}
