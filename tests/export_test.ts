/**
 * Notebooks as people share them: executed, exported with `jupyter nbconvert --to html` (default
 * settings), opened in headless Chromium. Checks what a reader sees: the chart's bars are drawn
 * (coloured pixels in a screenshot, not just a tag), and tensor captions stay on one line at a
 * typical notebook width instead of breaking `grad_fn=` from its value.
 *
 * Needs /usr/bin/python3 with python3-nbclient, the deno kernelspec, Debian's
 * jupyter-nbconvert and `chromium`. Without them the test is ignored locally (the name says
 * why); with CI=true it runs, and fails when any is missing.
 */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { notebookOf } from "./notebook_json.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const MOD_URL = new URL("../mod.ts", import.meta.url).href;
const JUPYTER_URL = new URL("../jupyter.ts", import.meta.url).href;
const CHROMIUM = "chromium";
/** JupyterLab's notebook column on a laptop screen is about this wide. */
const WIDTH = 1000;

function run(cmd: string, args: string[], cwd?: string): { code: number; out: string } {
  try {
    const r = new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" }).outputSync();
    const dec = new TextDecoder();
    return { code: r.code, out: dec.decode(r.stdout) + dec.decode(r.stderr) };
  } catch (error) {
    return { code: -1, out: `cannot run ${cmd}: ${(error as Error).message}` };
  }
}

function missingTools(): string {
  const probe = run("/usr/bin/python3", [`${ROOT}tools/run_notebooks.py`, "--probe"]);
  if (probe.code !== 0) return probe.out.trim();
  if (run("jupyter", ["nbconvert", "--version"]).code !== 0) return "no jupyter nbconvert";
  if (run(CHROMIUM, ["--version"]).code !== 0) return "no chromium";
  return "";
}

const missing = missingTools();
const ignore = missing !== "" && Deno.env.get("CI") !== "true";
const suffix = ignore ? ` (ignored: ${missing})` : "";

/** Decodes an 8-bit RGB or RGBA PNG (what Chromium writes) to RGBA pixels. */
async function decodePng(
  png: Uint8Array,
): Promise<{ width: number; height: number; rgba: Uint8Array }> {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let width = 0, height = 0, channels = 0;
  const idat: Uint8Array[] = [];
  for (let at = 8; at < png.length;) {
    const length = view.getUint32(at);
    const type = new TextDecoder().decode(png.subarray(at + 4, at + 8));
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === "IHDR") {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      const [depth, color, , , interlace] = body.subarray(8, 13);
      assert.ok(depth === 8 && (color === 2 || color === 6) && interlace === 0, "8-bit RGB(A) PNG");
      channels = color === 6 ? 4 : 3;
    } else if (type === "IDAT") idat.push(body);
    at += 12 + length;
  }
  const stream = new Blob(idat as BlobPart[]).stream().pipeThrough(
    new DecompressionStream("deflate"),
  );
  const raw = new Uint8Array(await new Response(stream).arrayBuffer());
  const stride = width * channels;
  const out = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = out.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? out.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? row[i - channels] : 0;
      const b = prev[i];
      const c = i >= channels ? prev[i - channels] : 0;
      let v = src[i];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      row[i] = v & 255;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    for (let k = 0; k < 3; k++) rgba[p * 4 + k] = out[p * channels + k];
    rgba[p * 4 + 3] = channels === 4 ? out[p * channels + 3] : 255;
  }
  return { width, height, rgba };
}

/** How many pixels are within 12 per channel of `rgb`. */
function countColour(rgba: Uint8Array, rgb: [number, number, number]): number {
  let n = 0;
  for (let p = 0; p < rgba.length; p += 4) {
    if (
      Math.abs(rgba[p] - rgb[0]) <= 12 && Math.abs(rgba[p + 1] - rgb[1]) <= 12 &&
      Math.abs(rgba[p + 2] - rgb[2]) <= 12
    ) n++;
  }
  return n;
}

function chromium(dir: string, extra: string[], html: string): { code: number; out: string } {
  return run(CHROMIUM, [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--hide-scrollbars",
    `--user-data-dir=${dir}/chromium-profile`,
    `--window-size=${WIDTH},1600`,
    // The export links MathJax and require.js from a CDN; offline, don't wait for them.
    "--virtual-time-budget=3000",
    ...extra,
    `file://${html}`,
  ], dir);
}

// Counts the caption's line boxes: each rect of a Range over its text is one line fragment.
const MEASURE = `<script>
window.addEventListener("load", () => {
  const out = [...document.querySelectorAll("table.kldiv-tensor caption")].map((c) => {
    const range = document.createRange();
    range.selectNodeContents(c);
    const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    return { text: c.textContent, lines: tops.size };
  });
  const pre = document.createElement("pre");
  pre.id = "kldiv-measure";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>`;

Deno.test({
  name:
    `nbconvert's HTML export shows the charts and one-line tensor captions in Chromium${suffix}`,
  ignore,
  async fn() {
    if (missing) throw new Error(`CI=true but the export test cannot run: ${missing}`);
    const dir = await Deno.makeTempDir({ prefix: "kldiv_export_" });
    try {
      const nb = `${dir}/shared.ipynb`;
      await Deno.writeTextFile(
        nb,
        JSON.stringify(notebookOf([
          `import { tensor } from "${MOD_URL}";\nimport { plot } from "${JUPYTER_URL}";`,
          'plot.bars({ P: [0.2, 0.5, 0.3], Q: [0.1, 0.6, 0.3] }, { labels: ["a", "b", "c"] })',
          "tensor([0.7, 0.1, 0.2], { requires_grad: true }).sum()",
          "tensor([0.25, 0.75], { requires_grad: true }).mul(2)",
          "tensor(1.5)",
        ])),
      );
      const exec = run("/usr/bin/python3", [`${ROOT}tools/run_notebooks.py`, "--write", nb]);
      assert.equal(exec.code, 0, exec.out);
      const conv = run("jupyter", ["nbconvert", "--to", "html", nb], dir);
      assert.equal(conv.code, 0, conv.out);
      const html = `${dir}/shared.html`;

      // The chart: vega's first two category colours (#4c78a8 for P, #f58518 for Q) drawn.
      const shot = chromium(dir, [`--screenshot=${dir}/shot.png`], html);
      assert.equal(shot.code, 0, shot.out);
      const { width, rgba } = await decodePng(await Deno.readFile(`${dir}/shot.png`));
      assert.equal(width, WIDTH);
      const blue = countColour(rgba, [0x4c, 0x78, 0xa8]);
      const orange = countColour(rgba, [0xf5, 0x85, 0x18]);
      // Three bars each, tens of pixels wide and up to 200 high; a blank gap has none.
      assert.ok(blue > 1000 && orange > 1000, `bar pixels: P ${blue}, Q ${orange}`);

      // The captions, measured in the same page at the same width.
      const page = await Deno.readTextFile(html);
      const measured = `${dir}/measured.html`;
      await Deno.writeTextFile(measured, page.replace("</body>", `${MEASURE}</body>`));
      const dump = chromium(dir, ["--dump-dom"], measured);
      assert.equal(dump.code, 0, dump.out);
      const json = /<pre id="kldiv-measure">(.*?)<\/pre>/s.exec(dump.out)?.[1];
      assert.ok(json, `no measurement in the page:\n${dump.out.slice(-2000)}`);
      const captions = JSON.parse(
        json.replaceAll("&lt;", "<").replaceAll("&gt;", ">")
          .replaceAll("&amp;", "&"),
      );
      assert.deepEqual(captions, [
        { text: "shape [] · float32 · grad_fn=<SumBackward0>", lines: 1 },
        { text: "shape [2] · float32 · grad_fn=<MulBackward0>", lines: 1 },
        { text: "shape [] · float32", lines: 1 },
      ]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
