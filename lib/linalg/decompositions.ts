/**
 * Decompositions with several outputs: `linalg.eigh`, `eigvalsh`, `svd`, `svdvals`, `qr`.
 *
 * Each output is recorded with torch's grad_fn name (LinalgEighBackward0, LinalgSvdBackward0,
 * LinalgQrBackward0). torch's backward formulas are linear in the output gradients, so each
 * output carries the part of the formula its own gradient feeds, and the engine sums the parts:
 *
 * - eigh: gA = V (diag(gL) + skew(Vᵀ gV)/2 ⊘ E) Vᵀ with E_ij = λ_j - λ_i.
 * - svd: gA = U [(skew(Uᵀ gU) S + S skew(Vhᵀ... )) ⊘ E + diag(gS)] Vh with E_ij = s_j² - s_i², plus
 *   the projections (I - UUᵀ) gU S⁻¹ Vh (m > n) or U S⁻¹ gVh (I - VVᵀ) (m < n).
 * - qr (m ≥ n): gA = [gQ + Q copyltu(M)] R⁻ᵀ with M = tril(gR Rᵀ - Qᵀ gQ); for m < n the
 *   leading square block goes through the same formula with gQ + Y gYᵀ, and gY ↦ Q gY.
 *
 * As torch warns, eigenvector and singular-vector gradients are defined only for losses that do
 * not depend on the vectors' signs, and are infinite or NaN for repeated eigenvalues or
 * singular values.
 *
 * @module
 */

import { bind } from "../tensor/args.ts";
import { result, type Tensor } from "../tensor/tensor.ts";
import { matmul } from "../ops/linalg.ts";
import { cat } from "../ops/gather.ts";
import { zeros } from "../ops/create.ts";
import { ReturnTuple } from "../ops/return_types.ts";
import {
  diagEmbed,
  diagonalOf,
  identity,
  matrices,
  mT,
  requireMatrices,
  rounded,
  triu,
} from "./core.ts";
import { completeColumns, householderQr, symmetricEigen, thinSvd } from "./kernels.ts";
import { solve_triangular } from "./solve.ts";

/** `torch.return_types.linalg_eigh(eigenvalues, eigenvectors)`. */
export class EighResult extends ReturnTuple {
  /** The eigenvalues, ascending (..., n). */
  declare readonly eigenvalues: Tensor;
  /** The orthonormal eigenvectors as columns (..., n, n). */
  declare readonly eigenvectors: Tensor;

  /**
   * Pairs eigenvalues with eigenvectors (built by `linalg.eigh`).
   *
   * @param eigenvalues The eigenvalues.
   * @param eigenvectors The eigenvectors.
   * @example
   * ```ts
   * import { linalg, tensor } from "@kldiv/kldiv";
   * import assert from "node:assert/strict";
   *
   * const { eigenvalues } = linalg.eigh(tensor([[2.0, 0.0], [0.0, 1.0]]));
   * assert.deepEqual(eigenvalues.tolist(), [1, 2]);
   * ```
   */
  constructor(eigenvalues: Tensor, eigenvectors: Tensor) {
    super("linalg_eigh", ["eigenvalues", "eigenvectors"], [eigenvalues, eigenvectors]);
  }
}

const EIGH = [{
  name: "UPLO",
  kind: (v: unknown) => (v === "L" || v === "U" ? null : "'L' or 'U'"),
  default: "L",
}] as const;

/** Options of {@linkcode eigh} and {@linkcode eigvalsh}. */
export interface EighOptions {
  /** Which triangle of A to read: `"L"` (default) or `"U"`. */
  UPLO?: "L" | "U";
}

/**
 * `torch.linalg.eigh(A, UPLO='L')`: eigenvalues (ascending) and orthonormal eigenvectors of
 * symmetric matrices, reading one triangle. The eigenvectors' signs are arbitrary (as LAPACK's).
 *
 * @param A Batches of symmetric matrices (..., n, n).
 * @param args `UPLO` by position or as `{ UPLO }`.
 * @returns `(eigenvalues, eigenvectors)` (grad_fn LinalgEighBackward0 on both).
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const [L, V] = linalg.eigh(tensor([[2.0, 1.0], [1.0, 2.0]], { dtype: "float64" }));
 * assert.deepEqual((L.tolist() as number[]).map(Math.round), [1, 3]);
 * assert.deepEqual(V.shape, [2, 2]);
 * ```
 */
export function eigh(A: Tensor, ...args: (string | EighOptions | undefined)[]): EighResult {
  const uplo = uploOf("linalg.eigh", args);
  return eighImpl(A, uplo, "linalg.eigh");
}

function uploOf(where: string, args: readonly unknown[]): string {
  const last = args[args.length - 1];
  const value = typeof last === "string" ? last : (last as EighOptions | undefined)?.UPLO;
  if (value !== undefined && value !== "L" && value !== "U") {
    throw new RangeError(`Expected UPLO argument to be 'L' or 'U', but got ${value}`);
  }
  return (bind(where, EIGH, args) as { UPLO: string }).UPLO;
}

function eighImpl(A: Tensor, uplo: string, where: string): EighResult {
  const dtype = requireMatrices(A, where, true);
  const { data, count, rows: n } = matrices(A);
  const values = new Float64Array(count * n);
  const vectors = new Float64Array(count * n * n);
  const a = new Float64Array(n * n);
  const w = new Float64Array(n);
  const v = new Float64Array(n * n);
  for (let b = 0; b < count; b++) {
    const at = b * n * n;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const x = uplo === "L" ? data[at + i * n + j] : data[at + j * n + i];
        a[i * n + j] = x;
        a[j * n + i] = x;
      }
    }
    symmetricEigen(a, n, w, v);
    values.set(w, b * n);
    vectors.set(v, at);
  }
  const batch = A.shape.slice(0, -2);
  // The two outputs refer to each other in their backward; both are built before either runs.
  // Assigned after the sibling output whose backward reads it (both exist before backward runs).
  // deno-lint-ignore prefer-const
  let V: Tensor;
  const L: Tensor = result(
    rounded(values, dtype),
    [...batch, n],
    "LinalgEighBackward0",
    [A],
    (gL) => {
      return [matmul(V.mul(gL.unsqueeze(-2)), mT(V))];
    },
    { saveOutput: true },
  );
  V = result(rounded(vectors, dtype), A.shape, "LinalgEighBackward0", [A], (gV) => {
    const VhgV = matmul(mT(V), gV);
    const skew = VhgV.sub(mT(VhgV)).mul(0.5);
    const E = L.unsqueeze(-2).sub(L.unsqueeze(-1)).add(identity(n, dtype));
    return [matmul(V, matmul(skew.div(E), mT(V)))];
  }, { saveOutput: true });
  return new EighResult(L, V);
}

/**
 * `torch.linalg.eigvalsh(A, UPLO='L')`: the eigenvalues of symmetric matrices, ascending.
 *
 * @param A Batches of symmetric matrices.
 * @param args `UPLO` by position or as `{ UPLO }`.
 * @returns The eigenvalues (grad_fn LinalgEighBackward0).
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(linalg.eigvalsh(tensor([[3.0, 0.0], [0.0, -1.0]])).tolist(), [-1, 3]);
 * ```
 */
export function eigvalsh(A: Tensor, ...args: (string | EighOptions | undefined)[]): Tensor {
  return eighImpl(A, uploOf("linalg.eigvalsh", args), "linalg.eigvalsh").eigenvalues;
}

/** `torch.return_types.linalg_svd(U, S, Vh)`. */
export class SvdResult extends ReturnTuple {
  /** Left singular vectors as columns. */
  declare readonly U: Tensor;
  /** Singular values, descending. */
  declare readonly S: Tensor;
  /** Right singular vectors as rows. */
  declare readonly Vh: Tensor;

  /**
   * Holds the three factors (built by `linalg.svd`).
   *
   * @param U Left singular vectors.
   * @param S Singular values.
   * @param Vh Right singular vectors (transposed).
   * @example
   * ```ts
   * import { linalg, tensor } from "@kldiv/kldiv";
   * import assert from "node:assert/strict";
   *
   * const { S } = linalg.svd(tensor([[3.0, 0.0], [0.0, -4.0]]));
   * assert.deepEqual(S.tolist(), [4, 3]);
   * ```
   */
  constructor(U: Tensor, S: Tensor, Vh: Tensor) {
    super("linalg_svd", ["U", "S", "Vh"], [U, S, Vh]);
  }
}

const SVD = [
  { name: "full_matrices", kind: "bool", default: true },
  { name: "driver", kind: "any", default: null, keywordOnly: true },
] as const;

/** Options of {@linkcode svd}. */
export interface SvdOptions {
  /** Full square U and Vh (true, the default) or the reduced ones. */
  full_matrices?: boolean;
  /** CUDA-only in torch; accepted as null. */
  driver?: null;
}

/** The raw SVD of every matrix: U (m×ucols), S (k), Vh (vrows×n). */
function svdRaw(
  A: Tensor,
  full: boolean,
): { u: Float64Array; s: Float64Array; vh: Float64Array; ucols: number; vrows: number; k: number } {
  const { data, count, rows: m, cols: n } = matrices(A);
  const k = Math.min(m, n);
  const ucols = full ? m : k;
  const vrows = full ? n : k;
  const U = new Float64Array(count * m * ucols);
  const S = new Float64Array(count * k);
  const VH = new Float64Array(count * vrows * n);
  const tall = m >= n;
  const r = tall ? m : n; // rows of the tall matrix factored
  const c = k;
  for (let b = 0; b < count; b++) {
    const t = new Float64Array(r * c);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const x = data[b * m * n + i * n + j];
        if (tall) t[i * c + j] = x;
        else t[j * c + i] = x;
      }
    }
    const u = new Float64Array(r * c);
    const s = new Float64Array(c);
    const v = new Float64Array(c * c);
    thinSvd(t, r, c, u, s, v);
    // The tall factor's left vectors, widened to r columns when full matrices are asked for.
    const wide = full ? r : c;
    const uw = new Float64Array(r * wide);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) uw[i * wide + j] = u[i * c + j];
    if (wide > c) completeColumns(uw, r, wide, Array.from({ length: wide - c }, (_, i) => c + i));
    S.set(s, b * k);
    if (tall) {
      U.set(uw, b * m * ucols);
      for (let i = 0; i < c; i++) {
        for (let j = 0; j < n; j++) VH[b * vrows * n + i * n + j] = v[j * c + i];
      }
    } else {
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < c; j++) U[b * m * ucols + i * ucols + j] = v[i * c + j];
      }
      for (let i = 0; i < wide; i++) {
        for (let j = 0; j < n; j++) VH[b * vrows * n + i * n + j] = uw[j * wide + i];
      }
    }
  }
  return { u: U, s: S, vh: VH, ucols, vrows, k };
}

/**
 * `torch.linalg.svd(A, full_matrices=True)`: A = U diag(S) Vh with S descending. The singular
 * vectors' signs are arbitrary (as LAPACK's); gradients are defined for sign-invariant losses.
 *
 * @param A Batches of matrices (..., m, n).
 * @param args `full_matrices` by position or as `{ full_matrices }`.
 * @returns `(U, S, Vh)` (grad_fn LinalgSvdBackward0 on each).
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const [U, S, Vh] = linalg.svd(tensor([[1.0, 0.0, 0.0], [0.0, 2.0, 0.0]]), false);
 * assert.deepEqual(S.tolist(), [2, 1]);
 * assert.deepEqual([U.shape, Vh.shape], [[2, 2], [2, 3]]);
 * ```
 */
export function svd(A: Tensor, ...args: (boolean | SvdOptions | undefined)[]): SvdResult {
  const { full_matrices } = bind("linalg.svd", SVD, args) as { full_matrices: boolean };
  return svdImpl(A, full_matrices, true);
}

function svdImpl(A: Tensor, full: boolean, vectors: boolean): SvdResult {
  const dtype = requireMatrices(A, "linalg.svd", false);
  const m = A.shape[A.dim() - 2];
  const n = A.shape[A.dim() - 1];
  const raw = svdRaw(A, full && vectors);
  const k = raw.k;
  const batch = A.shape.slice(0, -2);
  // Assigned after the sibling output whose backward reads it (both exist before backward runs).
  // deno-lint-ignore prefer-const
  let U: Tensor, Vh: Tensor;
  // The first k columns of U and rows of Vh: torch narrows them for the backward.
  const Uk = () => (raw.ucols === k ? U : U.narrow(-1, 0, k));
  const Vhk = () => (raw.vrows === k ? Vh : Vh.narrow(-2, 0, k));
  const S: Tensor = result(
    rounded(raw.s, dtype),
    [...batch, k],
    "LinalgSvdBackward0",
    [A],
    (gS) => {
      return [matmul(Uk().mul(gS.unsqueeze(-2)), Vhk())];
    },
    { saveOutput: true },
  );
  const E = () => {
    const S2 = S.mul(S);
    return S2.unsqueeze(-2).sub(S2.unsqueeze(-1)).add(identity(k, dtype));
  };
  U = result(rounded(raw.u, dtype), [...batch, m, raw.ucols], "LinalgSvdBackward0", [A], (g) => {
    const gU = raw.ucols === k ? g : g.narrow(-1, 0, k);
    const u = Uk();
    const UhgU = matmul(mT(u), gU);
    const core = UhgU.sub(mT(UhgU)).mul(S.unsqueeze(-2)).div(E());
    if (m > n) {
      const gUSinv = gU.div(S.unsqueeze(-2));
      const inner = matmul(u, core).add(gUSinv).sub(matmul(u, matmul(mT(u), gUSinv)));
      return [matmul(inner, Vhk())];
    }
    return [matmul(u, matmul(core, Vhk()))];
  }, { saveOutput: true });
  Vh = result(rounded(raw.vh, dtype), [...batch, raw.vrows, n], "LinalgSvdBackward0", [A], (g) => {
    const gVh = raw.vrows === k ? g : g.narrow(-2, 0, k);
    const vh = Vhk();
    const VhgV = matmul(vh, mT(gVh));
    const core = S.unsqueeze(-1).mul(VhgV.sub(mT(VhgV))).div(E());
    if (m < n) {
      const SinvgVh = gVh.div(S.unsqueeze(-1));
      const inner = matmul(core, vh).add(SinvgVh).sub(matmul(matmul(SinvgVh, mT(vh)), vh));
      return [matmul(Uk(), inner)];
    }
    return [matmul(Uk(), matmul(core, vh))];
  }, { saveOutput: true });
  return new SvdResult(U, S, Vh);
}

/**
 * `torch.linalg.svdvals(A)`: the singular values, descending.
 *
 * @param A Batches of matrices (..., m, n).
 * @returns S (grad_fn LinalgSvdBackward0; gA = U diag(gS) Vh).
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(linalg.svdvals(tensor([[0.0, 2.0], [-5.0, 0.0]])).tolist(), [5, 2]);
 * ```
 */
export function svdvals(A: Tensor): Tensor {
  return svdImpl(A, false, false).S;
}

/** `torch.return_types.linalg_qr(Q, R)`. */
export class QrResult extends ReturnTuple {
  /** The orthonormal factor (empty for mode "r"). */
  declare readonly Q: Tensor;
  /** The upper-triangular factor. */
  declare readonly R: Tensor;

  /**
   * Holds Q and R (built by `linalg.qr`).
   *
   * @param Q The orthonormal factor.
   * @param R The triangular factor.
   * @example
   * ```ts
   * import { linalg, tensor } from "@kldiv/kldiv";
   * import assert from "node:assert/strict";
   *
   * const { R } = linalg.qr(tensor([[3.0], [4.0]]));
   * assert.deepEqual(R.tolist(), [[-5]]);
   * ```
   */
  constructor(Q: Tensor, R: Tensor) {
    super("linalg_qr", ["Q", "R"], [Q, R]);
  }
}

const QR = [{
  name: "mode",
  kind: "string",
  default: "reduced",
}] as const;

/** Options of {@linkcode qr}. */
export interface QrOptions {
  /** `"reduced"` (default), `"complete"` or `"r"`. */
  mode?: string;
}

/**
 * `torch.linalg.qr(A, mode='reduced')`: A = Q R with orthonormal Q and upper-triangular R, by
 * Householder reflections with LAPACK's signs (so Q and R match torch's, signs included).
 *
 * @param A Batches of matrices (..., m, n).
 * @param args `mode` by position or as `{ mode }`.
 * @returns `(Q, R)` (grad_fn LinalgQrBackward0 on both).
 * @example
 * ```ts
 * import { linalg, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const [Q, R] = linalg.qr(tensor([[3.0, 1.0], [4.0, 2.0]], { dtype: "float64" }));
 * assert.deepEqual((Q.matmul(R).tolist() as number[][]).flat().map(Math.round), [3, 1, 4, 2]);
 * ```
 */
export function qr(A: Tensor, ...args: (string | QrOptions | undefined)[]): QrResult {
  const { mode } = bind("linalg.qr", QR, args) as { mode: string };
  if (mode !== "reduced" && mode !== "complete" && mode !== "r") {
    throw new RangeError(
      `qr received unrecognized mode '${mode}' but expected one of 'reduced' (default), 'r', or 'complete'`,
    );
  }
  const dtype = requireMatrices(A, "linalg.qr", false);
  const { data, count, rows: m, cols: n } = matrices(A);
  const k = Math.min(m, n);
  const qcols = mode === "complete" ? m : k;
  const rrows = mode === "complete" ? m : k;
  const Qd = new Float64Array(mode === "r" ? 0 : count * m * qcols);
  const Rd = new Float64Array(count * rrows * n);
  for (let b = 0; b < count; b++) {
    const a = data.slice(b * m * n, (b + 1) * m * n);
    const q = householderQr(a, m, n, qcols);
    if (mode !== "r") Qd.set(q, b * m * qcols);
    for (let i = 0; i < rrows; i++) {
      for (let j = i; j < n; j++) Rd[b * rrows * n + i * n + j] = a[i * n + j];
    }
  }
  const batch = A.shape.slice(0, -2);
  const qShape = mode === "r" ? [0] : [...batch, m, qcols];
  // Assigned after the sibling output whose backward reads it (both exist before backward runs).
  // deno-lint-ignore prefer-const
  let Q: Tensor;
  const refuse = () => {
    if (mode === "r") {
      throw new Error(
        "The derivative of linalg.qr depends on Q, which is not computed when mode='r'. Please use linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.",
      );
    }
    if (mode === "complete" && m > n) {
      throw new Error(
        "The QR decomposition is not differentiable when mode='complete' and nrows > ncols.",
      );
    }
  };
  const R: Tensor = result(
    rounded(Rd, dtype),
    [...batch, rrows, n],
    "LinalgQrBackward0",
    [A],
    (gR) => {
      refuse();
      return [qrBackward(null, gR, Q, R, m, n)];
    },
    { saveOutput: true },
  );
  Q = mode === "r"
    ? result(rounded(Qd, dtype), qShape, "LinalgQrBackward0", [A], () => {
      refuse();
      return [null];
    })
    : result(rounded(Qd, dtype), qShape, "LinalgQrBackward0", [A], (gQ) => {
      refuse();
      return [qrBackward(gQ, null, Q, R, m, n)];
    }, { saveOutput: true });
  return new QrResult(Q, R);
}

/** torch's linalg_qr_backward for one of gQ, gR (the other null). */
function qrBackward(
  gQ: Tensor | null,
  gR: Tensor | null,
  Q: Tensor,
  R: Tensor,
  m: number,
  n: number,
): Tensor {
  if (m >= n) return qrTallBackward(gQ, gR, Q, R);
  // A = Q [X | Y]: Y = Qᵀ A[:, m:] feeds gQ += A₂ gYᵀ, and A₂ gets Q gY.
  const X = R.narrow(-1, 0, m);
  const gX = gR === null ? null : gR.narrow(-1, 0, m);
  const gY = gR === null ? null : gR.narrow(-1, m, n - m);
  const Y = R.narrow(-1, m, n - m);
  const A2 = matmul(Q, Y);
  const gQtotal = gY === null
    ? gQ
    : (gQ === null ? matmul(A2, mT(gY)) : gQ.add(matmul(A2, mT(gY))));
  const left = qrTallBackward(gQtotal, gX, Q, X);
  const right = gY === null
    ? zeros([...Q.shape.slice(0, -1), n - m], { dtype: Q.dtype as "float32" | "float64" })
    : matmul(Q, gY);
  return cat([left, right], -1);
}

/** gA = [gQ + Q copyltu(M)] R⁻ᵀ with M = R gRᵀ - gQᵀ Q, for m ≥ n. */
function qrTallBackward(gQ: Tensor | null, gR: Tensor | null, Q: Tensor, R: Tensor): Tensor {
  let M: Tensor;
  if (gQ !== null && gR !== null) M = matmul(gR, mT(R)).sub(matmul(mT(Q), gQ));
  else if (gQ !== null) M = matmul(mT(Q), gQ).neg();
  else M = matmul(gR as Tensor, mT(R));
  // copyltu(Mᵀ) in torch's terms: the upper triangle of M mirrored.
  const T = triu(M);
  const sym = T.add(mT(T)).sub(diagEmbed(diagonalOf(T)));
  let gA = matmul(Q, sym);
  if (gQ !== null) gA = gA.add(gQ);
  return solve_triangular(mT(R), gA, { upper: false, left: false });
}
