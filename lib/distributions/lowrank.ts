/**
 * `LowRankMultivariateNormal`: a multivariate normal with covariance `W Wᵀ + diag(D)`, using
 * the capacitance matrix `I + Wᵀ D⁻¹ W` (Woodbury and the matrix determinant lemma) as torch.
 *
 * @module
 */

import { eye } from "../ops/create.ts";
import { broadcastShapes } from "../tensor/shape.ts";
import { Tensor } from "../tensor/tensor.ts";
import { type Constraint, independent, positive, real, real_vector } from "./constraints.ts";
import { Distribution, type DistributionOptions } from "./distribution.ts";
import {
  batchMv,
  capacitanceTril,
  cholesky,
  diagEmbed,
  lowrankLogdet,
  lowrankMahalanobis,
  mT,
  solveTriangularLower,
} from "./linalg.ts";
import { checkSampleShape, kindOf, sizeRepr, standardNormal } from "./shared.ts";

/**
 * A multivariate normal with low-rank-plus-diagonal covariance, like
 * `torch.distributions.LowRankMultivariateNormal(loc, cov_factor, cov_diag)`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const d = new distributions.LowRankMultivariateNormal(
 *   tensor([0, 0]), tensor([[1], [0]]), tensor([1, 1]),
 * );
 * assert.deepEqual(d.covariance_matrix.tolist(), [[2, 0], [0, 1]]);
 * assert.equal(String(d.entropy()), "tensor(3.1845)");
 * ```
 */
export class LowRankMultivariateNormal extends Distribution {
  /** True. */
  override readonly has_rsample: boolean = true;
  /** The mean, broadcast to the batch. */
  readonly loc: Tensor;
  /** The factor W (n × m), broadcast. */
  readonly cov_factor: Tensor;
  /** The diagonal D, broadcast. */
  readonly cov_diag: Tensor;
  /** W as given. */
  readonly _unbroadcasted_cov_factor: Tensor;
  /** D as given. */
  readonly _unbroadcasted_cov_diag: Tensor;
  /** `cholesky(I + Wᵀ D⁻¹ W)`. */
  readonly _capacitance_tril: Tensor;

  /**
   * Creates the distribution.
   *
   * @param loc Mean, at least one-dimensional.
   * @param cov_factor W, of shape (..., n, m).
   * @param cov_diag D, positive, of shape (..., n).
   * @param options `{ validate_args }`.
   */
  constructor(loc: Tensor, cov_factor: Tensor, cov_diag: Tensor, options?: DistributionOptions) {
    super();
    for (const [k, v] of [["loc", loc], ["cov_factor", cov_factor], ["cov_diag", cov_diag]]) {
      if (!(v instanceof Tensor)) {
        throw new TypeError(`LowRankMultivariateNormal: ${k} must be a Tensor, got ${kindOf(v)}`);
      }
    }
    if (loc.dim() < 1) throw new RangeError("loc must be at least one-dimensional.");
    const n = loc.shape[loc.dim() - 1];
    if (cov_factor.dim() < 2) {
      throw new RangeError(
        "cov_factor must be at least two-dimensional, with optional leading batch dimensions",
      );
    }
    if (cov_factor.shape[cov_factor.dim() - 2] !== n) {
      throw new RangeError(`cov_factor must be a batch of matrices with shape ${n} x m`);
    }
    if (cov_diag.shape[cov_diag.dim() - 1] !== n) {
      throw new RangeError(`cov_diag must be a batch of vectors with shape torch.Size([${n}])`);
    }
    const m = cov_factor.shape[cov_factor.dim() - 1];
    let batch: number[];
    try {
      batch = broadcastShapes(
        broadcastShapes(loc.shape.slice(0, -1), cov_factor.shape.slice(0, -2), "lowrank"),
        cov_diag.shape.slice(0, -1),
        "lowrank",
      );
    } catch {
      throw new RangeError(
        `Incompatible batch shapes: loc ${sizeRepr(loc.shape)}, cov_factor ${
          sizeRepr(cov_factor.shape)
        }, cov_diag ${sizeRepr(cov_diag.shape)}`,
      );
    }
    // as torch: broadcast loc[..., None] and cov_diag[..., None] with W, then take [..., 0]
    this.loc = loc.unsqueeze(-1).expand([...batch, n, m]).select(-1, 0);
    this.cov_factor = cov_factor.expand([...batch, n, m]);
    this.cov_diag = cov_diag.unsqueeze(-1).expand([...batch, n, m]).select(-1, 0);
    this._unbroadcasted_cov_factor = cov_factor;
    this._unbroadcasted_cov_diag = cov_diag;
    this._capacitance_tril = capacitanceTril(cov_factor, cov_diag);
    this._stored.set("loc", this.loc);
    this._stored.set("cov_factor", this.cov_factor);
    this._stored.set("cov_diag", this.cov_diag);
    this._init(batch, [n], options);
  }

  /** torch's constraints. */
  get arg_constraints(): Record<string, Constraint> {
    return {
      loc: real_vector,
      cov_factor: independent(real, 2),
      cov_diag: independent(positive, 1),
    };
  }
  /** `constraints.real_vector`. */
  get support(): Constraint {
    return real_vector;
  }
  /** `loc`. */
  override get mean(): Tensor {
    return this.loc;
  }
  /** `loc`. */
  override get mode(): Tensor {
    return this.loc;
  }
  /** `Σ W² + D`. */
  override get variance(): Tensor {
    return this._unbroadcasted_cov_factor.pow(2).sum(-1).add(this._unbroadcasted_cov_diag)
      .expand([...this.batch_shape, ...this.event_shape]);
  }
  /** `W Wᵀ + diag(D)`. */
  get covariance_matrix(): Tensor {
    const W = this._unbroadcasted_cov_factor;
    const n = this.event_shape[0];
    return W.matmul(mT(W)).add(diagEmbed(this._unbroadcasted_cov_diag))
      .expand([...this.batch_shape, n, n]);
  }
  /** `D⁻¹ - Aᵀ A` with `A = C⁻¹ Wᵀ D⁻¹`. */
  get precision_matrix(): Tensor {
    const D = this._unbroadcasted_cov_diag;
    const wtDinv = mT(this._unbroadcasted_cov_factor).div(D.unsqueeze(-2));
    const A = solveTriangularLower(this._capacitance_tril, wtDinv);
    const n = this.event_shape[0];
    return diagEmbed(D.reciprocal()).sub(mT(A).matmul(A)).expand([...this.batch_shape, n, n]);
  }
  /** `sqrt(D) cholesky(I + D^-½ W Wᵀ D^-½)`. */
  get scale_tril(): Tensor {
    const n = this.event_shape[0];
    const s = this._unbroadcasted_cov_diag.sqrt().unsqueeze(-1);
    const dw = this._unbroadcasted_cov_factor.div(s);
    const K = dw.matmul(mT(dw)).add(eye(n, { dtype: dw.dtype }));
    return s.mul(cholesky(K)).expand([...this.batch_shape, n, n]);
  }

  /**
   * `loc + W eps_W + sqrt(D) eps_D` (torch's normal draws, W's first).
   *
   * @param sample_shape Leading sample dims.
   * @returns Reparameterised samples.
   */
  override rsample(sample_shape: number[] = []): Tensor {
    const shape = this._extended_shape(checkSampleShape(sample_shape, "rsample"));
    const m = this.cov_factor.shape[this.cov_factor.dim() - 1];
    const epsW = standardNormal([...shape.slice(0, -1), m], this.loc.dtype);
    const epsD = standardNormal(shape, this.loc.dtype);
    return this.loc.add(batchMv(this._unbroadcasted_cov_factor, epsW)).add(
      this._unbroadcasted_cov_diag.sqrt().mul(epsD),
    );
  }
  /**
   * `-½ (n log 2π + log det Σ + Mahalanobis)`.
   *
   * @param value Points.
   * @returns Log-densities.
   */
  log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const W = this._unbroadcasted_cov_factor;
    const D = this._unbroadcasted_cov_diag;
    const M = lowrankMahalanobis(W, D, value.sub(this.loc), this._capacitance_tril);
    const logDet = lowrankLogdet(W, D, this._capacitance_tril);
    return logDet.add(M).add(this.event_shape[0] * Math.log(2 * Math.PI)).mul(-0.5);
  }
  /**
   * `½ (n (1 + log 2π) + log det Σ)`.
   *
   * @returns The entropy.
   */
  override entropy(): Tensor {
    const logDet = lowrankLogdet(
      this._unbroadcasted_cov_factor,
      this._unbroadcasted_cov_diag,
      this._capacitance_tril,
    );
    const H = logDet.add(this.event_shape[0] * (1 + Math.log(2 * Math.PI))).mul(0.5);
    return this.batch_shape.length === 0 ? H : H.expand(this.batch_shape);
  }
  /**
   * Expands the parameters.
   *
   * @param batch_shape New batch shape.
   * @returns A LowRankMultivariateNormal.
   */
  override expand(batch_shape: number[]): LowRankMultivariateNormal {
    const n = this.event_shape[0];
    const m = this.cov_factor.shape[this.cov_factor.dim() - 1];
    return new LowRankMultivariateNormal(
      this.loc.expand([...batch_shape, n]),
      this.cov_factor.expand([...batch_shape, n, m]),
      this.cov_diag.expand([...batch_shape, n]),
      { validate_args: false },
    );
  }
}
