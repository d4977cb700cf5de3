/**
 * Prints the bad-input table of docs/errors.md from the matrix in `tests/bad_inputs_test.ts`.
 *
 *   deno run tools/bad_inputs_table.ts                  # print the table
 *   deno run -A tools/bad_inputs_table.ts --write       # rewrite the table in docs/errors.md
 *
 * With `--write`, the text between `<!-- bad-inputs:start -->` and `<!-- bad-inputs:end -->`
 * is replaced; a page without the markers gets the whole section appended.
 */
import {
  END_MARKER,
  renderBadInputsTable,
  START_MARKER,
  TABLE_PAGE,
} from "../tests/bad_inputs_test.ts";

const HEADING = "## Bad inputs and the errors they get";
const INTRO = "Every row is checked by `tests/bad_inputs_test.ts` (error class and message), and " +
  "this table is generated from the same data by `tools/bad_inputs_table.ts`, so the two cannot " +
  "drift. `x` is `tensor([[1, 2, 3], [4, 5, 6]])`, `a` is " +
  "`tensor([1, 2], { requires_grad: true })` and `y` is a scalar computed from `a`, such as " +
  "`a.mul(2).sum()`.";

const table = renderBadInputsTable();
if (!Deno.args.includes("--write")) {
  console.log(table);
} else {
  const path = new URL(`../${TABLE_PAGE}`, import.meta.url);
  let readme = "";
  try {
    readme = await Deno.readTextFile(path);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  const block = `${START_MARKER}\n${table}\n${END_MARKER}`;
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start >= 0 && end > start) {
    readme = readme.slice(0, start) + block + readme.slice(end + END_MARKER.length);
  } else {
    const sep = readme === "" || readme.endsWith("\n\n")
      ? ""
      : readme.endsWith("\n")
      ? "\n"
      : "\n\n";
    readme += `${sep}${HEADING}\n\n${INTRO}\n\n${block}\n`;
  }
  await Deno.writeTextFile(path, readme);
  // deno fmt pads the table's columns; the drift test ignores padding either way.
  await new Deno.Command(Deno.execPath(), { args: ["fmt", path.pathname] }).output();
  console.log(`${TABLE_PAGE}: bad-input table written (${table.split("\n").length - 2} rows)`);
}
