/**
 * Small charts for notebooks: grouped bars for distributions side by side and lines for curves.
 *
 * Each function returns a {@linkcode Chart} holding a Vega-Lite v5 spec. In Deno's Jupyter
 * kernel a chart displays as SVG (rendered headlessly by `vega` and `vega-lite`, so it shows in
 * every notebook viewer), as the same SVG in a Markdown image (which survives
 * `jupyter nbconvert --to html`), and as the spec, `application/vnd.vegalite.v5+json`, which
 * JupyterLab renders interactively. The renderer is loaded on the first render, so importing
 * this module is cheap.
 *
 * Values that are not finite (inf, nan) cannot be drawn; they are dropped and the chart's
 * subtitle (or, without a title, the title) says how many, so a curve that overflows still
 * plots.
 *
 * Output is bounded: `bars` draws at most {@linkcode MAX_BAR_CATEGORIES} categories (more is
 * refused with an error: a bar per category is unreadable long before, and Vega-Lite itself
 * overflows its stack near 2,000), and `line` draws at most {@linkcode MAX_LINE_POINTS} points
 * per series, keeping the lowest and highest point of each run of a longer series (so peaks
 * stay visible) and saying so in the subtitle.
 *
 * @module
 */

import { addNodeInspect } from "../tensor/inspect.ts";
import { Tensor } from "../tensor/tensor.ts";
import { describe } from "../tensor/dtype.ts";
import { namesOf } from "./named.ts";
import { checkOptionKeys } from "../tensor/options.ts";
import { shortestDecimal } from "../tensor/format.ts";

/** The values of one series: a 1-D (or 0-D) tensor or an array of numbers. */
export type SeriesValues = Tensor | readonly number[];

/** A Vega-Lite specification (a JSON object with a `$schema`). */
export interface VegaLiteSpec {
  /** The Vega-Lite schema URL; v5 here. */
  $schema: string;
  /** The rest of the spec. */
  [key: string]: unknown;
}

/** Options of {@linkcode bars}. */
export interface BarsOptions {
  /** Chart title. */
  title?: string;
  /** Category names along x, one per value; default the indices `0, 1, ...`. */
  labels?: readonly string[];
  /** Title of the x axis; default none. */
  xlabel?: string;
  /** Title of the y axis; default `"value"`. */
  ylabel?: string;
}

/** Options of {@linkcode line}. */
export interface LineOptions {
  /** Chart title. */
  title?: string;
  /** Title of the x axis; default `"x"`. */
  xlabel?: string;
  /** Title of the y axis; default `"y"`. */
  ylabel?: string;
  /** Logarithmic y axis; points with y <= 0 are then dropped (and counted in the subtitle). */
  logy?: boolean;
}

const SERIES = ["named series", "series", "{ P, Q }"] as const;

/** The most categories `plot.bars` draws; more is refused with an error naming this limit. */
export const MAX_BAR_CATEGORIES = 500;

/**
 * The most points `plot.line` draws per series. A longer series is reduced to the lowest and
 * highest point of each of `MAX_LINE_POINTS / 2` consecutive runs, and the subtitle says so.
 */
export const MAX_LINE_POINTS = 2000;

/** Vega-Lite's mark types, to refuse an unknown one with our error rather than Vega's. */
const MARKS = [
  "arc",
  "area",
  "bar",
  "boxplot",
  "circle",
  "errorband",
  "errorbar",
  "geoshape",
  "image",
  "line",
  "point",
  "rect",
  "rule",
  "square",
  "text",
  "tick",
  "trail",
];

/** The keys of which a Vega-Lite spec needs at least one, to say what it draws. */
const VIEW_KEYS = ["mark", "layer", "facet", "hconcat", "vconcat", "concat", "repeat"];

const SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/**
 * A chart: a Vega-Lite v5 spec that renders to SVG and displays itself in Jupyter.
 * Made by {@linkcode bars} and {@linkcode line}, or from any Vega-Lite v5 spec.
 *
 * @example A chart from a hand-written spec, rendered to SVG
 * ```ts
 * import { Chart } from "@kldiv/kldiv/jupyter";
 * import assert from "node:assert/strict";
 *
 * const chart = new Chart({
 *   $schema: "https://vega.github.io/schema/vega-lite/v5.json",
 *   data: { values: [{ k: "a", v: 1 }, { k: "b", v: 2 }] },
 *   mark: "bar",
 *   encoding: { x: { field: "k", type: "nominal" }, y: { field: "v", type: "quantitative" } },
 * }, "two bars");
 * const svg = await chart.toSVG();
 * assert.equal(svg.match(/aria-roledescription="bar"/g)?.length, 2);
 * assert.equal(String(chart), "two bars");
 * ```
 */
export class Chart {
  /** The Vega-Lite v5 spec, data included. */
  readonly spec: VegaLiteSpec;
  /** One line describing the chart, the `text/plain` form. */
  readonly description: string;
  #svg: Promise<string> | null = null;

  /**
   * Wraps a Vega-Lite v5 spec.
   *
   * @param spec The spec; it must have a `$schema`.
   * @param description One line for plain-text displays; default `"Chart"`.
   */
  constructor(spec: VegaLiteSpec, description?: string) {
    if (spec === null || typeof spec !== "object" || typeof spec.$schema !== "string") {
      throw new TypeError("Chart: expected a Vega-Lite spec object with a $schema string");
    }
    if (!VIEW_KEYS.some((k) => k in spec)) {
      throw new TypeError(
        `Chart: the spec draws nothing; expected one of ${VIEW_KEYS.join(", ")} ` +
          '(e.g. mark: "bar")',
      );
    }
    if ("mark" in spec) {
      const mark = spec.mark as unknown;
      const type = mark !== null && typeof mark === "object"
        ? (mark as { type?: unknown }).type
        : mark;
      if (typeof type !== "string" || !MARKS.includes(type)) {
        throw new TypeError(
          `Chart: unknown mark ${describe(type)}; expected one of ${MARKS.join(", ")}`,
        );
      }
    }
    if (description !== undefined && typeof description !== "string") {
      throw new TypeError(`Chart: description must be a string, got ${describe(description)}`);
    }
    this.spec = spec;
    this.description = description ?? "Chart";
  }

  /**
   * Renders the chart to an SVG document with Vega, headlessly (no canvas or browser needed).
   * The first call loads `vega` and `vega-lite`; the result is cached. A failed render is
   * not cached, so a later call tries again. A spec Vega cannot render rejects with an error
   * starting `Chart: cannot render this Vega-Lite spec:`, the renderer's words following.
   *
   * @returns The SVG markup.
   */
  toSVG(): Promise<string> {
    if (this.#svg === null) {
      const svg = renderSvg(this.spec);
      this.#svg = svg;
      svg.catch(() => {
        if (this.#svg === svg) this.#svg = null;
      });
    }
    return this.#svg;
  }

  /**
   * Rich display in Deno's Jupyter kernel: the Vega-Lite spec (JupyterLab draws it
   * interactively), the SVG, the same SVG as a Markdown image, and a text line.
   *
   * The Markdown image is for exported notebooks: `jupyter nbconvert --to html` prefers
   * `text/markdown` to `image/svg+xml` and passes inline SVG through a sanitiser (lxml's
   * `clean_html`) that strips everything inside `<svg>`, leaving a blank gap; an `<img>` whose
   * source is the SVG as a data URL is left alone, and the browser draws it. (A PNG beside the
   * SVG would not help: nbconvert ranks `image/svg+xml` above `image/png`.)
   *
   * @returns A promise of the MIME bundle.
   */
  async [Symbol.for("Jupyter.display")](): Promise<Record<string, unknown>> {
    const svg = await this.toSVG();
    return {
      "text/plain": this.description,
      "text/markdown": markdownImage(this.description, svg),
      "image/svg+xml": svg,
      "application/vnd.vegalite.v5+json": this.spec,
    };
  }

  /** The one-line description. */
  toString(): string {
    return this.description;
  }

  /** Makes `console.log(chart)` print the description. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.description;
  }
}

/**
 * Grouped bars: the categories along x and, in each, one bar per series in its own colour;
 * for comparing distributions such as P and Q side by side.
 *
 * @param series The series by name, all of the same length, e.g. `{ P, Q }`.
 * @param options Title, category `labels` and axis titles.
 * @returns The chart.
 * @example Two distributions
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import { plot } from "@kldiv/kldiv/jupyter";
 * import assert from "node:assert/strict";
 *
 * const P = tensor([0.2, 0.5, 0.3]);
 * const Q = tensor([0.1, 0.6, 0.3]);
 * const chart = plot.bars({ P, Q }, { labels: ["a", "b", "c"] });
 * assert.equal((chart.spec.data as { values: unknown[] }).values.length, 6);
 * assert.equal(String(chart), "Bar chart of P, Q over 3 categories");
 * ```
 */
export function bars(series: Record<string, SeriesValues>, options?: BarsOptions): Chart {
  checkOptionKeys(options, ["title", "labels", "xlabel", "ylabel"], "bars");
  checkStrings(options, ["title", "xlabel", "ylabel"], "bars");
  const names = namesOf(series, "bars", SERIES);
  const columns = names.map((name) => valuesOf(series[name], `bars: series "${name}"`));
  const dtypes = names.map((name) => dtypeOf(series[name]));
  const n = columns[0].length;
  columns.forEach((c, i) => {
    if (c.length !== n) {
      throw new RangeError(
        `bars: every series needs the same number of values; "${names[0]}" has ${n} but ` +
          `"${names[i]}" has ${c.length}`,
      );
    }
  });
  if (n > MAX_BAR_CATEGORIES) {
    throw new RangeError(
      `bars: at most ${MAX_BAR_CATEGORIES} categories can be drawn (MAX_BAR_CATEGORIES), got ` +
        `${n}; group them into fewer categories first, or draw them with plot.line`,
    );
  }
  const labels = options?.labels === undefined ? range(n).map(String) : labelsOf(options.labels);
  if (labels.length !== n) {
    throw new RangeError(`bars: expected ${n} labels (one per value), got ${labels.length}`);
  }
  if (new Set(labels).size !== n) throw new RangeError("bars: labels must be distinct");
  const values: Record<string, unknown>[] = [];
  const nonFinite = new Map<string, number>();
  names.forEach((name, s) => {
    for (let i = 0; i < n; i++) {
      const v = columns[s][i];
      if (Number.isFinite(v)) {
        values.push({ category: labels[i], series: name, value: pretty(v, dtypes[s]) });
      } else nonFinite.set(name, (nonFinite.get(name) ?? 0) + 1);
    }
  });
  const drop = dropped(nonFinite, "non-finite");
  const spec: VegaLiteSpec = {
    $schema: SCHEMA,
    ...titleOf(options?.title, drop.note),
    data: { values },
    mark: { type: "bar", tooltip: true },
    encoding: {
      x: {
        field: "category",
        type: "nominal",
        sort: labels,
        title: options?.xlabel ?? null,
        axis: { labelAngle: 0 },
      },
      xOffset: { field: "series", type: "nominal", sort: names },
      y: { field: "value", type: "quantitative", title: options?.ylabel ?? "value" },
      color: { field: "series", type: "nominal", sort: names, title: null },
    },
  };
  return new Chart(
    spec,
    `Bar chart of ${names.join(", ")} over ${n} categories${drop.text}`,
  );
}

/**
 * Lines: one curve per series through its `(x, y)` points, each in its own colour. Points
 * whose x or y is not finite (or, with `logy`, whose y is not positive) are dropped and
 * counted in the subtitle.
 *
 * @param series The series by name, each `{ x, y }` with equal lengths.
 * @param options Title, axis titles and `logy` for a logarithmic y axis.
 * @returns The chart.
 * @example A curve that overflows float32
 * ```ts
 * import { arange } from "@kldiv/kldiv";
 * import { plot } from "@kldiv/kldiv/jupyter";
 * import assert from "node:assert/strict";
 *
 * const x = arange(0, 100, 10);
 * const chart = plot.line({ "exp(x)": { x, y: x.exp() } }, { logy: true });
 * assert.equal((chart.spec.data as { values: unknown[] }).values.length, 9); // exp(90) = inf
 * assert.match(String(chart), /1 non-finite value dropped/);
 * ```
 */
export function line(
  series: Record<string, { x: SeriesValues; y: SeriesValues }>,
  options?: LineOptions,
): Chart {
  checkOptionKeys(options, ["title", "xlabel", "ylabel", "logy"], "line");
  checkStrings(options, ["title", "xlabel", "ylabel"], "line");
  const names = namesOf(series, "line", SERIES);
  const logy = options?.logy ?? false;
  if (typeof logy !== "boolean") {
    throw new TypeError(`line: logy must be a boolean (true or false), got ${describe(logy)}`);
  }
  const values: Record<string, unknown>[] = [];
  const nonFinite = new Map<string, number>();
  const nonPositive = new Map<string, number>();
  const reduced: string[] = [];
  let fewPoints = true;
  for (const name of names) {
    const s = series[name];
    if (s === null || typeof s !== "object" || !("x" in s) || !("y" in s)) {
      throw new TypeError(`line: series "${name}" must be an object { x, y }`);
    }
    const x = valuesOf(s.x, `line: "${name}".x`);
    const y = valuesOf(s.y, `line: "${name}".y`);
    if (x.length !== y.length) {
      throw new RangeError(
        `line: series "${name}" has ${x.length} x values but ${y.length} y values`,
      );
    }
    if (x.length > 30) fewPoints = false;
    const kept: number[] = [];
    for (let i = 0; i < x.length; i++) {
      if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) {
        nonFinite.set(name, (nonFinite.get(name) ?? 0) + 1);
      } else if (logy && y[i] <= 0) {
        nonPositive.set(name, (nonPositive.get(name) ?? 0) + 1);
      } else {
        kept.push(i);
      }
    }
    const shown = kept.length > MAX_LINE_POINTS ? extremesOfRuns(kept, y) : kept;
    if (shown !== kept) {
      reduced.push(`${name}: ${kept.length} points shown as ${shown.length}`);
    }
    const [dx, dy] = [dtypeOf(s.x), dtypeOf(s.y)];
    for (const i of shown) values.push({ series: name, x: pretty(x[i], dx), y: pretty(y[i], dy) });
  }
  const drops = [dropped(nonFinite, "non-finite"), dropped(nonPositive, "non-positive")];
  if (reduced.length > 0) {
    drops.push({
      note: `lowest and highest of each run shown (${reduced.join(", ")})`,
      text: `, reduced to at most ${MAX_LINE_POINTS} points per series`,
    });
  }
  const notes = drops.map((d) => d.note).filter((s) => s !== "").join("; ");
  const spec: VegaLiteSpec = {
    $schema: SCHEMA,
    ...titleOf(options?.title, notes),
    width: 400,
    height: 250,
    data: { values },
    mark: { type: "line", point: fewPoints, tooltip: true },
    encoding: {
      x: { field: "x", type: "quantitative", title: options?.xlabel ?? "x" },
      y: {
        field: "y",
        type: "quantitative",
        title: options?.ylabel ?? "y",
        ...(logy ? { scale: { type: "log" }, axis: { format: "~g" } } : {}),
      },
      color: { field: "series", type: "nominal", sort: names, title: null },
    },
  };
  const count = values.length;
  return new Chart(
    spec,
    `Line chart of ${names.join(", ")} (${count} point${count === 1 ? "" : "s"}${
      drops.map((d) => d.text).join("")
    })`,
  );
}

/** `![alt](data:image/svg+xml;base64,...)`: an SVG document as a Markdown image. */
function markdownImage(alt: string, svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  // Brackets and backslashes would end or escape the alt text early.
  const text = alt.replace(/[\\[\]]/g, (ch) => "\\" + ch);
  return `![${text}](data:image/svg+xml;base64,${btoa(binary)})`;
}

function labelsOf(labels: unknown): string[] {
  if (!Array.isArray(labels) || labels.some((l) => typeof l !== "string")) {
    const got = Array.isArray(labels) ? "an array with non-string entries" : describe(labels);
    throw new TypeError(`bars: labels must be an array of strings, got ${got}`);
  }
  return [...labels];
}

function valuesOf(v: unknown, where: string): ArrayLike<number> {
  if (v instanceof Tensor) {
    if (v.dim() > 1) {
      throw new RangeError(
        `${where}: expected a 1-D tensor, got shape [${v.shape.join(", ")}]; ` +
          "reshape or index it first",
      );
    }
    return v.toTypedArray();
  }
  if (Array.isArray(v) && v.every((e) => typeof e === "number")) return v;
  const got = Array.isArray(v) ? "an array with non-number entries" : describe(v);
  throw new TypeError(`${where}: expected a Tensor or an array of numbers, got ${got}`);
}

function dtypeOf(v: SeriesValues): "float32" | "float64" {
  return v instanceof Tensor && v.dtype === "float32" ? "float32" : "float64";
}

/**
 * A drawn value: float32 values as their shortest decimals, so the spec and tooltips read
 * 0.2, not 0.20000000298023224 (the nearest double to each decimal is the same float32).
 * Applied only to the points drawn, so a long series costs no string work for the rest.
 */
function pretty(v: number, dtype: "float32" | "float64"): number {
  return dtype === "float32" ? Number(shortestDecimal(v, "float32")) : v;
}

/**
 * Indices (a subset of `kept`, in order) of the lowest and highest `y` in each of
 * `MAX_LINE_POINTS / 2` consecutive runs of `kept`: at most MAX_LINE_POINTS points that keep
 * every peak and trough a pixel-wide run could show.
 */
function extremesOfRuns(kept: readonly number[], y: ArrayLike<number>): number[] {
  const runs = MAX_LINE_POINTS / 2;
  const out: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = Math.floor((r * kept.length) / runs);
    const end = Math.floor(((r + 1) * kept.length) / runs);
    let lo = start, hi = start;
    for (let k = start + 1; k < end; k++) {
      if (y[kept[k]] < y[kept[lo]]) lo = k;
      if (y[kept[k]] > y[kept[hi]]) hi = k;
    }
    out.push(kept[Math.min(lo, hi)]);
    if (hi !== lo) out.push(kept[Math.max(lo, hi)]);
  }
  return out;
}

/** Throws unless each of `keys` in `options` is absent or a string. */
function checkStrings(options: object | undefined, keys: readonly string[], where: string): void {
  for (const key of keys) {
    const v = (options as Record<string, unknown> | undefined)?.[key];
    if (v !== undefined && typeof v !== "string") {
      throw new TypeError(`${where}: ${key} must be a string, got ${describe(v)}`);
    }
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** The spec's title entry: a title with the drop note as its subtitle. */
function titleOf(title: string | undefined, note: string): Record<string, unknown> {
  if (note === "") return title === undefined ? {} : { title };
  // A subtitle needs a title to show; without one the note itself is the (quieter) title.
  if (title === undefined) return { title: { text: note, fontSize: 11, fontWeight: "normal" } };
  return { title: { text: title, subtitle: note } };
}

/**
 * What was dropped, for the chart: `note` for the subtitle ("dropped 3 non-finite values
 * (exp: 3)") and `text` for the description (", 3 non-finite values dropped"); both empty
 * when nothing was.
 */
function dropped(counts: Map<string, number>, kind: string): { note: string; text: string } {
  let total = 0;
  for (const c of counts.values()) total += c;
  if (total === 0) return { note: "", text: "" };
  const values = `${total} ${kind} value${total === 1 ? "" : "s"}`;
  const per = [...counts].map(([name, c]) => `${name}: ${c}`).join(", ");
  return { note: `dropped ${values} (${per})`, text: `, ${values} dropped` };
}

interface VegaModule {
  View: new (runtime: unknown, config: { renderer: string }) => { toSVG(): Promise<string> };
  parse(spec: unknown): unknown;
}

interface VegaLiteModule {
  compile(spec: unknown): { spec: unknown };
}

let renderer: Promise<[VegaModule, VegaLiteModule]> | null = null;

/**
 * Loads vega and vega-lite once, keeping Node deprecation notices of their dependencies quiet.
 * A failed load is forgotten, so the next chart tries again instead of failing for good.
 */
function loadRenderer(): Promise<[VegaModule, VegaLiteModule]> {
  if (renderer === null) {
    const loading = (async (): Promise<[VegaModule, VegaLiteModule]> => {
      // Node's (and Deno's) `process` global; a browser has none, and then nothing to quiet.
      const proc = (globalThis as { process?: { noDeprecation?: boolean } }).process ?? {};
      // vega's Node build pulls in node-fetch, whose URL code warns that `punycode` is
      // deprecated; in a notebook that warning would print under the first chart.
      const quiet = proc.noDeprecation;
      proc.noDeprecation = true;
      try {
        // Full, pinned npm specifiers (not bare names from deno.json) so charts also render
        // when this module is imported by path or URL from outside the repository. Literal
        // strings, so Deno sees (and locks) them ahead of the first chart.
        const [vega, vl] = await Promise.all([
          // deno-lint-ignore no-import-prefix -- pinned here on purpose (see above)
          import("npm:vega@5.33.1"),
          // deno-lint-ignore no-import-prefix -- pinned here on purpose (see above)
          import("npm:vega-lite@5.23.0"),
        ]);
        return [vega as unknown as VegaModule, vl as unknown as VegaLiteModule];
      } finally {
        proc.noDeprecation = quiet;
      }
    })();
    renderer = loading;
    loading.catch(() => {
      if (renderer === loading) renderer = null;
    });
  }
  return renderer;
}

async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const [vega, vl] = await loadRenderer();
  try {
    // Vega tags data objects it ingests; it gets a copy so the chart's spec stays plain JSON.
    const vgSpec = vl.compile(structuredClone(spec)).spec;
    const view = new vega.View(vega.parse(vgSpec), { renderer: "none" });
    return await view.toSVG();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`Chart: cannot render this Vega-Lite spec: ${why}`, { cause: error });
  }
}

// Node's console.log prints what Deno's does (lib/tensor/inspect.ts).
addNodeInspect(Chart);
