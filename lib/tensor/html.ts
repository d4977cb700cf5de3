/**
 * Jupyter display of tensors: a compact HTML table for 0- to 2-D tensors, with the numbers
 * printed exactly as in torch's repr and a caption giving shape, dtype and autograd state.
 *
 * `Tensor[Symbol.for("Jupyter.display")]()` returns `{ "text/plain": repr, "text/html":
 * tensorHtml(t) }`, so Deno's Jupyter kernel shows a table and plain-text viewers the repr.
 *
 * @module
 */

import { autogradSuffix, EDGEITEMS, isCut, makeFormatter, THRESHOLD } from "./format.ts";
import { contiguousData, type Tensor } from "./tensor.ts";

/**
 * An HTML table of a tensor's values for notebooks. 0-, 1- and 2-D tensors become a table
 * (a 1-D tensor is one row) with index headers; numbers use torch's repr formatting, and a
 * tensor of more than 1000 elements is summarised as torch does (first and last 3 rows and
 * columns, with ellipsis cells). Tensors of 3 or more dims, or with no elements, show the repr
 * in a `<pre>`. The caption gives the shape, dtype and `grad_fn` (or `requires_grad=True`).
 *
 * @param t The tensor.
 * @returns An HTML fragment: one `<table>` element with a `<caption>`.
 * @example A 2x2 tensor
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import { tensorHtml } from "@kldiv/kldiv/jupyter";
 * import assert from "node:assert/strict";
 *
 * const html = tensorHtml(tensor([[0.5, 1], [2, 4]]));
 * assert.match(html, /<caption>shape \[2, 2\] · float32<\/caption>/);
 * assert.equal(html.match(/<td>/g)?.length, 4);
 * assert.ok(html.includes("<td>0.5000</td>"));
 * ```
 */
export function tensorHtml(t: Tensor): string {
  const shape = t.shape;
  const data = contiguousData(t);
  const caption = "<caption>" + escapeHtml(captionOf(t)) + "</caption>";
  // nowrap: a small tensor's table is narrow, and its caption must not break inside a token
  // (`grad_fn=` apart from its value); tests/export_test.ts measures it in Chromium.
  const open = '<table class="kldiv-tensor" style="font-family:monospace;white-space:nowrap">';
  if (shape.length > 2 || data.length === 0) {
    return open + caption + '<tr><td style="text-align:left"><pre>' + escapeHtml(String(t)) +
      "</pre></td></tr></table>";
  }
  const rows = shape.length === 2 ? shape[0] : 1;
  const cols = shape.length === 0 ? 1 : shape[shape.length - 1];
  const summarize = data.length > THRESHOLD;
  const rowIdx = shownIndices(rows, summarize);
  const colIdx = shownIndices(cols, summarize);
  // The formatter sees exactly the shown values, as torch's does, so cells match the repr.
  const shown: number[] = [];
  for (const r of rowIdx) {
    if (r < 0) continue;
    for (const c of colIdx) if (c >= 0) shown.push(data[r * cols + c]);
  }
  const fmt = makeFormatter(shown, t.dtype);
  let html = open + caption;
  if (shape.length === 0) {
    return html + "<tr><td>" + fmt.format(data[0]).trimStart() + "</td></tr></table>";
  }
  html += "<thead><tr>" + (shape.length === 2 ? "<th></th>" : "");
  for (const c of colIdx) html += c < 0 ? "<th>…</th>" : `<th>${c}</th>`;
  html += "</tr></thead><tbody>";
  for (const r of rowIdx) {
    html += "<tr>";
    if (shape.length === 2) html += r < 0 ? "<th>⋮</th>" : `<th>${r}</th>`;
    for (const c of colIdx) {
      if (r < 0) html += c < 0 ? "<td>⋱</td>" : "<td>⋮</td>";
      else if (c < 0) html += "<td>…</td>";
      else html += "<td>" + fmt.format(data[r * cols + c]).trimStart() + "</td>";
    }
    html += "</tr>";
  }
  return html + "</tbody></table>";
}

/** The caption text: `shape [2, 3] · float64 · grad_fn=<DivBackward0>`. */
function captionOf(t: Tensor): string {
  const autograd = autogradSuffix(t);
  return `shape [${t.shape.join(", ")}] · ${t.dtype}` + (autograd ? ` · ${autograd}` : "");
}

/** Indices shown along a dim of size n; -1 marks the ellipsis. */
function shownIndices(n: number, summarize: boolean): number[] {
  const out: number[] = [];
  if (isCut(summarize, n)) {
    for (let i = 0; i < EDGEITEMS; i++) out.push(i);
    out.push(-1);
    for (let i = n - EDGEITEMS; i < n; i++) out.push(i);
  } else {
    for (let i = 0; i < n; i++) out.push(i);
  }
  return out;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * The MIME bundle of a tensor for Jupyter: torch's repr and the HTML table.
 *
 * @param t The tensor.
 * @returns `{ "text/plain": String(t), "text/html": tensorHtml(t) }`.
 */
export function tensorBundle(t: Tensor): Record<string, string> {
  return { "text/plain": String(t), "text/html": tensorHtml(t) };
}
