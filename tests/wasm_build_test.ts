/**
 * The embedded WebAssembly module (lib/kernels/wasm_bytes.ts) must be what asm/kernels.ts
 * compiles to, so nobody ships a binary that its source does not explain. The full rebuild with
 * the pinned AssemblyScript (`deno task build:wasm --check`) runs in `deno task check`, not
 * here: the test command must not download build-only compilers.
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
