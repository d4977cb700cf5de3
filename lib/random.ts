/**
 * A global random generator that reproduces PyTorch 1.13's CPU default generator bit for bit:
 * the MT19937 engine, `torch.rand` and `torch.randn` for float32 and float64.
 *
 * Reproducing `randn` exactly means reproducing the floating-point arithmetic torch actually
 * runs, not just its algorithm:
 * - float64, and float32 with fewer than 16 elements, go through glibc's `log`, `sin` and `cos`.
 *   V8's `Math.log/sin/cos` differ from glibc in about 1 result in 1000, so this file carries a
 *   port of glibc's (2.28+, FMA variant) routines, including the fused multiply-adds that GCC
 *   contracts them into.
 * - float32 with 16 or more elements goes through the AVX2 kernel (Cephes-style `log256_ps` and
 *   `sincos256_ps`), emulated here in single precision, again with GCC's contractions.
 *
 * This matches torch 1.13 on x86-64 with AVX2/FMA (the usual Linux/Windows desktop case).
 * Other builds of torch (no AVX2, ARM, `ATEN_CPU_CAPABILITY=default`) compute float32 `randn`
 * of 16+ elements with scalar `logf/sinf/cosf` and will differ; `rand` is portable everywhere.
 *
 * @module
 */

// ---------------------------------------------------------------------------------------------
// MT19937 engine (at::mt19937)
// ---------------------------------------------------------------------------------------------

const MT_N = 624;
const MT_M = 397;
const MATRIX_A = 0x9908b0df;
const TWO_POW_64 = 1n << 64n;

const mt = new Uint32Array(MT_N);
/** Index of the next state word; MT_N means "twist before the next draw", like torch's left_=1. */
let mtPos = MT_N;
/** Seed in force; undefined until first use, so an unseeded process seeds lazily. */
let currentSeed: bigint | undefined;
/** torch's next_double_normal_sample: the Box–Muller sine half kept for the next scalar randn. */
let cachedNormal = 0;
let hasCachedNormal = false;

function seedEngine(seed: bigint): void {
  currentSeed = seed;
  hasCachedNormal = false;
  // torch keeps the 64-bit seed for initial_seed() but mt19937 only sees its low 32 bits.
  mt[0] = Number(seed & 0xffffffffn);
  for (let i = 1; i < MT_N; i++) {
    const prev = mt[i - 1];
    mt[i] = Math.imul(1812433253, prev ^ (prev >>> 30)) + i; // stored mod 2^32
  }
  mtPos = MT_N;
}

function ensureSeeded(): void {
  if (currentSeed === undefined) {
    // torch seeds its default CPU generator from a non-deterministic 64-bit value.
    const words = crypto.getRandomValues(new Uint32Array(2));
    seedEngine((BigInt(words[0]) << 32n) | BigInt(words[1]));
  }
}

function twist(): void {
  let k = 0;
  for (; k < MT_N - MT_M; k++) {
    const y = (mt[k] & 0x80000000) | (mt[k + 1] & 0x7fffffff);
    mt[k] = mt[k + MT_M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
  }
  for (; k < MT_N - 1; k++) {
    const y = (mt[k] & 0x80000000) | (mt[k + 1] & 0x7fffffff);
    mt[k] = mt[k + MT_M - MT_N] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
  }
  const y = (mt[MT_N - 1] & 0x80000000) | (mt[0] & 0x7fffffff);
  mt[MT_N - 1] = mt[MT_M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
  mtPos = 0;
}

/** One tempered 32-bit output, as a signed int32 (callers mask what they need). */
function nextInt32(): number {
  if (mtPos >= MT_N) twist();
  let y = mt[mtPos++];
  y ^= y >>> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  return y ^ (y >>> 18);
}

const TWO_POW_M24 = 2 ** -24;
const TWO_POW_M53 = 2 ** -53;
const TWO_POW_32 = 2 ** 32;

/** uniform_real_distribution<double>: low 53 bits of random64() = (first << 32) | second. */
function nextUniform64(): number {
  const hi = nextInt32() & 0x1fffff;
  const lo = nextInt32() >>> 0;
  return (hi * TWO_POW_32 + lo) * TWO_POW_M53;
}

/** Fills out[from, to) with float32 uniforms: the low 24 bits of one random() each. */
function fillUniform32(out: Float32Array, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    // The tempering is inlined: this is the hot loop of rand and float32 randn.
    if (mtPos >= MT_N) twist();
    let y = mt[mtPos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    out[i] = (y & 0xffffff) * TWO_POW_M24; // exact in float32
  }
}

function fillUniform64(out: Float64Array, from: number, to: number): void {
  for (let i = from; i < to; i++) out[i] = nextUniform64();
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

function describe(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number") return String(value);
  return `a value of type ${typeof value}`;
}

/**
 * Seeds the global generator, like `torch.manual_seed`. Also clears the cached Box–Muller
 * sample, as torch does. Only the low 32 bits reach MT19937, so seeds that agree modulo 2^32
 * produce the same numbers (exactly as in torch), while {@link initial_seed} reports the full
 * value.
 *
 * @param seed A non-negative safe integer, or a bigint in [0, 2^64) for the full range torch
 *   accepts. (torch also wraps negative seeds modulo 2^64; this function rejects them.)
 * @returns Nothing.
 * @throws {Error} If `seed` is negative, fractional, NaN, infinite, above
 *   `Number.MAX_SAFE_INTEGER` (pass a bigint instead), at least 2^64, or not a number/bigint.
 *
 * @example
 * ```ts ignore
 * manual_seed(0);
 * const a = new Float32Array(3);
 * fillUniform(a); // [0.49625658988952637, 0.7682217955589294, 0.08847743272781372]
 * ```
 */
export function manual_seed(seed: number | bigint): void {
  const expected = "manual_seed expects a non-negative safe integer or a bigint in [0, 2^64)";
  if (typeof seed === "bigint") {
    if (seed < 0n || seed >= TWO_POW_64) {
      throw new Error(`${expected}, received ${describe(seed)}`);
    }
    seedEngine(seed);
  } else if (typeof seed === "number") {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      const hint = Number.isInteger(seed) && seed > 0
        ? " (use a bigint for seeds above 2^53-1)"
        : "";
      throw new Error(`${expected}, received ${describe(seed)}${hint}`);
    }
    seedEngine(BigInt(seed));
  } else {
    throw new Error(`${expected}, received ${describe(seed)}`);
  }
}

/**
 * The seed in force, like `torch.initial_seed()`. Before any {@link manual_seed} call the
 * generator is seeded with a random 64-bit value, as torch 1.13 does (it reads
 * `std::random_device`; there is no fixed default seed for the CPU generator).
 *
 * @returns The last seed given to {@link manual_seed}, or the random startup seed.
 *
 * @example
 * ```ts ignore
 * manual_seed(2n ** 40n);
 * initial_seed(); // 1099511627776n
 * ```
 */
export function initial_seed(): bigint {
  ensureSeeded();
  return currentSeed as bigint;
}

/**
 * Fills `out` in place with U[0, 1) samples exactly as `torch.rand` does for that dtype:
 * a `Float32Array` gets torch.float32 values (24 random bits, one 32-bit draw each), a
 * `Float64Array` gets torch.float64 values (53 random bits, two 32-bit draws each).
 *
 * @param out The buffer to fill; its type selects the dtype.
 * @returns Nothing; `out` is overwritten.
 *
 * @example
 * ```ts ignore
 * manual_seed(0);
 * const a = new Float64Array(2);
 * fillUniform(a); // same values as torch.rand(2, dtype=torch.float64)
 * ```
 */
export function fillUniform(out: Float32Array | Float64Array): void {
  ensureSeeded();
  if (out instanceof Float32Array) fillUniform32(out, 0, out.length);
  else fillUniform64(out, 0, out.length);
}

/**
 * Fills `out` in place with N(0, 1) samples exactly as `torch.randn` does for that dtype and
 * length. Below 16 elements torch draws each value with the scalar Box–Muller sampler, which
 * returns the cosine half and caches the sine half for the next scalar draw (the cache survives
 * across calls, is ignored by the 16+ path, and is cleared by {@link manual_seed}). From 16
 * elements it fills the buffer with uniforms, transforms them in blocks of 16, and, when the
 * length is not a multiple of 16, redraws and transforms the last 16 elements.
 *
 * @param out The buffer to fill; its type selects the dtype.
 * @returns Nothing; `out` is overwritten.
 *
 * @example
 * ```ts ignore
 * manual_seed(0);
 * const a = new Float32Array(3);
 * fillNormal(a); // same values as torch.randn(3)
 * ```
 */
export function fillNormal(out: Float32Array | Float64Array): void {
  ensureSeeded();
  const n = out.length;
  if (n >= 16) {
    if (out instanceof Float32Array) normalFill32(out);
    else normalFill64(out);
    return;
  }
  for (let i = 0; i < n; i++) out[i] = scalarNormal();
}

// ---------------------------------------------------------------------------------------------
// randn, float64 / scalar paths: glibc log, sin, cos
// ---------------------------------------------------------------------------------------------

/** at::normal_distribution<double> with mean 0, std 1 (used for every dtype below 16 elements). */
function scalarNormal(): number {
  if (hasCachedNormal) {
    hasCachedNormal = false;
    return cachedNormal + 0; // torch returns value * std + mean: -0 becomes +0
  }
  const u1 = nextUniform64();
  const u2 = nextUniform64();
  // torch 1.13 uses log(1 - u2); later versions switched to log1p(-u2).
  const r = Math.sqrt(-2 * glibcLog(1 - u2));
  const theta = 2 * Math.PI * u1;
  cachedNormal = r * glibcSin(theta);
  hasCachedNormal = true;
  return r * glibcCos(theta) + 0;
}

/** normal_fill<double>: uniforms first, Box–Muller over blocks of 16, tail redone. */
function normalFill64(data: Float64Array): void {
  const n = data.length;
  fillUniform64(data, 0, n);
  for (let i = 0; i + 16 <= n; i += 16) normalBlock64(data, i);
  if (n % 16 !== 0) {
    fillUniform64(data, n - 16, n);
    normalBlock64(data, n - 16);
  }
}

function normalBlock64(data: Float64Array, at: number): void {
  for (let j = at; j < at + 8; j++) {
    const radius = Math.sqrt(-2 * glibcLog(1 - data[j])); // 1 - u is exact
    const theta = 2 * Math.PI * data[j + 8];
    data[j] = radius * glibcCos(theta) + 0; // + 0: torch adds the mean, turning -0 into +0
    data[j + 8] = radius * glibcSin(theta) + 0;
  }
}

const f64Scratch = new Float64Array(1);
const u32Scratch = new Uint32Array(f64Scratch.buffer); // [0] = low word on little-endian hosts
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO_WORD = LITTLE_ENDIAN ? 0 : 1;
const HI_WORD = LITTLE_ENDIAN ? 1 : 0;
const VELTKAMP = 134217729; // 2^27 + 1

/**
 * Correctly rounded a*b + c, i.e. C's fma(): glibc's x86-64 FMA build uses the instruction,
 * which JavaScript lacks. With p + pErr = a*b exactly (Veltkamp/Dekker) and s + sErr = p + c
 * exactly (TwoSum), the result is RN(s + (sErr + pErr)). Rounding sErr + pErr first can only
 * matter when s + w lands exactly halfway between two doubles; then the lost bits break the tie.
 * Assumes no overflow or underflow, which holds for the arguments used here.
 */
function fma(a: number, b: number, c: number): number {
  const p = a * b;
  let t = VELTKAMP * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = VELTKAMP * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pErr = ah * bh - p + ah * bl + al * bh + al * bl;
  const s = p + c;
  let v = s - p;
  const sErr = p - (s - v) + (c - v);
  const w = sErr + pErr;
  v = w - sErr;
  const wErr = sErr - (w - v) + (pErr - v);
  const res = s + w;
  if (wErr === 0) return res; // s + w is the exact value
  v = res - s;
  const resErr = s - (res - v) + (w - v);
  if (resErr === 0) return res;
  // A tie iff res + 2 resErr is the neighbouring double; otherwise no halfway point separates
  // s + w from the exact value (|wErr| is far below the spacing of such points).
  const other = res + 2 * resErr;
  if (other - res !== 2 * resErr) return res;
  return wErr > 0 === resErr > 0 ? other : res;
}

// The fma() calls below mark where GCC contracts a*b+c in glibc's FMA build: a product whose
// only uses are additions is fused into each of them (the first product in evaluation order
// wins when two feed one addition). Keeping plain arithmetic elsewhere matters as much.

/** glibc log(x) for normal x in (0, 1] (sysdeps/ieee754/dbl-64/e_log.c, 128-entry table). */
function glibcLog(x: number): number {
  const T = LOG_DATA;
  if (x >= LOG_NEAR1_LO) {
    // |x - 1| < 2^-4: polynomial in r = x - 1 with a hand-split leading term.
    if (x === 1) return 0;
    const r = x - 1;
    const r2 = r * r;
    const r3 = r * r2;
    const p3 = fma(r3, T[17], fma(r2, T[16], fma(r, T[15], T[14])));
    const p2 = fma(r3, p3, fma(r2, T[13], fma(r, T[12], T[11])));
    const p1 = fma(r3, p2, fma(r2, T[10], fma(r, T[9], T[8])));
    let w = r * 134217728; // 2^27
    const rhi = r + w - w;
    const rlo = r - rhi;
    w = rhi * rhi * T[7]; // exact: rhi has 26 bits, T[7] = -0.5
    const hi = r + w;
    let lo = r - hi + w;
    lo = fma(T[7] * rlo, rhi + r, lo);
    return fma(r3, p1, lo) + hi;
  }
  // x = 2^k z with z in [0x1.6p-1, 0x1.6p0); log(x) = k ln2 + log(c) + log1p(z/c - 1).
  f64Scratch[0] = x;
  const top = u32Scratch[HI_WORD];
  const tmp = (top - 0x3fe60000) | 0; // high word of ix - 0x3fe6000000000000
  const i = (tmp >>> 13) & 127;
  const k = tmp >> 20;
  u32Scratch[HI_WORD] = top - (tmp & 0xfff00000);
  const z = f64Scratch[0];
  const invc = T[LOG_TAB + 2 * i];
  const logc = T[LOG_TAB + 2 * i + 1];
  const r = fma(z, invc, -1);
  const w = k * T[0] + logc; // k * ln2hi is exact, so this equals the fused form
  const hi = w + r;
  const lo = fma(k, T[1], w - hi + r);
  const r2 = r * r;
  const poly = fma(r2, fma(r, T[6], T[5]), fma(r, T[4], T[3]));
  return fma(r * r2, poly, fma(r2, T[2], lo)) + hi;
}

const LOG_NEAR1_LO = 1 - 2 ** -4;
const LOG_TAB = 18; // LOG_DATA: ln2hi, ln2lo, A[5], B[11], then 128 (invc, logc) pairs

// glibc s_sin.c / usncs.h constants (hex-float spelled as integer * power of two, exact).
const S1 = -0x15555555555555 * 2 ** -55;
const S2 = 0x11111111110ece * 2 ** -59;
const S3 = -0x1a01a019db08b8 * 2 ** -65;
const S4 = 0x171de27b9a7ed9 * 2 ** -71;
const S5 = -0x1addffc2fcdf59 * 2 ** -78;
const BIG = 0x18000000000000 * 2 ** -7; // 0x1.8p45: big + |x| rounds |x| to a multiple of 1/128
const HP0 = 0x1921fb54442d18 * 2 ** -52;
const HP1 = 0x11a62633145c07 * 2 ** -106;
const MP1 = 0x1921fb58000000 * 2 ** -52;
const MP2 = -0x1dde973c000000 * 2 ** -79;
const PP3 = -0x1cb3b398000000 * 2 ** -107;
const PP4 = -0x1d747f23e32ed7 * 2 ** -135;
const HPINV = 0x145f306dc9c883 * 2 ** -53;
const TOINT = 0x18000000000000; // 0x1.8p52
const SN3 = -1.66666666666664880952546298448555e-1;
const SN5 = 8.33333214285722277379541354343671e-3;
const CS2 = 4.99999999999999999999950396842453e-1;
const CS4 = -4.16666666666664434524222570944589e-2;
const CS6 = 1.38888874007937613028114285595617e-3;

/** Index into SINCOS_TABLE of the entry for the multiple of 1/128 held in big + |x|. */
function sincosIndex(u: number): number {
  f64Scratch[0] = u;
  return u32Scratch[LO_WORD] << 2;
}

/** cos(x + dx) for |x| < 0.855469 (glibc do_cos). */
function doCos(x: number, dx: number): number {
  if (x < 0) dx = -dx;
  const u = BIG + Math.abs(x);
  x = Math.abs(x) - (u - BIG) + dx;
  const xx = x * x;
  const s = fma(x * xx, fma(xx, SN5, SN3), x);
  const c = xx * fma(xx, fma(xx, CS6, CS4), CS2);
  const k = sincosIndex(u);
  const T = SINCOS_TABLE;
  const cor = fma(-T[k], s, fma(-T[k + 2], c, fma(-s, T[k + 1], T[k + 3])));
  return T[k + 2] + cor;
}

/** sin(x + dx) for |x| < 0.855469 (glibc do_sin). */
function doSin(x: number, dx: number): number {
  const xold = x;
  if (Math.abs(x) < 0.126) {
    const xx = x * x;
    const poly = fma(fma(fma(fma(S5, xx, S4), xx, S3), xx, S2), xx, S1);
    return x + fma(fma(poly, x, -0.5 * dx), xx, dx);
  }
  if (x <= 0) dx = -dx;
  const u = BIG + Math.abs(x);
  x = Math.abs(x) - (u - BIG);
  const xx = x * x;
  const s = x + fma(x * xx, fma(xx, SN5, SN3), dx);
  const c = fma(x, dx, xx * fma(xx, fma(xx, CS6, CS4), CS2));
  const k = sincosIndex(u);
  const T = SINCOS_TABLE;
  const cor = fma(T[k + 2], s, fma(-T[k], c, fma(s, T[k + 3], T[k + 1])));
  const res = Math.abs(T[k] + cor);
  return xold < 0 ? -res : res;
}

let reducedX = NaN;
let reducedN = 0;
let reducedHi = 0;
let reducedLo = 0;

/**
 * Reduces x modulo pi/2 (glibc reduce_sincos): returns the quadrant and sets reducedHi/Lo.
 * Box–Muller wants sin and cos of the same angle, so the last reduction is memoised.
 */
function reduceSincos(x: number): number {
  if (x === reducedX) return reducedN;
  const t = fma(x, HPINV, TOINT);
  const xn = t - TOINT;
  f64Scratch[0] = t;
  const n = u32Scratch[LO_WORD] & 3;
  // xn * MP1, xn * MP2 and xn * PP3 are exact (short constants), so the fused and plain forms
  // agree; xn * PP4 is not.
  const y = x - xn * MP1 - xn * MP2;
  const t2 = y - xn * PP3;
  let db = y - t2 - xn * PP3;
  const b = fma(-xn, PP4, t2);
  db += fma(-xn, PP4, t2 - b);
  reducedX = x;
  reducedN = n;
  reducedHi = b;
  reducedLo = db;
  return n;
}

function highWord(x: number): number {
  f64Scratch[0] = x;
  return u32Scratch[HI_WORD] & 0x7fffffff;
}

/** glibc sin(x) for |x| < 105414350 (all that Box–Muller needs: x in [0, 2 pi)). */
function glibcSin(x: number): number {
  const k = highWord(x);
  if (k < 0x3e500000) return x; // |x| < 2^-26
  if (k < 0x3feb6000) return doSin(x, 0); // |x| < 0.855469
  if (k < 0x400368fd) { // |x| < 2.426265
    const r = doCos(HP0 - Math.abs(x), HP1);
    return x < 0 ? -r : r;
  }
  const n = reduceSincos(x);
  const r = n & 1 ? doCos(reducedHi, reducedLo) : doSin(reducedHi, reducedLo);
  return n & 2 ? -r : r;
}

/** glibc cos(x) for |x| < 105414350. */
function glibcCos(x: number): number {
  const k = highWord(x);
  if (k < 0x3e400000) return 1; // |x| < 2^-27
  if (k < 0x3feb6000) return doCos(x, 0);
  if (k < 0x400368fd) {
    const y = HP0 - Math.abs(x);
    const a = y + HP1;
    return doSin(a, y - a + HP1);
  }
  const n = reduceSincos(x) + 1;
  const r = n & 1 ? doCos(reducedHi, reducedLo) : doSin(reducedHi, reducedLo);
  return n & 2 ? -r : r;
}

// ---------------------------------------------------------------------------------------------
// randn, float32 with 16+ elements: the AVX2 kernel (normal_fill_AVX2, avx_mathfun.h)
// ---------------------------------------------------------------------------------------------

const fround = Math.fround;
const f32Scratch = new Float32Array(1);
const u32OfF32 = new Uint32Array(f32Scratch.buffer);

/**
 * Correctly rounded single-precision fma for float32 inputs. The product of two floats is exact
 * in double and the TwoSum error is exact, so only a double sum sitting exactly halfway between
 * two floats needs the error term to break the tie.
 */
function fmaf(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const sv = s - p;
  const err = p - (s - sv) + (c - sv);
  const r = fround(s);
  if (err === 0) return r;
  const d = s - r;
  if (d === 0) return r;
  const other = r + 2 * d; // a float exactly when s is a midpoint
  if (fround(other) !== other) return r;
  return err > 0 === d > 0 ? other : r;
}

const F_ONE = 1;
const F_SQRTHF = fround(0.707106781186547524);
const F_LOG_P0 = fround(7.0376836292e-2);
const F_LOG_P1 = fround(-1.1514610310e-1);
const F_LOG_P2 = fround(1.1676998740e-1);
const F_LOG_P3 = fround(-1.2420140846e-1);
const F_LOG_P4 = fround(1.4249322787e-1);
const F_LOG_P5 = fround(-1.6668057665e-1);
const F_LOG_P6 = fround(2.0000714765e-1);
const F_LOG_P7 = fround(-2.4999993993e-1);
const F_LOG_P8 = fround(3.3333331174e-1);
const F_LOG_Q1 = fround(-2.12194440e-4);
const F_LOG_Q2 = fround(0.693359375);
const F_DP1 = fround(-0.78515625);
const F_DP2 = fround(-2.4187564849853515625e-4);
const F_DP3 = fround(-3.77489497744594108e-8);
const F_SIN_P0 = fround(-1.9515295891e-4);
const F_SIN_P1 = fround(8.3321608736e-3);
const F_SIN_P2 = fround(-1.6666654611e-1);
const F_COS_P0 = fround(2.443315711809948e-5);
const F_COS_P1 = fround(-1.388731625493765e-3);
const F_COS_P2 = fround(4.166664568298827e-2);
const F_FOPI = fround(1.27323954473516); // 4 / pi
const F_TWO_PI = fround(2 * Math.PI);

/** log256_ps for one lane; x is a float32 in [2^-24, 1]. */
function avxLog(x: number): number {
  f32Scratch[0] = x;
  const bits = u32OfF32[0];
  let e = (bits >>> 23) - 126; // exponent + 1, exact as float
  u32OfF32[0] = (bits & 0x807fffff) | 0x3f000000; // mantissa scaled to [0.5, 1)
  x = f32Scratch[0];
  if (x < F_SQRTHF) {
    e -= 1;
    x = fround(fround(x - F_ONE) + x);
  } else {
    x = fround(x - F_ONE);
  }
  const z = fround(x * x);
  let y = fmaf(F_LOG_P0, x, F_LOG_P1);
  y = fmaf(y, x, F_LOG_P2);
  y = fmaf(y, x, F_LOG_P3);
  y = fmaf(y, x, F_LOG_P4);
  y = fmaf(y, x, F_LOG_P5);
  y = fmaf(y, x, F_LOG_P6);
  y = fmaf(y, x, F_LOG_P7);
  y = fmaf(y, x, F_LOG_P8);
  y = fround(y * x);
  y = fmaf(y, z, fround(e * F_LOG_Q1));
  y = fround(y - z * 0.5); // z * 0.5 is exact
  x = fround(x + y);
  return fround(x + e * F_LOG_Q2); // e * q2 is exact, so this equals the fused form
}

let avxSin = 0;

/** sincos256_ps for one lane with x >= 0; returns the cosine, leaves the sine in avxSin. */
function avxSinCos(x: number): number {
  const j = (Math.trunc(fround(x * F_FOPI)) + 1) & ~1;
  x = fround(x + j * F_DP1); // j * DP1 is exact in float
  x = fmaf(j, F_DP2, x);
  x = fmaf(j, F_DP3, x);
  const z = fround(x * x);
  let yc = fmaf(F_COS_P0, z, F_COS_P1);
  yc = fmaf(yc, z, F_COS_P2);
  yc = fround(yc * z);
  yc = fmaf(yc, z, -(z * 0.5));
  yc = fround(yc + F_ONE);
  let ys = fmaf(F_SIN_P0, z, F_SIN_P1);
  ys = fmaf(ys, z, F_SIN_P2);
  ys = fround(ys * z);
  ys = fmaf(ys, x, x);
  const swap = (j & 2) !== 0;
  const s = swap ? yc : ys;
  const c = swap ? ys : yc;
  avxSin = j & 4 ? -s : s;
  return (j - 2) & 4 ? c : -c;
}

function normalBlock32(data: Float32Array, at: number): void {
  for (let j = at; j < at + 8; j++) {
    const radius = fround(Math.sqrt(fround(-2 * avxLog(fround(1 - data[j])))));
    const theta = fround(F_TWO_PI * data[j + 8]);
    const c = avxSinCos(theta);
    // The store rounds the exact double product to float32, like _mm256_mul_ps; + 0 stands
    // for the fmadd with mean 0, which turns -0 into +0.
    data[j] = radius * c + 0;
    data[j + 8] = radius * avxSin + 0;
  }
}

function normalFill32(data: Float32Array): void {
  const n = data.length;
  fillUniform32(data, 0, n);
  for (let i = 0; i + 16 <= n; i += 16) normalBlock32(data, i);
  if (n % 16 !== 0) {
    fillUniform32(data, n - 16, n);
    normalBlock32(data, n - 16);
  }
}

// ---------------------------------------------------------------------------------------------
// glibc tables, as big-endian IEEE-754 bit patterns (16 hex digits per double)
// ---------------------------------------------------------------------------------------------

function decodeDoubles(hex: string): Float64Array {
  const clean = hex.replace(/\s+/g, "");
  const out = new Float64Array(clean.length / 16);
  const view = new DataView(new ArrayBuffer(8)); // big-endian by default
  for (let i = 0; i < out.length; i++) {
    view.setUint32(0, parseInt(clean.slice(16 * i, 16 * i + 8), 16));
    view.setUint32(4, parseInt(clean.slice(16 * i + 8, 16 * i + 16), 16));
    out[i] = view.getFloat64(0);
  }
  return out;
}

/** __log_data: ln2hi, ln2lo, poly A[0..4], poly1 B[0..10], tab[128] = {invc, logc}. */
const LOG_DATA: Float64Array = decodeDoubles(`
  3fe62e42fefa38003d2ef35793c76730bfe00000000000013fd555555551305bbfcfffffffeb45903fc999b324f10111
  bfc55575e506c89fbfe00000000000003fd5555555555577bfcffffffffffdcb3fc999999995dd0cbfc55555556745a7
  3fc24924a344de30bfbfffffa4423d653fbc7184282ad6cabfb999eb43b068ff3fb78182f7afd085bfb5521375d145cd
  3ff734f0c3e0de9fbfd7cc7f79e690003ff713786a2ce91fbfd76feec20d00003ff6f26008fab5a0bfd713e31351e000
  3ff6d1a61f138c7dbfd6b85b382878003ff6b1490bc5b4d1bfd65d55908078003ff69147332f0cbabfd602d076180000
  3ff6719f18224223bfd5a8ca869090003ff6524f99a51ed9bfd54f43560350003ff63356aa8f24c4bfd4f637c36b4000
  3ff614b36b9ddc14bfd49da7fda850003ff5f66452c65c4cbfd445923989a8003ff5d867b5912c4fbfd3edf439b0b800
  3ff5babccb5b90debfd396ce448f70003ff59d61f2d91a78bfd3401e17bda0003ff5805612465687bfd2e9e2ef468000
  3ff56397cee76bd3bfd2941b3830e0003ff54725e2a77f93bfd23ec58cda88003ff52aff42064583bfd1e9e129279000
  3ff50f22dbb2bddfbfd1956d2b48f8003ff4f38f4734ded7bfd141679ab9f8003ff4d843cfde2840bfd0edd094ef9800
  3ff4bd3ec078a3c8bfd09aa518db10003ff4a27fc3e0258abfd047e65263b8003ff4880524d48434bfcfeb224586f000
  3ff46dce1b192d0bbfcf474a7517b0003ff453d9d3391854bfcea4443d1030003ff43a2744b4845abfce020d44e9b000
  3ff420b54115f8fbbfcd60a22977f0003ff40782da3ef4b1bfccc001049590003ff3ee8f5d57fe8fbfcc202956891000
  3ff3d5d9a00b4ce9bfcb81178d8110003ff3bd60c010c12bbfcae2c9ccd3d0003ff3a5242b75dab8bfca45402e129000
  3ff38d22cd9fd002bfc9a877681df0003ff3755bc5847a1cbfc90c6d694830003ff35dce49ad36e2bfc87120a645c000
  3ff34679984dd440bfc7d68fb41430003ff32f5cceffcb24bfc73cb83c6270003ff3187775a10d49bfc6a39a9b376000
  3ff301c8373e3990bfc60b3154b7a0003ff2eb4ebb95f841bfc5737d762430003ff2d50a0219a9d1bfc4dc7b8fc23000
  3ff2bef9a8b7fd2abfc4462c51d200003ff2a91c7a0c1babbfc3b08abc8300003ff293726014b530bfc31b996b490000
  3ff27dfa5757a1f5bfc2875490a440003ff268b39b1d3bbfbfc1f3b9f879a0003ff2539d838ff5bdbfc160c8252ca000
  3ff23eb7aac9083bbfc0ce7f57f720003ff22a012ba940b6bfc03cdc49fea0003ff2157996cc4132bfbf57bdbc4b8000
  3ff201201dd2fc9bbfbe3708964040003ff1ecf4494d480bbfbd17983ef940003ff1d8f5528f6569bfbbf9674ed8a000
  3ff1c52311577e7cbfbadc79202f60003ff1b17c74cb26e9bfb9c0c3e72880003ff19e010c2c1ab6bfb8a646b372c000
  3ff18ab07bb670bdbfb78d01b3ac00003ff1778a25efbcb6bfb674f1453800003ff1648d354c31dabfb55e0e6d878000
  3ff151b990275fddbfb4485cdea1e0003ff13f0ea432d24cbfb333d94d6aa0003ff12c8b7210f9dabfb22079f8c56000
  3ff11a3028ecb531bfb10e46986220003ff107fbda8434afbfaffa6c6ad200003ff0f5ee0f4e6bb3bfadda8d4a774000
  3ff0e4065d2a9fcebfabbcece48500003ff0d244632ca521bfa9a1894012c0003ff0c0a77ce2981abfa788583302c000
  3ff0af2f83c636d1bfa5715e67d680003ff09ddb98a01339bfa35c8a496580003ff08cabaf52e7dfbfa149e364154000
  3ff07b9f2f4e28fbbf9e72c082eb80003ff06ab58c358f19bf9a55f1525280003ff059eea5ecf92cbf963d62cf818000
  3ff04949cdd12c90bf9228fb8caa00003ff038c6c6f0ada9bf8c317b20f900003ff02865137932a9bf8419355daa0000
  3ff0182427ea7348bf781203c2ec00003ff008040614b195bf600409792400003fefe01ff726fa1a3f6feff384900000
  3fefa11cc261ea743f87dc41353d00003fef6310b081992e3f93cea3c4c280003fef25f63ceeadcd3f9b9fc114890000
  3feee9c8039113e73fa1b0d8ce1100003feeae8078cbb1ab3fa58a5bd001c0003fee741aa29d0c9b3fa95c8340d88000
  3fee3a91830a99b53fad276aef5780003fee01e009609a563fb07598e598c0003fedca01e577bb983fb253f5e30d2000
  3fed92f20b7c91033fb42edd8b3800003fed5cac66fb5cce3fb606598757c0003fed272caa5ede9d3fb7da76356a0000
  3fecf26e3e6b2ccd3fb9ab434e1c60003fecbe6da2a779023fbb78c7bb0d60003fec8b266d37086d3fbd431332e72000
  3fec5894bd5d58043fbf0a3171de60003fec26b533bb9f8c3fc067152b9140003febf583eeece73f3fc147858292b000
  3febc4fd75db96c13fc2266ecdca30003feb951e0c864a283fc303d7a6c550003feb65e2c5ef3e2c3fc3dfc33c331000
  3feb374867c9888b3fc4ba366b7a80003feb094b211d304a3fc5933928d1f0003feadbe885f2ef7e3fc66acd2418f000
  3feaaf1d31603da23fc740f8ec6690003fea82e63fd358a73fc815c0f51af0003fea5740ef09738b3fc8e92954f68000
  3fea2c2a90ab4b273fc9bb3602f840003fea01a01393f2d13fca8bed1c2c00003fe9d79f24db3c1b3fcb5b515c01d000
  3fe9ae2505c7b1903fcc2967ccbcc0003fe9852ef297ce2f3fccf635d54860003fe95cbaeea44b753fcdc1bd3446c000
  3fe934c69de748383fce8c01b8cfe0003fe90d4f2f6752e63fcf5509c01790003fe8e6528effd79d3fd00e6c121fb800
  3fe8bfce9fcc007c3fd071b80e93d0003fe899c0dabec30e3fd0d46b9e8670003fe87427aa2317fb3fd13687334bd000
  3fe84f00acb39a083fd1980d672348003fe82a49e8653e553fd1f8ffe0cc80003fe8060195f402603fd2595fd7636800
  3fe7e22563e0a3293fd2b9300914a8003fe7beb377dcb5ad3fd31872104360003fe79baa679725c23fd377266dec1800
  3fe77907f21706573fd3d54ffbaf30003fe756cadbd6130c3fd432eee32fe000
`);

/** __sincostab: 110 entries of {sin hi, sin lo, cos hi, cos lo} at multiples of 1/128. */
const SINCOS_TABLE: Float64Array = decodeDoubles(`
  000000000000000000000000000000003ff000000000000000000000000000003f7fffeaaaaeeeefbc1e45e2ec67b77c
  3fefffc0001555523c8f4a01a0196dae3f8fffaaaaeeeed5bc02ab639a9f07773fefff000155549f3c828a28a03a5ef3
  3f97ff70010332553bfefe2b515273363feffdc006bff7e63c8ae6dae86977bd3f9ffeaaaeeee86fbc3cd406fb224ae2
  3feffc00155527d3bc83b54492d89b5b3fa3feb2b12d45d53c34ec54203d1c113feff9c03414a7ba3c6991f4be6c59bf
  3fa7fdc01032fba9bc4599bdf46e997a3feff7006bfdf99fbc78b3b560648d5f3fabfc6d78586dac3c18e4fd03dbf236
  3feff3c0c8103a313c74856dbddc0e663faffaaaeeed4edbbc42d16d32684b693feff0015549f4d33c8328387b99426f
  3fb1fc343d808befbc5f3d32e6f3be4f3fefebc222a8ef9f3c57934934f54c773fb3facb12d1755bbc5921915299468c
  3fefe7034129ef6fbc6cbf4337c96f973fb5f911fd10b737bc50184f02be91023fefe1c4c3c873ebbc35a9c9057c4a02
  3fb7f701032550e43c3afc2d1800501a3fefdc06bf7e6b9b3c831902b535f8db3fb9f4902d55d1f93c52696d7eac1dc1
  3fefd5c94b43e000bc62e768cb4f92f93fbbf1b78568391d3c5e91841dea4cc83fefcf0c800e99b13c6ea3d786d186ac
  3fbdee6f16c1cce6bc450f8e2fb716733fefc7d078d1bc883c8075d2447db6853fbfeaaeee86ee36bc4afcb2bcc6f03b
  3fefc015527d5bd33c8b68f35094efb83fc0f3378ddd71d13c6d8468724f0f9e3fefb7db2bfe06953c821dadf4f65ab1
  3fc1f0d3d7afceafbc66ef95099769a53fefaf22263c4bd3bc552ace133a27693fc2ee285e4ab88fbc6e4d0f05dee058
  3fefa5ea641c36f23c404da6ed17cc7c3fc3eb312c5d66cb3c647d666b66cb913fef9c340a7cc4283c8c5b6b063b7462
  3fc4e7ea4dc5f27b3c5949db2ac072fc3fef91ff40374d01bc67d03f4d3a9e4c3fc5e44fcfa126f3bc66f443063f89b6
  3fef874c2e1eecf6bc8c6514e1332b163fc6e05dc05a4d4cbbd32c5c8b81c9403fef7c1afeffde24bc78f55bc47540b1
  3fc7dc102fbaf2b53c45ab50e23c97c33fef706bdf9ece1cbc8698c80c36dcb43fc8d7632efaa944bc620fa262cbb953
  3fef643efeb82acd3c76b00ac1fe28ac3fc9d252d0cec3123c59c43d80b1137d3fef57948cff67973c6e3a0d3e03b1d5
  3fcaccdb297a0765bc59883b57d6cdeb3fef4a6cbd1e3a793c813df0edaebb573fcbc6f84edc61993c69c1a56a7b0cab
  3fef3cc7c3b3d16ebc621a3ad28a34943fccc0a6588289a3bc6868d09bc87c6b3fef2ea5d753ffed3c8cc4215f56d583
  3fcdb9e15fb5a5d0bc632e20d6cc6fc23fef20073086649f3c7b940416c1984b3fceb2a57f8ae5a3bc60be06af572ceb
  3fef10ec09c5873b3c8d9072762c12833fcfaaeed4f31577bc615d88508e32b83fef01549f7deea13c8d3c1e99e5cafd
  3fd0515cbf65155cbc79b8c29dfd8ec83feef141300d2f26bc82aa1b08ded3723fd0cd00cef36436bc79fb0a0c93e2b5
  3feee0b1fbc0f11cbc4bfd2380bbc3b13fd14861aa94ddebbc6be881b5b615a43feecfa744d5efa1bc556d0a4af541d0
  3fd1c37d64c6b8763c746076fe0dcff53feebe214f76efa8bc802f9f12ba543e3fd23e52111aaf36bc74f080334eff18
  3feeac2061bbaf4f3c62c1d53e94658d3fd2b8ddc43eb49f3c61553899f2d8073fee99a4c3a7cd83bc82264b1bc53ce8
  3fd3331e94049f873c7e0cb6b40c302c3fee86aebf29a9ed3c89397afdbb58a73fd3ad129769d3d83c003d5504878398
  3fee733ea0193d40bc86428b3546ce133fd426b7e69ee697bc7f09c75705c59f3fee5f54b436e9d03c87eb0fd02fc8bc
  3fd4a00c9b0f3d203c7823ba6bb08ead3fee4af14b2a449cbc868ca02e8a68333fd5190ecf68a77a3c7b357155eef0f3
  3fee3614b680d6a5bc727793aa0152373fd591bc9fa2f5973c67c74bac3fe0cb3fee20bf49acd6c1bc5660aec7ef636c
  3fd60a14290787753c5b1fd80ba891333fee0af15a03dbce3c5fe8e702771ae63fd682138a38d7f7bc7d889202444aad
  3fedf4ab3ebd875ebc8e2d8a7e6736c43fd6f9b8e33a02553c742bc14ee9da0d3feddded50f228d6bc6e80c8d42ba2bf
  3fd7710255764214bc66ead7314bb6ce3fedc6b7eb9959123c54b364776dcd353fd7e7ee03c86d4ebc7b63bcdabf5af2
  3fedaf0b6b888e833c8a249e2b5e5cea3fd85e7a128269493c78a40e9b5face03fed96e82f71a9dc3c8ff61bd5d2039d
  3fd8d4a4a774992f3c744a02ea7663263fed7e4e97e17b4abc63b770352bed943fd94a6be9f546c5bc769ce13e683f58
  3fed653f073e4040bc876236434bec373fd9bfce02e805103c709e39a320b0a43fed4bb9e1c619e03c8f34bb77858f61
  3fda34c91cc50ccabc5a310e3b50cecd3fed31bf8d8d7c063c7e60dd3089cbdd3fdaa95b63a09277bc66293eb13c0381
  3fed1750727d94f03c80d52b1ec1a48e3fdb1d8305321617bc7ae242cb99f5193fecfc6cfa52ad9f3c88b5b5508f2a0d
  3fdb913e30dbac43bc7e38ad2f6c3ff13fece115909a82e53c81f139bb31109a3fdc048b17b140a33c619fe6757e9fa7
  3fecc54aa2b2972e3c64ee162ba83a983fdc7767ec7fd19ebc5eb14d1a3d58263feca90c9fc67d0bbc646a81485e3462
  3fdce9d2e3d4a51fbc62fc8a12dae2983fec8c5bf8ce1a843c7ab3d1a15901233fdd5bca340476613c728a44a75fc29c
  3fec6f39208be53bbc8741dbfbaadb423fddcd4c15329c9a3c70d4c6e171fd9a3fec51a48b8b175ebc61bbb43b9aa880
  3fde3e56c1582a69bc50a4821099f88f3fec339eb01ddd81bc8caaf5ee82c5c03fdeaee8744b05f0bc5789b43c9b027d
  3fec1528065b7d50bc8892111312e8283fdf1eff6bc4f97b3c717212f8a7525c3febf641081e75363c8b7bd71628a9a1
  3fdf8e99e76abc973c59d950af2d00a33febd6ea310294f53c731bbcc88c109d3fdffdb628d2f57a3c6f4a992e905b6a
  3febb723fe630f323c772bd2452d0a393fe0362939c69955bc82d8cd78397b013feb96eeef58840e3c545a3cc78fade0
  3fe06d3686946e5b3c83f5ae4538ff1b3feb764b84b704c2bc8f5848c21b389b3fe0a4021e9e1001bc86f643a13914f6
  3feb553a410c104e3c58ff7947027a163fe0da8b26b5672ebc8a58def0bee9093feb33bba89c89483c8ea6a51d1f6ca9
  3fe110d0c4b69c3b3c8d9189988099813feb11d04162a4c63c71dd561efbc0c23fe146d21f8b7f823c7bf9535e2739a8
  3feaef78930bd275bc7f836279746f943fe17c8e5f2eedb03c635e57102e24883feaccb526f69de53c88fb6a8dd6b6cc
  3fe1b204acb02fddbc5f190c70cbb5ff3feaa98688308913bc0b83d607cd50703fe1e7343236574c3c722a3fa4f41d5a
  3fea85ed4373e02d3c69be06385ec7923fe21c1c1b0394cf3c5e5b324b23aa313fea61e9e72586af3c858330e2fd453f
  3fe250bb93788bbb3c7ea3d02457bcce3fea3d7d0352bdcfbc868dbaeca196693fe28511c917a067bc801df1d9a16b70
  3fea18a729aee4453c395e25736c03583fe2b91dea88421ebc8fa371db216ab03fe9f368ed912f85bc81d200c5791606
  3fe2ecdf279a30823c8d3557e0e7e37e3fe9cdc2e3f25e5c3c83f99112993f623fe32054b148bc4f3c8f6b42095a135b
  3fe9a7b5a36a65143c8722cfcc9fa7a93fe3537db9be03673c6b327e7af040f03fe98141c42e13103c8d1ff80488f08d
  3fe386597456282bbc710fada93b07a83fe95a67e00cb1fdbc80befda21f862d3fe3b8e715a2840abc797653a7d2f07b
  3fe93328926d9e92bc8bb77003600cda3fe3eb25d36cd53abc5be570e1570fc03fe90b84784ddaf7bc70feb10ab93b87
  3fe41d14e4ba67903c84608fd287ecf53fe8e37c303d9ad1bc6463a4b53d4bf83fe44eb381cf386bbc83ed6c1e6a5505
  3fe8bb105a5dc9003c8863e03e9474c13fe48000e431159fbc8b194a7463ed103fe89241985d871f3c8c48d9c413ed84
  3fe4b0fc46aab7613c20da05738cc59a3fe869108d77a6c63c7338ffe2bfe9dd3fe4e1a4e54ed51bbc8a492f89b7c76a
  3fe83f7dde701ca0bc4152cf609bc6e83fe511f9fd7b351cbc85c0e861c488313fe8158a31916d5dbc6de8b90b8228de
  3fe541facddbb7243c7232c28520d3913fe7eb362eaa14883c5a1d65a4a5959f3fe571a6966d59b33c5c843b4d0fb198
  3fe7c0827f09e54fbc6c73d6d72aee683fe5a0fc98813a12bc8d82e2b7d4227b3fe7956fcd7f6543bc8ab276e9d45ae4
  3fe5cffc16bf8f0d3c896cb370eb578a3fe769fec655211fbc6827d5cf8c68c53fe5fea4552a9e573c80b6cef7ee20b7
  3fe73e30174efba1bc65d3ae3d94ad5f3fe62cf49921ac79bc8edd9855b6241a3fe712046fa776783c8425b0a5029c81
  3fe65aec2963e7553c8126f96b71053c3fe6e57c800cf55e3c860286dedbd0a63fe6888a4e134b2fbc86b7d37644d5e6
  3fe6b898fa9efb5d3c715ac786ccf4b23fe6b5ce50b7821abc65d5158f702e0f3fe68b5a92eb6253bc89a91ad985f89c
  3fe6e2b77c40bde1bc70e729857fad533fe65dc1fdeb8cbabc597c1b47337c773fe70f451d0a8c403c697ede3885770d
  3fe62fcff20191c73c6d9143895756ef3fe73b7680dea578bc72248306dc12a23fe6018526f563df3c846ca5e0e432d0
  3fe7674af6f7b5243c7e9d3f94ac84a83fe5d2e255f1f17a3c80314104c8892b3fe792c1d0041d52bc8abf05eeb354eb
  3fe5a3e8398240773c8428aa2759be623fe7bdda5e28b3c23c4ad1197ccd03933fe574978d8e83f23c8f4714af282d23
  3fe7e893f50379593c80eefbaa650c4c3fe544f10f592ca5bc8e7ae8e6c7a62f3fe812ede9ae4ba4bc87830adf402dda
  3fe514f57d7bf3da3c747a108073c259
`);
