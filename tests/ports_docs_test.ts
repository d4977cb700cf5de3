/**
 * docs/ports.md states how many of the real KL snippets in tests/ports/ run, and lists each with
 * its status. That section is generated from tests/ports/manifest.json (the list ports_test.ts
 * runs), so a port activated or added without updating the page fails here.
 *
 *   deno run -A tools/ports_table.ts --write    # rewrite the section in docs/ports.md
 */
import assert from "node:assert/strict";

/** One port as tests/ports/manifest.json lists it. */
export interface PortEntry {
  name: string;
  source: string;
  url: string;
  exercises: string;
  status: "active" | "waits";
  waits?: string[];
}

export const PORTS_PAGE = "docs/ports.md";
export const PORTS_START = "<!-- ports:start -->";
export const PORTS_END = "<!-- ports:end -->";

/** The ports of the manifest, in its order. */
export function readManifest(): PortEntry[] {
  const url = new URL("./ports/manifest.json", import.meta.url);
  return (JSON.parse(Deno.readTextFileSync(url)) as { ports: PortEntry[] }).ports;
}

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

/** `owner/repo` of a GitHub URL, the link text of the source column. */
function repoOf(url: string): string {
  const m = /^https:\/\/github\.com\/([^/]+\/[^/]+)/.exec(url);
  if (m === null) throw new Error(`not a GitHub URL: ${url}`);
  return m[1];
}

const waiting = (n: number) =>
  n === 0 ? "none waits" : `${n} wait${n === 1 ? "s" : ""} for features kldiv lacks`;

/** The generated section: the count, then one row per port. */
export function renderPortsSection(ports: readonly PortEntry[] = readManifest()): string {
  const active = ports.filter((p) => p.status === "active").length;
  const lines = [
    `**${active} of ${ports.length}** ports run and match PyTorch 1.13 on every output and input ` +
    `gradient; ${waiting(ports.length - active)}.`,
    "",
    "| port | from | computes | status |",
    "| --- | --- | --- | --- |",
  ];
  for (const p of ports) {
    const status = p.status === "active" ? "runs" : `waits: ${p.waits!.join("; ")}`;
    lines.push(
      `| \`${p.name}\` | [${repoOf(p.url)}][${p.name}] | ${cell(p.exercises)} | ${cell(status)} |`,
    );
  }
  // Reference links keep the table narrow: the URLs are long.
  lines.push("", ...ports.map((p) => `[${p.name}]: ${p.url}`));
  return lines.join("\n");
}

/** Markdown with table padding and line wrapping removed (`deno fmt` changes both). */
export function normalise(text: string): string {
  const out: string[] = [];
  for (const raw of text.trim().split("\n")) {
    const line = raw.trim();
    if (line.startsWith("|")) {
      out.push(
        line.split(/(?<!\\)\|/).map((c) => c.trim()).map((c) => (/^-+$/.test(c) ? "---" : c))
          .join("|"),
      );
    } else if (line === "" || out.length === 0 || out[out.length - 1].startsWith("|")) {
      out.push(line);
    } else if (out[out.length - 1] === "") out[out.length - 1] = line;
    else out[out.length - 1] += ` ${line}`;
  }
  return out.join("\n");
}

/** The text between the markers of docs/ports.md. */
export function portsSection(page: string): string {
  const start = page.indexOf(PORTS_START);
  const end = page.indexOf(PORTS_END);
  if (start < 0 || end < start) {
    throw new Error(`${PORTS_PAGE} must contain ${PORTS_START} followed by ${PORTS_END}`);
  }
  return page.slice(start + PORTS_START.length, end);
}

Deno.test(`${PORTS_PAGE} lists every port of tests/ports/manifest.json with its status`, () => {
  const page = Deno.readTextFileSync(new URL(`../${PORTS_PAGE}`, import.meta.url));
  assert.equal(
    normalise(portsSection(page)),
    normalise(renderPortsSection()),
    `${PORTS_PAGE} is out of date: run \`deno run -A tools/ports_table.ts --write\``,
  );
});

Deno.test("the ports section counts the active ports of the manifest", () => {
  const ports: PortEntry[] = [
    {
      name: "a",
      source: "s",
      url: "https://github.com/o/r/x.py",
      exercises: "e",
      status: "active",
    },
    {
      name: "b",
      source: "s",
      url: "https://github.com/o/r",
      exercises: "e",
      status: "waits",
      waits: ["x"],
    },
  ];
  const section = renderPortsSection(ports);
  assert.match(section, /^\*\*1 of 2\*\* ports run .*; 1 waits for features kldiv lacks\./);
  assert.match(section, /\| `b` \| \[o\/r\]\[b\] \| e \| waits: x \|/);
  assert.match(section, /^\[b\]: https:\/\/github\.com\/o\/r$/m);
});
