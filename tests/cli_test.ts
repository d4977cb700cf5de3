import assert from "node:assert/strict";
import { main } from "../lib/io/cli.ts";

/** Runs `kl` in-process on files written to a temp dir; returns exit code and output. */
async function kl(
  files: Record<string, string>,
  args: string[],
  progress = false,
  stdin?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = await Deno.makeTempDir({ prefix: "kl_test_" });
  try {
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(`${dir}/${name}`, text);
    }
    const out: string[] = [];
    const err: string[] = [];
    const sink = (into: string[]) => ({
      write(p: Uint8Array): Promise<number> {
        into.push(new TextDecoder().decode(p));
        return Promise.resolve(p.length);
      },
    });
    const code = await main(
      args.map((a) => (a in files ? `${dir}/${a}` : a)),
      {
        stdout: sink(out),
        stderr: sink(err),
        progress,
        progressMinBytes: 0,
        stdin: stdin === undefined ? undefined : textStream(stdin),
      },
    );
    return { code, stdout: out.join(""), stderr: err.join("").replaceAll(`${dir}/`, "") };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A byte stream of `text`, in chunks of `size` bytes (to cross record boundaries). */
function textStream(text: string, size = 7): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

function parseNumber(s: string): number {
  return s === "inf" ? Infinity : Number(s);
}

function assertClose(actual: number, expected: number, what: string): void {
  if (expected === Infinity || actual === Infinity) {
    assert.equal(actual, expected, what);
    return;
  }
  const tolerance = 1e-12 * Math.abs(expected) + 1e-15;
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: got ${actual}, SciPy gives ${expected}`,
  );
}

interface Fixture {
  name: string;
  p_csv: string;
  q_csv: string;
  args: string[];
  expected: { rows?: (number | string)[]; value?: number | string };
}

const fixtures: { cases: Fixture[] } = JSON.parse(
  await Deno.readTextFile(new URL("./fixtures/csv_kl.json", import.meta.url)),
);

for (const c of fixtures.cases) {
  Deno.test(`matches scipy.stats.entropy: ${c.name}`, async () => {
    const r = await kl({ "P.csv": c.p_csv, "Q.csv": c.q_csv }, ["P.csv", "Q.csv", ...c.args]);
    assert.equal(r.stderr, "");
    assert.equal(r.code, 0);
    const expectedOf = (x: number | string) => (x === "inf" ? Infinity : Number(x));
    if (c.expected.rows !== undefined) {
      const lines = r.stdout.trimEnd().split("\n");
      assert.equal(lines[0], "row,kl");
      assert.equal(lines.length - 1, c.expected.rows.length);
      lines.slice(1).forEach((line, i) => {
        const [row, value] = line.split(",");
        assert.equal(row, String(i));
        assertClose(parseNumber(value), expectedOf(c.expected.rows![i]), `row ${i}`);
      });
    } else {
      assert.match(r.stdout, /^[^\n,]+\n$/, "a single number on one line");
      assertClose(parseNumber(r.stdout.trim()), expectedOf(c.expected.value!), "reduction");
    }
  });
}

Deno.test("output numbers round-trip: full float64 precision, inf for Infinity", async () => {
  const r = await kl(
    { "P.csv": "0.5,0.5\n1,0\n", "Q.csv": "0.9,0.1\n0,1\n" },
    ["P.csv", "Q.csv"],
  );
  const exact = 0.5 * Math.log(0.5 / 0.9) + 0.5 * Math.log(0.5 / 0.1);
  assert.equal(r.stdout, `row,kl\n0,${exact}\n1,inf\n`);
});

Deno.test("a header is detected when any first-row cell is not a number", async () => {
  const data = "0.25,0.75\n0.5,0.5\n";
  const plain = await kl({ "P.csv": data, "Q.csv": data }, ["P.csv", "Q.csv"]);
  const headed = await kl(
    { "P.csv": `yes,no\n${data}`, "Q.csv": data },
    ["P.csv", "Q.csv", "--reduction", "sum"],
  );
  assert.equal(plain.stdout, "row,kl\n0,0\n1,0\n");
  assert.equal(headed.code, 0);
  assert.equal(headed.stdout, "0\n");
});

Deno.test("blank lines are skipped and line numbers stay physical", async () => {
  const r = await kl(
    { "P.csv": "a,b\n\n0.5,0.5\n\n0.5,x\n", "Q.csv": "0.5,0.5\n0.5,0.5\n" },
    ["P.csv", "Q.csv"],
  );
  assert.equal(r.stderr, 'kl: P.csv, line 5, column 2: expected a number, got "x"\n');
});

// The bad-input table of docs/kl.md: [case, P.csv, Q.csv, extra args, exact stderr].
const GOOD = "p,q\n0.5,0.5\n0.25,0.75\n";
const BAD_INPUTS: [string, string, string | null, string[], string][] = [
  [
    "negative value",
    GOOD,
    "p,q\n0.5,0.5\n1.25,-0.25\n",
    [],
    'kl: Q.csv, line 3, column 2: expected a finite number >= 0, got "-0.25"',
  ],
  [
    "NaN",
    "p,q\n0.5,0.5\nnan,0.75\n",
    GOOD,
    [],
    'kl: P.csv, line 3, column 1: expected a finite number >= 0, got "nan"',
  ],
  [
    "infinity",
    "p,q\n0.5,inf\n0.25,0.75\n",
    GOOD,
    ["--normalize"],
    'kl: P.csv, line 2, column 2: expected a finite number >= 0, got "inf"',
  ],
  [
    "non-numeric cell",
    GOOD,
    "p,q\n0.5,0.5\n0.25,abc\n",
    [],
    'kl: Q.csv, line 3, column 2: expected a number, got "abc"',
  ],
  [
    "empty cell",
    "p,q\n0.5,\n0.25,0.75\n",
    GOOD,
    [],
    "kl: P.csv, line 2, column 2: expected a number, got an empty cell",
  ],
  [
    "ragged row",
    "p,q\n0.5,0.5\n0.25,0.5,0.25\n",
    GOOD,
    [],
    "kl: P.csv, line 3: expected 2 columns (as on line 1), got 3",
  ],
  [
    "row does not sum to 1",
    "p,q\n0.5,0.5\n0.25,0.5\n",
    GOOD,
    [],
    "kl: P.csv, line 3: row sums to 0.75, expected 1 (within 1e-6); pass --normalize to divide each row by its sum",
  ],
  [
    "all-zero row with --normalize",
    "p,q\n3,1\n0,0\n",
    GOOD,
    ["--normalize"],
    "kl: P.csv, line 3: row sums to 0; --normalize needs a positive, finite sum",
  ],
  [
    "column count mismatch",
    GOOD,
    "0.5,0.25,0.25\n1,0,0\n",
    [],
    "kl: Q.csv, line 1: 3 columns, but P.csv has 2 (line 1); both files need the same categories",
  ],
  [
    "one column against two (singular)",
    GOOD,
    "1\n1\n",
    [],
    "kl: Q.csv, line 1: 1 column, but P.csv has 2 (line 1); both files need the same categories",
  ],
  [
    "semicolon-separated file",
    "p;q\n0.5;0.5\n0.25;0.75\n",
    GOOD,
    [],
    'kl: Q.csv, line 1: 2 columns, but P.csv has 1 (line 1); both files need the same categories (P.csv has one column per row, and its line 1 holds ";": it may be separated by ";", but only commas separate values here)',
  ],
  [
    "semicolon-separated files",
    "p;q\n0.5;0.5\n",
    "p;q\n0.5;0.5\n",
    [],
    'kl: P.csv, line 2, column 1: expected a number, got "0.5;0.5" (P.csv has one column per row, and its line 1 holds ";": it may be separated by ";", but only commas separate values here)',
  ],
  [
    "tab-separated files without a header",
    "0.5\t0.5\n",
    "0.5\t0.5\n",
    [],
    "kl: P.csv, line 2: no data rows after the header; expected one distribution per row (P.csv has one column per row, and its line 1 holds a tab: it may be separated by a tab, but only commas separate values here)",
  ],
  [
    "Q has fewer rows",
    GOOD,
    "p,q\n0.5,0.5\n",
    [],
    "kl: P.csv, line 3: row 1 has no partner: Q.csv ends after 1 data row",
  ],
  [
    "Q has more rows",
    GOOD,
    "p,q\n0.5,0.5\n0.25,0.75\n1,0\n",
    [],
    "kl: Q.csv, line 4: row 2 has no partner: P.csv ends after 2 data rows",
  ],
  [
    "headers differ",
    GOOD,
    "p,r\n0.5,0.5\n0.25,0.75\n",
    [],
    'kl: Q.csv, line 1, column 2: header "r" differs from P.csv\'s "q"; both files need the same categories in the same order',
  ],
  [
    "header only",
    "p,q\n",
    "p,q\n",
    [],
    "kl: P.csv, line 2: no data rows after the header; expected one distribution per row",
  ],
  [
    "empty file",
    "",
    GOOD,
    [],
    "kl: P.csv: the file is empty; expected one distribution per row",
  ],
  [
    "unclosed quote",
    GOOD,
    'p,q\n0.5,"0.5\n0.25,0.75\n',
    [],
    "kl: Q.csv, line 3: malformed CSV: Quote Not Closed: the parsing is finished with an opening quote",
  ],
  [
    "missing file",
    GOOD,
    null,
    [],
    "kl: Q.csv: cannot read the file: no such file",
  ],
  [
    "stray quote inside a cell",
    GOOD,
    'p,q\n0.5,x"y\n0.25,0.75\n',
    [],
    'kl: Q.csv, line 2, column 2: malformed CSV: a quote inside an unquoted cell after "x"; quote the whole cell and double the quotes inside it ("x""y"), or remove the quote',
  ],
  [
    "a row longer than --max-record-size",
    "p,q\n" + "0.5".repeat(400) + ",0.5\n",
    GOOD,
    ["--max-record-size", "1K"],
    "kl: P.csv, line 2: a record longer than 1024 bytes, the record-size limit (is this CSV, with line breaks?); raise it with the max_record_size option (kl: --max-record-size)",
  ],
  [
    "a 300-character bad cell (quoted up to 40 characters)",
    GOOD,
    "p,q\n0.5,0.5\n0.25," + "7".repeat(299) + "x\n",
    [],
    'kl: Q.csv, line 3, column 2: expected a number, got "7777777777777777777777777777777777777777"… (300 characters)',
  ],
  [
    "typo in the first row of a headerless file",
    "0.5,0.5x\n0.25,0.75\n",
    "0.5,0.5\n0.25,0.75\n",
    [],
    "kl: Q.csv, line 2: row 1 has no partner: P.csv ends after 1 data row (P.csv's line 1 was taken as a header because its column 2, \"0.5x\", is not a number; pass --no-header if it is data; Q.csv's line 1 was taken as data because all its cells are numbers; pass --header if it is a header)",
  ],
  [
    "the same typo with --no-header",
    "0.5,0.5x\n0.25,0.75\n",
    "0.5,0.5\n0.25,0.75\n",
    ["--no-header"],
    'kl: P.csv, line 1, column 2: expected a number, got "0.5x"',
  ],
  [
    "a numeric header in Q, a text one in P",
    GOOD,
    "0,1\n0.5,0.5\n0.25,0.75\n",
    [],
    "kl: Q.csv, line 3: row 2 has no partner: P.csv ends after 2 data rows (P.csv's line 1 was taken as a header because its column 1, \"p\", is not a number; pass --no-header if it is data; Q.csv's line 1 was taken as data because all its cells are numbers; pass --header if it is a header)",
  ],
];

for (const [name, p, q, args, message] of BAD_INPUTS) {
  Deno.test(`bad input, exit 1 and one located line: ${name}`, async () => {
    const files: Record<string, string> = { "P.csv": p };
    if (q !== null) files["Q.csv"] = q;
    const r = await kl(files, ["P.csv", "Q.csv", ...args]);
    assert.equal(r.stderr, `${message}\n`);
    assert.equal(r.code, 1);
  });
}

Deno.test("the bad-input table of docs/kl.md quotes every message above", async () => {
  const page = await Deno.readTextFile(new URL("../docs/kl.md", import.meta.url));
  for (const [name, , , , message] of BAD_INPUTS) {
    assert.ok(page.includes(`| \`${message}\``), `docs/kl.md lacks the "${name}" row: ${message}`);
  }
  for (const [name, , message] of USAGE_ERRORS) {
    const start = message.slice(0, 30);
    assert.ok(page.includes(`| \`${start}`), `docs/kl.md lacks the usage row "${name}"`);
  }
});

Deno.test("bad input: a directory instead of a file", async () => {
  const dir = await Deno.makeTempDir();
  const r = await kl({ "P.csv": GOOD }, ["P.csv", dir]);
  assert.equal(r.stderr, `kl: ${dir}: cannot read the file: it is a directory\n`);
  assert.equal(r.code, 1);
  await Deno.remove(dir);
});

const USAGE_ERRORS: [string, string[], string][] = [
  ["unknown flag", ["P.csv", "Q.csv", "--bogus"], "kl: Unknown option '--bogus'"],
  ["one file", ["P.csv"], "kl: expected two files, P.csv and Q.csv; got 1"],
  ["no files", [], "kl: expected two files, P.csv and Q.csv; got 0"],
  [
    "three files",
    ["P.csv", "Q.csv", "R.csv"],
    "kl: expected two files, P.csv and Q.csv; got 3 (R.csv)",
  ],
  ["bad --base", ["P.csv", "Q.csv", "--base", "3"], 'kl: --base must be e, 2 or 10; got "3"'],
  [
    "bad --reduction",
    ["P.csv", "Q.csv", "--reduction", "avg"],
    'kl: --reduction must be one of none, sum, mean, batchmean; got "avg"',
  ],
  [
    "--base without a value",
    ["P.csv", "Q.csv", "--base"],
    "kl: Option '--base <value>' argument missing",
  ],
  ["--base -1", ["P.csv", "Q.csv", "--base", "-1"], 'kl: --base must be e, 2 or 10; got "-1"'],
  [
    "--base followed by another option",
    ["P.csv", "Q.csv", "--base", "--normalize"],
    "kl: --base needs a value (e, 2 or 10); got the option --normalize",
  ],
  [
    "--header with --no-header",
    ["P.csv", "Q.csv", "--header", "--no-header"],
    "kl: --header and --no-header contradict each other; give at most one",
  ],
  [
    "bad --max-record-size",
    ["P.csv", "Q.csv", "--max-record-size", "lots"],
    'kl: --max-record-size must be a positive number of bytes, optionally with K, M or G (e.g. 64M); got "lots"',
  ],
  [
    "both files standard input",
    ["-", "-"],
    "kl: only one of the two files can be standard input (-)",
  ],
];

for (const [name, args, message] of USAGE_ERRORS) {
  Deno.test(`usage error, exit 2 with the usage text: ${name}`, async () => {
    const r = await kl({ "P.csv": GOOD, "Q.csv": GOOD }, args);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    const [first, blank, usage] = r.stderr.split("\n");
    assert.equal(first, message);
    assert.equal(blank, "");
    assert.match(usage, /^Usage: kl P\.csv Q\.csv/);
  });
}

Deno.test("--help prints usage with examples on stdout and exits 0", async () => {
  const r = await kl({}, ["--help"]);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "");
  assert.match(r.stdout, /^Usage: kl /);
  assert.match(r.stdout, /Examples:\n {2}deno task kl /);
});

Deno.test("--normalize turns counts into probabilities", async () => {
  const counts = await kl(
    { "P.csv": "3,1\n", "Q.csv": "1,1\n" },
    ["P.csv", "Q.csv", "--normalize", "--base", "2"],
  );
  const expected = (0.75 * Math.log(0.75 / 0.5) + 0.25 * Math.log(0.25 / 0.5)) / Math.LN2;
  assert.equal(counts.stdout, `row,kl\n0,${expected}\n`);
});

Deno.test("a row summing to 1 within 1e-6 is accepted, beyond it is not", async () => {
  const inside = await kl({ "P.csv": "0.5,0.5000009\n", "Q.csv": "0.5,0.5\n" }, ["P.csv", "Q.csv"]);
  assert.equal(inside.code, 0);
  const outside = await kl({ "P.csv": "0.5,0.500002\n", "Q.csv": "0.5,0.5\n" }, ["P.csv", "Q.csv"]);
  assert.equal(outside.code, 1);
});

Deno.test("the progress bar goes to stderr, is cleared at the end, and leaves stdout alone", async () => {
  const rows = "0.5,0.5\n".repeat(5000);
  const r = await kl(
    { "P.csv": rows, "Q.csv": rows },
    ["P.csv", "Q.csv", "--reduction", "sum"],
    true,
  );
  assert.equal(r.code, 0);
  assert.equal(r.stdout, "0\n");
  assert.ok(r.stderr.endsWith("\r\x1b[K"), "the bar is erased at the end");
  assert.match(r.stderr.slice(0, -4), /^\rkl \[#*-*\] +\d+% {2}\d+\/\d+ MB$/);
});

Deno.test("no progress bar when stderr is not a terminal", async () => {
  const rows = "0.5,0.5\n".repeat(5000);
  const r = await kl({ "P.csv": rows, "Q.csv": rows }, ["P.csv", "Q.csv", "--reduction", "sum"]);
  assert.equal(r.stderr, "");
});

/** `rows` data rows of one distribution each, `0.5,0.5`, except a bad cell at row `bad`. */
function rowsWithBadRow(rows: number, bad: number): string {
  const lines: string[] = ["p,q"];
  for (let i = 0; i < rows; i++) lines.push(i === bad ? "0.5,oops" : "0.5,0.5");
  return lines.join("\n") + "\n";
}

for (const [rows, bad] of [[5, 3], [20_000, 15_000]]) {
  Deno.test(`a bad row at ${bad} of ${rows}: every row before it is printed, then exit 1`, async () => {
    const good = rowsWithBadRow(rows, -1);
    const r = await kl({ "P.csv": good, "Q.csv": rowsWithBadRow(rows, bad) }, ["P.csv", "Q.csv"]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `kl: Q.csv, line ${bad + 2}, column 2: expected a number, got "oops"\n`,
    );
    const expected = ["row,kl", ...Array.from({ length: bad }, (_, i) => `${i},0`)];
    assert.equal(r.stdout, expected.join("\n") + "\n");
  });
}

Deno.test("a bad first row: only the output's own header line is printed", async () => {
  const r = await kl(
    { "P.csv": rowsWithBadRow(3, 0), "Q.csv": rowsWithBadRow(3, -1) },
    ["P.csv", "Q.csv"],
  );
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "row,kl\n");
});

Deno.test("--header reads a numeric first row as a header; --no-header reads it as data", async () => {
  const p = "1,2\n0.5,0.5\n";
  const q = "1,2\n0.25,0.75\n";
  const headed = await kl({ "P.csv": p, "Q.csv": q }, [
    "P.csv",
    "Q.csv",
    "--header",
    "--normalize",
  ]);
  const kl0 = 0.5 * Math.log(0.5 / 0.25) + 0.5 * Math.log(0.5 / 0.75);
  assert.equal(headed.stdout, `row,kl\n0,${kl0}\n`);
  // Guessing (or --no-header) takes "1,2" for data: a bogus row 0.
  const guessed = await kl({ "P.csv": p, "Q.csv": q }, ["P.csv", "Q.csv", "--normalize"]);
  assert.equal(guessed.stdout.split("\n").length - 2, 2);
  const data = await kl({ "P.csv": p, "Q.csv": q }, [
    "P.csv",
    "Q.csv",
    "--no-header",
    "--normalize",
  ]);
  assert.equal(data.stdout, guessed.stdout);
});

Deno.test("a long header that differs is quoted by its first 40 characters", async () => {
  const long = "c".repeat(100);
  const r = await kl(
    { "P.csv": `p,${long}\n0.5,0.5\n`, "Q.csv": `p,${long}x\n0.5,0.5\n` },
    ["P.csv", "Q.csv"],
  );
  const quoted = (n: number) => `"${"c".repeat(40)}"… (${n} characters)`;
  assert.equal(
    r.stderr,
    `kl: Q.csv, line 1, column 2: header ${quoted(101)} differs from P.csv's ${
      quoted(100)
    }; both files need the same categories in the same order\n`,
  );
});

Deno.test("a line of only spaces is skipped like a blank line; line numbers stay physical", async () => {
  const r = await kl(
    { "P.csv": "p,q\n0.5,0.5\n   \n\t\n0.25,0.75\n", "Q.csv": GOOD },
    ["P.csv", "Q.csv"],
  );
  assert.equal(r.stderr, "");
  assert.equal(r.stdout.split("\n").length - 2, 2);
  const bad = await kl({ "P.csv": "p,q\n  \n0.5,x\n", "Q.csv": GOOD }, ["P.csv", "Q.csv"]);
  assert.equal(bad.stderr, 'kl: P.csv, line 3, column 2: expected a number, got "x"\n');
});

Deno.test("a file name with a line break is a path, never CSV text", async () => {
  const name = "odd\nname.csv";
  const r = await kl({ [name]: GOOD, "Q.csv": GOOD }, [name, "Q.csv"]);
  assert.equal(r.stderr, "");
  assert.equal(r.stdout, "row,kl\n0,0\n1,0\n");
  const missing = await kl({ "Q.csv": GOOD }, ["0.5,0.5\n0.5,0.5\n", "Q.csv"]);
  // The message stays on one line: the name's line breaks print as spaces.
  assert.equal(missing.stderr, "kl: 0.5,0.5 0.5,0.5 : cannot read the file: no such file\n");
  assert.equal(missing.code, 1);
});

Deno.test("- reads standard input, as either file, and errors name it", async () => {
  const asP = await kl({ "Q.csv": GOOD }, ["-", "Q.csv"], false, GOOD);
  assert.equal(asP.stderr, "");
  assert.equal(asP.stdout, "row,kl\n0,0\n1,0\n");
  const asQ = await kl({ "P.csv": GOOD }, ["P.csv", "-", "--reduction", "sum"], false, GOOD);
  assert.equal(asQ.stdout, "0\n");
  const afterDashes = await kl({ "Q.csv": GOOD }, ["--base", "2", "--", "-", "Q.csv"], false, GOOD);
  assert.equal(afterDashes.stdout, "row,kl\n0,0\n1,0\n");
  const bad = await kl({ "P.csv": GOOD }, ["P.csv", "-"], false, "p,q\n0.5,0.5\n0.25,x\n");
  assert.equal(bad.stderr, 'kl: standard input, line 3, column 2: expected a number, got "x"\n');
});

Deno.test("the progress bar is erased before every write to stdout, so rows never follow it", async () => {
  const rows = rowsWithBadRow(20_000, -1);
  const events: { to: "out" | "err"; text: string }[] = [];
  const sink = (to: "out" | "err") => ({
    write(p: Uint8Array): Promise<number> {
      events.push({ to, text: new TextDecoder().decode(p) });
      return Promise.resolve(p.length);
    },
  });
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/P.csv`, rows);
  await Deno.writeTextFile(`${dir}/Q.csv`, rows);
  const code = await main([`${dir}/P.csv`, `${dir}/Q.csv`], {
    stdout: sink("out"),
    stderr: sink("err"),
    progress: true,
    progressMinBytes: 0,
  });
  await Deno.remove(dir, { recursive: true });
  assert.equal(code, 0);
  let barShown = false;
  let barsDrawn = 0;
  let writesAfterBar = 0;
  for (const { to, text } of events) {
    if (to === "err") {
      if (text.startsWith("\rkl [")) barShown = true, barsDrawn++;
      if (text === "\r\x1b[K") barShown = false;
    } else {
      assert.equal(
        barShown,
        false,
        `stdout written after the bar: ${JSON.stringify(text.slice(0, 20))}`,
      );
      if (barsDrawn > 0) writesAfterBar++;
    }
  }
  assert.ok(barsDrawn > 0 && writesAfterBar > 0, "the bar was drawn before some output");
  const stdout = events.filter((e) => e.to === "out").map((e) => e.text).join("");
  assert.equal(stdout.split("\n").length - 2, 20_000);
});

// Subprocess runs: the real exit status, stderr and no stack trace.
const CLI = new URL("../cli.ts", import.meta.url).pathname;

async function spawn(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-R", CLI, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  return { code, stdout: d.decode(stdout), stderr: d.decode(stderr) };
}

Deno.test("subprocess: success prints CSV and exits 0 with only read permission", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/P.csv`, "a,b\n0.5,0.5\n");
  await Deno.writeTextFile(`${dir}/Q.csv`, "a,b\n0.5,0.5\n");
  const r = await spawn([`${dir}/P.csv`, `${dir}/Q.csv`]);
  assert.equal(r.stderr, "");
  assert.equal(r.stdout, "row,kl\n0,0\n");
  assert.equal(r.code, 0);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("subprocess: a bad cell exits 1 with one line on stderr", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/P.csv`, "0.5,0.5\n0.5,oops\n");
  await Deno.writeTextFile(`${dir}/Q.csv`, "0.5,0.5\n0.5,0.5\n");
  const r = await spawn([`${dir}/P.csv`, `${dir}/Q.csv`]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `kl: ${dir}/P.csv, line 2, column 2: expected a number, got "oops"\n`);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("subprocess: a missing file exits 1 without a stack trace", async () => {
  const r = await spawn(["/nonexistent/P.csv", "/nonexistent/Q.csv"]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, "kl: /nonexistent/P.csv: cannot read the file: no such file\n");
});

Deno.test("subprocess: - reads the process's standard input", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/Q.csv`, "a,b\n0.5,0.5\n");
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-R", CLI, "-", `${dir}/Q.csv`],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode("a,b\n0.25,0.75\n"));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  const d = new TextDecoder();
  assert.equal(d.decode(stderr), "");
  assert.equal(d.decode(stdout), `row,kl\n0,${0.25 * Math.log(0.5) + 0.75 * Math.log(1.5)}\n`);
  assert.equal(code, 0);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("subprocess: a usage error exits 2", async () => {
  const r = await spawn(["--base", "7", "a.csv", "b.csv"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^kl: --base must be e, 2 or 10; got "7"\n\nUsage: /);
});
