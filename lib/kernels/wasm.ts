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
        },
      });
      loaded = instance.exports as unknown as WasmKernels;
    } catch {
      loaded = null;
    }
  }
  return loaded;
}

/** Elements per buffer and call: three float32 buffers of this size stay in L2. */
const CHUNK = 16384;

/** Byte offsets of `count` float32 buffers of `len` elements each, growing memory if needed. */
function buffers(k: WasmKernels, count: number, len: number): number[] {
  const base = k.scratch_base();
  const bytes = len * 4;
  const need = base + count * bytes;
  const have = k.memory.buffer.byteLength;
  if (need > have) k.memory.grow(Math.ceil((need - have) / 65536));
  return Array.from({ length: count }, (_, i) => base + i * bytes);
}

/**
 * kl_div's float32 terms fround(fround(t·log t) − fround(t·x)) into `out` (when given) and
 * their sum in double; null when WebAssembly is unavailable.
 */
export function wasmKlDivF32(x: Float32Array, t: Float32Array, out: Float32Array | null) {
  const k = wasmKernels();
  if (k === null) return null;
  const n = x.length;
  const [xp, tp, op] = buffers(k, 3, Math.min(CHUNK, n));
  let s = 0;
  for (let start = 0; start < n; start += CHUNK) {
    const len = Math.min(CHUNK, n - start);
    const mem = new Float32Array(k.memory.buffer);
    mem.set(x.subarray(start, start + len), xp >> 2);
    mem.set(t.subarray(start, start + len), tp >> 2);
    s += k.kl_div_f32(xp, tp, out === null ? 0 : op, len);
    if (out !== null) out.set(mem.subarray(op >> 2, (op >> 2) + len), start);
  }
  return s;
}

/**
 * Runs a row kernel over float32 rows of `size` in chunks that fit the scratch buffers: each
 * chunk of every input is copied into the module's memory, `kernel(pointers, outPointer, rows)`
 * runs, and the chunk of `out` is copied back.
 */
function overRows(
  k: WasmKernels,
  inputs: readonly Float32Array[],
  out: Float32Array,
  size: number,
  kernel: (pointers: number[], outPointer: number, rows: number) => void,
): void {
  const rowsPerCall = Math.max(1, Math.floor(CHUNK / size));
  const pointers = buffers(k, inputs.length + 1, rowsPerCall * size);
  const op = pointers[inputs.length];
  const rows = out.length / size;
  for (let row = 0; row < rows; row += rowsPerCall) {
    const count = Math.min(rowsPerCall, rows - row);
    const start = row * size;
    const len = count * size;
    const mem = new Float32Array(k.memory.buffer);
    for (let j = 0; j < inputs.length; j++) {
      mem.set(inputs[j].subarray(start, start + len), pointers[j] >> 2);
    }
    kernel(pointers, op, count);
    out.set(mem.subarray(op >> 2, (op >> 2) + len), start);
  }
}

/** softmax / log_softmax of contiguous float32 rows of `size`; false without WebAssembly. */
export function wasmSoftmaxF32(x: Float32Array, out: Float32Array, size: number, log: boolean) {
  const k = wasmKernels();
  if (k === null) return false;
  overRows(k, [x], out, size, ([xp], op, rows) => k.softmax_f32(xp, op, rows, size, log ? 1 : 0));
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

/** Runs a vector log or exp over `x` (for tests of their accuracy). */
export function wasmMathF32(fn: "log" | "exp", x: Float32Array): Float32Array | null {
  const k = wasmKernels();
  if (k === null) return null;
  const n = Math.ceil(x.length / 4) * 4;
  const [xp, op] = buffers(k, 2, n);
  const mem = new Float32Array(k.memory.buffer);
  mem.fill(1, xp >> 2, (xp >> 2) + n);
  mem.set(x, xp >> 2);
  (fn === "log" ? k.log_f32 : k.exp_f32)(xp, op, n);
  return mem.slice(op >> 2, (op >> 2) + x.length);
}
