/**
 * The WebAssembly SIMD kernels (source: asm/kernels.ts, embedded by `deno task build:wasm`)
 * and the JS side that feeds them: inputs are copied into the module's memory in chunks that
 * stay in cache, a kernel runs, results are copied out. When WebAssembly SIMD is unavailable
 * the loader gives null and callers use the TypeScript kernels.
 *
 * @module
 */

import { WASM_BASE64 } from "./wasm_bytes.ts";

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
}

let loaded: WasmKernels | null | undefined;

/** The instantiated kernels, or null where WebAssembly (SIMD) is not available. */
export function wasmKernels(): WasmKernels | null {
  if (loaded === undefined) {
    try {
      const bin = atob(WASM_BASE64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
        env: {
          abort: () => {
            throw new Error("kldiv: WebAssembly kernel aborted");
          },
          // float64 log_softmax takes each row's log s from the host: the reference's value.
          log: Math.log,
        },
      });
      loaded = instance.exports as unknown as WasmKernels;
    } catch {
      loaded = null;
    }
  }
  return loaded;
}

/** Bytes per buffer and call: three buffers of this size stay in L2. */
const CHUNK_BYTES = 65536;

type Floats = Float32Array | Float64Array;

/** Byte offsets of `count` buffers of `bytes` each, growing memory if needed. */
function buffers(k: WasmKernels, count: number, bytes: number): number[] {
  const base = k.scratch_base();
  const need = base + count * bytes;
  const have = k.memory.buffer.byteLength;
  if (need > have) k.memory.grow(Math.ceil((need - have) / 65536));
  return Array.from({ length: count }, (_, i) => base + i * bytes);
}

/** A view of the module's memory of the same element type as `like`. */
function memoryAs(k: WasmKernels, like: Floats): Floats {
  return like instanceof Float32Array
    ? new Float32Array(k.memory.buffer)
    : new Float64Array(k.memory.buffer);
}

/**
 * kl_div's terms into `out` (when given) and their sum in double, in chunks; float32 terms
 * rounded as fround(fround(t·log t) − fround(t·x)). Null when WebAssembly is unavailable.
 */
function klDiv(x: Floats, t: Floats, out: Floats | null): number | null {
  const k = wasmKernels();
  if (k === null) return null;
  const n = x.length;
  const width = x.BYTES_PER_ELEMENT;
  const shift = width === 4 ? 2 : 3;
  const chunk = CHUNK_BYTES / width;
  const [xp, tp, op] = buffers(k, 3, Math.min(chunk, n) * width);
  const kernel = width === 4 ? k.kl_div_f32 : k.kl_div_f64;
  let s = 0;
  for (let start = 0; start < n; start += chunk) {
    const len = Math.min(chunk, n - start);
    const mem = memoryAs(k, x);
    mem.set(x.subarray(start, start + len), xp >> shift);
    mem.set(t.subarray(start, start + len), tp >> shift);
    s += kernel(xp, tp, out === null ? 0 : op, len);
    if (out !== null) out.set(mem.subarray(op >> shift, (op >> shift) + len), start);
  }
  return s;
}

/**
 * kl_div's float32 terms fround(fround(t·log t) − fround(t·x)) into `out` (when given) and
 * their sum in double; null when WebAssembly is unavailable.
 */
export function wasmKlDivF32(
  x: Float32Array,
  t: Float32Array,
  out: Float32Array | null,
): number | null {
  return klDiv(x, t, out);
}

/**
 * kl_div's float64 terms t·log t − t·x into `out` (when given) and their sum (4 lanes per
 * chunk); null when WebAssembly is unavailable.
 */
export function wasmKlDivF64(
  x: Float64Array,
  t: Float64Array,
  out: Float64Array | null,
): number | null {
  return klDiv(x, t, out);
}

/**
 * Runs a row kernel over rows of `size` in chunks that fit the scratch buffers: each chunk of
 * every input is copied into the module's memory, `kernel(pointers, outPointer, rows)` runs,
 * and the chunk of `out` is copied back.
 */
function overRows(
  k: WasmKernels,
  inputs: readonly Floats[],
  out: Floats,
  size: number,
  kernel: (pointers: number[], outPointer: number, rows: number) => void,
): void {
  const width = out.BYTES_PER_ELEMENT;
  const shift = width === 4 ? 2 : 3;
  const rowsPerCall = Math.max(1, Math.floor(CHUNK_BYTES / width / size));
  const pointers = buffers(k, inputs.length + 1, rowsPerCall * size * width);
  const op = pointers[inputs.length];
  const rows = out.length / size;
  for (let row = 0; row < rows; row += rowsPerCall) {
    const count = Math.min(rowsPerCall, rows - row);
    const start = row * size;
    const len = count * size;
    const mem = memoryAs(k, out);
    for (let j = 0; j < inputs.length; j++) {
      mem.set(inputs[j].subarray(start, start + len), pointers[j] >> shift);
    }
    kernel(pointers, op, count);
    out.set(mem.subarray(op >> shift, (op >> shift) + len), start);
  }
}

/** softmax / log_softmax of contiguous float32 rows of `size`; false without WebAssembly. */
export function wasmSoftmaxF32(
  x: Float32Array,
  out: Float32Array,
  size: number,
  log: boolean,
): boolean {
  const k = wasmKernels();
  if (k === null) return false;
  overRows(k, [x], out, size, ([xp], op, rows) => k.softmax_f32(xp, op, rows, size, log ? 1 : 0));
  return true;
}

/** softmax / log_softmax of contiguous float64 rows of `size`; false without WebAssembly. */
export function wasmSoftmaxF64(
  x: Float64Array,
  out: Float64Array,
  size: number,
  log: boolean,
): boolean {
  const k = wasmKernels();
  if (k === null) return false;
  overRows(k, [x], out, size, ([xp], op, rows) => k.softmax_f64(xp, op, rows, size, log ? 1 : 0));
  return true;
}

/** log_softmax's backward for g = fround(c·t), g never stored; false without WebAssembly. */
export function wasmLogSoftmaxBackwardScaledF32(
  c: number,
  t: Float32Array,
  y: Float32Array,
  dx: Float32Array,
  size: number,
): boolean {
  const k = wasmKernels();
  if (k === null) return false;
  overRows(
    k,
    [t, y],
    dx,
    size,
    ([tp, yp], dp, rows) => k.log_softmax_backward_scaled_f32(tp, yp, dp, rows, size, c),
  );
  return true;
}

/** float64 log_softmax's backward for g = c·t, g never stored; false without WebAssembly. */
export function wasmLogSoftmaxBackwardScaledF64(
  c: number,
  t: Float64Array,
  y: Float64Array,
  dx: Float64Array,
  size: number,
): boolean {
  const k = wasmKernels();
  if (k === null) return false;
  overRows(
    k,
    [t, y],
    dx,
    size,
    ([tp, yp], dp, rows) => k.log_softmax_backward_scaled_f64(tp, yp, dp, rows, size, c),
  );
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
  overRows(
    k,
    [g, y],
    dx,
    size,
    ([gp, yp], dp, rows) => k.softmax_backward_f64(gp, yp, dp, rows, size),
  );
  return true;
}

/** Runs a vector log or exp over `x` (for tests of their accuracy). */
export function wasmMathF32(fn: "log" | "exp", x: Float32Array): Float32Array | null {
  const k = wasmKernels();
  if (k === null) return null;
  const n = Math.ceil(x.length / 4) * 4;
  const [xp, op] = buffers(k, 2, n * 4);
  const mem = new Float32Array(k.memory.buffer);
  mem.fill(1, xp >> 2, (xp >> 2) + n);
  mem.set(x, xp >> 2);
  (fn === "log" ? k.log_f32 : k.exp_f32)(xp, op, n);
  return mem.slice(op >> 2, (op >> 2) + x.length);
}

/** Runs the float64 vector log or exp over `x` (for tests of their accuracy). */
export function wasmMathF64(fn: "log" | "exp", x: Float64Array): Float64Array | null {
  const k = wasmKernels();
  if (k === null) return null;
  const n = Math.ceil(x.length / 2) * 2;
  const [xp, op] = buffers(k, 2, n * 8);
  const mem = new Float64Array(k.memory.buffer);
  mem.fill(1, xp >> 3, (xp >> 3) + n);
  mem.set(x, xp >> 3);
  (fn === "log" ? k.log_f64 : k.exp_f64)(xp, op, n);
  return mem.slice(op >> 3, (op >> 3) + x.length);
}
