/**
 * `optim.Adam.step` and `optim.SGD.step` (momentum) on 0.2M and 1.9M float32 parameters (the
 * distillation student 784→256→10 and the 784→1024→1024→10 one), against PyTorch 1.13 on one
 * thread in the same run (bench/optim_torch.py, with OPENBLAS_NUM_THREADS=1).
 *
 *     deno run -A bench/optim_speed.ts [rounds]
 *
 * Each case: 20 warm-up steps, then `rounds` steps timed one by one (on a shared machine a
 * step is often descheduled: the minimum is the step's own cost). Prints medians and minimums
 * in ms per step and the ratio kldiv / PyTorch.
 *
 * @module
 */

import { optim, randn, type Tensor } from "../mod.ts";
import { manual_seed } from "../mod.ts";

const SHAPES: Record<string, number[][]> = {
  "0.2M": [[256, 784], [256], [10, 256], [10]],
  "1.9M": [[1024, 784], [1024], [1024, 1024], [1024], [10, 1024], [10]],
};

interface Timing {
  median: number;
  min: number;
  samples: number;
}

function run(
  make: (ps: Tensor[]) => optim.Optimizer<object>,
  shapes: number[][],
  rounds: number,
): Timing {
  manual_seed(0);
  const params = shapes.map((s) => randn(s).requires_grad_());
  for (const p of params) p.grad = randn([...p.shape]).mul(1e-2);
  const opt = make(params);
  for (let i = 0; i < 20; i++) opt.step();
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    opt.step();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[times.length >> 1], min: times[0], samples: rounds };
}

const rounds = Number(Deno.args[0] ?? 100);
const ours: Record<string, Timing> = {};
for (const [size, shapes] of Object.entries(SHAPES)) {
  ours[`Adam ${size}`] = run((ps) => optim.Adam(ps, { lr: 1e-3 }), shapes, rounds);
  ours[`SGD momentum ${size}`] = run(
    (ps) => optim.SGD(ps, { lr: 1e-2, momentum: 0.9 }),
    shapes,
    rounds,
  );
}
const torchOut = new Deno.Command("/usr/bin/python3", {
  args: [new URL("./optim_torch.py", import.meta.url).pathname, String(rounds)],
  env: { OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" },
  stdout: "piped",
}).outputSync();
const theirs: Record<string, Timing> = JSON.parse(new TextDecoder().decode(torchOut.stdout));
console.log("| case | kldiv median / min (ms) | PyTorch median / min (ms) | ratio median / min |");
console.log("|---|---|---|---|");
for (const [name, t] of Object.entries(ours)) {
  const p = theirs[name];
  console.log(
    `| ${name} | ${t.median.toFixed(2)} / ${t.min.toFixed(2)} | ${p.median.toFixed(2)} / ${
      p.min.toFixed(2)
    } | ${(t.median / p.median).toFixed(2)} / ${(t.min / p.min).toFixed(2)} |`,
  );
}
