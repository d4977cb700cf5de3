/**
 * The worker pool splits a call's rows (kl_div: its chunks) across threads; every share is
 * computed as the single-thread path computes it, so results must be the same bits.
 */
import assert from "node:assert/strict";
import { F, Tensor } from "../mod.ts";
import { withKernelMode } from "../lib/kernels/mode.ts";
import { poolCalls, setPoolOptions, startPool } from "../lib/kernels/pool.ts";
import { sharedKernels } from "../lib/kernels/wasm.ts";
import { mulberry32 } from "../tools/mulberry32.ts";

type DType = "float32" | "float64";

function random(shape: number[], dtype: DType, seed: number, f: (u: number) => number): Tensor {
  const r = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const a = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = f(r());
  return new Tensor(a, shape);
}

function assertBits(got: Tensor, want: Tensor, what: string): void {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  const g = got.toTypedArray();
  const w = want.toTypedArray();
  for (let i = 0; i < w.length; i++) {
    assert.ok(
      Object.is(g[i], w[i]),
      `${what}: element ${i} is ${g[i]} with workers, ${w[i]} on one thread`,
    );
  }
}

/** Runs `fn` with the pool's threshold and thread count set, restoring them after. */
function withThreads<T>(threads: number, fn: () => T): T {
  const previous = setPoolOptions({ threads, minElements: 1 });
  try {
    return withKernelMode("wasm", fn);
  } finally {
    setPoolOptions(previous);
  }
}

// Three threads (two workers) whatever the machine, so shares are also uneven.
Deno.test("the pool starts its workers", async () => {
  const previous = setPoolOptions({ threads: 3 });
  try {
    assert.equal(await startPool(), true);
  } finally {
    setPoolOptions(previous);
  }
});

Deno.test("the pool's start readies the scratch of a split call, so the first one faults in no pages", () => {
  // Started above with three threads: a round of a split kl_div takes four buffers of 1 MiB per
  // thread past the module's static data; the start grew the shared memory to hold them.
  const k = sharedKernels()!;
  assert.ok(
    k.memory.buffer.byteLength >= k.scratch_base() + 4 * 3 * (1 << 20),
    `shared memory is ${k.memory.buffer.byteLength} bytes`,
  );
});

for (const dtype of ["float32", "float64"] as const) {
  Deno.test(`${dtype} softmax, log_softmax and their backwards: workers give the single-thread bits`, () => {
    // Rows of 1000 (several rows per share), of 7 (tails), and one row (nothing to split).
    for (const shape of [[301, 1000], [5000, 7], [1, 3000], [2, 70000]]) {
      for (const op of [F.softmax, F.log_softmax]) {
        const run = (threads: number) =>
          withThreads(threads, () => {
            const x = random(shape, dtype, shape[0], (u) => 12 * u - 6);
            x.requires_grad = true;
            const y = op(x, -1);
            y.backward(random(shape, dtype, 7, (u) => u - 0.5));
            return { y, grad: x.grad as Tensor };
          });
        const one = run(1);
        const before = poolCalls();
        const many = run(3);
        if (shape[0] > 1) assert.ok(poolCalls() > before, "the pool was not used");
        const what = `${op.name} ${dtype} ${shape}`;
        assertBits(many.y, one.y, `${what} output`);
        assertBits(many.grad, one.grad, `${what} grad`);
      }
    }
  });

  Deno.test(`${dtype} kl_div: workers give the single-thread sums and terms`, () => {
    // Enough elements for many 64 KiB chunks; targets with zeros.
    for (const n of [100_003, 40_000, 1000]) {
      const input = random([n], dtype, n, (u) => Math.log(u + 1e-3));
      const target = random([n], dtype, n + 1, (u) => (u < 0.1 ? 0 : u));
      for (const reduction of ["sum", "none"] as const) {
        const run = (threads: number) =>
          withThreads(threads, () => F.kl_div(input, target, { reduction }));
        const before = poolCalls();
        const many = run(3);
        if (n > 20_000) assert.ok(poolCalls() > before, "the pool was not used");
        assertBits(many, run(1), `kl_div ${dtype} n=${n} ${reduction}`);
      }
      const fwdBwd = (threads: number) =>
        withThreads(threads, () => {
          const x = random([4, n], dtype, 3, (u) => 4 * u);
          x.requires_grad = true;
          F.kl_div(F.log_softmax(x, -1), random([4, n], dtype, 4, (u) => u / n), {
            reduction: "batchmean",
          }).backward();
          return x.grad as Tensor;
        });
      assertBits(fwdBwd(3), fwdBwd(1), `kl_div ${dtype} n=${n} forward+backward`);
    }
  });
}

/**
 * Runs `setup`, then imports kldiv and runs `body`, in a fresh process with no permissions and
 * no prompts (a permission the pool asked for would fail it); returns what it printed. Killed
 * after 20 s, so a process kept alive by a worker fails the test. With `terminal`, the process
 * runs under `script` (util-linux), which gives it a terminal, and may prompt: without one Deno
 * denies silently.
 */
async function freshProcess(setup: string, body: string, terminal = false): Promise<string> {
  const script = `${setup}
    const { F, Tensor } = await import("${new URL("../mod.ts", import.meta.url).href}");
    const pool = await import("${new URL("../lib/kernels/pool.ts", import.meta.url).href}");
    const wasm = await import("${new URL("../lib/kernels/wasm.ts", import.meta.url).href}");
    ${body}`;
  const path = await Deno.makeTempFile({ suffix: ".ts" });
  try {
    await Deno.writeTextFile(path, script);
    const run = (terminal
      ? new Deno.Command("script", {
        args: ["-qec", `${Deno.execPath()} run ${path}`, "/dev/null"],
        env: { NO_COLOR: "1" },
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      })
      : new Deno.Command(Deno.execPath(), {
        args: ["run", "--no-prompt", path],
        stdout: "piped",
        stderr: "piped",
      })).spawn();
    const timer = setTimeout(() => run.kill(), 20_000);
    const out = await run.output();
    clearTimeout(timer);
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, text);
    return text.trim();
  } finally {
    await Deno.remove(path);
  }
}

Deno.test("a large call starts the pool by itself: later large calls are split across threads", async () => {
  const printed = await freshProcess(
    "",
    `const x = new Tensor(new Float32Array(1 << 20).fill(1), [1024, 1024]);
     F.log_softmax(x, -1); // runs on this thread and schedules the pool's start
     for (let i = 0; i < 200 && pool.poolCalls() === 0; i++) {
       await new Promise((resolve) => setTimeout(resolve, 10));
       F.log_softmax(x, -1);
     }
     console.log(pool.poolCalls() > 0 ? "split" : "never split");`,
  );
  assert.equal(printed, "split");
});

Deno.test("a script that used the pool exits on its own, and the pool needs no permissions", async () => {
  const printed = await freshProcess(
    "",
    `if (!(await pool.startPool())) throw new Error("no pool");
     const x = new Tensor(new Float32Array(1 << 20).fill(1), [1024, 1024]);
     const y = F.log_softmax(x, -1);
     if (pool.poolCalls() === 0) throw new Error("the pool was not used");
     console.log(y.toTypedArray()[0]);`,
  );
  assert.equal(printed, String(Math.fround(-Math.log(1024))));
});

/** A large log_softmax whose result is printed as a checksum of its bits. */
const CHECKSUM = `
  const x = new Tensor(Float32Array.from({ length: 1 << 18 }, (_, i) => Math.sin(i) * 5), [256, 1024]);
  const y = F.log_softmax(x, -1).toTypedArray();
  let h = 0;
  for (const b of new Int32Array(y.buffer)) h = (Math.imul(h, 31) + b) | 0;
`;

Deno.test("without SharedArrayBuffer the pool stays off and results are the same", async () => {
  const normal = await freshProcess(
    "",
    `await pool.startPool(); ${CHECKSUM} console.log(h, pool.poolCalls() > 0);`,
  );
  const without = await freshProcess(
    "delete globalThis.SharedArrayBuffer;",
    `console.log(await pool.startPool()); ${CHECKSUM} console.log(h, pool.poolCalls());`,
  );
  const [h, used] = normal.split(" ");
  assert.equal(used, "true", "the pool was not used in the normal process");
  assert.equal(without, `false\n${h} 0`);
});

Deno.test("without shared WebAssembly memory the kernels load unshared and give the same bits", async () => {
  const normal = await freshProcess("", `${CHECKSUM} console.log(h);`);
  const unshared = await freshProcess(
    `const Memory = WebAssembly.Memory;
     WebAssembly.Memory = function (d) {
       if (d.shared) throw new TypeError("no shared memory here");
       return new Memory(d);
     };`,
    `console.log(await pool.startPool(), wasm.wasmKernels() !== null); ${CHECKSUM} console.log(h);`,
  );
  assert.equal(unshared, `false true\n${normal}`);
});

Deno.test("starting the pool prompts for no permission on a terminal", async () => {
  const text = await freshProcess("", `console.log("pool", await pool.startPool());`, true);
  assert.doesNotMatch(text, /requests/, text);
  assert.match(text, /pool true/, text);
});
