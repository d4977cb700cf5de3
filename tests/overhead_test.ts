// Guards for the per-call overhead work (issue 11): small arrays cut from a shared slab, lazily
// computed strides of op outputs, and the shared frozen shapes.
import assert from "node:assert/strict";
import { allocate, SMALL_ARRAY_BYTES } from "../lib/tensor/dtype.ts";
import { F, tensor } from "../mod.ts";

Deno.test("small arrays are zeroed, disjoint and aligned across slab boundaries", () => {
  const arrays = [];
  // Enough to cross several 4 KB slabs, in every dtype and small size.
  for (let i = 0; i < 600; i++) {
    const dtype = (["float32", "float64", "bool", "int64"] as const)[i % 4];
    const a = allocate(dtype, i % 9);
    assert.ok(a.every((v) => v === 0), `array ${i} is not zero-filled`);
    assert.equal(a.byteOffset % a.BYTES_PER_ELEMENT, 0);
    a.fill(1);
    arrays.push(a);
  }
  for (const a of arrays) assert.ok(a.every((v) => v === 1), "a later array overwrote an earlier");
  assert.equal(allocate("float32", SMALL_ARRAY_BYTES / 4 + 1).byteOffset, 0);
});

Deno.test("toTypedArray of a small tensor owns its buffer: transferring it harms no tensor", () => {
  const a = tensor([1, 2, 3]).mul(2);
  const b = tensor([4, 5]).add(1);
  const t = tensor([[1, 2], [3, 4]]).t(); // a non-contiguous copy path
  for (const x of [a, b, t]) {
    const arr = x.toTypedArray();
    assert.equal(arr.byteLength, arr.buffer.byteLength);
    const before = x.tolist();
    (arr.buffer as ArrayBuffer).transfer();
    assert.equal(arr.length, 0); // detached
    assert.deepEqual(x.tolist(), before);
  }
  assert.deepEqual(a.tolist(), [2, 4, 6]);
  assert.deepEqual(b.tolist(), [5, 6]);
});

Deno.test("op outputs: row-major strides on demand, contiguous, frozen shapes", () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]], { requires_grad: true });
  const y = F.log_softmax(x, 1);
  assert.deepEqual(y.stride(), [3, 1]);
  assert.equal(y.stride(-2), 3);
  assert.equal(y.is_contiguous(), true);
  assert.ok(Object.isFrozen(y.shape));
  assert.throws(() => (y.shape as number[]).push(1), TypeError);
  assert.deepEqual(y.detach().stride(), [3, 1]);
  assert.deepEqual(y.t().stride(), [1, 3]);
  assert.equal(y.t().is_contiguous(), false);
  assert.deepEqual(y.data.stride(), [3, 1]);
  // stride() hands out a copy: changing it changes nothing.
  const s = y.stride();
  s[0] = 99;
  assert.deepEqual(y.stride(), [3, 1]);
});
