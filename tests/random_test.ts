// Replays tests/fixtures/random.json (written by tools/gen_random_fixtures.py from PyTorch 1.13)
// and checks the generator's specification. Run: deno test --allow-read tests/random_test.ts
import assert from "node:assert/strict";
import { fillNormal, fillUniform, initial_seed, manual_seed } from "../lib/tensor/random.ts";

type DTypeName = "float32" | "float64";
interface Call {
  op: "rand" | "randn" | "manual_seed";
  dtype?: DTypeName;
  size?: number;
  /** This many identical calls, results concatenated. */
  repeat?: number;
  seed?: string;
  /** Every value (small calls). */
  values?: number[];
  /** Large calls: the first and last values, every `stride`-th value, mean and std of all. */
  head?: number[];
  tail?: number[];
  stride?: number;
  strided?: number[];
  mean?: number;
  std?: number;
  /** Large rand calls: SHA-256 of the little-endian IEEE-754 bytes of all values. */
  sha256?: string;
}
interface Case {
  name: string;
  seed: string;
  calls: Call[];
}
interface Fixture {
  torch_version: string;
  cpu_capability: string;
  cases: Case[];
}

const fixture: Fixture = JSON.parse(
  await Deno.readTextFile(new URL("./fixtures/random.json", import.meta.url)),
);

// randn agrees with torch within |ours - torch| <= atol + rtol * |torch|, with atol = rtol / 1000
// so that results near zero are not held to a relative bound. The rtol values sit just above
// the largest differences measured against torch 1.13 (AVX2 build) over 1.2 x 10^7 samples per
// dtype and path (seeds 3, 8 and 11 to 20; the fixture keeps about every 1000th value of the
// first 10^6 per dtype and path). In units of the dtype's machine epsilon eps, the smallest rtol
// that admits every measured value under this rule is:
// - float64, scalar path: 1.92 eps (at most 3 ulp apart); 0.16% of values differ at all.
// - float64, 16+ path: 1.90 eps (at most 2 ulp apart); 0.16% of values differ.
// - float32 below 16 elements: 0, no value differs. torch computes in double and rounds once,
//   as we do, so only a double result right at a float32 rounding boundary could differ.
// - float32 from 16 elements: 2.02 eps (at most 3 ulp apart, 5 ulp below 1e-6 in magnitude);
//   38% of values differ.
const EPS32 = 2 ** -23;
const EPS64 = 2 ** -52;
const RTOL = { float64: 2.5 * EPS64, float32Scalar: EPS32, float32Vector: 2.5 * EPS32 };
// Means and standard deviations of large calls, computed in float64 by numpy and here (in
// another summation order): largest differences in the fixture 8.9e-15 for float64 and 6.2e-9
// for float32. A desync changes them by about 1 / sqrt(n), i.e. 1e-3 for 10^6 values.
const MOMENT_TOL = { float64: 2e-14, float32: 1e-8 };

function randnRtol(dtype: DTypeName, size: number): number {
  if (dtype === "float64") return RTOL.float64;
  return size < 16 ? RTOL.float32Scalar : RTOL.float32Vector;
}

function sample(call: Call): Float32Array | Float64Array {
  const size = call.size as number;
  const repeat = call.repeat ?? 1;
  const make = (n: number) => call.dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  const out = make(size * repeat);
  const part = make(size);
  for (let r = 0; r < repeat; r++) {
    if (call.op === "rand") fillUniform(part);
    else fillNormal(part);
    out.set(part, r * size);
  }
  return out;
}

/** Pairs of (our value, torch's value) that the fixture records for a call. */
function recordedPairs(out: ArrayLike<number>, call: Call): [number, number, string][] {
  const n = out.length;
  const pairs: [number, number, string][] = [];
  if (call.values) {
    assert.equal(n, call.values.length, "length");
    call.values.forEach((e, i) => pairs.push([out[i], e, `index ${i}`]));
    return pairs;
  }
  const { head, tail, stride, strided } = call as Required<Call>;
  assert.equal(strided.length, Math.ceil(n / stride), "number of strided values");
  head.forEach((e, i) => pairs.push([out[i], e, `index ${i}`]));
  tail.forEach((e, i) => pairs.push([out[n - tail.length + i], e, `index ${n - tail.length + i}`]));
  strided.forEach((e, k) => pairs.push([out[k * stride], e, `index ${k * stride}`]));
  return pairs;
}

/** The recorded values that differ from ours by more than the tolerance (0: bit-exact). */
function mismatches(pairs: [number, number, string][], rtol: number): string[] {
  const bad: string[] = [];
  for (const [a, e, where] of pairs) {
    const ok = rtol === 0 ? Object.is(a, e) : Math.abs(a - e) <= rtol / 1000 + rtol * Math.abs(e);
    if (!ok) bad.push(`${where}: ours ${a}, torch ${e}`);
  }
  return bad;
}

function moments(xs: ArrayLike<number>): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i];
  const mean = sum / xs.length;
  let squares = 0;
  for (let i = 0; i < xs.length; i++) squares += (xs[i] - mean) ** 2;
  return { mean, std: Math.sqrt(squares / xs.length) };
}

async function sha256LittleEndian(values: Float32Array | Float64Array): Promise<string> {
  const bytes = new Uint8Array(values.byteLength);
  const view = new DataView(bytes.buffer);
  const width = values.BYTES_PER_ELEMENT;
  for (let i = 0; i < values.length; i++) {
    if (width === 4) view.setFloat32(4 * i, values[i], true);
    else view.setFloat64(8 * i, values[i], true);
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Checks one call's output against the fixture: rand bit for bit, randn within tolerance. */
async function checkCall(out: Float32Array | Float64Array, call: Call, where: string) {
  const exact = call.op === "rand";
  const rtol = exact ? 0 : randnRtol(call.dtype!, call.size!);
  const bad = mismatches(recordedPairs(out, call), rtol);
  const kind = exact ? "bit for bit" : `within rtol ${rtol}`;
  assert.equal(bad.length, 0, `${where}: ${bad.length} values differ ${kind}; ${bad[0]}`);
  if (call.values) return;
  if (exact) {
    assert.equal(await sha256LittleEndian(out), call.sha256, `${where}: SHA-256 of the bytes`);
  } else {
    const tol = MOMENT_TOL[call.dtype!];
    const m = moments(out);
    assert.ok(Math.abs(m.mean - call.mean!) <= tol, `${where}: mean ${m.mean} vs ${call.mean}`);
    assert.ok(Math.abs(m.std - call.std!) <= tol, `${where}: std ${m.std} vs ${call.std}`);
  }
}

function findCase(name: string): Case {
  const found = fixture.cases.find((c) => c.name === name);
  assert.ok(found, `fixture case "${name}"`);
  return found;
}

Deno.test("fixtures come from torch 1.13 with AVX2", () => {
  assert.match(fixture.torch_version, /^1\.13\./);
  assert.equal(fixture.cpu_capability, "AVX2");
});

for (const c of fixture.cases) {
  Deno.test(`follows torch (rand exactly, randn within tolerance): ${c.name}`, async () => {
    manual_seed(BigInt(c.seed));
    for (const [k, call] of c.calls.entries()) {
      if (call.op === "manual_seed") {
        manual_seed(BigInt(call.seed as string));
        continue;
      }
      const where = `call ${k} (${call.op} ${call.dtype} size ${call.size})`;
      await checkCall(sample(call), call, where);
    }
  });
}

Deno.test("randn: a desync of one draw lands far outside the tolerance", () => {
  // One uniform too many (or a cached normal used when torch draws afresh) shifts every later
  // value; the tolerance must catch that, not absorb it.
  const cases: [string, () => void][] = [
    ["randn float32 size 1000000 seed 3", () => fillUniform(new Float32Array(1))],
    ["randn float64 size 1000003 seed 3", () => fillUniform(new Float64Array(1))],
    ["randn float32 size 15 x 66667 calls seed 8", () => fillUniform(new Float64Array(1))],
    ["randn float64 size 15 x 66667 calls seed 8", () => fillNormal(new Float64Array(1))],
    ["randn float32 size 17 seed 0", () => fillUniform(new Float32Array(1))],
    ["randn float64 size 3 seed 42", () => fillNormal(new Float64Array(1))],
  ];
  for (const [name, extraDraw] of cases) {
    const c = findCase(name);
    const call = { ...c.calls[0], repeat: Math.min(c.calls[0].repeat ?? 1, 100) };
    const expected = call.values ?? call.head!; // the leading values
    const rtol = randnRtol(call.dtype!, call.size!);
    const leading = (out: ArrayLike<number>) =>
      expected.map((e, i): [number, number, string] => [out[i], e, `index ${i}`]);
    manual_seed(BigInt(c.seed));
    assert.deepEqual(mismatches(leading(sample(call)), rtol), [], `${name} in step`);
    manual_seed(BigInt(c.seed));
    extraDraw();
    const bad = mismatches(leading(sample(call)), rtol);
    assert.ok(bad.length >= 0.9 * expected.length, `${name}: ${bad.length}/${expected.length}`);
  }
});

Deno.test("randn: the tolerance rejects twice the largest relative difference measured", () => {
  // Measured: 1.92 eps (float64) and 2.02 eps (float32 from 16 elements), see RTOL.
  for (
    const [name, relative] of [
      ["randn float64 size 100 seed 0", 2 * 1.92 * EPS64],
      ["randn float32 size 100 seed 0", 2 * 2.02 * EPS32],
    ] as const
  ) {
    const call = findCase(name).calls[0];
    // Values above 0.01, where the absolute part of the tolerance is negligible.
    const pairs = call.values!.filter((e) => Math.abs(e) > 0.01).map(
      (e, i): [number, number, string] => [e * (1 + relative), e, `value ${i}`],
    );
    assert.ok(pairs.length > 90);
    const bad = mismatches(pairs, randnRtol(call.dtype!, call.size!));
    assert.equal(bad.length, pairs.length, name);
  }
});

Deno.test("MT19937: the 10000th output for seed 5489 is 4123659995 (the C++ standard's check)", () => {
  const check = 4123659995;
  manual_seed(5489);
  const words32 = new Float32Array(10000); // one output each: its low 24 bits
  fillUniform(words32);
  assert.equal(words32[9999] * 2 ** 24, check % 2 ** 24);
  manual_seed(5489);
  const words64 = new Float64Array(5000); // two outputs each: the second is the low 32 bits
  fillUniform(words64);
  assert.equal((words64[4999] * 2 ** 53) % 2 ** 32, check);
});

Deno.test("rand: float32 values are k / 2^24 and float64 values k / 2^53, all in [0, 1)", () => {
  manual_seed(123);
  const a = new Float32Array(20000);
  fillUniform(a);
  for (const v of a) {
    assert.ok(v >= 0 && v < 1);
    assert.ok(Number.isInteger(v * 2 ** 24));
  }
  const b = new Float64Array(20000);
  fillUniform(b);
  let lowBitsSet = false;
  for (const v of b) {
    assert.ok(v >= 0 && v < 1);
    assert.ok(Number.isInteger(v * 2 ** 53));
    if (!Number.isInteger(v * 2 ** 30)) lowBitsSet = true;
  }
  assert.ok(lowBitsSet, "float64 uniforms should use more than float32 precision");
});

Deno.test("randn: plausible N(0, 1) moments on both paths and both dtypes", () => {
  manual_seed(9);
  for (const make of [(n: number) => new Float32Array(n), (n: number) => new Float64Array(n)]) {
    const big = make(100000);
    fillNormal(big);
    const small = make(100000);
    for (let i = 0; i < small.length; i += 10) {
      const chunk = make(10); // scalar Box–Muller path
      fillNormal(chunk);
      small.set(chunk, i);
    }
    for (const xs of [big, small]) {
      for (const v of xs) assert.ok(Number.isFinite(v));
      const { mean, std } = moments(xs);
      assert.ok(Math.abs(mean) < 0.02, `mean ${mean}`);
      assert.ok(Math.abs(std - 1) < 0.015, `std ${std}`);
    }
  }
});

Deno.test("randn: never returns -0 (torch adds the mean 0, which turns -0 into +0)", () => {
  manual_seed(2);
  for (const out of [new Float32Array(4096), new Float64Array(4096), new Float64Array(15)]) {
    fillNormal(out);
    for (const v of out) assert.ok(!Object.is(v, -0));
  }
});

Deno.test("empty buffers draw nothing", () => {
  manual_seed(4);
  fillUniform(new Float32Array(0));
  fillNormal(new Float64Array(0));
  const a = new Float32Array(3);
  fillUniform(a);
  manual_seed(4);
  const b = new Float32Array(3);
  fillUniform(b);
  assert.deepEqual(a, b);
});

Deno.test("manual_seed: number and bigint agree; only the low 32 bits reach MT19937", () => {
  const draw = (seed: number | bigint): Float64Array => {
    manual_seed(seed);
    const out = new Float64Array(8);
    fillUniform(out);
    return out;
  };
  assert.deepEqual(draw(5), draw(5n));
  assert.deepEqual(draw(5), draw(2n ** 32n + 5n));
  assert.notDeepEqual(draw(5), draw(6));
  manual_seed(2n ** 32n + 5n);
  assert.equal(initial_seed(), 2n ** 32n + 5n);
  manual_seed(2n ** 64n - 1n);
  assert.equal(initial_seed(), 2n ** 64n - 1n);
  manual_seed(Number.MAX_SAFE_INTEGER);
  assert.equal(initial_seed(), BigInt(Number.MAX_SAFE_INTEGER));
});

Deno.test("manual_seed: rejects bad seeds, saying what it expected and what it got", () => {
  const bad: [unknown, RegExp][] = [
    [-1, /received -1$/],
    [1.5, /received 1\.5$/],
    [NaN, /received NaN$/],
    [Infinity, /received Infinity$/],
    [2 ** 53, /received 9007199254740992 \(use a bigint/],
    [-1n, /received -1n$/],
    [2n ** 64n, /received 18446744073709551616n$/],
    ["7", /received a value of type string$/],
    [undefined, /received a value of type undefined$/],
  ];
  for (const [seed, message] of bad) {
    assert.throws(
      () => manual_seed(seed as number),
      (e: unknown) => {
        assert.ok(e instanceof Error);
        assert.match(e.message, /expects a non-negative safe integer or a bigint in \[0, 2\^64\)/);
        assert.match(e.message, message);
        return true;
      },
    );
  }
  // A rejected seed leaves the generator alone.
  manual_seed(11);
  const a = new Float32Array(4);
  fillUniform(a);
  manual_seed(11);
  assert.throws(() => manual_seed(-3));
  const b = new Float32Array(4);
  fillUniform(b);
  assert.deepEqual(a, b);
  assert.equal(initial_seed(), 11n);
});

Deno.test("unseeded: a random 64-bit startup seed that initial_seed() reports and manual_seed replays", async () => {
  // torch seeds a fresh process from std::random_device, so there are no torch values to
  // compare with; query strings give fresh module instances that have never been seeded.
  const a = await import("../lib/tensor/random.ts?instance=unseeded-a");
  const b = await import("../lib/tensor/random.ts?instance=unseeded-b");
  const first = new Float64Array(5);
  a.fillUniform(first);
  const normals = new Float64Array(3);
  a.fillNormal(normals);
  const seed = a.initial_seed();
  assert.equal(typeof seed, "bigint");
  assert.ok(seed >= 0n && seed < 2n ** 64n);
  a.manual_seed(seed);
  const replay = new Float64Array(5);
  a.fillUniform(replay);
  const replayNormals = new Float64Array(3);
  a.fillNormal(replayNormals);
  assert.deepEqual(replay, first);
  assert.deepEqual(replayNormals, normals);
  // Two fresh generators share a seed with probability 2^-64.
  assert.notEqual(b.initial_seed(), seed);
});
