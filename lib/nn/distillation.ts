/**
 * `nn.DistillationLoss`: Hinton's knowledge-distillation loss with the T² factor.
 *
 * @module
 */

import { Module } from "./module.ts";
import { kl_div } from "./kl_div.ts";
import { log_softmax, softmax } from "../ops/softmax.ts";
import { cross_entropy } from "./losses.ts";
import { describe } from "../tensor/dtype.ts";
import { requireTensor, type Tensor } from "../tensor/tensor.ts";
import { checkOptionKeys } from "../tensor/options.ts";
import { sizeString } from "../tensor/shape.ts";

/** Options of {@linkcode DistillationLoss}. */
export interface DistillationLossOptions {
  /** The softmax temperature T > 0 (default 1). */
  temperature?: number;
  /** The weight of the soft (teacher) term, in [0, 1] (default 0.5). */
  alpha?: number;
}

/**
 * Hinton et al.'s distillation loss for logits of shape [batch, classes] and int64 labels of
 * shape [batch]:
 * `alpha · T² · kl_div(log_softmax(student / T), softmax(teacher / T), batchmean)
 *  + (1 − alpha) · cross_entropy(student, labels)`.
 * The T² factor keeps the soft term's gradients on the scale of the hard term's as T grows
 * (many tutorials forget it). Gradients flow to the teacher too unless you pass
 * `teacher_logits.detach()`, as in torch.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const loss = nn.DistillationLoss({ temperature: 2, alpha: 0.7 });
 * const student = tensor([[1, 2, 0.5]], { requires_grad: true });
 * const value = loss(student, tensor([[0.5, 3, 0]]), tensor([1], { dtype: "int64" }));
 * value.backward();
 * assert.equal(student.grad?.shape.join(), "1,3");
 * assert.ok(value.item() > 0);
 * ```
 */
export class DistillationLoss extends Module {
  /** The temperature T. */
  readonly temperature: number;
  /** The weight of the soft term. */
  readonly alpha: number;

  /**
   * Builds the loss.
   *
   * @param options `{ temperature, alpha }`.
   */
  constructor(options?: DistillationLossOptions) {
    super();
    checkOptionKeys(options, ["temperature", "alpha"], "DistillationLoss");
    const T = options?.temperature ?? 1;
    const alpha = options?.alpha ?? 0.5;
    if (typeof T !== "number" || !(T > 0) || !Number.isFinite(T)) {
      throw new RangeError(
        `DistillationLoss: temperature must be a positive number, got ${describe(T)}`,
      );
    }
    if (typeof alpha !== "number" || !(alpha >= 0 && alpha <= 1)) {
      throw new RangeError(`DistillationLoss: alpha must be in [0, 1], got ${describe(alpha)}`);
    }
    this.temperature = T;
    this.alpha = alpha;
  }

  /**
   * The loss.
   *
   * @param student_logits [batch, classes].
   * @param teacher_logits [batch, classes].
   * @param labels int64 class indices, [batch].
   * @returns The scalar loss.
   */
  forward(student_logits: Tensor, teacher_logits: Tensor, labels: Tensor): Tensor {
    requireTensor(student_logits, "DistillationLoss(student_logits)");
    requireTensor(teacher_logits, "DistillationLoss(teacher_logits)");
    requireTensor(labels, "DistillationLoss(labels)");
    if (student_logits.dim() !== 2) {
      throw new RangeError(
        `DistillationLoss: student_logits must be [batch, classes], got shape ${
          sizeString(student_logits.shape)
        }`,
      );
    }
    if (teacher_logits.shape.join() !== student_logits.shape.join()) {
      throw new RangeError(
        `DistillationLoss: teacher_logits must have the student's shape ${
          sizeString(student_logits.shape)
        }, got ${sizeString(teacher_logits.shape)}`,
      );
    }
    if (
      labels.dtype !== "int64" || labels.dim() !== 1 || labels.shape[0] !== student_logits.shape[0]
    ) {
      throw new TypeError(
        `DistillationLoss: labels must be an int64 tensor of shape [${
          student_logits.shape[0]
        }], got ${labels.dtype} of shape ${sizeString(labels.shape)}${
          labels.dtype === "int64"
            ? ""
            : ` (class indices are int64: convert with labels.long()${
              labels.dtype === "bool" ? "" : ", after rounding if needed"
            })`
        }`,
      );
    }
    const T = this.temperature;
    const soft = kl_div(
      log_softmax(student_logits.div(T), 1),
      softmax(teacher_logits.div(T), 1),
      { reduction: "batchmean" },
    ).mul(this.alpha * T * T);
    return soft.add(cross_entropy(student_logits, labels).mul(1 - this.alpha));
  }

  /** `temperature=2, alpha=0.7`. */
  override extra_repr(): string {
    return `temperature=${this.temperature}, alpha=${this.alpha}`;
  }
}
