/**
 * PyTorch 1.13's CPU default generator: the MT19937 engine behind `torch.manual_seed`,
 * `torch.rand` and `torch.randn`, for float32 and float64 (and the draws of `randint`,
 * `multinomial` and `nn.init`, which take their words from it).
 *
 * - The engine, its seeding and `rand` are bit-identical to torch: after the same seed, the same
 *   numbers, for either dtype, in any sequence of calls.
 * - `randn` follows torch's sampling structure exactly: the same uniforms drawn in the same
 *   order, the same Box–Muller pairing, the scalar path (fewer than 16 elements) with its cached
 *   second sample, and the blocks of 16 with the recomputed tail for larger tensors. So the
 *   generator stays in step with torch after any mix of `rand` and `randn` calls, and each
 *   normal is computed from the same uniforms as torch's. The values themselves agree only to
 *   the last bits, because torch evaluates `log`, `sin` and `cos` with other implementations
 *   than JavaScript's `Math`: glibc for float64 and for float32 below 16 elements, AVX2
 *   single-precision approximations for float32 from 16 elements. Measured against torch 1.13
 *   over 1.2 * 10^7 samples per dtype and path:
 *   - float64 (both paths): within 3 ulp (relative difference at most 1.92 * 2^-52); about 1
 *     value in 600 differs at all.
 *   - float32 below 16 elements: no difference seen. torch computes these in double and rounds
 *     once, as done here, so only a double result right at a float32 rounding boundary could
 *     round differently (by 1 ulp).
 *   - float32 from 16 elements: within 3 ulp for |x| >= 1e-6 and 5 ulp below (2e-13 absolute);
 *     about 4 values in 10 differ. (Computed in double, except that the angle is rounded to
 *     float32 as torch rounds it; an angle kept in double would put results up to 2e-6 apart.)
 *
 * @module
 */

// ---------------------------------------------------------------------------------------------
// MT19937 engine
// ---------------------------------------------------------------------------------------------

// Parameters of MT19937 (Matsumoto & Nishimura, 1998): degree n, middle offset m, the twist
// matrix's last row, the seeding multiplier and the tempering masks.
const STATE_WORDS = 624;
const SHIFT_WORDS = 397;
const TWIST_XOR = 0x9908b0df;
const SEED_MULTIPLIER = 1812433253;
const TEMPER_B = 0x9d2c5680;
const TEMPER_C = 0xefc60000;
const TWO_POW_64 = 1n << 64n;

const state = new Uint32Array(STATE_WORDS);
/** Words of `state` already handed out; a full count means the state must be regenerated. */
let used = STATE_WORDS;
/** Seed in force; undefined until first use, so an unseeded process seeds lazily. */
let currentSeed: bigint | undefined;
/** torch's next_double_normal_sample: the sine half kept for the next scalar randn. */
let cachedNormal = 0;
let hasCachedNormal = false;

function seedEngine(seed: bigint): void {
  currentSeed = seed;
  hasCachedNormal = false;
  // torch reports the full 64-bit seed from initial_seed(), but seeds MT19937 with its low
  // 32 bits. Each further word is f * (w ^ (w >> 30)) + i of the previous word w, mod 2^32.
  let word = Number(seed & 0xffffffffn);
  state[0] = word;
  for (let i = 1; i < STATE_WORDS; i++) {
    word = (Math.imul(SEED_MULTIPLIER, word ^ (word >>> 30)) + i) >>> 0;
    state[i] = word;
  }
  used = STATE_WORDS; // regenerate before the first output, as torch does
}

function ensureSeeded(): void {
  if (currentSeed === undefined) {
    // torch seeds its default CPU generator from a non-deterministic 64-bit value.
    const words = crypto.getRandomValues(new Uint32Array(2));
    seedEngine((BigInt(words[0]) << 32n) | BigInt(words[1]));
  }
}

/**
 * Replaces all 624 words by the next 624 terms of the recurrence
 * x[k+n] = x[k+m] ^ twist(top bit of x[k] joined to the low 31 bits of x[k+1]),
 * where twist(y) = y >>> 1, xored with TWIST_XOR when y is odd. Updating in place in index
 * order is exactly the recurrence: once a word is replaced it holds the newer term, which is
 * what later positions (k+m and k+1 wrapping past the end) must read.
 */
function regenerate(): void {
  let ahead = SHIFT_WORDS;
  for (let k = 0; k < STATE_WORDS; k++) {
    const joined = (state[k] & 0x80000000) | (state[k + 1 < STATE_WORDS ? k + 1 : 0] & 0x7fffffff);
    state[k] = state[ahead] ^ (joined >>> 1) ^ (TWIST_XOR & -(joined & 1)); // no branch
    if (++ahead === STATE_WORDS) ahead = 0;
  }
  used = 0;
}

/** The next tempered 32-bit output, as a signed int32 (callers mask the bits they need). */
function nextWord(): number {
  if (used === STATE_WORDS) regenerate();
  let y = state[used++];
  y ^= y >>> 11;
  y ^= (y << 7) & TEMPER_B;
  y ^= (y << 15) & TEMPER_C;
  return y ^ (y >>> 18);
}

const TWO_POW_M24 = 2 ** -24;
const TWO_POW_M53 = 2 ** -53;
const TWO_POW_32 = 2 ** 32;

/** torch's double uniform: the low 53 bits of the 64-bit (first word << 32 | second word). */
function nextUniform64(): number {
  const high = nextWord() & 0x1fffff;
  const low = nextWord() >>> 0;
  return (high * TWO_POW_32 + low) * TWO_POW_M53;
}

/** Fills out[from, to) with torch's float uniforms: the low 24 bits of one word each. */
function fillUniform32(out: Float32Array, from: number, to: number): void {
  for (let i = from; i < to; i++) out[i] = (nextWord() & 0xffffff) * TWO_POW_M24; // exact
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
 * @example Same numbers as `torch.manual_seed(0); torch.rand(3)`
 * ```ts
 * import { manual_seed, rand } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * assert.deepEqual(rand(3).tolist(), [0.49625658988952637, 0.7682217955589294, 0.08847743272781372]);
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
 * ```ts
 * import { initial_seed, manual_seed } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(2n ** 40n);
 * assert.equal(initial_seed(), 1099511627776n);
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
 * @example Same values as `torch.manual_seed(0); torch.rand(2, dtype=torch.float64)`
 * ```ts
 * import { fillUniform, manual_seed } from "./random.ts";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const a = new Float64Array(2);
 * fillUniform(a);
 * assert.deepEqual([...a], [0.9700530018065531, 0.707819864399788]);
 * ```
 */
export function fillUniform(out: Float32Array | Float64Array): void {
  ensureSeeded();
  if (out instanceof Float32Array) fillUniform32(out, 0, out.length);
  else fillUniform64(out, 0, out.length);
}

/**
 * Fills `out` in place with N(0, 1) samples drawn the way `torch.randn` draws them for that
 * dtype and length. Below 16 elements each value comes from the scalar Box–Muller sampler
 * (in double precision for both dtypes), which returns the cosine half and caches the sine half
 * for the next scalar draw; the cache survives across calls, is ignored by the 16+ path, and is
 * cleared by {@link manual_seed}. From 16 elements the buffer is first filled with uniforms,
 * transformed in blocks of 16 (element j pairs with j + 8), and, when the length is not a
 * multiple of 16, the last 16 elements are redrawn and transformed again. The uniforms consumed
 * are exactly torch's; the values match torch's to the last bits (see the module doc).
 *
 * @param out The buffer to fill; its type selects the dtype.
 * @returns Nothing; `out` is overwritten.
 *
 * @example Close to `torch.manual_seed(0); torch.randn(3, dtype=torch.float64)`
 * ```ts
 * import { fillNormal, manual_seed } from "./random.ts";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const a = new Float64Array(3);
 * fillNormal(a);
 * const torch = [1.5409961082440433, -0.2934289057609464, -2.1787893820745574];
 * for (let i = 0; i < 3; i++) assert.ok(Math.abs(a[i] - torch[i]) < 1e-15);
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
// randn: Box–Muller in double precision with Math.log/sin/cos
// ---------------------------------------------------------------------------------------------

const TWO_PI = 2 * Math.PI;

/** torch's normal_distribution<double> with mean 0, std 1 (every dtype below 16 elements). */
function scalarNormal(): number {
  if (hasCachedNormal) {
    hasCachedNormal = false;
    return cachedNormal + 0; // torch returns value * std + mean: -0 becomes +0
  }
  const u1 = nextUniform64();
  const u2 = nextUniform64();
  // torch 1.13 takes log(1 - u2) (later versions switched to log1p(-u2)); 1 - u2 is exact.
  const radius = Math.sqrt(-2 * Math.log(1 - u2));
  const theta = TWO_PI * u1;
  cachedNormal = radius * Math.sin(theta);
  hasCachedNormal = true;
  return radius * Math.cos(theta) + 0;
}

/**
 * Box–Muller over data[at, at + 16): element j (< at + 8) gives the radius from log(1 - u),
 * element j + 8 the angle; j receives the cosine half, j + 8 the sine half.
 */
function normalBlock64(data: Float64Array, at: number): void {
  for (let j = at; j < at + 8; j++) {
    const radius = Math.sqrt(-2 * Math.log(1 - data[j])); // 1 - u is exact
    const theta = TWO_PI * data[j + 8];
    data[j] = radius * Math.cos(theta) + 0; // + 0: torch adds the mean, turning -0 into +0
    data[j + 8] = radius * Math.sin(theta) + 0;
  }
}

const TWO_PI_F32 = Math.fround(TWO_PI);

/**
 * The float32 block. torch works in single precision here; this computes in double and rounds
 * once on the store, except for the angle: torch multiplies u by 2 pi rounded to float32 and
 * rounds the product to float32, and doing the same keeps the angle, hence the result, within a
 * few ulp of torch's (an angle in double would differ by up to 4e-7 radians, i.e. up to 2e-6 in
 * the result and far more than a few ulp near zero).
 */
function normalBlock32(data: Float32Array, at: number): void {
  for (let j = at; j < at + 8; j++) {
    const radius = Math.sqrt(-2 * Math.log(1 - data[j])); // 1 - u is exact
    const theta = Math.fround(TWO_PI_F32 * data[j + 8]);
    data[j] = radius * Math.cos(theta) + 0;
    data[j + 8] = radius * Math.sin(theta) + 0;
  }
}

/** torch's normal_fill: uniforms first, Box–Muller over blocks of 16, tail redrawn and redone. */
function normalFill64(data: Float64Array): void {
  const n = data.length;
  fillUniform64(data, 0, n);
  for (let i = 0; i + 16 <= n; i += 16) normalBlock64(data, i);
  if (n % 16 !== 0) {
    fillUniform64(data, n - 16, n);
    normalBlock64(data, n - 16);
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
// Raw draws for randint and multinomial
// ---------------------------------------------------------------------------------------------

/**
 * The next 32-bit output of the engine as an unsigned integer, torch's `generator->random()`
 * (what `randint` reduces modulo its range).
 *
 * @returns An integer in [0, 2^32).
 */
export function randomWord(): number {
  ensureSeeded();
  return nextWord() >>> 0;
}

/**
 * torch's `generator->random64()`: two 32-bit outputs joined, the first as the high half.
 *
 * @returns An integer in [0, 2^64).
 */
export function randomWord64(): bigint {
  ensureSeeded();
  const high = BigInt(nextWord() >>> 0);
  const low = BigInt(nextWord() >>> 0);
  return (high << 32n) | low;
}

/**
 * torch's `uniform_real_distribution<double>(0, 1)`: 53 random bits from `random64()`, the
 * draw behind `multinomial`'s samples and its exponential keys.
 *
 * @returns A double in [0, 1).
 */
export function uniformDouble(): number {
  ensureSeeded();
  return nextUniform64();
}
