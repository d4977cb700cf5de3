/**
 * The JS side of the WebAssembly product kernel (asm/kernels.ts, `gemm_f32` / `gemm_f64`): the
 * one matrix product of the module. Operands are described by their storage, an element offset
 * per batch item and the element strides of their rows and columns, so transposed, sliced and
 * broadcast operands are read where they lie (only the span of storage they cover is copied
 * into the module's memory). The result is the double sums, each element summed over the inner
 * dimension in increasing order: bit for bit the reference loop's sums, on any CPU and any
 * number of threads. Large products split their rows (or their batch items) across the worker
 * pool.
 *
 * @module
 */

import { type Job, runShares, threadsFor } from "./pool.ts";
import { sharedKernels, wasmKernels } from "./wasm.ts";

/** One operand of a batched product: item b's element (i, j) is `data[offsets[b] + i·rs + j·cs]`. */
export interface GemmOperand {
  /** The storage (float32 or float64; both operands of one type). */
  data: Float32Array | Float64Array;
  /** Each batch item's element offset. */
  offsets: ArrayLike<number>;
  /** Element stride between rows. */
  rs: number;
  /** Element stride between columns. */
  cs: number;
}

/**
 * Products below this many multiply-adds stay in the reference loop: a WebAssembly call's
 * copies and setup cost about as much as a product of this size (measured on 2 cores).
 */
export const GEMM_MIN_WORK = 2048;

/**
 * Multiply-adds per element of the pool's threshold: a product splits across threads when its
 * work / this reaches the pool's minElements (2^17, so from 2^21 multiply-adds, about 0.2 ms).
 */
const WORK_PER_ELEMENT = 16;

/** The smallest number of rows a thread's share of one product has. */
const MIN_SHARE_ROWS = 16;

function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

/** The span [lo, hi) of storage an operand of `count` items of rows × cols covers. */
function span(op: GemmOperand, count: number, rows: number, cols: number): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let b = 0; b < count; b++) {
    const o = op.offsets[b];
    if (o < lo) lo = o;
    if (o > hi) hi = o;
  }
  return [lo, hi + (rows - 1) * op.rs + (cols - 1) * op.cs + 1];
}

/**
 * The batched product A·B (A: count × n × k, B: count × k × m) as double sums, row-major
 * [count, n, m] (or rounded once each into `out`); null where WebAssembly SIMD is unavailable. Every sum runs over the inner
 * dimension in increasing order (float32 products are exact in double; float64 products are
 * rounded before each add), as the reference loop sums.
 *
 * @param a The left operand.
 * @param b The right operand, of a's array type.
 * @param count Batch items.
 * @param n Rows of each product.
 * @param k The inner dimension.
 * @param m Columns of each product.
 * @param out Where to write them (a Float32Array rounds each sum once), else a new
 * Float64Array; of count·n·m elements, zero-filled if k is 0.
 * @param acc32 float32 operands only: sum in float32 with fused multiply-adds (each sum within
 * (k + 1)·2⁻²⁴·Σ|a·b| of the exact one), about twice as fast.
 * @returns The sums (`out` when given), or null (no WebAssembly, or operands and result too
 * large for the module's memory).
 */
export function wasmGemm(
  a: GemmOperand,
  b: GemmOperand,
  count: number,
  n: number,
  k: number,
  m: number,
  out?: Float32Array | Float64Array,
  acc32 = false,
): Float32Array | Float64Array | null {
  const single = wasmKernels();
  if (single === null) return null;
  const total = count * n * m;
  if (total === 0 || k === 0) return out ?? new Float64Array(total);
  const work = total * k;
  // Units: batch items when there are enough of them, else blocks of rows.
  const byBatch = count > Math.floor(n / MIN_SHARE_ROWS);
  const units = byBatch ? count : Math.floor(n / MIN_SHARE_ROWS);
  let threads = threadsFor(Math.floor(work / WORK_PER_ELEMENT), units);
  const shared = threads > 1 ? sharedKernels() : null;
  if (shared === null) threads = 1;
  const kr = shared ?? single;
  const f32 = a.data instanceof Float32Array;
  const width = f32 ? 4 : 8;
  const [aLo, aHi] = span(a, count, n, k);
  const [bLo, bHi] = span(b, count, k, m);
  const scratchBytes = kr.gemm_scratch_bytes();
  const base = kr.scratch_base();
  const ap = base;
  const bp = ap + align16((aHi - aLo) * width);
  const op = bp + align16((bHi - bLo) * width);
  const f32acc = acc32 && f32;
  const cp = op + align16(count * 8);
  const sp = cp + align16(total * (f32acc ? 4 : 8));
  const need = sp + threads * scratchBytes;
  const have = kr.memory.buffer.byteLength;
  if (need > have) {
    try {
      kr.memory.grow(Math.ceil((need - have) / 65536));
    } catch {
      // Past the module's memory limit (1 GiB shared, 4 GiB own): the caller's loop does it.
      return null;
    }
  }
  const buffer = kr.memory.buffer;
  if (f32) {
    const mem = new Float32Array(buffer);
    mem.set((a.data as Float32Array).subarray(aLo, aHi), ap >> 2);
    mem.set((b.data as Float32Array).subarray(bLo, bHi), bp >> 2);
  } else {
    const mem = new Float64Array(buffer);
    mem.set((a.data as Float64Array).subarray(aLo, aHi), ap >> 3);
    mem.set((b.data as Float64Array).subarray(bLo, bHi), bp >> 3);
  }
  const offs = new Int32Array(buffer, op, count * 2);
  for (let i = 0; i < count; i++) {
    offs[2 * i] = a.offsets[i] - aLo;
    offs[2 * i + 1] = b.offsets[i] - bLo;
  }
  const name = f32acc ? "gemm_f32_acc32" : f32 ? "gemm_f32" : "gemm_f64";
  const kernel = kr[name];
  if (threads === 1) {
    kernel(ap, bp, op, cp, n, k, m, a.rs, a.cs, b.rs, b.cs, 0, count, 0, n, sp);
  } else {
    const jobs: (Job | null)[] = [];
    const per = Math.ceil(units / threads);
    for (let i = 0; i < threads; i++) {
      const from = Math.min(units, i * per);
      const to = Math.min(units, from + per);
      if (from === to) {
        jobs.push(null);
        continue;
      }
      // Row shares are whole blocks of MIN_SHARE_ROWS rows; the last one takes the remainder.
      const [b0, b1, r0, r1] = byBatch
        ? [from, to, 0, n]
        : [0, count, from * MIN_SHARE_ROWS, to === units ? n : to * MIN_SHARE_ROWS];
      jobs.push({
        kernel: "gemm",
        name,
        args: [
          ap,
          bp,
          op,
          cp,
          n,
          k,
          m,
          a.rs,
          a.cs,
          b.rs,
          b.cs,
          b0,
          b1,
          r0,
          r1,
          sp + i * scratchBytes,
        ],
      });
    }
    runShares(jobs, (job) => (kernel as (...args: number[]) => void)(...job.args));
  }
  // set, not slice: V8's slice of a view of WebAssembly memory copies element by element
  // (measured: 5.9 ms against 0.07 ms for 2 MiB).
  const sums = out ?? new Float64Array(total);
  sums.set(
    f32acc
      ? new Float32Array(kr.memory.buffer, cp, total)
      : new Float64Array(kr.memory.buffer, cp, total),
  );
  return sums;
}

/**
 * The operand a tensor view gives the kernel (used by lib/ops/linalg.ts).
 *
 * @param data The view's storage.
 * @param offset Its storage offset.
 * @param shape Its shape [...batch, rows, cols] (batch already broadcast).
 * @param strides Its element strides.
 * @returns The operand, with one offset per batch item in row-major batch order.
 */
export function operandOf(
  data: Float32Array | Float64Array,
  offset: number,
  shape: readonly number[],
  strides: readonly number[],
): GemmOperand {
  const d = shape.length;
  const batchDims = d - 2;
  let count = 1;
  for (let i = 0; i < batchDims; i++) count *= shape[i];
  const offsets = new Array<number>(count);
  const idx = new Array<number>(batchDims).fill(0);
  let o = offset;
  for (let b = 0; b < count; b++) {
    offsets[b] = o;
    // Odometer over the batch dims.
    for (let j = batchDims - 1; j >= 0; j--) {
      idx[j]++;
      o += strides[j];
      if (idx[j] < shape[j]) break;
      o -= strides[j] * shape[j];
      idx[j] = 0;
    }
  }
  return { data, offsets, rs: strides[d - 2], cs: strides[d - 1] };
}
