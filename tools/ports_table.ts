/**
 * Prints the ports section of docs/ports.md (the count and one row per port) from
 * tests/ports/manifest.json.
 *
 *   deno run -R tools/ports_table.ts              # print it
 *   deno run -A tools/ports_table.ts --write      # rewrite it in docs/ports.md
 *
 * With `--write`, the text between `<!-- ports:start -->` and `<!-- ports:end -->` is replaced.
 */
import {
  PORTS_PAGE,
  PORTS_START,
  portsSection,
  renderPortsSection,
} from "../tests/ports_docs_test.ts";

const section = renderPortsSection();
if (!Deno.args.includes("--write")) {
  console.log(section);
} else {
  const path = new URL(`../${PORTS_PAGE}`, import.meta.url);
  const page = await Deno.readTextFile(path);
  const old = portsSection(page); // throws when the markers are missing
  const start = page.indexOf(PORTS_START) + PORTS_START.length;
  const next = page.slice(0, start) + `\n${section}\n` + page.slice(start + old.length);
  await Deno.writeTextFile(path, next);
  // deno fmt pads the table's columns; the drift test ignores padding either way.
  await new Deno.Command(Deno.execPath(), { args: ["fmt", path.pathname] }).output();
  console.log(`${PORTS_PAGE}: ports section written`);
}
