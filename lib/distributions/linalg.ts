/**
 * The small linear algebra `MultivariateNormal` needs beyond lib/linalg/ (whose `cholesky` and
 * `solve_triangular` it uses): the Cholesky inverse, the diagonal view, flips and the batched
 * Mahalanobis helpers (matrix products come from lib/ops/linalg.ts). Matrices are the last two dims; leading dims are
 * batches. The matrices are event-sized (a few rows), so plain loops in float64 serve.
 *
 * @module
 */

import { eye } from "../ops/create.ts";
import { allocate } from "../tensor/dtype.ts";
import { contiguousData, fromData, makeView, result, type Tensor } from "../tensor/tensor.ts";
import { matmul } from "../ops/linalg.ts";
import { solve_triangular } from "../linalg/solve.ts";
import { intoZeros } from "../ops/view.ts";
import { linearInGrad } from "../tensor/autograd.ts";

/** Throws unless `x` has at least two dims and, when `square`, square matrices. */
function requireMatrices(x: Tensor, where: string, square: boolean): void {
  if (x.dim() < 2) {
    throw new RangeError(
      `${where}: The input tensor A must have at least 2 dimensions, but got a tensor of shape [${x.shape}].`,
    );
  }
  if (square && x.shape[x.dim() - 1] !== x.shape[x.dim() - 2]) {
    throw new RangeError(
      `${where}: A must be batches of square matrices, but they are ${x.shape[x.dim() - 2]} by ${
        x.shape[x.dim() - 1]
      } matrices`,
    );
  }
}

/** Inverse of the n×n lower-triangular matrix at `a[at..]` (forward substitution). */
function invertLower(a: ArrayLike<number>, at: number, n: number): Float64Array {
  const inv = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    for (let i = c; i < n; i++) {
      let s = i === c ? 1 : 0;
      for (let j = c; j < i; j++) s -= a[at + i * n + j] * inv[j * n + c];
      inv[i * n + c] = s / a[at + i * n + i];
    }
  }
  return inv;
}

/** `torch.linalg.cholesky(A)`: one implementation, in lib/linalg/. */
import { cholesky } from "../linalg/cholesky.ts";
export { cholesky };

/**
 * `torch.linalg.solve_triangular(A, B, upper=False)`: X with A X = B for lower-triangular A
 * (lib/linalg/'s solve_triangular; grad_fn LinalgSolveTriangularBackward0).
 *
 * @param a Lower-triangular matrices (..., n, n).
 * @param b Right-hand sides (..., n, k).
 * @returns X.
 */
export function solveTriangularLower(a: Tensor, b: Tensor): Tensor {
  return solve_triangular(a, b, { upper: false });
}

/**
 * `x.diagonal(dim1=-2, dim2=-1)`: a view of the main diagonals of the last two dims.
 *
 * @param x Batches of matrices.
 * @returns The view (DiagonalBackward0).
 */
export function diagonal(x: Tensor): Tensor {
  requireMatrices(x, "diagonal", false);
  const d = x.dim();
  const strides = x.stride();
  const shape = [...x.shape.slice(0, -2), Math.min(x.shape[d - 2], x.shape[d - 1])];
  const viewStrides = [...strides.slice(0, -2), strides[d - 2] + strides[d - 1]];
  return makeView(
    x,
    shape,
    viewStrides,
    x.storage_offset(),
    "DiagonalBackward0",
    (g) => [intoZeros(g, x, (z) => diagonal(z))],
    (u) => diagonal(u),
  );
}

/**
 * `torch.flip(x, (-2, -1))`: the matrices reversed in both dims (a copy).
 *
 * @param x Batches of matrices.
 * @returns The flipped copy (FlipBackward0: the gradient flipped back).
 */
export function flipMatrices(x: Tensor): Tensor {
  requireMatrices(x, "flip", false);
  const src = contiguousData(x);
  const rc = x.shape[x.dim() - 2] * x.shape[x.dim() - 1];
  const flip = (d: ArrayLike<number>, dtype: typeof x.dtype) => {
    const out = allocate(dtype, d.length);
    for (let at = 0; at < d.length; at += rc) {
      for (let i = 0; i < rc; i++) out[at + i] = d[at + rc - 1 - i];
    }
    return out;
  };
  return result(flip(src, x.dtype), x.shape, "FlipBackward0", [x], (g) => {
    // Its own transpose: under create_graph, the flip of the new gradient (recorded).
    return [
      linearInGrad(
        fromData(flip(contiguousData(g), g.dtype), g.shape, g.dtype),
        g,
        "FlipBackward0",
        flipMatrices,
      ),
    ];
  });
}

/**
 * `torch.cholesky_inverse(L)`: (L Lᵀ)⁻¹ from a lower factor. Backward (torch's
 * cholesky_inverse_backward): gL = -(A⁻¹ (g + gᵀ) A⁻¹) L, over the whole matrix.
 *
 * @param l Lower-triangular factors.
 * @returns The inverses (CholeskyInverseBackward0).
 */
export function choleskyInverse(l: Tensor): Tensor {
  requireMatrices(l, "cholesky_inverse", true);
  const n = l.shape[l.dim() - 1];
  const src = contiguousData(l);
  const out = allocate(l.dtype, src.length);
  for (let at = 0; at < src.length; at += n * n) {
    const inv = invertLower(src, at, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = Math.max(i, j); k < n; k++) s += inv[k * n + i] * inv[k * n + j];
        out[at + i * n + j] = s;
      }
    }
  }
  const y: Tensor = result(out, l.shape, "CholeskyInverseBackward0", [l], (g) => {
    const common = matmul(y, matmul(g.add(g.transpose(-2, -1)), y));
    return [matmul(common, l).neg()];
  }, { saved: [l], saveOutput: true });
  return y;
}

/** `_batch_mv`: matrices times vectors, batch dims broadcast. */
export function batchMv(bmat: Tensor, bvec: Tensor): Tensor {
  return matmul(bmat, bvec.unsqueeze(-1)).squeeze(-1);
}

/** `_batch_mahalanobis`: xᵀ (L Lᵀ)⁻¹ x = |L⁻¹ x|² for each batch entry. */
export function batchMahalanobis(bL: Tensor, bx: Tensor): Tensor {
  const y = solveTriangularLower(bL, bx.unsqueeze(-1)).squeeze(-1);
  return y.pow(2).sum(-1);
}

/** The last two dims swapped (`x.mT`). */
export function mT(x: Tensor): Tensor {
  return x.transpose(-1, -2);
}

/** `torch.diag_embed(d)`. */
export function diagEmbed(d: Tensor): Tensor {
  const n = d.shape[d.dim() - 1];
  return d.unsqueeze(-1).mul(eye(n, { dtype: d.dtype }));
}

/** torch's `_batch_capacitance_tril`: `cholesky(I + Wᵀ D⁻¹ W)`. */
export function capacitanceTril(W: Tensor, D: Tensor): Tensor {
  const m = W.shape[W.dim() - 1];
  const k = mT(W).div(D.unsqueeze(-2)).matmul(W).add(eye(m, { dtype: W.dtype }));
  return cholesky(k);
}

/** torch's `_batch_lowrank_logdet`. */
export function lowrankLogdet(_W: Tensor, D: Tensor, capTril: Tensor): Tensor {
  return diagonal(capTril).log().sum(-1).mul(2).add(D.log().sum(-1));
}

/** torch's `_batch_lowrank_mahalanobis`. */
export function lowrankMahalanobis(W: Tensor, D: Tensor, x: Tensor, capTril: Tensor): Tensor {
  const wtDinv = mT(W).div(D.unsqueeze(-2));
  const wtDinvX = batchMv(wtDinv, x);
  return x.pow(2).div(D).sum(-1).sub(batchMahalanobis(capTril, wtDinvX));
}
