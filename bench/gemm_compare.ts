/**
 * `deno task bench:gemm`: float32 matmul (128²–1024² and [128,784]×[784,256]) and a distillation
 * training step (Linear → ReLU → Linear student, `KLDivLoss(batchmean)·T²` on
 * `log_softmax(s/T)` against `softmax(t/T)` plus `cross_entropy`, Adam; batch 128 and 32, and a
 * 784→1024→1024→10 student) in kldiv (worker pool on: all cores; pool off: one thread;
 * `kldiv-high`: pool on, `set_float32_matmul_precision("high")`, float32 sums), PyTorch
 * 1.13 on one thread (`OPENBLAS_NUM_THREADS=1`, `torch.set_num_threads(1)`) and on all cores,
 * and TF.js's wasm backend (matmul). The libraries take turns round after round (PyTorch in a
 * fresh process per round), so a busy spell slows all of them; each cell is the median and
 * (minimum) over every sample of every round. Prints a Markdown report for BENCHMARKS.md.
 *
 * Options: `--rounds=3`, `--reps=5`, `--no-tfjs`, `--no-steps`.
 *
 * @module
 */

// deno-lint-ignore no-import-prefix -- benchmark-only, pinned here as in bench/compare.ts
import * as tf from "npm:@tensorflow/tfjs@4.22.0";
// deno-lint-ignore no-import-prefix -- benchmark-only, pinned here as in bench/compare.ts
import "npm:@tensorflow/tfjs-backend-wasm@4.22.0";
import {
  F,
  manual_seed,
  matmul,
  nn,
  optim,
  randint,
  randn,
  set_float32_matmul_precision,
  type Tensor,
} from "../mod.ts";
import { setPoolOptions, startPool } from "../lib/kernels/pool.ts";

const args = new Map(
  Deno.args.map((a) => a.replace(/^--/, "").split("=") as [string, string | undefined]),
);
const rounds = Number(args.get("rounds") ?? 3);
const reps = Number(args.get("reps") ?? 5);
const useTfjs = !args.has("no-tfjs");
const useSteps = !args.has("no-steps");

const MATMULS: [number, number, number][] = [
  [128, 128, 128],
  [256, 256, 256],
  [512, 512, 512],
  [1024, 1024, 1024],
  [128, 784, 256],
];
const STEPS: [number, number[]][] = [
  [128, [784, 256, 10]],
  [32, [784, 256, 10]],
  [128, [784, 1024, 1024, 10]],
];
const T = 4;
const LINEAR = "linear fwd+bwd 128x784->256";

type Lib = "kldiv" | "kldiv-1t" | "kldiv-high" | "torch-1" | "torch-all" | "tfjs-wasm";
const samples = new Map<string, number[]>();
function add(lib: Lib, label: string, ms: number[]): void {
  const key = `${lib}|${label}`;
  samples.set(key, [...(samples.get(key) ?? []), ...ms]);
}

/** REPS samples of enough calls for about `minMs` each, after one untimed call. */
function time(fn: () => void, minMs = 20): number[] {
  fn();
  const t0 = performance.now();
  fn();
  const one = performance.now() - t0;
  const batch = Math.max(1, Math.floor(minMs / Math.max(one, 1e-3)));
  const out: number[] = [];
  for (let r = 0; r < reps; r++) {
    const s = performance.now();
    for (let i = 0; i < batch; i++) fn();
    out.push((performance.now() - s) / batch);
  }
  return out;
}

const matLabel = ([n, k, m]: number[]) => `${n}x${k}x${m}`;
const stepLabel = (batch: number, sizes: number[]) => `b${batch} ${sizes.join("-")}`;

function kldivRound(lib: "kldiv" | "kldiv-1t" | "kldiv-high"): void {
  const previous = setPoolOptions(lib === "kldiv-1t" ? { threads: 1 } : {});
  set_float32_matmul_precision(lib === "kldiv-high" ? "high" : "highest");
  try {
    manual_seed(0);
    for (const [n, k, m] of MATMULS) {
      const a = randn(n, k), b = randn(k, m);
      add(lib, matLabel([n, k, m]), time(() => void matmul(a, b)));
    }
    if (!useSteps) return;
    const x = randn(128, 784).requires_grad_();
    const w = randn(256, 784).requires_grad_();
    const bias = randn(256).requires_grad_();
    add(
      lib,
      LINEAR,
      time(() => {
        x.grad = w.grad = bias.grad = null;
        F.linear(x, w, bias).sum().backward();
      }),
    );
    for (const [batch, sizes] of STEPS) {
      const layers = [];
      for (let i = 0; i < sizes.length - 1; i++) {
        layers.push(nn.Linear(sizes[i], sizes[i + 1]));
        if (i < sizes.length - 2) layers.push(nn.ReLU());
      }
      const model = nn.Sequential(...layers);
      const opt = optim.Adam(model.parameters(), { lr: 1e-3 });
      const x = randn(batch, sizes[0]);
      const teacher = randn(batch, sizes[sizes.length - 1]);
      const y = randint(0, sizes[sizes.length - 1], [batch]);
      const step = () => {
        opt.zero_grad();
        const s = model.forward(x) as Tensor;
        const kd = F.kl_div(F.log_softmax(s.div(T), -1), F.softmax(teacher.div(T), -1), {
          reduction: "batchmean",
        });
        kd.mul(T * T).add(F.cross_entropy(s, y)).backward();
        opt.step();
      };
      add(lib, stepLabel(batch, sizes), time(step, 50));
    }
  } finally {
    setPoolOptions(previous);
    set_float32_matmul_precision("highest");
  }
}

async function torchRound(threads: "1" | "all"): Promise<void> {
  const out = await new Deno.Command("/usr/bin/python3", {
    args: [new URL("./gemm_torch.py", import.meta.url).pathname, threads, String(reps)],
    env: threads === "1" ? { OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" } : {},
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error("gemm_torch.py failed");
  const r = JSON.parse(new TextDecoder().decode(out.stdout));
  const lib = threads === "1" ? "torch-1" : "torch-all";
  for (const [label, ms] of Object.entries(r.matmul)) add(lib, label, ms as number[]);
  for (const [label, ms] of Object.entries(r.step)) add(lib, label, ms as number[]);
}

function tfjsRound(): void {
  for (const [n, k, m] of MATMULS) {
    const a = tf.randomNormal([n, k]), b = tf.randomNormal([k, m]);
    add(
      "tfjs-wasm",
      matLabel([n, k, m]),
      time(() => {
        const c = tf.matMul(a, b);
        c.dataSync();
        c.dispose();
      }),
    );
    a.dispose();
    b.dispose();
  }
}

await startPool();
const tfjs = useTfjs && await tf.setBackend("wasm");
if (tfjs) await tf.ready();
const loads: number[] = [];
for (let r = 0; r < rounds; r++) {
  loads.push(Deno.loadavg()[0]);
  await torchRound("1");
  kldivRound("kldiv");
  await torchRound("all");
  kldivRound("kldiv-1t");
  kldivRound("kldiv-high");
  if (tfjs) tfjsRound();
  console.error(`round ${r + 1}/${rounds} done`);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
const stats = (lib: Lib, label: string) => {
  const xs = samples.get(`${lib}|${label}`);
  return xs === undefined ? null : { med: median(xs), min: Math.min(...xs) };
};
const libs: Lib[] = [
  "kldiv",
  "kldiv-1t",
  "kldiv-high",
  "torch-1",
  "torch-all",
  ...(tfjs ? ["tfjs-wasm" as Lib] : []),
];
console.log(
  `### bench:gemm, ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC\n\n` +
    `${navigator.hardwareConcurrency} cores, ${rounds} rounds × ${reps} samples, ` +
    `load average at each round's start ${loads.map((l) => l.toFixed(1)).join(", ")}. ` +
    `Median (minimum).\n`,
);
console.log(`float32 matmul, GFLOP/s (2nkm / time): higher is better\n`);
console.log(`| n×k×m | ${libs.join(" | ")} | torch-1 / kldiv (min) | torch-all / kldiv (min) |`);
console.log(`|---|${libs.map(() => "---|").join("")}---|---|`);
for (const shape of MATMULS) {
  const label = matLabel(shape);
  const flop = 2 * shape[0] * shape[1] * shape[2];
  const g = (ms: number) => (flop / ms / 1e6).toFixed(1);
  const cells = libs.map((lib) => {
    const s = stats(lib, label);
    return s === null ? "—" : `${g(s.med)} (${g(s.min)})`;
  });
  const k = stats("kldiv", label)!, t1 = stats("torch-1", label)!, ta = stats("torch-all", label)!;
  console.log(
    `| ${label} | ${cells.join(" | ")} | ${(k.min / t1.min).toFixed(1)}× | ${
      (k.min / ta.min).toFixed(1)
    }× |`,
  );
}
if (useSteps) {
  const stepLibs = libs.filter((l) => l !== "tfjs-wasm");
  console.log(
    `\nF.linear forward and backward, and the distillation training step (zero_grad, forward, backward, Adam step), ms\n`,
  );
  console.log(`| batch, student | ${stepLibs.join(" | ")} | kldiv / torch-1 (min) |`);
  console.log(`|---|${stepLibs.map(() => "---|").join("")}---|`);
  for (const label of [LINEAR, ...STEPS.map(([batch, sizes]) => stepLabel(batch, sizes))]) {
    const cells = stepLibs.map((lib) => {
      const s = stats(lib, label)!;
      return `${s.med.toFixed(2)} (${s.min.toFixed(2)})`;
    });
    const k = stats("kldiv", label)!, t1 = stats("torch-1", label)!;
    console.log(`| ${label} | ${cells.join(" | ")} | ${(k.min / t1.min).toFixed(1)}× |`);
  }
}
Deno.exit(0);
