// Every entry point must work when imported by file path or URL from a script anywhere: no bare
// specifiers that only this repository's deno.json resolves. The script runs from a temporary
// directory outside the repository, so Deno finds no config file and no import map.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const root = new URL("../", import.meta.url);

function runOutside(
  script: string,
  args: string[] = [],
  permissions: string[] = [],
): { code: number; out: string } {
  const dir = Deno.makeTempDirSync({ prefix: "kldiv_outside_" });
  try {
    Deno.writeTextFileSync(`${dir}/P.csv`, "a,b\n0.5,0.5\n0.9,0.1\n");
    Deno.writeTextFileSync(`${dir}/Q.csv`, "a,b\n0.5,0.5\n0.5,0.5\n");
    Deno.writeTextFileSync(`${dir}/main.ts`, script);
    const run = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-read",
        "--allow-env",
        "--allow-sys",
        ...permissions,
        `${dir}/main.ts`,
        ...args,
      ],
      cwd: dir,
      env: { NO_COLOR: "1" },
    }).outputSync();
    const dec = new TextDecoder();
    return { code: run.code, out: dec.decode(run.stdout) + dec.decode(run.stderr) };
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

Deno.test("mod.ts, csv.ts and jupyter.ts work imported by path from outside the repository", () => {
  const { code, out } = runOutside(`
import { F, tensor } from ${JSON.stringify(new URL("mod.ts", root).href)};
import { read_csv, to_csv } from ${JSON.stringify(new URL("csv.ts", root).href)};
import { plot } from ${JSON.stringify(new URL("jupyter.ts", root).href)};

const p = await read_csv("P.csv");
console.log(String(F.kl_div(tensor([[0.5, 0.5], [0.5, 0.5]]).log(), p, { reduction: "sum" })));
console.log(to_csv(p).trim().replaceAll("\\n", "|"));
const svg = await plot.bars({ P: p.sum(0) }).toSVG();
console.log("bars:", svg.match(/aria-roledescription="bar"/g)?.length);
`);
  assert.equal(code, 0, out);
  // KL([.9, .1] ‖ [.5, .5]) = .9·ln 1.8 + .1·ln .2 = 0.368064...; the first row adds 0.
  assert.match(out, /^tensor\(0\.3681\)$/m);
  assert.match(out, /^0\.5,0\.5\|0\.9,0\.1$/m);
  assert.match(out, /^bars: 2$/m);
});

Deno.test("cli.ts runs by path from outside the repository", () => {
  const cli = new URL("cli.ts", root).href;
  const { code, out } = runOutside(
    `import ${JSON.stringify(cli)};\nawait import(${JSON.stringify(cli)});`,
  );
  // Imported (not main), cli.ts must do nothing; run as main it is the kl command.
  assert.equal(code, 0, out);
  assert.equal(out, "");
  const dir = Deno.makeTempDirSync({ prefix: "kldiv_outside_" });
  try {
    Deno.writeTextFileSync(`${dir}/P.csv`, "0.9,0.1\n");
    Deno.writeTextFileSync(`${dir}/Q.csv`, "0.5,0.5\n");
    const run = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", new URL("cli.ts", root).pathname, "P.csv", "Q.csv"],
      cwd: dir,
      env: { NO_COLOR: "1" },
    }).outputSync();
    const dec = new TextDecoder();
    assert.equal(run.code, 0, dec.decode(run.stderr));
    assert.match(dec.decode(run.stdout), /^row,kl\n0,0\.368064/);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("every entry point works imported by URL (served over HTTP) from outside the repository", () => {
  // The script serves the repository over HTTP on a free local port and imports from there, as
  // a notebook would import raw URLs from a code host.
  const { code, out } = runOutside(
    `
const root = ${JSON.stringify(fileURLToPath(root))};
const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
  try {
    const body = await Deno.readFile(root + new URL(req.url).pathname.slice(1));
    return new Response(body, { headers: { "content-type": "application/typescript" } });
  } catch {
    return new Response("not found", { status: 404 });
  }
});
const base = \`http://127.0.0.1:\${server.addr.port}/\`;
const { F, tensor } = await import(base + "mod.ts");
const { read_csv } = await import(base + "csv.ts");
const { plot } = await import(base + "jupyter.ts");
await import(base + "cli.ts");
const p = await read_csv("a,b\\n0.9,0.1\\n");
console.log(String(F.kl_div(tensor([[0.5, 0.5]]).log(), p, { reduction: "sum" })));
const svg = await plot.bars({ P: [1, 2] }).toSVG();
console.log("bars:", svg.match(/aria-roledescription="bar"/g)?.length);
await server.shutdown();
`,
    [],
    ["--allow-net=127.0.0.1", "--allow-import=127.0.0.1"],
  );
  assert.equal(code, 0, out);
  assert.match(out, /^tensor\(0\.3681\)$/m);
  assert.match(out, /^bars: 2$/m);
});
