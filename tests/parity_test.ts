/**
 * Data-driven PyTorch parity test.
 *
 * Replays every case of tests/fixtures/parity.json (written by tools/gen_fixtures.py from
 * torch; see that file for the format) through kldiv's public API and checks, per case:
 * output shape, dtype, values, requires_grad, `String(out)` against torch's repr, the grad_fn
 * name, torch's warnings, and the gradient of every input after `out.backward(g)`.
 *
 * Tolerances: float32 rtol 2e-5 / atol 2e-6, float64 rtol 1e-10 / atol 1e-10 (NaN must be NaN,
 * infinities exact). The repr must equal torch's exactly, or one of `repr_alt` (float32 values
 * on a 4-digit rounding boundary, where the correctly rounded result prints differently from
 * torch's float32 accumulation).
 *
 * Run: deno test --allow-read tests/parity_test.ts
 */
import assert from "node:assert/strict";
import { F, nn, type Tensor, tensor } from "../mod.ts";

// ---------------------------------------------------------------------------- fixture types

/** A JSON number, or one of the strings used for the non-finite values. */
type Num = number | "inf" | "-inf" | "nan";
type DType = "float32" | "float64";
type Reduction = "none" | "sum" | "mean" | "batchmean";

interface TensorRecord {
  data: Num[];
  shape: number[];
  dtype: DType;
}

interface InputRecord extends TensorRecord {
  requires_grad: boolean;
}

interface Args {
  reduction?: Reduction;
  log_target?: boolean;
  dim?: number | number[];
  keepdim?: boolean;
  other?: number;
  divisor?: number;
}

interface Case {
  name: string;
  op: string;
  args: Args;
  inputs: InputRecord[];
  expected: TensorRecord & { requires_grad: boolean };
  repr: string;
  repr_alt?: string[];
  grad_fn: string | null;
  backward: boolean;
  grad_output: TensorRecord | null;
  grads: (TensorRecord | null)[];
  warnings: { category: string; message: string }[];
  note?: string;
}

interface Fixture {
  format: number;
  torch_version: string;
  cases: Case[];
}

// ---------------------------------------------------------------------------- op vocabulary

type OpFn = (x: Tensor[], args: Args) => Tensor;

function dimArg(args: Args): number {
  assert.equal(typeof args.dim, "number", "fixture: args.dim must be a number");
  return args.dim as number;
}

function operand(x: Tensor[], args: Args): Tensor | number {
  if (x.length === 2) return x[1];
  assert.equal(typeof args.other, "number", "fixture: binary op needs a 2nd input or args.other");
  return args.other as number;
}

function divisor(args: Args): number {
  assert.equal(typeof args.divisor, "number", "fixture: args.divisor must be a number");
  return args.divisor as number;
}

function klOptions(args: Args): { reduction: Reduction; log_target: boolean } {
  return { reduction: args.reduction ?? "mean", log_target: args.log_target ?? false };
}

/** The one table mapping the fixture's `op` words to kldiv calls (mirror of OPS in the .py). */
const OPS: Record<string, OpFn> = {
  kl_div: ([a, b], args) => F.kl_div(a, b, klOptions(args)),
  KLDivLoss: ([a, b], args) => nn.KLDivLoss(klOptions(args))(a, b),
  softmax: ([a], args) => F.softmax(a, dimArg(args)),
  log_softmax: ([a], args) => F.log_softmax(a, dimArg(args)),
  add: (x, args) => x[0].add(operand(x, args)),
  sub: (x, args) => x[0].sub(operand(x, args)),
  mul: (x, args) => x[0].mul(operand(x, args)),
  div: (x, args) => x[0].div(operand(x, args)),
  neg: ([a]) => a.neg(),
  log: ([a]) => a.log(),
  exp: ([a]) => a.exp(),
  sum: ([a], args) => args.dim === undefined ? a.sum() : a.sum(args.dim, args.keepdim ?? false),
  mean: ([a], args) => args.dim === undefined ? a.mean() : a.mean(args.dim, args.keepdim ?? false),
  method1: ([input, target]) =>
    nn.KLDivLoss({ reduction: "batchmean" })(F.log_softmax(input, 0), F.softmax(target, 0)),
  method2: ([input, target]) =>
    F.kl_div(F.log_softmax(input, 0), F.softmax(target, 0), { reduction: "batchmean" }),
  method3: ([input, target]) => {
    const p = F.softmax(target, 0);
    return p.mul(p.log().sub(F.log_softmax(input, 0))).mean();
  },
  method4: ([input, target]) => {
    const p = F.softmax(target, 0);
    return p.mul(F.log_softmax(target, 0).sub(F.log_softmax(input, 0))).mean();
  },
  "compose:log_of_softmax": ([a], args) => F.softmax(a, dimArg(args)).log(),
  "compose:kl_manual_sum": ([p, q]) => p.mul(p.log().sub(q.log())).sum(),
  "compose:kl_manual_bits": ([p, q], args) => p.mul(p.log().sub(q.log())).sum().div(divisor(args)),
  "compose:kl_div_bits": ([p, q], args) =>
    F.kl_div(q.log(), p, { reduction: "sum" }).div(divisor(args)),
  "compose:kl_logits_batchmean": ([a, b]) =>
    F.kl_div(F.log_softmax(a, -1), F.softmax(b, -1), { reduction: "batchmean" }),
  "compose:entropy": ([p]) => p.mul(p.log()).sum().neg(),
  "compose:cross_entropy_manual": ([x, p]) => p.mul(F.log_softmax(x, -1)).sum(-1).mean().neg(),
};

// ---------------------------------------------------------------------------- helpers

const TOL: Record<DType, { rtol: number; atol: number }> = {
  float32: { rtol: 2e-5, atol: 2e-6 },
  float64: { rtol: 1e-10, atol: 1e-10 },
};

function decode(v: Num): number {
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  if (v === "nan") return NaN;
  return v;
}

/** Nested JS arrays (row-major) from flat data + shape; a 0-dim shape gives a plain number. */
function nest(flat: number[], shape: number[]): unknown {
  if (shape.length === 0) return flat[0];
  const [n, ...rest] = shape;
  const step = rest.reduce((a, b) => a * b, 1);
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(nest(flat.slice(i * step, (i + 1) * step), rest));
  return out;
}

type TensorData = Parameters<typeof tensor>[0];

function build(rec: TensorRecord, requires_grad: boolean): Tensor {
  const data = nest(rec.data.map(decode), rec.shape) as TensorData;
  return tensor(data, { dtype: rec.dtype, requires_grad });
}

function flatten(v: unknown, out: number[] = []): number[] {
  if (Array.isArray(v)) { for (const e of v) flatten(e, out); }
  else out.push(v as number);
  return out;
}

function multiIndex(flat: number, shape: number[]): number[] {
  const idx: number[] = new Array(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return idx;
}

function fmt(x: number): string {
  return Object.is(x, -0) ? "-0" : String(x);
}

/**
 * Compare a tensor against a fixture record: shape and dtype exactly, values within the
 * dtype's tolerance (|got - exp| <= atol + rtol * |exp|; NaN must be NaN, infinities exact).
 * Appends at most one message per problem to `errors`, naming the worst element.
 */
function compareTensor(
  caseName: string,
  label: string,
  got: Tensor | null | undefined,
  exp: TensorRecord,
  errors: string[],
  tolDtype: DType = exp.dtype,
): void {
  const where = `${caseName}: ${label}`;
  if (got === null || got === undefined) {
    errors.push(`${where}: expected a ${exp.dtype} tensor of shape [${exp.shape}], got ${got}`);
    return;
  }
  const shape = [...got.shape];
  if (JSON.stringify(shape) !== JSON.stringify(exp.shape)) {
    errors.push(`${where}: shape expected [${exp.shape}], got [${shape}]`);
  }
  if (got.dtype !== exp.dtype) {
    errors.push(`${where}: dtype expected ${exp.dtype}, got ${got.dtype}`);
  }
  const values = flatten(got.tolist());
  const expected = exp.data.map(decode);
  if (values.length !== expected.length) {
    errors.push(`${where}: expected ${expected.length} elements, got ${values.length}`);
    return;
  }
  const { rtol, atol } = TOL[tolDtype];
  let worst = -1;
  let worstScore = 0;
  let bad = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const g = values[i];
    let score: number;
    if (Number.isNaN(e)) score = Number.isNaN(g) ? 0 : Infinity;
    else if (!Number.isFinite(e)) score = g === e ? 0 : Infinity;
    else if (!Number.isFinite(g)) score = Infinity;
    else score = Math.abs(g - e) / (atol + rtol * Math.abs(e));
    if (score > 1) {
      bad++;
      if (score > worstScore) {
        worstScore = score;
        worst = i;
      }
    }
  }
  if (worst >= 0) {
    errors.push(
      `${where}: ${bad}/${expected.length} elements out of tolerance (rtol ${rtol}, atol ${atol});` +
        ` worst at flat index ${worst} [${multiIndex(worst, exp.shape)}]:` +
        ` expected ${fmt(expected[worst])}, got ${fmt(values[worst])}`,
    );
  }
}

// ---------------------------------------------------------------------------- warnings

/** Messages written through console.warn while a case runs. */
let captured: string[] = [];
/** Cases where torch warned and kldiv warned too / did not (kldiv may warn once per process). */
const warned = { expected: 0, emitted: 0 };

function withCapturedWarnings<T>(fn: () => T): T {
  const original = console.warn;
  console.warn = (...parts: unknown[]) => {
    captured.push(parts.map((p) => (p instanceof Error ? p.message : String(p))).join(" "));
  };
  try {
    return fn();
  } finally {
    console.warn = original;
  }
}

// ---------------------------------------------------------------------------- the cases

const fixture: Fixture = JSON.parse(
  Deno.readTextFileSync(new URL("./fixtures/parity.json", import.meta.url)),
);

function runCase(c: Case): void {
  const errors: string[] = [];
  const op = OPS[c.op];
  assert.ok(op, `${c.name}: unknown op "${c.op}" (add it to OPS in tests/parity_test.ts)`);
  const inputs = c.inputs.map((rec) => build(rec, rec.requires_grad));
  // construction: nested arrays (used for the op) and flat typed array + shape must both
  // reproduce the fixture's input exactly
  c.inputs.forEach((rec, i) => {
    compareTensor(c.name, `inputs[${i}] from nested arrays`, inputs[i], rec, errors);
    const flat = rec.data.map(decode);
    const typed = rec.dtype === "float64" ? new Float64Array(flat) : new Float32Array(flat);
    const viaTyped = tensor(typed, { dtype: rec.dtype, shape: rec.shape });
    compareTensor(c.name, `inputs[${i}] from a typed array`, viaTyped, rec, errors);
  });

  captured = [];
  let out: Tensor;
  let backwardError: unknown = null;
  withCapturedWarnings(() => {
    out = op(inputs, c.args);
    if (c.backward) {
      try {
        if (c.grad_output === null) out.backward();
        else out.backward(build(c.grad_output, false));
      } catch (e) {
        backwardError = e;
      }
    }
  });
  out = out!;

  // forward
  compareTensor(c.name, "output", out, c.expected, errors);
  if (out.requires_grad !== c.expected.requires_grad) {
    errors.push(
      `${c.name}: output requires_grad expected ${c.expected.requires_grad}, got ${out.requires_grad}`,
    );
  }
  const repr = String(out);
  if (repr !== c.repr && !(c.repr_alt ?? []).includes(repr)) {
    errors.push(
      `${c.name}: repr\n    expected ${JSON.stringify(c.repr)}\n    got      ${
        JSON.stringify(repr)
      }`,
    );
  }
  const gradFn = out.grad_fn === null || out.grad_fn === undefined ? null : out.grad_fn.name();
  if (gradFn !== c.grad_fn) {
    errors.push(`${c.name}: grad_fn expected ${c.grad_fn}, got ${gradFn}`);
  }

  // warnings
  const torchMessages = c.warnings.map((w) => w.message);
  if (torchMessages.length === 0) {
    if (captured.length > 0) {
      errors.push(`${c.name}: torch does not warn here, kldiv warned: ${JSON.stringify(captured)}`);
    }
  } else {
    warned.expected++;
    if (captured.length > 0) warned.emitted++;
    for (const msg of captured) {
      if (!torchMessages.some((t) => msg.includes(t))) {
        errors.push(
          `${c.name}: warning text differs\n    torch ${JSON.stringify(torchMessages)}` +
            `\n    kldiv ${JSON.stringify(msg)}`,
        );
      }
    }
  }

  // backward
  if (backwardError !== null) {
    errors.push(`${c.name}: backward threw ${String(backwardError)}`);
  } else {
    c.grads.forEach((exp, i) => {
      const got = inputs[i].grad;
      if (exp === null) {
        if (got !== null && got !== undefined) {
          errors.push(`${c.name}: inputs[${i}].grad expected null, got ${String(got)}`);
        }
      } else {
        // a gradient is no more precise than the computation that made it: a float64 leaf
        // in a float32 computation gets a float32-precision gradient (cast to float64)
        const tolDtype = exp.dtype === "float32" || c.expected.dtype === "float32"
          ? "float32"
          : "float64";
        compareTensor(c.name, `inputs[${i}].grad`, got, exp, errors, tolDtype);
      }
    });
  }

  if (errors.length > 0) assert.fail(errors.join("\n"));
}

for (const c of fixture.cases) {
  Deno.test(c.name, () => runCase(c));
}

Deno.test("parity: fixture covers every op word in the table", () => {
  const seen = new Set(fixture.cases.map((c) => c.op));
  assert.deepEqual([...seen].filter((op) => !(op in OPS)), []);
  assert.deepEqual(Object.keys(OPS).filter((op) => !seen.has(op)), []);
});

Deno.test("parity: tensor() defaults to float32 like torch.tensor", () => {
  assert.equal(tensor([0.7, 0.1, 0.2]).dtype, "float32");
  assert.equal(String(tensor([1, 2])), "tensor([1., 2.])");
});

// Registered last, so it runs after every case: kldiv must emit torch's UserWarning at least
// once (like Python, it may show it only once per process).
Deno.test("parity: kl_div(reduction='mean') warns like torch", () => {
  assert.ok(warned.expected > 0, "fixture has no warning case");
  assert.ok(
    warned.emitted > 0,
    `torch warned in ${warned.expected} cases; kldiv never wrote a warning via console.warn`,
  );
});
