/**
 * The CSV parser and writer behind `lib/io/csv.ts`: the only module that imports `csv-parse` and
 * `csv-stringify`, so swapping them (for `jsr:@std/csv`, say) changes this file alone.
 *
 * @module
 */

// Full, pinned npm specifiers (not bare names from deno.json) so the module also loads when
// imported by path or URL from outside this repository.
// deno-lint-ignore no-import-prefix -- pinned here on purpose (see above)
import { parse } from "npm:csv-parse@7.0.3";
// deno-lint-ignore no-import-prefix -- pinned here on purpose (see above)
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

/** A malformed CSV source (unclosed quote, bad quoting): a message and the 1-based line. */
export class CsvSyntaxError extends Error {
  /** The 1-based line the parser stopped on. */
  readonly line: number;
  /**
   * Creates the error.
   *
   * @param message What is wrong.
   * @param line The 1-based line the parser stopped on.
   */
  constructor(message: string, line: number) {
    super(message);
    this.name = "CsvSyntaxError";
    this.line = line;
  }
}

/** Parser options: ragged rows and cell values are checked by the caller, not the parser. */
const PARSE_OPTIONS = {
  bom: true,
  info: true,
  relax_column_count: true,
  skip_empty_lines: true,
} as const;

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
function reader(source: Readable): RecordReader {
  const parser = parse(PARSE_OPTIONS);
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
  const e = error as { code?: unknown; lines?: unknown; message?: string };
  if (typeof e?.code === "string" && e.code.startsWith("CSV_") && typeof e.lines === "number") {
    // csv-parse messages end in "at line N" / "on line N"; the line goes into our own prefix.
    const message = String(e.message).replace(/:? *(at|on) line \d+.*$/s, "");
    return new CsvSyntaxError(message, e.lines);
  }
  return error;
}

/**
 * Streams the records of a CSV file.
 *
 * @param path The file to read.
 * @returns The records, in order.
 */
export function recordsFromFile(path: string | URL): RecordReader {
  return reader(createReadStream(path, { highWaterMark: 1 << 16 }));
}

/**
 * Streams the records of CSV text.
 *
 * @param text The whole CSV text.
 * @returns The records, in order.
 */
export function recordsFromText(text: string): RecordReader {
  return reader(Readable.from([new TextEncoder().encode(text)]));
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
