/**
 * `nn.Identity`, `nn.Flatten`, `nn.Unflatten`: shape-only modules.
 *
 * @module
 */

import { Module } from "../module.ts";
import { bind, type Signature } from "../../tensor/args.ts";
import { normalizeDim } from "../../tensor/shape.ts";
import { requireTensor, type Tensor } from "../../tensor/tensor.ts";
import type { Args } from "../call_args.ts";

/**
 * Returns its input, like `torch.nn.Identity(*args, **kwargs)` (arguments are ignored, as in
 * torch): a placeholder, e.g. to drop a model's head.
 *
 * @example
 * ```ts
 * import { nn, ones } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = ones(2);
 * assert.equal(nn.Identity()(x), x);
 * assert.equal(String(nn.Identity(54, { unused_argument: 0.1 })), "Identity()");
 * ```
 */
export class Identity extends Module {
  /**
   * Builds the module.
   *
   * @param _args Ignored.
   */
  constructor(..._args: unknown[]) {
    super();
  }
  /**
   * Returns `input` itself.
   *
   * @param input The input.
   * @returns `input`.
   */
  forward(input: Tensor): Tensor {
    return input;
  }
}

const FLATTEN: Signature = [
  { name: "start_dim", kind: "int", default: 1 },
  { name: "end_dim", kind: "int", default: -1 },
];

/**
 * Flattens dims `start_dim..end_dim` into one, like `torch.nn.Flatten(start_dim=1,
 * end_dim=-1)` (keeps the batch dim by default).
 *
 * @example
 * ```ts
 * import { nn, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const f = nn.Flatten();
 * assert.equal(String(f), "Flatten(start_dim=1, end_dim=-1)");
 * assert.deepEqual(f(zeros(2, 3, 4)).shape, [2, 12]);
 * ```
 */
export class Flatten extends Module {
  /** The first dim flattened. */
  start_dim: number;
  /** The last dim flattened. */
  end_dim: number;
  /**
   * Builds the module.
   *
   * @param args `start_dim, end_dim` by position or in an options object.
   */
  constructor(
    ...args: Args<[start_dim?: number, end_dim?: number], { start_dim?: number; end_dim?: number }>
  ) {
    super();
    const b = bind("Flatten", FLATTEN, args);
    this.start_dim = b.start_dim as number;
    this.end_dim = b.end_dim as number;
  }
  /**
   * Applies `input.flatten(start_dim, end_dim)`.
   *
   * @param input The input.
   * @returns The flattened tensor.
   */
  forward(input: Tensor): Tensor {
    requireTensor(input, "Flatten");
    return input.flatten(this.start_dim, this.end_dim);
  }
  override extra_repr(): string {
    return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`;
  }
}

const UNFLATTEN: Signature = [
  { name: "dim", kind: "int" },
  {
    name: "unflattened_size",
    kind: (v) =>
      Array.isArray(v) && v.every((s) => Number.isInteger(s)) ? null : "an array of ints",
  },
];

/**
 * Splits dim `dim` into `unflattened_size`, like `torch.nn.Unflatten(dim, unflattened_size)`.
 *
 * @example
 * ```ts
 * import { nn, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const u = nn.Unflatten(1, [2, 5]);
 * assert.equal(String(u), "Unflatten(dim=1, unflattened_size=(2, 5))");
 * assert.deepEqual(u(zeros(3, 10)).shape, [3, 2, 5]);
 * ```
 */
export class Unflatten extends Module {
  /** The dim split. */
  dim: number;
  /** Its new sizes (one may be −1). */
  unflattened_size: number[];
  /**
   * Builds the module.
   *
   * @param args `dim, unflattened_size` by position or in an options object.
   */
  constructor(
    ...args: Args<
      [dim: number, unflattened_size: number[]],
      { dim?: number; unflattened_size?: number[] }
    >
  ) {
    super();
    const b = bind("Unflatten", UNFLATTEN, args);
    this.dim = b.dim as number;
    this.unflattened_size = [...(b.unflattened_size as number[])];
  }
  /**
   * Views `input` with dim `dim` split.
   *
   * @param input The input.
   * @returns The view.
   */
  forward(input: Tensor): Tensor {
    requireTensor(input, "Unflatten");
    const d = normalizeDim(this.dim, input.dim(), "unflatten");
    const shape = [
      ...input.shape.slice(0, d),
      ...this.unflattened_size,
      ...input.shape.slice(d + 1),
    ];
    return input.view(shape);
  }
  override extra_repr(): string {
    const s = this.unflattened_size;
    return `dim=${this.dim}, unflattened_size=(${s.join(", ")}${s.length === 1 ? "," : ""})`;
  }
}
