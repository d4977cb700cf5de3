import assert from "node:assert/strict";
import { tensor, zeros } from "../mod.ts";

Deno.test("binary ops broadcast by NumPy rules", () => {
  const a = tensor([[1], [2]]); // (2, 1)
  const b = tensor([10, 20, 30]); // (3,)
  assert.deepEqual(a.add(b).tolist(), [[11, 21, 31], [12, 22, 32]]);
  assert.deepEqual(a.sub(b).shape, [2, 3]);
  assert.deepEqual(b.mul(tensor(2)).tolist(), [20, 40, 60]);
  assert.deepEqual(b.div(a).tolist(), [[10, 20, 30], [5, 10, 15]]);
});

Deno.test("shapes that do not broadcast are named in the error", () => {
  assert.throws(
    () => tensor([1, 2, 3]).add(tensor([1, 2])),
    /shapes torch\.Size\(\[3\]\) and torch\.Size\(\[2\]\) do not broadcast.*size of tensor a \(3\) must match the size of tensor b \(2\) at non-singleton dimension 0/,
  );
});

Deno.test("numbers act as scalars of the tensor's dtype", () => {
  const t = tensor([1, 2]);
  assert.deepEqual(t.add(0.5).tolist(), [1.5, 2.5]);
  assert.equal(t.mul(0.1).dtype, "float32");
  assert.equal(t.mul(0.1).toTypedArray()[0], Math.fround(0.1));
});

Deno.test("float32 with float64 promotes to float64, except a 0-dim float64 operand", () => {
  const f32 = tensor([1, 2]);
  const f64 = tensor([1, 2], { dtype: "float64" });
  assert.equal(f32.add(f64).dtype, "float64");
  assert.equal(f64.add(f32).dtype, "float64");
  // torch: a dimensioned tensor's dtype wins over a 0-dim tensor's of the same kind.
  assert.equal(f32.add(tensor(1, { dtype: "float64" })).dtype, "float32");
  assert.equal(tensor(1).add(f64).dtype, "float64");
  assert.equal(tensor(1).add(tensor(1, { dtype: "float64" })).dtype, "float64");
});

Deno.test("a float64 operand is rounded to float32 before a float32 op, as in torch", () => {
  const r = tensor([0]).add(tensor(0.1, { dtype: "float64" }));
  assert.equal(r.item(), Math.fround(0.1));
});

Deno.test("log and exp follow IEEE: log 0 = -inf, log of a negative is NaN, exp overflows to inf", () => {
  assert.deepEqual(tensor([0, -1, 1]).log().tolist(), [-Infinity, NaN, 0]);
  const e = tensor([88, 89]).exp().tolist() as number[];
  assert.deepEqual(e.map((v) => Number.isFinite(v)), [true, false]);
  assert.equal(tensor([89], { dtype: "float64" }).exp().tolist().toString(), String(Math.exp(89)));
});

Deno.test("xlogy is 0 where x is 0, even for y = 0, and NaN for NaN y", () => {
  assert.deepEqual(tensor([0, 0, 2]).xlogy(tensor([0, NaN, 1])).tolist(), [0, NaN, 0]);
  assert.equal(
    tensor([0.5]).xlogy(tensor([0.25])).item(),
    Math.fround(0.5 * Math.fround(Math.log(0.25))),
  );
});

Deno.test("ops record torch's grad_fn names", () => {
  const x = tensor([1, 2], { requires_grad: true });
  const names = [x.add(1), x.sub(x), x.mul(2), x.div(2), x.neg(), x.log(), x.exp(), x.xlogy(x)]
    .map((t) => t.grad_fn?.name());
  assert.deepEqual(names, [
    "AddBackward0",
    "SubBackward0",
    "MulBackward0",
    "DivBackward0",
    "NegBackward0",
    "LogBackward0",
    "ExpBackward0",
    "XlogyBackward0",
  ]);
});

Deno.test("a non-Tensor operand is a clear error", () => {
  assert.throws(
    () => zeros(2).add([1, 2] as never),
    /add\(other\): expected a Tensor, got an array/,
  );
  assert.throws(() => zeros(2).mul("2" as never), /mul\(other\): expected a Tensor, got string/);
});

Deno.test("empty tensors stay empty", () => {
  assert.deepEqual(zeros(0, 3).add(tensor([1, 2, 3])).shape, [0, 3]);
});

Deno.test("unary ops and logical_not read strided inputs through their strides", () => {
  const x = tensor([[1, 2], [3, 4]]);
  assert.deepEqual(x.t().neg().tolist(), [[-1, -3], [-2, -4]]);
  assert.deepEqual(x.narrow(1, 1, 1).log().tolist(), [[Math.fround(Math.log(2))], [
    Math.fround(Math.log(4)),
  ]]);
  assert.deepEqual(tensor([[1, 0], [2, 3]]).t().logical_not().tolist(), [[false, false], [
    true,
    false,
  ]]);
});
