import { eye } from "../ops/create.ts";
import { matmul } from "../ops/linalg.ts";
import { broadcastShapes } from "../tensor/shape.ts";
import { Tensor } from "../tensor/tensor.ts";
import { type Constraint, lower_cholesky, positive_definite, real_vector } from "./constraints.ts";
import { Distribution, type DistributionOptions } from "./distribution.ts";
import { checkSampleShape, standardNormal } from "./shared.ts";
import {
  batchMahalanobis,
  batchMv,
  cholesky,
  choleskyInverse,
  diagonal,
  flipMatrices,
  solveTriangularLower,
} from "./linalg.ts";
import { lazily } from "./utils.ts";

const LOG_2PI = Math.log(2 * Math.PI);

/** How a MultivariateNormal's covariance is given: exactly one of the three. */
export interface CovarianceOptions extends DistributionOptions {
  /** Positive-definite covariance matrices (..., n, n). */
  covariance_matrix?: Tensor;
  /** Positive-definite precision (inverse covariance) matrices. */
  precision_matrix?: Tensor;
  /** Lower-triangular factors L with a positive diagonal, covariance L Lᵀ. */
  scale_tril?: Tensor;
}

/** `_precision_to_scale_tril`: the Cholesky factor of P⁻¹ without inverting P. */
function precisionToScaleTril(p: Tensor): Tensor {
  const lf = cholesky(flipMatrices(p));
  const lInv = flipMatrices(lf).transpose(-2, -1);
  return solveTriangularLower(lInv, eye(p.shape[p.dim() - 1], { dtype: p.dtype }));
}

/**
 * The multivariate normal distribution, like `torch.distributions.MultivariateNormal(loc,
 * covariance_matrix=..., precision_matrix=..., scale_tril=...)`: `new MultivariateNormal(loc,
 * { scale_tril })` (or `{ covariance_matrix }`, `{ precision_matrix }`, or the covariance as a
 * bare second argument). Everything is computed from the lower Cholesky factor of the
 * covariance.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const m = new distributions.MultivariateNormal(tensor([0, 0]), {
 *   covariance_matrix: tensor([[4, 2], [2, 2]]),
 * });
 * assert.equal(String(m.scale_tril), "tensor([[2., 0.],\n        [1., 1.]])");
 * assert.equal(String(m.variance), "tensor([4., 2.])");
 * assert.equal(String(m.entropy()), "tensor(3.5310)");
 * ```
 */
export class MultivariateNormal extends Distribution {
  /** True: `rsample` draws reparameterised samples. */
  override readonly has_rsample: boolean = true;
  /** The mean, expanded to `batch_shape + event_shape`. */
  readonly loc: Tensor;
  /** The Cholesky factor of the covariance, before broadcasting to the batch. */
  readonly _unbroadcasted_scale_tril: Tensor;

  /**
   * Creates the distribution; validates its parameters unless `validate_args` is false.
   *
   * @param loc Mean vectors (..., n).
   * @param params `{ covariance_matrix }`, `{ precision_matrix }` or `{ scale_tril }` with
   *   `validate_args`, or a covariance matrix.
   */
  constructor(loc: Tensor, params: Tensor | CovarianceOptions) {
    super();
    if (!(loc instanceof Tensor)) {
      throw new TypeError(`MultivariateNormal: loc must be a Tensor, got ${typeof loc}`);
    }
    if (loc.dim() < 1) throw new RangeError("loc must be at least one-dimensional.");
    const opts: CovarianceOptions = params instanceof Tensor
      ? { covariance_matrix: params }
      : (params ?? {});
    for (const key of Object.keys(opts)) {
      if (!["covariance_matrix", "precision_matrix", "scale_tril", "validate_args"].includes(key)) {
        throw new TypeError(
          `MultivariateNormal: unexpected option '${key}' (expected covariance_matrix, precision_matrix, scale_tril, validate_args)`,
        );
      }
    }
    const given = (["scale_tril", "covariance_matrix", "precision_matrix"] as const).filter((k) =>
      opts[k] !== undefined && opts[k] !== null
    );
    if (given.length !== 1) {
      throw new TypeError(
        "Exactly one of covariance_matrix or precision_matrix or scale_tril may be specified.",
      );
    }
    const key = given[0];
    const matrix = opts[key] as Tensor;
    if (!(matrix instanceof Tensor)) {
      throw new TypeError(`MultivariateNormal: ${key} must be a Tensor, got ${typeof matrix}`);
    }
    if (matrix.dim() < 2) {
      throw new RangeError(
        `${key} matrix must be at least two-dimensional, with optional leading batch dimensions`
          .replace("covariance_matrix matrix", "covariance_matrix")
          .replace("precision_matrix matrix", "precision_matrix"),
      );
    }
    const n = loc.shape[loc.dim() - 1];
    const size = matrix.shape.slice(-2);
    if (size[0] !== n || size[1] !== n) {
      throw new RangeError(
        `MultivariateNormal: ${key} must be ${n}x${n} matrices to match loc's last dim ${n}, got ${
          size.join("x")
        }`,
      );
    }
    const batch = broadcastShapes(
      matrix.shape.slice(0, -2),
      loc.shape.slice(0, -1),
      "MultivariateNormal",
    );
    this._stored.set(key, matrix.expand([...batch, n, n]));
    this.loc = loc.expand([...batch, n]);
    this._stored.set("loc", this.loc);
    this._init(batch, [n], opts);
    this._unbroadcasted_scale_tril = key === "scale_tril"
      ? matrix
      : key === "covariance_matrix"
      ? cholesky(matrix)
      : precisionToScaleTril(matrix);
  }

  /** `{ loc, covariance_matrix, precision_matrix, scale_tril }` constraints. */
  get arg_constraints(): Record<string, Constraint> {
    return {
      loc: real_vector,
      covariance_matrix: positive_definite,
      precision_matrix: positive_definite,
      scale_tril: lower_cholesky,
    };
  }

  /** `constraints.real_vector`. */
  get support(): Constraint {
    return real_vector;
  }

  #full(): number[] {
    return [...this.batch_shape, ...this.event_shape, ...this.event_shape];
  }

  #lazy(key: string, make: () => Tensor): Tensor {
    let t = this._stored.get(key);
    if (t === undefined) {
      t = lazily(make);
      this._stored.set(key, t);
    }
    return t;
  }

  /** The lower Cholesky factor of the covariance, expanded to the batch. */
  get scale_tril(): Tensor {
    return this.#lazy("scale_tril", () => this._unbroadcasted_scale_tril.expand(this.#full()));
  }

  /** The covariance `L Lᵀ`. */
  get covariance_matrix(): Tensor {
    const l = this._unbroadcasted_scale_tril;
    return this.#lazy(
      "covariance_matrix",
      () => matmul(l, l.transpose(-2, -1)).expand(this.#full()),
    );
  }

  /** The precision `(L Lᵀ)⁻¹` (torch's cholesky_inverse). */
  get precision_matrix(): Tensor {
    const l = this._unbroadcasted_scale_tril;
    return this.#lazy("precision_matrix", () => choleskyInverse(l).expand(this.#full()));
  }

  /** `loc`. */
  override get mean(): Tensor {
    return this.loc;
  }

  /** `loc`. */
  override get mode(): Tensor {
    return this.loc;
  }

  /** The diagonal of the covariance: `L.pow(2).sum(-1)`, expanded to the batch. */
  override get variance(): Tensor {
    const l = this._unbroadcasted_scale_tril;
    return l.pow(2).sum(-1).expand([...this.batch_shape, ...this.event_shape]);
  }

  /**
   * Reparameterised samples `loc + L eps`, `eps` drawn as torch's randn.
   *
   * @param sample_shape Leading sample dims (default none).
   * @returns A tensor of shape `sample_shape + batch_shape + event_shape`.
   */
  override rsample(sample_shape: number[] = []): Tensor {
    const shape = this._extended_shape(
      checkSampleShape(sample_shape, "MultivariateNormal.rsample"),
    );
    const eps = standardNormal(shape, this.loc.dtype);
    return this.loc.add(batchMv(this._unbroadcasted_scale_tril, eps));
  }

  /**
   * `-0.5 * (n log 2π + M) - log|L|`, M the squared Mahalanobis distance.
   *
   * @param value Points (..., n).
   * @returns The log-density.
   */
  log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const diff = value.sub(this.loc);
    const m = batchMahalanobis(this._unbroadcasted_scale_tril, diff);
    const halfLogDet = diagonal(this._unbroadcasted_scale_tril).log().sum(-1);
    return m.add(this.event_shape[0] * LOG_2PI).mul(-0.5).sub(halfLogDet);
  }

  /**
   * `0.5 n (1 + log 2π) + log|L|`.
   *
   * @returns The entropy, of shape `batch_shape`.
   */
  override entropy(): Tensor {
    const halfLogDet = diagonal(this._unbroadcasted_scale_tril).log().sum(-1);
    const h = halfLogDet.add(0.5 * this.event_shape[0] * (1 + LOG_2PI));
    return this.batch_shape.length === 0 ? h : h.expand(this.batch_shape);
  }
}
