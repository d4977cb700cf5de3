/**
 * Every relative link in the README and in docs/ points to a file that exists, and every
 * `#anchor` to a heading of its target page (GitHub's slugs), so moving or renaming a page or a
 * heading cannot leave a dead link behind.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);

function pages(): URL[] {
  const out = [new URL("README.md", ROOT)];
  const walk = (dir: URL) => {
    for (const e of Deno.readDirSync(dir)) {
      if (e.isDirectory) walk(new URL(`${e.name}/`, dir));
      else if (e.name.endsWith(".md")) out.push(new URL(e.name, dir));
    }
  };
  walk(new URL("docs/", ROOT));
  return out;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
}

function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const m = fenced ? null : /^#{1,6}\s+(.*)$/.exec(line);
    if (m) out.add(slug(m[1]));
  }
  return out;
}

/** The targets of inline links `[text](target)` outside code, skipping URLs. */
function relativeLinks(markdown: string): string[] {
  const text = markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/.test(t));
}

Deno.test("slug follows GitHub's anchors", () => {
  assert.equal(slug("Porting from PyTorch"), "porting-from-pytorch");
  assert.equal(slug("Views, in-place ops and autograd"), "views-in-place-ops-and-autograd");
  assert.equal(slug("The `kl` command"), "the-kl-command");
});

for (const page of pages()) {
  const name = page.href.slice(ROOT.href.length);
  Deno.test(`${name}: every relative link and anchor resolves`, () => {
    const text = Deno.readTextFileSync(page);
    const dead: string[] = [];
    for (const link of relativeLinks(text)) {
      const [path, anchor] = link.split("#");
      const target = path === "" ? page : new URL(path, page);
      let body: string | null = null;
      try {
        const info = Deno.statSync(target);
        body = info.isFile && target.pathname.endsWith(".md") ? Deno.readTextFileSync(target) : "";
      } catch {
        dead.push(`${link} (no such file)`);
        continue;
      }
      if (anchor !== undefined && body !== "" && !anchors(body).has(anchor)) {
        dead.push(`${link} (no heading #${anchor})`);
      }
    }
    assert.deepEqual(dead, [], `${name} has dead links`);
  });
}
