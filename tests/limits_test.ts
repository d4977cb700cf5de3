import assert from "node:assert/strict";
import {
  checkAllocation,
  MAX_ALLOCATION_BYTES,
  MAX_DIMS,
  nestedShape,
} from "../lib/tensor/limits.ts";
import { arange, full, ones, rand, randn, tensor, zeros } from "../mod.ts";

/** `value` wrapped in `depth` one-element arrays. */
function nest(depth: number, value: unknown = 1): unknown {
  let data = value;
  for (let i = 0; i < depth; i++) data = [data];
  return data;
}

// nestedShape on its own.

Deno.test("nestedShape: reads sizes along the first elements", () => {
  assert.deepEqual(nestedShape(3, "tensor()"), []);
  assert.deepEqual(nestedShape([], "tensor()"), [0]);
  assert.deepEqual(nestedShape([[], []], "tensor()"), [2, 0]);
  assert.deepEqual(nestedShape([[[1, 2]], [[3, 4]]], "tensor()"), [2, 1, 2]);
});

Deno.test("nestedShape: an array that contains itself is a cycle, refused at once", () => {
  const a: unknown[] = [];
  a.push(a);
  assert.throws(() => nestedShape(a, "tensor()"), {
    name: "TypeError",
    message:
      "tensor(): expected nested arrays of numbers, but the array at the top level contains " +
      "itself (a cycle, met again at index [0]), so it has no shape",
  });
  // A cycle further down, through another array.
  const b: unknown[] = [];
  const c: unknown[] = [[b]];
  b.push(c);
  assert.throws(
    () => nestedShape([c], "tensor()"),
    /the array at index \[0\] contains itself \(a cycle, met again at index \[0\]\[0\]\[0\]\[0\]\)/,
  );
});

Deno.test("nestedShape: an array shared twice is not a cycle", () => {
  const row = [1, 2];
  assert.deepEqual(nestedShape([row, row], "tensor()"), [2, 2]);
});

Deno.test("nestedShape: up to 64 levels, then torch's 'up to 64 dims' error", () => {
  assert.equal(MAX_DIMS, 64);
  assert.deepEqual(nestedShape(nest(64), "tensor()"), new Array(64).fill(1));
  assert.throws(() => nestedShape(nest(65), "tensor()"), {
    name: "RangeError",
    message:
      "tensor(): too many dimensions: only tensors with up to 64 dims are supported, but the nested arrays go deeper (an array at index [0][0]…[0] (64 levels down))",
  });
});

Deno.test("nestedShape: 100,000 levels of nesting fail without walking them all", () => {
  // Before: the whole depth was walked and copied (quadratic); now the walk stops at 65 levels.
  assert.throws(() => nestedShape(nest(100_000), "tensor()"), /up to 64 dims/);
});

// checkAllocation on its own.

Deno.test("checkAllocation: returns the element count of a shape that fits", () => {
  assert.equal(checkAllocation("zeros()", [], 4), 1);
  assert.equal(checkAllocation("zeros()", [2, 3, 4], 8), 24);
  assert.equal(checkAllocation("zeros()", [0, 5], 4), 0);
  assert.equal(checkAllocation("zeros()", new Array(64).fill(1), 4), 1);
});

Deno.test("checkAllocation: the cap is 2 GiB, inclusive, per dtype size", () => {
  assert.equal(MAX_ALLOCATION_BYTES, 2 ** 31);
  assert.equal(checkAllocation("ones()", [2 ** 29], 4), 2 ** 29);
  assert.equal(checkAllocation("ones()", [2 ** 28], 8), 2 ** 28);
  assert.throws(() => checkAllocation("ones()", [2 ** 29 + 1], 4), RangeError);
  assert.throws(() => checkAllocation("ones()", [2 ** 28 + 1], 8), RangeError);
});

Deno.test("checkAllocation: torch's wording, with the function, shape and exact bytes", () => {
  assert.throws(() => checkAllocation("zeros()", [100000, 100000], 4), {
    name: "RangeError",
    message:
      "zeros(): can't allocate memory: you tried to allocate 40000000000 bytes (37.3 GiB) for " +
      "shape [100000, 100000]: 10000000000 elements of 4 bytes; the limit is 2147483648 bytes " +
      "(2 GiB) per tensor (raise it with set_max_allocation_bytes() if the machine has the memory)",
  });
  assert.throws(
    () => checkAllocation("zeros()", [2 ** 32], 4),
    /zeros\(\): can't allocate memory: you tried to allocate 17179869184 bytes \(16 GiB\) for shape \[4294967296\]/,
  );
  // Byte counts beyond 2^53 are still printed digit for digit (up to 1e21).
  assert.throws(
    () => checkAllocation("rand()", [2 ** 40, 2 ** 20], 8),
    /you tried to allocate 9223372036854775808 bytes \(8 EiB\)/,
  );
});

Deno.test("checkAllocation: a zero-size shape whose other sizes would not fit is refused", () => {
  assert.throws(() => checkAllocation("zeros()", [0, 2 ** 40], 4), {
    name: "RangeError",
    message:
      "zeros(): shape [0, 1099511627776] is too large: it has no elements, but its other sizes " +
      "multiply to 1099511627776, so reducing over a zero dim would allocate 4398046511104 " +
      "bytes (4 TiB); the limit is 2147483648 bytes (2 GiB) per tensor (raise it with " +
      "set_max_allocation_bytes() if the machine has the memory)",
  });
});

Deno.test("checkAllocation: sizes beyond 2^53 - 1 are refused with the exact number", () => {
  assert.throws(() => checkAllocation("zeros()", [0, 1e308], 4), {
    name: "RangeError",
    message: "zeros(): size 1e+308 at position 1 of shape [0, 1e+308] is larger than the " +
      "largest size, 2^53 - 1 (sizes are exact integers)",
  });
});

Deno.test("checkAllocation: bad sizes and too many dims", () => {
  assert.throws(() => checkAllocation("zeros()", [2, -1], 4), {
    name: "TypeError",
    message:
      "zeros(): a shape must be an array of non-negative integers, got [2, -1] (size number -1 at position 1)",
  });
  assert.throws(() => checkAllocation("zeros()", [NaN], 4), /size number NaN at position 0/);
  assert.throws(() => checkAllocation("zeros()", new Array(65).fill(1), 4), {
    name: "RangeError",
    message: "zeros(): only tensors with up to 64 dims are supported, got 65 dims",
  });
});

// Wired into the creation functions.

Deno.test("tensor(): cyclic data fails at once with the cycle named", () => {
  const a: unknown[] = [];
  a.push(a);
  assert.throws(
    () => tensor(a as never),
    /tensor\(\): .* top level contains itself \(a cycle, met again at index \[0\]\)/,
  );
  // A cycle off the first-element path is met by the element walk, at bounded depth.
  const b: unknown[] = [[1, 2]];
  b.push(b);
  assert.throws(
    () => tensor(b as never),
    /expected a number, boolean or BigInt at index \[1\]\[0\], got an array/,
  );
});

Deno.test("tensor(): 64 levels of nesting make a 64-dim tensor that prints; 65 are refused", () => {
  const t = tensor(nest(64, 2.5) as never);
  assert.equal(t.shape.length, 64);
  const text = String(t);
  assert.equal(text, `tensor(${"[".repeat(64)}2.5000${"]".repeat(64)})`);
  assert.throws(() => tensor(nest(65) as never), {
    name: "RangeError",
    message: /^tensor\(\): too many dimensions: only tensors with up to 64 dims are supported/,
  });
  assert.throws(() => tensor(nest(10_000) as never), /up to 64 dims/);
});

Deno.test("creation functions refuse oversized shapes before allocating", () => {
  assert.throws(
    () => zeros(1e5, 1e5),
    /^RangeError: zeros\(\): can't allocate memory: you tried to allocate 40000000000 bytes/,
  );
  assert.throws(() => zeros(2 ** 32), /zeros\(\): can't allocate memory: .* 17179869184 bytes/);
  assert.throws(() => ones(2 ** 30), /ones\(\): can't allocate memory: .* 4294967296 bytes/);
  assert.throws(
    () => ones(2 ** 28, 2, { dtype: "float64" }),
    /ones\(\): can't allocate memory: .* 4294967296 bytes .* shape \[268435456, 2\]/,
  );
  assert.throws(() => full([2 ** 31], 1), /full\(\): can't allocate memory/);
  assert.throws(() => rand(2 ** 31), /rand\(\): can't allocate memory/);
  assert.throws(() => randn([2 ** 16, 2 ** 16]), /randn\(\): can't allocate memory/);
  assert.throws(
    () => arange(2 ** 40),
    /arange\(\): can't allocate memory: .* shape \[1099511627776\]/,
  );
  assert.throws(
    () => tensor(new Float32Array(0), { shape: [0, 2 ** 40] }),
    /tensor\(\): shape \[0, 1099511627776\] is too large/,
  );
  assert.throws(() => zeros(new Array(65).fill(1)), /zeros\(\): only tensors with up to 64 dims/);
});

Deno.test("zeros(0, 1e308).sum(0): a clear error from zeros(), not 'Invalid typed array length'", () => {
  assert.throws(() => zeros(0, 1e308).sum(0), {
    name: "RangeError",
    message: /^zeros\(\): size 1e\+308 at position 1 of shape \[0, 1e\+308\] is larger than/,
  });
  assert.throws(
    () => zeros(0, 2 ** 40).sum(0),
    /zeros\(\): shape \[0, 1099511627776\] is too large/,
  );
  // Within the cap, a zero-size tensor reduces as torch's does.
  assert.deepEqual(zeros(0, 3).sum(0).tolist(), [0, 0, 0]);
});
