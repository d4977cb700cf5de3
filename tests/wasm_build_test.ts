/**
 * The embedded WebAssembly module (lib/kernels/wasm_bytes.ts) must be what asm/kernels.ts
 * compiles to, so nobody ships a binary that its source does not explain.
 */
import assert from "node:assert/strict";
import { WASM_SOURCE_SHA256 } from "../lib/kernels/wasm_bytes.ts";

const root = new URL("../", import.meta.url);

Deno.test("wasm_bytes.ts records the SHA-256 of the current asm/kernels.ts", async () => {
  const source = await Deno.readFile(new URL("asm/kernels.ts", root));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", source));
  const hex = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
  assert.equal(hex, WASM_SOURCE_SHA256, "asm/kernels.ts changed: run deno task build:wasm");
});

Deno.test("rebuilding asm/kernels.ts with the pinned AssemblyScript gives the embedded module", () => {
  const run = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("tools/build_wasm.ts", root).pathname, "--check"],
    cwd: root.pathname,
  }).outputSync();
  const output = new TextDecoder().decode(run.stdout) + new TextDecoder().decode(run.stderr);
  assert.equal(run.code, 0, output);
  assert.match(output, /matches asm\/kernels\.ts/);
});
