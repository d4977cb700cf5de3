/**
 * The HTML reference (tools/doc_html.ts) builds without a warning from `deno doc`, and every
 * usage line imports from the package's JSR names, none from a local path.
 */
import assert from "node:assert/strict";
import { buildDocs } from "../tools/doc_html.ts";

Deno.test("deno doc --html builds without warnings, usage lines naming @kldiv/kldiv", async () => {
  const dir = await Deno.makeTempDir({ prefix: "kldiv_doc_html_" });
  try {
    const { pages, rewritten } = await buildDocs(dir);
    assert.ok(pages > 100, `only ${pages} pages`);
    assert.ok(rewritten > 100, `only ${rewritten} usage lines rewritten`);
    const usage = (page: string) =>
      Deno.readTextFile(`${dir}/${page}`).then((html) =>
        [...html.matchAll(/import \{ [^}]+ \} from &quot;([^&]*)&quot;/g)].map((m) => m[1])
      );
    assert.ok((await usage("~/F.kl_div.html")).includes("@kldiv/kldiv"));
    assert.ok((await usage("jupyter/~/Chart.html")).includes("@kldiv/kldiv/jupyter"));
    for await (const entry of Deno.readDir(`${dir}/~`)) {
      if (!entry.name.endsWith(".html")) continue;
      for (const from of await usage(`~/${entry.name}`)) {
        assert.match(from, /^@kldiv\/kldiv(\/jupyter|\/csv)?$/, `~/${entry.name}: from "${from}"`);
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
