/**
 * Scalar log and exp for float32 kernels, computed in double from small tables so that
 * rounding the result to float32 gives the same bits as `Math.fround(Math.log(x))` and
 * `Math.fround(Math.exp(x))` (their relative error is a few 1e-16; a float32 step is 6e-8).
 * They are several times faster than `Math.log`/`Math.exp` in V8's optimised code, and
 * `tests/kernels_test.ts` checks them against those bit for bit.
 *
 * @module
 */

/** log: the float32 bit pattern is split around 0.7 so inputs near 1 have exponent 0. */
const LOG_OFF = 0x3f330000;
const LOG_BITS = 7;
const LOG_N = 1 << LOG_BITS;
/** Left end of each table interval (a float32, so `z − c` is exact), 1/c and log(c). */
const LOG_C = new Float64Array(LOG_N);
const LOG_INVC = new Float64Array(LOG_N);
const LOG_LOGC = new Float64Array(LOG_N);
const LN2 = Math.LN2;

{
  const bits = new Int32Array(1);
  const f = new Float32Array(bits.buffer);
  for (let i = 0; i < LOG_N; i++) {
    bits[0] = LOG_OFF + (i << (23 - LOG_BITS));
    // The interval just below 1 is centred on 1 too, so log(x) for x ≈ 1 is p(x − 1) with
    // no cancellation against log(c).
    const c = f[0] > 0.99 && f[0] < 1 ? 1 : f[0];
    LOG_C[i] = c;
    LOG_INVC[i] = 1 / c;
    LOG_LOGC[i] = Math.log(c);
  }
}

const TWO_M23 = 2 ** -23;
const TWO_M24 = 2 ** -24;

/**
 * log(x) for a positive normal float32 `x` given as its bit pattern `b`
 * (0x00800000 ≤ b < 0x7f800000); callers handle every other input with `Math.log`.
 */
export function logNormalF32(b: number): number {
  const tmp = b - LOG_OFF;
  const k = tmp >> 23;
  const i = (tmp >> (23 - LOG_BITS)) & (LOG_N - 1);
  const iz = b - (k << 23);
  // z = x / 2^k in [0.7, 1.4), rebuilt from its bits.
  const z = ((iz & 0x7fffff) | 0x800000) * (iz >= 0x3f800000 ? TWO_M23 : TWO_M24);
  const r = (z - LOG_C[i]) * LOG_INVC[i];
  // log1p(r) for |r| < 2^-7: Taylor to r^7, truncation below 1e-16.
  const p = r * (1 + r * (-0.5 + r * (1 / 3 + r * (-0.25 + r * (0.2 + r * (-1 / 6 + r / 7))))));
  return k * LN2 + LOG_LOGC[i] + p;
}

/** Whether a float32 bit pattern is a positive normal number (where `logNormalF32` applies). */
export function isPositiveNormalF32(b: number): boolean {
  return ((b - 0x00800000) >>> 0) < 0x7f000000;
}

/** exp: x = (n/32)·ln2 + r with |r| ≤ ln2/64; 2^(n/32) = 2^(n>>5) · 2^((n&31)/32). */
const EXP_N = 32;
const EXP_SHIFT = 6755399441055744; // 1.5 · 2^52: adding it rounds to an integer
const EXP_INV_STEP = EXP_N / Math.LN2;
// ln2/32 split so n · STEP_HI is exact for |n| < 2^20.
const EXP_STEP_HI = Math.fround(Math.LN2 / EXP_N);
const EXP_STEP_LO = Math.LN2 / EXP_N - EXP_STEP_HI;
const EXP_POW_MIN = -160;
const EXP_POW = new Float64Array(320);
const EXP_FRAC = new Float64Array(EXP_N);
for (let j = 0; j < EXP_POW.length; j++) EXP_POW[j] = 2 ** (j + EXP_POW_MIN);
for (let j = 0; j < EXP_N; j++) EXP_FRAC[j] = 2 ** (j / EXP_N);

/**
 * e^x in double with a relative error of a few 1e-16, for any x (NaN, ±∞ and |x| ≥ 100 go
 * to `Math.exp`).
 */
export function expDouble(x: number): number {
  if (!(x > -100 && x < 100)) return Math.exp(x);
  const n = (x * EXP_INV_STEP + EXP_SHIFT) - EXP_SHIFT;
  const r = (x - n * EXP_STEP_HI) - n * EXP_STEP_LO;
  const ni = n | 0;
  const q = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r / 720)))));
  return EXP_POW[(ni >> 5) - EXP_POW_MIN] * (EXP_FRAC[ni & 31] * q);
}

/** A zero-copy Int32Array view of a Float32Array's bits. */
export function bitsOf(a: Float32Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length);
}
