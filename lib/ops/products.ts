/**
 * Products and distances built on the matrix products of `linalg.ts`: `addmm`, `addmv`,
 * `baddbmm` (with torch's `beta` / `alpha` and grad_fn names), `ger`, `kron`, `tensordot`,
 * `einsum` (torch's subscript grammar, `...` included), `dist` and `cdist`. The composite ones
 * are composed from differentiable ops, so their gradients (and double backward) come free;
 * their final node carries torch's grad_fn name.
 *
 * @module
 */

import { bind } from "../tensor/args.ts";
import { no_grad } from "../tensor/autograd.ts";
import { contiguousData, fromData, requireTensor, result, type Tensor } from "../tensor/tensor.ts";
import { cat, index_select } from "./gather.ts";
import { ones_like } from "./create.ts";
import { bmm, mm, mv, outer } from "./linalg.ts";
import { sumTo } from "./reduce.ts";
import { norm } from "./reduce_dims.ts";
import { renamed } from "./statistics.ts";

const BETA_ALPHA = [
  { name: "beta", kind: "number", default: 1, keywordOnly: true },
  { name: "alpha", kind: "number", default: 1, keywordOnly: true },
] as const;

/** Options of `addmm`, `addmv`, `baddbmm`, with torch's keywords. */
export interface BetaAlphaOptions {
  /** The factor on `input` (0 ignores it, NaN included). Default 1. */
  beta?: number;
  /** The factor on the product. Default 1. */
  alpha?: number;
}

/** `beta · input + alpha · product`, recorded as one node with torch's name. */
function scaledSum(
  name: string,
  input: Tensor,
  a: Tensor,
  b: Tensor,
  product: (a: Tensor, b: Tensor) => Tensor,
  grads: (g: Tensor) => [Tensor, Tensor],
  beta: number,
  alpha: number,
): Tensor {
  const value = no_grad(() => {
    const p = product(a, b);
    const scaled = alpha === 1 ? p : p.mul(alpha);
    // beta = 0: input is ignored (NaN and inf in it do not propagate), as torch.
    return beta === 0 ? scaled.add(input.mul(0).nan_to_num().mul(0)) : scaled.add(input.mul(beta));
  });
  const data = contiguousData(value).slice();
  return result(data, value.shape, name, [input, a, b], (g) => {
    const [ga, gb] = grads(g);
    return [
      input.requires_grad ? sumTo(g.mul(beta), input.shape) : null,
      a.requires_grad ? ga.mul(alpha) : null,
      b.requires_grad ? gb.mul(alpha) : null,
    ];
  }, { dtype: value.dtype, saved: [a, b] });
}

/**
 * `beta · input + alpha · (mat1 @ mat2)`, like `torch.addmm(input, mat1, mat2, *, beta=1, alpha=1)`
 * (`input` broadcasts to the product's shape).
 *
 * @param input The matrix added (broadcast).
 * @param mat1 An n×k matrix.
 * @param mat2 A k×m matrix.
 * @param options `{ beta, alpha }`.
 * @returns The n×m result (AddmmBackward0).
 *
 * @example
 * ```ts
 * import { addmm, ones, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const r = addmm(tensor([1, 2]), ones(1, 3), ones(3, 2), { beta: 2 });
 * assert.deepEqual(r.tolist(), [[5, 7]]);
 * ```
 */
export function addmm(
  input: Tensor,
  mat1: Tensor,
  mat2: Tensor,
  options?: BetaAlphaOptions,
): Tensor {
  requireTensor(input, "addmm");
  const { beta, alpha } = bind("addmm", BETA_ALPHA, options === undefined ? [] : [options]) as {
    beta: number;
    alpha: number;
  };
  return scaledSum(
    "AddmmBackward0",
    input,
    mat1,
    mat2,
    mm,
    (g) => [
      g.mm(mat2.t()),
      mat1.t().mm(g),
    ],
    beta,
    alpha,
  );
}

/**
 * `beta · input + alpha · (mat @ vec)`, like `torch.addmv(input, mat, vec, *, beta=1, alpha=1)`.
 *
 * @param input The vector added (broadcast).
 * @param mat An n×m matrix.
 * @param vec An m-vector.
 * @param options `{ beta, alpha }`.
 * @returns The n-vector (AddmvBackward0).
 *
 * @example
 * ```ts
 * import { addmv, ones, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(addmv(tensor([1, 2]), ones(2, 3), ones(3), { alpha: 2 }).tolist(), [7, 8]);
 * ```
 */
export function addmv(input: Tensor, mat: Tensor, vec: Tensor, options?: BetaAlphaOptions): Tensor {
  requireTensor(input, "addmv");
  const { beta, alpha } = bind("addmv", BETA_ALPHA, options === undefined ? [] : [options]) as {
    beta: number;
    alpha: number;
  };
  return scaledSum(
    "AddmvBackward0",
    input,
    mat,
    vec,
    mv,
    (g) => [
      outer(g, vec),
      mat.t().mv(g),
    ],
    beta,
    alpha,
  );
}

/**
 * `beta · input + alpha · bmm(batch1, batch2)`, like
 * `torch.baddbmm(input, batch1, batch2, *, beta=1, alpha=1)`.
 *
 * @param input The tensor added (broadcast to b×n×m).
 * @param batch1 A b×n×k tensor.
 * @param batch2 A b×k×m tensor.
 * @param options `{ beta, alpha }`.
 * @returns The b×n×m result (BaddbmmBackward0).
 *
 * @example
 * ```ts
 * import { baddbmm, ones, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(baddbmm(zeros(1, 1, 1), ones(1, 1, 2), ones(1, 2, 1)).tolist(), [[[2]]]);
 * ```
 */
export function baddbmm(
  input: Tensor,
  batch1: Tensor,
  batch2: Tensor,
  options?: BetaAlphaOptions,
): Tensor {
  requireTensor(input, "baddbmm");
  const { beta, alpha } = bind("baddbmm", BETA_ALPHA, options === undefined ? [] : [options]) as {
    beta: number;
    alpha: number;
  };
  return scaledSum(
    "BaddbmmBackward0",
    input,
    batch1,
    batch2,
    bmm,
    (g) => [
      g.bmm(batch2.transpose(1, 2)),
      batch1.transpose(1, 2).bmm(g),
    ],
    beta,
    alpha,
  );
}

/**
 * The outer product of two vectors, like `torch.ger` (the old name of `torch.outer`).
 *
 * @param input An n-vector.
 * @param vec2 An m-vector.
 * @returns The n×m product (MulBackward0).
 *
 * @example
 * ```ts
 * import { ger, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(ger(tensor([1, 2]), tensor([3, 4])).tolist(), [[3, 4], [6, 8]]);
 * ```
 */
export function ger(input: Tensor, vec2: Tensor): Tensor {
  return outer(input, vec2);
}

/**
 * The Kronecker product, like `torch.kron(input, other)` (the smaller rank is padded with
 * leading 1s).
 *
 * @param input A tensor.
 * @param other A tensor.
 * @returns The product, of size `input.size(i) · other.size(i)` per dim (UnsafeViewBackward0).
 *
 * @example
 * ```ts
 * import { kron, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const r = kron(tensor([[1, 2]]), tensor([[1], [10]]));
 * assert.deepEqual(r.tolist(), [[1, 2], [10, 20]]);
 * ```
 */
export function kron(input: Tensor, other: Tensor): Tensor {
  requireTensor(input, "kron");
  requireTensor(other, "kron(other)");
  const n = Math.max(input.dim(), other.dim());
  const sa = [...Array(n - input.dim()).fill(1), ...input.shape];
  const sb = [...Array(n - other.dim()).fill(1), ...other.shape];
  // a as (a0, 1, a1, 1, ...), b as (1, b0, 1, b1, ...): their product interleaves the dims.
  const a = input.reshape(sa.flatMap((s) => [s, 1]));
  const b = other.reshape(sb.flatMap((s) => [1, s]));
  const p = a.mul(b).reshape(sa.map((s, i) => s * sb[i]));
  return renamed(p, "UnsafeViewBackward0");
}

/** `tensordot`'s dims: a count, or the two lists of contracted dims. */
export type TensordotDims = number | readonly [readonly number[], readonly number[]];

/**
 * Contracts `dims` dims of `a` with `b`, like `torch.tensordot(a, b, dims=2)`: a number
 * contracts the last `dims` of `a` with the first `dims` of `b`; a pair of lists names them.
 *
 * @param a A tensor.
 * @param b A tensor.
 * @param rest `dims` (2 by default): a count, or `[dims_a, dims_b]`, by position or as `{ dims }`.
 * @returns The contraction.
 *
 * @example
 * ```ts
 * import { ones, tensordot } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(tensordot(ones(2, 3, 4), ones(3, 4, 5)).shape, [2, 5]);
 * assert.deepEqual(tensordot(ones(2, 3), ones(3, 2), [[1], [0]]).tolist(), [[3, 3], [3, 3]]);
 * ```
 */
export function tensordot(
  a: Tensor,
  b: Tensor,
  ...rest: [dims?: TensordotDims | { dims?: TensordotDims }]
): Tensor {
  requireTensor(a, "tensordot");
  requireTensor(b, "tensordot(b)");
  const dims = bind("tensordot", [{
    name: "dims",
    kind: (v: unknown) =>
      (typeof v === "number" && Number.isInteger(v)) ||
        (Array.isArray(v) && v.length === 2 && v.every(Array.isArray))
        ? null
        : "an int or a pair of lists of ints",
    default: 2,
  }], rest).dims as TensordotDims;
  let da: number[];
  let db: number[];
  if (typeof dims === "number") {
    if (!Number.isInteger(dims) || dims < 0) {
      throw new RangeError(`tensordot expects dims >= 0, but got dims=${dims}`);
    }
    if (dims > a.dim() || dims > b.dim()) {
      throw new RangeError(
        `tensordot: dims (${dims}) exceeds the number of dims of a (${a.dim()}) or b (${b.dim()})`,
      );
    }
    da = Array.from({ length: dims }, (_, i) => a.dim() - dims + i);
    db = Array.from({ length: dims }, (_, i) => i);
  } else {
    da = dims[0].map((d) => (d < 0 ? d + a.dim() : d));
    db = dims[1].map((d) => (d < 0 ? d + b.dim() : d));
    if (da.length !== db.length) {
      throw new RangeError("both dimension lists should have same length");
    }
  }
  for (let i = 0; i < da.length; i++) {
    if (a.shape[da[i]] !== b.shape[db[i]]) {
      throw new RangeError(
        `contracted dimensions need to match, but first has size ${a.shape[da[i]]} in dim ${
          da[i]
        } and second has size ${b.shape[db[i]]} in dim ${db[i]}`,
      );
    }
  }
  const freeA = a.shape.map((_, i) => i).filter((i) => !da.includes(i));
  const freeB = b.shape.map((_, i) => i).filter((i) => !db.includes(i));
  const k = da.reduce((s, d) => s * a.shape[d], 1);
  const m = freeA.reduce((s, d) => s * a.shape[d], 1);
  const n = freeB.reduce((s, d) => s * b.shape[d], 1);
  const am = a.permute([...freeA, ...da]).reshape([m, k]);
  const bm = b.permute([...db, ...freeB]).reshape([k, n]);
  return am.mm(bm).reshape([...freeA.map((d) => a.shape[d]), ...freeB.map((d) => b.shape[d])]);
}

// ---- einsum ----

/** `t` with each repeated label's dims replaced by their diagonal (as the last dim). */
function diagonals(t: Tensor, labels: string[], operand: number): { t: Tensor; labels: string[] } {
  let x = t;
  let ls = [...labels];
  for (;;) {
    const q = ls.findIndex((l, d) => ls.indexOf(l) !== d);
    if (q < 0) return { t: x, labels: ls };
    const p = ls.indexOf(ls[q]);
    const n = x.shape[p];
    if (x.shape[q] !== n) {
      throw new RangeError(
        `einsum(): subscript ${
          ls[q]
        } is repeated for operand ${operand} but the sizes don't match, ${x.shape[q]} != ${n}`,
      );
    }
    // Move p and q last, flatten them, and pick the elements (k, k): positions k·(n + 1).
    const rest = ls.map((_, d) => d).filter((d) => d !== p && d !== q);
    const moved = x.permute([...rest, p, q]);
    const flat = moved.reshape([...rest.map((d) => x.shape[d]), n * n]);
    const at = fromData(Float64Array.from({ length: n }, (_, k) => k * (n + 1)), [n], "int64");
    x = index_select(flat, rest.length, at);
    ls = [...rest.map((d) => ls[d]), ls[p]];
  }
}

/** One operand's subscripts: letters, with `null` where its ellipsis dims go. */
function parseTerm(term: string, where: string): (string | null)[] {
  const out: (string | null)[] = [];
  let i = 0;
  while (i < term.length) {
    if (term.startsWith("...", i)) {
      if (out.includes(null)) {
        throw new RangeError(`${where}: found more than one ellipsis in one operand`);
      }
      out.push(null);
      i += 3;
    } else if (/[a-zA-Z]/.test(term[i])) {
      out.push(term[i]);
      i++;
    } else if (term[i] === " ") i++;
    else {
      throw new RangeError(
        `einsum(): invalid subscript given at index ${i} in the equation string, subscripts must be in [a-zA-Z]`,
      );
    }
  }
  return out;
}

/**
 * Sums products of the operands' elements over the subscripts the equation contracts, like
 * `torch.einsum(equation, *operands)`: torch's grammar (letters a–z, A–Z, `...` for broadcast
 * dims, an optional `->` output; without it the output is the ellipsis dims then the letters
 * seen once, in alphabetical order). A letter repeated inside one operand takes its diagonal
 * (`"ii->i"`, and `"ii"` is the trace).
 *
 * @param equation The subscripts, e.g. `"bij,bjk->bik"`.
 * @param operands The tensors (or one array of them).
 * @returns The result (ViewBackward0 when two or more operands are contracted, as torch's).
 *
 * @example
 * ```ts
 * import { einsum, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const a = tensor([[1, 2], [3, 4]]);
 * assert.deepEqual(einsum("ij,jk->ik", a, a).tolist(), [[7, 10], [15, 22]]);
 * assert.deepEqual(einsum("ij->j", a).tolist(), [4, 6]);
 * assert.equal(einsum("i,i", tensor([1, 2]), tensor([3, 4])).item(), 11);
 * assert.equal(einsum("ii", a).item(), 5);
 * ```
 */
export function einsum(equation: string, ...operands: Tensor[] | [readonly Tensor[]]): Tensor {
  if (typeof equation !== "string") {
    throw new TypeError(`einsum(): the equation must be a string, got ${typeof equation}`);
  }
  const ops: Tensor[] = operands.length === 1 && Array.isArray(operands[0])
    ? [...(operands[0] as readonly Tensor[])]
    : operands as Tensor[];
  ops.forEach((t, i) => requireTensor(t, `einsum(operand ${i})`));
  const [lhs, rhs] = equation.split("->");
  const terms = lhs.split(",");
  if (terms.length !== ops.length) {
    throw new RangeError(
      `einsum(): more operands were provided than specified in the equation`.replace(
        "more",
        terms.length < ops.length ? "more" : "fewer",
      ),
    );
  }
  const parsed = terms.map((t) => parseTerm(t, "einsum()"));
  // The ellipsis covers the operand's dims not named by letters; all ellipses broadcast.
  let ellRank = 0;
  parsed.forEach((p, i) => {
    const letters = p.filter((s) => s !== null).length;
    const hasEll = p.includes(null);
    if (!hasEll && letters !== ops[i].dim()) {
      throw new RangeError(
        `einsum(): the number of subscripts in the equation (${letters}) does not match the number of dimensions (${
          ops[i].dim()
        }) for operand ${i} and no ellipsis was given`,
      );
    }
    if (hasEll && letters > ops[i].dim()) {
      throw new RangeError(
        `einsum(): the number of subscripts in the equation (${letters}) is more than the number of dimensions (${
          ops[i].dim()
        }) for operand ${i}`,
      );
    }
    if (hasEll) ellRank = Math.max(ellRank, ops[i].dim() - letters);
  });
  const ell = Array.from({ length: ellRank }, (_, i) => `…${i}`);
  const expand = (p: (string | null)[], dim: number): string[] => {
    const letters = p.filter((s) => s !== null).length;
    const k = dim - letters;
    return p.flatMap((s) => (s === null ? ell.slice(ellRank - k) : [s]));
  };
  const allLabels = parsed.map((p, i) => expand(p, ops[i].dim()));
  // A letter repeated inside one operand takes its diagonal there (torch's "ii->i", "ii").
  const diag = allLabels.map((ls, i) => diagonals(ops[i], ls, i));
  const labels = diag.map((d) => d.labels);
  // Sizes, checked for agreement (a size 1 broadcasts for ellipsis dims).
  const size = new Map<string, number>();
  labels.forEach((ls, i) =>
    ls.forEach((l, d) => {
      const s = diag[i].t.shape[d];
      const prev = size.get(l);
      if (prev === undefined || prev === 1) size.set(l, s);
      else if (s !== prev && !(s === 1 && l.startsWith("…"))) {
        throw new RangeError(
          `einsum(): operands do not broadcast with remapped shapes (original->remapped): subscript ${l} has size ${s} for operand ${i} which does not broadcast with previously seen size ${prev}`,
        );
      }
    })
  );
  let outLabels: string[];
  if (rhs === undefined) {
    const counts = new Map<string, number>();
    for (const ls of allLabels) for (const l of ls) counts.set(l, (counts.get(l) ?? 0) + 1);
    outLabels = [
      ...ell,
      ...[...counts.keys()].filter((l) => !l.startsWith("…") && counts.get(l) === 1).sort(),
    ];
  } else {
    const p = parseTerm(rhs, "einsum()");
    outLabels = p.flatMap((s) => (s === null ? ell : [s]));
    for (const l of outLabels) {
      if (!size.has(l)) {
        throw new RangeError(
          `einsum(): output subscript ${l} does not appear in the equation for any input operand`,
        );
      }
    }
  }
  const contracted = [...size.keys()].filter((l) => !outLabels.includes(l));
  const all = [...outLabels, ...contracted];
  // Each operand permuted into `all`'s order, with size-1 dims for the labels it lacks.
  let prod: Tensor | null = null;
  labels.forEach((ls, i) => {
    const x = diag[i].t;
    const present = all.filter((l) => ls.includes(l));
    const perm = present.map((l) => ls.indexOf(l));
    const permuted = x.permute(perm);
    // An operand with every label needs no reshape (a lone one ends in PermuteBackward0, as torch).
    const t = present.length === all.length
      ? permuted
      : permuted.reshape(all.map((l) => (ls.includes(l) ? x.shape[ls.indexOf(l)] : 1)));
    prod = prod === null ? t : prod.mul(t);
  });
  let out = prod as unknown as Tensor;
  if (contracted.length > 0) {
    const dims = contracted.map((_, i) => outLabels.length + i);
    out = out.sum(dims);
  } else if (out.shape.some((s, d) => s !== (size.get(all[d]) ?? s))) {
    out = out.expand(all.map((l) => size.get(l) ?? 1));
  }
  // torch's contraction ends in a view (ViewBackward0); a plain product ends in its mul.
  return ops.length >= 2 && contracted.length > 0 ? renamed(out, "ViewBackward0") : out;
}

// ---- dist, cdist ----

/**
 * The p-norm of `input − other` (broadcast), like `torch.dist(input, other, p=2)`.
 *
 * @param input A tensor.
 * @param other A tensor.
 * @param p The order (2 by default; any number, ±Infinity).
 * @returns A 0-dim tensor (DistBackward0).
 *
 * @example
 * ```ts
 * import { dist, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(dist(tensor([0, 0]), tensor([3, 4])).item(), 5);
 * assert.equal(dist(tensor([0, 0]), tensor([3, 4]), 1).item(), 7);
 * ```
 */
export function dist(input: Tensor, other: Tensor, p: number = 2): Tensor {
  requireTensor(input, "dist");
  requireTensor(other, "dist(other)");
  if (typeof p !== "number") {
    throw new TypeError(`dist(): argument 'p' must be a number, got ${typeof p}`);
  }
  return renamed(norm(input.sub(other), p), "DistBackward0");
}

const CDIST = [
  { name: "p", kind: "number", default: 2 },
  {
    name: "compute_mode",
    kind: (v: unknown) =>
      v === "use_mm_for_euclid_dist_if_necessary" || v === "use_mm_for_euclid_dist" ||
        v === "donot_use_mm_for_euclid_dist"
        ? null
        : '"use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist" or "donot_use_mm_for_euclid_dist"',
    default: "use_mm_for_euclid_dist_if_necessary",
  },
] as const;

/** Options of `cdist`, with torch's keys. */
export interface CdistOptions {
  /** The order of the norm. Default 2. */
  p?: number;
  /** torch's choice of algorithm for p = 2 (the direct one is always used here). */
  compute_mode?:
    | "use_mm_for_euclid_dist_if_necessary"
    | "use_mm_for_euclid_dist"
    | "donot_use_mm_for_euclid_dist";
}

/**
 * The p-norm distance between each row of `x1` and each row of `x2` (batched), like
 * `torch.cdist(x1, x2, p=2.0, compute_mode=...)`. For p = 2 with more than 25 rows (or
 * `compute_mode: "use_mm_for_euclid_dist"`) the values come from torch's matrix-product form
 * `‖a‖² − 2a·b + ‖b‖²` (its cancellation included); otherwise they are computed directly.
 *
 * @param x1 A B×P×M (or P×M) tensor.
 * @param x2 A B×R×M (or R×M) tensor.
 * @param rest `p`, `compute_mode` by position or in an options object.
 * @returns The B×P×R distances (CdistBackward0; ViewBackward0 for the matrix-product form, as torch).
 *
 * @example
 * ```ts
 * import { cdist, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const d = cdist(tensor([[0, 0], [1, 1]]), tensor([[3, 4]]));
 * assert.equal(String(d), "tensor([[5.0000],\n        [3.6056]])");
 * ```
 */
export function cdist(
  x1: Tensor,
  x2: Tensor,
  ...rest: [p?: number | CdistOptions, compute_mode?: string, options?: CdistOptions]
): Tensor {
  requireTensor(x1, "cdist");
  requireTensor(x2, "cdist(x2)");
  const b = bind("cdist", CDIST, rest);
  const p = b.p as number;
  if (p < 0) throw new RangeError("cdist only supports non-negative p values");
  if (x1.dim() < 2) {
    throw new RangeError(`cdist only supports at least 2D tensors, X1 got: ${x1.dim()}D`);
  }
  if (x2.dim() < 2) {
    throw new RangeError(`cdist only supports at least 2D tensors, X2 got: ${x2.dim()}D`);
  }
  const m1 = x1.shape[x1.dim() - 1];
  const m2 = x2.shape[x2.dim() - 1];
  if (m1 !== m2) {
    throw new RangeError(
      `X1 and X2 must have the same number of columns. X1: ${m1} X2: ${m2}`,
    );
  }
  const mode = b.compute_mode as string;
  const rows1 = x1.shape[x1.dim() - 2];
  const rows2 = x2.shape[x2.dim() - 2];
  const useMm = p === 2 &&
    (mode === "use_mm_for_euclid_dist" ||
      (mode === "use_mm_for_euclid_dist_if_necessary" && (rows1 > 25 || rows2 > 25)));
  if (useMm) {
    // torch's _euclidean_dist, composed as torch composes it (its values, cancellation
    // included, and its gradient): ‖a‖² − 2a·b + ‖b‖² as one matrix product, clamped at 1e-30.
    const n1 = x1.pow(2).sum(-1, true);
    const n2 = x2.pow(2).sum(-1, true);
    const a = cat([x1.mul(-2), n1, ones_like(n1)], -1);
    const c = cat([x2, ones_like(n2), n2], -1);
    return renamed(a.matmul(c.transpose(-2, -1)).clamp_min(1e-30).sqrt(), "ViewBackward0");
  }
  const diff = x1.unsqueeze(-2).sub(x2.unsqueeze(-3));
  return renamed(norm(diff, p, -1), "CdistBackward0");
}
