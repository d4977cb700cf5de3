/**
 * The small linear algebra `MultivariateNormal` needs, differentiable with torch's gradient
 * formulas: Cholesky factors, lower-triangular solves, the Cholesky inverse and the diagonal
 * view (matrix products come from lib/ops/linalg.ts). Matrices are the last two dims; leading dims are
 * batches. The matrices are event-sized (a few rows), so plain loops in float64 serve.
 *
 * @module
 */

import { allocate } from "../tensor/dtype.ts";
import { broadcastShapes, numelOf } from "../tensor/shape.ts";
import { contiguousData, fromData, makeView, result, type Tensor } from "../tensor/tensor.ts";
import { matmul } from "../ops/linalg.ts";
import { intoZeros } from "../ops/view.ts";

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

/**
 * `torch.linalg.cholesky(A)`: the lower factor L with A = L Lᵀ, from A's lower triangle.
 * Backward (torch's cholesky_backward): Φ = tril(Lᵀ gL) with its diagonal halved, made
 * symmetric; gA = L⁻ᵀ Φ L⁻¹.
 *
 * @param a Batches of symmetric positive-definite matrices.
 * @returns The factors (LinalgCholeskyExBackward0).
 */
export function cholesky(a: Tensor): Tensor {
  requireMatrices(a, "linalg.cholesky", true);
  const n = a.shape[a.dim() - 1];
  const src = contiguousData(a);
  const batches = n === 0 ? 0 : src.length / (n * n);
  const out = allocate(a.dtype, src.length);
  const l = new Float64Array(n * n);
  for (let b = 0; b < batches; b++) {
    const at = b * n * n;
    l.fill(0);
    for (let j = 0; j < n; j++) {
      let d = src[at + j * n + j];
      for (let k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
      if (!(d > 0)) {
        const batch = batches > 1 || a.dim() > 2 ? `(Batch element ${b}): ` : "";
        throw new Error(
          `linalg.cholesky: ${batch}The factorization could not be completed because the input is not positive-definite (the leading minor of order ${
            j + 1
          } is not positive-definite).`,
        );
      }
      const djj = Math.sqrt(d);
      l[j * n + j] = djj;
      for (let i = j + 1; i < n; i++) {
        let s = src[at + i * n + j];
        for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
        l[i * n + j] = s / djj;
      }
    }
    out.set(l, at);
  }
  const y: Tensor = result(out, a.shape, "LinalgCholeskyExBackward0", [a], (g) => {
    const gl = contiguousData(g);
    const lv = contiguousData(y);
    const ga = allocate(g.dtype, gl.length);
    const phi = new Float64Array(n * n);
    for (let b = 0; b < batches; b++) {
      const at = b * n * n;
      // phi = tril(Lᵀ gL), then the symmetric matrix with half its diagonal
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) {
          let s = 0;
          for (let k = 0; k < n; k++) s += lv[at + k * n + i] * gl[at + k * n + j];
          phi[i * n + j] = s / 2;
        }
      }
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) phi[i * n + j] = phi[j * n + i];
      const inv = invertLower(lv, at, n);
      // ga = inv^T phi inv
      const t = new Float64Array(n * n); // phi inv
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = j; k < n; k++) s += phi[i * n + k] * inv[k * n + j];
          t[i * n + j] = s;
        }
      }
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = i; k < n; k++) s += inv[k * n + i] * t[k * n + j];
          ga[at + i * n + j] = s;
        }
      }
    }
    return [fromData(ga, a.shape, g.dtype)];
  }, { saveOutput: true });
  return y;
}

/** Expands the batch dims of `a` and `b` (all but their last two) to their broadcast shape. */
function broadcastBatches(a: Tensor, b: Tensor, where: string): [Tensor, Tensor] {
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), where);
  const ea = a.expand([...batch, ...a.shape.slice(-2)]);
  const eb = b.expand([...batch, ...b.shape.slice(-2)]);
  return [ea, eb];
}

/**
 * `torch.linalg.solve_triangular(A, B, upper=False)`: X with A X = B, reading only A's lower
 * triangle; batch dims broadcast. Backward: gB = A⁻ᵀ gX, gA = -tril(gB Xᵀ).
 *
 * @param a Lower-triangular matrices (..., n, n).
 * @param b Right-hand sides (..., n, k).
 * @returns X (LinalgSolveTriangularBackward0).
 */
export function solveTriangularLower(a: Tensor, b: Tensor): Tensor {
  requireMatrices(a, "linalg.solve_triangular", true);
  requireMatrices(b, "linalg.solve_triangular", false);
  const n = a.shape[a.dim() - 1];
  if (b.shape[b.dim() - 2] !== n) {
    throw new RangeError(
      `linalg.solve_triangular: Incompatible shapes of A and B for the equation AX = B (${
        a.shape.slice(-2).join("x")
      } and ${b.shape.slice(-2).join("x")})`,
    );
  }
  const [ea, eb] = broadcastBatches(a, b, "linalg.solve_triangular");
  const k = eb.shape[eb.dim() - 1];
  const av = contiguousData(ea);
  const bv = contiguousData(eb);
  const batches = numelOf(eb.shape.slice(0, -2));
  const dtype = a.dtype === "float64" || b.dtype === "float64" ? "float64" : "float32";
  const out = allocate(dtype, batches * n * k);
  const col = new Float64Array(n);
  for (let t = 0; t < batches; t++) {
    const aAt = t * n * n;
    const bAt = t * n * k;
    for (let c = 0; c < k; c++) {
      for (let i = 0; i < n; i++) {
        let s = bv[bAt + i * k + c];
        for (let j = 0; j < i; j++) s -= av[aAt + i * n + j] * col[j];
        col[i] = s / av[aAt + i * n + i];
        out[bAt + i * k + c] = col[i];
      }
    }
  }
  const x: Tensor = result(out, eb.shape, "LinalgSolveTriangularBackward0", [ea, eb], (g) => {
    const gx = contiguousData(g);
    const xv = contiguousData(x);
    const gb = allocate(g.dtype, gx.length);
    const ga = allocate(g.dtype, av.length);
    const v = new Float64Array(n);
    for (let t = 0; t < batches; t++) {
      const aAt = t * n * n;
      const bAt = t * n * k;
      // gB = A^{-T} gX: back substitution with Aᵀ (upper)
      for (let c = 0; c < k; c++) {
        for (let i = n - 1; i >= 0; i--) {
          let s = gx[bAt + i * k + c];
          for (let j = i + 1; j < n; j++) s -= av[aAt + j * n + i] * v[j];
          v[i] = s / av[aAt + i * n + i];
          gb[bAt + i * k + c] = v[i];
        }
      }
      // gA = -tril(gB Xᵀ)
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) {
          let s = 0;
          for (let c = 0; c < k; c++) s += gb[bAt + i * k + c] * xv[bAt + j * k + c];
          ga[aAt + i * n + j] = -s;
        }
      }
    }
    return [
      ea.requires_grad ? fromData(ga, ea.shape, g.dtype) : null,
      eb.requires_grad ? fromData(gb, eb.shape, g.dtype) : null,
    ];
  }, { dtype, saved: [ea], saveOutput: true });
  return x;
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
    return [fromData(flip(contiguousData(g), g.dtype), g.shape, g.dtype)];
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
