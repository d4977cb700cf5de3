/**
 * The WebAssembly SIMD kernels (source: asm/kernels.ts, embedded by `deno task build:wasm`)
 * and the JS side that feeds them: inputs are copied into the module's memory in chunks that
 * stay in cache, a kernel runs, results are copied out. When WebAssembly SIMD is unavailable
 * the loader gives null and callers use the TypeScript kernels.
 *
 * Where shared memory exists the module is the build that imports a shared memory, and large
 * calls split their rows (kl_div: its chunks) across the worker pool (`pool.ts`); the shares
 * are the single-thread path's rows and chunks, so the numbers are the same.
 *
 * @module
 */

import {
  type Job,
  type RowKernel,
  runShares,
  setSharedModule,
  threadsFor,
  unrefTimer,
} from "./pool.ts";
import { WASM_BASE64, WASM_SHARED_BASE64 } from "./wasm_bytes.ts";

/** What the module exports (pointers are byte offsets into `memory`). */
export interface WasmKernels {
  /** The module's memory. */
  memory: WebAssembly.Memory;
  /** First free, 16-byte aligned byte past the module's static data. */
  scratch_base(): number;
  /** Vector float32 log of n positive normal floats (accuracy tests). */
  log_f32(xp: number, op: number, n: number): void;
  /** Vector float32 exp of n floats (accuracy tests). */
  exp_f32(xp: number, op: number, n: number): void;
  /** kl_div's pointwise terms (written to op unless 0) and their double sum. */
  kl_div_f32(xp: number, tp: number, op: number, n: number): number;
  /** softmax (log 0) or log_softmax (log 1) of contiguous rows. */
  softmax_f32(xp: number, op: number, rows: number, size: number, log: number): void;
  /** log_softmax backward for the gradient g = c·t, formed in the pass. */
  log_softmax_backward_scaled_f32(
    tp: number,
    yp: number,
    dp: number,
    rows: number,
    size: number,
    c: number,
  ): void;
  /** Vector float64 log of n positive normal doubles (accuracy tests). */
  log_f64(xp: number, op: number, n: number): void;
  /** Vector float64 exp of n doubles (accuracy tests). */
  exp_f64(xp: number, op: number, n: number): void;
  /** float64 kl_div's pointwise terms (written to op unless 0) and their sum. */
  kl_div_f64(xp: number, tp: number, op: number, n: number): number;
  /** float64 softmax (log 0) or log_softmax (log 1) of contiguous rows. */
  softmax_f64(xp: number, op: number, rows: number, size: number, log: number): void;
  /** float64 log_softmax backward for the gradient g = c·t, formed in the pass. */
  log_softmax_backward_scaled_f64(
    tp: number,
    yp: number,
    dp: number,
    rows: number,
    size: number,
    c: number,
  ): void;
  /** float64 softmax backward dx = y·(g − Σ g·y). */
  softmax_backward_f64(gp: number, yp: number, dp: number, rows: number, size: number): void;
  /** Scratch bytes one thread's gemm call needs. */
  gemm_scratch_bytes(): number;
  /** Batched product of float32 operands into double sums (see asm/kernels.ts). */
  gemm_f32: GemmKernel;
  /** Batched product of float64 operands into double sums. */
  gemm_f64: GemmKernel;
  /** Batched product of float32 operands summed in float32 (FMA) into float32. */
  gemm_f32_acc32: GemmKernel;
}

/**
 * gemm_f32 / gemm_f64: (a, b, offs, c, n, k, m, rsA, csA, rsB, csB, b0, b1, r0, r1, scratch).
 */
export type GemmKernel = (
  a: number,
  b: number,
  offs: number,
  c: number,
  n: number,
  k: number,
  m: number,
  rsA: number,
  csA: number,
  rsB: number,
  csB: number,
  b0: number,
  b1: number,
  r0: number,
  r1: number,
  scratch: number,
) => void;

let loaded: WasmKernels | null | undefined;

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** The shared-memory build with its memory, or null where shared memory is unavailable. */
function instantiateShared(env: Record<string, unknown>): WasmKernels | null {
  try {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 16384, shared: true });
    const module = new WebAssembly.Module(decode(WASM_SHARED_BASE64));
    const instance = new WebAssembly.Instance(module, { env: { ...env, memory } });
    setSharedModule({ memory, module });
    return { ...(instance.exports as unknown as WasmKernels), memory };
  } catch {
    return null;
  }
}

/**
 * The instantiated kernels for calls on this thread, or null where WebAssembly (SIMD) is not
 * available. This is the build with its own, unshared memory: V8 runs it about 8% faster than
 * the shared-memory build (measured on kl_div and log_softmax at 1e6 elements), which only the
 * worker pool needs ({@linkcode sharedKernels}).
 */
export function wasmKernels(): WasmKernels | null {
  if (loaded === undefined) {
    try {
      const instance = new WebAssembly.Instance(new WebAssembly.Module(decode(WASM_BASE64)), {
        env: ENV,
      });
      loaded = instance.exports as unknown as WasmKernels;
    } catch {
      loaded = null;
    }
  }
  return loaded;
}

let sharedLoaded: WasmKernels | null | undefined;

/**
 * The shared-memory build, whose memory the pool's workers share, or null where shared memory
 * is unavailable. Calls split across threads use it; everything else uses
 * {@linkcode wasmKernels}.
 */
export function sharedKernels(): WasmKernels | null {
  if (sharedLoaded === undefined) sharedLoaded = instantiateShared(ENV);
  return sharedLoaded;
}

const ENV = {
  abort: () => {
    throw new Error("kldiv: WebAssembly kernel aborted");
  },
  // float64 log_softmax takes each row's log s from the host: the reference's value.
  log: Math.log,
};

/** Elements per warm-up call and calls per kernel (about 2 ms at load, measured). */
const WARM_ELEMENTS = 4096;
const WARM_ROUNDS = 16;

const warmed = new WeakSet<WasmKernels>();

/**
 * Runs every kernel on a small buffer until V8 has executed enough of it to compile it with
 * its optimising tier (which it does in the background). Without this the first calls on real
 * data run in the baseline tier, up to 4× slower; with it they start optimised. The inputs are
 * positive normal numbers, so kl_div's vector loop is the one exercised. Done only at idle
 * time (below): a call that needs the kernels before then is better served by the baseline
 * code, which V8 replaces while the call's later chunks run.
 */
function warmUp(k: WasmKernels): void {
  if (warmed.has(k)) return;
  warmed.add(k);
  const rows = WARM_ELEMENTS / 256;
  const [a, b, c] = buffers(k, 3, WARM_ELEMENTS * 8);
  new Float32Array(k.memory.buffer, a, WARM_ELEMENTS * 4).fill(0.5);
  for (let i = 0; i < WARM_ROUNDS; i++) {
    k.softmax_f32(a, b, rows, 256, 1);
    k.softmax_f32(a, b, rows, 256, 0);
    k.log_softmax_backward_scaled_f32(a, a, c, rows, 256, -1);
    k.kl_div_f32(a, a, c, WARM_ELEMENTS);
  }
  new Float64Array(k.memory.buffer, a, WARM_ELEMENTS * 2).fill(0.5);
  for (let i = 0; i < WARM_ROUNDS; i++) {
    k.softmax_f64(a, b, rows, 256, 1);
    k.softmax_f64(a, b, rows, 256, 0);
    k.log_softmax_backward_scaled_f64(a, a, c, rows, 256, -1);
    k.softmax_backward_f64(a, a, c, rows, 256);
    k.kl_div_f64(a, a, c, WARM_ELEMENTS);
  }
  // The product kernels on 32×32 matrices (A and B one value read through zero strides; the
  // batch offsets and C in the first buffer, the scratch in the second). Smaller products do
  // not get them compiled: the first 512² matmul took 250 ms without, 90–105 ms with (load 10).
  const [g, s] = buffers(k, 2, k.gemm_scratch_bytes());
  new Float64Array(k.memory.buffer, g, 1).fill(0.5);
  new Int32Array(k.memory.buffer, g + 8192, 2).fill(0);
  for (let i = 0; i < WARM_ROUNDS; i++) {
    for (const gemm of [k.gemm_f32, k.gemm_f64, k.gemm_f32_acc32]) {
      gemm(g, g, g + 8192, g + 12288, 32, 32, 32, 0, 0, 0, 0, 0, 1, 0, 32, s);
    }
  }
}

// Load and warm the kernels at the first turn of the event loop after import (a notebook
// cell boundary, a script's first await), on an unref'd timer that never delays exit. A call
// that comes first loads them itself, without the warm-up.
{
  const id = setTimeout(() => {
    const k = wasmKernels();
    if (k !== null) warmUp(k);
  }, 0);
  unrefTimer(id);
}

/** Bytes per buffer and call: three buffers of this size stay in L2. */
const CHUNK_BYTES = 65536;

type Floats = Float32Array | Float64Array;

/** Byte offsets of `count` 16-byte aligned buffers of `bytes` each, growing memory if needed. */
function buffers(k: WasmKernels, count: number, size: number): number[] {
  const base = k.scratch_base();
  const bytes = Math.ceil(size / 16) * 16;
  const need = base + count * bytes;
  const have = k.memory.buffer.byteLength;
  if (need > have) k.memory.grow(Math.ceil((need - have) / 65536));
  const pointers = new Array<number>(count);
  for (let i = 0; i < count; i++) pointers[i] = base + i * bytes;
  return pointers;
}

let viewF32: Float32Array | null = null;
let viewF64: Float64Array | null = null;

/**
 * A view of the module's memory of the same element type as `like`, kept between calls and
 * made again when the memory has grown (a small call should not pay for a new view).
 */
function memoryAs(k: WasmKernels, like: Floats): Floats {
  const buffer = k.memory.buffer;
  if (like instanceof Float32Array) {
    if (viewF32 === null || viewF32.buffer !== buffer) viewF32 = new Float32Array(buffer);
    return viewF32;
  }
  if (viewF64 === null || viewF64.buffer !== buffer) viewF64 = new Float64Array(buffer);
  return viewF64;
}

/** `a[start, start + len)` without a new view when that is all of `a`. */
function part<T extends Floats>(a: T, start: number, len: number): T {
  return start === 0 && len === a.length ? a : a.subarray(start, start + len) as T;
}

/**
 * kl_div's terms into `out` (when given, of x's type) and their sum in double, in chunks: float32
 * terms rounded as fround(fround(t·log t) − fround(t·x)), float64 ones t·log t − t·x summed in 4
 * lanes per chunk. Null when WebAssembly is unavailable.
 */
export function wasmKlDiv<T extends Floats>(x: T, t: T, out: T | null): number | null {
  const k = wasmKernels();
  if (k === null) return null;
  const n = x.length;
  const width = x.BYTES_PER_ELEMENT;
  const shift = width === 4 ? 2 : 3;
  const chunk = CHUNK_BYTES / width;
  const threads = threadsFor(n, Math.ceil(n / chunk));
  const ks = threads > 1 ? sharedKernels() : null;
  if (ks !== null) return klDivShared(ks, x, t, out, threads);
  const [xp, tp, op] = buffers(k, 3, Math.min(chunk, n) * width);
  const kernel = width === 4 ? k.kl_div_f32 : k.kl_div_f64;
  let s = 0;
  for (let start = 0; start < n; start += chunk) {
    const len = Math.min(chunk, n - start);
    const mem = memoryAs(k, x);
    mem.set(part(x, start, len), xp >> shift);
    mem.set(part(t, start, len), tp >> shift);
    s += kernel(xp, tp, out === null ? 0 : op, len);
    if (out !== null) out.set(mem.subarray(op >> shift, (op >> shift) + len), start);
  }
  return s;
}

/**
 * klDiv across threads: rounds of `threads` × SHARE_BYTES per buffer, each thread taking
 * whole chunks and storing each chunk's sum; the sums are added in chunk order, as the
 * single-thread loop adds them.
 */
function klDivShared(
  k: WasmKernels,
  x: Floats,
  t: Floats,
  out: Floats | null,
  threads: number,
): number {
  const n = x.length;
  const width = x.BYTES_PER_ELEMENT;
  const shift = width === 4 ? 2 : 3;
  const chunk = CHUNK_BYTES / width;
  const chunksPerShare = SHARE_BYTES / CHUNK_BYTES;
  const roundLen = Math.min(n, chunk * chunksPerShare * threads);
  const [xp, tp, op, sp] = buffers(k, 4, roundLen * width);
  const name = width === 4 ? "kl_div_f32" : "kl_div_f64";
  const kernel = k[name];
  let s = 0;
  for (let start = 0; start < n; start += roundLen) {
    const len = Math.min(roundLen, n - start);
    const chunks = Math.ceil(len / chunk);
    const per = Math.ceil(chunks / threads);
    const jobs: (Job | null)[] = [];
    for (let i = 0; i < threads; i++) {
      const from = Math.min(len, i * per * chunk);
      const to = Math.min(len, (i + 1) * per * chunk);
      const off = from * width;
      jobs.push(
        from === to ? null : {
          kernel: "kl_div",
          name,
          args: [
            xp + off,
            tp + off,
            out === null ? 0 : op + off,
            to - from,
            chunk,
            sp + i * per * 8,
            width,
          ],
        },
      );
    }
    const mem = memoryAs(k, x);
    mem.set(x.subarray(start, start + len), xp >> shift);
    mem.set(t.subarray(start, start + len), tp >> shift);
    runShares(jobs, ({ args: [xs, ts, os, m, , sums] }) => {
      const view = new Float64Array(k.memory.buffer, sums, Math.ceil(m / chunk));
      for (let c = 0, from = 0; from < m; c++, from += chunk) {
        const off = from * width;
        view[c] = kernel(xs + off, ts + off, os === 0 ? 0 : os + off, Math.min(chunk, m - from));
      }
    });
    const sums = new Float64Array(k.memory.buffer, sp, chunks);
    for (let c = 0; c < chunks; c++) s += sums[c];
    if (out !== null) out.set(memoryAs(k, x).subarray(op >> shift, (op >> shift) + len), start);
  }
  return s;
}

/** Bytes per buffer and thread in one round of a call split across threads. */
const SHARE_BYTES = 1 << 20;

/**
 * Readies the shared-memory build for split calls (the pool calls it once its workers run, at
 * an event-loop turn of its own): warms its kernels as {@linkcode wasmKernels}' are warmed (the
 * workers' instances share the module's compiled code) and grows and touches the scratch a
 * split call over `threads` threads uses (four 1 MiB buffers per thread). Otherwise the first
 * split call runs baseline code and faults those pages in (measured on 2 cores: the first 1e6
 * float32 log_softmax on the pool took 6.8–10.4 ms, 4.0–4.6 ms with this; later calls 3–4 ms
 * while outputs land on fresh pages, 1 ms once memory is reused).
 *
 * @param threads The most threads a split call uses, this one included.
 */
export function prepareSharedKernels(threads: number): void {
  const k = sharedKernels();
  if (k === null) return;
  warmUp(k);
  // The most a split call takes: klDivShared's four buffers of a round.
  const bytes = SHARE_BYTES * threads;
  const [first] = buffers(k, 4, bytes);
  new Uint8Array(k.memory.buffer, first, 4 * bytes).fill(0);
}

/**
 * Runs the row kernel `name` over rows of `size` in chunks that fit the scratch buffers: each
 * chunk of every input is copied into the module's memory, the kernel runs as
 * `name(...inputPointers, outPointer, rows, size, ...extra)`, and the chunk of `out` is copied
 * back. Large calls split each round's rows across the worker pool.
 */
function overRows(
  single: WasmKernels,
  inputs: readonly Floats[],
  out: Floats,
  size: number,
  name: RowKernel,
  arg: number,
): void {
  const width = out.BYTES_PER_ELEMENT;
  const shift = width === 4 ? 2 : 3;
  const rows = out.length / size;
  const shared = threadsFor(out.length, rows) > 1 ? sharedKernels() : null;
  const threads = shared === null ? 1 : threadsFor(out.length, rows);
  const k = shared ?? single;
  const kernel = k[name] as (...args: number[]) => void;
  const rowsPerShare = Math.max(
    1,
    Math.floor((threads > 1 ? SHARE_BYTES : CHUNK_BYTES) / width / size),
  );
  const rowsPerCall = rowsPerShare * threads;
  const pointers = buffers(k, inputs.length + 1, rowsPerCall * size * width);
  const [p0, p1] = pointers;
  const op = pointers[inputs.length];
  for (let row = 0; row < rows; row += rowsPerCall) {
    const count = Math.min(rowsPerCall, rows - row);
    const start = row * size;
    const len = count * size;
    const mem = memoryAs(k, out);
    if (threads === 1) {
      for (let j = 0; j < inputs.length; j++) {
        mem.set(part(inputs[j], start, len), pointers[j] >> shift);
      }
      // Fixed arity, no spread: this is most of a small call's own cost.
      if (inputs.length === 1) kernel(p0, op, count, size, arg);
      else kernel(p0, p1, op, count, size, arg);
    } else {
      const per = Math.ceil(count / threads);
      const jobs: (Job | null)[] = [];
      for (let i = 0; i < threads; i++) {
        const first = Math.min(count, i * per);
        const share = Math.min(count, first + per) - first;
        const off = first * size * width;
        jobs.push(
          share === 0 ? null : {
            kernel: "rows",
            name,
            args: [...pointers.map((p) => p + off), share, size, arg],
          },
        );
      }
      // The workers' rows are copied in first, so they start while this thread copies its own.
      const copyIn = (from: number, to: number) => {
        for (let j = 0; j < inputs.length; j++) {
          const rowsIn = inputs[j].subarray(start + from * size, start + to * size);
          mem.set(rowsIn, (pointers[j] >> shift) + from * size);
        }
      };
      const own = Math.min(count, per);
      copyIn(own, count);
      runShares(jobs, (job) => {
        copyIn(0, own);
        kernel(...job.args);
      });
    }
    out.set(mem.subarray(op >> shift, (op >> shift) + len), start);
  }
}

/**
 * softmax / log_softmax of contiguous rows of `size` (float32 or float64, `out` of x's type);
 * false without WebAssembly.
 */
export function wasmSoftmax<T extends Floats>(x: T, out: T, size: number, log: boolean): boolean {
  const k = wasmKernels();
  if (k === null) return false;
  const name = out instanceof Float32Array ? "softmax_f32" : "softmax_f64";
  overRows(k, [x], out, size, name, log ? 1 : 0);
  return true;
}

/**
 * log_softmax's backward for g = c·t (float32: fround(c·t)), g never stored, all arrays of one
 * type; false without WebAssembly.
 */
export function wasmLogSoftmaxBackwardScaled<T extends Floats>(
  c: number,
  t: T,
  y: T,
  dx: T,
  size: number,
): boolean {
  const k = wasmKernels();
  if (k === null) return false;
  const name = dx instanceof Float32Array
    ? "log_softmax_backward_scaled_f32"
    : "log_softmax_backward_scaled_f64";
  overRows(k, [t, y], dx, size, name, c);
  return true;
}

/** float64 softmax's backward dx = y·(g − Σ g·y); false without WebAssembly. */
export function wasmSoftmaxBackwardF64(
  g: Float64Array,
  y: Float64Array,
  dx: Float64Array,
  size: number,
): boolean {
  const k = wasmKernels();
  if (k === null) return false;
  overRows(k, [g, y], dx, size, "softmax_backward_f64", 0);
  return true;
}

/** Runs the vector log or exp of x's type over `x` (for tests of their accuracy). */
export function wasmMath<T extends Floats>(fn: "log" | "exp", x: T): T | null {
  const k = wasmKernels();
  if (k === null) return null;
  const f32 = x instanceof Float32Array;
  const shift = f32 ? 2 : 3;
  const lanes = f32 ? 4 : 2;
  const n = Math.ceil(x.length / lanes) * lanes;
  const [xp, op] = buffers(k, 2, n << shift);
  const mem = f32 ? new Float32Array(k.memory.buffer) : new Float64Array(k.memory.buffer);
  mem.fill(1, xp >> shift, (xp >> shift) + n);
  mem.set(x, xp >> shift);
  const kernel = f32
    ? (fn === "log" ? k.log_f32 : k.exp_f32)
    : (fn === "log" ? k.log_f64 : k.exp_f64);
  kernel(xp, op, n);
  return mem.slice(op >> shift, (op >> shift) + x.length) as T;
}
