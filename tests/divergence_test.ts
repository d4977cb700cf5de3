/**
 * divergence.kl / js / symmetric_kl / entropy / cross_entropy against SciPy and against the
 * PyTorch 1.13 formulas they replace (tests/fixtures/divergence.json, written by
 * tools/gen_divergence_fixtures.py); gradcheck; 0·log 0 = 0; errors.
 */
import assert from "node:assert/strict";
import { divergence, F, nn, type Tensor, tensor } from "../mod.ts";
import { gradcheck } from "./gradcheck.ts";
import { elems } from "./values.ts";

type Num = number | string;
interface Case {
  name: string;
  fn: "kl" | "js" | "symmetric_kl" | "entropy" | "cross_entropy";
  form: "prob" | "log" | "logits";
  dtype: "float32" | "float64";
  dim: number | null;
  base: number | null;
  shape: number[];
  p: Num[];
  q: Num[];
  scipy: Num[];
  torch: Num[];
  weight: Num[];
  grad_p: Num[] | null;
  grad_q: Num[] | null;
  zeros: boolean;
}
const fixture: { cases: Case[] } = JSON.parse(
  Deno.readTextFileSync(new URL("./fixtures/divergence.json", import.meta.url)),
);

const num = (v: Num): number =>
  typeof v === "number" ? v : v === "nan" ? NaN : v === "inf" ? Infinity : -Infinity;

function run(c: Case, p: Tensor, q: Tensor): Tensor {
  const options = {
    ...(c.dim === null ? {} : { dim: c.dim }),
    ...(c.base === null ? {} : { base: c.base }),
    ...(c.form === "log" ? { log: true } : c.form === "logits" ? { logits: true } : {}),
  };
  return c.fn === "entropy" ? divergence.entropy(p, options) : divergence[c.fn](p, q, options);
}

function close(got: number, want: number, rtol: number, atol: number): boolean {
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (!Number.isFinite(want)) return got === want;
  return Math.abs(got - want) <= atol + rtol * Math.abs(want);
}

for (const c of fixture.cases) {
  Deno.test(`divergence.${c.name}: SciPy's value${c.zeros ? " where torch's formula gives NaN" : ", torch's value and gradients"}`, () => {
    const p = tensor(c.p.map(num), { dtype: c.dtype, shape: c.shape, requires_grad: true });
    const q = tensor(c.q.map(num), { dtype: c.dtype, shape: c.shape, requires_grad: true });
    const out = run(c, p, q);
    assert.equal(out.dtype, c.dtype);
    const got = elems(out);
    assert.equal(got.length, c.scipy.length);
    // float64: within a few ulp of SciPy; float32: the inputs were rounded to float32 before
    // SciPy saw them, so only the float32 arithmetic separates the results.
    const [rtol, atol] = c.dtype === "float64" ? [1e-14, 1e-15] : [2e-6, 1e-7];
    c.scipy.forEach((v, i) =>
      assert.ok(close(got[i], num(v), rtol, atol), `[${i}] ${got[i]} vs SciPy ${v}`)
    );
    if (c.zeros) {
      // The PyTorch formula breaks on 0·log 0; ours keeps it 0 and the gradients finite.
      assert.ok(
        c.torch.some((v) => num(v) !== num(c.scipy[0])) || c.fn === "js" || c.fn === "symmetric_kl",
      );
      out.backward(tensor(c.weight.map(num), { dtype: c.dtype, shape: out.shape }));
      for (const g of [p.grad, q.grad]) {
        if (g !== null && c.fn !== "symmetric_kl") {
          assert.ok(Array.from(elems(g)).every(Number.isFinite));
        }
      }
      return;
    }
    c.torch.forEach((v, i) =>
      assert.ok(close(got[i], num(v), rtol * 2, atol), `[${i}] ${got[i]} vs torch ${v}`)
    );
    out.backward(tensor(c.weight.map(num), { dtype: c.dtype, shape: out.shape }));
    const grtol = c.dtype === "float64" ? 1e-12 : 2e-5;
    const gatol = c.dtype === "float64" ? 1e-13 : 2e-6;
    c.grad_p!.forEach((v, i) =>
      assert.ok(
        close(elems(p.grad!)[i], num(v), grtol, gatol),
        `grad p[${i}] ${elems(p.grad!)[i]} vs ${v}`,
      )
    );
    if (c.grad_q !== null) {
      c.grad_q.forEach((v, i) =>
        assert.ok(
          close(elems(q.grad!)[i], num(v), grtol, gatol),
          `grad q[${i}] ${elems(q.grad!)[i]} vs ${v}`,
        )
      );
    }
  });
}

Deno.test("gradcheck: every divergence in each form, with respect to both arguments (float64)", () => {
  const p = [0.1, 0.2, 0.3, 0.4, 0.25, 0.25, 0.4, 0.1];
  const q = [0.3, 0.3, 0.2, 0.2, 0.1, 0.6, 0.2, 0.1];
  for (const fn of ["kl", "js", "symmetric_kl", "cross_entropy"] as const) {
    for (
      const options of [{ dim: 1 }, { dim: 1, log: true }, { dim: 1, logits: true, base: 2 }, {}]
    ) {
      const f = (a: Tensor, b: Tensor) => {
        const [x, y] = [a.reshape(2, 4), b.reshape(2, 4)];
        return "log" in options
          ? divergence[fn](x.log(), y.log(), options)
          : divergence[fn](x, y, options);
      };
      const err = gradcheck(f, [p, q]);
      assert.ok(err < 1e-7, `${fn} ${JSON.stringify(options)}: ${err}`);
    }
  }
  assert.ok(
    gradcheck((a) => divergence.entropy(a.reshape(2, 4), { dim: 0, base: 10 }), [p]) < 1e-7,
  );
});

Deno.test("0·log 0 = 0 in value and gradient; KL is infinite where q is 0 but p is not", () => {
  const p = tensor([0.5, 0.5, 0], { dtype: "float64", requires_grad: true });
  const q = tensor([0.5, 0.25, 0], { dtype: "float64", requires_grad: true });
  const d = divergence.kl(p, q);
  assert.equal(d.item(), 0.5 * Math.log(2));
  d.backward();
  assert.deepEqual(p.grad!.tolist(), [1, 1 + Math.log(2), 0]);
  assert.deepEqual(q.grad!.tolist(), [-1, -2, 0]);
  assert.equal(divergence.kl(tensor([0.5, 0.5]), tensor([1, 0])).item(), Infinity);
  // The log form: log p = -Infinity where p is 0.
  assert.equal(divergence.entropy(tensor([0, -Infinity]), { log: true }).item(), 0);
  assert.ok(Number.isNaN(divergence.kl(tensor([NaN, 1]), tensor([0.5, 0.5])).item()));
});

Deno.test("logits go through log_softmax, so huge scores stay finite", () => {
  const a = tensor([1000, 0, -1000]);
  const b = tensor([0, 1000, -1000]);
  const d = divergence.kl(a, b, { logits: true });
  assert.ok(Math.abs(d.item() - 1000) < 1e-3, String(d));
  // The same as kl_div on log_softmax, summed, with the arguments in math order.
  const viaF = F.kl_div(F.log_softmax(tensor([1, 2, 3]), 0), F.log_softmax(tensor([3, 1, 0]), 0), {
    reduction: "sum",
    log_target: true,
  });
  const ours = divergence.kl(tensor([3, 1, 0]), tensor([1, 2, 3]), { logits: true });
  assert.ok(Math.abs(ours.item() - viaF.item()) < 1e-6);
});

Deno.test("JS is symmetric and bounded by log 2; the bound is reached by disjoint supports", () => {
  const p = tensor([0.7, 0.2, 0.1], { dtype: "float64" });
  const q = tensor([0.1, 0.1, 0.8], { dtype: "float64" });
  assert.equal(divergence.js(p, q).item(), divergence.js(q, p).item());
  assert.ok(divergence.js(p, q).item() < Math.log(2));
  assert.equal(
    divergence.js(tensor([1, 0], { dtype: "float64" }), tensor([0, 1], { dtype: "float64" }))
      .item(),
    Math.log(2),
  );
  assert.equal(
    divergence.symmetric_kl(p, q).item(),
    divergence.kl(p, q).item() + divergence.kl(q, p).item(),
  );
});

Deno.test("cross_entropy = entropy + kl", () => {
  const p = tensor([[0.2, 0.8], [0.5, 0.5]], { dtype: "float64" });
  const q = tensor([[0.6, 0.4], [0.9, 0.1]], { dtype: "float64" });
  const h = divergence.cross_entropy(p, q, { dim: 1 }).tolist() as number[];
  const sum = divergence.entropy(p, { dim: 1 }).add(divergence.kl(p, q, { dim: 1 }))
    .tolist() as number[];
  h.forEach((v, i) => assert.ok(Math.abs(v - sum[i]) < 1e-15));
});

Deno.test("bad inputs and options are named", () => {
  const p = tensor([0.5, 0.5]);
  assert.throws(
    () => divergence.kl(p, tensor([1, 0, 0])),
    /kl: shapes .* do not broadcast: the size of p \(2\) must match the size of q \(3\)/,
  );
  assert.throws(
    () => divergence.kl(p, p, { base: 1 }),
    /base must be "e", Math.E, 2, 10 or another positive number other than 1, got number 1/,
  );
  assert.throws(() => divergence.kl(p, p, { log: true, logits: true }), /either log .* or logits/);
  assert.throws(() => divergence.kl(p, p, { dim: 3 }), /kl/);
  assert.throws(
    () => divergence.js(p, p, { reduction: "sum" } as never),
    /unknown option "reduction"/,
  );
  assert.throws(
    () => divergence.entropy(tensor([1, 0], { dtype: "int64" })),
    /entropy: p must be a float32 or float64 tensor of probabilities, got int64/,
  );
  assert.throws(
    () => divergence.kl([0.5, 0.5] as unknown as Tensor, p),
    /kl\(p\): expected a Tensor, got an array/,
  );
});

const distillation: {
  temperature: number;
  alpha: number;
  student: number[];
  teacher: number[];
  labels: number[];
  loss: number;
  grad_student: number[];
  grad_teacher: number[];
}[] = JSON.parse(
  Deno.readTextFileSync(new URL("./fixtures/divergence.json", import.meta.url)),
).distillation;

for (const c of distillation) {
  Deno.test(`nn.DistillationLoss({ temperature: ${c.temperature}, alpha: ${c.alpha} }) equals torch's Hinton loss and its gradients`, () => {
    const s = tensor(c.student, { shape: [5, 4], requires_grad: true });
    const t = tensor(c.teacher, { shape: [5, 4], requires_grad: true });
    const loss = nn.DistillationLoss({ temperature: c.temperature, alpha: c.alpha });
    const out = loss(s, t, tensor(c.labels, { dtype: "int64" }));
    assert.ok(close(out.item(), c.loss, 2e-6, 1e-7), `${out.item()} vs ${c.loss}`);
    assert.equal(out.grad_fn?.name(), "AddBackward0");
    out.backward();
    c.grad_student.forEach((v, i) =>
      assert.ok(close(elems(s.grad!)[i], v, 1e-5, 1e-7), `student[${i}]`)
    );
    c.grad_teacher.forEach((v, i) =>
      assert.ok(close(elems(t.grad!)[i], v, 1e-5, 1e-7), `teacher[${i}]`)
    );
  });
}

Deno.test("DistillationLoss checks its options and inputs", () => {
  assert.throws(
    () => nn.DistillationLoss({ temperature: 0 }),
    /temperature must be a positive number, got number 0/,
  );
  assert.throws(() => nn.DistillationLoss({ alpha: 2 }), /alpha must be in \[0, 1\], got number 2/);
  assert.throws(() => nn.DistillationLoss({ T: 2 } as never), /unknown option "T"/);
  const loss = nn.DistillationLoss({ temperature: 2, alpha: 0.5 });
  assert.equal(String(loss), "DistillationLoss(temperature=2, alpha=0.5)");
  const s = tensor([[1, 2], [3, 4]]);
  assert.throws(
    () => loss(s, tensor([[1, 2]]), tensor([0, 1], { dtype: "int64" })),
    /teacher_logits must have the student's shape/,
  );
  assert.throws(
    () => loss(s, s, tensor([0, 1])),
    /labels must be an int64 tensor of shape \[2\], got float32/,
  );
  assert.throws(() => loss(s, s, tensor([0, 2], { dtype: "int64" })), /Target 2 is out of bounds/);
});
