/**
 * The notebooks run headlessly through `tools/run_notebooks.py` with the real Jupyter machinery
 * and Deno's kernel, and their committed outputs match a fresh run. Also specifies the runner:
 * it keeps outputs the Deno kernel publishes after a cell's `idle`, names the failing cell, and
 * reports stale outputs.
 *
 * Needs /usr/bin/python3 with python3-nbclient and the kernelspec from `deno jupyter --install`.
 * Without them these tests are ignored locally (the name says why); with CI=true they run, and
 * fail when Jupyter is missing.
 */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { tensor } from "../mod.ts";
import { type Notebook, notebookOf } from "./notebook_json.ts";

const PYTHON = "/usr/bin/python3";
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RUNNER = `${ROOT}tools/run_notebooks.py`;
const NOTEBOOKS = `${ROOT}notebooks`;
const MOD_URL = new URL("../mod.ts", import.meta.url).href;

const EXPECTED_NOTEBOOKS = [
  "01_four_methods.ipynb",
  "02_what_kl_measures.ipynb",
  "03_why_log_and_softmax.ipynb",
  "04_overflow_underflow.ipynb",
  "05_log_base.ipynb",
  "06_batchmean_vs_mean.ipynb",
  "07_forward_vs_reverse_kl.ipynb",
  "08_distillation.ipynb",
  "09_divergence_family.ipynb",
  "10_kl_between_families.ipynb",
];

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function runRunner(args: string[]): Promise<RunResult> {
  const out = await new Deno.Command(PYTHON, { args: [RUNNER, ...args], cwd: ROOT }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Why notebooks cannot run here, or "" when they can. */
async function jupyterMissing(): Promise<string> {
  try {
    const { code, stdout, stderr } = await runRunner(["--probe"]);
    return code === 0 ? "" : (stdout.trim() || stderr.trim() || `probe exited with ${code}`);
  } catch (error) {
    return `cannot run ${PYTHON} (${error instanceof Error ? error.message : String(error)})`;
  }
}

const missing = await jupyterMissing();
const inCI = Deno.env.get("CI") === "true";
const ignore = missing !== "" && !inCI;
const suffix = ignore ? ` (ignored: jupyter not installed: ${missing})` : "";

function requireJupyter(): void {
  if (missing) throw new Error(`CI=true but notebooks cannot run: ${missing}`);
}

const joined = (text: string | string[] | undefined) =>
  Array.isArray(text) ? text.join("") : text ?? "";

async function readNotebook(path: string): Promise<Notebook> {
  return JSON.parse(await Deno.readTextFile(path));
}

// --- The committed notebooks. ---

Deno.test("the nine notebooks are committed with outputs, a deno kernelspec and JSR imports", async () => {
  const names = [...Deno.readDirSync(NOTEBOOKS)].map((e) => e.name).filter((n) =>
    n.endsWith(".ipynb")
  ).sort();
  assert.deepEqual(names, EXPECTED_NOTEBOOKS);
  for (const name of names) {
    const nb = await readNotebook(`${NOTEBOOKS}/${name}`);
    const spec = nb.metadata.kernelspec as { name: string };
    assert.equal(spec.name, "deno", `${name}: kernelspec`);
    const first = nb.cells[0];
    assert.equal(first.cell_type, "markdown", `${name}: first cell is markdown`);
    assert.match(joined(first.source), /"jsr:@kldiv\/kldiv"/, `${name}: JSR import of the module`);
    assert.match(
      joined(first.source),
      /"jsr:@kldiv\/kldiv\/jupyter"/,
      `${name}: JSR jupyter import`,
    );
    const code = nb.cells.filter((c) => c.cell_type === "code");
    assert.match(joined(code[0].source), /from "\.\.\/mod\.ts"/, `${name}: imports ../mod.ts`);
    for (const [i, cell] of code.entries()) {
      assert.equal(
        cell.execution_count,
        i + 1,
        `${name}: code cell ${i + 1} was executed in order`,
      );
      assert.ok(
        !(cell.outputs ?? []).some((o) => o.output_type === "error"),
        `${name}: code cell ${i + 1} has an error output`,
      );
    }
  }
});

for (const name of EXPECTED_NOTEBOOKS) {
  Deno.test({
    name: `notebook ${name} runs without errors and matches its committed outputs${suffix}`,
    ignore,
    async fn() {
      requireJupyter();
      const { code, stdout, stderr } = await runRunner(["--check", `notebooks/${name}`]);
      assert.equal(code, 0, `run_notebooks.py --check failed:\n${stdout}\n${stderr}`);
      assert.match(stdout, new RegExp(`^ok notebooks/${name}: `, "m"));
    },
  });
}

// --- The runner. ---

const CELLS = 60;
const RUNS = 3;

/** Cell i logs a line and ends in a tensor, so it has a stream and an execute_result. */
function displayCell(i: number): string {
  return `console.log("log ${i}");\ntensor([${i}, ${i} + 0.5])`;
}

Deno.test({
  name:
    `runner keeps every output of ${CELLS} display cells over ${RUNS} runs (kernel publishes some after idle)${suffix}`,
  ignore,
  async fn() {
    requireJupyter();
    const dir = await Deno.makeTempDir({ prefix: "kldiv_nb_" });
    try {
      const sources = [`import { tensor } from "${MOD_URL}";`];
      for (let i = 0; i < CELLS; i++) sources.push(displayCell(i));
      const path = `${dir}/display.ipynb`;
      let late = 0;
      for (let run = 1; run <= RUNS; run++) {
        await Deno.writeTextFile(path, JSON.stringify(notebookOf(sources)));
        const result = await runRunner(["--write", "--json", path]);
        assert.equal(result.code, 0, `run ${run}: ${result.stdout}\n${result.stderr}`);
        late += JSON.parse(result.stdout.slice(result.stdout.indexOf("{")))[path].late_after_idle;
        const nb = await readNotebook(path);
        for (let i = 0; i < CELLS; i++) {
          const outputs = nb.cells[i + 1].outputs ?? [];
          const where = `run ${run}, cell ${i + 2}`;
          const stream = outputs.filter((o) => o.output_type === "stream");
          assert.deepEqual(stream.map((o) => joined(o.text)), [`log ${i}\n`], `${where}: stream`);
          const results = outputs.filter((o) => o.output_type === "execute_result");
          assert.equal(results.length, 1, `${where}: one execute_result`);
          assert.equal(
            joined(results[0].data?.["text/plain"]),
            String(tensor([i, i + 0.5])),
            `${where}: text/plain`,
          );
        }
      }
      // Not asserted: the defect is intermittent (and may get fixed); reported for the record.
      console.log(`outputs that arrived after idle and were kept: ${late}`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: `runner fails on a cell error, naming the notebook and the cell${suffix}`,
  ignore,
  async fn() {
    requireJupyter();
    const dir = await Deno.makeTempDir({ prefix: "kldiv_nb_" });
    try {
      const path = `${dir}/broken.ipynb`;
      const sources = ["const a = 1;", "a + 1", 'throw new RangeError("bad shape [2, 3]");', "a"];
      await Deno.writeTextFile(path, JSON.stringify(notebookOf(sources)));
      const { code, stdout, stderr } = await runRunner([path]);
      assert.equal(code, 1, stdout + stderr);
      assert.match(stderr, /FAIL .*broken\.ipynb: cell 3 \(code cell 3, "throw new RangeError/);
      assert.match(stderr, /bad shape \[2, 3\]/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: `runner fails on an error raised while displaying a cell's value${suffix}`,
  ignore,
  async fn() {
    requireJupyter();
    const dir = await Deno.makeTempDir({ prefix: "kldiv_nb_" });
    try {
      const path = `${dir}/display_error.ipynb`;
      // The cell itself runs fine; its value throws when the kernel asks it for a MIME bundle,
      // as a chart did when its renderer could not be imported.
      const sources = [
        "const a = 1;",
        `({ [Symbol.for("Jupyter.display")]() {
  throw new TypeError('Import "vega" not a dependency');
} })`,
        "a",
      ];
      await Deno.writeTextFile(path, JSON.stringify(notebookOf(sources)));
      const { code, stdout, stderr } = await runRunner([path]);
      assert.equal(code, 1, stdout + stderr);
      assert.match(stdout, /^FAIL .*display_error\.ipynb: /m);
      assert.match(stderr, /display_error\.ipynb: cell 2 \(code cell 2, "\(\{ \[Symbol/);
      assert.match(stderr, /not a dependency/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: `runner --check reports a stale output with a diff, and passes once refreshed${suffix}`,
  ignore,
  async fn() {
    requireJupyter();
    const dir = await Deno.makeTempDir({ prefix: "kldiv_nb_" });
    try {
      const path = `${dir}/stale.ipynb`;
      await Deno.writeTextFile(
        path,
        JSON.stringify(notebookOf(["const x = 6;", 'console.log("answer", x * 7);'])),
      );
      assert.equal((await runRunner(["--write", path])).code, 0);
      assert.equal((await runRunner(["--check", path])).code, 0, "fresh outputs pass --check");

      const nb = await readNotebook(path);
      assert.equal(joined(nb.cells[1].outputs![0].text), "answer 42\n");
      nb.cells[1].outputs![0].text = "answer 41\n";
      await Deno.writeTextFile(path, JSON.stringify(nb));
      const { code, stderr } = await runRunner(["--check", path]);
      assert.equal(code, 1, stderr);
      assert.match(
        stderr,
        /stale\.ipynb: cell 2 \(code cell 2, "console\.log\("answer", x \* 7\);"\)/,
      );
      assert.match(stderr, /has stale outputs/);
      assert.match(stderr, /^ {4}-answer 41$/m);
      assert.match(stderr, /^ {4}\+answer 42$/m);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
