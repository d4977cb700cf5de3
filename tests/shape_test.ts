import assert from "node:assert/strict";
import {
  broadcastIndex,
  broadcastShapes,
  normalizeDim,
  normalizeDims,
  numelOf,
  stridesOf,
} from "../lib/tensor/shape.ts";

Deno.test("numel and row-major strides", () => {
  assert.equal(numelOf([]), 1);
  assert.equal(numelOf([2, 0, 3]), 0);
  assert.deepEqual(stridesOf([2, 3, 4]), [12, 4, 1]);
});

Deno.test("broadcastShapes aligns from the right and stretches size-1 dims", () => {
  assert.deepEqual(broadcastShapes([2, 1], [3]), [2, 3]);
  assert.deepEqual(broadcastShapes([], [4, 5]), [4, 5]);
  assert.deepEqual(broadcastShapes([5, 1, 3], [4, 1]), [5, 4, 3]);
  assert.deepEqual(broadcastShapes([0], [1]), [0]);
  assert.throws(
    () => broadcastShapes([2, 3], [3, 2]),
    /torch\.Size\(\[2, 3\]\) and torch\.Size\(\[3, 2\]\)/,
  );
});

Deno.test("broadcastIndex maps each output element to its source element", () => {
  // (2,1) onto (2,3): rows repeat their single element.
  assert.deepEqual([...broadcastIndex([2, 1], [2, 3])], [0, 0, 0, 1, 1, 1]);
  // (3,) onto (2,3): columns repeat.
  assert.deepEqual([...broadcastIndex([3], [2, 3])], [0, 1, 2, 0, 1, 2]);
  // 0-dim onto anything: always element 0.
  assert.deepEqual([...broadcastIndex([], [2, 2])], [0, 0, 0, 0]);
  assert.deepEqual([...broadcastIndex([1, 2, 1], [2, 2, 2])], [0, 0, 1, 1, 0, 0, 1, 1]);
});

Deno.test("normalizeDim wraps negative dims and treats 0-dim as one dim", () => {
  assert.equal(normalizeDim(-1, 3, "op"), 2);
  assert.equal(normalizeDim(0, 0, "op"), 0);
  assert.equal(normalizeDim(-1, 0, "op"), 0);
  assert.throws(
    () => normalizeDim(-4, 3, "op"),
    /op: dimension out of range \(expected to be in range of \[-3, 2\], but got -4\)/,
  );
  assert.throws(
    () => normalizeDim(NaN, 3, "op"),
    /op: dim must be an integer in the range \[-3, 2\], got number NaN/,
  );
});

Deno.test("normalizeDims sorts, rejects repeats, and treats undefined as all dims", () => {
  assert.deepEqual(normalizeDims(undefined, 3, "sum"), [0, 1, 2]);
  assert.deepEqual(normalizeDims([-1, 0], 3, "sum"), [0, 2]);
  assert.deepEqual(normalizeDims(0, 0, "sum"), []);
  assert.throws(() => normalizeDims([1, -1], 2, "sum"), /dim 1 appears multiple times/);
});
