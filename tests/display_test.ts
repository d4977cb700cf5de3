/** Jupyter display of tensors: the MIME bundle and the HTML table (structure, not styling). */
import assert from "node:assert/strict";
import { arange, F, type Tensor, tensor } from "../mod.ts";
import { tensorHtml } from "../lib/tensor/html.ts";

function bundle(t: Tensor): Record<string, string> {
  return (t as unknown as Record<symbol, () => Record<string, string>>)[
    Symbol.for("Jupyter.display")
  ]();
}

/** Text of every `<tag>` cell, in document order. */
function cells(html: string, tag: "td" | "th"): string[] {
  return [...html.matchAll(new RegExp(`<${tag}[^>]*>([^<]*)</${tag}>`, "g"))].map((m) => m[1]);
}

function rows(html: string): number {
  return html.match(/<tr>/g)?.length ?? 0;
}

function caption(html: string): string {
  const m = html.match(/<caption>(.*?)<\/caption>/);
  assert.ok(m, "missing caption");
  return m[1];
}

Deno.test("Jupyter bundle: text/plain is torch's repr and text/html the table", () => {
  const t = tensor([0.7, 0.1, 0.2], { requires_grad: true });
  const b = bundle(t);
  assert.deepEqual(Object.keys(b).sort(), ["text/html", "text/plain"]);
  assert.equal(b["text/plain"], "tensor([0.7000, 0.1000, 0.2000], requires_grad=True)");
  assert.equal(b["text/html"], tensorHtml(t));
  assert.ok(!b["text/plain"].includes("\x1b"), "no ANSI colour codes");
});

Deno.test("tensorHtml: a 0-dim tensor is one cell with the repr's number", () => {
  const html = tensorHtml(tensor(0.0239));
  assert.deepEqual(cells(html, "td"), ["0.0239"]);
  assert.equal(caption(html), "shape [] · float32");
});

Deno.test("tensorHtml: a 1-D tensor is an index header row and one row of values", () => {
  const html = tensorHtml(tensor([1.5, -20, 0.25]));
  assert.equal(rows(html), 2);
  assert.deepEqual(cells(html, "th"), ["0", "1", "2"]);
  // The repr pads to a column width; cells carry the same digits without the padding.
  assert.deepEqual(cells(html, "td"), ["1.5000", "-20.0000", "0.2500"]);
});

Deno.test("tensorHtml: a 2-D tensor has a row per row and row/column index headers", () => {
  const html = tensorHtml(arange(6).reshape(2, 3));
  assert.equal(rows(html), 3);
  assert.deepEqual(cells(html, "th"), ["", "0", "1", "2", "0", "1"]);
  assert.deepEqual(cells(html, "td"), ["0.", "1.", "2.", "3.", "4.", "5."]);
});

Deno.test("tensorHtml: numbers follow the repr's style for the whole tensor (scientific)", () => {
  const html = tensorHtml(tensor([1e-5, 1, 3.5]));
  assert.deepEqual(cells(html, "td"), ["1.0000e-05", "1.0000e+00", "3.5000e+00"]);
  assert.deepEqual(cells(tensorHtml(tensor([Infinity, NaN, 1])), "td"), ["inf", "nan", "1."]);
});

Deno.test("tensorHtml: more than 1000 elements are summarised to 3+3 rows and columns", () => {
  const html = tensorHtml(arange(40 * 50).reshape(40, 50));
  assert.equal(rows(html), 1 + 7); // header + 3 rows + ellipsis row + 3 rows
  const th = cells(html, "th");
  assert.deepEqual(th.slice(0, 8), ["", "0", "1", "2", "…", "47", "48", "49"]);
  assert.deepEqual(th.slice(8), ["0", "1", "2", "⋮", "37", "38", "39"]);
  const td = cells(html, "td");
  assert.equal(td.length, 7 * 7);
  assert.deepEqual(td.slice(0, 7), [
    "0.0000e+00",
    "1.0000e+00",
    "2.0000e+00",
    "…",
    "4.7000e+01",
    "4.8000e+01",
    "4.9000e+01",
  ]);
  assert.deepEqual(td.slice(21, 28), ["⋮", "⋮", "⋮", "⋱", "⋮", "⋮", "⋮"]);
  assert.equal(td[48], "1.9990e+03");
});

Deno.test("tensorHtml: a long 1-D tensor is summarised to its first and last 3 values", () => {
  const td = cells(tensorHtml(arange(1001)), "td");
  assert.deepEqual(td, ["0.", "1.", "2.", "…", "998.", "999.", "1000."]);
  // At the threshold nothing is cut, as in torch.
  assert.equal(cells(tensorHtml(arange(1000)), "td").length, 1000);
});

Deno.test("tensorHtml: the caption names dtype and grad_fn, HTML-escaped", () => {
  const x = tensor([0.7, 0.1, 0.2], { requires_grad: true, dtype: "float64" });
  assert.equal(caption(tensorHtml(x)), "shape [3] · float64 · requires_grad=True");
  const y = F.softmax(x, 0);
  assert.equal(caption(tensorHtml(y)), "shape [3] · float64 · grad_fn=&lt;SoftmaxBackward0&gt;");
});

Deno.test("tensorHtml: 3-D and empty tensors show the escaped repr in a <pre>", () => {
  const t = arange(8).reshape(2, 2, 2);
  const html = tensorHtml(t);
  assert.equal(caption(html), "shape [2, 2, 2] · float32");
  const pre = html.match(/<pre>([\s\S]*)<\/pre>/);
  assert.ok(pre);
  assert.equal(pre[1], String(t));
  const empty = tensorHtml(tensor([]).reshape(0, 3));
  assert.ok(empty.includes("<pre>tensor([], size=(0, 3))</pre>"));
  assert.equal(caption(empty), "shape [0, 3] · float32");
});
