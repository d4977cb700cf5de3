/**
 * Tensors from and to CSV: `read_csv`, `to_csv`, `write_csv`, and the row-by-row numeric reader
 * that the `kl` command streams with.
 *
 * Rows are the first dim, columns the second. The first row is a header when any of its cells
 * is not a number (an empty cell counts as neither). Errors name the source, the 1-based
 * physical line and column, and quote the bad cell (a bounded prefix of it).
 *
 * @module
 */

import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { allocate, checkDType, describe, type DType, get_default_dtype } from "../tensor/dtype.ts";
import { checkOptionKeys } from "../tensor/options.ts";
import { shortestDecimal } from "../tensor/format.ts";
import { contiguousData, fromData, requireTensor, type Tensor } from "../tensor/tensor.ts";
import {
  CsvSyntaxError,
  DEFAULT_MAX_RECORD_SIZE,
  formatCsv,
  type RawRecord,
  recordsFromFile,
  recordsFromStream,
  recordsFromText,
} from "./csv_backend.ts";

export { DEFAULT_MAX_RECORD_SIZE };

/** Where a CSV problem is: the source's name and, when known, a 1-based line and column. */
export interface CsvLocation {
  /** The file path, or `"CSV text"` for text input. */
  file: string;
  /** 1-based physical line, counting header and blank lines. */
  line?: number;
  /** 1-based column (field number). */
  column?: number;
}

/**
 * A bad CSV source: its message starts with the location, e.g.
 * `data.csv, line 4, column 2: expected a number, got "abc"`.
 */
export class CsvError extends Error {
  /** The source's name. */
  readonly file: string;
  /** 1-based line, when the problem has one. */
  readonly line: number | undefined;
  /** 1-based column, when the problem has one. */
  readonly column: number | undefined;

  /**
   * Creates the error; the message is the location, a colon, then the detail.
   *
   * @param where The source and position of the problem.
   * @param detail What was expected and what was received.
   */
  constructor(where: CsvLocation, detail: string) {
    super(`${locate(where)}: ${detail}`);
    this.name = "CsvError";
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
    this.#detail = detail;
  }

  readonly #detail: string;

  /**
   * The same error with a note in parentheses after the detail, e.g. why the first row was
   * taken as a header.
   *
   * @param note The note.
   * @returns A new CsvError at the same location.
   *
   * @example
   * ```ts
   * import { CsvError } from "@kldiv/kldiv/csv";
   * import assert from "node:assert/strict";
   *
   * const e = new CsvError({ file: "P.csv", line: 3 }, "expected 2 columns, got 1");
   * assert.equal(e.withNote("see line 1").message, "P.csv, line 3: expected 2 columns, got 1 (see line 1)");
   * ```
   */
  withNote(note: string): CsvError {
    return new CsvError(
      { file: this.file, line: this.line, column: this.column },
      `${this.#detail} (${note})`,
    );
  }
}

function locate({ file, line, column }: CsvLocation): string {
  let s = file;
  if (line !== undefined) s += `, line ${line}`;
  if (column !== undefined) s += `, column ${column}`;
  return s;
}

const SPECIAL = /^([+-]?)(nan|inf|infinity)$/i;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Whether `s` is a decimal number: sign, digits with an optional point (at least one digit),
 * optional exponent. One pass, no regular expression: a backtracking regex took quadratic time
 * on a long run of digits followed by a non-digit.
 */
function isDecimal(s: string): boolean {
  const n = s.length;
  let i = 0;
  if (i < n && (s[i] === "+" || s[i] === "-")) i++;
  const intStart = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  let digits = i - intStart;
  if (i < n && s[i] === ".") {
    const fracStart = ++i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    digits += i - fracStart;
  }
  if (digits === 0) return false;
  if (i < n && (s[i] === "e" || s[i] === "E")) {
    i++;
    if (i < n && (s[i] === "+" || s[i] === "-")) i++;
    const start = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === start) return false;
  }
  return i === n;
}

/**
 * The number a CSV cell holds, or undefined when it holds none. Accepts decimal and exponent
 * notation with surrounding spaces, and `nan`, `inf`, `infinity` in any case with a sign. Takes
 * time linear in the cell's length.
 *
 * @param cell The cell's text.
 * @returns The number, or undefined.
 *
 * @example
 * ```ts
 * import { parseCell } from "./csv.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(parseCell(" -1.5e3 "), -1500);
 * assert.equal(parseCell("-Infinity"), -Infinity);
 * assert.equal(parseCell("1e"), undefined);
 * assert.equal(parseCell("7".repeat(1e6) + "x"), undefined); // at once, not in minutes
 * ```
 */
export function parseCell(cell: string): number | undefined {
  const s = cell.trim();
  if (isDecimal(s)) return Number(s);
  if (s.length > 9) return undefined; // longer than "-infinity"
  const special = SPECIAL.exec(s);
  if (special === null) return undefined;
  if (special[2].toLowerCase() === "nan") return NaN;
  return special[1] === "-" ? -Infinity : Infinity;
}

/** Cells longer than this are quoted by their first characters and their length. */
export const QUOTE_LIMIT = 40;

/**
 * Quotes a cell for an error message: at most {@linkcode QUOTE_LIMIT} characters of it, then
 * its length, so a 5 MB cell does not become a 5 MB message.
 *
 * @param cell The cell's text.
 * @returns The quoted cell, or "an empty cell".
 *
 * @example
 * ```ts
 * import { quoteCell } from "./csv.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(quoteCell("abc"), '"abc"');
 * assert.equal(quoteCell(" "), "an empty cell");
 * assert.equal(quoteCell("x".repeat(1000)), `"${"x".repeat(40)}"… (1000 characters)`);
 * ```
 */
export function quoteCell(cell: string): string {
  return cell.trim() === "" ? "an empty cell" : quoteText(cell);
}

/** Quotes text (a header name, say) as {@linkcode quoteCell} does, empty or not. */
export function quoteText(text: string): string {
  if (text.length <= QUOTE_LIMIT) return JSON.stringify(text);
  let head = text.slice(0, QUOTE_LIMIT);
  const last = head.charCodeAt(head.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) head = head.slice(0, -1); // half a surrogate pair
  return `${JSON.stringify(head)}… (${text.length} characters)`;
}

/** How to treat the first row: `"auto"` (header if any cell is non-numeric), `true`, `false`. */
export type HeaderOption = boolean | "auto";

/** One numeric row of a CSV source. */
export interface NumericRow {
  /** The values; the buffer is reused by the next row, so copy what you keep. */
  values: Float64Array;
  /** The cells as read, for quoting in errors. */
  cells: readonly string[];
  /** 1-based physical line of the row. */
  line: number;
  /** Bytes of the source consumed so far. */
  bytes: number;
}

/** How `header: "auto"` decided about the first row, for explaining the decision in errors. */
export interface HeaderGuess {
  /** True when the first row was taken as a header. */
  header: boolean;
  /** The first row's line. */
  line: number;
  /** For a header: the 1-based column of the first non-numeric cell, which decided it. */
  column?: number;
  /** For a header: that cell. */
  cell?: string;
  /** For a header: whether some of its other cells are numbers (a typo in data, perhaps). */
  mixed: boolean;
}

/** A CSV source opened for reading numeric rows one at a time. */
export interface CsvRows {
  /** The source's name, used in errors. */
  readonly name: string;
  /** The header cells, or null when the first row is data (or the source is empty). */
  readonly header: readonly string[] | null;
  /** How the header was guessed; undefined when `header` was given or the source is empty. */
  readonly guess: HeaderGuess | undefined;
  /** The number of columns (0 for an empty source). */
  readonly columns: number;
  /** The line that fixed the column count (header or first data row). */
  readonly firstLine: number;
  /**
   * When every row has one column and the first holds `;` or a tab, a hint that the file
   * may use that delimiter (CSV here means commas), to append to errors; else "".
   */
  readonly delimiterHint: string;
  /** The next row, or null after the last; throws CsvError on a bad row. */
  next(): Promise<NumericRow | null>;
  /** Stops reading and releases the source. */
  close(): void;
}

/** `1 column`, `2 columns`. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** The delimiter hint for a one-column source whose first record is `cell` (see CsvRows). */
function hintDelimiter(cell: string, label: string, line: number): string {
  const found = [";", "\t"].find((d) => cell.includes(d));
  if (found === undefined) return "";
  const name = found === ";" ? '";"' : "a tab";
  return ` (${label} has one column per row, and its line ${line} holds ${name}: it may be ` +
    `separated by ${name}, but only commas separate values here)`;
}

/** Where to read CSV from: a file path or `file:` URL, or CSV text (a string with a line break). */
export type CsvSource = string | URL;

/** How to open a CSV source with {@linkcode openCsvRows}. */
export interface OpenCsvOptions {
  /** How to treat the first row (default `"auto"`). */
  header?: HeaderOption;
  /** The name used in errors (default: the path, or "CSV text"). */
  name?: string;
  /** The longest record allowed, in bytes of cell text (default 8 MiB; Infinity: no limit). */
  maxRecordSize?: number;
  /** A string source is a path even when it contains a line break (as on a command line). */
  pathOnly?: boolean;
  /** Read these bytes instead of `source` (e.g. standard input); `name` names them. */
  stream?: ReadableStream<Uint8Array>;
}

/** True when the source string is CSV text rather than a path. */
function isText(source: CsvSource): source is string {
  return typeof source === "string" && /[\r\n]/.test(source);
}

function fileError(name: string, error: unknown): CsvError {
  const code = (error as { code?: unknown })?.code;
  const reason = code === "ENOENT"
    ? "no such file"
    : code === "EACCES" || code === "EPERM"
    ? "permission denied"
    : code === "EISDIR"
    ? "it is a directory"
    : String((error as Error)?.message ?? error).split("\n")[0];
  // A one-line CSV string without a line break is taken for a path; say so.
  const hint = code === "ENOENT" && name.includes(",") && !/[\r\n]/.test(name)
    ? ' (CSV text must contain a line break, e.g. "0.5,0.5\\n")'
    : "";
  return new CsvError({ file: name }, `cannot read the file: ${reason}${hint}`);
}

/** Our located error for the parser's complaint. */
function syntaxError(label: string, error: CsvSyntaxError, maxRecordSize: number): CsvError {
  if (error.code === "INVALID_OPENING_QUOTE" && error.field?.trim() === "" && error.field !== "") {
    return new CsvError(
      { file: label, line: error.line, column: error.column },
      "malformed CSV: spaces before an opening quote; a quoted cell must start right after the comma",
    );
  }
  if (error.code === "INVALID_OPENING_QUOTE") {
    const after = error.field === undefined || error.field === ""
      ? ""
      : ` after ${quoteText(error.field)}`;
    return new CsvError(
      { file: label, line: error.line, column: error.column },
      `malformed CSV: a quote inside an unquoted cell${after}; quote the whole cell and double ` +
        `the quotes inside it ("x""y"), or remove the quote`,
    );
  }
  if (error.code === "CSV_INVALID_CLOSING_QUOTE") {
    return new CsvError(
      { file: label, line: error.line, column: error.column },
      `malformed CSV: ${error.message.replace(/^Invalid Closing Quote: /, "")} after the ` +
        `closing quote of a quoted cell; a quote inside a quoted cell is written twice ("x""y")`,
    );
  }
  if (error.code === "CSV_MAX_RECORD_SIZE") {
    return new CsvError(
      { file: label, line: error.line },
      `a record longer than ${maxRecordSize} bytes, the record-size limit (is this CSV, with ` +
        `line breaks?); raise it with the max_record_size option (kl: --max-record-size)`,
    );
  }
  return new CsvError({ file: label, line: error.line }, `malformed CSV: ${error.message}`);
}

/** The path of a `file:` URL (spaces and all, not `%20`); other URLs are a CsvError. */
function filePath(url: URL): string {
  if (url.protocol !== "file:") {
    throw new CsvError(
      { file: url.href },
      `cannot read a ${url.protocol} URL; expected a file: URL, a file path or CSV text`,
    );
  }
  try {
    return fileURLToPath(url);
  } catch (error) {
    // e.g. a host other than localhost, which a local path cannot name
    throw new CsvError({ file: url.href }, `cannot read the file: ${(error as Error).message}`);
  }
}

/** A record of one cell holding only whitespace: a line of spaces, skipped like a blank line. */
function isBlank(cells: readonly string[]): boolean {
  return cells.length === 1 && cells[0].trim() === "";
}

/**
 * Opens a CSV source for streaming numeric rows. Reads only the first record before returning.
 *
 * @param source A file path or `file:` URL, or CSV text (any string containing a line break).
 * @param options The header rule, the name for errors, the record-size limit, and more.
 * @returns The opened rows.
 */
export async function openCsvRows(
  source: CsvSource,
  options: OpenCsvOptions = {},
): Promise<CsvRows> {
  const header = options.header ?? "auto";
  const maxRecordSize = options.maxRecordSize ?? DEFAULT_MAX_RECORD_SIZE;
  const stream = options.stream;
  const text = stream === undefined && options.pathOnly !== true && isText(source);
  const path = source instanceof URL ? filePath(source) : source;
  const label = options.name ?? (text ? "CSV text" : path);
  const records = stream !== undefined
    ? recordsFromStream(stream, maxRecordSize)
    : text
    ? recordsFromText(source as string, maxRecordSize)
    : recordsFromFile(path, maxRecordSize);
  const pull = async (): Promise<RawRecord | null> => {
    try {
      let record = await records.next();
      while (record !== null && isBlank(record.cells)) record = await records.next();
      return record;
    } catch (error) {
      if (error instanceof CsvSyntaxError) throw syntaxError(label, error, maxRecordSize);
      throw fileError(label, error);
    }
  };

  let first: RawRecord | null;
  try {
    first = await pull();
  } catch (error) {
    records.close();
    throw error;
  }
  let pending: RawRecord | null = first;
  let headerCells: string[] | null = null;
  let guess: HeaderGuess | undefined;
  if (first !== null) {
    let isHeader = header === true;
    if (header === "auto") {
      const cells = first.cells;
      const j = cells.findIndex((c) => c.trim() !== "" && parseCell(c) === undefined);
      isHeader = j >= 0;
      guess = isHeader
        ? {
          header: true,
          line: first.line,
          column: j + 1,
          cell: cells[j],
          mixed: cells.some((c) => parseCell(c) !== undefined),
        }
        : { header: false, line: first.line, mixed: false };
    }
    if (isHeader) {
      headerCells = first.cells.map((c) => c.trim());
      pending = null;
    }
  }
  const columns = first?.cells.length ?? 0;
  const firstLine = first?.line ?? 1;
  const values = new Float64Array(columns);
  const delimiterHint = columns === 1 ? hintDelimiter(first!.cells[0], label, firstLine) : "";

  return {
    name: label,
    header: headerCells,
    guess,
    columns,
    firstLine,
    delimiterHint,
    async next(): Promise<NumericRow | null> {
      const record = pending ?? await pull();
      pending = null;
      if (record === null) return null;
      const cells = record.cells;
      if (cells.length !== columns) {
        throw new CsvError(
          { file: label, line: record.line },
          `expected ${plural(columns, "column")} (as on line ${firstLine}), got ${cells.length}` +
            delimiterHint,
        );
      }
      for (let j = 0; j < columns; j++) {
        const v = parseCell(cells[j]);
        if (v === undefined) {
          throw new CsvError(
            { file: label, line: record.line, column: j + 1 },
            `expected a number, got ${quoteCell(cells[j])}${delimiterHint}`,
          );
        }
        values[j] = v;
      }
      return { values, cells, line: record.line, bytes: record.bytes };
    },
    close(): void {
      records.close();
    },
  };
}

/**
 * Why `header: "auto"` decided as it did, for appending to an error when the decision may be
 * what went wrong: a header with numeric cells (a typo in the first data row, perhaps).
 *
 * @param rows The opened source.
 * @param hints How to override: the option or flag for "it is data" and "it is a header".
 * @param always Explain any guess, not only a doubtful one (when two files' guesses differ).
 * @returns The explanation, or undefined when there is nothing doubtful to explain.
 *
 * @example
 * ```ts
 * import { headerGuessNote, openCsvRows } from "./csv.ts";
 * import assert from "node:assert/strict";
 *
 * const rows = await openCsvRows("0.5,0.5x\n0.25,0.75\n");
 * rows.close();
 * assert.equal(
 *   headerGuessNote(rows, { data: "--no-header", header: "--header" }),
 *   `CSV text's line 1 was taken as a header because its column 2, "0.5x", is not a number; pass --no-header if it is data`,
 * );
 * ```
 */
export function headerGuessNote(
  rows: CsvRows,
  hints: { data: string; header: string },
  always = false,
): string | undefined {
  const g = rows.guess;
  if (g === undefined || (!g.mixed && !always)) return undefined;
  return g.header
    ? `${rows.name}'s line ${g.line} was taken as a header because its column ${g.column}, ${
      quoteCell(g.cell!)
    }, is not a number; pass ${hints.data} if it is data`
    : `${rows.name}'s line ${g.line} was taken as data because all its cells are numbers; ` +
      `pass ${hints.header} if it is a header`;
}

/** Options of {@linkcode read_csv}. */
export interface ReadCsvOptions {
  /** `"float32"` (default, as torch) or `"float64"`. */
  dtype?: DType;
  /** `"auto"` (default): the first row is a header if any cell is non-numeric. */
  header?: HeaderOption;
  /**
   * The longest record allowed, in bytes of cell text: default 8 MiB
   * ({@linkcode DEFAULT_MAX_RECORD_SIZE}); `Infinity` for no limit.
   */
  max_record_size?: number;
}

/** Options of {@linkcode to_csv} and {@linkcode write_csv}. */
export interface ToCsvOptions {
  /** Column names written as the first row; one per column. */
  header?: readonly string[];
}

/**
 * Reads a CSV file (or CSV text) of numbers into a 2-D tensor, rows × columns, like
 * `torch.tensor(pandas.read_csv(...).values)`.
 *
 * The first row is skipped as a header when any of its cells is not a number (or always /
 * never, with `header: true / false`). Cells may be decimal or exponent numbers, `nan` or
 * `inf`; empty cells, other text and rows of a different length are errors that name the
 * line and column and quote the cell (at most 40 characters of it). The file is parsed as a
 * stream; a row longer than `max_record_size` is an error, so a file without line breaks cannot
 * fill memory.
 *
 * @param source A file path or `file:` URL, or CSV text: a string containing a line break is text.
 * @param options `dtype` (default `"float32"`), `header` (default `"auto"`) and
 *   `max_record_size` (default {@linkcode DEFAULT_MAX_RECORD_SIZE}, 8 MiB).
 * @returns A tensor of shape `[rows, columns]` (`[0, columns]` for a header-only source).
 *
 * @example Class probabilities with a header row
 * ```ts
 * import { read_csv } from "@kldiv/kldiv/csv";
 * import assert from "node:assert/strict";
 *
 * const p = await read_csv("cat,dog,bird\n0.7,0.2,0.1\n0.25,0.25,0.5\n", { dtype: "float64" });
 * assert.deepEqual(p.shape, [2, 3]);
 * assert.deepEqual(p.tolist(), [[0.7, 0.2, 0.1], [0.25, 0.25, 0.5]]);
 * ```
 *
 * @example Errors point at the cell
 * ```ts
 * import { read_csv } from "@kldiv/kldiv/csv";
 * import assert from "node:assert/strict";
 *
 * await assert.rejects(
 *   read_csv("a,b\n1,2\n3,x\n"),
 *   { message: 'CSV text, line 3, column 2: expected a number, got "x"' },
 * );
 * ```
 */
export async function read_csv(source: CsvSource, options?: ReadCsvOptions): Promise<Tensor> {
  checkOptionKeys(options, ["dtype", "header", "max_record_size"], "read_csv()");
  if (typeof source !== "string" && !(source instanceof URL)) {
    throw new TypeError(
      `read_csv(): expected a file path, URL or CSV text, got ${describe(source)}`,
    );
  }
  const dtype = options?.dtype === undefined
    ? get_default_dtype()
    : checkDType(options.dtype, "read_csv()");
  if (dtype !== "float32" && dtype !== "float64") {
    throw new TypeError(`read_csv(): dtype must be "float32" or "float64", got "${dtype}"`);
  }
  const header = options?.header ?? "auto";
  if (header !== "auto" && typeof header !== "boolean") {
    throw new TypeError(
      `read_csv(): header must be true, false or "auto", got ${describe(header)}`,
    );
  }
  const maxRecordSize = options?.max_record_size === undefined
    ? DEFAULT_MAX_RECORD_SIZE
    : options.max_record_size;
  if (
    typeof maxRecordSize !== "number" ||
    !(Number.isSafeInteger(maxRecordSize) && maxRecordSize > 0 || maxRecordSize === Infinity)
  ) {
    throw new TypeError(
      `read_csv(): max_record_size must be a positive integer (bytes) or Infinity, got ${
        describe(maxRecordSize)
      }`,
    );
  }
  const rows = await openCsvRows(source, { header, maxRecordSize });
  const columns = rows.columns;
  let data = new Float64Array(Math.max(columns, 1) * 64);
  let n = 0;
  try {
    for (let row = await rows.next(); row !== null; row = await rows.next()) {
      if ((n + 1) * columns > data.length) {
        const grown = new Float64Array(data.length * 2);
        grown.set(data);
        data = grown;
      }
      data.set(row.values, n * columns);
      n++;
    }
  } catch (error) {
    const note = headerGuessNote(rows, { data: "header: false", header: "header: true" });
    throw error instanceof CsvError && note !== undefined ? error.withNote(note) : error;
  } finally {
    rows.close();
  }
  const array = allocate(dtype, n * columns);
  array.set(data.subarray(0, n * columns));
  return fromData(array, [n, columns], dtype);
}

function csvRows(t: Tensor, options: ToCsvOptions | undefined, where: string): string[][] {
  checkOptionKeys(options, ["header"], where);
  requireTensor(t, where);
  if (t.shape.length !== 2) {
    throw new RangeError(
      `${where}: expected a 2-D tensor (rows × columns), got shape [${
        t.shape.join(", ")
      }]; reshape it first, e.g. t.reshape(1, n) for one row`,
    );
  }
  const [n, columns] = t.shape;
  const out: string[][] = [];
  const header = options?.header;
  if (header !== undefined) {
    if (!Array.isArray(header) || header.some((h) => typeof h !== "string")) {
      throw new TypeError(`${where}: header must be an array of strings, got ${describe(header)}`);
    }
    if (header.length !== columns) {
      throw new RangeError(
        `${where}: header has ${header.length} names but the tensor has ${columns} columns`,
      );
    }
    out.push([...header]);
  }
  const a = contiguousData(t);
  for (let i = 0; i < n; i++) {
    const cells = new Array<string>(columns);
    for (let j = 0; j < columns; j++) cells[j] = shortestDecimal(a[i * columns + j], t.dtype);
    out.push(cells);
  }
  return out;
}

/**
 * Formats a 2-D tensor as CSV text, one row per line, each value in the shortest form that
 * reads back exactly in the tensor's dtype (`nan`, `inf`, `-inf` for non-finite values).
 *
 * @param t A 2-D tensor.
 * @param options `header`: column names for a first row.
 * @returns The CSV text, each line ending in "\n".
 *
 * @example
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import { read_csv, to_csv } from "@kldiv/kldiv/csv";
 * import assert from "node:assert/strict";
 *
 * const t = tensor([[0.1, 0.9], [0.5, 0.5]]);
 * const text = to_csv(t, { header: ["yes", "no"] });
 * assert.equal(text, "yes,no\n0.1,0.9\n0.5,0.5\n");
 * assert.deepEqual((await read_csv(text)).tolist(), t.tolist());
 * ```
 */
export function to_csv(t: Tensor, options?: ToCsvOptions): string {
  return formatCsv(csvRows(t, options, "to_csv()"));
}

/**
 * Writes a 2-D tensor to a CSV file, formatted as {@linkcode to_csv} does.
 *
 * @param path The file to create or replace.
 * @param t A 2-D tensor.
 * @param options `header`: column names for a first row.
 * @returns A promise that settles when the file is written.
 *
 * @example
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import { read_csv, write_csv } from "@kldiv/kldiv/csv";
 * import assert from "node:assert/strict";
 *
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await write_csv(path, tensor([[1, 0], [0.25, 0.75]], { dtype: "float64" }));
 * assert.equal(await Deno.readTextFile(path), "1,0\n0.25,0.75\n");
 * assert.deepEqual((await read_csv(path)).shape, [2, 2]);
 * await Deno.remove(path);
 * ```
 */
export async function write_csv(
  path: string | URL,
  t: Tensor,
  options?: ToCsvOptions,
): Promise<void> {
  // node:fs, which Deno and Node both have: the CSV module runs wherever there are files.
  await writeFile(path, formatCsv(csvRows(t, options, "write_csv()")));
}
