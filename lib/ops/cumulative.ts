/**
 * Running reductions along a dim with torch's semantics: `cumprod`, `cummax`, `cummin` and
 * `logcumsumexp`. (`cumsum` lives in `reduce_dims.ts`.)
 *
 * @module
 */

import { allocate, type DType, isFloating } from "../tensor/dtype.ts";
import { bind, boundDType } from "../tensor/args.ts";
import { contiguousData, fromData, requireTensor, result, type Tensor } from "../tensor/tensor.ts";
import { ValuesIndices } from "./return_types.ts";
import { lanesOf, oneDim } from "./reduce_dims.ts";
import { checkIntegers, where } from "./elementwise.ts";
import { needsGraph } from "../tensor/autograd.ts";
import { castFor } from "./dtype_arg.ts";

const CUMPROD = [
  { name: "dim", kind: "int" },
  { name: "dtype", kind: "dtype", default: null, keywordOnly: true },
] as const;

/**
 * Running products along `dim`, like `torch.cumprod(input, dim, *, dtype=None)`; integers and
 * bools give int64. The gradient is exact also where the input has zeros.
 *
 * @param input The tensor.
 * @param rest `dim` by position or in an options object; `{ dtype }` casts the input first.
 * @returns The running products (CumprodBackward0).
 *
 * @example
 * ```ts
 * import { cumprod, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([1, 2, 3, 4], { requires_grad: true });
 * const c = cumprod(x, 0);
 * assert.deepEqual(c.tolist(), [1, 2, 6, 24]);
 * c.sum().backward();
 * assert.deepEqual(x.grad?.tolist(), [33, 16, 10, 6]);
 * ```
 */
export function cumprod(
  input: Tensor,
  ...rest: [
    dim?: number | { dim?: number; dtype?: DType | null },
    options?: { dtype?: DType | null },
  ]
): Tensor {
  requireTensor(input, "cumprod");
  const b = bind("cumprod", CUMPROD, rest);
  const x = castFor(input, boundDType(b), "cumprod");
  const dims = oneDim(b.dim, x, "cumprod");
  const dtype: DType = isFloating(x.dtype) ? x.dtype : "int64";
  const a = contiguousData(x);
  const L = lanesOf(x.shape, dims);
  const out = allocate(dtype, x.numel());
  for (let o = 0; o < L.count; o++) {
    let p = 1;
    for (let j = 0; j < L.n; j++) {
      const at = L.pos[o * L.n + j];
      p *= a[at]; // accumulated in double, as torch's CPU kernel (acc_type)
      out[at] = p;
    }
  }
  if (dtype === "int64") checkIntegers(out, "cumprod");
  return result(out, x.shape, "CumprodBackward0", [x], (g) => {
    if (needsGraph(g, x)) return [lanePairs(g, x, dims[0] ?? 0, "cumprod")];
    // ∂out_j/∂x_i = Π_{k ≤ j, k ≠ i} x_k for j ≥ i: summed over j, computed exactly (zeros too).
    const xs = contiguousData(x);
    const gs = contiguousData(g);
    const grad = allocate(x.dtype, x.numel());
    for (let o = 0; o < L.count; o++) {
      const base = o * L.n;
      for (let i = 0; i < L.n; i++) {
        let before = 1;
        for (let k = 0; k < i; k++) before *= xs[L.pos[base + k]];
        let s = 0;
        let after = 1;
        for (let j = i; j < L.n; j++) {
          if (j > i) after *= xs[L.pos[base + j]];
          s += gs[L.pos[base + j]] * before * after;
        }
        grad[L.pos[base + i]] = s;
      }
    }
    return [fromData(grad, x.shape, x.dtype)];
  }, { dtype, saved: [x] });
}

function cumExtreme(
  kind: "cummax" | "cummin",
  input: Tensor,
  rest: readonly unknown[],
): ValuesIndices {
  requireTensor(input, kind);
  const b = bind(kind, [{ name: "dim", kind: "int" }], rest);
  const dims = oneDim(b.dim, input, kind);
  const a = contiguousData(input);
  const L = lanesOf(input.shape, dims);
  const values = allocate(input.dtype, input.numel());
  const indices = allocate("int64", input.numel(), undefined, input.shape) as Float64Array;
  const max = kind === "cummax";
  for (let o = 0; o < L.count; o++) {
    let best = NaN;
    let bi = 0;
    for (let j = 0; j < L.n; j++) {
      const at = L.pos[o * L.n + j];
      const v = a[at];
      // torch: a later equal value moves the index; NaN, once seen, stays.
      if (j === 0 || (best === best && (v !== v || (max ? v >= best : v <= best)))) {
        best = v;
        bi = j;
      }
      values[at] = best;
      indices[at] = bi;
    }
  }
  const name = max ? "CummaxBackward0" : "CumminBackward0";
  const v = result(values, input.shape, name, [input], (g) => {
    const gs = contiguousData(g);
    const grad = allocate(input.dtype, input.numel());
    for (let o = 0; o < L.count; o++) {
      for (let j = 0; j < L.n; j++) {
        const at = L.pos[o * L.n + j];
        grad[L.pos[o * L.n + indices[at]]] += gs[at];
      }
    }
    return [fromData(grad, input.shape, input.dtype)];
  }, { dtype: input.dtype });
  return new ValuesIndices(kind, v, fromData(indices, input.shape, "int64"));
}

/**
 * The running maximum along `dim` and where it was reached, like `torch.cummax(input, dim)`
 * (a later equal value takes the index; NaN propagates).
 *
 * @param input The tensor.
 * @param rest `dim` by position or in an options object.
 * @returns torch.return_types.cummax(values, indices) (CummaxBackward0).
 *
 * @example
 * ```ts
 * import { cummax, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const [values, indices] = cummax(tensor([1, 3, 3, 2]), 0);
 * assert.deepEqual(values.tolist(), [1, 3, 3, 3]);
 * assert.deepEqual(indices.tolist(), [0, 1, 2, 2]);
 * ```
 */
export function cummax(input: Tensor, ...rest: [dim: number | { dim: number }]): ValuesIndices {
  return cumExtreme("cummax", input, rest);
}

/**
 * The running minimum along `dim` and where it was reached, like `torch.cummin(input, dim)`.
 *
 * @param input The tensor.
 * @param rest `dim` by position or in an options object.
 * @returns torch.return_types.cummin(values, indices) (CumminBackward0).
 *
 * @example
 * ```ts
 * import { cummin, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(cummin(tensor([3, 1, 2]), 0).values.tolist(), [3, 1, 1]);
 * ```
 */
export function cummin(input: Tensor, ...rest: [dim: number | { dim: number }]): ValuesIndices {
  return cumExtreme("cummin", input, rest);
}

/**
 * `log(cumsum(exp(input)))` along `dim`, computed stably, like `torch.logcumsumexp(input, dim)`
 * (floating point only).
 *
 * @param input A floating point tensor.
 * @param rest `dim` by position or in an options object.
 * @returns The running log-sum-exp (LogcumsumexpBackward0).
 *
 * @example
 * ```ts
 * import { logcumsumexp, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const r = logcumsumexp(tensor([0, 0], { dtype: "float64" }), 0);
 * assert.deepEqual(r.tolist(), [0, Math.LN2]);
 * ```
 */
export function logcumsumexp(input: Tensor, ...rest: [dim: number | { dim: number }]): Tensor {
  requireTensor(input, "logcumsumexp");
  const b = bind("logcumsumexp", [{ name: "dim", kind: "int" }], rest);
  if (!isFloating(input.dtype)) {
    throw new TypeError(
      `logcumsumexp: "logcumsumexp_out_cpu" not implemented for '${
        input.dtype === "int64" ? "Long" : "Bool"
      }'`,
    );
  }
  const dims = oneDim(b.dim, input, "logcumsumexp");
  const a = contiguousData(input);
  const L = lanesOf(input.shape, dims);
  const out = allocate(input.dtype, input.numel());
  const run = allocate("float64", input.numel(), undefined, input.shape) as Float64Array;
  for (let o = 0; o < L.count; o++) {
    let acc = -Infinity;
    for (let j = 0; j < L.n; j++) {
      const at = L.pos[o * L.n + j];
      const v = a[at];
      if (acc === -Infinity) acc = v;
      else if (v === v && acc === acc) {
        const m = Math.max(acc, v);
        acc = m === Infinity ? Infinity : m + Math.log1p(Math.exp(-Math.abs(acc - v)));
      } else acc = NaN;
      run[at] = acc;
      out[at] = acc;
    }
  }
  const y: Tensor = result(out, input.shape, "LogcumsumexpBackward0", [input], (g) => {
    if (needsGraph(g, input)) return [lanePairs(g, input, dims[0] ?? 0, "logcumsumexp", y)];
    // ∂out_j/∂x_i = exp(x_i − out_j) for j ≥ i.
    const xs = contiguousData(input);
    const gs = contiguousData(g);
    const grad = allocate(input.dtype, input.numel());
    for (let o = 0; o < L.count; o++) {
      const base = o * L.n;
      for (let i = 0; i < L.n; i++) {
        const xi = xs[L.pos[base + i]];
        let s = 0;
        for (let j = i; j < L.n; j++) {
          const at = L.pos[base + j];
          if (gs[at] !== 0) s += gs[at] * Math.exp(xi - run[at]);
        }
        grad[L.pos[base + i]] = s;
      }
    }
    return [fromData(grad, input.shape, input.dtype)];
  }, { dtype: input.dtype, saved: [input], saveOutput: true });
  return y;
}

/**
 * The backward of cumprod or logcumsumexp written with recorded ops (for create_graph): over
 * each lane, the n×n matrix of ∂out_j/∂x_i (zero below the diagonal j < i) times g_j, summed
 * over j. cumprod: Π_{k ≤ j, k ≠ i} x_k (a cumprod of x with x_i replaced by 1, exact with
 * zeros); logcumsumexp: exp(x_i − out_j).
 */
function lanePairs(
  g: Tensor,
  x: Tensor,
  dim: number,
  op: "cumprod" | "logcumsumexp",
  y?: Tensor,
): Tensor {
  if (x.dim() === 0) return op === "cumprod" ? g : g.mul(x.sub(y as Tensor).exp());
  const xl = x.transpose(dim, -1);
  const gl = g.transpose(dim, -1);
  const n = xl.shape[xl.dim() - 1];
  const ij = Float64Array.from({ length: n * n }, (_, k) => k);
  const rows = fromData(ij.map((k) => Math.floor(k / n)), [n, n], "int64");
  const cols = fromData(ij.map((k) => k % n), [n, n], "int64");
  // Entry [i, j] of each lane's matrix; j ≥ i only.
  const upper = cols.ge(rows);
  let d: Tensor;
  if (op === "cumprod") {
    // Row i: x with x_i replaced by 1, cumprod along j.
    const rep = where(cols.eq(rows), 1, xl.unsqueeze(-2).expand([...xl.shape.slice(0, -1), n, n]));
    d = cumprod(rep, -1);
  } else {
    const yl = (y as Tensor).transpose(dim, -1);
    d = xl.unsqueeze(-1).sub(yl.unsqueeze(-2)).exp();
  }
  const grad = where(upper, d.mul(gl.unsqueeze(-2)), 0).sum(-1);
  return grad.transpose(dim, -1);
}
