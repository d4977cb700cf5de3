/**
 * Which implementation the kernels with a fast path use. Internal: tests force each path to
 * compare it with the reference, benchmarks time them side by side.
 *
 * @module
 */

/**
 * `"fast"` (default): fused kernels wherever they apply (same shape and dtype, contiguous),
 * the WebAssembly SIMD ones (float32 and float64) from {@linkcode WASM_MIN_ELEMENTS} elements;
 * `"wasm"`: the WebAssembly kernels whatever the size (tests);
 * `"ts"`: the fused TypeScript kernels only (the fallback where WebAssembly SIMD is missing);
 * `"reference"`: always the composed ops, as torch composes them.
 */
export type KernelMode = "fast" | "wasm" | "ts" | "reference";

/**
 * From this many elements the WebAssembly kernels run. At 256 elements they already beat the
 * TypeScript kernels, copies included (log_softmax 0.9 against 3.3 µs in float32, 1.7 against
 * 2.8 µs in float64); below it tiny inputs such as the document's 3-element example keep the
 * TypeScript kernels' bits, which are the reference's.
 */
export const WASM_MIN_ELEMENTS = 256;

/**
 * kl_div's WebAssembly kernel starts later: its vector `log` differs from the TypeScript
 * kernel's (torch's bits) in the last place, and the terms of a pointwise KL cancel, so below
 * this size kl_div keeps torch's numbers exactly (docs/semantics.md measures both sides).
 */
export const KL_WASM_MIN_ELEMENTS = 2048;

let mode: KernelMode = "fast";

/** Sets the kernel mode for the whole process; returns the previous mode. */
export function setKernelMode(next: KernelMode): KernelMode {
  if (next !== "fast" && next !== "wasm" && next !== "ts" && next !== "reference") {
    throw new TypeError(
      `setKernelMode: expected "fast", "wasm", "ts" or "reference", got ${String(next)}`,
    );
  }
  const previous = mode;
  mode = next;
  return previous;
}

/**
 * Runs `fn` with `mode` in force and restores the previous mode, even if `fn` throws.
 *
 * @param mode The kernel mode.
 * @param fn What to run.
 * @returns What `fn` returns.
 */
export function withKernelMode<T>(mode: KernelMode, fn: () => T): T {
  const previous = setKernelMode(mode);
  try {
    return fn();
  } finally {
    setKernelMode(previous);
  }
}

/** The kernel mode in force. */
export function kernelMode(): KernelMode {
  return mode;
}

/** Whether a kernel over `n` elements should try WebAssembly (from `min` elements). */
export function useWasm(n: number, min: number = WASM_MIN_ELEMENTS): boolean {
  return mode === "wasm" || (mode === "fast" && n >= min);
}
