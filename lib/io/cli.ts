/**
 * The `kl` command: KL(P‖Q) per row between two CSV files of distributions, streamed row by
 * row in lockstep so memory stays flat whatever the file size.
 *
 * `main(args, io)` returns the exit code instead of exiting, so tests run it in-process.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { shortestDecimal } from "../tensor/format.ts";
import {
  CsvError,
  type CsvRows,
  DEFAULT_MAX_RECORD_SIZE,
  headerGuessNote,
  type HeaderOption,
  type NumericRow,
  openCsvRows,
  plural,
  quoteCell,
  quoteText,
} from "./csv.ts";

/** Something bytes can be written to, like `Deno.stdout`. */
export interface Writer {
  /** Writes some of `p`, resolving to the number of bytes written. */
  write(p: Uint8Array): Promise<number>;
}

/** Where the command reads and writes, and whether stderr is a terminal (for the progress bar). */
export interface CliIO {
  /** Read for a file named `-` (default: the process's standard input). */
  stdin?: ReadableStream<Uint8Array>;
  /** Receives the results. */
  stdout: Writer;
  /** Receives errors, usage and the progress bar. */
  stderr: Writer;
  /** Show a progress bar on stderr for large inputs (erased before each write to stdout). */
  progress: boolean;
  /** How large both files together must be for the progress bar (default 32 MiB). */
  progressMinBytes?: number;
}

/** Exit codes: success, bad input file, bad command line. */
export const EXIT_OK = 0;
/** A file is missing, unreadable or holds bad data. */
export const EXIT_BAD_INPUT = 1;
/** The command line is wrong; the usage text is printed. */
export const EXIT_USAGE = 2;

/** The reductions of `--reduction`, with torch's names and meanings. */
export type Reduction = "none" | "sum" | "mean" | "batchmean";
const REDUCTIONS: readonly Reduction[] = ["none", "sum", "mean", "batchmean"];
const BASES: Readonly<Record<string, number>> = { e: 1, "2": Math.LN2, "10": Math.LN10 };

/** Rows may differ from a sum of 1 by this much without `--normalize`. */
export const SUM_TOLERANCE = 1e-6;

/** Inputs at least this large (both files together) get a progress bar on a terminal. */
const PROGRESS_MIN_BYTES = 32 * 1024 * 1024;

/** The help text. */
export const USAGE =
  `Usage: kl P.csv Q.csv [--reduction none|sum|mean|batchmean] [--base e|2|10] [--normalize]
          [--header | --no-header] [--max-record-size BYTES]

KL divergence KL(P‖Q) = Σ p·log(p/q) between the distributions in two CSV files.
Each row is a distribution, each column a category; both files need the same numbers of
rows and columns. The first row is a header when any of its cells is not a number (or
always with --header, never with --no-header); when both files have headers, they must be
equal. Files are streamed row by row; a file named - is standard input (one of the two).

Prints CSV "row,kl" with one KL per row (rows count from 0; 0·log(0/q) = 0, and p > 0 with
q = 0 gives inf), or a single number with --reduction.

Options:
  --reduction R  none (default): one KL per row; sum: their total; batchmean: total / rows
                 (the mean KL per distribution); mean: total / (rows × columns), as torch.
  --base B       logarithm base: e (default, nats), 2 (bits) or 10 (bans).
  --normalize    divide each row by its sum, so counts become probabilities. Without it,
                 every row must sum to 1 within 1e-6 (and is then divided by its sum too,
                 as SciPy does, so rounding in the file does not bias the result).
  --header       the first row of each file is a header, even if it holds only numbers.
  --no-header    the first row of each file is data; a non-number in it is an error.
  --max-record-size BYTES
                 the longest row allowed, in bytes of cell text (default 8388608, 8 MiB;
                 K, M and G suffixes for KiB, MiB, GiB), so a file without line breaks
                 fails at once instead of filling memory.
  -h, --help     show this help.

Exit status: 0 on success, 1 for a missing or bad file (one line on stderr naming the file,
line and column; every row computed before the bad one is printed first), 2 for a bad
command line.

Examples:
  deno task kl data/letters_texts.csv data/letters_reference.csv --normalize
  deno task kl model_a.csv model_b.csv --base 2 --reduction batchmean
  produce_counts | deno task kl - reference.csv --normalize --no-header
  deno run -R jsr:@kldiv/kldiv/cli P.csv Q.csv > kl.csv
`;

class UsageError extends Error {}

interface Command {
  p: string;
  q: string;
  reduction: Reduction;
  base: number;
  normalize: boolean;
  header: HeaderOption;
  maxRecordSize: number;
  help: boolean;
}

const OPTIONS = {
  reduction: { type: "string" },
  base: { type: "string" },
  normalize: { type: "boolean" },
  header: { type: "boolean" },
  "no-header": { type: "boolean" },
  "max-record-size": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** What each option taking a value expects, for messages. */
const VALUES: Readonly<Record<string, string>> = {
  "--reduction": "none, sum, mean or batchmean",
  "--base": "e, 2 or 10",
  "--max-record-size": "a number of bytes",
};

/**
 * node:util's parseArgs refuses an option value that starts with a dash (`--base -1`) as
 * "ambiguous"; join such a value to its option, so it is checked like any other value, unless
 * it is one of our options (then the value was forgotten).
 */
function joinDashValues(args: readonly string[]): string[] {
  const known = new Set(["-h", ...Object.keys(OPTIONS).map((o) => `--${o}`)]);
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const next = args[i + 1];
    if (arg === "--") { // the rest are files, whatever they look like
      out.push(...args.slice(i));
      break;
    }
    if (Object.hasOwn(VALUES, arg) && next !== undefined && next.startsWith("-")) {
      if (known.has(next.split("=")[0])) {
        throw new UsageError(`${arg} needs a value (${VALUES[arg]}); got the option ${next}`);
      }
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** `64M`-style sizes: a positive integer with an optional K, M or G (binary) suffix. */
function parseBytes(text: string): number | undefined {
  const match = /^(\d{1,15})([KMG]?)$/i.exec(text);
  if (match === null) return undefined;
  const unit = { "": 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[match[2].toUpperCase()]!;
  const bytes = Number(match[1]) * unit;
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined;
}

function parseCommand(args: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinDashValues(args),
      allowPositionals: true,
      strict: true,
      options: OPTIONS,
    });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // node:util messages are multi-line and mention "parseArgs"; keep the first line's gist.
    const first = String((error as Error).message).split("\n")[0];
    throw new UsageError(first.replace(/\. To specify a positional argument.*$/, ""));
  }
  const { values, positionals } = parsed;
  const help = values.help ?? false;
  const reduction = values.reduction ?? "none";
  if (!REDUCTIONS.includes(reduction as Reduction)) {
    throw new UsageError(
      `--reduction must be one of none, sum, mean, batchmean; got ${JSON.stringify(reduction)}`,
    );
  }
  const baseName = values.base ?? "e";
  if (!Object.hasOwn(BASES, baseName)) {
    throw new UsageError(`--base must be e, 2 or 10; got ${JSON.stringify(baseName)}`);
  }
  if (values.header && values["no-header"]) {
    throw new UsageError("--header and --no-header contradict each other; give at most one");
  }
  const sizeText = values["max-record-size"];
  const maxRecordSize = sizeText === undefined ? DEFAULT_MAX_RECORD_SIZE : parseBytes(sizeText);
  if (maxRecordSize === undefined) {
    throw new UsageError(
      `--max-record-size must be a positive number of bytes, optionally with K, M or G (e.g. 64M); got ${
        JSON.stringify(sizeText)
      }`,
    );
  }
  if (!help && positionals.length !== 2) {
    throw new UsageError(
      `expected two files, P.csv and Q.csv; got ${positionals.length}${
        positionals.length > 2 ? ` (${positionals.slice(2).join(" ")})` : ""
      }`,
    );
  }
  if (!help && positionals[0] === "-" && positionals[1] === "-") {
    throw new UsageError("only one of the two files can be standard input (-)");
  }
  return {
    p: positionals[0],
    q: positionals[1],
    reduction: reduction as Reduction,
    base: BASES[baseName],
    normalize: values.normalize ?? false,
    header: values.header ? true : values["no-header"] ? false : "auto",
    maxRecordSize,
    help,
  };
}

/** Buffers text and writes it out in large chunks. */
class Output {
  #parts: string[] = [];
  #length = 0;
  #encoder = new TextEncoder();
  /** Runs before each write: erases the progress bar, which may share the terminal. */
  beforeWrite: () => Promise<void> = () => Promise.resolve();
  constructor(readonly writer: Writer) {}
  async add(text: string): Promise<void> {
    this.#parts.push(text);
    this.#length += text.length;
    if (this.#length >= 1 << 16) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.#parts.length === 0) return;
    const bytes = this.#encoder.encode(this.#parts.join(""));
    this.#parts = [];
    this.#length = 0;
    await this.beforeWrite();
    await writeAll(this.writer, bytes);
  }
}

async function writeAll(writer: Writer, bytes: Uint8Array): Promise<void> {
  for (let off = 0; off < bytes.length;) off += await writer.write(bytes.subarray(off));
}

/** A progress bar on stderr, redrawn at most a few times a second. */
class Progress {
  #last = 0;
  #shown = false;
  constructor(readonly stderr: Writer, readonly total: number) {}
  async update(done: number): Promise<void> {
    const now = performance.now();
    if (now - this.#last < 200) return;
    this.#last = now;
    this.#shown = true;
    const fraction = Math.min(1, done / this.total);
    const width = 30;
    const filled = Math.round(fraction * width);
    const mb = (n: number) => (n / 1e6).toFixed(0);
    const bar = `\rkl [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${
      (fraction * 100).toFixed(0).padStart(3)
    }%  ${mb(done)}/${mb(this.total)} MB`;
    await writeAll(this.stderr, new TextEncoder().encode(bar));
  }
  async clear(): Promise<void> {
    if (this.#shown) await writeAll(this.stderr, new TextEncoder().encode("\r\x1b[K"));
    this.#shown = false;
  }
}

/** Checks one row: probabilities (finite, ≥ 0) that sum to 1, or any sum > 0 to normalise. */
function checkRow(rows: CsvRows, row: NumericRow, normalize: boolean): number {
  const v = row.values;
  let sum = 0;
  for (let j = 0; j < v.length; j++) {
    const x = v[j];
    if (!(x >= 0) || x === Infinity) {
      throw new CsvError(
        { file: rows.name, line: row.line, column: j + 1 },
        `expected a finite number >= 0, got ${quoteCell(row.cells[j])}`,
      );
    }
    sum += x;
  }
  if (normalize) {
    if (!(sum > 0) || sum === Infinity) {
      throw new CsvError(
        { file: rows.name, line: row.line },
        `row sums to ${sum}; --normalize needs a positive, finite sum`,
      );
    }
  } else if (!(Math.abs(sum - 1) <= SUM_TOLERANCE)) {
    throw new CsvError(
      { file: rows.name, line: row.line },
      `row sums to ${sum}, expected 1 (within 1e-6); pass --normalize to divide each row by its sum`,
    );
  }
  return sum;
}

/** KL(p‖q) = Σ p·log(p/q) in float64, with 0·log(0/q) = 0 and p > 0, q = 0 giving Infinity. */
function klRow(p: Float64Array, q: Float64Array, pSum: number, qSum: number): number {
  let s = 0;
  for (let j = 0; j < p.length; j++) {
    const pj = p[j] / pSum;
    if (pj === 0) continue;
    const qj = q[j] / qSum;
    s += qj === 0 ? Infinity : pj * Math.log(pj / qj);
  }
  return s;
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await Deno.stat(path)).size;
  } catch {
    return 0;
  }
}

/** Opens one of the two files: `-` is standard input; a name is always a path, never CSV text. */
function open(file: string, command: Command, io: CliIO): Promise<CsvRows> {
  const stdin = file === "-";
  return openCsvRows(file, {
    header: command.header,
    maxRecordSize: command.maxRecordSize,
    pathOnly: true,
    name: stdin ? "standard input" : file,
    stream: stdin ? (io.stdin ?? Deno.stdin.readable) : undefined,
  });
}

/**
 * Why the first rows were taken as headers or data, when that may be what went wrong: a
 * guessed header that also holds numbers, or (for a row-count mismatch, which a header read as
 * data or data read as a header causes) two files guessed differently.
 */
function headerNotes(p: CsvRows, q: CsvRows, rowCounts: boolean): string | undefined {
  const hints = { data: "--no-header", header: "--header" };
  const differ = rowCounts && p.guess !== undefined && q.guess !== undefined &&
    p.guess.header !== q.guess.header;
  const notes = [p, q].map((rows) => headerGuessNote(rows, hints, differ)).filter((n) =>
    n !== undefined
  );
  return notes.length === 0 ? undefined : notes.join("; ");
}

async function run(command: Command, io: CliIO): Promise<void> {
  const { normalize, base, reduction } = command;
  const p = await open(command.p, command, io);
  let q: CsvRows | undefined;
  const out = new Output(io.stdout);
  let progress: Progress | undefined;
  let notes: string | undefined;
  try {
    q = await open(command.q, command, io);
    notes = headerNotes(p, q, false);
    for (const rows of [p, q]) {
      if (rows.columns === 0) {
        throw new CsvError(
          { file: rows.name },
          "the file is empty; expected one distribution per row",
        );
      }
    }
    if (p.columns !== q.columns) {
      throw new CsvError(
        { file: q.name, line: q.firstLine },
        `${plural(q.columns, "column")}, but ${p.name} has ${p.columns} (line ${p.firstLine}); ` +
          "both files need the same categories" + (q.delimiterHint || p.delimiterHint),
      );
    }
    if (p.header !== null && q.header !== null) {
      const j = p.header.findIndex((h, i) => h !== q!.header![i]);
      if (j >= 0) {
        throw new CsvError(
          { file: q.name, line: q.firstLine, column: j + 1 },
          `header ${quoteText(q.header[j])} differs from ${p.name}'s ${
            quoteText(p.header[j])
          }; both files need the same categories in the same order`,
        );
      }
    }
    // Standard input has no size to show progress against.
    if (io.progress && command.p !== "-" && command.q !== "-") {
      const total = (await fileSize(command.p)) + (await fileSize(command.q));
      if (total >= (io.progressMinBytes ?? PROGRESS_MIN_BYTES)) {
        const bar = new Progress(io.stderr, total);
        out.beforeWrite = () => bar.clear();
        progress = bar;
      }
    }
    if (reduction === "none") await out.add("row,kl\n");
    // Neumaier summation keeps the total accurate over millions of rows.
    let total = 0;
    let compensation = 0;
    let n = 0;
    for (;;) {
      const rp = await p.next();
      const rq = await q.next();
      if (rp === null && rq === null) break;
      if (rp === null || rq === null) {
        const [longer, shorter, row] = rp === null ? [q, p, rq!] : [p, q, rp];
        notes = headerNotes(p, q, true);
        throw new CsvError(
          { file: longer.name, line: row.line },
          `row ${n} has no partner: ${shorter.name} ends after ${n} data row${n === 1 ? "" : "s"}`,
        );
      }
      const pSum = checkRow(p, rp, normalize);
      const qSum = checkRow(q, rq, normalize);
      // Rows are divided by their sums, like SciPy: a no-op for exact sums of 1, and it keeps
      // rounding in the file (a row summing to 0.9999997) out of the result.
      const kl = klRow(rp.values, rq.values, pSum, qSum) / base;
      if (reduction === "none") {
        await out.add(`${n},${shortestDecimal(kl, "float64")}\n`);
      } else {
        const t = total + kl;
        if (Math.abs(total) >= Math.abs(kl)) compensation += (total - t) + kl;
        else compensation += (kl - t) + total;
        total = t;
      }
      n++;
      if (progress !== undefined && (n & 4095) === 0) await progress.update(rp.bytes + rq.bytes);
    }
    if (n === 0) {
      throw new CsvError(
        { file: p.name, line: p.firstLine + 1 },
        "no data rows after the header; expected one distribution per row" + p.delimiterHint,
      );
    }
    if (reduction !== "none") {
      const sum = total === Infinity ? Infinity : total + compensation;
      const value = reduction === "sum"
        ? sum
        : reduction === "batchmean"
        ? sum / n
        : sum / (n * p.columns);
      await out.add(`${shortestDecimal(value, "float64")}\n`);
    }
    await progress?.clear();
    await out.flush();
  } catch (error) {
    // Every row computed before the bad one is a result: print it before the error.
    await progress?.clear();
    try {
      await out.flush();
    } catch {
      // The first error is the one to report (a closed stdout ends quietly either way).
    }
    throw error instanceof CsvError && notes !== undefined ? error.withNote(notes) : error;
  } finally {
    await progress?.clear();
    p.close();
    q?.close();
  }
}

/**
 * Runs the `kl` command.
 *
 * @param args The command-line arguments (without the program name).
 * @param io Where to write; defaults to the process's stdout and stderr.
 * @returns The exit code: 0 success, 1 bad input file, 2 bad command line.
 */
export async function main(args: readonly string[], io?: CliIO): Promise<number> {
  const streams: CliIO = io ?? {
    stdout: Deno.stdout,
    stderr: Deno.stderr,
    progress: Deno.stderr.isTerminal(),
  };
  const say = (writer: Writer, text: string) => writeAll(writer, new TextEncoder().encode(text));
  let command: Command;
  try {
    command = parseCommand(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    await say(streams.stderr, `kl: ${error.message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (command.help) {
    await say(streams.stdout, USAGE);
    return EXIT_OK;
  }
  try {
    await run(command, streams);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof Deno.errors.BrokenPipe) return EXIT_OK; // e.g. `kl ... | head`
    const message = error instanceof CsvError
      ? error.message
      : `unexpected error: ${String((error as Error)?.message ?? error).split("\n")[0]}`;
    await say(streams.stderr, `kl: ${message.replaceAll("\n", " ")}\n`);
    return EXIT_BAD_INPUT;
  }
}
