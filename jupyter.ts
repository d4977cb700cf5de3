/**
 * Notebook helpers for kldiv in Deno's Jupyter kernel: HTML tables for tensors, charts and an
 * agreement table. Kept apart from the main entry point so `mod.ts` loads without them.
 *
 * Tensors display themselves in Jupyter (`Tensor[Symbol.for("Jupyter.display")]`) without
 * importing this module.
 *
 * @module
 */

export { tensorHtml } from "./lib/display.ts";
export { AgreementTable, compare } from "./lib/agreement.ts";
export type { AgreementRow, CompareOptions } from "./lib/agreement.ts";
