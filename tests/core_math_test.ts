/**
 * What the op table cannot express for the core-math family: how plain and named tuples print
 * and index, in-place forms, keyword errors and the dtype keyword's refusals. Values and
 * gradients are checked against PyTorch 1.13 by tests/opinfo_test.ts (core_math, reduce).
 */
import assert from "node:assert/strict";
import {
  aminmax,
  F,
  MinMax,
  NamedTuple,
  std_mean,
  tensor,
  TensorTuple,
  unique,
  ValuesIndices,
} from "../mod.ts";

Deno.test("max(dim)[1] is the indices, as x.max(1)[1] in torch", () => {
  const x = tensor([[1, 5, 2], [7, 0, 3]]);
  const r = x.max(1);
  assert.ok(r instanceof ValuesIndices && r instanceof NamedTuple && r instanceof TensorTuple);
  assert.deepEqual(r[1].tolist(), [1, 0]);
  assert.equal(r[0], r.values);
  assert.equal(r.length, 2);
  assert.deepEqual(x.sort(1, true)[1].tolist(), [[1, 2, 0], [0, 2, 1]]);
  assert.deepEqual(x.topk(1)[0].tolist(), [[5], [7]]);
});

Deno.test("a plain tuple prints as Python's, a named one as torch.return_types", () => {
  const out = std_mean(tensor([1, 2, 3]));
  assert.equal(String(out), "(tensor(1.), tensor(2.))");
  assert.equal(Deno.inspect(out), "(tensor(1.), tensor(2.))");
  const r = aminmax(tensor([3, 1, 2]));
  assert.ok(r instanceof MinMax);
  assert.equal(Deno.inspect(r), "torch.return_types.aminmax(\nmin=tensor(1.),\nmax=tensor(3.))");
  const u = unique(tensor([2n, 1n, 2n]), { return_counts: true }) as TensorTuple;
  assert.equal(String(u), "(tensor([1, 2]), tensor([1, 2]))");
});

Deno.test("trig and binary in-place forms write through and bump the version", () => {
  const x = tensor([0, 1, 2], { dtype: "float64" });
  const v = x._version;
  x.sin_();
  assert.deepEqual(x.tolist(), [0, Math.sin(1), Math.sin(2)]);
  assert.ok(x._version > v);
  const y = tensor([-3, 3]);
  y.remainder_(2);
  assert.deepEqual(y.tolist(), [1, 1]);
  const p = tensor([1, 1]);
  p.addcmul_(tensor([2, 3]), tensor([4, 5]), { value: 0.5 });
  assert.deepEqual(p.tolist(), [5, 8.5]);
  p.clip_({ max: 6 });
  assert.deepEqual(p.tolist(), [5, 6]);
  assert.deepEqual(tensor([0.5, -0.5]).arcsin_().tolist(), tensor([0.5, -0.5]).asin().tolist());
});

Deno.test("keyword-only and unknown keywords are refused in torch's words", () => {
  const x = tensor([1, 2]);
  assert.throws(() => x.addcmul(x, x, 2 as never), /takes 0 positional arguments/);
  assert.throws(
    () => F.softmax(x, { dim: 0, dtyp: "float64" } as never),
    /unexpected keyword argument "dtyp"/,
  );
  assert.throws(() => x.sum({ dtype: "float16" } as never), /dtype/);
  assert.throws(() => x.quantile(0.5, { interpolation: "cubic" } as never), /interpolation/);
});

Deno.test("the dtype keyword refuses an integer dtype for an input that requires grad", () => {
  const x = tensor([1.5, 2], { requires_grad: true });
  assert.throws(() => x.prod({ dtype: "int64" }), /INTERNAL ASSERT|cannot carry the gradient/);
  // Without grad the cast happens first, as in torch: 1.5 · 2 → 1 · 2.
  assert.equal(tensor([1.5, 2]).prod({ dtype: "int64" }).item(), 2);
  const y = x.sum({ dtype: "float64" });
  y.backward();
  assert.equal(y.dtype, "float64");
  assert.equal(x.grad?.dtype, "float32");
  assert.deepEqual(x.grad?.tolist(), [1, 1]);
});

Deno.test("aminmax is not differentiable, as torch", () => {
  const r = aminmax(tensor([1, 2], { requires_grad: true }));
  assert.equal(r.min.grad_fn?.name(), "NotImplemented");
  assert.throws(() => r.min.backward(), /derivative for 'aminmax' is not implemented/);
});

Deno.test("float_power_ needs a float64 tensor, as torch", () => {
  assert.throws(
    () => tensor([1, 2]).float_power_(2),
    /base given to float_power_ has dtype Float but the operation's result requires dtype Double/,
  );
  assert.deepEqual(tensor([1, 2], { dtype: "float64" }).float_power_(2).tolist(), [1, 4]);
});
