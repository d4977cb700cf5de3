/**
 * The error function in double precision (library-internal), for `F.gelu`: a series with
 * positive terms below |x| = 3 and the continued fraction of erfc above it, both accurate to a
 * few ulp, so `0.5 · x · (1 + erf(x/√2))` rounds as torch's double kernel does.
 *
 * @module
 */

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const ONE_OVER_SQRT_PI = 1 / Math.sqrt(Math.PI);

/** erfc(x) for x ≥ 3 by the continued fraction 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))). */
function erfcLarge(x: number): number {
  // Modified Lentz on b0 + a1/(b1 + a2/(b2 + ...)) with b = 2x... written in the x + k/2 form.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 200; k++) {
    const a = k / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-17) break;
  }
  return Math.exp(-x * x) * ONE_OVER_SQRT_PI / f;
}

/**
 * The error function.
 *
 * @param x Any double.
 * @returns erf(x).
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax >= 6) return x > 0 ? 1 : -1;
  if (ax >= 3) {
    const r = 1 - erfcLarge(ax);
    return x > 0 ? r : -r;
  }
  if (ax === 0) return x; // keeps −0
  // erf(x) = 2/√π · e^(−x²) · Σ (2x²)^n x / (2n+1)!!: every term positive.
  const twoX2 = 2 * x * x;
  let term = ax;
  let sum = ax;
  for (let n = 1; n < 200; n++) {
    term *= twoX2 / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  const r = TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
  return x > 0 ? r : -r;
}
