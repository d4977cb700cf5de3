/**
 * Closeness checks: `allclose` (a boolean, like `torch.allclose`) and `assert_close` (throws a
 * report naming the worst element, like `torch.testing.assert_close`).
 *
 * @module
 */

import { describe, type DType, promote } from "../tensor/dtype.ts";
import { checkOptionKeys } from "../tensor/options.ts";
import {
  broadcastIndex,
  broadcastShapes,
  sameShape,
  sizeString,
  stridesOf,
} from "../tensor/shape.ts";
import { contiguousData, requireTensor, Tensor } from "../tensor/tensor.ts";

/** Tolerances: `|actual − expected| ≤ atol + rtol·|expected|`. */
export interface CloseOptions {
  /** Relative tolerance. */
  rtol?: number;
  /** Absolute tolerance. */
  atol?: number;
  /** Whether NaN equals NaN. Default false for `allclose`, true for `assert_close`. */
  equal_nan?: boolean;
}

/** Options of `assert_close`. */
export interface AssertCloseOptions extends CloseOptions {
  /** Require equal dtypes (default true, as torch). */
  check_dtype?: boolean;
  /** Text prepended to the failure report. */
  msg?: string;
}

function checkTolerances(options: CloseOptions | undefined, where: string, keys: string[]) {
  checkOptionKeys(options, keys, where);
  if (options === undefined) return;
  for (const [key, value] of Object.entries(options)) {
    if ((key === "rtol" || key === "atol") && (typeof value !== "number" || !(value >= 0))) {
      throw new RangeError(
        `${where}: ${key} must be a non-negative number, got ${describe(value)}`,
      );
    }
    // A string like "yes" would otherwise be read as true (or "false" as true, too).
    if (
      (key === "equal_nan" || key === "check_dtype") && value !== undefined &&
      typeof value !== "boolean"
    ) {
      throw new TypeError(`${where}: ${key} must be a boolean, got ${describe(value)}`);
    }
  }
}

function isClose(a: number, b: number, rtol: number, atol: number, equalNan: boolean): boolean {
  if (a === b) return true; // also equal infinities
  if (Number.isNaN(a) || Number.isNaN(b)) return equalNan && Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}

/**
 * Whether every element of `a` is close to the matching element of `b` (broadcasting), like
 * `torch.allclose`: `|a − b| ≤ atol + rtol·|b|`, defaults rtol 1e-5, atol 1e-8.
 *
 * @param a A tensor.
 * @param b The reference tensor.
 * @param options `rtol`, `atol`, `equal_nan`.
 * @returns True when all elements are close.
 *
 * @example
 * ```ts
 * import { allclose, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(allclose(tensor([1, 2]), tensor([1, 2.000001])), true);
 * assert.equal(allclose(tensor([1, 2]), tensor([1, 2.1])), false);
 * ```
 */
export function allclose(a: Tensor, b: Tensor, options?: CloseOptions): boolean {
  requireTensor(a, "allclose(a)");
  requireTensor(b, "allclose(b)");
  checkTolerances(options, "allclose", ["rtol", "atol", "equal_nan"]);
  const rtol = options?.rtol ?? 1e-5;
  const atol = options?.atol ?? 1e-8;
  const equalNan = options?.equal_nan ?? false;
  const shape = broadcastShapes(a.shape, b.shape, "allclose");
  const ai = broadcastIndex(a.shape, shape);
  const bi = broadcastIndex(b.shape, shape);
  const ad = contiguousData(a);
  const bd = contiguousData(b);
  for (let i = 0; i < ai.length; i++) {
    if (!isClose(ad[ai[i]], bd[bi[i]], rtol, atol, equalNan)) return false;
  }
  return true;
}

/** torch.testing's default tolerances per dtype. */
const DEFAULT_TOLERANCES: Record<DType, { rtol: number; atol: number }> = {
  float32: { rtol: 1.3e-6, atol: 1e-5 },
  float64: { rtol: 1e-7, atol: 1e-7 },
  int64: { rtol: 0, atol: 0 },
  bool: { rtol: 0, atol: 0 },
};

function indexString(flat: number, shape: readonly number[]): string {
  const strides = stridesOf(shape);
  const idx = shape.map((_, d) => Math.floor(flat / strides[d]) % shape[d]);
  return `(${idx.join(", ")}${idx.length === 1 ? "," : ""})`;
}

/**
 * Throws unless `actual` and `expected` have the same shape (and dtype) and close values, like
 * `torch.testing.assert_close`. Defaults: rtol 1.3e-6 / atol 1e-5 for float32, 1e-7 / 1e-7 for
 * float64; NaNs compare equal. The error names the mismatch count and the worst element.
 *
 * @param actual The tensor under test, or a number.
 * @param expected The reference, or a number.
 * @param options `rtol`, `atol`, `equal_nan`, `check_dtype`, `msg`.
 *
 * @example
 * ```ts
 * import { assert_close, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert_close(tensor([0.5, 0.25]), tensor([0.5, 0.25]));
 * assert.throws(
 *   () => assert_close(tensor([1, 2, 3]), tensor([1, 2.5, 3])),
 *   /Greatest absolute difference: 0\.5 at index \(1,\)/,
 * );
 * ```
 */
export function assert_close(
  actual: Tensor | number,
  expected: Tensor | number,
  options?: AssertCloseOptions,
): void {
  checkTolerances(options, "assert_close", ["rtol", "atol", "equal_nan", "check_dtype", "msg"]);
  const a = asTensor(actual, expected, "assert_close(actual)");
  const e = asTensor(expected, actual, "assert_close(expected)");
  const prefix = options?.msg ? `${options.msg}\n\n` : "";
  if (!sameShape(a.shape, e.shape)) {
    throw new Error(
      `${prefix}The values for attribute 'shape' do not match: ${sizeString(a.shape)} != ${
        sizeString(e.shape)
      }.`,
    );
  }
  if ((options?.check_dtype ?? true) && a.dtype !== e.dtype) {
    throw new Error(
      `${prefix}The values for attribute 'dtype' do not match: torch.${a.dtype} != torch.${e.dtype}.`,
    );
  }
  if ((options?.rtol === undefined) !== (options?.atol === undefined)) {
    throw new Error(
      "assert_close: both 'rtol' and 'atol' must be either specified or omitted, but got only one",
    );
  }
  const defaults = DEFAULT_TOLERANCES[promote(a.dtype, e.dtype)];
  const rtol = options?.rtol ?? defaults.rtol;
  const atol = options?.atol ?? defaults.atol;
  const equalNan = options?.equal_nan ?? true;
  let mismatched = 0;
  let worstAbs = -1, worstAbsAt = 0, worstRel = -1, worstRelAt = 0;
  const ad = contiguousData(a);
  const ed = contiguousData(e);
  for (let i = 0; i < ad.length; i++) {
    const x = ad[i];
    const y = ed[i];
    if (isClose(x, y, rtol, atol, equalNan)) continue;
    mismatched++;
    const abs = Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.abs(x - y);
    const rel = abs / Math.abs(y);
    if (!(abs <= worstAbs)) [worstAbs, worstAbsAt] = [abs, i];
    if (!(rel <= worstRel)) [worstRel, worstRelAt] = [rel, i];
  }
  if (mismatched === 0) return;
  const n = ad.length;
  throw new Error(
    `${prefix}Tensor-likes are not close!\n\n` +
      `Mismatched elements: ${mismatched} / ${n} (${(100 * mismatched / n).toFixed(1)}%)\n` +
      `Greatest absolute difference: ${worstAbs} at index ${
        indexString(worstAbsAt, a.shape)
      } (up to ${atol} allowed)\n` +
      `Greatest relative difference: ${worstRel} at index ${
        indexString(worstRelAt, a.shape)
      } (up to ${rtol} allowed)`,
  );
}

function asTensor(value: Tensor | number, other: Tensor | number, where: string): Tensor {
  if (typeof value === "number") {
    const dtype = other instanceof Tensor ? other.dtype : "float64";
    return new Tensor(dtype === "float64" ? Float64Array.of(value) : Float32Array.of(value), []);
  }
  requireTensor(value, where);
  return value;
}
