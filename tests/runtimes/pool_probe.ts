/**
 * Whether this runtime's worker pool starts, and whether a call split across it gives the bits
 * of one thread (bundled for Node and the browser by tests/runtimes_test.ts).
 *
 * @module
 */

import { F, tensor } from "../../mod.ts";
import { withKernelMode } from "../../lib/kernels/mode.ts";
import { poolCalls, setPoolOptions, startPool } from "../../lib/kernels/pool.ts";
import { wasmKernels } from "../../lib/kernels/wasm.ts";

/**
 * Starts the pool and runs log_softmax on 64 rows with every thread and with one.
 *
 * @returns Whether the WebAssembly kernels load, whether the pool started, how many calls it
 * split, and whether the bits agreed with one thread's.
 */
export async function poolProbe(): Promise<
  { wasm: boolean; started: boolean; calls: number; same: boolean }
> {
  const wasm = wasmKernels() !== null;
  const started = await startPool();
  const n = 64 * 257;
  const x = tensor(Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 4)).reshape(64, 257);
  const run = (threads: number) => {
    const previous = setPoolOptions({ threads, minElements: 1 });
    try {
      return withKernelMode("wasm", () => F.log_softmax(x, 1).toTypedArray());
    } finally {
      setPoolOptions(previous);
    }
  };
  const before = poolCalls();
  const split = run(16);
  const calls = poolCalls() - before;
  const one = run(1);
  const same = split.every((v, i) => Object.is(v, one[i]));
  return { wasm, started, calls, same };
}
