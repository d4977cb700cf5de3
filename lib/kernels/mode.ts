/**
 * Which implementation the kernels with a fast path use. Internal: tests force the composed
 * reference path to compare against it, benchmarks time both.
 *
 * @module
 */

/**
 * `"fast"` (default): fused kernels wherever they apply (same shape and dtype, contiguous);
 * `"reference"`: always the composed ops, as torch composes them.
 */
export type KernelMode = "fast" | "reference";

let mode: KernelMode = "fast";

/** Sets the kernel mode for the whole process; returns the previous mode. */
export function setKernelMode(next: KernelMode): KernelMode {
  if (next !== "reference" && next !== "fast") {
    throw new TypeError(`setKernelMode: expected "fast" or "reference", got ${String(next)}`);
  }
  const previous = mode;
  mode = next;
  return previous;
}

/** The kernel mode in force. */
export function kernelMode(): KernelMode {
  return mode;
}
