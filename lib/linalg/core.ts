/**
 * What every `linalg` op shares: torch's input checks (in torch's words), reading the matrices
 * of a batch as float64, and small differentiable helpers (transpose, triangles, diagonals)
 * that the backward formulas are written with, so gradients are themselves differentiable.
 *
 * @module
 */

import { allocate, type Data, type DType, type FloatDType } from "../tensor/dtype.ts";
import { broadcastShapes, numelOf } from "../tensor/shape.ts";
import { contiguousData, fromData, requireTensor, Tensor } from "../tensor/tensor.ts";
import { eye } from "../ops/create.ts";
import { where } from "../ops/elementwise.ts";

/** torch's C++ scalar type names, as its linalg errors print them. */
export function scalarName(dtype: DType): string {
  switch (dtype) {
    case "float32":
      return "Float";
    case "float64":
      return "Double";
    case "int64":
      return "Long";
    default:
      return "Bool";
  }
}

/** `linalg.X: Expected a floating point or complex tensor as input. Got Long`. */
export function requireFloat(x: Tensor, where: string): FloatDType {
  requireTensor(x, where);
  if (x.dtype !== "float32" && x.dtype !== "float64") {
    throw new TypeError(
      `${where}: Expected a floating point or complex tensor as input. Got ${scalarName(x.dtype)}`,
    );
  }
  return x.dtype;
}

/** torch's checks of a batch of matrices: a float tensor of ≥ 2 dims, square when asked. */
export function requireMatrices(x: Tensor, where: string, square: boolean, name = "A"): FloatDType {
  const dtype = requireFloat(x, where);
  if (x.dim() < 2) {
    throw new RangeError(`${where}: The input tensor ${name} must have at least 2 dimensions.`);
  }
  if (square && x.shape[x.dim() - 1] !== x.shape[x.dim() - 2]) {
    throw new RangeError(
      `${where}: ${name} must be batches of square matrices, but they are ${
        x.shape[x.dim() - 2]
      } by ${x.shape[x.dim() - 1]} matrices`,
    );
  }
  return dtype;
}

/** torch's prefix for an error in one matrix of a batch: `(Batch element 1): `. */
export function batchPrefix(x: Tensor, b: number): string {
  return x.dim() > 2 ? `(Batch element ${b}): ` : "";
}

/** The matrices of `x` as one row-major float64 copy, with their count and size. */
export function matrices(
  x: Tensor,
): { data: Float64Array; count: number; rows: number; cols: number } {
  const rows = x.shape[x.dim() - 2];
  const cols = x.shape[x.dim() - 1];
  const data = Float64Array.from(contiguousData(x) as ArrayLike<number>);
  return { data, count: numelOf(x.shape.slice(0, -2)), rows, cols };
}

/** A fresh array of `dtype` holding `values` (rounded once for float32). */
export function rounded(values: Float64Array, dtype: DType): Data {
  const out = allocate(dtype, values.length);
  out.set(values);
  return out;
}

/** The batch shape of `a` and `b` broadcast (all but their last two dims). */
export function batchShape(a: Tensor, b: Tensor, where: string): number[] {
  return broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), where);
}

/** `x.mT`: the last two dims swapped (a view). */
export function mT(x: Tensor): Tensor {
  return x.transpose(-2, -1);
}

/** A constant bool mask of the lower (or upper) triangle from diagonal `k`, shaped n×m. */
function triMask(n: number, m: number, upper: boolean, k: number): Tensor {
  const data = new Uint8Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) data[i * m + j] = (upper ? j - i >= k : j - i <= k) ? 1 : 0;
  }
  return fromData(data, [n, m], "bool");
}

/** `x.tril(k)` as where(mask, x, 0): differentiable to any order, zeros positive as torch's. */
export function tril(x: Tensor, k = 0): Tensor {
  return where(triMask(x.shape[x.dim() - 2], x.shape[x.dim() - 1], false, k), x, 0);
}

/** `x.triu(k)` as where(mask, x, 0). */
export function triu(x: Tensor, k = 0): Tensor {
  return where(triMask(x.shape[x.dim() - 2], x.shape[x.dim() - 1], true, k), x, 0);
}

/** `torch.diag_embed(v)`: square matrices with `v` (..., n) on the diagonal. */
export function diagEmbed(v: Tensor): Tensor {
  const n = v.shape[v.dim() - 1];
  return v.unsqueeze(-1).mul(eye(n, { dtype: v.dtype as FloatDType }));
}

/** s_b · I for each entry s_b of `s` (a batch of scalars): shape (..., n, n). */
export function scaledIdentity(s: Tensor, n: number): Tensor {
  return s.unsqueeze(-1).unsqueeze(-1).mul(eye(n, { dtype: s.dtype as FloatDType }));
}

/** `x.diagonal(dim1=-2, dim2=-1)` of square matrices, as (x ∘ I).sum(-1). */
export function diagonalOf(x: Tensor): Tensor {
  const n = x.shape[x.dim() - 1];
  return x.mul(eye(n, { dtype: x.dtype as FloatDType })).sum(-1);
}

/** The identity of size n in `dtype`, as a constant tensor. */
export function identity(n: number, dtype: FloatDType): Tensor {
  return eye(n, { dtype });
}

/** A float tensor of `shape` from float64 values, in `dtype`. */
export function tensorOf(values: Float64Array, shape: readonly number[], dtype: DType): Tensor {
  return fromData(rounded(values, dtype), shape, dtype);
}

/** The machine epsilon of a float dtype (torch.finfo(dtype).eps). */
export function epsilonOf(dtype: DType): number {
  return dtype === "float32" ? 1.1920928955078125e-7 : 2.220446049250313e-16;
}

export { Tensor };
