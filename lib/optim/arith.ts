/**
 * The scalar arithmetic of the optimisers' update loops (library-internal): each helper rounds
 * as one of torch's float32 or float64 CPU kernels rounds, and is small enough for the engine
 * to inline into the plain indexed loops that update parameters in place.
 *
 * @module
 */

import { fusedMultiplyAdd } from "../kernels/fma.ts";

/**
 * x·y + z rounded once to float32, for float32 operands. Their product is exact in a double,
 * so only the double sum's rounding can mislead, and only when that sum lands exactly halfway
 * between two float32 values; then the sum's own rounding error says which way to go.
 *
 * @param x A float32 value.
 * @param y A float32 value.
 * @param z A float32 value.
 * @returns The float32 fused multiply-add.
 */
export function fma32(x: number, y: number, z: number): number {
  const p = x * y;
  const s = p + z;
  const r = Math.fround(s);
  // s is halfway between r and its other float32 neighbour exactly when r + 2(s − r) is one;
  // only then can the double sum's rounding have misled.
  const other = r + 2 * (s - r);
  if (other === r || Math.fround(other) !== other) return r;
  return halfway(p, z, s, r, other);
}

/** The rare case of {@linkcode fma32}: s is a float32 midpoint; its rounding error decides. */
function halfway(p: number, z: number, s: number, r: number, other: number): number {
  const bz = s - p;
  const err = (p - (s - bz)) + (z - bz);
  if (err === 0) return r;
  return (err > 0) === (other > r) ? other : r;
}

/**
 * `a + x·y` with one rounding, in float32 (`f32`) or float64: torch's `add(…, alpha)` and the
 * last step of `addcmul` compile to a fused multiply-add.
 *
 * @param a The addend.
 * @param x A factor.
 * @param y A factor.
 * @param f32 Whether the kernel is float32.
 * @returns The fused result.
 */
export function fmaD(a: number, x: number, y: number, f32: boolean): number {
  return f32 ? fma32(x, y, a) : fusedMultiplyAdd(x, y, a);
}

/**
 * `x` rounded to the kernel's dtype (float32 when `f32`).
 *
 * @param x A double.
 * @param f32 Whether the kernel is float32.
 * @returns The rounded value.
 */
export function rnd(x: number, f32: boolean): number {
  return f32 ? Math.fround(x) : x;
}
