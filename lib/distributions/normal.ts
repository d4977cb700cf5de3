import type { Tensor } from "../tensor/tensor.ts";
import { type Constraint, positive, real } from "./constraints.ts";
import { type DistributionOptions, ExponentialFamily, type Param } from "./distribution.ts";
import { broadcastAll, checkSampleShape, standardNormal } from "./shared.ts";

const LOG_SQRT_2PI = Math.log(Math.sqrt(2 * Math.PI));
const HALF_LOG_2PI_E = 0.5 + 0.5 * Math.log(2 * Math.PI);

/**
 * The normal distribution with mean `loc` and standard deviation `scale`, like
 * `torch.distributions.Normal(loc, scale)`. Numbers and tensors broadcast together.
 *
 * @example KL to a standard normal, as VAE code computes it
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const q = new distributions.Normal(tensor([0.5, -1]), tensor([1, 0.5]));
 * const p = new distributions.Normal(0, 1);
 * assert.equal(String(q), "Normal(loc: torch.Size([2]), scale: torch.Size([2]))");
 * assert.equal(String(distributions.kl_divergence(q, p)), "tensor([0.1250, 0.8181])");
 * ```
 */
export class Normal extends ExponentialFamily {
  /** True: `rsample` draws reparameterised samples. */
  override readonly has_rsample: boolean = true;
  /** The mean. */
  readonly loc: Tensor;
  /** The standard deviation. */
  readonly scale: Tensor;

  /**
   * Creates the distribution; validates its parameters unless `validate_args` is false.
   *
   * @param loc Mean (tensor or number).
   * @param scale Standard deviation, positive (tensor or number).
   * @param options `{ validate_args }`.
   */
  constructor(loc: Param, scale: Param, options?: DistributionOptions) {
    super();
    [this.loc, this.scale] = broadcastAll([loc, scale], "Normal");
    this._stored.set("loc", this.loc);
    this._stored.set("scale", this.scale);
    const scalars = typeof loc === "number" && typeof scale === "number";
    this._init(scalars ? [] : this.loc.shape, [], options);
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

  /** `scale`. */
  override get stddev(): Tensor {
    return this.scale;
  }

  /** `scale ** 2`. */
  override get variance(): Tensor {
    return this.scale.pow(2);
  }

  /**
   * Reparameterised samples `loc + eps * scale`, `eps` drawn as torch's randn.
   *
   * @param sample_shape Leading sample dims (default none).
   * @returns A tensor of shape `sample_shape + batch_shape`, differentiable in loc and scale.
   */
  override rsample(sample_shape: number[] = []): Tensor {
    const shape = this._extended_shape(checkSampleShape(sample_shape, "Normal.rsample"));
    const eps = standardNormal(shape, this.loc.dtype);
    return this.loc.add(eps.mul(this.scale));
  }

  /**
   * `-((value - loc) ** 2) / (2 * var) - log(scale) - log(sqrt(2π))`.
   *
   * @param value Points to score.
   * @returns The log-density, broadcast over value and the batch.
   */
  log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const variance = this.scale.pow(2);
    return value.sub(this.loc).pow(2).neg().div(variance.mul(2)).sub(this.scale.log()).sub(
      LOG_SQRT_2PI,
    );
  }

  /**
   * `0.5 * (1 + erf((value - loc) / (scale * sqrt(2))))`.
   *
   * @param value Points.
   * @returns The CDF.
   */
  override cdf(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return value.sub(this.loc).mul(this.scale.reciprocal()).div(Math.SQRT2).erf().add(1).mul(0.5);
  }

  /**
   * `loc + scale * erfinv(2 value - 1) * sqrt(2)`.
   *
   * @param value Probabilities.
   * @returns Quantiles.
   */
  override icdf(value: Tensor): Tensor {
    return this.loc.add(this.scale.mul(value.mul(2).sub(1).erfinv()).mul(Math.SQRT2));
  }

  /**
   * `0.5 + 0.5 * log(2π) + log(scale)`.
   *
   * @returns The entropy, of shape `batch_shape`.
   */
  override entropy(): Tensor {
    return this.scale.log().add(HALF_LOG_2PI_E);
  }

  /**
   * The same distribution with loc and scale expanded to `batch_shape`.
   *
   * @param batch_shape New batch shape.
   * @returns A Normal (validation off).
   */
  override expand(batch_shape: number[]): Normal {
    return new Normal(this.loc.expand([...batch_shape]), this.scale.expand([...batch_shape]), {
      validate_args: false,
    });
  }
}
