/**
 * `set_float32_matmul_precision` / `get_float32_matmul_precision`: how float32 matrix products
 * sum. `"highest"` (the default) sums every output in double and rounds it once, bit for bit the
 * reference loop; `"high"` and `"medium"` let the WebAssembly kernel sum in float32 with fused
 * multiply-adds, as OpenBLAS's sgemm does (about twice as fast; each output within
 * (k + 1)·2⁻²⁴·Σ|a·b| of the exact sum over its k products, tested in tests/gemm_test.ts).
 *
 * @module
 */

/** The settings torch accepts. */
export type Float32MatmulPrecision = "highest" | "high" | "medium";

let current: Float32MatmulPrecision = "highest";

/**
 * Sets the internal precision of float32 matrix products, like
 * `torch.set_float32_matmul_precision`. `"highest"` (default): double sums, each output rounded
 * once. `"high"` or `"medium"`: float32 sums with fused multiply-adds in the WebAssembly kernel
 * (as torch's CPU BLAS sums), about twice as fast on large products. Another string changes
 * nothing and warns, as torch does.
 *
 * @param precision `"highest"`, `"high"` or `"medium"`.
 * @returns Nothing.
 *
 * @example
 * ```ts
 * import { get_float32_matmul_precision, set_float32_matmul_precision } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * set_float32_matmul_precision("high");
 * assert.equal(get_float32_matmul_precision(), "high");
 * set_float32_matmul_precision("highest");
 * ```
 */
export function set_float32_matmul_precision(precision: string): void {
  if (typeof precision !== "string") {
    throw new TypeError(
      `set_float32_matmul_precision expects a str, but got ${
        precision === null ? "null" : typeof precision
      }`,
    );
  }
  if (precision !== "highest" && precision !== "high" && precision !== "medium") {
    console.warn(
      `Warning: ${precision} is not one of 'highest', 'high', or 'medium'; the current setFloat32MatmulPrecision call has no effect.`,
    );
    return;
  }
  current = precision;
}

/**
 * The internal precision of float32 matrix products, like `torch.get_float32_matmul_precision`.
 *
 * @returns `"highest"` (default), `"high"` or `"medium"`.
 *
 * @example
 * ```ts
 * import { get_float32_matmul_precision } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(get_float32_matmul_precision(), "highest");
 * ```
 */
export function get_float32_matmul_precision(): Float32MatmulPrecision {
  return current;
}
