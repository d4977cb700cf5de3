/**
 * The module outside Deno (issue 24): bundled as Node and a browser import it, it runs the
 * document's four methods (examples/four_methods.ts), a port (tests/ports/deit_soft_distillation)
 * on its PyTorch fixture, and prints a tensor, a module, a loss and max()'s named tuple through
 * the runtime's own inspector, and every line must be what Deno prints on the TypeScript sources
 * (tests/runtimes/probe.mjs is the program). The pool probe (tests/runtimes/pool_probe.ts) says
 * whether the WebAssembly kernels loaded and the worker pool started, and that a call split
 * across workers gave one thread's bits. In Node it also writes and reads a CSV file
 * (tests/runtimes/csv_main.mjs).
 *
 * The bundles come from `deno bundle` (esbuild) of mod.ts to one ES module, the form JSR's npm
 * compatibility layer gives Node; the example and the port are bundled with mod.ts left as an
 * import, pointed at that bundle. Node: `node` (≥ 20; Node 20 also with
 * `--experimental-wasm-relaxed-simd`, without which its V8 cannot compile the kernels' relaxed
 * SIMD and the TypeScript kernels run). Browser: headless `chromium` opens a page served by this
 * test on 127.0.0.1, once with the COOP/COEP headers (cross-origin isolated: shared memory, the
 * pool on Web Workers) and once without (one thread); the page posts its lines back. A runtime
 * that is missing is a skipped test whose name says so (with CI=true, a failure).
 */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);
const PORT = "deit_soft_distillation";
const FIXTURE = new URL(`tests/ports/fixtures/${PORT}.json`, ROOT);
const decoder = new TextDecoder();

function run(
  cmd: string,
  args: string[],
  cwd?: string,
): { code: number; out: string; err: string } {
  try {
    const r = new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" }).outputSync();
    return { code: r.code, out: decoder.decode(r.stdout), err: decoder.decode(r.stderr) };
  } catch (e) {
    return { code: -1, out: "", err: String(e) };
  }
}

const nodeVersion = run("node", ["--version"]).out.trim();
// Missing runtimes skip the test locally; with CI=true the test runs and fails instead.
const CI = Deno.env.get("CI") === "true";
const hasNode = CI || Number(/^v(\d+)/.exec(nodeVersion)?.[1] ?? 0) >= 20;
const hasChromium = CI || run("chromium", ["--version"]).code === 0;

/** What the pool probe reports. */
interface Pool {
  wasm: boolean;
  started: boolean;
  calls: number;
  same: boolean;
}

/** Splits a run's output into the probe's lines and the pool probe's report. */
function parse(out: string): { lines: string[]; pool: Pool } {
  const lines = out.trimEnd().split("\n");
  const last = lines.pop() ?? "";
  assert.match(last, /^pool: /, `the pool line is missing from:\n${out}`);
  return { lines, pool: JSON.parse(last.slice("pool: ".length)) };
}

let built: Promise<string> | null = null;

/**
 * Bundles the module, the pool probe, the example and the port into a temporary folder with the
 * probe's scripts and the fixture, once for all tests.
 */
function bundles(): Promise<string> {
  built ??= (async () => {
    const dir = await Deno.makeTempDir({ prefix: "kldiv_runtimes_" });
    const bundle = (extra: string[], entries: string[]) => {
      const r = run(Deno.execPath(), [
        "bundle",
        "--quiet",
        "--platform",
        "browser",
        "--format",
        "esm",
        ...extra,
        ...entries.map((e) => new URL(e, ROOT).pathname),
      ]);
      assert.equal(r.code, 0, `deno bundle failed:\n${r.err}`);
    };
    bundle(["--outdir", `${dir}/full`], [
      "mod.ts",
      "tests/runtimes/pool_probe.ts",
      "tests/runtimes/with_csv.ts",
    ]);
    bundle(["--outdir", `${dir}/ext`, "--external=*mod.ts"], [
      "examples/four_methods.ts",
      `tests/ports/${PORT}.ts`,
    ]);
    const copy = async (from: string, to: string, relink = false) => {
      let text = await Deno.readTextFile(from);
      if (relink) {
        const linked = text.replace(/"(\.\.\/)+mod\.ts"/g, '"./kldiv.mjs"');
        assert.notEqual(linked, text, `${from}: no import of mod.ts to point at the bundle`);
        text = linked;
      }
      await Deno.writeTextFile(`${dir}/${to}`, text);
    };
    await copy(`${dir}/full/mod.js`, "kldiv.mjs");
    await copy(`${dir}/full/tests/runtimes/pool_probe.js`, "pool_probe.mjs");
    await copy(`${dir}/full/tests/runtimes/with_csv.js`, "with_csv.mjs");
    await copy(`${dir}/ext/examples/four_methods.js`, "four_methods.mjs", true);
    await copy(`${dir}/ext/tests/ports/${PORT}.js`, "port.mjs", true);
    for (const f of ["probe.mjs", "main.mjs", "page.mjs", "csv_main.mjs"]) {
      await copy(new URL(`tests/runtimes/${f}`, ROOT).pathname, f);
    }
    await Deno.copyFile(FIXTURE, `${dir}/fixture.json`);
    await Deno.writeTextFile(
      `${dir}/index.html`,
      '<!doctype html><meta charset="utf-8"><title>kldiv</title>' +
        '<script type="module" src="page.mjs"></script>\n',
    );
    return dir;
  })();
  return built;
}

let denoRun: { lines: string[]; pool: Pool } | null = null;

/** The probe's lines as Deno prints them on the TypeScript sources. */
function inDeno(): { lines: string[]; pool: Pool } {
  if (denoRun !== null) return denoRun;
  const at = (p: string) => new URL(p, ROOT).href;
  const r = run(Deno.execPath(), [
    "run",
    "--allow-read",
    at("tests/runtimes/main.mjs"),
    at("mod.ts"),
    at("examples/four_methods.ts"),
    at(`tests/ports/${PORT}.ts`),
    FIXTURE.href,
    at("tests/runtimes/pool_probe.ts"),
  ]);
  assert.equal(r.code, 0, r.err);
  denoRun = parse(r.out);
  return denoRun;
}

/** Asserts that a runtime printed Deno's lines, naming the first that differs. */
function assertSameLines(got: string[], want: string[], where: string): void {
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    assert.equal(
      got[i],
      want[i],
      `${where}, line ${i + 1}: printed\n${got[i]}\nDeno printed\n${want[i]}`,
    );
  }
}

Deno.test({
  name: hasNode
    ? `Node (${nodeVersion}) runs the bundle: the four methods, a port, printing and the pool as in Deno`
    : "Node runs the bundle as Deno runs the sources (ignored: no node ≥ 20 here)",
  ignore: !hasNode,
  fn: async () => {
    const dir = await bundles();
    const deno = inDeno();
    assert.ok(deno.lines.includes("tensor(0.0239, grad_fn=<DivBackward0>)"), "Deno's own run");
    assert.deepEqual(deno.pool, { wasm: true, started: true, calls: 1, same: true });
    const args = ["kldiv.mjs", "four_methods.mjs", "port.mjs", "fixture.json", "pool_probe.mjs"]
      .map((f) => `${dir}/${f}`);
    // Node 20's V8 compiles relaxed SIMD only behind a flag; later Nodes need none.
    const flags = [[], ["--experimental-wasm-relaxed-simd"]];
    for (const flag of flags) {
      const r = run("node", [...flag, `${dir}/main.mjs`, ...args]);
      assert.equal(r.code, 0, r.err);
      const node = parse(r.out);
      assertSameLines(node.lines, deno.lines, `node ${flag.join(" ") || "without flags"}`);
      assert.equal(node.pool.same, true);
      if (flag.length > 0 || node.pool.wasm) {
        assert.deepEqual(node.pool, { wasm: true, started: true, calls: 1, same: true });
      }
    }
  },
});

Deno.test({
  name: hasNode
    ? `Node (${nodeVersion}) writes and reads CSV files through the bundled csv entry point as Deno does`
    : "Node writes and reads CSV files as Deno does (ignored: no node ≥ 20 here)",
  ignore: !hasNode,
  fn: async () => {
    const dir = await bundles();
    const files = await Deno.makeTempDir({ prefix: "kldiv_csv_" });
    try {
      const deno = run(Deno.execPath(), [
        "run",
        "--allow-read",
        "--allow-write",
        new URL("tests/runtimes/csv_main.mjs", ROOT).href,
        new URL("tests/runtimes/with_csv.ts", ROOT).href,
        files,
      ]);
      assert.equal(deno.code, 0, deno.err);
      assert.match(deno.out, /^1,0\n0\.25,0\.75\n/);
      const node = run("node", [`${dir}/csv_main.mjs`, `${dir}/with_csv.mjs`, files]);
      assert.equal(node.code, 0, node.err);
      assertSameLines(node.out.split("\n"), deno.out.split("\n"), "node csv");
    } finally {
      await Deno.remove(files, { recursive: true });
    }
  },
});

/** Opens the page in headless Chromium and returns what it posted back. */
async function inChromium(
  isolated: boolean,
): Promise<{ lines?: string[]; pool?: Pool; isolated?: boolean; ms?: number; error?: string }> {
  const dir = await bundles();
  const headers: Record<string, string> = isolated
    ? {
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
    }
    : {};
  const types: Record<string, string> = {
    mjs: "text/javascript",
    html: "text/html",
    json: "application/json",
  };
  const { promise: report, resolve } = Promise.withResolvers<string>();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const path = new URL(req.url).pathname;
    if (req.method === "POST" && path === "/report") {
      resolve(await req.text());
      return new Response("ok");
    }
    const name = path === "/" ? "index.html" : path.slice(1);
    if (!/^[a-z_]+\.(mjs|html|json)$/.test(name)) return new Response("no", { status: 404 });
    const body = await Deno.readFile(`${dir}/${name}`);
    const type = types[name.split(".").pop()!];
    return new Response(body, { headers: { ...headers, "Content-Type": type } });
  });
  const profile = await Deno.makeTempDir({ prefix: "kldiv_chromium_" });
  const browser = new Deno.Command("chromium", {
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      `--user-data-dir=${profile}`,
      `http://127.0.0.1:${server.addr.port}/`,
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<string>((_, reject) => {
      timer = setTimeout(() => reject(new Error("the page did not report within 60 s")), 60_000);
    });
    return JSON.parse(await Promise.race([report, timeout]));
  } finally {
    clearTimeout(timer);
    browser.kill();
    await browser.status;
    await server.shutdown();
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}

for (const isolated of [true, false]) {
  const what = isolated
    ? "cross-origin isolated: the pool on Web Workers"
    : "not isolated: one thread";
  Deno.test({
    name: hasChromium
      ? `headless Chromium runs the bundle as Deno runs the sources (${what})`
      : `headless Chromium runs the bundle (${what}) (ignored: no chromium here)`,
    ignore: !hasChromium,
    sanitizeResources: false,
    fn: async () => {
      const page = await inChromium(isolated);
      assert.equal(page.error, undefined, page.error);
      assert.equal(page.isolated, isolated, "crossOriginIsolated");
      // The README quotes this line (page load to the probe's end, in the page's own clock).
      console.log(`chromium (${what}): page loaded and ran the probe in ${page.ms} ms`);
      // A browser has no inspect hook: its lines print String(x), which is the same text.
      assertSameLines(page.lines!, inDeno().lines, `chromium (${what})`);
      assert.deepEqual(
        page.pool,
        isolated
          ? { wasm: true, started: true, calls: 1, same: true }
          : { wasm: true, started: false, calls: 0, same: true },
      );
    },
  });
}
