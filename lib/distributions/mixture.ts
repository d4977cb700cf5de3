/**
 * `MixtureSameFamily`: a Categorical mixture of the components along a distribution's
 * rightmost batch dim.
 *
 * @module
 */

import { gather } from "../ops/gather.ts";
import { no_grad } from "../tensor/autograd.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { Categorical } from "./categorical.ts";
import type { Constraint } from "./constraints.ts";
import { Distribution, type DistributionOptions } from "./distribution.ts";
import { checkSampleShape, sizeRepr } from "./shared.ts";

/**
 * A mixture of same-family components, like
 * `torch.distributions.MixtureSameFamily(mixture_distribution, component_distribution)`.
 *
 * @example A Gaussian mixture
 * ```ts
 * import { distributions as D, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const mix = new D.Categorical(tensor([0.5, 0.5]));
 * const comp = new D.Normal(tensor([-1, 1]), tensor([1, 1]));
 * const gmm = new D.MixtureSameFamily(mix, comp);
 * assert.deepEqual(gmm.batch_shape, []);
 * assert.equal(String(gmm.log_prob(tensor(0))), "tensor(-1.4189)");
 * assert.equal(String(gmm.variance), "tensor(2.)");
 * ```
 */
export class MixtureSameFamily extends Distribution {
  /** The Categorical over components. */
  readonly mixture_distribution: Categorical;
  /** The components (rightmost batch dim indexes them). */
  readonly component_distribution: Distribution;
  readonly #eventNdims: number;

  /**
   * Creates the mixture.
   *
   * @param mixture_distribution A Categorical over the K components.
   * @param component_distribution A distribution whose rightmost batch dim is K.
   * @param options `{ validate_args }`.
   */
  constructor(
    mixture_distribution: Categorical,
    component_distribution: Distribution,
    options?: DistributionOptions,
  ) {
    super();
    if (!(mixture_distribution instanceof Categorical)) {
      throw new RangeError(
        " The Mixture distribution needs to be an  instance of torch.distribtutions.Categorical",
      );
    }
    if (!(component_distribution instanceof Distribution)) {
      throw new RangeError(
        "The Component distribution need to be an instance of torch.distributions.Distribution",
      );
    }
    const mdbs = mixture_distribution.batch_shape;
    const cdbs = component_distribution.batch_shape.slice(0, -1);
    for (let k = 1; k <= Math.min(mdbs.length, cdbs.length); k++) {
      const a = mdbs[mdbs.length - k];
      const b = cdbs[cdbs.length - k];
      if (a !== 1 && b !== 1 && a !== b) {
        throw new RangeError(
          `\`mixture_distribution.batch_shape\` (${
            sizeRepr(mdbs)
          }) is not compatible with \`component_distribution.batch_shape\`(${sizeRepr(cdbs)})`,
        );
      }
    }
    const km = mixture_distribution.logits.shape[mixture_distribution.logits.dim() - 1];
    const cb = component_distribution.batch_shape;
    const kc = cb[cb.length - 1];
    if (km !== kc) {
      throw new RangeError(
        `\`mixture_distribution component\` (${km}) does not equal \`component_distribution.batch_shape[-1]\` (${kc})`,
      );
    }
    this.mixture_distribution = mixture_distribution;
    this.component_distribution = component_distribution;
    this.#eventNdims = component_distribution.event_shape.length;
    this._init(cdbs, component_distribution.event_shape, options);
  }

  /** `{}`. */
  get arg_constraints(): Record<string, Constraint> {
    return {};
  }
  /** The components' support. */
  get support(): Constraint {
    return this.component_distribution.support;
  }

  #padMixture(x: Tensor): Tensor {
    const distBatch = this.batch_shape.length;
    const catBatch = this.mixture_distribution.batch_shape.length;
    const pad = catBatch === 1 ? 0 : distBatch - catBatch;
    const xs = x.shape;
    return x.reshape([
      ...xs.slice(0, -1),
      ...Array(pad).fill(1),
      xs[xs.length - 1],
      ...Array(this.#eventNdims).fill(1),
    ]);
  }

  #pad(x: Tensor): Tensor {
    return x.unsqueeze(-1 - this.#eventNdims);
  }

  /** `sum(probs * component means)` over the component dim. */
  override get mean(): Tensor {
    const probs = this.#padMixture(this.mixture_distribution.probs);
    return probs.mul(this.component_distribution.mean).sum(-1 - this.#eventNdims);
  }

  /** Law of total variance: mean of variances plus variance of means. */
  override get variance(): Tensor {
    const probs = this.#padMixture(this.mixture_distribution.probs);
    const c = this.component_distribution;
    const meanCondVar = probs.mul(c.variance).sum(-1 - this.#eventNdims);
    const varCondMean = probs.mul(c.mean.sub(this.#pad(this.mean)).pow(2)).sum(
      -1 - this.#eventNdims,
    );
    return meanCondVar.add(varCondMean);
  }

  /**
   * `sum(cdf_k(x) * probs_k)`.
   *
   * @param x Points.
   * @returns The CDF.
   */
  override cdf(x: Tensor): Tensor {
    const cdf = this.component_distribution.cdf(this.#pad(x));
    return cdf.mul(this.mixture_distribution.probs).sum(-1);
  }

  /**
   * `logsumexp(log_prob_k(x) + log_softmax(logits))`.
   *
   * @param x Points.
   * @returns Log-densities.
   */
  log_prob(x: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(x);
    const lp = this.component_distribution.log_prob(this.#pad(x));
    const logMix = this.mixture_distribution.logits.log_softmax(-1);
    return lp.add(logMix).logsumexp(-1);
  }

  /**
   * Draws the component indices, then all components, and gathers (torch's order of draws).
   *
   * @param sample_shape Leading sample dims.
   * @returns Samples.
   */
  override sample(sample_shape: number[] = []): Tensor {
    return no_grad(() => {
      const ss = checkSampleShape(sample_shape, "MixtureSameFamily.sample");
      const gatherDim = ss.length + this.batch_shape.length;
      const es = this.event_shape;
      const mix = this.mixture_distribution.sample(ss);
      const mixShape = mix.shape;
      const comp = this.component_distribution.sample(ss);
      let r = mix.reshape([...mixShape, ...Array(es.length + 1).fill(1)]);
      r = r.repeat([...Array(mixShape.length).fill(1), 1, ...es]);
      return gather(comp, gatherDim, r).squeeze(gatherDim);
    });
  }

  /** torch raises NotImplementedError. */
  override entropy(): Tensor {
    throw new Error("MixtureSameFamily does not implement entropy (NotImplementedError)");
  }

  /**
   * Expands both distributions.
   *
   * @param batch_shape New batch shape.
   * @returns A MixtureSameFamily.
   */
  override expand(batch_shape: number[]): MixtureSameFamily {
    const k = this.mixture_distribution.param_shape;
    return new MixtureSameFamily(
      this.mixture_distribution.expand(batch_shape),
      this.component_distribution.expand([...batch_shape, k[k.length - 1]]),
      { validate_args: false },
    );
  }

  /** torch's two-line repr. */
  override toString(): string {
    return `MixtureSameFamily(\n  ${this.mixture_distribution},\n  ${this.component_distribution})`;
  }
}
