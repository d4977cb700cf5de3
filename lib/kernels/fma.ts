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
