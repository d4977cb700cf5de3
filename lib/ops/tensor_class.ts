/**
 * The exported `Tensor`: the tensor class seen through a Proxy, so that a call without `new`
 * is torch's legacy constructor `torch.Tensor(...)` while `new Tensor(array, shape)`,
 * `instanceof Tensor` and the `Tensor` type stay the class's. (Its own module: the class's
 * module imports the op modules, so the Proxy is built once the class exists.)
 *
 * @module
 */

import { get_default_dtype } from "../tensor/dtype.ts";
import { Tensor as TensorClass } from "../tensor/tensor.ts";
import { type LegacyArgs, legacyNew } from "./legacy.ts";

/** `Tensor(...)` (torch's legacy constructor) and `new Tensor(array, shape)`. */
export interface TensorConstructor {
  /**
   * A new leaf tensor holding a copy of `array` in the given shape (kldiv's constructor).
   *
   * @param array The elements, row-major: a Float32Array gives float32, a Float64Array
   *   float64, a Uint8Array of 0/1 bool.
   * @param shape The size of each dim.
   */
  new (array: Float32Array | Float64Array | Uint8Array, shape: readonly number[]): TensorClass;
  /**
   * torch's legacy constructor `torch.Tensor(...)`: sizes give an (zero-filled) tensor of that
   * shape, data gives a copy in the default float dtype.
   *
   * @param args Sizes, data or nothing, optionally followed by `{ device }`.
   */
  (...args: LegacyArgs): TensorClass;
  /** The prototype of tensors (for `instanceof Tensor`). */
  readonly prototype: TensorClass;
}

/**
 * The tensor class, callable without `new` as torch's legacy constructor `torch.Tensor`:
 * `Tensor([1, 2])` copies data into the default float dtype (booleans and BigInts too),
 * `Tensor(2, 3)` is a `[2, 3]` tensor (zeros here; torch leaves memory uninitialised),
 * `Tensor()` is empty. `instanceof Tensor`, `x: Tensor` and `new Tensor(array, shape)` are the
 * class's.
 *
 * @example
 * ```ts
 * import { Tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = Tensor([1, 2, 3]);
 * assert.equal(String(x), "tensor([1., 2., 3.])");
 * assert.deepEqual(Tensor(2, 3).shape, [2, 3]);
 * assert.ok(x instanceof Tensor);
 * ```
 */
export const Tensor: TensorConstructor = new Proxy(TensorClass, {
  apply: (_target, _this, args: unknown[]) =>
    legacyNew(get_default_dtype(), args, "Tensor.__new__()", true),
}) as unknown as TensorConstructor;

/** A tensor: the instance type of {@linkcode Tensor}. */
export type Tensor = TensorClass;
