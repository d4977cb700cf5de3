// The argument binder every op uses for torch's "by position or by keyword" convention.
import assert from "node:assert/strict";
import { bind, type Signature } from "../lib/tensor/args.ts";

const SIG: Signature = [
  { name: "num_samples", kind: "int" },
  { name: "replacement", kind: "bool", default: false },
  { name: "dtype", kind: "dtype", default: null },
  { name: "generator", kind: "any", default: null, keywordOnly: true },
];

Deno.test("bind: positional, options and mixed calls bind alike", () => {
  const want = { num_samples: 3, replacement: true, dtype: null, generator: null };
  assert.deepEqual(bind("multinomial", SIG, [3, true]), want);
  assert.deepEqual(bind("multinomial", SIG, [3, { replacement: true }]), want);
  assert.deepEqual(bind("multinomial", SIG, [{ num_samples: 3, replacement: true }]), want);
  assert.deepEqual(bind("multinomial", SIG, [3]), { ...want, replacement: false });
});

Deno.test("bind: a dtype is checked and torch's aliases are refused with a hint", () => {
  assert.equal(bind("f", SIG, [1, { dtype: "float64" }]).dtype, "float64");
  assert.throws(
    () => bind("f", SIG, [1, { dtype: "double" }]),
    /torch's double is kldiv's "float64"/,
  );
});

Deno.test("bind: wrong kinds, unknown keys, duplicates and extra positions are errors", () => {
  assert.throws(
    () => bind("multinomial", SIG, [1.5]),
    /multinomial\(\): argument 'num_samples' \(position 1\) must be an int, got number 1.5/,
  );
  assert.throws(
    () => bind("multinomial", SIG, [{ num_samples: "3" }]),
    /argument 'num_samples' must be an int, got "3"/,
  );
  assert.throws(
    () => bind("multinomial", SIG, [3, { replace: true }]),
    /unexpected keyword argument "replace"/,
  );
  assert.throws(
    () => bind("multinomial", SIG, [3, { num_samples: 3 }]),
    /multiple values for argument 'num_samples'/,
  );
  assert.throws(
    () => bind("multinomial", SIG, [3, true, "float32", 1]),
    /takes 3 positional arguments.*generator go in the options object/,
  );
  assert.throws(() => bind("multinomial", SIG, []), /missing required argument 'num_samples'/);
  assert.throws(
    () => bind("multinomial", SIG, [3, null]),
    /argument 'replacement' \(position 2\) must be a boolean, got null/,
  );
});
