/**
 * The elementwise math ops (lib/ops/math.ts) against PyTorch 1.13: every case of
 * tests/fixtures/math.json (written by tools/gen_math_fixtures.py) checks the output's dtype,
 * shape and values, `String(out)` against torch's repr, the grad_fn name and the gradient of
 * every input; the ULP sweeps measure how far float32 results are from torch's kernels. Then
 * errors, in-place variants and float64 gradchecks.
 *
 * Tolerances: values within a few ULPs of the output dtype (budgets per op in ULP_BUDGET,
 * measured; see docs/porting/math.md), NaN must be NaN, infinities and signed zeros exact.
 * Gradients: float32 rtol 1e-5, float64 rtol 1e-12 (they chain several rounded ops).
 */
import assert from "node:assert/strict";
import {
  abs,
  clamp,
  clamp_max,
  clamp_min,
  exp,
  isfinite,
  isinf,
  isnan,
  lerp,
  log,
  log_softmax,
  maximum,
  mean,
  minimum,
  nan_to_num,
  no_grad,
  pow,
  relu,
  round,
  sigmoid,
  softmax,
  sqrt,
  sum,
  type Tensor,
  tensor,
} from "../mod.ts";
import { gradcheck } from "./gradcheck.ts";

type Num = number | boolean | "inf" | "-inf" | "nan";
type DType = "float32" | "float64" | "int64" | "bool";
interface TensorRecord {
  data: Num[];
  shape: number[];
  dtype: DType;
  requires_grad?: boolean;
}
interface Case {
  name: string;
  op: string;
  args: Record<string, number | string>;
  inputs: TensorRecord[];
  expected: TensorRecord;
  repr: string;
  grad_fn: string | null;
  grad_output: TensorRecord | null;
  grads: (TensorRecord | null)[];
}
interface UlpSweep {
  op: string;
  args: Record<string, number>;
  x: Num[];
  e?: Num[];
  y: Num[];
}

const fixture: { torch_version: string; cases: Case[]; ulp: UlpSweep[] } = JSON.parse(
  Deno.readTextFileSync(new URL("./fixtures/math.json", import.meta.url)),
);

function decode(v: Num): number | boolean {
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  if (v === "nan") return NaN;
  return v;
}

function nest(flat: (number | boolean)[], shape: number[]): unknown {
  if (shape.length === 0) return flat[0];
  const [n, ...rest] = shape;
  const step = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, i) => nest(flat.slice(i * step, (i + 1) * step), rest));
}

function build(rec: TensorRecord, requires_grad = false): Tensor {
  const data = nest(rec.data.map(decode), rec.shape) as Parameters<typeof tensor>[0];
  return tensor(data, { dtype: rec.dtype, requires_grad });
}

/** The input of a "/transposed" case: a contiguous tensor transposed, so the op reads strides. */
function buildTransposed(rec: TensorRecord): Tensor {
  const [r, c] = rec.shape;
  const flat = rec.data.map(decode);
  const back: (number | boolean)[] = [];
  for (let j = 0; j < c; j++) for (let i = 0; i < r; i++) back.push(flat[i * c + j]);
  const t = tensor(nest(back, [c, r]) as Parameters<typeof tensor>[0], { dtype: rec.dtype }).t();
  assert.equal(t.is_contiguous(), false);
  return t;
}

/** Distance in units in the last place of `dtype` (0 for equal values, ∞ for a NaN mismatch). */
function ulps(a: number, b: number, dtype: "float32" | "float64"): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return Object.is(a, b) ? 0 : Infinity; // +0 against −0 is a mismatch
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  if (dtype === "float32") {
    const f = new Float32Array([a, b]);
    const [p, q] = new Int32Array(f.buffer);
    const ord = (v: number) => (v < 0 ? -(v & 0x7fffffff) : v);
    return Math.abs(ord(p) - ord(q));
  }
  const f = new Float64Array([a, b]);
  const [p, q] = new BigInt64Array(f.buffer);
  const ord = (v: bigint) => (v < 0n ? -(v & 0x7fffffffffffffffn) : v);
  const d = ord(p) - ord(q);
  return Number(d < 0n ? -d : d);
}

/** Most ULPs an op's float result may be from torch's (measured; see docs/porting/math.md). */
const ULP_BUDGET: Record<string, { float32: number; float64: number }> = {
  // sqrt, rsqrt, reciprocal, square, log, expm1, lerp, clamp, ...: bit for bit.
  default: { float32: 0, float64: 0 },
  // torch's float32 kernels here are SLEEF/vectorised approximations (≤ 1 ULP from exact);
  // float64 differences are V8's fdlibm against glibc.
  exp: { float32: 1, float64: 1 },
  sigmoid: { float32: 2, float64: 0 },
  tanh: { float32: 1, float64: 1 },
  log1p: { float32: 1, float64: 0 },
  log2: { float32: 1, float64: 0 },
  log10: { float32: 1, float64: 0 },
  pow_scalar: { float32: 1, float64: 0 },
  pow_tensor: { float32: 1, float64: 0 },
};

function budget(op: string, dtype: "float32" | "float64"): number {
  return (ULP_BUDGET[op] ?? ULP_BUDGET.default)[dtype];
}

function call(c: Case, xs: Tensor[]): Tensor {
  const a = c.args;
  const bound = (v: number | string) => v === "nan" ? NaN : v as number;
  switch (c.op) {
    case "pow_scalar":
      return xs[0].pow(a.exponent as number);
    case "pow_tensor":
      return xs[0].pow(xs[1]);
    case "pow_base":
      return pow(a.base as number, xs[0]);
    case "clamp_min":
      return xs.length > 1 ? xs[0].clamp_min(xs[1]) : xs[0].clamp_min(bound(a.bound));
    case "clamp_max":
      return xs.length > 1 ? xs[0].clamp_max(xs[1]) : clamp_max(xs[0], bound(a.bound));
    case "maximum":
      return maximum(xs[0], xs[1]);
    case "minimum":
      return xs[0].minimum(xs[1]);
    case "lerp":
      return xs.length > 2 ? lerp(xs[0], xs[1], xs[2]) : xs[0].lerp(xs[1], a.weight as number);
    case "nan_to_num":
      return xs[0].nan_to_num(a as { nan?: number; posinf?: number; neginf?: number });
    default: {
      const method = (xs[0] as unknown as Record<string, () => Tensor>)[c.op];
      assert.equal(typeof method, "function", `no method ${c.op}`);
      return method.call(xs[0]);
    }
  }
}

/** Worst ULP distance seen per op and dtype, for the report at the end. */
const worst: Record<string, number> = {};

function compareValues(
  where: string,
  got: Tensor,
  exp: TensorRecord,
  allowed: number,
  key?: string,
): void {
  assert.equal(got.dtype, exp.dtype, `${where}: dtype`);
  assert.deepEqual([...got.shape], exp.shape, `${where}: shape`);
  const g = got.toTypedArray();
  const e = exp.data.map(decode);
  for (let i = 0; i < e.length; i++) {
    const want = e[i];
    if (exp.dtype === "bool" || exp.dtype === "int64") {
      assert.equal(g[i], want === true ? 1 : want === false ? 0 : want, `${where}[${i}]`);
      continue;
    }
    const d = ulps(g[i], want as number, exp.dtype);
    if (key !== undefined) worst[key] = Math.max(worst[key] ?? 0, d);
    assert.ok(
      d <= allowed,
      `${where}[${i}]: expected ${want}, got ${g[i]} (${d} ULPs, ${allowed} allowed)`,
    );
  }
}

function compareGrad(where: string, got: Tensor | null, exp: TensorRecord): void {
  assert.ok(got !== null, `${where}: no gradient`);
  assert.equal(got.dtype, exp.dtype, `${where}: dtype`);
  assert.deepEqual([...got.shape], exp.shape, `${where}: shape`);
  const g = got.toTypedArray();
  const rtol = exp.dtype === "float32" ? 1e-5 : 1e-12;
  exp.data.map(decode).forEach((w, i) => {
    const want = w as number;
    if (Number.isNaN(want) || !Number.isFinite(want)) {
      assert.ok(Object.is(g[i], want), `${where}[${i}]: expected ${want}, got ${g[i]}`);
    } else {
      assert.ok(
        Math.abs(g[i] - want) <= rtol * Math.abs(want) + 1e-300,
        `${where}[${i}]: expected ${want}, got ${g[i]}`,
      );
    }
  });
}

for (const c of fixture.cases) {
  Deno.test(`math parity: ${c.name}`, () => {
    const transposed = c.name.endsWith("/transposed");
    const xs = c.inputs.map((r) => transposed ? buildTransposed(r) : build(r, r.requires_grad));
    const out = call(c, xs);
    const dtype = c.expected.dtype;
    const allowed = dtype === "float32" || dtype === "float64" ? budget(c.op, dtype) : 0;
    compareValues(c.name, out, c.expected, allowed, `${c.op} ${dtype}`);
    assert.equal(String(out), c.repr, `${c.name}: repr`);
    assert.equal(out.grad_fn?.name() ?? null, c.grad_fn, `${c.name}: grad_fn`);
    if (c.grad_output === null) return;
    out.backward(build(c.grad_output));
    c.grads.forEach((g, k) => {
      if (g === null) assert.equal(xs[k].grad, null, `${c.name}: input ${k} gets no gradient`);
      else compareGrad(`${c.name}: grad of input ${k}`, xs[k].grad, g);
    });
  });
}

Deno.test("math parity: float32 ULP sweeps against torch's CPU kernels stay within budget", () => {
  const seen: string[] = [];
  for (const s of fixture.ulp) {
    const x = build({ data: s.x, shape: [s.x.length], dtype: "float32" });
    let y: Tensor;
    if (s.op === "pow_scalar") y = x.pow(s.args.exponent);
    else if (s.op === "pow_tensor") {
      y = x.pow(build({ data: s.e as Num[], shape: [s.x.length], dtype: "float32" }));
    } else if (s.op === "lerp") {
      y = x.lerp(
        build({ data: s.e as Num[], shape: [s.x.length], dtype: "float32" }),
        s.args.weight,
      );
    } else y = (x as unknown as Record<string, () => Tensor>)[s.op].call(x);
    const got = y.toTypedArray();
    const want = s.y.map(decode) as number[];
    let max = 0;
    for (let i = 0; i < want.length; i++) max = Math.max(max, ulps(got[i], want[i], "float32"));
    const label = `${s.op}${s.args.exponent !== undefined ? `(${s.args.exponent})` : ""}${
      s.args.weight !== undefined ? `(w=${s.args.weight})` : ""
    }`;
    seen.push(`${label}: ${max}`);
    assert.ok(
      max <= budget(s.op, "float32"),
      `${label}: ${max} ULPs from torch (budget ${budget(s.op, "float32")})`,
    );
  }
  assert.equal(seen.length, fixture.ulp.length);
});

// ---------------------------------------------------------------------------- dtypes and special points

Deno.test("pow: an int64 tensor to a negative integer power is torch's error", () => {
  assert.throws(() => tensor([1n, 2n]).pow(-1), {
    message: "Integers to negative integer powers are not allowed.",
  });
  // A JS number that is an integer counts as one (-1.0 is -1); a float power gives floats.
  assert.throws(() => tensor([1n, 2n]).pow(-1.0), /Integers to negative integer powers/);
  assert.deepEqual(tensor([1n, 4n]).pow(-0.5).tolist(), [1, 0.5]);
  assert.equal(tensor([1n, 4n]).pow(-0.5).dtype, "float32");
  assert.deepEqual(tensor([1n, 2n]).float().pow(-1).tolist(), [1, 0.5]);
});

Deno.test("pow: a bool result is torch's error; two numbers are refused", () => {
  assert.throws(() => tensor([true, false]).pow(true), /"pow" not implemented for 'Bool'/);
  assert.throws(() => pow(tensor([true]), tensor([true])), /"pow" not implemented for 'Bool'/);
  assert.throws(() => pow(2 as unknown as Tensor, 3), /expected a Tensor as base or exponent/);
  assert.throws(
    () => pow(tensor([1]), "2" as unknown as number),
    /pow\(exponent\): expected a Tensor/,
  );
});

Deno.test("pow: the gradient at 0 with exponent 0 is 0; with exponent 0.5 it is inf", () => {
  const x = tensor([0, 0], { dtype: "float64", requires_grad: true });
  x.pow(0).sum().backward();
  assert.deepEqual(x.grad?.tolist(), [0, 0]);
  const y = tensor([0], { dtype: "float64", requires_grad: true });
  y.pow(0.5).sum().backward();
  assert.deepEqual(y.grad?.tolist(), [Infinity]);
});

Deno.test("ops without a bool kernel refuse bool tensors with torch's reason", () => {
  const b = tensor([true, false]);
  assert.throws(() => abs(b), /abs: not implemented for bool tensors/);
  assert.throws(() => b.floor(), /floor: not implemented for bool tensors/);
  assert.throws(() => relu(b), { message: "relu: Boolean inputs not supported for relu" });
  assert.throws(() => b.round(), /round: not implemented for bool tensors/);
});

Deno.test("maximum and minimum take tensors only, as torch's", () => {
  assert.throws(
    () => maximum(tensor([1]), 2 as unknown as Tensor),
    /maximum\(\): argument 'other' \(position 2\) must be Tensor, not number/,
  );
  assert.throws(() => minimum(tensor([1, 2]), tensor([1, 2, 3])), /minimum/);
});

Deno.test("lerp: dtypes must agree, integers are refused, shapes must broadcast", () => {
  const f = tensor([1, 2]);
  assert.throws(
    () => lerp(f, f.double(), 0.5),
    /lerp: expected dtype float for `end` but got dtype float64/,
  );
  assert.throws(
    () => lerp(f, f, tensor([0.5], { dtype: "float64" })),
    /expected dtype float for `weight` but got dtype float64/,
  );
  assert.throws(
    () => lerp(tensor([1n]), tensor([2n]), 0.5),
    /lerp: expected floating point tensors, got int64/,
  );
  assert.throws(() => lerp(f, f, tensor([0.5, 0.5, 0.5])), /lerp/);
});

Deno.test("round: decimals need a float tensor and an integer; options are checked", () => {
  assert.throws(
    () => round(tensor([1n]), { decimals: 1 }),
    /"round_cpu" not implemented for 'Long'/,
  );
  assert.throws(() => round(tensor([1.5]), { decimals: 0.5 }), /decimals must be an integer, got/);
  assert.throws(
    () => round(tensor([1.5]), { digits: 1 } as unknown as { decimals: number }),
    /round: unknown option "digits"/,
  );
  assert.equal(round(tensor([1.5]), { decimals: 0 }).dtype, "float32");
});

Deno.test("nan_to_num: options are checked; int64 and bool come back unchanged", () => {
  assert.throws(
    () => nan_to_num(tensor([1]), { inf: 0 } as unknown as { nan: number }),
    /nan_to_num: unknown option "inf"/,
  );
  assert.throws(
    () => nan_to_num(tensor([1]), { nan: "0" } as unknown as { nan: number }),
    /nan_to_num: nan must be a number, got/,
  );
  assert.deepEqual(nan_to_num(tensor([3n, -1n]), { nan: 1.5 }).tolist(), [3, -1]);
  assert.deepEqual(nan_to_num(tensor([true, false])).tolist(), [true, false]);
});

Deno.test("isnan, isinf, isfinite give bool tensors that never require grad", () => {
  const x = tensor([NaN, Infinity, 1], { requires_grad: true });
  for (
    const [f, want] of [
      [isnan, [true, false, false]],
      [isinf, [false, true, false]],
      [isfinite, [false, false, true]],
    ] as const
  ) {
    const m = f(x);
    assert.equal(m.dtype, "bool");
    assert.equal(m.requires_grad, false);
    assert.deepEqual(m.tolist(), want);
  }
  assert.deepEqual(isinf(tensor([5n])).tolist(), [false]);
});

Deno.test("int64 results beyond 2^53 are refused rather than rounded", () => {
  assert.throws(() => tensor([3n ** 30n]).square(), /beyond/);
  assert.throws(() => tensor([10n]).pow(20), /beyond/);
});

// ---------------------------------------------------------------------------- torch functions

Deno.test("exp, log, sum, mean, softmax, log_softmax and clamp as functions match the methods", () => {
  const x = tensor([[0.5, -1], [2, 0.25]]);
  assert.deepEqual(exp(x).tolist(), x.exp().tolist());
  assert.deepEqual(log(x.abs()).tolist(), x.abs().log().tolist());
  assert.equal(sum(x).item(), x.sum().item());
  assert.deepEqual(sum(x, 1, true).tolist(), x.sum(1, true).tolist());
  assert.deepEqual(mean(x, 0).tolist(), x.mean(0).tolist());
  assert.deepEqual(softmax(x, -1).tolist(), x.softmax(-1).tolist());
  assert.deepEqual(log_softmax(x, 0).tolist(), x.log_softmax(0).tolist());
  assert.deepEqual(clamp(x, 0, 1).tolist(), [[0.5, 0], [1, 0.25]]);
  assert.deepEqual(clamp(x, null, 0).tolist(), [[0, -1], [0, 0]]);
  assert.equal(String(clamp_min(x.requires_grad_(), 0).grad_fn?.name()), "ClampMinBackward0");
});

// ---------------------------------------------------------------------------- in place

Deno.test("in-place variants write through views, bump the version and keep torch's grad_fn", () => {
  const base = tensor([[4, -9], [16, 1]]);
  const row = base.select(0, 0);
  const v = base._version;
  row.abs_().sqrt_();
  assert.deepEqual(base.tolist(), [[2, 3], [16, 1]]);
  assert.equal(base._version, v + 2);

  // torch 1.13 on the same chain: x.grad = tensor([ 0.0000, -0.0707]).
  const x = tensor([0.5, -2], { requires_grad: true });
  const y = x.mul(1);
  y.pow_(2).clamp_min_(1).sigmoid_();
  assert.equal(y.grad_fn?.name(), "SigmoidBackward0");
  y.sum().backward();
  assert.equal(String(x.grad), "tensor([ 0.0000, -0.0707])");
});

Deno.test("in-place math refuses what torch refuses", () => {
  assert.throws(
    () => tensor([1n, 4n]).sqrt_(),
    /sqrt_: result type Float can't be cast to the desired output type Long/,
  );
  const leaf = tensor([1, 2], { requires_grad: true });
  assert.throws(() => leaf.relu_(), /relu_: a leaf Variable that requires grad/);
  no_grad(() => leaf.neg_().exp_().log_());
  assert.deepEqual(leaf.tolist(), [-1, -2]);
  assert.deepEqual(tensor([1, 2]).clamp_max_(tensor([0, 5])).tolist(), [0, 2]);
  assert.deepEqual(tensor([1.5, 2.5]).round_().tolist(), [2, 2]);
  assert.deepEqual(tensor([0, 1]).lerp_(tensor([2, 3]), 0.5).tolist(), [1, 2]);
  assert.deepEqual(tensor([NaN]).nan_to_num_().tolist(), [0]);
  assert.equal(tensor([[1]]).ndimension(), 2);
});

// ---------------------------------------------------------------------------- gradcheck (float64)

const G = 1e-6; // worst |analytic − numeric| / (1 + |numeric|) allowed
const pos = [0.3, 1.7, 2.2, 0.9];
const mixed = [-1.3, 0.4, 2.1, -0.6];

const GRADCHECKS: [string, (...xs: Tensor[]) => Tensor, number[][]][] = [
  ["sqrt", (x) => sqrt(x), [pos]],
  ["sqrt (method)", (x) => x.sqrt(), [pos]],
  ["rsqrt", (x) => x.rsqrt(), [pos]],
  ["square", (x) => x.square(), [mixed]],
  ["abs", (x) => x.abs(), [mixed]],
  ["sign", (x) => x.sign().add(x), [mixed]],
  ["sigmoid", (x) => sigmoid(x), [mixed]],
  ["tanh", (x) => x.tanh(), [mixed]],
  ["relu", (x) => x.relu(), [mixed]],
  ["log1p", (x) => x.log1p(), [pos]],
  ["expm1", (x) => x.expm1(), [mixed]],
  ["log2", (x) => x.log2(), [pos]],
  ["log10", (x) => x.log10(), [pos]],
  ["reciprocal", (x) => x.reciprocal(), [mixed]],
  ["floor", (x) => x.floor().add(x), [pos]],
  ["ceil", (x) => x.ceil().add(x), [pos]],
  ["round", (x) => x.round().add(x), [pos]],
  ["round(decimals)", (x) => x.round({ decimals: 1 }).add(x), [[0.33, 1.77, 2.21, 0.94]]],
  ["pow(number)", (x) => x.pow(2.5), [pos]],
  ["pow(3)", (x) => x.pow(3), [mixed]],
  ["pow(-2)", (x) => x.pow(-2), [mixed]],
  ["pow(tensor)", (x, e) => x.pow(e), [pos, mixed]],
  ["pow(tensor, broadcast)", (x, e) => x.view(2, 2).pow(e), [pos, [0.5, -1.5]]],
  ["pow(number, tensor)", (e) => pow(2.5, e), [mixed]],
  ["clamp_min(number)", (x) => x.clamp_min(0.5), [mixed]],
  ["clamp_max(number)", (x) => x.clamp_max(0.5), [mixed]],
  ["clamp_min(tensor)", (x, m) => x.clamp_min(m), [mixed, [0, 0, 3, -1]]],
  ["clamp_max(tensor)", (x, m) => x.clamp_max(m), [mixed, [0, 0, 3, -1]]],
  ["maximum", (a, b) => maximum(a, b), [mixed, pos]],
  ["minimum", (a, b) => minimum(a, b), [mixed, pos]],
  ["lerp(number)", (a, b) => lerp(a, b, 0.3), [mixed, pos]],
  ["lerp(number ≥ 0.5)", (a, b) => lerp(a, b, 0.8), [mixed, pos]],
  ["lerp(tensor)", (a, b, w) => lerp(a, b, w), [mixed, pos, [0.1, 0.6, 0.5, 1.2]]],
  ["nan_to_num", (x) => x.nan_to_num(), [mixed]],
  ["exp", (x) => exp(x), [mixed]],
  ["log", (x) => log(x), [pos]],
];

for (const [name, f, inputs] of GRADCHECKS) {
  Deno.test(`gradcheck (float64): ${name}`, () => {
    const err = gradcheck(f, inputs);
    assert.ok(err < G, `${name}: gradient off by ${err}`);
  });
}

Deno.test("maximum/minimum split the gradient equally at ties, as torch", () => {
  const a = tensor([1, 2], { dtype: "float64", requires_grad: true });
  const b = tensor([1, 3], { dtype: "float64", requires_grad: true });
  maximum(a, b).sum().backward();
  assert.deepEqual(a.grad?.tolist(), [0.5, 0]);
  assert.deepEqual(b.grad?.tolist(), [0.5, 1]);
});

Deno.test("ULP report: worst distances seen in the parity cases are recorded per op", () => {
  // Runs after the parity cases (Deno runs tests in file order): every float op was measured.
  for (const op of ["sqrt float32", "sigmoid float32", "pow_scalar float64", "lerp float32"]) {
    assert.ok(op in worst, `${op} was not measured`);
  }
});
