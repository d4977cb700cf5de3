/**
 * The fast kernels against the composed reference path they replace.
 *
 * kldiv computes kl_div, softmax and log_softmax three ways: the composed ops that mirror
 * torch ("reference"), fused TypeScript kernels ("ts", bit for bit the reference in practice)
 * and WebAssembly SIMD kernels for float32 and float64 ("wasm", within the parity tolerances).
 * Each case here runs every path on the same data and compares values, grad_fn names and
 * gradients.
 */
import assert from "node:assert/strict";
import { F, no_grad, Tensor } from "../mod.ts";
import { type KernelMode, WASM_MIN_ELEMENTS, withKernelMode } from "../lib/kernels/mode.ts";
import { expDouble, logNormalF32 } from "../lib/kernels/fastmath.ts";
import { fusedKlDiv } from "../lib/kernels/kl_div.ts";
import { wasmKernels, wasmLogSoftmaxBackwardScaled, wasmMath } from "../lib/kernels/wasm.ts";
import type { Reduction } from "../lib/nn/kl_div.ts";
import { mulberry32 } from "../tools/mulberry32.ts";
import { elems } from "./values.ts";

type DType = "float32" | "float64";

function filled(shape: number[], dtype: DType, value: (i: number) => number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const a = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = value(i);
  return new Tensor(a, shape);
}

const TOL: Record<"float32" | "float64", { rtol: number; atol: number }> = {
  float32: { rtol: 2e-5, atol: 2e-6 },
  float64: { rtol: 1e-10, atol: 1e-10 },
};

/** Same shape and dtype; NaN where NaN, equal infinities; values equal (exact) or close. */
function assertSame(got: Tensor, want: Tensor, exact: boolean, what: string): void {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  const { rtol, atol } = TOL[want.dtype as "float32" | "float64"];
  for (let i = 0; i < want.toTypedArray().length; i++) {
    const g = elems(got)[i];
    const w = elems(want)[i];
    const ok = Number.isNaN(w)
      ? Number.isNaN(g)
      : exact || !Number.isFinite(w)
      ? Object.is(g, w) || (g === w && g !== 0)
      : Math.abs(g - w) <= atol + rtol * Math.abs(w);
    assert.ok(ok, `${what}: element ${i} is ${g}, the reference gives ${w}`);
  }
}

const FAST_MODES: { mode: KernelMode; exact: (dtype: DType) => boolean }[] = [
  // The fused TS kernels round where the composed ops round: same bits.
  { mode: "ts", exact: () => true },
  // WASM differs only through its log/exp (≤ 1 ULP) and the order of its sums.
  { mode: "wasm", exact: () => false },
];

// ---------------------------------------------------------------------------- fast math

Deno.test("logNormalF32 rounds to Math.log's float32 on a sweep of positive normals", () => {
  const bits = new Int32Array(1);
  const f = new Float32Array(bits.buffer);
  let checked = 0;
  for (let b = 0x00800000; b < 0x7f800000; b += 1009) {
    bits[0] = b;
    const want = Math.fround(Math.log(f[0]));
    assert.equal(Math.fround(logNormalF32(b)), want, `log(${f[0]})`);
    checked++;
  }
  // Values next to 1 from both sides, where cancellation would show first.
  for (let b = 0x3f7ff000; b < 0x3f801000; b++) {
    bits[0] = b;
    assert.equal(Math.fround(logNormalF32(b)), Math.fround(Math.log(f[0])), `log(${f[0]})`);
  }
  assert.ok(checked > 2_000_000);
});

Deno.test("expDouble rounds to Math.exp's float32 on a sweep of [-110, 100] and at the edges", () => {
  const bits = new Int32Array(1);
  const f = new Float32Array(bits.buffer);
  for (let b = 0; b < 0x7f800000; b += 1009) {
    for (const sign of [0, 0x80000000 | 0]) {
      bits[0] = b | sign;
      const x = f[0];
      if (!(x > -110 && x < 100)) continue;
      assert.equal(Math.fround(expDouble(x)), Math.fround(Math.exp(x)), `exp(${x})`);
    }
  }
  for (const x of [NaN, Infinity, -Infinity, 0, -0, 88.72, 88.73, -87.5, -103.9, -104, -745, 710]) {
    assert.ok(Object.is(Math.fround(expDouble(x)), Math.fround(Math.exp(x))), `exp(${x})`);
  }
});

Deno.test("the WebAssembly SIMD kernels load here", () => {
  // CI and development machines run Deno with WebAssembly SIMD: the fast path must be there.
  assert.notEqual(wasmKernels(), null);
});

/** Distance in float32 steps (both finite, same sign region). */
function ulps(a: number, b: number): number {
  const v = new Int32Array(new Float32Array([a, b]).buffer);
  const ord = (x: number) => (x < 0 ? -(x & 0x7fffffff) : x);
  return Math.abs(ord(v[0]) - ord(v[1]));
}

Deno.test("WASM vector log and exp are within 1 ULP of the correctly rounded float32", () => {
  const xs: number[] = [];
  const bits = new Int32Array(1);
  const f = new Float32Array(bits.buffer);
  for (let b = 0x00800000; b < 0x7f800000; b += 4099) {
    bits[0] = b;
    xs.push(f[0]);
  }
  const logs = wasmMath("log", Float32Array.from(xs))!;
  let worst = 0;
  for (let i = 0; i < xs.length; i++) worst = Math.max(worst, ulps(logs[i], Math.log(xs[i])));
  assert.ok(worst <= 1, `log: ${worst} ULP`);

  const es: number[] = [];
  for (let b = 0; b < 0x7f800000; b += 4099) {
    for (const sign of [0, 0x80000000 | 0]) {
      bits[0] = b | sign;
      if (f[0] > -110 && f[0] < 100) es.push(f[0]);
    }
  }
  const exps = wasmMath("exp", Float32Array.from(es))!;
  worst = 0;
  for (let i = 0; i < es.length; i++) {
    const want = Math.fround(Math.exp(es[i]));
    worst = Math.max(
      worst,
      Number.isFinite(want) ? ulps(exps[i], want) : exps[i] === want ? 0 : 99,
    );
  }
  assert.ok(worst <= 1, `exp: ${worst} ULP`);
  const special = wasmMath("exp", Float32Array.from([NaN, Infinity, -Infinity, -200, 200]))!;
  assert.deepEqual([...special], [NaN, Infinity, 0, 0, Infinity]);
});

/** Distance in float64 steps between two finite doubles. */
function ulps64(a: number, b: number): number {
  const v = new BigInt64Array(new Float64Array([a, b]).buffer);
  const ord = (x: bigint) => (x < 0n ? -(x & 0x7fffffffffffffffn) : x);
  const d = ord(v[0]) - ord(v[1]);
  return Number(d < 0n ? -d : d);
}

Deno.test("WASM float64 vector log and exp are within 1 ULP of Math.log and Math.exp", () => {
  const r = mulberry32(64);
  // log over positive normals from 2^-1022 to 2^1023 and close around 1
  const xs = new Float64Array(200_000);
  for (let i = 0; i < xs.length; i++) {
    xs[i] = i % 2 ? 2 ** (2045 * r() - 1022) : 0.5 + r();
  }
  const logs = wasmMath("log", xs)!;
  let worst = 0;
  for (let i = 0; i < xs.length; i++) worst = Math.max(worst, ulps64(logs[i], Math.log(xs[i])));
  assert.ok(worst <= 1, `log: ${worst} ULP`);
  // exp from the subnormal results (below −708) to overflow (above 709.78)
  const es = new Float64Array(200_000);
  for (let i = 0; i < es.length; i++) es[i] = i % 2 ? 1460 * r() - 750 : -40 * r();
  const exps = wasmMath("exp", es)!;
  worst = 0;
  for (let i = 0; i < es.length; i++) {
    const want = Math.exp(es[i]);
    worst = Math.max(
      worst,
      Number.isFinite(want) ? ulps64(exps[i], want) : exps[i] === want ? 0 : 99,
    );
  }
  assert.ok(worst <= 1, `exp: ${worst} ULP`);
  const special = wasmMath("exp", Float64Array.from([NaN, Infinity, -Infinity, -800, 800, 0]))!;
  assert.deepEqual([...special], [NaN, Infinity, 0, 0, Infinity, 1]);
});

// ---------------------------------------------------------------------------- kl_div

const REDUCTIONS: Reduction[] = ["none", "sum", "mean", "batchmean"];
const SHAPES: number[][] = [[], [0], [3], [1, 1], [5, 7], [4, 9], [3, 0], [2, 3, 4], [8, 700]];

/** Targets: probabilities with zeros, and (when `odd`) NaN, ±∞, negatives and subnormals. */
function targetValue(r: () => number, odd: boolean, log_target: boolean): number {
  const u = r();
  if (odd && u < 0.04) return [NaN, Infinity, -Infinity, -0.25, 1e-40, 0][Math.floor(u * 150)];
  if (!log_target && u < 0.15) return 0;
  return log_target ? Math.log(r() + 1e-3) : r();
}

function klCase(
  mode: KernelMode,
  shape: number[],
  dtype: DType,
  reduction: Reduction,
  log_target: boolean,
  odd: boolean,
) {
  const r = mulberry32(shape.length * 1000 + shape.reduce((a, b) => a * 31 + b, 7));
  const input = filled(shape, dtype, () => (odd && r() < 0.03 ? -Infinity : Math.log(r())));
  input.requires_grad = true;
  const target = filled(shape, dtype, () => targetValue(r, odd, log_target));
  const out = withKernelMode(mode, () => F.kl_div(input, target, { reduction, log_target }));
  const g = filled(out.shape as number[], dtype, () => r() - 0.5);
  withKernelMode(mode, () => out.backward(g));
  return { out, grad: input.grad as Tensor };
}

for (const { mode, exact } of FAST_MODES) {
  Deno.test(`kl_div [${mode}]: values, grad_fn and gradients match the composed path`, () => {
    const warn = console.warn;
    console.warn = () => {}; // reduction "mean" warns once, as torch does
    try {
      for (const dtype of ["float32", "float64"] as const) {
        for (const shape of SHAPES) {
          for (const reduction of REDUCTIONS) {
            for (const log_target of [false, true]) {
              for (const odd of [false, true]) {
                const what = `${mode} ${dtype} [${shape}] ${reduction} log_target=${log_target}` +
                  (odd ? " with NaN/inf" : "");
                const fast = klCase(mode, shape, dtype, reduction, log_target, odd);
                const ref = klCase("reference", shape, dtype, reduction, log_target, odd);
                assert.equal(fast.out.grad_fn?.name(), ref.out.grad_fn?.name(), what);
                assert.equal(String(fast.out), String(ref.out), `${what}: repr`);
                assertSame(fast.out, ref.out, exact(dtype), `${what}: output`);
                assertSame(fast.grad, ref.grad, exact(dtype), `${what}: input.grad`);
              }
            }
          }
        }
      }
    } finally {
      console.warn = warn;
    }
  });
}

Deno.test("kl_div: the fused kernel steps aside for broadcasting, mixed dtypes and target grads", () => {
  const input = filled([4, 5], "float32", (i) => -1 - i / 10);
  const row = filled([1, 5], "float32", (i) => (i + 1) / 15);
  assert.equal(fusedKlDiv(input, row, "sum", false), null);
  assert.equal(fusedKlDiv(input, filled([4, 5], "float64", () => 0.05), "sum", false), null);
  const t = filled([4, 5], "float32", () => 0.05);
  t.requires_grad = true;
  assert.equal(fusedKlDiv(input, t, "sum", false), null);
  // Under no_grad a target's requires_grad does not matter.
  assert.notEqual(no_grad(() => fusedKlDiv(input, t, "sum", false)), null);
  // And what steps aside still gives the reference's answer, gradients included.
  const fast = F.kl_div(input, row, { reduction: "batchmean" });
  const ref = withKernelMode("reference", () => F.kl_div(input, row, { reduction: "batchmean" }));
  assert.equal(fast.item(), ref.item());
  const loss = F.kl_div(input, t, { reduction: "sum" });
  loss.backward();
  const tGrad = t.grad as Tensor;
  t.grad = null;
  withKernelMode("reference", () => F.kl_div(input, t, { reduction: "sum" }).backward());
  assertSame(tGrad, t.grad as unknown as Tensor, true, "target.grad");
});

Deno.test("kl_div forward keeps nothing proportional to n besides its output", () => {
  const script = `
    import { F, Tensor } from ${JSON.stringify(new URL("../mod.ts", import.meta.url).href)};
    const n = 4_000_000;
    const x = new Tensor(new Float32Array(n).fill(-2), [4000, 1000]);
    const t = new Tensor(new Float32Array(n).fill(0.001), [4000, 1000]);
    F.kl_div(x.reshape(-1).reshape(4000, 1000), t, { reduction: "batchmean" }); // warm up
    globalThis.gc(); globalThis.gc();
    const before = Deno.memoryUsage().external;
    const out = F.kl_div(x, t, { reduction: "batchmean" });
    console.log(Deno.memoryUsage().external - before, out.item());
  `;
  const run = new Deno.Command(Deno.execPath(), {
    args: ["eval", "--v8-flags=--expose-gc", script],
  }).outputSync();
  assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
  const [bytes, value] = new TextDecoder().decode(run.stdout).trim().split(" ").map(Number);
  // The composed path would hold three 16 MB intermediates here.
  assert.ok(bytes < 1_000_000, `kl_div allocated ${bytes} bytes for 4e6 elements`);
  assert.ok(Math.abs(value - (0.001 * Math.fround(Math.log(0.001)) + 0.002) * 1000) < 1e-3);
});

// ---------------------------------------------------------------------------- softmax

const ROW_SIZES = [1, 3, 7, 8, 9, 15, 16, 17, 31, 1000];

function softmaxRows(size: number, rows: number, dtype: DType, odd: boolean, seed: number) {
  const r = mulberry32(seed);
  return filled([rows, size], dtype, (i) => {
    if (odd) {
      const u = r();
      if (u < 0.02) return [NaN, Infinity, -Infinity][i % 3];
      if (u < 0.05) return -100 - 30 * r(); // exp underflows to subnormals and zero
    }
    return 8 * r() - 4;
  });
}

for (const { mode, exact } of FAST_MODES) {
  for (const log of [false, true]) {
    const name = log ? "log_softmax" : "softmax";
    Deno.test(`${name} [${mode}]: rows of every length match the composed path`, () => {
      const op = log ? F.log_softmax : F.softmax;
      for (const dtype of ["float32", "float64"] as const) {
        for (const size of ROW_SIZES) {
          for (const odd of [false, true]) {
            for (const dim of [-1, 0]) {
              const what = `${name} ${mode} ${dtype} rows of ${size} dim ${dim}${
                odd ? " odd" : ""
              }`;
              const run = (m: KernelMode) => {
                const x = softmaxRows(size, 5, dtype, odd, size * 7 + (odd ? 1 : 0));
                x.requires_grad = true;
                const y = withKernelMode(m, () => op(x, dim));
                const g = softmaxRows(size, 5, dtype, false, size + 99);
                withKernelMode(m, () => y.backward(g));
                return { y, grad: x.grad as Tensor };
              };
              const fast = run(mode);
              const ref = run("reference");
              assert.equal(fast.y.grad_fn?.name(), ref.y.grad_fn?.name());
              assertSame(fast.y, ref.y, exact(dtype), `${what}: output`);
              assertSame(fast.grad, ref.grad, exact(dtype), `${what}: grad`);
            }
          }
        }
      }
    });
  }
}

/**
 * The WebAssembly float32 exp without fused multiply-adds (asm/kernels.ts expf4 with `fused`
 * false), step by step in float32: what rows shorter than a vector use.
 */
function expUnfusedF32(v: number): number {
  const f = Math.fround;
  const [LN2_HI, LN2_LO, LOG2E, SHIFTER] = [
    0.693359375,
    -2.12194440e-4,
    1.44269504088896341,
    12582912,
  ]
    .map(f);
  const E = [
    1.9875691500e-4,
    1.3981999507e-3,
    8.3334519073e-3,
    4.1665795894e-2,
    1.6666665459e-1,
    5.0000001201e-1,
  ]
    .map(f);
  const bits = new Int32Array(1);
  const float = new Float32Array(bits.buffer);
  const bitsOf = (x: number) => (float[0] = x, bits[0]);
  const fromBits = (b: number) => (bits[0] = b, float[0]);
  const x = Math.max(Math.min(f(v), 100), -110);
  const shifted = f(f(x * LOG2E) + SHIFTER);
  const kf = f(shifted - SHIFTER);
  const k = bitsOf(shifted) - bitsOf(SHIFTER);
  let r = f(x - f(kf * LN2_HI));
  r = f(r - f(kf * LN2_LO));
  const r2 = f(r * r);
  const a = f(f(E[0] * r) + E[1]);
  const b = f(f(E[2] * r) + E[3]);
  const c = f(f(E[4] * r) + E[5]);
  let p = f(f(f(f(a * r2) + b) * r2) + c);
  p = f(f(f(p * r2) + r) + 1);
  const k1 = k >> 1;
  const one = bitsOf(1);
  return f(f(p * fromBits((k1 << 23) + one)) * fromBits(((k - k1) << 23) + one));
}

Deno.test("WASM softmax on rows shorter than a vector takes the unfused exp, whatever the CPU", () => {
  // Few-class rows (notebook 08 trains on 3 classes) keep the bits they had before the
  // kernels used FMA: e = exp(x − m) unfused, s summed in order, then e · (1/s).
  const f = Math.fround;
  for (const size of [2, 3, 5, 7]) {
    const x = filled([40, size], "float32", (i) => Math.sin(i * 12.9898) * 6);
    const got = elems(withKernelMode("wasm", () => F.softmax(x, -1)));
    const xs = elems(x);
    for (let row = 0; row < 40; row++) {
      const at = row * size;
      let m = -Infinity;
      for (let k = 0; k < size; k++) m = Math.max(m, xs[at + k]);
      const e = Array.from({ length: size }, (_, k) => expUnfusedF32(f(xs[at + k] - m)));
      let s = e[0];
      for (let k = 1; k < size; k++) s = f(s + e[k]);
      const r = f(1 / s);
      for (let k = 0; k < size; k++) {
        assert.equal(got[at + k], f(e[k] * r), `row ${row} of ${size}, element ${k}`);
      }
    }
  }
});

/**
 * Asserts that `got(i)` is exp(x[i]) of `dtype` for i from 1: a normal result within 1 ULP, a
 * subnormal one within one step of the smallest, an overflow exactly ∞. Returns how many results
 * fell outside the normal range (subnormal or ∞), so a test can show it reached them.
 */
function assertExps(dtype: DType, x: ArrayLike<number>, got: (i: number) => number): number {
  const tiny = dtype === "float32" ? 2 ** -149 : 2 ** -1074;
  const eps = dtype === "float32" ? 2 ** -23 : 2 ** -52;
  const minNormal = dtype === "float32" ? 2 ** -126 : 2 ** -1022;
  let outside = 0;
  for (let i = 1; i < x.length; i++) {
    const want = dtype === "float32" ? Math.fround(Math.exp(x[i])) : Math.exp(x[i]);
    const what = `${dtype} exp(${x[i]}): ${got(i)}, want ${want}`;
    if (!Number.isFinite(want) || (want !== 0 && want < minNormal)) outside++;
    if (!Number.isFinite(want)) assert.equal(got(i), want, what);
    else assert.ok(Math.abs(got(i) - want) <= Math.max(tiny, want * eps), what);
  }
  return outside;
}

Deno.test("WASM softmax stores exps below the one-step scale range (subnormal, zero) to the last place", () => {
  // Row 0 is the max, so s rounds to 1 and the outputs are the stored exps themselves.
  for (const dtype of ["float32", "float64"] as const) {
    const [from, to] = dtype === "float32" ? [-80, -110] : [-700, -750];
    const size = 64;
    const x = filled(
      [1, size],
      dtype,
      (i) => i === 0 ? 0 : from + (to - from) * (i - 1) / (size - 2),
    );
    const got = elems(withKernelMode("wasm", () => F.softmax(x, -1)));
    assert.equal(got[0], 1);
    const subnormal = assertExps(dtype, elems(x), (i) => got[i]);
    assert.ok(subnormal > 5, `${dtype}: ${subnormal} subnormal results checked`);
  }
});

Deno.test("WASM log_softmax backward takes exp(y) to the last place outside the one-step scale range", () => {
  // c = 1 and t = (1, 0, 0, …): Σ g = 1, so dx[i] = −exp(y[i]) for i ≥ 1, rounded once.
  for (const dtype of ["float32", "float64"] as const) {
    const ranges = dtype === "float32" ? [[-80, -110], [80, 100]] : [[-700, -750], [700, 720]];
    const size = 64;
    const make = (f: (i: number) => number) => {
      const a = dtype === "float32" ? new Float32Array(size) : new Float64Array(size);
      for (let i = 0; i < size; i++) a[i] = f(i);
      return a;
    };
    for (const [from, to] of ranges) {
      const y = make((i) => from + (to - from) * i / (size - 1));
      const t = make((i) => i === 0 ? 1 : 0);
      const dx = make(() => NaN);
      assert.ok(wasmLogSoftmaxBackwardScaled(1, t, y, dx, size));
      const outside = assertExps(dtype, y, (i) => -dx[i]);
      assert.ok(
        outside > 5,
        `${dtype} [${from}, ${to}]: ${outside} results outside the normal range`,
      );
    }
  }
});

Deno.test("the WASM log and exp keep their bounds where V8 uses no fused multiply-add", async () => {
  // relaxed SIMD's madd is one FMA on this machine and a multiply and an add without FMA3;
  // V8's --no-enable-fma3 gives the second form here.
  const { code, stdout } = await new Deno.Command(Deno.execPath(), {
    args: [
      "test",
      "--allow-read",
      "--v8-flags=--no-enable-fma3",
      "--filter",
      "within 1 ULP",
      new URL(import.meta.url).pathname,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const out = new TextDecoder().decode(stdout);
  assert.equal(code, 0, out);
  assert.match(out, /2 passed/);
});

Deno.test("the default mode takes WASM only from WASM_MIN_ELEMENTS, so small results keep their bits", () => {
  const small = filled([3], "float32", (i) => [0.7, 0.1, 0.2][i]);
  assert.equal(
    String(F.log_softmax(small, 0)),
    withKernelMode("reference", () => String(F.log_softmax(small, 0))),
  );
  assert.ok(WASM_MIN_ELEMENTS > 3);
});

Deno.test("kl_div: a second backward fails or succeeds as through the composed graph", () => {
  const warn = console.warn;
  console.warn = () => {};
  try {
    for (const mode of ["ts", "wasm", "reference"] as const) {
      for (const reduction of REDUCTIONS) {
        for (const log_target of [false, true]) {
          const what = `${mode} ${reduction} log_target=${log_target}`;
          const input = filled([4, 600], "float32", (i) => -1 - (i % 7) / 10);
          input.requires_grad = true;
          const target = filled([4, 600], "float32", (i) => (log_target ? -3 : (i % 5) / 1000));
          const loss = withKernelMode(
            mode,
            () => F.kl_div(input, target, { reduction, log_target }),
          );
          const g = reduction === "none" ? filled([4, 600], "float32", () => 1) : undefined;
          withKernelMode(mode, () => loss.backward(g, { retain_graph: true }));
          withKernelMode(mode, () => loss.backward(g));
          assert.throws(
            () => withKernelMode(mode, () => loss.backward(g)),
            /backward through the graph a second time.*MulBackward0/,
            what,
          );
        }
      }
    }
  } finally {
    console.warn = warn;
  }
});
