/**
 * A fused multiply-add for doubles in plain JavaScript: torch's CPU kernels (compiled with
 * FMA) compute `a + alpha * b` and `u * range + from` with one rounding, and matching their
 * bits needs the same.
 *
 * @module
 */

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp's constant for doubles

/**
 * x·y + z with a single rounding, from the exact product x·y = p + e (Dekker's two-product)
 * and an error-free sum of p and z; the remaining error terms are added last.
 */
export function fusedMultiplyAdd(x: number, y: number, z: number): number {
  const p = x * y;
  const xs = SPLITTER * x;
  const xh = xs - (xs - x);
  const xl = x - xh;
  const ys = SPLITTER * y;
  const yh = ys - (ys - y);
  const yl = y - yh;
  const e = ((xh * yh - p) + xh * yl + xl * yh) + xl * yl;
  const s = p + z;
  const bz = s - p;
  const t = (p - (s - bz)) + (z - bz);
  return s + (t + e);
}

const bits = new DataView(new ArrayBuffer(8));

/** The double next to `x` toward the sign of `to`. */
function nextToward(x: number, to: number): number {
  bits.setFloat64(0, x);
  const v = bits.getBigInt64(0);
  bits.setBigInt64(0, (to > x) === (x >= 0) ? v + 1n : v - 1n);
  return bits.getFloat64(0);
}

/** The gap between adjacent float32 values at the magnitude of `x`. */
function ulp32(x: number): number {
  const e = Math.max(Math.floor(Math.log2(Math.abs(x) || 2 ** -149)), -126);
  return 2 ** (e - 23);
}

/**
 * x·y + z rounded once to float32, for float32 operands: their product is exact in a double,
 * and the double sum's own rounding error tells which way to round when that sum lands exactly
 * halfway between two float32 values (where `Math.fround(x * y + z)` would round twice).
 *
 * @param x A float32 value.
 * @param y A float32 value.
 * @param z A float32 value.
 * @returns The float32 fused multiply-add.
 */
export function fusedMultiplyAddF32(x: number, y: number, z: number): number {
  const p = x * y;
  const s = p + z;
  const bz = s - p;
  const err = (p - (s - bz)) + (z - bz);
  const r = Math.fround(s);
  if (err === 0 || Math.abs(r - s) * 2 !== ulp32(r) || r === s) return r;
  return Math.fround(nextToward(s, err > 0 ? Infinity : -Infinity));
}
