/**
 * plot.bars and plot.line: the Vega-Lite spec's data and encodings, the rendered SVG's
 * structure (well-formed, series names, one mark per value) and the Jupyter bundle.
 */
import assert from "node:assert/strict";
import { arange, tensor } from "../mod.ts";
import { Chart, plot } from "../jupyter.ts";

type Row = Record<string, unknown>;

function dataOf(chart: Chart): Row[] {
  return (chart.spec.data as { values: Row[] }).values;
}

/** Checks that `svg` is well-formed XML as far as tags go (every element closed, in order). */
function assertWellFormed(svg: string): void {
  assert.ok(svg.startsWith("<svg "), "starts with <svg>");
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([A-Za-z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (selfClosing) continue;
    if (closing) assert.equal(stack.pop(), name, `</${name}> closes the open element`);
    else stack.push(name);
  }
  assert.deepEqual(stack, [], "every element is closed");
  assert.ok(!/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(svg), "entities escaped");
}

/** Text content of the SVG's <text> elements. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

function bundleOf(chart: Chart): Promise<Record<string, unknown>> {
  return (chart as unknown as Record<symbol, () => Promise<Record<string, unknown>>>)[
    Symbol.for("Jupyter.display")
  ]();
}

Deno.test("bars: one datum per series and category, in the given order, as shortest decimals", () => {
  const chart = plot.bars({ P: tensor([0.2, 0.5, 0.3]), Q: [0.1, 0.6, 0.3] }, {
    labels: ["a", "b", "c"],
    title: "P vs Q",
    ylabel: "probability",
  });
  assert.equal(chart.spec.$schema, "https://vega.github.io/schema/vega-lite/v5.json");
  assert.deepEqual(dataOf(chart), [
    { category: "a", series: "P", value: 0.2 },
    { category: "b", series: "P", value: 0.5 },
    { category: "c", series: "P", value: 0.3 },
    { category: "a", series: "Q", value: 0.1 },
    { category: "b", series: "Q", value: 0.6 },
    { category: "c", series: "Q", value: 0.3 },
  ]);
  const enc = chart.spec.encoding as Record<string, Row>;
  assert.deepEqual(enc.x.sort, ["a", "b", "c"]);
  assert.equal(enc.xOffset.field, "series");
  assert.equal(enc.y.title, "probability");
  assert.equal(chart.spec.title, "P vs Q");
  assert.equal(String(chart), "Bar chart of P, Q over 3 categories");
});

Deno.test("bars: the SVG is well-formed with one bar per value and the names as text", async () => {
  const chart = plot.bars({ P: tensor([0.2, 0.5, 0.3]), Q: tensor([0.1, 0.6, 0.3]) }, {
    labels: ["x<1", "b", "c"],
    title: "P vs Q",
  });
  const svg = await chart.toSVG();
  assertWellFormed(svg);
  assert.equal(svg.match(/aria-roledescription="bar"/g)?.length, 6);
  const t = texts(svg);
  for (const name of ["P", "Q", "P vs Q", "x&lt;1", "b", "c", "value"]) {
    assert.ok(t.includes(name), `SVG text "${name}" in ${JSON.stringify(t)}`);
  }
  // Two colours, one per series.
  const fills = new Set(
    [...svg.matchAll(/aria-roledescription="bar"[^>]*fill="(#[0-9a-f]+)"/g)].map((m) => m[1]),
  );
  assert.equal(fills.size, 2);
  assert.equal(await chart.toSVG(), svg, "rendered once and cached");
});

Deno.test("bars: default labels are the indices; non-finite values are dropped and noted", () => {
  const chart = plot.bars({ exp: [1, Infinity, NaN, 4] }, { title: "t" });
  assert.deepEqual(dataOf(chart).map((d) => d.category), ["0", "3"]);
  assert.deepEqual(chart.spec.title, {
    text: "t",
    subtitle: "dropped 2 non-finite values (exp: 2)",
  });
  assert.equal(String(chart), "Bar chart of exp over 4 categories, 2 non-finite values dropped");
});

Deno.test("line: points per series, the x/y encodings and a log y scale", () => {
  const x = arange(4);
  const chart = plot.line({ sq: { x, y: x.mul(x) }, lin: { x: [0, 1, 2, 3], y: [1, 2, 3, 4] } }, {
    title: "curves",
    xlabel: "t",
    ylabel: "f(t)",
  });
  const data = dataOf(chart);
  assert.equal(data.length, 8);
  assert.deepEqual(data[2], { series: "sq", x: 2, y: 4 });
  assert.deepEqual(data[7], { series: "lin", x: 3, y: 4 });
  const enc = chart.spec.encoding as Record<string, Row>;
  assert.deepEqual([enc.x.title, enc.y.title, enc.y.scale], ["t", "f(t)", undefined]);
  assert.equal(String(chart), "Line chart of sq, lin (8 points)");
  const log = plot.line({ lin: { x: [0, 1, 2, 3], y: [0, 1, 2, 3] } }, { logy: true });
  assert.deepEqual((log.spec.encoding as Record<string, Row>).y.scale, { type: "log" });
  assert.equal(dataOf(log).length, 3); // y = 0 has no place on a log axis
  assert.match(String(log), /1 non-positive value dropped/);
});

Deno.test("line: an overflowing curve keeps its finite points and says what it dropped", async () => {
  const x = arange(0, 100, 10);
  const y = x.exp(); // float32 exp overflows to inf from x = 89 on
  const chart = plot.line({ "exp(x)": { x, y } }, { logy: true });
  assert.equal(dataOf(chart).length, 9);
  assert.deepEqual(chart.spec.title, {
    text: "dropped 1 non-finite value (exp(x): 1)",
    fontSize: 11,
    fontWeight: "normal",
  });
  const svg = await chart.toSVG();
  assertWellFormed(svg);
  assert.ok(texts(svg).includes("dropped 1 non-finite value (exp(x): 1)"));
  assert.ok(texts(svg).includes("exp(x)"));
  assert.equal(svg.match(/aria-roledescription="line mark"/g)?.length, 1);
  assert.ok(!svg.includes("NaN"), "no NaN coordinates");
});

Deno.test("Chart display: SVG, the SVG as a Markdown image, the Vega-Lite spec, a text line", async () => {
  const chart = plot.bars({ P: [0.5, 0.5] });
  const bundle = await bundleOf(chart);
  assert.deepEqual(Object.keys(bundle).sort(), [
    "application/vnd.vegalite.v5+json",
    "image/svg+xml",
    "text/markdown",
    "text/plain",
  ]);
  assert.equal(bundle["application/vnd.vegalite.v5+json"], chart.spec);
  const svg = await chart.toSVG();
  assert.equal(bundle["image/svg+xml"], svg);
  // The Markdown image decodes back to the same SVG.
  const m = /^!\[(.*)\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)$/.exec(
    bundle["text/markdown"] as string,
  );
  assert.ok(m, "a Markdown image with a base64 data URL");
  assert.equal(m[1], "Bar chart of P over 2 categories");
  const bytes = Uint8Array.from(atob(m[2]), (c) => c.charCodeAt(0));
  assert.equal(new TextDecoder().decode(bytes), svg);
  // Non-ASCII text survives (UTF-8 before base64); brackets in the alt text are escaped.
  const odd = plot.bars({ "p‖q [x]": [1, 2] });
  const md = (await bundleOf(odd))["text/markdown"] as string;
  assert.ok(md.startsWith("![Bar chart of p‖q \\[x\\] over 2 categories](data:"), md.slice(0, 60));
  const decoded = new TextDecoder().decode(
    Uint8Array.from(atob(md.slice(md.indexOf(",") + 1, -1)), (c) => c.charCodeAt(0)),
  );
  assert.equal(decoded, await odd.toSVG());
  assert.ok(decoded.includes("p‖q [x]"));
  assert.equal(bundle["text/plain"], "Bar chart of P over 2 categories");
  // The spec is plain JSON: it survives a round trip unchanged.
  assert.deepEqual(JSON.parse(JSON.stringify(chart.spec)), chart.spec);
  assert.equal(Deno.inspect(chart), "Bar chart of P over 2 categories");
});

Deno.test("plot: rendering prints nothing (no Node deprecation notices under a chart)", async () => {
  const code = `import { plot } from "./jupyter.ts";
    import process from "node:process";
    const svg = await plot.bars({ P: [1, 2] }).toSVG();
    console.log(svg.startsWith("<svg"), process.noDeprecation === true);`;
  const root = new URL("..", import.meta.url);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--config", "deno.json", code],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, stderr);
  // Only the script's own line: vega rendered, and the warning switch is restored afterwards.
  assert.equal(new TextDecoder().decode(out.stdout), "true false\n");
  assert.equal(stderr.replace(/^Download .*\n/gm, ""), "");
});

Deno.test("plot: bad input gets errors saying what was expected", () => {
  assert.throws(() => plot.bars({}), /at least one series/);
  assert.throws(() => plot.line([1, 2] as never), {
    message: "line: expected an object of named series such as { P, Q }, got an array of length 2",
  });
  assert.throws(() => plot.bars({ P: [1, 2], Q: [1] }), /"P" has 2 but "Q" has 1/);
  assert.throws(() => plot.bars({ P: [1, 2] }, { labels: ["a"] }), /expected 2 labels/);
  assert.throws(
    () => plot.bars({ P: tensor([[1, 2]]) }),
    /expected a 1-D tensor, got shape \[1, 2\]/,
  );
  assert.throws(
    () => plot.bars({ P: ["1"] as unknown as number[] }),
    /expected a Tensor or an array of numbers/,
  );
  assert.throws(() => plot.line({ a: { x: [1, 2], y: [1] } }), /2 x values but 1 y values/);
  assert.throws(
    () => plot.line({ a: [1, 2] as unknown as { x: number[]; y: number[] } }),
    /must be an object \{ x, y \}/,
  );
  assert.throws(() => new Chart({} as never), /Vega-Lite spec object with a \$schema/);
  assert.throws(() => plot.bars({ P: [1, 2] }, { stacked: true } as never), {
    message: 'bars: unknown option "stacked"; expected "title", "labels", "xlabel", "ylabel"',
  });
  assert.throws(() => plot.bars({ P: [1] }, "P" as never), /bars: options must be an object/);
  assert.throws(() => plot.line({ a: { x: [1], y: [1] } }, { logx: true } as never), {
    message: 'line: unknown option "logx"; expected "title", "xlabel", "ylabel", "logy"',
  });
});

Deno.test("bars: a misspelt option is an error, not silently ignored", () => {
  assert.throws(
    () => plot.bars({ P: [1, 2] }, { lables: ["a", "b"] } as never),
    /bars: unknown option "lables"/,
  );
});

Deno.test("bars: labels must be an array of strings (a string is not split into letters)", () => {
  assert.throws(() => plot.bars({ P: [1, 2, 3] }, { labels: "abc" as never }), {
    message: 'bars: labels must be an array of strings, got "abc"',
  });
  assert.throws(() => plot.bars({ P: [1, 2] }, { labels: [1, 2] as never }), {
    message: "bars: labels must be an array of strings, got an array with non-string entries",
  });
  assert.throws(() => plot.bars({ P: [1] }, { labels: null as never }), {
    message: "bars: labels must be an array of strings, got null",
  });
});

Deno.test("Chart.toSVG: a failed render is not cached; the next call renders again", async () => {
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    data: { values: [{ k: "a", v: 1 }] },
    mark: "bar",
    encoding: { x: { field: "k", type: "bogus" }, y: { field: "v", type: "quantitative" } },
  };
  const chart = new Chart(spec);
  await assert.rejects(chart.toSVG(), /^Error: Chart: cannot render this Vega-Lite spec: /);
  spec.encoding.x.type = "nominal";
  const svg = await chart.toSVG();
  assert.equal(svg.match(/aria-roledescription="bar"/g)?.length, 1);
});

const SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

Deno.test("Chart: a bad spec gets our error naming what is wrong, not Vega's", async () => {
  // Vega-Lite alone says "Cannot read properties of undefined (reading 'filled')" here.
  assert.throws(() => new Chart({ $schema: SCHEMA, mark: "nope", data: { values: [] } }), {
    message: 'Chart: unknown mark "nope"; expected one of arc, area, bar, boxplot, circle, ' +
      "errorband, errorbar, geoshape, image, line, point, rect, rule, square, text, tick, trail",
  });
  assert.throws(
    () => new Chart({ $schema: SCHEMA, mark: { type: 3 }, data: { values: [] } }),
    /Chart: unknown mark number 3;/,
  );
  assert.throws(() => new Chart({ $schema: SCHEMA, data: { values: [] } }), {
    message: "Chart: the spec draws nothing; expected one of mark, layer, facet, hconcat, " +
      'vconcat, concat, repeat (e.g. mark: "bar")',
  });
  assert.throws(
    () => new Chart({ $schema: SCHEMA, mark: "bar" }, 5 as never),
    /Chart: description must be a string, got number 5/,
  );
  // What passes these checks but Vega still refuses is reported as ours, Vega's words after.
  const chart = new Chart({
    $schema: SCHEMA,
    mark: "bar",
    data: { values: [{ a: 1 }] },
    encoding: { x: { field: "a", type: "bogus" } },
  });
  await assert.rejects(chart.toSVG(), (e: Error) => {
    assert.match(e.message, /^Chart: cannot render this Vega-Lite spec: Invalid field type/);
    assert.ok(e.cause instanceof Error);
    return true;
  });
});

Deno.test('plot: boolean and text options must have their types (logy: "yes" is refused)', () => {
  const s = { a: { x: [1, 2], y: [1, 2] } };
  assert.throws(() => plot.line(s, { logy: "yes" as never }), {
    message: 'line: logy must be a boolean (true or false), got "yes"',
  });
  assert.throws(() => plot.line(s, { logy: 1 as never }), /logy must be a boolean.*got number 1$/);
  assert.throws(() => plot.line(s, { title: 5 as never }), {
    message: "line: title must be a string, got number 5",
  });
  assert.throws(() => plot.bars({ P: [1] }, { ylabel: ["p"] as never }), {
    message: "bars: ylabel must be a string, got an array of length 1",
  });
  assert.equal(plot.line(s, { logy: false }).spec.encoding !== undefined, true);
});

Deno.test(`bars: up to MAX_BAR_CATEGORIES (${plot.MAX_BAR_CATEGORIES}) categories render; more is refused, naming the limit`, async () => {
  const n = plot.MAX_BAR_CATEGORIES;
  const many = Array.from({ length: n }, (_, i) => i % 7);
  const svg = await plot.bars({ P: many, Q: many }).toSVG();
  assert.equal(svg.match(/aria-roledescription="bar"/g)?.length, 2 * n);
  // Vega-Lite overflows its stack near 2,000 categories; ours says what to do instead.
  assert.throws(() => plot.bars({ P: [...many, 1] }), {
    message: `bars: at most ${n} categories can be drawn (MAX_BAR_CATEGORIES), got ${n + 1}; ` +
      "group them into fewer categories first, or draw them with plot.line",
  });
});

Deno.test("line: a long series is reduced to the extremes of each run, and the chart says so", async () => {
  const n = 1_000_000;
  const x = arange(0, n);
  // A slow sine with one spike: the spike must survive the reduction.
  const y = Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * i) / n));
  y[123_457] = 5;
  const chart = plot.line({ wave: { x, y }, short: { x: [0, 1], y: [0, 1] } }, { title: "t" });
  const rows = dataOf(chart);
  const wave = rows.filter((r) => r.series === "wave");
  assert.ok(wave.length <= plot.MAX_LINE_POINTS && wave.length > plot.MAX_LINE_POINTS / 2);
  assert.equal(rows.filter((r) => r.series === "short").length, 2);
  assert.ok(wave.some((r) => r.y === 5 && r.x === 123457), "the spike is kept");
  const ys = wave.map((r) => r.y as number);
  assert.equal(Math.min(...ys), -1);
  const xs = wave.map((r) => r.x as number);
  assert.deepEqual(xs, [...xs].sort((a, b) => a - b), "points stay in order");
  assert.deepEqual(
    (chart.spec.title as { subtitle: string }).subtitle,
    `lowest and highest of each run shown (wave: ${n} points shown as ${wave.length})`,
  );
  assert.match(String(chart), /reduced to at most 2000 points per series\)$/);
  const svg = await chart.toSVG();
  assert.ok(svg.length < 300_000, `SVG of ${svg.length} characters`);
});
