/**
 * matmul, mm, bmm, mv, dot, outer and F.linear against PyTorch 1.13 (tests/fixtures/linalg.json,
 * written by tools/gen_linalg_fixtures.py): values, gradients, grad_fn names, reprs, errors.
 */
import assert from "node:assert/strict";
import { bmm, dot, F, matmul, mm, mv, outer, type Tensor, tensor } from "../mod.ts";
import { gradcheck } from "./gradcheck.ts";
import { elems } from "./values.ts";

interface Rec {
  data: number[];
  shape: number[];
  dtype: "float32" | "float64";
}
interface Case {
  name: string;
  op: string;
  inputs: Rec[];
  out: Rec;
  repr: string;
  grad_fn: string;
  grad_output: Rec | null;
  grads: Rec[];
}
const fixture: {
  cases: Case[];
  large: Case[];
  int64_mm: { a: number[][]; b: number[][]; out: number[][] };
  errors: { name: string; message: string }[];
} = JSON.parse(
  Deno.readTextFileSync(new URL("./fixtures/linalg.json", import.meta.url)),
);

const OPS: Record<string, (...xs: Tensor[]) => Tensor> = {
  matmul: (a, b) => matmul(a, b),
  mm: (a, b) => mm(a, b),
  bmm: (a, b) => bmm(a, b),
  mv: (a, b) => mv(a, b),
  dot: (a, b) => dot(a, b),
  outer: (a, b) => outer(a, b),
  linear: (x, w, b) => F.linear(x, w, b),
};

function leaf(r: Rec, requires_grad = false): Tensor {
  return tensor(r.data, { dtype: r.dtype, shape: r.shape, requires_grad });
}

/** Distance between a and b in units in the last place of b (float32 or float64). */
function ulps(a: number, b: number, dtype: string): number {
  if (a === b) return 0;
  const bits = dtype === "float32" ? 23 : 52;
  const e = Math.floor(
    Math.log2(Math.max(Math.abs(b), dtype === "float32" ? 2 ** -126 : 2 ** -1022)),
  );
  return Math.abs(a - b) / 2 ** (e - bits);
}

function assertClose(t: Tensor, r: Rec, what: string, maxUlps: number, atol: number): void {
  assert.deepEqual(t.shape, r.shape, `${what}: shape`);
  assert.equal(t.dtype, r.dtype, `${what}: dtype`);
  const got = elems(t);
  for (let i = 0; i < r.data.length; i++) {
    const want = r.dtype === "float32" ? Math.fround(r.data[i]) : r.data[i];
    const ok = Math.abs(got[i] - want) <= atol || ulps(got[i], want, r.dtype) <= maxUlps;
    assert.ok(ok, `${what}[${i}]: got ${got[i]}, torch ${want}`);
  }
}

for (const c of fixture.cases) {
  Deno.test(`${c.name}: values, gradients and grad_fn as torch (${c.grad_fn})`, () => {
    const xs = c.inputs.map((r) => leaf(r, true));
    const out = OPS[c.op](...xs);
    assert.equal(out.grad_fn?.name(), c.grad_fn);
    // Sums accumulate in double and round once; torch's BLAS sums in float32 (its order).
    const tol = c.out.dtype === "float32" ? 1e-6 : 1e-15;
    assertClose(out, c.out, "output", 8, tol);
    if (c.out.dtype === "float32" && !c.name.startsWith("outer")) {
      assert.equal(String(out).replace(/grad_fn=<\w+>/, ""), c.repr.replace(/grad_fn=<\w+>/, ""));
    }
    out.backward(c.grad_output === null ? undefined : leaf(c.grad_output));
    xs.forEach((x, i) => assertClose(x.grad!, c.grads[i], `grad ${i}`, 8, tol));
  });
}

Deno.test("float32 products are the double sum rounded once; torch's float32 sums are within 2 ulp of Σ|a·b|", () => {
  const ulp32 = (x: number) => 2 ** (Math.floor(Math.log2(Math.abs(x))) - 23);
  let worstVsTorch = 0;
  let differ = 0;
  for (const c of fixture.large) {
    const xs = c.inputs.map((r) => leaf(r));
    const got = elems(OPS[c.op](...xs));
    // The exact sums (float64 inputs: products of float32 values are exact in double) and the
    // sums of magnitudes, which bound what any float32 summation order can lose.
    const exact = elems(OPS[c.op](...xs.map((x) => x.double())));
    const mag = elems(
      OPS[c.op](
        ...c.inputs.map((r) =>
          tensor(r.data.map((v) => Math.abs(Math.fround(v))), { dtype: "float64", shape: r.shape })
        ),
      ),
    );
    for (let i = 0; i < got.length; i++) {
      assert.equal(got[i], Math.fround(exact[i]), `${c.name}[${i}] is the correctly rounded sum`);
      const torch = Math.fround(c.out.data[i]);
      if (torch !== got[i]) differ++;
      worstVsTorch = Math.max(worstVsTorch, Math.abs(got[i] - torch) / ulp32(mag[i]));
    }
  }
  assert.ok(differ > 0, "torch sums in float32, so some results differ in the last bits");
  assert.ok(worstVsTorch <= 2, `worst ${worstVsTorch} ulp of Σ|a·b|`);
});

Deno.test("int64 matrices multiply exactly, as torch.mm on CPU", () => {
  const { a, b, out } = fixture.int64_mm;
  const r = mm(tensor(a, { dtype: "int64" }), tensor(b, { dtype: "int64" }));
  assert.equal(r.dtype, "int64");
  assert.deepEqual(r.tolist(), out);
});

Deno.test("errors carry torch's message and what was received", () => {
  const want = Object.fromEntries(fixture.errors.map((e) => [e.name, e.message]));
  const expectIncludes = (f: () => unknown, msg: string) =>
    assert.throws(f, (e: Error) => e.message.includes(msg) || assert.fail(e.message));
  expectIncludes(
    () => mm(tensor([[1, 1, 1], [1, 1, 1]]), tensor([[1], [1], [1], [1]]).expand(4, 5)),
    want.mm_shapes,
  );
  expectIncludes(() => mm(tensor([1, 1, 1]), tensor([[1, 1], [1, 1], [1, 1]])), want.mm_not_matrix);
  expectIncludes(
    () => bmm(tensor([[[1, 1, 1], [1, 1, 1]]]).expand(2, 2, 3), tensor([[[1, 1]]]).expand(2, 4, 2)),
    want.bmm_sizes,
  );
  expectIncludes(() => dot(tensor([[1, 1], [1, 1]]), tensor([1, 1])), want.dot_dims);
  expectIncludes(() => dot(tensor([1, 1, 1]), tensor([1, 1, 1, 1])), want.dot_sizes);
  expectIncludes(() => matmul(tensor(1), tensor([1, 1, 1])), want.matmul_0d);
  assert.throws(
    () => dot(tensor([1]), tensor([1], { dtype: "float64" })),
    /same dtype, but found float32 and float64/,
  );
  assert.throws(
    () => matmul(tensor([[1]]), tensor([[1]], { dtype: "float64" })),
    /same dtype.*float32 and float64/,
  );
  assert.throws(() => matmul(tensor([[true]]), tensor([[true]])), /bool/);
  assert.throws(
    () =>
      matmul(
        tensor([[1, 2, 3]]).expand(5, 2, 3).contiguous().view(5, 2, 3),
        tensor([[1, 2]]).expand(4, 2),
      ),
    /inner dims must agree.*\[5, 2, 3\].*3 columns.*4 rows/,
  );
  assert.throws(
    () => matmul([1, 2] as unknown as Tensor, tensor([1, 2])),
    /expected a Tensor, got an array/,
  );
});

Deno.test("gradcheck: matmul in every rank combination, bmm, outer, linear (float64)", () => {
  const shapes: [number[], number[]][] = [
    [[3], [3]],
    [[2, 3], [3]],
    [[3], [3, 2]],
    [[2, 3], [3, 2]],
    [[2, 2, 3], [3, 2]],
    [[3], [2, 3, 2]],
    [[2, 3], [2, 3, 2]],
    [[1, 2, 3], [2, 3, 2]],
  ];
  for (const [sa, sb] of shapes) {
    const n = (s: number[]) => s.reduce((p, q) => p * q, 1);
    const vals = (s: number[], k: number) =>
      Array.from({ length: n(s) }, (_, i) => Math.sin(i + k));
    const err = gradcheck((a, b) => matmul(a.reshape(sa), b.reshape(sb)), [
      vals(sa, 1),
      vals(sb, 2),
    ]);
    assert.ok(err < 1e-7, `${sa} @ ${sb}: ${err}`);
  }
  assert.ok(gradcheck((a, b) => outer(a, b), [[1, 2, 3], [0.5, -1]]) < 1e-7);
  assert.ok(
    gradcheck((x, w, b) => F.linear(x.reshape([2, 3]), w.reshape([2, 3]), b), [
      [1, 2, 3, -1, 0.5, 2],
      [0.1, 0.2, 0.3, -0.4, 0.5, 0.6],
      [1, -1],
    ]) < 1e-7,
  );
});

Deno.test("gradients of matmul are differentiable (double backward)", () => {
  const a = tensor([[1, 2], [3, 4]], { dtype: "float64", requires_grad: true });
  const b = tensor([[0.5, -1], [2, 1]], { dtype: "float64", requires_grad: true });
  // d/da sum(a @ b) = ones @ b^T, whose sum's gradient w.r.t. b is 2 (rows of ones) per entry.
  const y = a.matmul(b);
  y.backward(tensor([[1, 1], [1, 1]], { dtype: "float64" }));
  assert.deepEqual(a.grad!.tolist(), [[-0.5, 3], [-0.5, 3]]);
  assert.deepEqual(b.grad!.tolist(), [[4, 4], [6, 6]]);
});
