/**
 * A pool of worker threads that run the WebAssembly kernels on other rows of the same call.
 *
 * The kernels are synchronous, so a call that splits its rows posts the other threads' shares
 * through a shared control block, runs its own share, and blocks in `Atomics.wait` (allowed on
 * Deno's main thread) until every worker has finished. All threads run instances of one module
 * over one shared WebAssembly memory; each row (and each kl_div chunk) is computed by the same
 * kernel with the same reductions whichever thread takes it, so results are bit for bit those
 * of the single-thread path.
 *
 * The pool starts lazily: the first call large enough to use it schedules the start on an
 * unref'd timer (starting `node:worker_threads` workers blocks for tens of milliseconds, which
 * a busy synchronous loop should not pay) and runs on one thread until the workers are ready.
 * Workers are unref'd, so they never keep a script or a notebook kernel from exiting.
 *
 * Deno and Node run the workers on `node:worker_threads`; a browser page runs them as Web
 * Workers when it is cross-origin isolated (served with COOP/COEP headers, the condition for
 * shared memory). A browser's main thread may not block in `Atomics.wait`, so there this thread
 * polls the done counter instead while the workers run their shares. Where workers or shared
 * memory are missing (a page that is not cross-origin isolated, for one), everything runs on
 * one thread.
 *
 * @module
 */

import { prepareSharedKernels, sharedKernels } from "./wasm.ts";

/** What a share of a call asks a thread to do (the name of a kernel export and its arguments). */
export type Job =
  | { kernel: "rows"; name: RowKernel; args: number[] }
  | { kernel: "kl_div"; name: "kl_div_f32" | "kl_div_f64"; args: number[] }
  | { kernel: "gemm"; name: "gemm_f32" | "gemm_f64" | "gemm_f32_acc32"; args: number[] };

/** The row kernels a worker can run. */
export type RowKernel =
  | "softmax_f32"
  | "softmax_f64"
  | "log_softmax_backward_scaled_f32"
  | "log_softmax_backward_scaled_f64"
  | "softmax_backward_f64";

const KERNELS = [
  "softmax_f32",
  "softmax_f64",
  "log_softmax_backward_scaled_f32",
  "log_softmax_backward_scaled_f64",
  "softmax_backward_f64",
  "kl_div_f32",
  "kl_div_f64",
  "gemm_f32",
  "gemm_f64",
  "gemm_f32_acc32",
] as const;

/** Per-thread argument slots in the shared argument block. */
const SLOTS = 17;
/**
 * Control words: the job generation, finished workers, ready workers, workers that failed to
 * start, and whether a share threw.
 */
const GEN = 0, DONE = 1, READY = 2, FAILED = 3, ERROR = 4;

/**
 * The worker: instantiates the shared module, then waits for a new generation, runs its
 * share (slot 0 is the kernel's index, −1 for none) and counts itself done. kl_div shares
 * are chunk loops: (x, t, out, n, chunk elements, sums pointer, element width).
 */
const WORKER_BODY = `
const { memory, wasmModule, ctl, args, index, names } = workerData;
let k;
try {
  k = new WebAssembly.Instance(wasmModule, {
    env: { memory, abort() { throw new Error("kldiv: WebAssembly kernel aborted"); }, log: Math.log },
  }).exports;
  Atomics.add(ctl, ${READY}, 1);
} catch (e) {
  Atomics.add(ctl, ${FAILED}, 1);
  Atomics.notify(ctl, ${READY});
  throw e;
}
Atomics.notify(ctl, ${READY});
let gen = Atomics.load(ctl, ${GEN});
for (;;) {
  Atomics.wait(ctl, ${GEN}, gen);
  gen = Atomics.load(ctl, ${GEN});
  const a = args.subarray(index * ${SLOTS}, index * ${SLOTS} + ${SLOTS});
  const kind = a[0];
  try {
    if (kind >= 0) {
      const name = names[kind];
      if (name.startsWith("kl_div")) {
        const [, xp, tp, op, n, chunk, sp, width] = a;
        const sums = new Float64Array(memory.buffer, sp, Math.ceil(n / chunk));
        for (let c = 0, start = 0; start < n; c++, start += chunk) {
          const len = Math.min(chunk, n - start);
          const off = start * width;
          sums[c] = k[name](xp + off, tp + off, op === 0 ? 0 : op + off, len);
        }
      } else if (name.startsWith("gemm")) {
        k[name](a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12],
          a[13], a[14], a[15], a[16]);
      } else {
        k[name](a[1], a[2], a[3], a[4], a[5], a[6]);
      }
    }
  } catch (e) {
    Atomics.store(ctl, ${ERROR}, 1);
  }
  Atomics.add(ctl, ${DONE}, 1);
  Atomics.notify(ctl, ${DONE});
}
`;

/** The worker as `node:worker_threads` runs it (its data arrives as `workerData`). */
const NODE_WORKER_SOURCE = `const { workerData } = require("node:worker_threads");\n${WORKER_BODY}`;

/** The worker as a Web Worker runs it (its data arrives in the first message). */
const WEB_WORKER_SOURCE =
  `onmessage = (event) => {\nonmessage = null;\nconst workerData = event.data;\n${WORKER_BODY}};`;

/** Whether this is Deno or Node, whose workers come from `node:worker_threads`. */
function hasNodeWorkers(): boolean {
  const g = globalThis as { Deno?: unknown; process?: { versions?: { node?: string } } };
  return g.Deno !== undefined || typeof g.process?.versions?.node === "string";
}

/** What the pool needs of a worker, whichever kind it is. */
interface PoolWorker {
  onError(handler: () => void): void;
  /** Lets the process exit while the worker runs (a no-op for Web Workers). */
  unref(): void;
}

/** Starts one worker on the shared module with the given data. */
type StartWorker = (data: Record<string, unknown>) => PoolWorker;

/** The way this runtime starts workers, or null where it has none the pool can use. */
async function workerStarter(): Promise<StartWorker | null> {
  if (hasNodeWorkers()) {
    const { Worker } = await import("node:worker_threads");
    return (data) => {
      const worker = new Worker(NODE_WORKER_SOURCE, {
        eval: true,
        // The default copies process.env, which asks for env permission (a prompt on a TTY).
        env: {},
        workerData: data,
      });
      return {
        onError: (handler) => void worker.on("error", handler),
        unref: () => worker.unref(),
      };
    };
  }
  const g = globalThis as { crossOriginIsolated?: boolean; Worker?: unknown };
  if (g.crossOriginIsolated !== true || typeof g.Worker !== "function") return null;
  const url = URL.createObjectURL(new Blob([WEB_WORKER_SOURCE], { type: "text/javascript" }));
  return (data) => {
    const worker = new Worker(url);
    worker.postMessage(data);
    return {
      onError: (handler) => worker.addEventListener("error", handler),
      unref: () => {},
    };
  };
}

/** Whether this thread may block in `Atomics.wait` (a browser's main thread may not). */
let canBlock = true;

/**
 * Waits up to `ms` for `ctl[at]` to change from `value`: in `Atomics.wait` where this thread may
 * block, otherwise by polling.
 *
 * @returns False when the time ran out.
 */
function waitChange(ctl: Int32Array, at: number, value: number, ms: number): boolean {
  if (canBlock) {
    try {
      return Atomics.wait(ctl, at, value, ms) !== "timed-out";
    } catch {
      canBlock = false;
    }
  }
  const deadline = performance.now() + ms;
  while (Atomics.load(ctl, at) === value) {
    if (performance.now() > deadline) return false;
  }
  return true;
}

interface Pool {
  workers: number;
  ctl: Int32Array;
  args: Float64Array;
}

let state: "idle" | "scheduled" | "starting" | "ready" | "unavailable" = "idle";
let pool: Pool | null = null;
let starting: Promise<boolean> | null = null;
let threadLimit = Infinity;

/** What the pool runs on: the shared memory and the compiled shared module. */
export interface SharedModule {
  /** The memory every thread's instance imports. */
  memory: WebAssembly.Memory;
  /** The compiled module with the imported shared memory. */
  module: WebAssembly.Module;
}

let shared: SharedModule | null = null;

/**
 * Registers the shared module the workers instantiate (done by the kernels' loader).
 *
 * @param m The shared memory and module, or null where shared memory is unavailable.
 */
export function setSharedModule(m: SharedModule | null): void {
  shared = m;
}

/** This machine's cores: `navigator.hardwareConcurrency`, or `node:os` in Node 20 (no navigator). */
async function coreCount(): Promise<number> {
  const cores = globalThis.navigator?.hardwareConcurrency;
  if (cores !== undefined) return cores;
  if (!hasNodeWorkers()) return 1;
  try {
    const os = await import("node:os");
    return os.availableParallelism?.() ?? os.cpus().length;
  } catch {
    return 1;
  }
}

/** Worker threads to start: one per core besides this one, or the thread limit set. */
function wantedWorkers(cores: number): number {
  return Math.max(0, Math.min(Number.isFinite(threadLimit) ? threadLimit - 1 : cores - 1, 15));
}

/**
 * Starts the pool now (tests and benchmarks await it; kernels schedule it themselves).
 *
 * @returns Whether workers are ready; false where they cannot run (one thread is used).
 */
export function startPool(): Promise<boolean> {
  if (state === "ready") return Promise.resolve(true);
  if (state === "unavailable") return Promise.resolve(false);
  if (starting === null) starting = start();
  return starting;
}

async function start(): Promise<boolean> {
  state = "starting";
  // Loading the shared build registers the module the workers load (where shared memory exists).
  sharedKernels();
  const count = wantedWorkers(await coreCount());
  if (shared === null || count === 0 || typeof SharedArrayBuffer !== "function") {
    state = "unavailable";
    return false;
  }
  try {
    const startWorker = await workerStarter();
    if (startWorker === null) throw new Error("no workers in this runtime");
    const ctl = new Int32Array(new SharedArrayBuffer(32));
    const args = new Float64Array(new SharedArrayBuffer(8 * SLOTS * (count + 1)));
    for (let index = 1; index <= count; index++) {
      const worker = startWorker({
        memory: shared.memory,
        wasmModule: shared.module,
        ctl,
        args,
        index,
        names: [...KERNELS],
      });
      // A worker that fails to start (or dies) counts as failed; the pool is then not used.
      worker.onError(() => {
        Atomics.add(ctl, FAILED, 1);
        if (pool !== null) {
          pool = null;
          state = "unavailable";
        }
      });
      worker.unref();
    }
    // Workers count themselves ready or failed; wait without blocking this thread.
    const deadline = performance.now() + 10_000;
    while (Atomics.load(ctl, READY) + Atomics.load(ctl, FAILED) < count) {
      if (performance.now() > deadline) throw new Error("workers did not start");
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    if (Atomics.load(ctl, FAILED) > 0) throw new Error("a worker failed to instantiate");
    prepareSharedKernels(count + 1);
    pool = { workers: count, ctl, args };
    state = "ready";
    return true;
  } catch {
    state = "unavailable";
    return false;
  }
}

/** Schedules the pool's start on an unref'd timer, so it never delays a script's exit. */
function schedule(): void {
  if (state !== "idle") return;
  // Whether shared memory exists is learnt in start(), which loads the shared build.
  const cores = globalThis.navigator?.hardwareConcurrency;
  if (
    (cores !== undefined && wantedWorkers(cores) === 0) || typeof SharedArrayBuffer !== "function"
  ) {
    state = "unavailable";
    return;
  }
  state = "scheduled";
  unrefTimer(setTimeout(() => void startPool(), 0));
}

/**
 * Lets the process exit before a timer fires (Deno's `unrefTimer`, Node's `Timeout.unref`; a
 * browser has nothing to let exit).
 *
 * @param id What `setTimeout` returned.
 */
export function unrefTimer(id: unknown): void {
  const deno = (globalThis as { Deno?: { unrefTimer?: (id: number) => void } }).Deno;
  if (deno?.unrefTimer !== undefined) deno.unrefTimer(id as number);
  else (id as { unref?: () => void } | null)?.unref?.();
}

let splitCalls = 0;

/**
 * How many kernel calls have been split across the pool so far (tests check it is used).
 *
 * @returns The count since the process started.
 */
export function poolCalls(): number {
  return splitCalls;
}

/** From this many elements a call splits its rows across the pool (measured on 2 cores). */
let minElements = 1 << 17;

/**
 * Sets the pool's size threshold and thread limit (tests force tiny calls through the pool;
 * `threads: 1` turns it off). A limit set before the pool starts is also how many threads it
 * starts (default: one per core).
 *
 * @param options `minElements`: the smallest call split across threads; `threads`: the most
 * threads one call uses, this one included.
 * @returns The previous settings, to restore.
 */
export function setPoolOptions(
  options: { minElements?: number; threads?: number },
): { minElements: number; threads: number } {
  const previous = { minElements, threads: threadLimit };
  if (options.minElements !== undefined) minElements = options.minElements;
  if (options.threads !== undefined) threadLimit = options.threads;
  return previous;
}

/**
 * How many threads (this one included) a call should use: 1 below the threshold or while the
 * pool is not ready (whose start it then schedules).
 *
 * @param n The call's elements.
 * @param units Its independent units (rows, or kl_div's chunks).
 * @returns The number of shares to split it into.
 */
export function threadsFor(n: number, units: number): number {
  if (n < minElements || units < 2 || threadLimit <= 1) return 1;
  if (pool === null) {
    schedule();
    return 1;
  }
  return Math.min(pool.workers + 1, units, threadLimit);
}

/**
 * Runs `jobs[0]` on this thread and `jobs[i]` on worker i, returning when all have finished;
 * throws if a worker's share failed or a worker stopped responding.
 *
 * @param jobs One share per thread (null: nothing for that thread).
 * @param run Runs a job on this thread.
 */
export function runShares(jobs: readonly (Job | null)[], run: (job: Job) => void): void {
  const p = pool!;
  splitCalls++;
  for (let w = 1; w <= p.workers; w++) {
    const job = jobs[w] ?? null;
    const slot = w * SLOTS;
    p.args[slot] = job === null ? -1 : KERNELS.indexOf(job.name);
    if (job !== null) {
      for (let i = 0; i < job.args.length; i++) p.args[slot + 1 + i] = job.args[i];
    }
  }
  Atomics.store(p.ctl, DONE, 0);
  Atomics.add(p.ctl, GEN, 1);
  Atomics.notify(p.ctl, GEN);
  let failure: unknown = null;
  try {
    if (jobs[0]) run(jobs[0]);
  } catch (e) {
    // The workers must still finish before the buffers are reused.
    failure = e;
  }
  let waited = 0;
  for (let done = Atomics.load(p.ctl, DONE); done < p.workers; done = Atomics.load(p.ctl, DONE)) {
    if (!waitChange(p.ctl, DONE, done, 1000) && ++waited >= 30) {
      // A worker that died leaves its share undone: say so rather than return wrong numbers.
      state = "unavailable";
      pool = null;
      throw new Error("kldiv: a kernel worker thread stopped responding");
    }
  }
  if (failure !== null) throw failure;
  if (Atomics.exchange(p.ctl, ERROR, 0) !== 0) {
    throw new Error("kldiv: a kernel failed in a worker thread");
  }
}
