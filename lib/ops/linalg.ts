/**
 * Linear algebra for small models: `matmul` (torch's dispatch over 1-D, 2-D and batched
 * operands), `mm`, `bmm`, `mv`, `dot`, `outer` (`F.linear` is in lib/nn/linear.ts).
 *
 * One kernel serves all of them: a batched product accumulated in double and rounded once per
 * output element — the WebAssembly kernel of lib/kernels/gemm.ts, which reads transposed,
 * sliced and broadcast operands where they lie, or (int64, tiny products, no WebAssembly) the
 * reference loop over row-major copies, whose sums the kernel's equal bit for bit. torch's CPU
 * BLAS sums float32 in float32 (in blocks), so float32 results may differ from torch's in the
 * last bits; float64 results agree to rounding. `set_float32_matmul_precision("high")` makes
 * the kernel sum float32 products in float32 too (lib/ops/matmul_precision.ts). Each op's
 * backward is written with `matmul` on the gradient, so gradients are themselves
 * differentiable.
 *
 * @module
 */

import { allocate, bytesPerElement, checkInt64, type DType } from "../tensor/dtype.ts";
import { checkOutput } from "../tensor/limits.ts";
import { broadcastShapes, numelOf, sizeString } from "../tensor/shape.ts";
import { contiguousData, requireTensor, result, storageOf, type Tensor } from "../tensor/tensor.ts";
import { GEMM_MIN_WORK, operandOf, wasmGemm } from "../kernels/gemm.ts";
import { useWasm } from "../kernels/mode.ts";
import { get_float32_matmul_precision } from "./matmul_precision.ts";
import { sumTo } from "./reduce.ts";
import * as vw from "./view.ts";
import { binary } from "./elementwise.ts";

/**
 * The batched product `a @ b` for `a` of shape [...batchA, n, k] and `b` of shape
 * [...batchB, k, m] (batch dims broadcast), as a fresh row-major array of shape
 * [...batch, n, m]. Sums run in double; each element is rounded once to the dtype.
 */
export function product(a: Tensor, b: Tensor, dtype: DType, where: string): {
  data: ReturnType<typeof allocate>;
  shape: number[];
} {
  const n = a.shape[a.dim() - 2];
  const k = a.shape[a.dim() - 1];
  const m = b.shape[b.dim() - 1];
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), where);
  checkOutput(where, [...batch, n, m], bytesPerElement(dtype));
  const count = numelOf(batch);
  if (
    (a.dtype === "float32" || a.dtype === "float64") &&
    (dtype === a.dtype || dtype === "float64") &&
    useWasm(count * n * k * m, GEMM_MIN_WORK)
  ) {
    // The WebAssembly kernel reads the views where they lie; its double sums are the
    // reference loop's bit for bit.
    const A = vw.expand(a.detach(), [...batch, n, k]);
    const B = vw.expand(b.detach(), [...batch, k, m]);
    const aData = storageOf(A).data as Float32Array | Float64Array;
    const bData = storageOf(B).data as Float32Array | Float64Array;
    const out = allocate(dtype, count * n * m) as Float32Array | Float64Array;
    const sums = wasmGemm(
      operandOf(aData, A.storage_offset(), A.shape, A.stride()),
      operandOf(bData, B.storage_offset(), B.shape, B.stride()),
      count,
      n,
      k,
      m,
      out,
      a.dtype === "float32" && get_float32_matmul_precision() !== "highest",
    );
    if (sums !== null) return { data: out, shape: [...batch, n, m] };
  }
  return productReference(a, b, dtype, where);
}

/**
 * The reference loop of {@linkcode product} (row-major copies, double sums in i-q-j order,
 * each element rounded once to `dtype`): int64 products, small ones, and what the WebAssembly
 * kernel is tested against.
 */
export function productReference(a: Tensor, b: Tensor, dtype: DType, where: string): {
  data: ReturnType<typeof allocate>;
  shape: number[];
} {
  const n = a.shape[a.dim() - 2];
  const k = a.shape[a.dim() - 1];
  const m = b.shape[b.dim() - 1];
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), where);
  // Broadcast batch dims are read through expand (a view); contiguousData copies only when
  // the layout needs it.
  const A = contiguousData(vw.expand(a.detach(), [...batch, n, k]));
  const B = contiguousData(vw.expand(b.detach(), [...batch, k, m]));
  const count = numelOf(batch);
  const out = allocate(dtype, count * n * m);
  const row = new Float64Array(m);
  for (let p = 0; p < count; p++) {
    const aBase = p * n * k;
    const bBase = p * k * m;
    const oBase = p * n * m;
    for (let i = 0; i < n; i++) {
      row.fill(0);
      // i-k-j order walks both operands row by row.
      for (let q = 0; q < k; q++) {
        const aiq = A[aBase + i * k + q];
        const bRow = bBase + q * m;
        for (let j = 0; j < m; j++) row[j] += aiq * B[bRow + j];
      }
      for (let j = 0; j < m; j++) {
        if (dtype === "int64") checkInt64(row[j], where);
        out[oBase + i * m + j] = row[j];
      }
    }
  }
  return { data: out, shape: [...batch, n, m] };
}

/** torch's checks shared by every product: tensors, a dtype it multiplies, equal dtypes. */
export function checkOperands(
  a: Tensor,
  b: Tensor,
  where: string,
  names: string[] = ["self", "other"],
): DType {
  requireTensor(a, `${where}(${names[0]})`);
  requireTensor(b, `${where}(${names[1]})`);
  for (const t of [a, b]) {
    if (t.dtype === "bool") {
      throw new TypeError(
        `${where}: bool tensors cannot be multiplied as matrices ("addmm_impl_cpu_" not implemented for 'Bool'); convert with .float() or .long() first`,
      );
    }
  }
  if (a.dtype !== b.dtype) {
    throw new TypeError(
      `${where}: expected both operands to have the same dtype, but found ${a.dtype} and ${b.dtype} (torch does not promote here; convert one with .to())`,
    );
  }
  return a.dtype;
}

export function dimError(where: string, what: string, t: Tensor): never {
  throw new RangeError(
    `${where}: ${what}, but got a ${t.dim()}-D tensor of shape ${sizeString(t.shape)}`,
  );
}

/**
 * Matrix product `mat1 @ mat2` of two 2-D tensors, like `torch.mm`.
 *
 * @param mat1 An n×k matrix.
 * @param mat2 A k×m matrix of the same dtype.
 * @returns The n×m product (MmBackward0).
 *
 * @example
 * ```ts
 * import { mm, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const a = tensor([[1, 2], [3, 4]]);
 * assert.deepEqual(mm(a, tensor([[1], [1]])).tolist(), [[3], [7]]);
 * ```
 */
export function mm(mat1: Tensor, mat2: Tensor): Tensor {
  const dtype = checkOperands(mat1, mat2, "mm", ["self", "mat2"]);
  if (mat1.dim() !== 2) dimError("mm", "self must be a matrix", mat1);
  if (mat2.dim() !== 2) dimError("mm", "mat2 must be a matrix", mat2);
  if (mat1.shape[1] !== mat2.shape[0]) {
    throw new RangeError(
      `mm: mat1 and mat2 shapes cannot be multiplied (${mat1.shape[0]}x${mat1.shape[1]} and ${
        mat2.shape[0]
      }x${mat2.shape[1]})`,
    );
  }
  return recorded(
    mat1,
    mat2,
    dtype,
    "MmBackward0",
    "mm",
    [mat1.shape[0], mat2.shape[1]],
    mat1,
    mat2,
  );
}

/**
 * Batched matrix product of two 3-D tensors with the same batch size, like `torch.bmm` (no
 * broadcasting; `matmul` broadcasts).
 *
 * @param input A b×n×k tensor.
 * @param mat2 A b×k×m tensor of the same dtype.
 * @returns The b×n×m products (BmmBackward0).
 *
 * @example
 * ```ts
 * import { bmm, ones } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(bmm(ones(2, 1, 3), ones(2, 3, 1)).tolist(), [[[3]], [[3]]]);
 * ```
 */
export function bmm(input: Tensor, mat2: Tensor): Tensor {
  const dtype = checkOperands(input, mat2, "bmm", ["self", "mat2"]);
  if (input.dim() !== 3) dimError("bmm", "batch1 must be a 3D tensor", input);
  if (mat2.dim() !== 3) dimError("bmm", "batch2 must be a 3D tensor", mat2);
  const [b, , k] = input.shape;
  if (mat2.shape[0] !== b || mat2.shape[1] !== k) {
    throw new RangeError(
      `bmm: Expected size for first two dimensions of batch2 tensor to be: [${b}, ${k}] but got: [${
        mat2.shape[0]
      }, ${mat2.shape[1]}].`,
    );
  }
  return recorded(
    input,
    mat2,
    dtype,
    "BmmBackward0",
    "bmm",
    [b, input.shape[1], mat2.shape[2]],
    input,
    mat2,
  );
}

/**
 * Matrix-vector product of a 2-D and a 1-D tensor, like `torch.mv`.
 *
 * @param input An n×k matrix.
 * @param vec A vector of k elements, same dtype.
 * @returns The n-vector (MvBackward0).
 *
 * @example
 * ```ts
 * import { mv, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(mv(tensor([[1, 2], [3, 4]]), tensor([1, -1])).tolist(), [-1, -1]);
 * ```
 */
export function mv(input: Tensor, vec: Tensor): Tensor {
  const dtype = checkOperands(input, vec, "mv", ["self", "vec"]);
  if (input.dim() !== 2 || vec.dim() !== 1) {
    throw new RangeError(
      `mv: vector + matrix @ vector expected, got ${input.dim()}-D and ${vec.dim()}-D tensors of shapes ${
        sizeString(input.shape)
      } and ${sizeString(vec.shape)}`,
    );
  }
  if (input.shape[1] !== vec.shape[0]) {
    throw new RangeError(
      `mv: size mismatch, got input (${input.shape[0]}), mat (${input.shape[0]}x${
        input.shape[1]
      }), vec (${vec.shape[0]})`,
    );
  }
  const col = vw.unsqueeze(vec, 1);
  return recorded(input, col, dtype, "MvBackward0", "mv", [input.shape[0]], input, vec);
}

/**
 * Inner product of two 1-D tensors of equal length, like `torch.dot`.
 *
 * @param input A vector.
 * @param other A vector of the same length and dtype.
 * @returns A 0-dim tensor (DotBackward0).
 *
 * @example
 * ```ts
 * import { dot, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(dot(tensor([2, 3]), tensor([2, 1])).item(), 7);
 * ```
 */
export function dot(input: Tensor, other: Tensor): Tensor {
  requireTensor(input, "dot(self)");
  requireTensor(other, "dot(tensor)");
  if (input.dim() !== 1 || other.dim() !== 1) {
    throw new RangeError(
      `dot: 1D tensors expected, but got ${input.dim()}D and ${other.dim()}D tensors`,
    );
  }
  if (input.dtype !== other.dtype) {
    throw new TypeError(
      `dot: expected both vectors to have same dtype, but found ${input.dtype} and ${other.dtype}`,
    );
  }
  checkOperands(input, other, "dot", ["self", "tensor"]);
  if (input.shape[0] !== other.shape[0]) {
    throw new RangeError(
      `dot: inconsistent tensor size, expected tensor [${input.shape[0]}] and src [${
        other.shape[0]
      }] to have the same number of elements, but got ${input.shape[0]} and ${
        other.shape[0]
      } elements respectively`,
    );
  }
  const row = vw.unsqueeze(input, 0);
  const col = vw.unsqueeze(other, 1);
  return recorded(row, col, input.dtype, "DotBackward0", "dot", [], input, other);
}

/**
 * Outer product of two 1-D tensors, like `torch.outer` (which torch computes as
 * `input.reshape(-1, 1) * vec2`, hence MulBackward0 and type promotion).
 *
 * @param input A vector of n elements.
 * @param vec2 A vector of m elements.
 * @returns The n×m tensor `input[i] · vec2[j]`.
 *
 * @example
 * ```ts
 * import { outer, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(outer(tensor([1, 2]), tensor([1, 10])).tolist(), [[1, 10], [2, 20]]);
 * ```
 */
export function outer(input: Tensor, vec2: Tensor): Tensor {
  requireTensor(input, "outer(self)");
  requireTensor(vec2, "outer(vec2)");
  if (input.dim() !== 1) dimError("outer", "expected a 1-D argument self", input);
  if (vec2.dim() !== 1) dimError("outer", "expected a 1-D argument vec2", vec2);
  return binary("mul", vw.reshape(input, [-1, 1]), vec2);
}

/**
 * Matrix product with torch's rules for every rank, like `torch.matmul` (`a @ b`):
 * 1-D·1-D is `dot`; 2-D·2-D is `mm`; 2-D·1-D is `mv`; a 1-D operand is otherwise promoted to a
 * matrix (a leading 1 on the left, a trailing 1 on the right) and the added dim removed from
 * the result; with 3 or more dims the batch dims broadcast. The result's `grad_fn` is the one
 * torch reports for the case: DotBackward0, MvBackward0, MmBackward0, SqueezeBackward3 (1-D·2-D),
 * CloneBackward0 (2-D·batched), else UnsafeViewBackward0.
 *
 * @param input The left operand (at least 1-D).
 * @param other The right operand (at least 1-D, same dtype).
 * @returns The product.
 *
 * @example Batched by a matrix
 * ```ts
 * import { matmul, ones } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const y = matmul(ones(5, 2, 3, { requires_grad: true }), ones(3, 4));
 * assert.deepEqual(y.shape, [5, 2, 4]);
 * assert.equal(y.grad_fn?.name(), "UnsafeViewBackward0");
 * ```
 */
export function matmul(input: Tensor, other: Tensor): Tensor {
  const dtype = checkOperands(input, other, "matmul");
  const da = input.dim();
  const db = other.dim();
  if (da === 0 || db === 0) {
    throw new RangeError(
      `matmul: both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`,
    );
  }
  if (da === 1 && db === 1) return dot(input, other);
  if (da === 2 && db === 1) return mv(input, other);
  if (da === 2 && db === 2) return mm(input, other);
  const a = da === 1 ? vw.unsqueeze(input, 0) : input;
  const b = db === 1 ? vw.unsqueeze(other, 1) : other;
  const k = a.shape[a.dim() - 1];
  if (b.shape[b.dim() - 2] !== k) {
    throw new RangeError(
      `matmul: the inner dims must agree: input ${
        sizeString(input.shape)
      } has ${k} columns but other ${sizeString(other.shape)} has ${b.shape[b.dim() - 2]} rows`,
    );
  }
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), "matmul");
  const shape = [...batch, a.shape[a.dim() - 2], b.shape[b.dim() - 1]];
  if (da === 1) shape.splice(shape.length - 2, 1);
  if (db === 1) shape.splice(shape.length - 1, 1);
  const name = da === 1 && db === 2
    ? "SqueezeBackward3"
    : da === 2 && db >= 3
    ? "CloneBackward0"
    : "UnsafeViewBackward0";
  return recorded(a, b, dtype, name, "matmul", shape, input, other);
}

/**
 * The product of `a` and `b` (views of `input` and `other` with at least 2 dims, batch dims
 * broadcast), shaped `outShape` and recorded under `name`. The backward differentiates
 * through the views, so each gradient folds back to its input's own shape.
 */
function recorded(
  a: Tensor,
  b: Tensor,
  dtype: DType,
  name: string,
  where: string,
  outShape: readonly number[],
  input: Tensor,
  other: Tensor,
): Tensor {
  const { data, shape } = product(a, b, dtype, where);
  return result(data, outShape, name, [input, other], (g) => {
    const g3 = vw.reshape(g, shape);
    const ga = input.requires_grad
      ? vw.reshape(sumTo(matmul(g3, vw.transpose(b, -1, -2)), a.shape), input.shape)
      : null;
    const gb = other.requires_grad
      ? vw.reshape(sumTo(matmul(vw.transpose(a, -1, -2), g3), b.shape), other.shape)
      : null;
    return [ga, gb];
  }, { dtype, saved: [input, other] });
}
