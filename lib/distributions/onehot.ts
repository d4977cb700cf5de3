/**
 * `OneHotCategorical` and `OneHotCategoricalStraightThrough`: a Categorical whose samples are
 * one-hot vectors, the second with straight-through gradients.
 *
 * @module
 */

import { one_hot as oneHot } from "../nn/sparse.ts";
import { Tensor } from "../tensor/tensor.ts";
import type { ProbsOrLogits } from "./bernoulli.ts";
import { Categorical } from "./categorical.ts";
import { type Constraint, one_hot, real_vector, simplex } from "./constraints.ts";
import { Distribution } from "./distribution.ts";
import { checkSampleShape } from "./shared.ts";

/**
 * A categorical distribution over one-hot vectors, like
 * `torch.distributions.OneHotCategorical(probs=None, logits=None)`.
 *
 * @example
 * ```ts
 * import { distributions, manual_seed, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const d = new distributions.OneHotCategorical({ probs: tensor([0, 1, 0]) });
 * manual_seed(0);
 * assert.deepEqual(d.sample().tolist(), [0, 1, 0]);
 * assert.deepEqual(d.event_shape, [3]);
 * ```
 */
export class OneHotCategorical extends Distribution {
  /** The Categorical over indices. */
  readonly _categorical: Categorical;

  /**
   * Creates the distribution.
   *
   * @param params `probs` (a tensor), or `{ probs }` or `{ logits }`, with `validate_args`.
   */
  constructor(params: Tensor | ProbsOrLogits<Tensor>) {
    super();
    this._categorical = new Categorical(params);
    const opts = params instanceof Tensor ? {} : params;
    const ps = this._categorical.param_shape;
    this._init(this._categorical.batch_shape, ps.slice(-1), opts);
  }

  /** `{ probs: simplex, logits: real_vector }`. */
  get arg_constraints(): Record<string, Constraint> {
    return { probs: simplex, logits: real_vector };
  }
  /** `constraints.one_hot`. */
  get support(): Constraint {
    return one_hot;
  }
  /** The Categorical's probabilities. */
  get probs(): Tensor {
    return this._categorical.probs;
  }
  /** The Categorical's logits. */
  get logits(): Tensor {
    return this._categorical.logits;
  }
  /** The parameter's shape. */
  get param_shape(): number[] {
    return this._categorical.param_shape;
  }
  /** `probs`. */
  override get mean(): Tensor {
    return this._categorical.probs;
  }
  /** The one-hot vector of the most probable category. */
  override get mode(): Tensor {
    const probs = this._categorical.probs;
    return oneHot(probs.argmax(-1), probs.shape[probs.dim() - 1]).to(probs.dtype);
  }
  /** `probs * (1 - probs)`. */
  override get variance(): Tensor {
    const p = this._categorical.probs;
    return p.mul(p.rsub(1));
  }

  /**
   * One-hot vectors of the Categorical's samples (torch's draws).
   *
   * @param sample_shape Leading sample dims.
   * @returns Samples of shape `sample_shape + batch_shape + [K]`.
   */
  override sample(sample_shape: number[] = []): Tensor {
    const shape = checkSampleShape(sample_shape, `${this.constructor.name}.sample`);
    const probs = this._categorical.probs;
    const indices = this._categorical.sample(shape);
    return oneHot(indices, this._categorical._num_events).to(probs.dtype);
  }

  /**
   * The Categorical's log-probability of each vector's argmax.
   *
   * @param value One-hot vectors.
   * @returns Log-probabilities.
   */
  log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const indices = value.max(-1).indices;
    return this._categorical.log_prob(indices);
  }

  /**
   * The Categorical's entropy.
   *
   * @returns The entropy.
   */
  override entropy(): Tensor {
    return this._categorical.entropy();
  }

  /**
   * Expands the Categorical.
   *
   * @param batch_shape New batch shape.
   * @returns A OneHotCategorical of the same class.
   */
  override expand(batch_shape: number[]): OneHotCategorical {
    const c = this._categorical.expand(batch_shape);
    const C = this.constructor as typeof OneHotCategorical;
    const out = c._stored.has("probs")
      ? new C({ probs: c.probs, validate_args: false })
      : new C({ logits: c.logits, validate_args: false });
    return out;
  }
}

/**
 * OneHotCategorical with straight-through gradients, like
 * `torch.distributions.OneHotCategoricalStraightThrough`: `rsample` is
 * `sample + (probs - probs.detach())`.
 *
 * @example
 * ```ts
 * import { distributions, manual_seed, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const logits = tensor([0.5, 0.1, -0.3], { requires_grad: true });
 * const d = new distributions.OneHotCategoricalStraightThrough({ logits });
 * manual_seed(0);
 * const s = d.rsample();
 * s.mul(tensor([1, 2, 3])).sum().backward();
 * assert.equal(logits.grad?.shape[0], 3);
 * ```
 */
export class OneHotCategoricalStraightThrough extends OneHotCategorical {
  /** True: straight-through samples. */
  override readonly has_rsample: boolean = true;

  /**
   * `sample + (probs - probs.detach())`.
   *
   * @param sample_shape Leading sample dims.
   * @returns One-hot samples carrying the probabilities' gradient.
   */
  override rsample(sample_shape: number[] = []): Tensor {
    const samples = this.sample(sample_shape);
    const probs = this._categorical.probs;
    return samples.add(probs.sub(probs.detach()));
  }
}
