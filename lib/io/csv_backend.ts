/**
 * The CSV parser and writer behind `lib/io/csv.ts`: the only module that imports `csv-parse` and
 * `csv-stringify`, so swapping them (for `jsr:@std/csv`, say) changes this file alone.
 *
 * @module
 */

// Full, pinned npm specifiers (not bare names from deno.json) so the module also loads when
// imported by path or URL from outside this repository; hence the file-wide lint exception.
// deno-lint-ignore-file no-import-prefix
// The types are the few lines used, declared beside this file (why: csv_parse.d.ts).
// @ts-types="./csv_parse.d.ts"
import { parse } from "npm:csv-parse@7.0.3";
// @ts-types="./csv_stringify.d.ts"
import { stringify } from "npm:csv-stringify@6.9.0/sync";
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";

/** One CSV record as strings, with where it ends in the source. */
export interface RawRecord {
  /** The cells, unquoted, in column order. */
  cells: string[];
  /** The 1-based physical line on which the record ends. */
  line: number;
  /** Bytes of the source consumed so far (for progress reporting). */
  bytes: number;
}

/**
 * A malformed CSV source (unclosed quote, bad quoting, an over-long record): the parser's code
 * and message, and where it stopped.
 */
export class CsvSyntaxError extends Error {
  /** The parser's error code, e.g. `"INVALID_OPENING_QUOTE"`, `"CSV_MAX_RECORD_SIZE"`. */
  readonly code: string;
  /** The 1-based line the parser stopped on. */
  readonly line: number;
  /** The 1-based field number the parser stopped in, when it says. */
  readonly column: number | undefined;
  /** The text of that field read so far, when the parser says. */
  readonly field: string | undefined;
  /**
   * Creates the error.
   *
   * @param code The parser's error code.
   * @param message What is wrong.
   * @param line The 1-based line the parser stopped on.
   * @param column The 1-based field number, if known.
   * @param field The field's text so far, if known.
   */
  constructor(code: string, message: string, line: number, column?: number, field?: string) {
    super(message);
    this.name = "CsvSyntaxError";
    this.code = code;
    this.line = line;
    this.column = column;
    this.field = field;
  }
}

/** Parser options: ragged rows and cell values are checked by the caller, not the parser. */
const PARSE_OPTIONS = {
  bom: true,
  info: true,
  relax_column_count: true,
  skip_empty_lines: true,
  // Named, not discovered: until it has seen a line end, csv-parse tries to discover one at every
  // byte, allocating three buffers each time, so a long first line parsed at about 1 MB/s.
  // CRLF first, so that it is one line end, not two.
  record_delimiter: ["\r\n", "\n", "\r"],
};

/**
 * The default longest record, in bytes of cell text: 8 MiB, about 400,000 full-precision
 * float64 cells. Without a limit a source with no line break (or `/dev/zero`) is buffered whole.
 */
export const DEFAULT_MAX_RECORD_SIZE: number = 8 * 1024 * 1024;

/** Pulls the records of a CSV source one at a time. */
export interface RecordReader {
  /** The next record, or null after the last. Throws CsvSyntaxError or the source's error. */
  next(): Promise<RawRecord | null>;
  /** Stops reading and releases the source. */
  close(): void;
}

/**
 * Streams the records of a CSV byte source one at a time, never holding the whole source:
 * the parser pauses the source whenever the record the caller has not pulled yet pile up.
 */
function reader(source: Readable, maxRecordSize: number): RecordReader {
  // csv-parse reads 0 as "no limit".
  const max_record_size = maxRecordSize === Infinity ? 0 : maxRecordSize;
  const parser = parse({ ...PARSE_OPTIONS, max_record_size });
  source.on("error", (error) => parser.destroy(error));
  source.pipe(parser);
  const iterator: AsyncIterator<{ record: string[]; info: { lines: number; bytes: number } }> =
    parser[Symbol.asyncIterator]();
  return {
    async next(): Promise<RawRecord | null> {
      try {
        const step = await iterator.next();
        if (step.done) return null;
        const { record, info } = step.value;
        return { cells: record, line: info.lines, bytes: info.bytes };
      } catch (error) {
        throw translate(error);
      }
    },
    close(): void {
      source.destroy();
      parser.destroy();
    },
  };
}

function translate(error: unknown): unknown {
  const e = error as {
    code?: unknown;
    lines?: unknown;
    column?: unknown;
    field?: unknown;
    message?: string;
  };
  // csv-parse's errors carry a code (most, not all, start with "CSV_") and the line.
  if (typeof e?.code === "string" && typeof e.lines === "number") {
    // csv-parse messages end in "at line N" / "on line N"; the line goes into our own prefix.
    const message = String(e.message).replace(/:? *(at|on) line \d+.*$/s, "");
    const column = typeof e.column === "number" ? e.column + 1 : undefined;
    const field = typeof e.field === "string" ? e.field : undefined;
    return new CsvSyntaxError(e.code, message, e.lines, column, field);
  }
  return error;
}

/**
 * Streams the records of a CSV file.
 *
 * @param path The file to read.
 * @param maxRecordSize The longest record allowed, in bytes of cell text (Infinity: no limit).
 * @returns The records, in order.
 */
export function recordsFromFile(
  path: string | URL,
  maxRecordSize: number = DEFAULT_MAX_RECORD_SIZE,
): RecordReader {
  return reader(createReadStream(path, { highWaterMark: 1 << 16 }), maxRecordSize);
}

/**
 * Streams the records of CSV text.
 *
 * @param text The whole CSV text.
 * @param maxRecordSize The longest record allowed, in bytes of cell text (Infinity: no limit).
 * @returns The records, in order.
 */
export function recordsFromText(
  text: string,
  maxRecordSize: number = DEFAULT_MAX_RECORD_SIZE,
): RecordReader {
  return reader(Readable.from([new TextEncoder().encode(text)]), maxRecordSize);
}

/**
 * Streams the records of a byte stream, such as `Deno.stdin.readable`.
 *
 * @param stream The bytes.
 * @param maxRecordSize The longest record allowed, in bytes of cell text (Infinity: no limit).
 * @returns The records, in order.
 *
 * @example
 * ```ts
 * import { recordsFromStream } from "./csv_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const records = recordsFromStream(ReadableStream.from([new TextEncoder().encode("a,b\n1,2\n")]));
 * assert.deepEqual((await records.next())?.cells, ["a", "b"]);
 * assert.deepEqual((await records.next())?.cells, ["1", "2"]);
 * assert.equal(await records.next(), null);
 * ```
 */
export function recordsFromStream(
  stream: ReadableStream<Uint8Array>,
  maxRecordSize: number = DEFAULT_MAX_RECORD_SIZE,
): RecordReader {
  return reader(Readable.from(stream), maxRecordSize);
}

/**
 * Formats rows of cells as CSV text (RFC 4180 quoting, "\n" line endings).
 *
 * @param rows The cells, row by row.
 * @returns The CSV text, ending in a newline when there are rows.
 */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return stringify(rows as string[][], { record_delimiter: "\n" });
}
