import { storageOf } from "../lib/tensor/tensor.ts";
import assert from "node:assert/strict";
import { arange, full, ones, Tensor, tensor, zeros } from "../mod.ts";

Deno.test("tensor() takes nested arrays and infers the shape", () => {
  const t = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(t.shape, [2, 3]);
  assert.equal(t.dim(), 2);
  assert.equal(t.numel(), 6);
  assert.deepEqual(t.tolist(), [[1, 2, 3], [4, 5, 6]]);
});

Deno.test("tensor() of a number is 0-dim and item() returns it", () => {
  const t = tensor(2.5);
  assert.deepEqual(t.shape, []);
  assert.equal(t.item(), 2.5);
  assert.equal(t.tolist(), 2.5);
});

Deno.test("float32 is the default and rounds every element to float32", () => {
  const t = tensor([0.1]);
  assert.equal(t.dtype, "float32");
  assert.equal(t.item(), Math.fround(0.1));
  assert.notEqual(t.item(), 0.1);
  assert.equal(tensor([0.1], { dtype: "float64" }).item(), 0.1);
});

Deno.test("typed arrays take a shape option and keep float64 by default", () => {
  const t = tensor(new Float64Array([1, 2, 3, 4, 5, 6]), { shape: [3, 2] });
  assert.equal(t.dtype, "float64");
  assert.deepEqual(t.tolist(), [[1, 2], [3, 4], [5, 6]]);
  assert.equal(tensor(new Int32Array([1, 2])).dtype, "float32");
});

Deno.test("tensor() copies its data", () => {
  const data = new Float32Array([1, 2]);
  const t = tensor(data);
  data[0] = 9;
  assert.equal(t.tolist().toString(), "1,2");
});

Deno.test("empty nested arrays give empty shapes", () => {
  assert.deepEqual(tensor([]).shape, [0]);
  assert.deepEqual(tensor([[], []]).shape, [2, 0]);
});

Deno.test("bad data is rejected with the location and what was received", () => {
  assert.throws(
    () => tensor([[1, 2], [3]]),
    /ragged nested array: expected 2 elements at index \[1\].*got 1/,
  );
  assert.throws(
    () => tensor([1, "a" as unknown as number]),
    /expected a number, boolean or BigInt at index \[1\], got "a"/,
  );
  assert.throws(
    () => tensor([[1], 2 as unknown as number[]]),
    /ragged.*at index \[1\].*got number 2/,
  );
  assert.throws(
    () => tensor("abc" as unknown as number),
    /expected a number, boolean, BigInt, nested arrays of them or a typed array, got "abc"/,
  );
  assert.throws(
    () => tensor([1, 2], { dtype: "float16" as "float32" }),
    /unknown dtype "float16"; expected one of "float32", "float64"/,
  );
  assert.throws(
    () => tensor(new Float32Array(6), { shape: [4, 2] }),
    /needs 8 elements but the typed array has 6/,
  );
  assert.throws(
    () => tensor([1], { requires_grd: true } as never),
    /unknown option "requires_grd"/,
  );
});

Deno.test("zeros, ones and full take torch's size forms and options", () => {
  assert.deepEqual(zeros(2, 3).shape, [2, 3]);
  assert.deepEqual(zeros([2, 3]).shape, [2, 3]);
  assert.deepEqual(ones(2, { dtype: "float64" }).tolist(), [1, 1]);
  assert.equal(ones(2, { dtype: "float64" }).dtype, "float64");
  assert.deepEqual(full([2, 2], 7).tolist(), [[7, 7], [7, 7]]);
  assert.equal(zeros().numel(), 1);
  assert.equal(ones(3, { requires_grad: true }).requires_grad, true);
  assert.throws(() => zeros(2, -1), /non-negative integers, got \[2, -1\]/);
});

Deno.test("arange follows torch.arange's end / start, end / step forms", () => {
  assert.deepEqual(arange(4).tolist(), [0, 1, 2, 3]);
  assert.deepEqual(arange(1, 3).tolist(), [1, 2]);
  assert.deepEqual(arange(1, 0, -0.5).tolist(), [1, 0.5]);
  assert.throws(() => arange(0, 1, 0), /step must be nonzero, got 0/);
});

Deno.test("item() on several elements names the count", () => {
  assert.throws(() => tensor([1, 2]).item(), /only one element tensors.*has 2/);
});

Deno.test("size() and size(dim) with negative dims", () => {
  const t = zeros(2, 3, 4);
  assert.deepEqual(t.size(), [2, 3, 4]);
  assert.equal(t.size(-1), 4);
  assert.throws(() => t.size(3), /expected to be in range of \[-3, 2\], but got 3/);
});

Deno.test("detach shares storage and leaves the graph", () => {
  const x = tensor([1, 2], { requires_grad: true });
  const y = x.mul(2);
  const d = y.detach();
  assert.equal(d.requires_grad, false);
  assert.equal(d.grad_fn, null);
  assert.equal(storageOf(d), storageOf(y));
});

Deno.test("requires_grad can only be changed on leaves", () => {
  const x = tensor([1, 2]);
  x.requires_grad = true;
  assert.equal(x.is_leaf, true);
  const y = x.mul(2);
  assert.equal(y.is_leaf, false);
  assert.throws(() => {
    y.requires_grad = false;
  }, /only change requires_grad flags of leaf variables/);
});

Deno.test("reshape infers -1 and rejects sizes that do not fit", () => {
  const t = arange(6).reshape(-1, 2);
  assert.deepEqual(t.shape, [3, 2]);
  assert.deepEqual(arange(6).reshape([2, 3]).tolist(), [[0, 1, 2], [3, 4, 5]]);
  assert.throws(() => arange(6).reshape(4, 2), /invalid for input of size 6/);
});

Deno.test("to(), double() and float() convert dtypes and keep the graph", () => {
  const x = tensor([0.1], { requires_grad: true });
  const d = x.double();
  assert.equal(d.dtype, "float64");
  assert.equal(d.grad_fn?.name(), "ToCopyBackward0");
  assert.equal(x.float(), x);
  d.sum().backward();
  assert.equal(x.grad?.dtype, "float32");
  assert.throws(() => x.to("int8" as "float32"), /unknown dtype "int8"/);
});

Deno.test("printing goes through torch's repr in String, templates and console.log", () => {
  const t = tensor([0.7, 0.1, 0.2], { requires_grad: true });
  assert.equal(String(t), "tensor([0.7000, 0.1000, 0.2000], requires_grad=True)");
  assert.equal(`${t}`, String(t));
  assert.equal(Deno.inspect(t), String(t));
  assert.equal(Deno.inspect([tensor(1)]), "[ tensor(1.) ]");
});

Deno.test("the Tensor constructor checks storage against shape", () => {
  assert.throws(
    () => new Tensor(new Float32Array(3), [2, 2]),
    /holds 4 elements but the storage has 3/,
  );
  assert.throws(
    () => new Tensor([1, 2] as unknown as Float32Array, [2]),
    /Float32Array, Float64Array or Uint8Array/,
  );
});
