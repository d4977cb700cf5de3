/**
 * Notebook helpers for kldiv in Deno's Jupyter kernel: charts, an agreement table and HTML
 * tables for tensors. A separate entry point, so `mod.ts` stays free of dependencies.
 *
 * Tensors display themselves in Jupyter without this module: the last expression of a cell
 * shows as a table (`text/html`) and in plain viewers as torch's repr (`text/plain`).
 *
 * - `plot.bars({ P, Q })` and `plot.line({ name: { x, y } })` return a {@linkcode Chart} that
 *   displays as SVG (rendered headlessly with `vega` and `vega-lite`, loaded on first use) and
 *   carries its Vega-Lite v5 spec for JupyterLab's interactive renderer.
 * - `compare({ "method 1": t1, "method 2": t2 })` returns an {@linkcode AgreementTable}:
 *   values side by side with absolute and relative differences and ULP distances.
 *
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import { compare, plot } from "@kldiv/kldiv/jupyter";
 * import assert from "node:assert/strict";
 *
 * const P = tensor([0.2, 0.5, 0.3]);
 * const Q = tensor([0.1, 0.6, 0.3]);
 * const chart = plot.bars({ P, Q }, { labels: ["a", "b", "c"], title: "P and Q" });
 * assert.equal(String(chart), "Bar chart of P, Q over 3 categories");
 *
 * const direct = P.mul(P.div(Q).log()).sum();
 * const loss = F.kl_div(Q.log(), P, { reduction: "sum" });
 * const table = compare({ direct, "F.kl_div": loss });
 * assert.equal(table.reference, "direct");
 * assert.ok(table.rows[1].rel_diff < 1e-6); // float32 rounding, a few ULPs
 * ```
 *
 * @module
 */

export { tensorHtml } from "./lib/tensor/html.ts";
export { AgreementTable, compare } from "./lib/jupyter/agreement.ts";
export type { AgreementRow, CompareOptions } from "./lib/jupyter/agreement.ts";
export * as plot from "./lib/jupyter/plot.ts";
export { Chart } from "./lib/jupyter/plot.ts";
export type { BarsOptions, LineOptions, SeriesValues, VegaLiteSpec } from "./lib/jupyter/plot.ts";
