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

import { isOptionsObject } from "./args.ts";
import { checkDevice, type DeviceClass } from "./device.ts";
import { describe as describeValue } from "./dtype.ts";
import { contiguousData, fromData, Tensor } from "./tensor.ts";

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
/** torch's `default_rng_seed_val`: the seed of a new `torch.Generator()`. */
const DEFAULT_SEED = 67280421310721n;
/** Bytes of torch's CPUGeneratorImplState (what get_rng_state returns). */
export const RNG_STATE_BYTES = 5056;

/**
 * A pseudo-random generator: PyTorch 1.13's CPU generator (MT19937 with torch's seeding, its
 * cached Box–Muller sample and its state layout), like `torch.Generator`. Make one with
 * {@linkcode Generator}; the global one behind `manual_seed` is {@linkcode default_generator}.
 */
export class RandomGenerator {
  /** The engine's 624 words. */
  readonly state: Uint32Array = new Uint32Array(STATE_WORDS);
  /** torch's mt19937 `left_`: draws until the words are regenerated, plus one. */
  left = 1;
  /** torch's mt19937 `next_`: the next word to hand out. */
  next = 0;
  /** Seed in force; undefined until first use, so the default generator seeds lazily. */
  seedValue: bigint | undefined;
  /** torch's next_double_normal_sample: the sine half kept for the next scalar normal. */
  cachedNormal = 0;
  /** Whether {@linkcode cachedNormal} holds a sample. */
  hasCachedNormal = false;
  /** torch's next_float_normal_sample (kept in the state; torch 1.13's CPU ops do not use it). */
  cachedFloatNormal = 0;
  /** Whether {@linkcode cachedFloatNormal} holds a sample. */
  hasCachedFloatNormal = false;
  /** The device the generator draws for: always the CPU. */
  readonly device: DeviceClass;

  /**
   * A generator seeded with torch's default seed 67280421310721, like `torch.Generator()`.
   *
   * @param device `"cpu"` (the default); any other device is an error.
   * @param lazySeed Leave it unseeded until first use (the default generator).
   */
  constructor(device?: string | DeviceClass | { device?: string | DeviceClass }, lazySeed = false) {
    const d = isOptionsObject(device) ? device.device : device;
    this.device = checkDevice(d, "Generator()");
    if (!lazySeed) this.seedWith(DEFAULT_SEED);
  }

  /** Seeds the engine as torch's mt19937(seed) and clears the cached normals. */
  seedWith(seed: bigint): void {
    this.seedValue = seed;
    this.hasCachedNormal = false;
    this.hasCachedFloatNormal = false;
    // torch reports the full 64-bit seed from initial_seed(), but seeds MT19937 with its low
    // 32 bits. Each further word is f * (w ^ (w >> 30)) + i of the previous word w, mod 2^32.
    const state = this.state;
    let word = Number(seed & 0xffffffffn);
    state[0] = word;
    for (let i = 1; i < STATE_WORDS; i++) {
      word = (Math.imul(SEED_MULTIPLIER, word ^ (word >>> 30)) + i) >>> 0;
      state[i] = word;
    }
    this.left = 1; // regenerate before the first output, as torch does
    this.next = 0;
  }

  /** Seeds from a non-deterministic 64-bit value when nothing seeded it yet. */
  ensureSeeded(): void {
    if (this.seedValue === undefined) this.seedWith(randomSeed());
  }

  /**
   * Seeds the generator, like `g.manual_seed(seed)`.
   *
   * @param seed A non-negative safe integer or a bigint in [0, 2^64).
   * @returns This generator.
   */
  manual_seed(seed: number | bigint): this {
    this.seedWith(checkSeed(seed));
    return this;
  }

  /**
   * The seed in force, like `g.initial_seed()`.
   *
   * @returns The seed.
   */
  initial_seed(): bigint {
    this.ensureSeeded();
    return this.seedValue as bigint;
  }

  /**
   * Seeds from a non-deterministic 64-bit value, like `g.seed()`.
   *
   * @returns The new seed.
   */
  seed(): bigint {
    const s = randomSeed();
    this.seedWith(s);
    return s;
  }

  /**
   * The generator's state, like `g.get_state()`: torch's 5056-byte CPUGeneratorImplState, byte
   * for byte. torch returns a uint8 tensor; kldiv has no uint8 dtype, so the bytes come as an
   * int64 tensor of shape [5056] (values 0 to 255), which {@linkcode set_state} takes back.
   *
   * @returns The state bytes.
   */
  get_state(): Tensor {
    this.ensureSeeded();
    const bytes = new Uint8Array(RNG_STATE_BYTES);
    const view = new DataView(bytes.buffer);
    view.setBigUint64(0, this.seedValue as bigint, true);
    view.setInt32(8, this.left, true);
    view.setInt32(12, 1, true); // seeded
    view.setBigUint64(16, BigInt(this.next), true);
    for (let i = 0; i < STATE_WORDS; i++) view.setUint32(24 + 8 * i, this.state[i], true);
    // normal_x (5016) and normal_rho (5032) are dummies torch leaves at 0.
    if (this.hasCachedNormal) {
      view.setFloat64(5024, this.cachedNormal, true);
      view.setInt32(5040, 1, true);
    }
    if (this.hasCachedFloatNormal) {
      view.setFloat32(5048, this.cachedFloatNormal, true);
      bytes[5052] = 1;
    }
    return fromData(Float64Array.from(bytes), [RNG_STATE_BYTES], "int64");
  }

  /**
   * Restores a state from {@linkcode get_state} (or torch's `get_rng_state()` bytes), like
   * `g.set_state(state)`.
   *
   * @param new_state The 5056 state bytes: an int64 tensor of values 0 to 255.
   * @returns This generator.
   */
  set_state(new_state: Tensor): this {
    if (!(new_state instanceof Tensor)) {
      throw new TypeError(
        `set_state(): expected a Tensor of state bytes, got ${describeValue(new_state)}`,
      );
    }
    if (new_state.dtype !== "int64" || new_state.dim() !== 1) {
      throw new TypeError(
        `RNG state must be a torch.ByteTensor (in kldiv: the 1-D int64 tensor of bytes get_rng_state() returns), got a ${new_state.dtype} tensor of shape [${
          new_state.shape.join(", ")
        }]`,
      );
    }
    if (new_state.numel() !== RNG_STATE_BYTES) {
      throw new RangeError(
        `Expected a CPUGeneratorImplState of size ${RNG_STATE_BYTES} but found the input RNG state size to be ${new_state.numel()}`,
      );
    }
    const src = contiguousData(new_state);
    const bytes = new Uint8Array(RNG_STATE_BYTES);
    for (let i = 0; i < RNG_STATE_BYTES; i++) {
      const b = src[i];
      if (!Number.isInteger(b) || b < 0 || b > 255) {
        throw new RangeError(`set_state(): state bytes must be integers in [0, 255], got ${b}`);
      }
      bytes[i] = b;
    }
    const view = new DataView(bytes.buffer);
    const left = view.getInt32(8, true);
    const seeded = view.getInt32(12, true);
    const next = Number(view.getBigUint64(16, true) & 0xffffffffn);
    if (seeded !== 1 || left <= 0 || left > STATE_WORDS || next > STATE_WORDS) {
      throw new Error("Invalid mt19937 state");
    }
    this.seedValue = view.getBigUint64(0, true);
    this.left = left;
    this.next = next;
    for (let i = 0; i < STATE_WORDS; i++) this.state[i] = view.getUint32(24 + 8 * i, true);
    this.hasCachedNormal = view.getInt32(5040, true) !== 0;
    this.cachedNormal = this.hasCachedNormal ? view.getFloat64(5024, true) : 0;
    this.hasCachedFloatNormal = bytes[5052] !== 0;
    this.cachedFloatNormal = this.hasCachedFloatNormal ? view.getFloat32(5048, true) : 0;
    return this;
  }

  /**
   * Replaces all 624 words by the next 624 terms of the recurrence
   * x[k+n] = x[k+m] ^ twist(top bit of x[k] joined to the low 31 bits of x[k+1]),
   * where twist(y) = y >>> 1, xored with TWIST_XOR when y is odd. Updating in place in index
   * order is exactly the recurrence: once a word is replaced it holds the newer term, which is
   * what later positions (k+m and k+1 wrapping past the end) must read.
   */
  regenerate(): void {
    const state = this.state;
    let ahead = SHIFT_WORDS;
    for (let k = 0; k < STATE_WORDS; k++) {
      const joined = (state[k] & 0x80000000) |
        (state[k + 1 < STATE_WORDS ? k + 1 : 0] & 0x7fffffff);
      state[k] = state[ahead] ^ (joined >>> 1) ^ (TWIST_XOR & -(joined & 1)); // no branch
      if (++ahead === STATE_WORDS) ahead = 0;
    }
    this.left = STATE_WORDS;
    this.next = 0;
  }

  /** The next tempered 32-bit output, as a signed int32 (callers mask the bits they need). */
  word(): number {
    if (--this.left === 0) this.regenerate();
    let y = this.state[this.next++];
    y ^= y >>> 11;
    y ^= (y << 7) & TEMPER_B;
    y ^= (y << 15) & TEMPER_C;
    return y ^ (y >>> 18);
  }

  /** torch's double uniform: the low 53 bits of the 64-bit (first word << 32 | second word). */
  uniform64(): number {
    const high = this.word() & 0x1fffff;
    const low = this.word() >>> 0;
    return (high * TWO_POW_32 + low) * TWO_POW_M53;
  }

  /** torch's float uniform: the low 24 bits of one word. */
  uniform32(): number {
    return (this.word() & 0xffffff) * TWO_POW_M24;
  }
}

function randomSeed(): bigint {
  // torch seeds its default CPU generator from a non-deterministic 64-bit value.
  const words = crypto.getRandomValues(new Uint32Array(2));
  return (BigInt(words[0]) << 32n) | BigInt(words[1]);
}

function checkSeed(seed: unknown): bigint {
  const expected = "manual_seed expects a non-negative safe integer or a bigint in [0, 2^64)";
  if (typeof seed === "bigint") {
    if (seed < 0n || seed >= TWO_POW_64) {
      throw new Error(`${expected}, received ${describe(seed)}`);
    }
    return seed;
  }
  if (typeof seed === "number") {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      const hint = Number.isInteger(seed) && seed > 0
        ? " (use a bigint for seeds above 2^53-1)"
        : "";
      throw new Error(`${expected}, received ${describe(seed)}${hint}`);
    }
    return BigInt(seed);
  }
  throw new Error(`${expected}, received ${describe(seed)}`);
}

/** `Generator()` or `new Generator()`, like `torch.Generator(device="cpu")`. */
export interface GeneratorConstructor {
  /** A generator seeded with torch's default seed 67280421310721. */
  (device?: string | DeviceClass | { device?: string | DeviceClass }): RandomGenerator;
  /** A generator seeded with torch's default seed 67280421310721. */
  new (device?: string | DeviceClass | { device?: string | DeviceClass }): RandomGenerator;
  /** The prototype of generators (for `instanceof Generator`). */
  readonly prototype: RandomGenerator;
}

/**
 * A pseudo-random generator of its own, like `torch.Generator()` (with or without `new`):
 * torch's CPU generator, seeded with torch's default seed 67280421310721 until
 * `manual_seed`. Random functions take it as `{ generator }`, and draw from it exactly as from
 * the global generator.
 *
 * @example Same numbers as `g = torch.Generator().manual_seed(0); torch.rand(2, generator=g)`
 * ```ts
 * import { Generator, manual_seed, rand } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const g = Generator().manual_seed(0);
 * manual_seed(0);
 * assert.deepEqual(rand(2, { generator: g }).tolist(), rand(2).tolist());
 * assert.equal(Generator().initial_seed(), 67280421310721n);
 * ```
 */
export const Generator: GeneratorConstructor = new Proxy(RandomGenerator, {
  apply: (target, _this, args: unknown[]) =>
    new target(args[0] as string | DeviceClass | undefined),
  construct: (target, args: unknown[]) => new target(args[0] as string | DeviceClass | undefined),
}) as unknown as GeneratorConstructor;

/** A generator, as `torch.Generator`. */
export type Generator = RandomGenerator;

/**
 * The global generator behind `manual_seed`, `rand`, `randn`, ..., like
 * `torch.default_generator`.
 *
 * @example
 * ```ts
 * import { default_generator, manual_seed } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(7);
 * assert.equal(default_generator.initial_seed(), 7n);
 * ```
 */
export const default_generator: RandomGenerator = new RandomGenerator(undefined, true);

/**
 * The generator a random op draws from: `generator` when given, else the default one (seeded
 * on first use).
 *
 * @param generator The op's `generator` argument (null or undefined for the default).
 * @param where The op's name for messages.
 * @returns The generator, seeded.
 */
export function generatorOf(generator: unknown, where: string): RandomGenerator {
  const g = generator === undefined || generator === null ? default_generator : generator;
  if (!(g instanceof RandomGenerator)) {
    throw new TypeError(
      `${where}: generator must be a Generator, got ${describeValue(generator)}`,
    );
  }
  g.ensureSeeded();
  return g;
}

const TWO_POW_M24 = 2 ** -24;
const TWO_POW_M53 = 2 ** -53;
const TWO_POW_32 = 2 ** 32;

/** Fills out[from, to) with torch's float uniforms: the low 24 bits of one word each. */
function fillUniform32(g: RandomGenerator, out: Float32Array, from: number, to: number): void {
  for (let i = from; i < to; i++) out[i] = (g.word() & 0xffffff) * TWO_POW_M24; // exact
}

function fillUniform64(g: RandomGenerator, out: Float64Array, from: number, to: number): void {
  for (let i = from; i < to; i++) out[i] = g.uniform64();
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
 * @returns The global generator, as torch returns it.
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
export function manual_seed(seed: number | bigint): RandomGenerator {
  return default_generator.manual_seed(seed);
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
  return default_generator.initial_seed();
}

/**
 * Seeds the global generator from a non-deterministic value and returns it, like
 * `torch.seed()`.
 *
 * @returns The new seed.
 *
 * @example
 * ```ts
 * import { initial_seed, seed } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const s = seed();
 * assert.equal(initial_seed(), s);
 * ```
 */
export function seed(): bigint {
  return default_generator.seed();
}

/**
 * The global generator's state, like `torch.get_rng_state()`: torch's 5056 state bytes, byte
 * for byte, as an int64 tensor (kldiv has no uint8 dtype), which {@linkcode set_rng_state}
 * takes back.
 *
 * @returns The state bytes, shape [5056].
 *
 * @example Replaying draws
 * ```ts
 * import { get_rng_state, manual_seed, rand, set_rng_state } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const state = get_rng_state();
 * const a = rand(3).tolist();
 * set_rng_state(state);
 * assert.deepEqual(rand(3).tolist(), a);
 * ```
 */
export function get_rng_state(): Tensor {
  return default_generator.get_state();
}

/**
 * Restores the global generator's state, like `torch.set_rng_state(new_state)`.
 *
 * @param new_state Bytes from {@linkcode get_rng_state} (or torch's, as int64).
 * @returns Nothing.
 *
 * @example
 * ```ts
 * import { get_rng_state, randn, set_rng_state } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const state = get_rng_state();
 * const a = randn(2).tolist();
 * set_rng_state(state);
 * assert.deepEqual(randn(2).tolist(), a);
 * ```
 */
export function set_rng_state(new_state: Tensor): void {
  default_generator.set_state(new_state);
}

/**
 * Fills `out` in place with U[0, 1) samples exactly as `torch.rand` does for that dtype:
 * a `Float32Array` gets torch.float32 values (24 random bits, one 32-bit draw each), a
 * `Float64Array` gets torch.float64 values (53 random bits, two 32-bit draws each).
 *
 * @param out The buffer to fill; its type selects the dtype.
 * @param generator The generator (default: the global one).
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
export function fillUniform(
  out: Float32Array | Float64Array,
  generator: RandomGenerator = default_generator,
): void {
  generator.ensureSeeded();
  if (out instanceof Float32Array) fillUniform32(generator, out, 0, out.length);
  else fillUniform64(generator, out, 0, out.length);
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
 * @param generator The generator (default: the global one).
 * @param mean Added to each standard sample (torch's `normal_(mean, std)`). Default 0.
 * @param std Multiplies each standard sample. Default 1.
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
export function fillNormal(
  out: Float32Array | Float64Array,
  generator: RandomGenerator = default_generator,
  mean = 0,
  std = 1,
): void {
  generator.ensureSeeded();
  const n = out.length;
  if (n >= 16) {
    if (out instanceof Float32Array) normalFill32(generator, out, mean, std);
    else normalFill64(generator, out, mean, std);
    return;
  }
  for (let i = 0; i < n; i++) out[i] = scalarNormal(generator) * std + mean;
}

// ---------------------------------------------------------------------------------------------
// randn: Box–Muller in double precision with Math.log/sin/cos
// ---------------------------------------------------------------------------------------------

const TWO_PI = 2 * Math.PI;

/** torch's normal_distribution<double> with mean 0, std 1 (every dtype below 16 elements). */
function scalarNormal(g: RandomGenerator): number {
  if (g.hasCachedNormal) {
    g.hasCachedNormal = false;
    return g.cachedNormal + 0; // torch returns value * std + mean: -0 becomes +0
  }
  const u1 = g.uniform64();
  const u2 = g.uniform64();
  // torch 1.13 takes log(1 - u2) (later versions switched to log1p(-u2)); 1 - u2 is exact.
  const radius = Math.sqrt(-2 * Math.log(1 - u2));
  const theta = TWO_PI * u1;
  g.cachedNormal = radius * Math.sin(theta);
  g.hasCachedNormal = true;
  return radius * Math.cos(theta) + 0;
}

/**
 * One standard normal sample from torch's scalar sampler (`at::normal_distribution<double>`,
 * with its cached second half), the draw behind `normal_` on fewer than 16 elements.
 *
 * @param generator The generator.
 * @returns A sample of N(0, 1).
 */
export function standardNormal(generator: RandomGenerator): number {
  return scalarNormal(generator);
}

/**
 * Box–Muller over data[at, at + 16): element j (< at + 8) gives the radius from log(1 - u),
 * element j + 8 the angle; j receives the cosine half, j + 8 the sine half.
 */
function normalBlock64(data: Float64Array, at: number, mean: number, std: number): void {
  for (let j = at; j < at + 8; j++) {
    const radius = Math.sqrt(-2 * Math.log(1 - data[j])); // 1 - u is exact
    const theta = TWO_PI * data[j + 8];
    // torch adds the mean last, turning -0 into +0
    data[j] = radius * Math.cos(theta) * std + mean;
    data[j + 8] = radius * Math.sin(theta) * std + mean;
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
function normalBlock32(data: Float32Array, at: number, mean: number, std: number): void {
  for (let j = at; j < at + 8; j++) {
    const radius = Math.sqrt(-2 * Math.log(1 - data[j])); // 1 - u is exact
    const theta = Math.fround(TWO_PI_F32 * data[j + 8]);
    data[j] = radius * Math.cos(theta) * std + mean;
    data[j + 8] = radius * Math.sin(theta) * std + mean;
  }
}

/** torch's normal_fill: uniforms first, Box–Muller over blocks of 16, tail redrawn and redone. */
function normalFill64(g: RandomGenerator, data: Float64Array, mean: number, std: number): void {
  const n = data.length;
  fillUniform64(g, data, 0, n);
  for (let i = 0; i + 16 <= n; i += 16) normalBlock64(data, i, mean, std);
  if (n % 16 !== 0) {
    fillUniform64(g, data, n - 16, n);
    normalBlock64(data, n - 16, mean, std);
  }
}

function normalFill32(g: RandomGenerator, data: Float32Array, mean: number, std: number): void {
  const n = data.length;
  fillUniform32(g, data, 0, n);
  for (let i = 0; i + 16 <= n; i += 16) normalBlock32(data, i, mean, std);
  if (n % 16 !== 0) {
    fillUniform32(g, data, n - 16, n);
    normalBlock32(data, n - 16, mean, std);
  }
}

// ---------------------------------------------------------------------------------------------
// Raw draws for randint and multinomial
// ---------------------------------------------------------------------------------------------

/**
 * The next 32-bit output of the engine as an unsigned integer, torch's `generator->random()`
 * (what `randint` reduces modulo its range).
 *
 * @param generator The generator (default: the global one).
 * @returns An integer in [0, 2^32).
 */
export function randomWord(generator: RandomGenerator = default_generator): number {
  generator.ensureSeeded();
  return generator.word() >>> 0;
}

/**
 * torch's `generator->random64()`: two 32-bit outputs joined, the first as the high half.
 *
 * @param generator The generator (default: the global one).
 * @returns An integer in [0, 2^64).
 */
export function randomWord64(generator: RandomGenerator = default_generator): bigint {
  generator.ensureSeeded();
  const high = BigInt(generator.word() >>> 0);
  const low = BigInt(generator.word() >>> 0);
  return (high << 32n) | low;
}

/**
 * torch's `uniform_real_distribution<double>(0, 1)`: 53 random bits from `random64()`, the
 * draw behind `multinomial`'s samples and its exponential keys.
 *
 * @param generator The generator (default: the global one).
 * @returns A double in [0, 1).
 */
export function uniformDouble(generator: RandomGenerator = default_generator): number {
  generator.ensureSeeded();
  return generator.uniform64();
}
