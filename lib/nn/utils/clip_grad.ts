/**
 * Gradient clipping, as `torch.nn.utils.clip_grad_norm_` and `clip_grad_value_` (torch 1.13):
 * the gradients are scaled or clamped in place; parameters without a gradient are skipped.
 *
 * @module
 */

import { bind, type Signature } from "../../tensor/args.ts";
import { no_grad } from "../../tensor/autograd.ts";
import { describe } from "../../tensor/dtype.ts";
import { Tensor } from "../../tensor/tensor.ts";
import { tensor } from "../../ops/create.ts";
import { stack } from "../../ops/gather.ts";
import { max, norm } from "../../ops/reduce_dims.ts";
import type { Args } from "../call_args.ts";
import { pyFloat } from "../modules/repr.ts";

/** The parameters torch accepts: one tensor or an iterable of them. */
export type Parameters = Tensor | Iterable<Tensor>;

/** The parameters that have a gradient, as torch's list comprehension picks them. */
function withGrad(parameters: Parameters, where: string): Tensor[] {
  const list = parameters instanceof Tensor ? [parameters] : parameters;
  if (list === null || typeof (list as Iterable<Tensor>)[Symbol.iterator] !== "function") {
    throw new TypeError(
      `${where}: expected a Tensor or an iterable of Tensors, got ${describe(list)}`,
    );
  }
  const out: Tensor[] = [];
  for (const p of list) {
    if (!(p instanceof Tensor)) {
      throw new TypeError(`${where}: expected Tensors in parameters, got ${describe(p)}`);
    }
    if (p.grad !== null) out.push(p);
  }
  return out;
}

/** Options of {@linkcode clip_grad_norm_}, with torch's keys. */
export interface ClipGradNormOptions {
  /** The largest total norm allowed. */
  max_norm?: number;
  /** The p of the norm: a number, or `Infinity` for the max-norm (default 2). */
  norm_type?: number;
  /** Throw when the total norm is NaN or infinite (default false). */
  error_if_nonfinite?: boolean;
}

const CLIP_NORM: Signature = [
  { name: "max_norm", kind: "number" },
  { name: "norm_type", kind: "number", default: 2 },
  { name: "error_if_nonfinite", kind: "bool", default: false },
];

/**
 * Scales the gradients in place so that their total norm (the norm of the per-parameter norms)
 * is at most `max_norm`, like `torch.nn.utils.clip_grad_norm_(parameters, max_norm,
 * norm_type=2.0, error_if_nonfinite=False)`: each grad is multiplied by
 * `min(max_norm / (total_norm + 1e-6), 1)`.
 *
 * @param parameters A tensor or an iterable of tensors (`model.parameters()`).
 * @param args `max_norm, norm_type, error_if_nonfinite` by position or in an options object.
 * @returns The total norm before clipping (a 0-dim tensor; `tensor(0.)` without gradients).
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const w = tensor([3, 4], { requires_grad: true });
 * w.mul(w).sum().div(2).backward(); // grad = [3, 4], norm 5
 * const total = nn.utils.clip_grad_norm_([w], 1);
 * assert.equal(total.item(), 5);
 * assert.ok(Math.abs(w.grad!.norm().item() - 1) < 1e-6);
 * ```
 */
export function clip_grad_norm_(
  parameters: Parameters,
  ...args: Args<
    [max_norm: number, norm_type?: number, error_if_nonfinite?: boolean],
    ClipGradNormOptions
  >
): Tensor {
  const b = bind("clip_grad_norm_", CLIP_NORM, args);
  const params = withGrad(parameters, "clip_grad_norm_");
  const maxNorm = b.max_norm as number;
  const normType = b.norm_type as number;
  if (params.length === 0) return tensor(0);
  return no_grad(() => {
    const grads = params.map((p) => p.grad!.detach());
    let total: Tensor;
    if (normType === Infinity) {
      const norms = grads.map((g) => max(g.abs()));
      total = norms.length === 1 ? norms[0] : max(stack(norms));
    } else {
      total = norm(stack(grads.map((g) => norm(g, normType))), normType);
    }
    if ((b.error_if_nonfinite as boolean) && !Number.isFinite(total.item())) {
      throw new Error(
        `The total norm of order ${
          pyFloat(normType)
        } for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`error_if_nonfinite=False\``,
      );
    }
    const coef = total.add(1e-6).reciprocal().mul(maxNorm).clamp(null, 1);
    for (const g of grads) g.mul_(coef);
    return total;
  });
}

/**
 * Clamps every gradient in place to [−clip_value, clip_value], like
 * `torch.nn.utils.clip_grad_value_(parameters, clip_value)`.
 *
 * @param parameters A tensor or an iterable of tensors.
 * @param args `clip_value` by position or in `{ clip_value }`.
 * @returns Nothing.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const w = tensor([1, -2], { requires_grad: true });
 * w.mul(tensor([3, 3])).sum().backward(); // grad = [3, 3]
 * nn.utils.clip_grad_value_(w, 0.5);
 * assert.deepEqual(w.grad!.tolist(), [0.5, 0.5]);
 * ```
 */
export function clip_grad_value_(
  parameters: Parameters,
  ...args: Args<[clip_value: number], { clip_value?: number }>
): void {
  const v = bind("clip_grad_value_", [{ name: "clip_value", kind: "number" }], args)
    .clip_value as number;
  const params = withGrad(parameters, "clip_grad_value_");
  no_grad(() => {
    for (const p of params) p.grad!.detach().clamp_(-v, v);
  });
}
