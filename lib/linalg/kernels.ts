/**
 * The numerical kernels behind `linalg`: one matrix at a time, row-major, in float64 (float32
 * inputs are computed in double and rounded once). Each routine follows the LAPACK one torch
 * calls where the result is unique (LU with partial pivoting as getrf, Cholesky as potrf,
 * Householder QR with LAPACK's sign convention as geqrf/orgqr), and an accurate Jacobi method
 * where LAPACK's result is unique only up to signs (symmetric eigenvectors, singular vectors).
 *
 * @module
 */

/** An LU factorisation with partial pivoting, in place, as LAPACK's getrf. */
export interface Lu {
  /** Row `k` was swapped with row `pivots[k]` at step k. */
  readonly pivots: Int32Array;
  /** The permutation's sign (+1 or -1). */
  readonly sign: number;
  /** 0, or the 1-based index of the first exactly zero pivot (LAPACK's info). */
  readonly info: number;
}

/** Factors the n×n matrix at `a` in place (L unit lower below the diagonal, U on and above). */
export function luFactor(a: Float64Array, n: number): Lu {
  const pivots = new Int32Array(n);
  let sign = 1;
  let info = 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]);
      if (v > best || (best !== best && v === v)) {
        best = v;
        p = i;
      }
    }
    pivots[k] = p;
    if (p !== k) {
      sign = -sign;
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j];
        a[k * n + j] = a[p * n + j];
        a[p * n + j] = t;
      }
    }
    const d = a[k * n + k];
    if (d === 0) {
      if (info === 0) info = k + 1;
      continue;
    }
    for (let i = k + 1; i < n; i++) {
      const l = a[i * n + k] / d;
      a[i * n + k] = l;
      if (l === 0) continue;
      for (let j = k + 1; j < n; j++) a[i * n + j] -= l * a[k * n + j];
    }
  }
  return { pivots, sign, info };
}

/**
 * Solves A X = B in place in `b` (n×k) from A's LU factors (LAPACK's getrs), with signed zeros
 * as torch's: each substitution subtracts a dot product that starts at +0.
 */
export function luSolve(
  lu: Float64Array,
  pivots: Int32Array,
  b: Float64Array,
  n: number,
  k: number,
): void {
  for (let i = 0; i < n; i++) {
    const p = pivots[i];
    if (p !== i) {
      for (let c = 0; c < k; c++) {
        const t = b[i * k + c];
        b[i * k + c] = b[p * k + c];
        b[p * k + c] = t;
      }
    }
  }
  // Substitutions in dot-product form (the sum starts at +0), as the BLAS kernels torch calls.
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < i; j++) sum += lu[i * n + j] * b[j * k + c];
      b[i * k + c] -= sum;
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = 0;
      for (let j = i + 1; j < n; j++) sum += lu[i * n + j] * b[j * k + c];
      b[i * k + c] = (b[i * k + c] - sum) / lu[i * n + i];
    }
  }
}

/**
 * The lower Cholesky factor of the n×n matrix at `a` (its lower triangle read), written to
 * `l`; returns 0, or the order of the first leading minor that is not positive-definite.
 */
export function choleskyLower(
  a: ArrayLike<number>,
  at: number,
  n: number,
  l: Float64Array,
): number {
  l.fill(0);
  for (let j = 0; j < n; j++) {
    let d = a[at + j * n + j];
    for (let k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
    if (!(d > 0)) return j + 1;
    const djj = Math.sqrt(d);
    l[j * n + j] = djj;
    for (let i = j + 1; i < n; i++) {
      let s = a[at + i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / djj;
    }
  }
  return 0;
}

/**
 * Solves A X = B in place in `b` (n×k) for triangular A at `a[at..]`; `upper` picks the
 * triangle read, `unit` takes the diagonal as ones.
 */
export function triangularSolve(
  a: ArrayLike<number>,
  at: number,
  n: number,
  b: Float64Array,
  k: number,
  upper: boolean,
  unit: boolean,
): void {
  if (upper) {
    for (let i = n - 1; i >= 0; i--) {
      for (let j = i + 1; j < n; j++) {
        const u = a[at + i * n + j];
        if (u === 0) continue;
        for (let c = 0; c < k; c++) b[i * k + c] -= u * b[j * k + c];
      }
      if (!unit) {
        const d = a[at + i * n + i];
        for (let c = 0; c < k; c++) b[i * k + c] /= d;
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        const l = a[at + i * n + j];
        if (l === 0) continue;
        for (let c = 0; c < k; c++) b[i * k + c] -= l * b[j * k + c];
      }
      if (!unit) {
        const d = a[at + i * n + i];
        for (let c = 0; c < k; c++) b[i * k + c] /= d;
      }
    }
  }
}

/**
 * Eigen-decomposition of the symmetric n×n matrix `a` (both triangles filled, overwritten) by
 * cyclic Jacobi rotations: eigenvalues ascending in `w`, eigenvectors as the columns of `v`.
 */
export function symmetricEigen(a: Float64Array, n: number, w: Float64Array, v: Float64Array): void {
  v.fill(0);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let fro = 0;
  for (let i = 0; i < n * n; i++) fro += a[i] * a[i];
  const negligible = 1e-18 * Math.sqrt(fro);
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) <= negligible) continue;
        rotated = true;
        const app = a[p * n + p];
        const aqq = a[q * n + q];
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        a[p * n + q] = 0;
        a[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
    if (!rotated) break;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i * n + i] - a[j * n + j]);
  const vs = v.slice();
  for (let c = 0; c < n; c++) {
    const from = order[c];
    w[c] = a[from * n + from];
    for (let r = 0; r < n; r++) v[r * n + c] = vs[r * n + from];
  }
}

/**
 * Thin SVD of the m×n matrix `a` with m ≥ n by one-sided Jacobi rotations: `u` (m×n), `s`
 * (n, descending) and `v` (n×n, the right singular vectors as columns). Columns of U for zero
 * singular values are completed to an orthonormal set.
 */
export function thinSvd(
  a: Float64Array,
  m: number,
  n: number,
  u: Float64Array,
  s: Float64Array,
  v: Float64Array,
): void {
  const w = a.slice(); // columns rotate in place: W = A V
  // LAPACK's dgesvj criterion: columns orthogonal to √m·eps.
  const tol = Math.sqrt(m) * 2.220446049250313e-16;
  v.fill(0);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0, beta = 0, gamma = 0;
        for (let k = 0; k < m; k++) {
          const x = w[k * n + p], y = w[k * n + q];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= tol * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const sn = c * t;
        for (let k = 0; k < m; k++) {
          const x = w[k * n + p], y = w[k * n + q];
          w[k * n + p] = c * x - sn * y;
          w[k * n + q] = sn * x + c * y;
        }
        for (let k = 0; k < n; k++) {
          const x = v[k * n + p], y = v[k * n + q];
          v[k * n + p] = c * x - sn * y;
          v[k * n + q] = sn * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  const norms = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let t = 0;
    for (let k = 0; k < m; k++) t += w[k * n + j] * w[k * n + j];
    norms[j] = Math.sqrt(t);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => norms[j] - norms[i]);
  const vs = v.slice();
  u.fill(0);
  const smax = n > 0 ? norms[order[0]] : 0;
  const tiny = smax * 1e-300 || 1e-300;
  const missing: number[] = [];
  for (let c = 0; c < n; c++) {
    const from = order[c];
    s[c] = norms[from];
    for (let r = 0; r < n; r++) v[r * n + c] = vs[r * n + from];
    if (norms[from] > tiny) {
      for (let k = 0; k < m; k++) u[k * n + c] = w[k * n + from] / norms[from];
    } else missing.push(c);
  }
  completeColumns(u, m, n, missing);
}

/** Fills the listed columns of the m×cols matrix `q` with unit vectors orthogonal to the rest. */
export function completeColumns(q: Float64Array, m: number, cols: number, missing: number[]): void {
  const filled = new Set(
    Array.from({ length: cols }, (_, i) => i).filter((c) => !missing.includes(c)),
  );
  for (const c of missing) {
    for (let e = 0; e < m; e++) {
      const x = new Float64Array(m);
      x[e] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (const f of filled) {
          let d = 0;
          for (let k = 0; k < m; k++) d += q[k * cols + f] * x[k];
          for (let k = 0; k < m; k++) x[k] -= d * q[k * cols + f];
        }
      }
      let nrm = 0;
      for (let k = 0; k < m; k++) nrm += x[k] * x[k];
      nrm = Math.sqrt(nrm);
      if (nrm > 0.5) {
        for (let k = 0; k < m; k++) q[k * cols + c] = x[k] / nrm;
        filled.add(c);
        break;
      }
    }
  }
}

/**
 * Householder QR of the m×n matrix `a` (overwritten by R in its upper triangle) with LAPACK's
 * geqrf conventions (β = -sign(α)‖x‖, so R's diagonal may be negative); returns Q's first
 * `qcols` columns (m×qcols), formed as orgqr does.
 */
export function householderQr(a: Float64Array, m: number, n: number, qcols: number): Float64Array {
  const k = Math.min(m, n);
  const vs: Float64Array[] = [];
  const taus = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const alpha = a[j * n + j];
    let xnorm = 0;
    let scale = 0;
    for (let i = j + 1; i < m; i++) scale = Math.max(scale, Math.abs(a[i * n + j]));
    if (scale > 0) {
      for (let i = j + 1; i < m; i++) xnorm += (a[i * n + j] / scale) ** 2;
      xnorm = scale * Math.sqrt(xnorm);
    }
    const v = new Float64Array(m);
    v[j] = 1;
    if (xnorm === 0) {
      taus[j] = 0;
      vs.push(v);
      continue;
    }
    const beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, xnorm);
    const tau = (beta - alpha) / beta;
    const inv = 1 / (alpha - beta);
    for (let i = j + 1; i < m; i++) v[i] = a[i * n + j] * inv;
    taus[j] = tau;
    vs.push(v);
    a[j * n + j] = beta;
    for (let i = j + 1; i < m; i++) a[i * n + j] = 0;
    // Apply H = I - τ v vᵀ to the remaining columns.
    for (let c = j + 1; c < n; c++) {
      let d = 0;
      for (let i = j; i < m; i++) d += v[i] * a[i * n + c];
      d *= tau;
      for (let i = j; i < m; i++) a[i * n + c] -= d * v[i];
    }
  }
  // Q = H_0 H_1 ... H_{k-1} applied to the first qcols columns of I.
  const q = new Float64Array(m * qcols);
  for (let i = 0; i < Math.min(m, qcols); i++) q[i * qcols + i] = 1;
  for (let j = k - 1; j >= 0; j--) {
    const v = vs[j];
    const tau = taus[j];
    if (tau === 0) continue;
    for (let c = 0; c < qcols; c++) {
      let d = 0;
      for (let i = j; i < m; i++) d += v[i] * q[i * qcols + c];
      d *= tau;
      for (let i = j; i < m; i++) q[i * qcols + c] -= d * v[i];
    }
  }
  return q;
}

/** C = A B for n×n row-major matrices. */
function matmulSquare(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k];
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
    }
  }
  return c;
}

const PADE13 = [
  64764752532480000,
  32382376266240000,
  7771770303897600,
  1187353796428800,
  129060195264000,
  10559470521600,
  670442572800,
  33522128640,
  1323241920,
  40840800,
  960960,
  16380,
  182,
  1,
];

/**
 * exp(A) of the n×n matrix `a` by scaling and squaring with the [13/13] Padé approximant
 * (Higham 2005): A/2ˢ with ‖A/2ˢ‖₁ ≤ 5.37, then s squarings.
 */
export function matrixExponential(a: Float64Array, n: number): Float64Array {
  let norm = 0;
  for (let j = 0; j < n; j++) {
    let col = 0;
    for (let i = 0; i < n; i++) col += Math.abs(a[i * n + j]);
    norm = Math.max(norm, col);
  }
  if (!Number.isFinite(norm)) return new Float64Array(n * n).fill(NaN);
  const s = norm > 5.371920351148152 ? Math.ceil(Math.log2(norm / 5.371920351148152)) : 0;
  const scale = 2 ** -s;
  const A = a.map((v) => v * scale);
  const A2 = matmulSquare(A, A, n);
  const A4 = matmulSquare(A2, A2, n);
  const A6 = matmulSquare(A4, A2, n);
  const b = PADE13;
  const inner = new Float64Array(n * n);
  const innerV = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) {
    inner[i] = b[13] * A6[i] + b[11] * A4[i] + b[9] * A2[i];
    innerV[i] = b[12] * A6[i] + b[10] * A4[i] + b[8] * A2[i];
  }
  const u1 = matmulSquare(A6, inner, n);
  const v1 = matmulSquare(A6, innerV, n);
  for (let i = 0; i < n * n; i++) {
    u1[i] += b[7] * A6[i] + b[5] * A4[i] + b[3] * A2[i];
    v1[i] += b[6] * A6[i] + b[4] * A4[i] + b[2] * A2[i];
  }
  for (let i = 0; i < n; i++) {
    u1[i * n + i] += b[1];
    v1[i * n + i] += b[0];
  }
  const U = matmulSquare(A, u1, n);
  // R = (V - U)⁻¹ (V + U)
  const P = new Float64Array(n * n);
  const Q = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) {
    P[i] = v1[i] + U[i];
    Q[i] = v1[i] - U[i];
  }
  const lu = luFactor(Q, n);
  luSolve(Q, lu.pivots, P, n, n);
  let R: Float64Array = P;
  for (let k = 0; k < s; k++) R = matmulSquare(R, R, n);
  return R;
}
