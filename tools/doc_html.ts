/**
 * The HTML API reference: `deno doc --html` of the three entry points, checked and finished.
 *
 * `deno doc` run on local files writes each page's usage line with the entry's path relative to
 * the package (`import { F } from "."`, `from "jupyter"`); a reader copies those lines into
 * code, so they are rewritten to the names JSR serves (`@kldiv/kldiv`, `@kldiv/kldiv/jupyter`,
 * `@kldiv/kldiv/csv`). Any warning `deno doc` prints is an error here (tests/doc_html_test.ts
 * runs this script).
 *
 * Run: `deno task doc:html [output folder]` (default `docs/api/`, not committed).
 *
 * @module
 */

/** How usage lines name each entry point, and the name JSR gives it. */
const ENTRIES: [string, string][] = [
  [".", "@kldiv/kldiv"],
  ["jupyter", "@kldiv/kldiv/jupyter"],
  ["csv", "@kldiv/kldiv/csv"],
];

/**
 * Writes the reference into `output`.
 *
 * @param output The folder to write (replaced).
 * @returns The pages written and the usage lines rewritten.
 */
export async function buildDocs(output: string): Promise<{ pages: number; rewritten: number }> {
  const root = new URL("../", import.meta.url).pathname;
  const r = await new Deno.Command(Deno.execPath(), {
    args: [
      "doc",
      "--html",
      "--name=@kldiv/kldiv",
      `--output=${output}`,
      "mod.ts",
      "jupyter.ts",
      "csv.ts",
    ],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const log = new TextDecoder().decode(r.stderr) + new TextDecoder().decode(r.stdout);
  if (r.code !== 0 || /warning/i.test(log)) {
    throw new Error(`deno doc --html ${r.code !== 0 ? "failed" : "warned"}:\n${log}`);
  }
  let pages = 0;
  let rewritten = 0;
  for await (const file of walk(output)) {
    if (!file.endsWith(".html")) continue;
    pages++;
    const html = await Deno.readTextFile(file);
    let out = html;
    for (const [local, name] of ENTRIES) {
      out = out.replaceAll(`from &quot;${local}&quot;`, () => {
        rewritten++;
        return `from &quot;${name}&quot;`;
      });
    }
    if (out !== html) await Deno.writeTextFile(file, out);
  }
  return { pages, rewritten };
}

async function* walk(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) yield* walk(path);
    else if (entry.isFile) yield path;
  }
}

if (import.meta.main) {
  const output = Deno.args[0] ?? new URL("../docs/api", import.meta.url).pathname;
  const { pages, rewritten } = await buildDocs(output);
  console.log(`${pages} pages in ${output}, ${rewritten} usage lines naming @kldiv/kldiv`);
}
