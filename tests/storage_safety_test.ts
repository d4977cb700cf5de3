/**
 * Issue 13 item 8 and the core parts of item 9: a tensor's storage cannot be changed behind
 * autograd's back, and loose arguments are refused with what was expected and received.
 */
import assert from "node:assert/strict";
import { no_grad, Tensor, tensor, zeros } from "../mod.ts";

Deno.test("the constructor copies its array: writing the array later changes nothing", () => {
  const array = new Float32Array([1, 2, 3]);
  const b = new Tensor(array, [3]);
  const a = tensor([1, 1, 1], { requires_grad: true });
  const y = a.mul(b).sum();
  array[0] = 100;
  y.backward();
  assert.deepEqual(a.grad?.tolist(), [1, 2, 3]);
  assert.deepEqual(b.tolist(), [1, 2, 3]);
});

Deno.test("toTypedArray() is a copy: writing it leaves the tensor and its gradient alone", () => {
  const a = tensor([1, 1, 1], { requires_grad: true });
  const b = tensor([1, 2, 3]);
  const y = a.mul(b).sum();
  b.toTypedArray()[0] = 100;
  y.backward();
  assert.deepEqual(a.grad?.tolist(), [1, 2, 3]);
});

Deno.test("an in-place write to a saved tensor is caught at backward with torch's message", () => {
  const a = tensor([1, 2, 3], { requires_grad: true });
  const b = tensor([1, 2, 3]);
  const y = a.mul(b).sum();
  b.mul_(2);
  assert.throws(
    () => y.backward(),
    (e: Error) =>
      e.message.includes(
        "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]] is at version 1; expected version 0 instead.",
      ),
  );
});

Deno.test("a write through a view of a saved tensor is caught too (views share the version)", () => {
  const a = tensor([[1, 2], [3, 4]], { requires_grad: true });
  const b = tensor([[1, 2], [3, 4]]);
  const y = a.mul(b).sum();
  b.select(0, 1).fill_(0);
  assert.throws(() => y.backward(), /is at version 1; expected version 0 instead/);
});

Deno.test("a gradient of another dtype cannot be assigned to .grad", () => {
  const a = tensor([1, 2, 3], { requires_grad: true });
  assert.throws(
    () => (a.grad = tensor([0, 0, 0], { dtype: "float64" })),
    /assigned grad has data of a different type: the tensor is float32 but the grad is float64/,
  );
  a.grad = tensor([0, 0, 0]);
  assert.deepEqual(a.grad.tolist(), [0, 0, 0]);
});

Deno.test("size() with a string dim names the string it got", () => {
  assert.throws(() => tensor([1, 2]).size("0" as never), /got "0"/);
});

Deno.test("no_grad refuses async functions and promises instead of recording after an await", () => {
  const w = tensor([1], { requires_grad: true });
  assert.throws(() => no_grad(async () => await Promise.resolve(w.mul(2))), /async function/);
  assert.throws(() => no_grad(() => Promise.resolve(w.mul(2))), /returned a promise/);
  assert.equal(no_grad(() => w.mul(2)).requires_grad, false);
});

Deno.test("tensor() infers the dtype from every element, not the first only", () => {
  assert.equal(tensor([1n, 2n]).dtype, "int64");
  assert.equal(tensor([1, 2n]).dtype, "float32");
  assert.equal(tensor([1n, 2]).dtype, "float32");
  assert.equal(tensor([[true], [false]]).dtype, "bool");
  assert.equal(tensor([true, 2n]).dtype, "int64");
  assert.deepEqual(tensor([true, 2n]).tolist(), [1, 2]);
  assert.equal(tensor([1, 0, 2], { dtype: "bool" }).toString(), "tensor([ True, False,  True])");
});

Deno.test("index_put_ with accumulate adds, repeated indices adding up (torch's accumulate=True)", () => {
  const z = zeros(3);
  z.index_put_([tensor([0n, 0n, 2n])], tensor([1, 2, 3]), true);
  assert.deepEqual(z.tolist(), [3, 0, 3]);
  const w = zeros(3);
  w.index_put_([tensor([0n, 0n, 2n])], tensor([1, 2, 3]));
  assert.deepEqual(w.tolist(), [2, 0, 3]);
  const x = tensor([1, 1, 1], { requires_grad: true });
  const y = x.mul(1);
  y.index_put_([tensor([0n])], tensor([5]), true);
  y.sum().backward();
  assert.deepEqual(x.grad?.tolist(), [1, 1, 1]);
  assert.throws(() => zeros(2).index_put_([0], 1, "yes" as never), /accumulate must be a boolean/);
});
