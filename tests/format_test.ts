/**
 * formatTensor against PyTorch 1.13's repr (fixtures from tools/gen_format_fixtures.py), plus
 * hand-written checks of Python's number formatting rules.
 */
import assert from "node:assert/strict";
import {
  type DType,
  formatTensor,
  makeFormatter,
  type ReprSource,
  shortestDecimal,
} from "../lib/tensor/format.ts";

interface FormatCase {
  name: string;
  data: (number | string)[];
  shape: number[];
  dtype: DType;
  requires_grad: boolean;
  grad_fn: string | null;
  repr: string;
}

const NON_FINITE: Record<string, number> = { "inf": Infinity, "-inf": -Infinity, "nan": NaN };

/** Decodes the fixture's data scheme (see the generator's docstring). */
function decode(c: FormatCase): Float32Array | Float64Array {
  const out = c.dtype === "float64"
    ? new Float64Array(c.data.length)
    : new Float32Array(c.data.length);
  for (let i = 0; i < c.data.length; i++) {
    const v = c.data[i];
    if (typeof v === "number") out[i] = v;
    else if (v === "-0") out[i] = -0;
    else if (v in NON_FINITE) out[i] = NON_FINITE[v];
    else throw new Error(`${c.name}: bad value ${v}`);
  }
  return out;
}

function source(c: FormatCase): ReprSource {
  const name = c.grad_fn;
  return {
    data: decode(c),
    shape: c.shape,
    dtype: c.dtype,
    requires_grad: c.requires_grad,
    grad_fn: name === null ? null : { name: () => name },
  };
}

/** A tensor literal for the hand-written tests. */
function tensor(
  values: number[],
  shape: number[] = [values.length],
  dtype: DType = "float32",
): ReprSource {
  return {
    data: dtype === "float64" ? new Float64Array(values) : new Float32Array(values),
    shape,
    dtype,
    requires_grad: false,
    grad_fn: null,
  };
}

const cases: FormatCase[] = JSON.parse(
  await Deno.readTextFile(new URL("./fixtures/format.json", import.meta.url)),
);

Deno.test("formatTensor matches torch 1.13 repr", async (t) => {
  assert.ok(cases.length > 100, "fixture has cases");
  for (const c of cases) {
    await t.step(c.name, () => {
      assert.equal(formatTensor(source(c)), c.repr);
    });
  }
});

Deno.test("fixed notation rounds the exact binary value, ties to even", () => {
  const f = makeFormatter([0.5, 0.03125]);
  // 0.03125 is exactly halfway: Python gives 0.0312, toFixed gives 0.0313.
  assert.equal(f.format(0.03125), "0.0312");
  assert.equal(f.format(0.09375), "0.0938");
  assert.equal(f.format(-0.03125), "-0.0312");
  // 1.00005 is stored slightly above the tie, so it rounds up.
  assert.equal(f.format(1.00005), "1.0001");
  // 0.00015 is stored slightly below the tie, so it rounds down.
  assert.equal(f.format(0.00015), "0.0001");
  assert.equal(f.format(1.00015), "1.0002");
  // Negative values that round to zero keep their sign, as in Python.
  assert.equal(f.format(-0.00001), "-0.0000");
});

Deno.test("integer mode prints a trailing point and rounds .5 to even", () => {
  const f = makeFormatter([1, 2, 300]);
  assert.equal(f.width, 4);
  assert.equal(f.format(2), "  2.");
  assert.equal(f.format(-0), " -0.");
  assert.equal(f.format(NaN), " nan");
  assert.equal(f.format(-Infinity), "-inf");
  // Only reachable through the formatter API, but must still follow Python's '{:.0f}'.
  assert.equal(f.format(2.5), "  2.");
  assert.equal(f.format(3.5), "  4.");
  assert.equal(makeFormatter([2 ** 60]).format(2 ** 60), "1.1529e+18");
  assert.equal(
    formatTensor(tensor([2 ** 60, 2 ** 59], [2], "float64")),
    "tensor([1.1529e+18, 5.7646e+17], dtype=torch.float64)",
  );
});

Deno.test("scientific notation has at least two exponent digits", () => {
  const f = makeFormatter([1e5, 1]);
  assert.equal(f.format(1e5), "1.0000e+05");
  assert.equal(f.format(1.23456e-7), "1.2346e-07");
  assert.equal(f.format(1e-300), "1.0000e-300");
  assert.equal(f.format(5e-324), "4.9407e-324");
  assert.equal(f.format(0), "0.0000e+00");
  assert.equal(f.format(-0), "-0.0000e+00");
  // Rounding can carry into a new leading digit.
  assert.equal(f.format(9.99996e-6), "1.0000e-05");
  // Exact ties go to even in the last mantissa digit.
  assert.equal(f.format(123455), "1.2346e+05");
  assert.equal(f.format(123445), "1.2344e+05");
  assert.equal(f.format(3.0517578125e-5), "3.0518e-05");
});

Deno.test("formatter ignores zeros and non-finite values when choosing style and width", () => {
  assert.equal(formatTensor(tensor([0, NaN])), "tensor([0., nan])");
  assert.equal(formatTensor(tensor([1.5, NaN])), "tensor([1.5000,    nan])");
  assert.equal(formatTensor(tensor([], [0, 3])), "tensor([], size=(0, 3))");
  assert.equal(formatTensor(tensor([-0], [])), "tensor(-0.)");
  assert.equal(formatTensor(tensor([1, 2000])), "tensor([1.0000e+00, 2.0000e+03])");
});

/** Significant digits of a decimal string such as "-1.25e-7" (3). */
function significantDigits(text: string): number {
  return text.replace(/e.*$/, "").replace(/[-.]/g, "").replace(/^0+/, "").replace(/0+$/, "").length;
}

Deno.test("shortestDecimal: non-finite values spelled as in CSV, and -0 keeps its sign", () => {
  for (const dtype of ["float32", "float64"] as const) {
    assert.deepEqual(
      [NaN, Infinity, -Infinity, -0, 0].map((x) => shortestDecimal(x, dtype)),
      ["nan", "inf", "-inf", "-0", "0"],
    );
  }
});

Deno.test("shortestDecimal: float32 values need at most 9 digits, never a double's 17", () => {
  const x = Math.fround(0.0148224365);
  assert.equal(String(x), "0.01482243649661541");
  assert.equal(shortestDecimal(x, "float32"), "0.0148224365");
  assert.equal(shortestDecimal(Math.fround(0.1), "float32"), "0.1");
  assert.equal(shortestDecimal(Math.fround(1 / 3), "float32"), "0.33333334");
  assert.equal(shortestDecimal(Math.fround(0.1), "float64"), "0.10000000149011612");
});

Deno.test("shortestDecimal: just above a power of two a neighbour of the nearest decimal wins", () => {
  // The float32 spacing below 2^k is half that above, so the nearest 8-digit decimal can miss
  // where the next one up round-trips (numpy's repr gives the same digits).
  assert.equal(shortestDecimal(2 ** -96, "float32"), "1.2621775e-29");
  assert.equal(shortestDecimal(2 ** 87, "float32"), "1.5474251e+26");
  assert.equal(shortestDecimal(2 ** 90, "float32"), "1.2379401e+27");
});

Deno.test("shortestDecimal: every float32 reads back exactly, and one digit fewer would not", () => {
  const bits = new Uint32Array(1);
  const f = new Float32Array(bits.buffer);
  for (let i = 0; i < 20000; i++) {
    bits[0] = Math.imul(i, 2654435761) >>> 0; // spread over all bit patterns, signs included
    const x = f[0];
    if (!Number.isFinite(x)) continue;
    const text = shortestDecimal(x, "float32");
    assert.equal(Math.fround(Number(text)), x, `${text} reads back as ${x}`);
    const p = significantDigits(text);
    assert.ok(p <= 9, `${text} has ${p} digits`);
    if (p > 1) {
      // No decimal of p - 1 digits lies within the float32's rounding interval.
      const [m, e] = Math.abs(x).toExponential(p - 2).split("e");
      const n = Number(m.replace(".", ""));
      for (const k of [n - 1, n, n + 1]) {
        const shorter = Number(`${k}e${Number(e) - (p - 2)}`);
        assert.notEqual(Math.fround(x < 0 ? -shorter : shorter), x, `${k}e.. is shorter`);
      }
    }
  }
});

Deno.test("shortestDecimal: float64 text is String(x), the shortest that round-trips a double", () => {
  for (const x of [0.1, 1 / 3, Math.PI, 5e-324, 1.7976931348623157e308, 1e21, 123456.789]) {
    const text = shortestDecimal(x, "float64");
    assert.equal(text, String(x));
    assert.equal(Number(text), x);
    const p = significantDigits(text);
    if (p > 1) assert.notEqual(Number(x.toPrecision(p - 1)), x);
  }
});
