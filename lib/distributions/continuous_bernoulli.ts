/**
 * `ContinuousBernoulli`: the continuous relaxation of Bernoulli on [0, 1] (Loaiza-Ganem &
 * Cunningham 2019), with torch's Taylor expansions near probs = 0.5.
 *
 * @module
 */

import { binary_cross_entropy_with_logits } from "../nn/losses.ts";
import { ones_like, zeros_like } from "../ops/create.ts";
import { where } from "../ops/elementwise.ts";
import { no_grad } from "../tensor/autograd.ts";
import { Tensor } from "../tensor/tensor.ts";
import type { ProbsOrLogits } from "./bernoulli.ts";
import { type Constraint, real, unit_interval } from "./constraints.ts";
import { ExponentialFamily, type Param } from "./distribution.ts";
import { broadcastAll, checkSampleShape, probsOrLogits, standardUniform } from "./shared.ts";
import { clampProbs, lazily, logitsToProbs, probsToLogits } from "./utils.ts";

const isParam = (v: unknown): v is Param => v instanceof Tensor || typeof v === "number";

/** ContinuousBernoulli's options: `{ probs }` or `{ logits }`, `lims`, `validate_args`. */
export interface ContinuousBernoulliOptions extends ProbsOrLogits<Param> {
  /** The unstable region around 0.5 where Taylor expansions are used (default [0.499, 0.501]). */
  lims?: [number, number];
}

/**
 * The continuous Bernoulli distribution, like
 * `torch.distributions.ContinuousBernoulli(probs=None, logits=None, lims=(0.499, 0.501))`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const d = new distributions.ContinuousBernoulli({ probs: tensor([0.2]) });
 * assert.equal(String(d.mean), "tensor([0.3880])");
 * ```
 */
export class ContinuousBernoulli extends ExponentialFamily {
  /** True: `rsample` is `icdf(rand)`. */
  override readonly has_rsample: boolean = true;
  /** The parameter given. */
  readonly _param: Tensor;
  /** The unstable region. */
  readonly _lims: [number, number];
  #probs: Tensor | undefined;
  #logits: Tensor | undefined;

  /**
   * Creates the distribution.
   *
   * @param params `probs` (tensor or number) or `{ probs }` / `{ logits }`, `lims`, `validate_args`.
   */
  constructor(params: Param | ContinuousBernoulliOptions) {
    super();
    let lims: [number, number] = [0.499, 0.501];
    let rest: Param | ProbsOrLogits<Param> = params;
    if (!isParam(params) && params !== null && typeof params === "object") {
      const { lims: l, ...others } = params as ContinuousBernoulliOptions;
      if (l !== undefined) lims = l;
      rest = others;
    }
    const { probs, logits, options } = probsOrLogits(rest, isParam);
    if (probs !== undefined) {
      let [p] = broadcastAll([probs], "ContinuousBernoulli");
      if (options.validate_args !== undefined && !unit_interval.holds(p)) {
        throw new RangeError("The parameter probs has invalid values");
      }
      p = clampProbs(p);
      this.#probs = p;
      this._stored.set("probs", p);
      this._param = p;
    } else {
      [this.#logits] = broadcastAll([logits as Param], "ContinuousBernoulli");
      this._stored.set("logits", this.#logits);
      this._param = this.#logits;
    }
    this._lims = lims;
    this._init(typeof (probs ?? logits) === "number" ? [] : this._param.shape, [], options);
  }

  /** `{ probs: unit_interval, logits: real }`. */
  get arg_constraints(): Record<string, Constraint> {
    return { probs: unit_interval, logits: real };
  }
  /** `constraints.unit_interval`. */
  get support(): Constraint {
    return unit_interval;
  }
  /** Probabilities (clamped into [eps, 1 - eps]). */
  get probs(): Tensor {
    if (this.#probs === undefined) {
      this.#probs = lazily(() => clampProbs(logitsToProbs(this.#logits as Tensor, true)));
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

  #outside(): Tensor {
    return this.probs.le(this._lims[0]).logical_or(this.probs.gt(this._lims[1]));
  }

  #cut(): Tensor {
    return where(this.#outside(), this.probs, ones_like(this.probs).mul(this._lims[0]));
  }

  /** torch's `_cont_bern_log_norm`: the log normalising constant. */
  _cont_bern_log_norm(): Tensor {
    const cut = this.#cut();
    const below = where(cut.le(0.5), cut, zeros_like(cut));
    const above = where(cut.ge(0.5), cut, ones_like(cut));
    const logNorm = cut.neg().log1p().sub(cut.log()).abs().log().sub(
      where(cut.le(0.5), below.mul(-2).log1p(), above.mul(2).sub(1).log()),
    );
    const x = this.probs.sub(0.5).pow(2);
    const taylor = x.mul(104 / 45).add(4 / 3).mul(x).add(Math.log(2));
    return where(this.#outside(), logNorm, taylor);
  }

  /** torch's mean (Taylor expansion near 0.5). */
  override get mean(): Tensor {
    const cut = this.#cut();
    const mus = cut.div(cut.mul(2).sub(1)).add(cut.neg().log1p().sub(cut.log()).reciprocal());
    const x = this.probs.sub(0.5);
    const taylor = x.pow(2).mul(16 / 45).add(1 / 3).mul(x).add(0.5);
    return where(this.#outside(), mus, taylor);
  }
  /** `sqrt(variance)`. */
  override get stddev(): Tensor {
    return this.variance.sqrt();
  }
  /** torch's variance (Taylor expansion near 0.5). */
  override get variance(): Tensor {
    const cut = this.#cut();
    const vars = cut.mul(cut.sub(1)).div(cut.mul(2).rsub(1).pow(2)).add(
      cut.neg().log1p().sub(cut.log()).pow(2).reciprocal(),
    );
    const x = this.probs.sub(0.5).pow(2);
    const taylor = x.mul(128 / 945).rsub(1 / 15).mul(x).rsub(1 / 12);
    return where(this.#outside(), vars, taylor);
  }

  /**
   * `icdf(rand)` without gradient (torch's uniform draws).
   *
   * @param sample_shape Leading sample dims.
   * @returns Samples.
   */
  override sample(sample_shape: number[] = []): Tensor {
    const shape = this._extended_shape(checkSampleShape(sample_shape, "sample"));
    const u = standardUniform(shape, this.probs.dtype);
    return no_grad(() => this.icdf(u));
  }
  /**
   * `icdf(rand)`.
   *
   * @param sample_shape Leading sample dims.
   * @returns Reparameterised samples.
   */
  override rsample(sample_shape: number[] = []): Tensor {
    const shape = this._extended_shape(checkSampleShape(sample_shape, "rsample"));
    return this.icdf(standardUniform(shape, this.probs.dtype));
  }
  /**
   * `-bce_with_logits(logits, value) + log_norm`.
   *
   * @param value Points in [0, 1].
   * @returns Log-densities.
   */
  log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const [logits, v] = broadcastAll([this.logits, value], "log_prob");
    return binary_cross_entropy_with_logits(logits, v, { reduction: "none" }).neg().add(
      this._cont_bern_log_norm(),
    );
  }
  /**
   * torch's CDF.
   *
   * @param value Points.
   * @returns The CDF.
   */
  override cdf(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const cut = this.#cut();
    const cdfs = cut.pow(value).mul(cut.rsub(1).pow(value.rsub(1))).add(cut).sub(1).div(
      cut.mul(2).sub(1),
    );
    const unbounded = where(this.#outside(), cdfs, value);
    return where(value.le(0), zeros_like(value), where(value.ge(1), ones_like(value), unbounded));
  }
  /**
   * torch's inverse CDF.
   *
   * @param value Probabilities.
   * @returns Quantiles.
   */
  override icdf(value: Tensor): Tensor {
    const cut = this.#cut();
    const q = cut.neg().add(value.mul(cut.mul(2).sub(1))).log1p().sub(cut.neg().log1p()).div(
      cut.log().sub(cut.neg().log1p()),
    );
    return where(this.#outside(), q, value);
  }
  /**
   * `mean (log(1-p) - log p) - log_norm - log(1-p)`.
   *
   * @returns The entropy.
   */
  override entropy(): Tensor {
    const l0 = this.probs.neg().log1p();
    const l1 = this.probs.log();
    return this.mean.mul(l0.sub(l1)).sub(this._cont_bern_log_norm()).sub(l0);
  }
  /**
   * Expands the parameter.
   *
   * @param batch_shape New batch shape.
   * @returns A ContinuousBernoulli.
   */
  override expand(batch_shape: number[]): ContinuousBernoulli {
    const p = this._param.expand(batch_shape);
    return new ContinuousBernoulli(
      this._param === this.#probs
        ? { probs: p, lims: this._lims, validate_args: false }
        : { logits: p, lims: this._lims, validate_args: false },
    );
  }
}
