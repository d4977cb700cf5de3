/**
 * Reductions over dims and sorting against PyTorch 1.13 (tests/fixtures/reduce_dims.json from
 * tools/gen_reduce_fixtures.py): values, int64 indices, dtype, repr, grad_fn and the input's
 * gradient of every case; then gradcheck in float64 and the errors.
 *
 * Tolerance: float64 to 1e-12 relative. float32 outputs within 2 ULPs of torch: we accumulate
 * in double and round once, as `sum` does; torch's float32 kernels for prod, logsumexp and norm
 * accumulate in float32 (vectorised order), so 13 of the fixture's float32 values differ in the
 * last bit (1 ULP at most); sum, mean, var, std, cumsum, amax/amin, max/min, topk and sort match
 * exactly. float32 gradients within 1e-7 + 2e-6·|torch| (measured: 5.5e-7 relative at most, on
 * prod and norm, whose torch backward computes in float32).
 */
import assert from "node:assert/strict";
import * as torch from "../mod.ts";
import { type Tensor, tensor, ValuesIndices } from "../mod.ts";
import { gradcheck } from "./gradcheck.ts";

type Num = number | boolean | "inf" | "-inf" | "nan";
interface TensorRecord {
  data: Num[];
  shape: number[];
  dtype: "float32" | "float64" | "int64" | "bool";
}
interface Case {
  name: string;
  op: string;
  args: Record<string, unknown>;
  view?: "t";
  input: TensorRecord & { requires_grad: boolean };
  out: TensorRecord;
  indices?: TensorRecord;
  repr: string;
  grad_fn: string | null;
  grad_output: TensorRecord | null;
  grad: TensorRecord | null;
}

const fixture = JSON.parse(
  Deno.readTextFileSync(new URL("./fixtures/reduce_dims.json", import.meta.url)),
) as { cases: Case[] };

function decode(v: Num): number | boolean {
  return v === "inf" ? Infinity : v === "-inf" ? -Infinity : v === "nan" ? NaN : v;
}

function build(r: TensorRecord, requires_grad = false): Tensor {
  const data = r.data.map(decode);
  if (r.dtype === "bool") {
    return tensor(data as boolean[]).reshape(r.shape);
  }
  const x = tensor(data as number[], { dtype: r.dtype }).reshape(r.shape).detach();
  return requires_grad ? x.requires_grad_() : x;
}

/** The case's call, written as a user would port torch's keyword arguments. */
function call(op: string, x: Tensor, a: Record<string, unknown>): Tensor | ValuesIndices {
  const dim = a.dim as number | number[] | undefined;
  const keepdim = a.keepdim as boolean | undefined;
  switch (op) {
    case "prod":
      return x.prod(dim as number | undefined, keepdim);
    case "max":
      return dim === undefined ? x.max() : x.max(dim as number, keepdim);
    case "min":
      return dim === undefined ? x.min() : x.min(dim as number, keepdim);
    case "amax":
      return x.amax(dim, keepdim);
    case "amin":
      return x.amin(dim, keepdim);
    case "logsumexp":
      return x.logsumexp(dim as number | number[], keepdim);
    case "var":
    case "std": {
      const opts: Record<string, unknown> = {};
      for (const k of ["unbiased", "correction", "keepdim"]) if (k in a) opts[k] = a[k];
      return op === "var" ? x.var(dim ?? null, opts) : x.std(dim ?? null, opts);
    }
    case "norm": {
      const p = a.p === "inf" ? Infinity : a.p === "-inf" ? -Infinity : a.p as number | "fro";
      return x.norm(p, dim, keepdim);
    }
    case "cumsum":
      return x.cumsum(dim as number);
    case "topk":
      return x.topk(a.k as number, dim as number | undefined, a.largest as boolean | undefined);
    case "sort":
      return x.sort(dim as number | undefined, a.descending as boolean | undefined, {
        stable: a.stable as boolean | undefined,
      });
  }
  throw new Error(`unknown op ${op}`);
}

/** Distance in float32 units in the last place. */
function ulps(a: number, b: number): number {
  const f = new Float32Array([a, b]);
  const i = new Int32Array(f.buffer);
  const key = (v: number) => (v < 0 ? 0x80000000 - v : v);
  return Math.abs(key(i[0]) - key(i[1]));
}

function assertValues(
  got: Tensor,
  want: TensorRecord,
  where: string,
  kind: "value" | "grad",
): void {
  assert.equal(got.dtype, want.dtype, `${where}: dtype`);
  assert.deepEqual(got.shape, want.shape, `${where}: shape`);
  const g = got.toTypedArray();
  want.data.forEach((w0, i) => {
    const w = Number(decode(w0));
    const v = g[i];
    const msg = `${where}[${i}]: got ${v}, torch ${w}`;
    if (Number.isNaN(w)) return assert.ok(Number.isNaN(v), msg);
    if (!Number.isFinite(w) || want.dtype === "int64" || want.dtype === "bool") {
      return assert.equal(v, w, msg);
    }
    if (want.dtype === "float64") {
      return assert.ok(Math.abs(v - w) <= 1e-12 * Math.max(1, Math.abs(w)), msg);
    }
    if (kind === "value") return assert.ok(ulps(v, w) <= 2, `${msg} (${ulps(v, w)} ULPs)`);
    assert.ok(Math.abs(v - w) <= 1e-7 + 2e-6 * Math.abs(w), msg);
  });
}

for (const c of fixture.cases) {
  Deno.test(`torch parity: ${c.name}`, () => {
    const x = build(c.input, c.input.requires_grad);
    const src = c.view === "t" ? x.t() : x;
    const res = call(c.op, src, c.args);
    const values = res instanceof ValuesIndices ? res.values : res;
    assertValues(values, c.out, "output", "value");
    if (c.indices !== undefined) {
      assert.ok(res instanceof ValuesIndices);
      assertValues(res.indices, c.indices, "indices", "value");
    }
    assert.equal(String(res), c.repr);
    assert.equal(values.grad_fn?.name() ?? null, c.grad_fn);
    if (c.grad !== null) {
      if (c.grad_output === null) values.backward();
      else values.backward(build(c.grad_output));
      assert.ok(x.grad !== null, "input got a gradient");
      assertValues(x.grad, c.grad, "grad", "grad");
    }
  });
}

const R = [[0.3, -1.2, 0.7, 2.1], [1.5, -0.4, 0.9, -2.2], [0.1, 0.6, -1.7, 1.1]];
const flat = R.flat();
const shaped = (f: (x: Tensor) => Tensor) => (x: Tensor) => f(x.reshape(3, 4));

Deno.test("gradcheck (float64): every differentiable op", () => {
  const cases: [string, (x: Tensor) => Tensor][] = [
    ["prod", (x) => x.prod()],
    ["prod dim", (x) => x.prod(1)],
    ["max", (x) => x.max()],
    ["max dim", (x) => x.max(1).values],
    ["min dim keepdim", (x) => x.min(0, true).values],
    ["amax", (x) => x.amax([0, 1])],
    ["amin dim", (x) => x.amin(1)],
    ["logsumexp", (x) => x.logsumexp(1)],
    ["logsumexp dims", (x) => x.logsumexp([0, 1], true)],
    ["var", (x) => x.var()],
    ["var dim correction 0", (x) => x.var(1, { correction: 0 })],
    ["std", (x) => x.std()],
    ["std dim", (x) => x.std(0, false, true)],
    ["norm", (x) => x.norm()],
    ["norm 1", (x) => x.norm(1, 1)],
    ["norm 3", (x) => x.norm(3, 0)],
    ["norm 1.5", (x) => x.norm(1.5, 1)],
    ["norm 0.5", (x) => x.norm(0.5, 1)],
    ["norm inf", (x) => x.norm(Infinity, 1)],
    ["norm -inf", (x) => x.norm(-Infinity)],
    ["cumsum", (x) => x.cumsum(1)],
    ["cumsum dim 0 of a view", (x) => x.t().cumsum(0)],
    ["topk", (x) => x.topk(2).values],
    ["topk smallest", (x) => x.topk(2, 0, false).values],
    ["sort", (x) => x.sort(1).values],
    ["sort descending", (x) => x.sort(0, true).values],
  ];
  for (const [name, f] of cases) {
    const err = gradcheck(shaped(f), [flat]);
    assert.ok(err < 1e-6, `${name}: gradcheck error ${err}`);
  }
});

Deno.test("gradcheck: prod with one zero in a lane", () => {
  const err = gradcheck((x) => x.reshape(2, 3).prod(1), [[0, 2, 3, 1.5, 0.5, -2]]);
  assert.ok(err < 1e-6, `gradcheck error ${err}`);
});

Deno.test("max/min/topk/sort destructure as [values, indices]", () => {
  const x = tensor([[1, 5, 2], [7, 0, 3]]);
  const [v, i] = x.max(1);
  assert.deepEqual([v.tolist(), i.tolist(), i.dtype], [[5, 7], [1, 0], "int64"]);
  const { values, indices } = x.sort(1, true);
  assert.deepEqual(values.tolist(), [[5, 2, 1], [7, 3, 0]]);
  assert.deepEqual(indices.tolist(), [[1, 2, 0], [0, 2, 1]]);
  assert.equal([...x.topk(1)].length, 2);
});

Deno.test("torch functions: var, std, sum, mean and the rest exported by mod.ts", () => {
  const x = tensor([[1, 2], [3, 5]], { dtype: "float64" });
  assert.deepEqual(torch.var(x, 1).tolist(), [0.5, 2]);
  assert.deepEqual(torch.sum(x, 0).tolist(), [4, 7]);
  assert.equal(torch.mean(x).item(), 2.75);
  assert.deepEqual(torch.amax(x, 1).tolist(), [2, 5]);
  assert.deepEqual(torch.max(x, 0).indices.tolist(), [1, 1]);
  assert.deepEqual(torch.sort(x, { dim: 0, descending: true }).values.tolist(), [[3, 5], [1, 2]]);
});

Deno.test("sort options: dim, descending and stable as one object like torch's keywords", () => {
  const x = tensor([2, 1, 2, 1]);
  assert.deepEqual(x.sort({ descending: true, stable: true }).indices.tolist(), [0, 2, 1, 3]);
  assert.deepEqual(x.sort(-1, false, { stable: true }).indices.tolist(), [1, 3, 0, 2]);
});

Deno.test("topk with sorted false returns the same set", () => {
  const { values } = tensor([0.3, 0.9, 0.1, 0.5]).topk(2, -1, true, false);
  assert.deepEqual([...values.toTypedArray()].sort(), [Math.fround(0.5), Math.fround(0.9)]);
});

Deno.test("empty tensors: errors where torch has no identity, identities elsewhere", () => {
  const e = torch.zeros(0, 3);
  assert.throws(() => e.max(), /Expected reduction dim to be specified for input.numel\(\) == 0/);
  assert.throws(() => e.max(0), /max\(\): Expected reduction dim 0 to have non-zero size/);
  assert.throws(() => e.amax(0), /amax\(\): Expected reduction dim 0 to have non-zero size/);
  assert.deepEqual(e.max(1).values.shape, [0]);
  assert.deepEqual(e.prod(0).tolist(), [1, 1, 1]);
  assert.deepEqual(e.logsumexp(0).tolist(), [-Infinity, -Infinity, -Infinity]);
  assert.deepEqual(e.norm(2, 0).tolist(), [0, 0, 0]);
  assert.ok(Number.isNaN(e.var(0).toTypedArray()[0]));
});

Deno.test("0-dim inputs reduce over dim 0 or -1 to themselves", () => {
  const s = tensor(5);
  assert.deepEqual([s.max(0).values.item(), s.max(0).indices.item()], [5, 0]);
  assert.equal(s.sort().values.item(), 5);
  assert.equal(s.topk(1).indices.item(), 0);
  assert.equal(s.cumsum(0).item(), 5);
  assert.ok(Number.isNaN(s.var().item()));
});

Deno.test("an in-place change to an input saved for backward is refused", () => {
  const x = tensor([1, 2, 3], { requires_grad: true });
  const y = x.mul(1);
  const v = y.var();
  y.mul_(2);
  assert.throws(() => v.backward(), /modified by an inplace operation/);
});

Deno.test("errors say what was expected and what was received", () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  const i = tensor([[1n, 2n]]);
  assert.throws(() => x.prod([0, 1] as never), /prod: dim must be a single integer, got an array/);
  assert.throws(() => x.max(2), /expected to be in range of \[-2, 1\], but got 2/);
  assert.throws(() => x.max(0, 1 as never), /keepdim must be a boolean, got number 1/);
  assert.throws(() => x.logsumexp(undefined as never), /dim is required/);
  assert.throws(() => i.var(), /std and var only support floating point .* got int64/);
  assert.throws(() => x.var(1, { correction: 0, unbiased: true }), /either correction or unbiased/);
  assert.throws(() => x.var(1, { corection: 0 } as never), /unknown option "corection"/);
  assert.throws(() => x.var(1, { correction: 0.5 }), /correction must be an integer/);
  assert.throws(() => i.norm(), /norm\(\): input dtype should be either floating point .* int64/);
  assert.throws(() => x.norm("nuc" as never), /the nuclear norm is not supported/);
  assert.throws(() => x.topk(4), /selected index k out of range: expected an integer in \[0, 3\]/);
  assert.throws(() => tensor([true]).topk(1), /not implemented for 'Bool'/);
  assert.throws(() => x.sort(0, "yes" as never), /descending must be a boolean/);
  assert.throws(() => x.sort({ stabel: true } as never), /unknown option "stabel"/);
  assert.throws(() => x.cumsum([0] as never), /cumsum: dim must be a single integer/);
  assert.throws(() => torch.max(x, undefined as never, true), /keepdim was given without a dim/);
  // torch.min(input, other) is torch's elementwise overload (minimum).
  assert.deepEqual(torch.min(x, x.neg()).tolist(), x.neg().tolist());
  assert.throws(
    () => torch.min(x, { dim: 0, keepdm: true } as never),
    /unexpected keyword argument "keepdm"/,
  );
});

Deno.test("int64 results stay exact or refuse", () => {
  const big = tensor([2n ** 40n, 2n ** 20n]);
  assert.throws(() => big.prod(), /int64/);
  assert.deepEqual(tensor([2n ** 52n, 2n ** 52n - 1n]).cumsum(0).tolist(), [2 ** 52, 2 ** 53 - 1]);
  assert.throws(() => tensor([2n ** 52n, 2n ** 52n]).cumsum(0), /int64/);
});
