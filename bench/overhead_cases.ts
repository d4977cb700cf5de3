/**
 * The per-call overhead cases (issue 11): the document's four methods with backward on 3
 * elements, and log_softmax, softmax and the KLDivLoss chain (forward, forward+backward) on one
 * row of 1000 and on [32, 1000], float32. Written against the module passed in, so the same
 * cases time another checkout of kldiv (`bench/overhead_compare.ts`). The PyTorch counterpart
 * is `bench/overhead_torch.py`, case for case.
 *
 * @module
 */

import type * as Kldiv from "../mod.ts";
import { normals } from "./data.ts";

/** The kldiv module (this checkout's `mod.ts` or another with the same API). */
export type KldivModule = typeof Kldiv;

/** One timed case: a name shared with the PyTorch script and the work of one call. */
export interface OverheadCase {
  /** e.g. `"tiny method1+bwd"` or `"chain fwd+bwd [32,1000]"`. */
  name: string;
  /** One call. */
  run: () => void;
}

/** The cases in a fixed order, built with `m`. */
export function overheadCases(m: KldivModule): OverheadCase[] {
  const { F, nn, tensor } = m;
  const cases: OverheadCase[] = [];
  // The document's data.
  const input = tensor([0.7, 0.1, 0.2], { requires_grad: true });
  const target = tensor([0.2, 0.5, 0.3]);
  const klLoss = nn.KLDivLoss({ reduction: "batchmean" });
  cases.push({
    name: "tiny method1+bwd",
    run: () => {
      input.grad = null;
      klLoss(F.log_softmax(input, 0), F.softmax(target, 0)).backward();
    },
  });
  cases.push({
    name: "tiny method2+bwd",
    run: () => {
      input.grad = null;
      F.kl_div(F.log_softmax(input, 0), F.softmax(target, 0), { reduction: "batchmean" })
        .backward();
    },
  });
  cases.push({
    name: "tiny method3+bwd",
    run: () => {
      input.grad = null;
      const p = F.softmax(target, 0);
      p.mul(p.log().sub(F.log_softmax(input, 0))).mean().backward();
    },
  });
  cases.push({
    name: "tiny method4+bwd",
    run: () => {
      input.grad = null;
      const p = F.softmax(target, 0);
      p.mul(F.log_softmax(target, 0).sub(F.log_softmax(input, 0))).mean().backward();
    },
  });
  for (const shape of [[1000], [32, 1000]]) {
    const n = shape.reduce((a, b) => a * b, 1);
    const label = `[${shape.join(",")}]`;
    const x = tensor(Array.from(normals(n, 1))).reshape(shape);
    const y = tensor(Array.from(normals(n, 2))).reshape(shape);
    const leaf = x.detach();
    leaf.requires_grad = true;
    cases.push({ name: `log_softmax ${label}`, run: () => void F.log_softmax(x, -1) });
    cases.push({ name: `softmax ${label}`, run: () => void F.softmax(x, -1) });
    cases.push({
      name: `chain fwd ${label}`,
      run: () => void klLoss(F.log_softmax(x, -1), F.softmax(y, -1)),
    });
    cases.push({
      name: `chain fwd+bwd ${label}`,
      run: () => {
        leaf.grad = null;
        klLoss(F.log_softmax(leaf, -1), F.softmax(y, -1)).backward();
      },
    });
  }
  return cases;
}

/** Median and minimum of per-call times (µs) over batches. */
export interface Timing {
  /** Median over batches of the mean time per call, µs. */
  median: number;
  /** Minimum over batches, µs. */
  min: number;
}

/**
 * Times `run`: a warm-up, then `batches` batches of calls sized to ~2 ms each; each batch
 * gives its mean time per call.
 */
export function timeCase(run: () => void, batches = 60): Timing {
  const warmEnd = performance.now() + 150;
  let calls = 0;
  while (performance.now() < warmEnd) {
    run();
    calls++;
  }
  const perBatch = Math.max(1, Math.round(calls / 75));
  const per: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = performance.now();
    for (let i = 0; i < perBatch; i++) run();
    per.push(((performance.now() - t0) * 1000) / perBatch);
  }
  per.sort((a, b) => a - b);
  return { median: per[Math.floor(per.length / 2)], min: per[0] };
}
