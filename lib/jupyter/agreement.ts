/**
 * The agreement table: several results of one computation side by side, with their absolute
 * and relative differences from a reference and their distance in units in the last place.
 *
 * @module
 */

import { addNodeInspect } from "../tensor/inspect.ts";
import type { DType } from "../tensor/dtype.ts";
import { namesOf } from "./named.ts";
import { checkOptionKeys } from "../tensor/options.ts";
import { sameShape } from "../tensor/shape.ts";
import { contiguousData, Tensor } from "../tensor/tensor.ts";
import { escapeHtml } from "../tensor/html.ts";
import { shortestDecimal } from "../tensor/format.ts";

/** Options of {@linkcode compare}. */
export interface CompareOptions {
  /** The name of the entry the others are compared with; default the first entry. */
  reference?: string;
}

/** One entry of an {@linkcode AgreementTable}: a value and how far it is from the reference. */
export interface AgreementRow {
  /** The entry's name (its key in the object passed to {@linkcode compare}). */
  readonly name: string;
  /** The value (a number given to `compare` becomes a 0-dim float64 tensor). */
  readonly value: Tensor;
  /** Whether this entry is the reference (its differences are 0). */
  readonly reference: boolean;
  /** `|value - reference|`, the maximum over elements. */
  readonly abs_diff: number;
  /** `|value - reference| / |reference|`, the maximum over elements (Infinity where only the reference is 0). */
  readonly rel_diff: number;
  /**
   * The number of representable numbers between value and reference (0 when equal), the
   * maximum over elements. Counted in float32 when either tensor is float32 (a float64
   * reference is first rounded to float32, so a correctly rounded float32 result is 0 ULPs
   * away), else in float64. NaN when exactly one of the two is NaN.
   */
  readonly ulp: number;
  /** The dtype whose spacing `ulp` counts. */
  readonly ulp_dtype: DType;
}

/**
 * Values side by side with their differences from a reference; made by {@linkcode compare}.
 * Displays as an HTML table in Jupyter and as an aligned text table in `console.log`.
 *
 * @example The text form
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import { compare } from "@kldiv/kldiv/jupyter";
 * import assert from "node:assert/strict";
 *
 * const table = compare({ float64: 0.1, float32: tensor(0.1) });
 * assert.equal(
 *   table.toString(),
 *   [
 *     "                     value    dtype  abs diff  rel diff         ULPs",
 *     "float64 (reference)  0.1    float64         —         —            —",
 *     "float32              0.1    float32   1.49e-9   1.49e-8  0 (float32)",
 *   ].join("\n"),
 * );
 * ```
 */
export class AgreementTable {
  /** One row per entry, in the order given; the reference row has zero differences. */
  readonly rows: readonly AgreementRow[];
  /** The name of the reference entry. */
  readonly reference: string;

  /**
   * Wraps computed rows; use {@linkcode compare} to build a table.
   *
   * @param rows The rows, one per entry.
   * @param reference The name of the reference entry.
   */
  constructor(rows: readonly AgreementRow[], reference: string) {
    this.rows = Object.freeze([...rows]);
    this.reference = reference;
  }

  /**
   * The table as aligned plain text: name, value, dtype, abs diff, rel diff, ULPs.
   *
   * @returns The text, one line per row after a header line.
   */
  toString(): string {
    const cells = this.#cells();
    const widths = cells[0].map((_, j) => Math.max(...cells.map((r) => r[j].length)));
    return cells.map((r) =>
      r.map((c, j) => (j <= 1 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join("  ")
        .trimEnd()
    ).join("\n");
  }

  /**
   * The table as an HTML `<table>` with a caption naming the reference.
   *
   * @returns The HTML fragment.
   */
  toHtml(): string {
    const [head, ...body] = this.#cells();
    let html = '<table class="kldiv-agreement"><caption>' +
      escapeHtml(`Agreement with the reference "${this.reference}"`) + "</caption><thead><tr>";
    for (const h of head) html += `<th>${escapeHtml(h)}</th>`;
    html += "</tr></thead><tbody>";
    for (const r of body) {
      html += "<tr>";
      r.forEach((c, j) => {
        const style = j === 0 ? ' style="text-align:left"' : ' style="font-family:monospace"';
        html += `<td${style}>${escapeHtml(c)}</td>`;
      });
      html += "</tr>";
    }
    return html + "</tbody></table>";
  }

  /**
   * Rich display in Deno's Jupyter kernel.
   *
   * @returns The MIME bundle with `text/plain` (the text table) and `text/html`.
   */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "text/plain": this.toString(), "text/html": this.toHtml() };
  }

  /** Makes `console.log(table)` in Deno print the text table. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /** Header and body cells as strings. */
  #cells(): string[][] {
    const max = this.rows.some((r) => r.value.numel() > 1) ? "max " : "";
    const out = [["", "value", "dtype", `${max}abs diff`, `${max}rel diff`, `${max}ULPs`]];
    for (const r of this.rows) {
      const ulps = r.reference ? "—" : `${formatCount(r.ulp)} (${r.ulp_dtype})`;
      out.push([
        r.reference ? `${r.name} (reference)` : r.name,
        valueText(r.value),
        r.value.dtype,
        r.reference ? "—" : formatDiff(r.abs_diff),
        r.reference ? "—" : formatDiff(r.rel_diff),
        ulps,
      ]);
    }
    return out;
  }
}

/**
 * Compares several results of the same computation with a reference: for each entry, the
 * absolute and relative difference and the ULP distance (float32 units when float32 is
 * involved, float64 units for two float64 tensors), elementwise and maximised over elements
 * for non-scalars. All entries must have the reference's shape.
 *
 * @param values The entries by name, e.g. `{ "method 1": t1, "method 2": t2 }`; plain numbers
 *   are taken as float64 scalars.
 * @param options `reference`: the name of the entry to compare with (default the first).
 * @returns The table; its `rows` hold the numbers and it displays itself in Jupyter.
 * @example Two float32 scalars one ULP apart
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import { compare } from "@kldiv/kldiv/jupyter";
 * import assert from "node:assert/strict";
 *
 * const a = tensor(1);
 * const b = tensor(1 + 2 ** -23);
 * const table = compare({ a, b });
 * assert.equal(table.rows[1].ulp, 1);
 * assert.equal(table.rows[1].abs_diff, 2 ** -23);
 * assert.ok(String(table).includes("1 (float32)"));
 * ```
 */
export function compare(
  values: Record<string, Tensor | number>,
  options?: CompareOptions,
): AgreementTable {
  const names = namesOf(values, "compare", ["named tensors", "named tensor", "{ a: t1, b: t2 }"]);
  checkOptionKeys(options, ["reference"], "compare");
  const refName = options?.reference ?? names[0];
  if (!names.includes(refName)) {
    throw new RangeError(
      `compare: reference "${refName}" is not one of the entries (${
        names.map((n) => `"${n}"`).join(", ")
      })`,
    );
  }
  const tensors = new Map<string, Tensor>();
  for (const name of names) tensors.set(name, asTensor(values[name], name));
  const ref = tensors.get(refName)!;
  const rows: AgreementRow[] = [];
  for (const name of names) {
    const t = tensors.get(name)!;
    if (!sameShape(t.shape, ref.shape)) {
      throw new RangeError(
        `compare: "${name}" has shape [${t.shape.join(", ")}] but the reference "${refName}" ` +
          `has shape [${ref.shape.join(", ")}]; entries are compared elementwise`,
      );
    }
    const ulpDType: DType = t.dtype === "float32" || ref.dtype === "float32"
      ? "float32"
      : "float64";
    const ulpOf = ulpDType === "float32" ? ulp32 : ulp64;
    let abs = 0;
    let rel = 0;
    let ulp = 0;
    const a = contiguousData(t);
    const b = contiguousData(ref);
    for (let i = 0; i < a.length; i++) {
      const d = diff(a[i], b[i]);
      const r = d === 0 ? 0 : d / Math.abs(b[i]);
      abs = nanMax(abs, d);
      rel = nanMax(rel, r);
      ulp = nanMax(ulp, ulpOf(a[i], b[i]));
    }
    rows.push({
      name,
      value: t,
      reference: name === refName,
      abs_diff: abs,
      rel_diff: rel,
      ulp,
      ulp_dtype: ulpDType,
    });
  }
  return new AgreementTable(rows, refName);
}

function asTensor(v: unknown, name: string): Tensor {
  if (v instanceof Tensor) return v;
  if (typeof v === "number") return new Tensor(Float64Array.of(v), []);
  throw new TypeError(
    `compare: "${name}" must be a Tensor or a number, got ${
      v === null ? "null" : Array.isArray(v) ? "an array (wrap it with tensor(...))" : typeof v
    }`,
  );
}

/** `|a - b|`, with 0 for equal values (also two equal infinities) and for two NaNs. */
function diff(a: number, b: number): number {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  return Math.abs(a - b);
}

/** max that keeps a NaN once one appears. */
function nanMax(acc: number, v: number): number {
  return Number.isNaN(acc) || Number.isNaN(v) ? NaN : v > acc ? v : acc;
}

const f32 = new Float32Array(2);
const i32 = new Int32Array(f32.buffer);
const f64 = new Float64Array(2);
const i64 = new BigInt64Array(f64.buffer);

/** Float32 ULP distance: the bit patterns mapped to a monotone integer line (±0 coincide). */
function ulp32(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : NaN;
  f32[0] = a;
  f32[1] = b;
  const ka = i32[0] < 0 ? -(i32[0] & 0x7fffffff) : i32[0];
  const kb = i32[1] < 0 ? -(i32[1] & 0x7fffffff) : i32[1];
  return Math.abs(ka - kb);
}

const MAG64 = 0x7fffffffffffffffn;

/** Float64 ULP distance, as {@linkcode ulp32} with 64-bit patterns. */
function ulp64(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : NaN;
  f64[0] = a;
  f64[1] = b;
  const ka = i64[0] < 0n ? -(i64[0] & MAG64) : i64[0];
  const kb = i64[1] < 0n ? -(i64[1] & MAG64) : i64[1];
  const d = ka - kb;
  return Number(d < 0n ? -d : d);
}

/** The value column: the number for one element, else the first elements and the shape. */
function valueText(t: Tensor): string {
  const a = contiguousData(t);
  if (t.shape.length === 0) return shortestDecimal(a[0], t.dtype);
  const n = a.length > 4 ? 3 : a.length;
  const items: string[] = [];
  for (let i = 0; i < n; i++) items.push(shortestDecimal(a[i], t.dtype));
  if (n < a.length) items.push("…");
  const list = `[${items.join(", ")}]`;
  return t.shape.length === 1 && n === a.length ? list : `${list} shape [${t.shape.join(", ")}]`;
}

function formatDiff(v: number): string {
  if (v === 0) return "0";
  if (Number.isNaN(v)) return "nan";
  if (v === Infinity) return "inf";
  return v.toExponential(2);
}

function formatCount(v: number): string {
  if (Number.isNaN(v)) return "nan";
  return String(v);
}

// Node's console.log prints what Deno's does (lib/tensor/inspect.ts).
addNodeInspect(AgreementTable);
