/**
 * The product kernel's own speed in CPU time (process user + system time, which a machine
 * shared with other work disturbs far less than wall time): float32 matmul through `matmul`
 * on one thread (pool off) through the reference loop it replaced (to 512³), with double sums ("highest") and float32 sums ("high"), the minimum
 * over 7 samples of enough calls for about 50 ms each. GFLOP/s = 2nkm / CPU time.
 *
 * `deno run --allow-env --allow-sys bench/gemm_cpu.ts`
 *
 * @module
 */
import process from "node:process";
import { manual_seed, matmul, randn, set_float32_matmul_precision } from "../mod.ts";
import { setPoolOptions } from "../lib/kernels/pool.ts";
import { setKernelMode } from "../lib/kernels/mode.ts";

setPoolOptions({ threads: 1 });
manual_seed(0);
const SHAPES = [[128, 128, 128], [256, 256, 256], [512, 512, 512], [1024, 1024, 1024], [
  128,
  784,
  256,
]];
console.log(
  "| n×k×m | reference loop (before), GFLOP/s | highest (double sums), GFLOP/s | high (float32 sums), GFLOP/s |",
);
console.log("|---|---|---|---|");
for (const [n, k, m] of SHAPES) {
  const a = randn(n, k), b = randn(k, m);
  const cells: string[] = [];
  for (const p of ["reference", "highest", "high"] as const) {
    if (p === "reference" && n * k * m > 512 ** 3) {
      cells.push("—");
      continue;
    }
    setKernelMode(p === "reference" ? "reference" : "fast");
    set_float32_matmul_precision(p === "high" ? "high" : "highest");
    matmul(a, b);
    const c0 = process.cpuUsage();
    matmul(a, b);
    const one = (process.cpuUsage(c0).user + process.cpuUsage(c0).system) / 1000;
    const batch = Math.max(1, Math.floor(50 / Math.max(one, 0.01)));
    let best = Infinity;
    for (let r = 0; r < 7; r++) {
      const s = process.cpuUsage();
      for (let i = 0; i < batch; i++) matmul(a, b);
      const d = process.cpuUsage(s);
      best = Math.min(best, (d.user + d.system) / 1000 / batch);
    }
    cells.push((2 * n * k * m / best / 1e6).toFixed(1));
  }
  console.log(`| ${n}x${k}x${m} | ${cells.join(" | ")} |`);
}
set_float32_matmul_precision("highest");
setKernelMode("fast");
