/**
 * `deno task bench`: kl_div forward, kl_div forward+backward through log_softmax from a leaf,
 * log_softmax and softmax, for 1e3, 1e6 and 1e7 elements in float32 and float64. Each group
 * also times the composed reference path (`setKernelMode("reference")`) as its baseline.
 *
 * @module
 */

import { F, type Tensor } from "../mod.ts";
import { type KernelMode, setKernelMode } from "../lib/kernels/mode.ts";
import { benchData, SIZES } from "./data.ts";

const MODES: readonly KernelMode[] = ["fast", "ts", "reference"];

for (const { label, shape } of SIZES) {
  for (const dtype of ["float32", "float64"] as const) {
    const { logits, logp, target } = benchData(shape, dtype);
    const leaf = logits.detach();
    leaf.requires_grad = true;
    const group = (name: string) => `${name} ${label} ${dtype}`;
    const run = (mode: KernelMode, fn: () => Tensor | void) => () => {
      setKernelMode(mode);
      try {
        fn();
      } finally {
        setKernelMode("fast");
      }
    };
    for (const mode of MODES) {
      const baseline = mode === "reference";
      Deno.bench(
        `kl_div forward ${label} ${dtype} [${mode}]`,
        { group: group("kl_div"), baseline },
        run(mode, () => F.kl_div(logp, target, { reduction: "batchmean" })),
      );
      Deno.bench(
        `kl_div forward+backward ${label} ${dtype} [${mode}]`,
        { group: group("kl_div fwd+bwd"), baseline },
        run(mode, () => {
          leaf.grad = null;
          F.kl_div(F.log_softmax(leaf, -1), target, { reduction: "batchmean" }).backward();
        }),
      );
      Deno.bench(`log_softmax ${label} ${dtype} [${mode}]`, {
        group: group("log_softmax"),
        baseline,
      }, run(mode, () => F.log_softmax(logits, -1)));
      Deno.bench(
        `softmax ${label} ${dtype} [${mode}]`,
        { group: group("softmax"), baseline },
        run(mode, () => F.softmax(logits, -1)),
      );
    }
  }
}
