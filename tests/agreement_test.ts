/** compare(): differences and ULP distances from a reference, and the table's text and HTML. */
import assert from "node:assert/strict";
import { Tensor, tensor } from "../mod.ts";
import { AgreementTable, compare } from "../jupyter.ts";

const f32 = (...v: number[]) => new Tensor(Float32Array.from(v), v.length === 1 ? [] : [v.length]);
const f64 = (...v: number[]) => new Tensor(Float64Array.from(v), v.length === 1 ? [] : [v.length]);
const EPS32 = 2 ** -23;
const TINY32 = 2 ** -149; // smallest float32 subnormal
const MAX32 = (2 - EPS32) * 2 ** 127;

Deno.test("compare: adjacent float32 values are 1 ULP apart, with exact abs and rel diffs", () => {
  const table = compare({ ref: f32(1), next: f32(1 + EPS32), prev: f32(1 - EPS32 / 2) });
  const [ref, next, prev] = table.rows;
  assert.deepEqual([ref.abs_diff, ref.rel_diff, ref.ulp, ref.reference], [0, 0, 0, true]);
  assert.deepEqual([next.abs_diff, next.rel_diff, next.ulp, next.reference], [
    EPS32,
    EPS32,
    1,
    false,
  ]);
  // Below 1 the spacing halves: one step down is half an epsilon.
  assert.deepEqual([prev.abs_diff, prev.ulp, prev.ulp_dtype], [EPS32 / 2, 1, "float32"]);
});

Deno.test("compare: ULPs count across zero, ±0 coincide and inf is one step past the max", () => {
  const rows = compare({
    ref: f32(TINY32, 0, MAX32, 2),
    other: f32(-TINY32, -0, Infinity, 2 + 4 * 2 * EPS32),
  }).rows;
  assert.equal(rows[1].ulp, 4); // the max over elements: 2, 0, 1, 4
  const elementwise = [[TINY32, -TINY32, 2], [0, -0, 0], [MAX32, Infinity, 1]];
  for (const [a, b, ulps] of elementwise) {
    assert.equal(compare({ a: f32(a), b: f32(b) }).rows[1].ulp, ulps, `${a} vs ${b}`);
  }
});

Deno.test("compare: float64 tensors are measured in float64 ULPs", () => {
  const row = compare({ a: f64(1), b: f64(1 + 2 ** -52) }).rows[1];
  assert.deepEqual([row.ulp, row.ulp_dtype, row.abs_diff], [1, "float64", 2 ** -52]);
  const far = compare({ a: f64(1), b: f64(2) }).rows[1];
  assert.equal(far.ulp, 2 ** 52);
});

Deno.test("compare: a float64 reference is rounded to float32 for a float32 entry's ULPs", () => {
  const row = compare({ exact: 0.1, single: tensor(0.1) }).rows[1];
  assert.equal(row.ulp_dtype, "float32");
  assert.equal(row.ulp, 0); // tensor(0.1) is 0.1 correctly rounded to float32
  assert.equal(row.abs_diff, Math.abs(Math.fround(0.1) - 0.1));
  assert.equal(row.rel_diff, Math.abs(Math.fround(0.1) - 0.1) / 0.1);
});

Deno.test("compare: NaN against NaN agrees, NaN against a number does not", () => {
  const rows = compare({ a: f32(NaN, 1), b: f32(NaN, 1), c: f32(1, 1) }).rows;
  assert.deepEqual([rows[1].abs_diff, rows[1].ulp], [0, 0]);
  assert.ok(Number.isNaN(rows[2].abs_diff) && Number.isNaN(rows[2].ulp));
});

Deno.test("compare: relative difference from a zero reference is infinite", () => {
  const row = compare({ zero: f32(0), small: f32(1e-30) }).rows[1];
  assert.equal(row.rel_diff, Infinity);
});

Deno.test("compare: the reference option picks the entry the others are measured from", () => {
  const table = compare({ a: f32(1), b: f32(1 + EPS32), c: f32(1 + 3 * EPS32) }, {
    reference: "b",
  });
  assert.equal(table.reference, "b");
  assert.deepEqual(table.rows.map((r) => r.ulp), [1, 0, 2]);
  assert.deepEqual(table.rows.map((r) => r.reference), [false, true, false]);
});

Deno.test("AgreementTable text: a header plus one aligned line per entry", () => {
  const table = compare({ torch: f32(0.5), "method 2": f32(0.5 + EPS32) });
  const lines = String(table).split("\n");
  assert.equal(lines.length, 3);
  assert.match(lines[0], /value\s+dtype\s+abs diff\s+rel diff\s+ULPs$/);
  assert.match(lines[1], /^torch \(reference\)\s+0\.5\s+float32\s+—\s+—\s+—$/);
  assert.match(
    lines[2],
    /^method 2\s+0\.5000001\s+float32\s+1\.19e-7\s+2\.38e-7\s+2 \(float32\)$/,
  );
  // The value is the shortest decimal that reads back as the same float32.
  assert.equal(Math.fround(0.5000001), 0.5 + EPS32);
  // Columns line up: each line's dtype column starts at the same place.
  const at = lines.map((l) => l.indexOf("float32"));
  assert.equal(at[1], at[2]);
  assert.equal(Deno.inspect(table), String(table));
});

Deno.test("AgreementTable text: values as their shortest decimals, -0 with its sign", () => {
  const table = compare({ a: f32(-0, 0.0148224365, 1 / 3), b: f64(-0, 0.1, Infinity) });
  assert.match(table.toString(), /^a \(reference\)\s+\[-0, 0\.0148224365, 0\.33333334\] /m);
  assert.match(table.toString(), /^b\s+\[-0, 0\.1, inf\] /m);
});

Deno.test("AgreementTable text: non-scalars show their first values, shape and maxima", () => {
  const text = String(
    compare({ a: tensor([[1, 2, 3], [4, 5, 6]]), b: tensor([[1, 2, 3], [4, 5, 7]]) }),
  );
  assert.match(text, /max abs diff\s+max rel diff\s+max ULPs/);
  assert.ok(text.includes("[1, 2, 3, …] shape [2, 3]"));
  assert.ok(text.includes("1.00e+0"));
});

Deno.test("AgreementTable display: a bundle with the text table and an escaped HTML table", () => {
  const table = compare({ "<ref>": f32(1), b: f32(1 + EPS32) });
  const bundle = (table as unknown as Record<symbol, () => Record<string, string>>)[
    Symbol.for("Jupyter.display")
  ]();
  assert.deepEqual(Object.keys(bundle).sort(), ["text/html", "text/plain"]);
  assert.equal(bundle["text/plain"], String(table));
  const html = bundle["text/html"];
  assert.equal(html.match(/<tr>/g)?.length, 3);
  assert.equal(html.match(/<td[ >]/g)?.length, 12);
  assert.ok(html.includes("&lt;ref&gt; (reference)"));
  assert.ok(
    html.includes("<caption>Agreement with the reference &quot;&lt;ref&gt;&quot;</caption>"),
  );
  assert.ok(html.includes(">1 (float32)</td>"));
  assert.ok(table instanceof AgreementTable);
});

Deno.test("compare: bad input gets errors saying what was expected", () => {
  assert.throws(() => compare({}), /at least one named tensor/);
  assert.throws(() => compare(null as never), {
    message: "compare: expected an object of named tensors such as { a: t1, b: t2 }, got null",
  });
  assert.throws(() => compare({ a: f32(1) }, { reference: "z" }), /reference "z" is not one of/);
  assert.throws(
    () => compare({ a: f32(1, 2), b: f32(1, 2, 3) }),
    /"b" has shape \[3\] but the reference "a" has shape \[2\]/,
  );
  assert.throws(
    () => compare({ a: f32(1), b: [1] as unknown as Tensor }),
    /"b" must be a Tensor or a number, got an array/,
  );
  assert.throws(() => compare([f32(1)] as unknown as Record<string, Tensor>), /got an array/);
  assert.throws(() => compare({ a: f32(1) }, 1 as never), /compare: options must be an object/);
});

Deno.test("compare: a misspelt option is an error, not a silent switch to the first entry", () => {
  assert.throws(() => compare({ a: f32(1), b: f32(2) }, { refernce: "b" } as never), {
    message: 'compare: unknown option "refernce"; expected "reference"',
  });
});
