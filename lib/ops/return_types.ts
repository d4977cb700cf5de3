/**
 * Tuples as torch returns them: {@linkcode TensorTuple} for a plain Python tuple of tensors
 * (`torch.std_mean`, `torch.unique(..., return_counts=True)`), printed as Python prints it
 * (`(tensor(...), tensor(...))`), and {@linkcode NamedTuple} for torch's `torch.return_types.*`
 * structseqs (`max(dim)`, `sort`, `aminmax`, ...), which also expose their field names and print
 * as `torch.return_types.max(\nvalues=...,\nindices=...)`. Both destructure
 * (`const [values, indices] = x.max(1)`), index with `[0]` / `[1]` and have a `length`.
 *
 * @module
 */

import { addNodeInspect } from "../tensor/inspect.ts";
import type { Tensor } from "../tensor/tensor.ts";

/**
 * A plain tuple of tensors (Python's `tuple`): iterable, indexable with `[i]`, with a
 * `length`, printed as Python prints a tuple.
 *
 * @example
 * ```ts
 * import { std_mean, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const out = std_mean(tensor([1, 2, 3]));
 * const [std, mean] = out;
 * assert.equal(std.item(), 1);
 * assert.equal(out[1].item(), 2);
 * assert.equal(String(out), "(tensor(1.), tensor(2.))");
 * ```
 */
export class TensorTuple implements Iterable<Tensor> {
  /** The number of items. */
  readonly length: number;
  /** The items by position. */
  readonly [index: number]: Tensor;

  /**
   * A tuple of `items` (built by the ops, not by users).
   *
   * @param items The tensors, in order.
   */
  constructor(items: readonly Tensor[]) {
    this.length = items.length;
    for (let i = 0; i < items.length; i++) {
      Object.defineProperty(this, i, { value: items[i], enumerable: true });
    }
  }

  /** Yields the items in order, so the tuple destructures as Python's does. */
  *[Symbol.iterator](): Iterator<Tensor> {
    for (let i = 0; i < this.length; i++) yield this[i];
  }

  /** Python's repr of a tuple: `(a, b)`, `(a,)` for one item. */
  toString(): string {
    const items = [...this].map(String);
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
  }

  /** Makes `console.log` print the repr. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

/**
 * One of torch's named tuples (`torch.return_types.<name>`): a {@linkcode TensorTuple} whose
 * items are also reachable by torch's field names.
 *
 * @example
 * ```ts
 * import { aminmax, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const r = aminmax(tensor([3, 1, 2]));
 * assert.equal(r.min.item(), 1);
 * assert.equal(r[1].item(), 3);
 * assert.deepEqual(r.fields, ["min", "max"]);
 * assert.equal(String(r), "torch.return_types.aminmax(\nmin=tensor(1.),\nmax=tensor(3.))");
 * ```
 */
export class NamedTuple extends TensorTuple {
  /** torch's name for the tuple type (`"max"`, `"sort"`, `"aminmax"`, ...). */
  readonly name: string;
  /** torch's field names, in order. */
  readonly fields: readonly string[];

  /**
   * A named tuple (built by the ops, not by users).
   *
   * @param name torch's tuple name.
   * @param fields The field names, in order.
   * @param items The tensors, in order.
   */
  constructor(name: string, fields: readonly string[], items: readonly Tensor[]) {
    super(items);
    if (fields.length !== items.length) {
      throw new RangeError(`NamedTuple ${name}: ${fields.length} fields for ${items.length} items`);
    }
    this.name = name;
    this.fields = fields;
    for (let i = 0; i < fields.length; i++) {
      Object.defineProperty(this, fields[i], { value: items[i], enumerable: false });
    }
  }

  /** torch's repr: `torch.return_types.max(\nvalues=...,\nindices=...)`. */
  override toString(): string {
    const parts = this.fields.map((f, i) => `${f}=${this[i]}`);
    return `torch.return_types.${this.name}(\n${parts.join(",\n")})`;
  }
}

/**
 * What `max` / `min` along a dim, `sort`, `topk`, `kthvalue`, `median(dim)`, `mode`, `cummax`
 * and `cummin` return, like torch's named tuples: `values` and int64 `indices`, also
 * destructured as `const [values, indices] = x.max(1)` or indexed as `x.max(1)[1]`.
 *
 * @example
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const [values, indices] = tensor([[1, 5, 2], [7, 0, 3]]).max(1);
 * assert.deepEqual(values.tolist(), [5, 7]);
 * assert.deepEqual(indices.tolist(), [1, 0]);
 * assert.deepEqual(tensor([[1, 5, 2]]).max(1)[1].tolist(), [1]);
 * ```
 */
export class ValuesIndices extends NamedTuple {
  /** The selected values. */
  declare readonly values: Tensor;
  /** Where each value was taken from along the dim (int64). */
  declare readonly indices: Tensor;

  /**
   * Pairs values with their indices (built by the ops, not by users).
   *
   * @param name torch's tuple name.
   * @param values The values.
   * @param indices The int64 indices.
   */
  constructor(name: string, values: Tensor, indices: Tensor) {
    super(name, ["values", "indices"], [values, indices]);
  }
}

/**
 * What `aminmax` returns, like `torch.return_types.aminmax`: `min` and `max`.
 *
 * @example
 * ```ts
 * import { aminmax, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const { min, max } = aminmax(tensor([[1, 4], [3, 2]]), { dim: 1 });
 * assert.deepEqual(min.tolist(), [1, 2]);
 * assert.deepEqual(max.tolist(), [4, 3]);
 * ```
 */
export class MinMax extends NamedTuple {
  /** The smallest values. */
  declare readonly min: Tensor;
  /** The largest values. */
  declare readonly max: Tensor;

  /**
   * Pairs the minima with the maxima (built by the ops, not by users).
   *
   * @param min The minima.
   * @param max The maxima.
   */
  constructor(min: Tensor, max: Tensor) {
    super("aminmax", ["min", "max"], [min, max]);
  }
}

/**
 * {@linkcode NamedTuple} under the name the linalg results (`SlogdetResult`, `QrResult`, ...)
 * extend: one class for every `torch.return_types.*` tuple.
 *
 * @example
 * ```ts
 * import { NamedTuple, ReturnTuple } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(ReturnTuple, NamedTuple);
 * ```
 */
export const ReturnTuple: typeof NamedTuple = NamedTuple;
/** The type of {@linkcode ReturnTuple}'s instances. */
export type ReturnTuple = NamedTuple;

// Node's console.log prints what Deno's does (lib/tensor/inspect.ts).
addNodeInspect(TensorTuple);
