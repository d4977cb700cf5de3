/**
 * Creating tensors: from data (`tensor`), filled (`zeros`, `ones`, `full`), ranges (`arange`)
 * and random (`rand`, `randn`).
 *
 * @module
 */

import {
  allocate,
  bytesPerElement,
  castValue,
  checkDType,
  checkInt64,
  type Data,
  describe,
  type DType,
  get_default_dtype,
  isFloating,
} from "../tensor/dtype.ts";
import { numelOf } from "../tensor/shape.ts";
import { checkAllocation, nestedShape } from "../tensor/limits.ts";
import { checkOptionKeys } from "../tensor/options.ts";
import { contiguousData, fromData, type NestedNumbers, Tensor } from "../tensor/tensor.ts";
import { fillNormal, fillUniform } from "../tensor/random.ts";

/** Options for creating a tensor, with torch's keys. */
export interface TensorOptions {
  /** `"float32"` (the default float dtype), `"float64"`, `"int64"` or `"bool"`. */
  dtype?: DType;
  /** Record operations on this tensor for autograd. Default false. */
  requires_grad?: boolean;
}

/** Options of `tensor()`: also a shape for flat typed-array data. */
export interface TensorDataOptions extends TensorOptions {
  /** The shape of flat typed-array data (default: 1-D). */
  shape?: readonly number[];
}

/** Nested arrays of JS booleans, which `tensor()` reads as bool. */
export type NestedBooleans = boolean | NestedBooleans[];

/** Nested arrays of BigInts, which `tensor()` reads as int64. */
export type NestedBigInts = bigint | NestedBigInts[];

/**
 * What `tensor()` accepts: a number, boolean or BigInt, nested arrays of them, or a typed
 * array.
 */
export type TensorData =
  | Tensor
  | NestedNumbers
  | readonly NestedNumbers[]
  | NestedBooleans
  | readonly NestedBooleans[]
  | NestedBigInts
  | readonly NestedBigInts[]
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

const TENSOR_OPTION_KEYS = ["dtype", "requires_grad"];

function checkOptions(
  options: TensorDataOptions | undefined,
  where: string,
  keys: readonly string[],
): { dtype: DType | undefined; requires_grad: boolean } {
  checkOptionKeys(options, keys, where);
  if (options === undefined) return { dtype: undefined, requires_grad: false };
  const requires_grad = options.requires_grad ?? false;
  if (typeof requires_grad !== "boolean") {
    throw new TypeError(
      `${where}: requires_grad must be a boolean, got ${describe(requires_grad)}`,
    );
  }
  const dtype = options.dtype === undefined ? undefined : checkDType(options.dtype, where);
  return { dtype, requires_grad };
}

function leaf(
  array: Data,
  shape: readonly number[],
  requires_grad: boolean,
  dtype: DType,
  where: string,
): Tensor {
  const t = fromData(array, shape, dtype);
  if (requires_grad) {
    if (!isFloating(dtype)) {
      throw new TypeError(
        `${where}: only Tensors of floating point dtype can require gradients, got dtype ${dtype}`,
      );
    }
    t.requires_grad = true;
  }
  return t;
}

/** The dtype nested data gives: bool for booleans only, int64 for BigInts only, else float. */
function inferDType(data: unknown, shape: number[]): DType {
  let first: unknown = data;
  for (let d = 0; d < shape.length; d++) {
    if (!Array.isArray(first) || first.length === 0) return get_default_dtype();
    first = first[0];
  }
  if (typeof first === "boolean") return "bool";
  if (typeof first === "bigint") return "int64";
  return get_default_dtype();
}

function flatten(data: unknown, shape: number[], out: Data, dtype: DType): void {
  let pos = 0;
  const kind = dtype === "bool" ? "boolean" : undefined;
  const path: number[] = []; // one shared stack: copying it per element made deep data quadratic
  const walk = (node: unknown, d: number): void => {
    if (d === shape.length) {
      let v: number;
      if (typeof node === "number") v = node;
      else if (typeof node === "boolean") v = node ? 1 : 0;
      else if (typeof node === "bigint") {
        if (node > 9007199254740991n || node < -9007199254740991n) {
          checkInt64(Number(node), "tensor()", Number(node));
        }
        v = Number(node);
      } else {
        throw new TypeError(
          `tensor(): expected a number, boolean or BigInt at ${pathString(path)}, got ${
            describe(node)
          }`,
        );
      }
      if (kind === "boolean" && typeof node !== "boolean") {
        throw new TypeError(
          `tensor(): bool data must hold booleans only, got ${describe(node)} at ${
            pathString(path)
          }`,
        );
      }
      out[pos++] = castValue(v, dtype, "tensor()");
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[d]) {
      throw new RangeError(
        `tensor(): ragged nested array: expected ${shape[d]} elements at ${
          pathString(path)
        } (like the first entry at this depth), got ${
          Array.isArray(node) ? `${node.length}` : describe(node)
        }`,
      );
    }
    for (let i = 0; i < node.length; i++) {
      path.push(i);
      walk(node[i], d + 1);
      path.pop();
    }
  };
  walk(data, 0);
}

function pathString(path: number[]): string {
  return path.length === 0 ? "the top level" : `index ${path.map((i) => `[${i}]`).join("")}`;
}

/**
 * A new tensor from data, like `torch.tensor`. Nested arrays give their shape; a typed array is
 * 1-D unless `shape` is given. The dtype defaults to float32, or float64 for a Float64Array.
 *
 * @param data A number, nested arrays of numbers, or a typed array.
 * @param options `dtype`, `requires_grad`, and `shape` for typed arrays.
 * @returns A new leaf tensor that owns a copy of the data.
 *
 * @example
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([[1, 2], [3, 4]], { dtype: "float64" });
 * assert.deepEqual(x.shape, [2, 2]);
 * assert.equal(String(x), "tensor([[1., 2.],\n        [3., 4.]], dtype=torch.float64)");
 * ```
 */
export function tensor(data: TensorData, options?: TensorDataOptions): Tensor {
  const { dtype, requires_grad } = checkOptions(
    options,
    "tensor()",
    [...TENSOR_OPTION_KEYS, "shape"],
  );
  const shapeOption = options?.shape;
  if (data instanceof Tensor) {
    // torch copies (and suggests clone().detach()); the copy is a new leaf.
    const d = dtype ?? data.dtype;
    const src = contiguousData(data);
    const array = allocate(d, src.length);
    for (let i = 0; i < src.length; i++) array[i] = castValue(src[i], d, "tensor()");
    return leaf(array, data.shape, requires_grad, d, "tensor()");
  }
  if (ArrayBuffer.isView(data)) {
    if (
      data instanceof DataView || data instanceof BigInt64Array || data instanceof BigUint64Array
    ) {
      throw new TypeError(`tensor(): expected a numeric typed array, got ${describe(data)}`);
    }
    const typed = data as ArrayLike<number>;
    const d = dtype ?? (data instanceof Float64Array ? "float64" : get_default_dtype());
    const shape = shapeOption === undefined ? [typed.length] : checkShape(shapeOption, "tensor()");
    if (numelOf(shape) !== typed.length) {
      throw new RangeError(
        `tensor(): shape [${shape.join(", ")}] needs ${
          numelOf(shape)
        } elements but the typed array has ${typed.length}`,
      );
    }
    checkAllocation("tensor()", shape, bytesPerElement(d));
    const array = allocate(d, typed.length);
    for (let i = 0; i < typed.length; i++) array[i] = castValue(typed[i], d, "tensor()");
    return leaf(array, shape, requires_grad, d, "tensor()");
  }
  if (
    typeof data !== "number" && typeof data !== "boolean" && typeof data !== "bigint" &&
    !Array.isArray(data)
  ) {
    throw new TypeError(
      `tensor(): expected a number, boolean, BigInt, nested arrays of them or a typed array, got ${
        describe(data)
      }`,
    );
  }
  const shape = nestedShape(data, "tensor()");
  const d = dtype ?? inferDType(data, shape);
  checkAllocation("tensor()", shape, bytesPerElement(d));
  const array = allocate(d, numelOf(shape));
  flatten(data, shape, array, d);
  if (shapeOption !== undefined) {
    const wanted = checkShape(shapeOption, "tensor()");
    checkAllocation("tensor()", wanted, bytesPerElement(d));
    if (numelOf(wanted) !== array.length) {
      throw new RangeError(
        `tensor(): shape [${wanted.join(", ")}] needs ${
          numelOf(wanted)
        } elements but the data has ${array.length}`,
      );
    }
    return leaf(array, wanted, requires_grad, d, "tensor()");
  }
  return leaf(array, shape, requires_grad, d, "tensor()");
}

function checkShape(shape: unknown, where: string): number[] {
  const expected = `${where}: a shape must be an array of non-negative integers`;
  if (!Array.isArray(shape)) throw new TypeError(`${expected}, got ${describe(shape)}`);
  const bad = shape.findIndex((s) => !Number.isInteger(s) || s < 0);
  if (bad >= 0) {
    throw new TypeError(
      `${expected}, got [${shape.join(", ")}] (size ${describe(shape[bad])} at position ${bad})`,
    );
  }
  return [...shape];
}

/**
 * Sizes given torch's ways: `f(2, 3)`, `f([2, 3])`, each optionally followed by options.
 */
export type SizeArgs =
  | number[]
  | [...sizes: number[], options: TensorOptions]
  | [size: readonly number[], options?: TensorOptions];

function parseSize(args: unknown[], where: string): { shape: number[]; options?: TensorOptions } {
  let options: TensorOptions | undefined;
  let sizes = args;
  const last = args[args.length - 1];
  if (last !== null && typeof last === "object" && !Array.isArray(last)) {
    options = last as TensorOptions;
    sizes = args.slice(0, -1);
  }
  if (sizes.length === 1 && Array.isArray(sizes[0])) sizes = sizes[0];
  return { shape: checkShape(sizes, where), options };
}

function filled(args: unknown[], where: string, value: number): Tensor {
  const { shape, options } = parseSize(args, where);
  const { dtype, requires_grad } = checkOptions(options, where, TENSOR_OPTION_KEYS);
  const d = dtype ?? get_default_dtype();
  checkAllocation(where, shape, bytesPerElement(d));
  const array = allocate(d, numelOf(shape));
  if (value !== 0) array.fill(castValue(value, d, where));
  return leaf(array, shape, requires_grad, d, where);
}

/**
 * A tensor of zeros, like `torch.zeros(2, 3)`.
 *
 * @param args Sizes (`2, 3` or `[2, 3]`), optionally followed by `{ dtype, requires_grad }`.
 * @returns A new leaf tensor.
 *
 * @example
 * ```ts
 * import { zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(zeros(2, 2)), "tensor([[0., 0.],\n        [0., 0.]])");
 * ```
 */
export function zeros(...args: SizeArgs): Tensor {
  return filled(args, "zeros()", 0);
}

/**
 * A tensor of ones, like `torch.ones(3)`.
 *
 * @param args Sizes (`2, 3` or `[2, 3]`), optionally followed by `{ dtype, requires_grad }`.
 * @returns A new leaf tensor.
 *
 * @example
 * ```ts
 * import { ones } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(ones(3, { dtype: "float64" })), "tensor([1., 1., 1.], dtype=torch.float64)");
 * ```
 */
export function ones(...args: SizeArgs): Tensor {
  return filled(args, "ones()", 1);
}

/**
 * A tensor filled with one value, like `torch.full((2, 3), 0.5)`.
 *
 * @param size The shape.
 * @param fill_value The value of every element.
 * @param options `dtype` and `requires_grad`.
 * @returns A new leaf tensor.
 *
 * @example
 * ```ts
 * import { full } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(full([2], 0.25).tolist(), [0.25, 0.25]);
 * ```
 */
export function full(size: readonly number[], fill_value: number, options?: TensorOptions): Tensor {
  if (typeof fill_value !== "number") {
    throw new TypeError(`full(): fill_value must be a number, got ${describe(fill_value)}`);
  }
  return filled([size, options ?? {}], "full()", fill_value);
}

/**
 * Evenly spaced values in `[start, end)`, like `torch.arange`. Always floating point: kldiv has
 * no integer dtypes, so `arange(3)` prints `tensor([0., 1., 2.])` where torch prints int64.
 *
 * @param args `end`, or `start, end`, or `start, end, step`, optionally followed by options.
 * @returns A new 1-D leaf tensor.
 *
 * @example
 * ```ts
 * import { arange } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(arange(0, 1, 0.25).tolist(), [0, 0.25, 0.5, 0.75]);
 * ```
 */
export function arange(
  ...args:
    | [end: number, options?: TensorOptions]
    | [start: number, end: number, options?: TensorOptions]
    | [start: number, end: number, step: number, options?: TensorOptions]
): Tensor {
  let nums = args as unknown[];
  let options: TensorOptions | undefined;
  const last = nums[nums.length - 1];
  if (last !== null && typeof last === "object") {
    options = last as TensorOptions;
    nums = nums.slice(0, -1);
  }
  if (nums.length < 1 || nums.length > 3 || nums.some((n) => typeof n !== "number")) {
    throw new TypeError(
      `arange(): expected (end), (start, end) or (start, end, step) as numbers, got (${
        nums.map(describe).join(", ")
      })`,
    );
  }
  const [start, end, step] = nums.length === 1
    ? [0, nums[0] as number, 1]
    : [nums[0] as number, nums[1] as number, (nums[2] as number | undefined) ?? 1];
  if (!Number.isFinite(start) || !Number.isFinite(end) || !Number.isFinite(step)) {
    throw new RangeError(
      `arange(): start, end and step must be finite, got ${start}, ${end}, ${step}`,
    );
  }
  if (step === 0) {
    throw new RangeError(`arange(): step must be nonzero, got 0 (start ${start}, end ${end})`);
  }
  if ((end - start) * step < 0) {
    throw new RangeError(
      `arange(): upper bound and larger bound inconsistent with step sign (start ${start}, end ${end}, step ${step})`,
    );
  }
  const { dtype, requires_grad } = checkOptions(options, "arange()", TENSOR_OPTION_KEYS);
  const n = Math.max(0, Math.ceil((end - start) / step));
  const d = dtype ?? get_default_dtype();
  if (d === "bool") throw new TypeError('arange(): dtype "bool" is not supported');
  if (d === "int64") {
    for (const v of [start, end, step]) checkInt64(Math.ceil(v), "arange()", v);
  }
  checkAllocation("arange()", [n], bytesPerElement(d));
  const array = allocate(d, n);
  for (let i = 0; i < n; i++) {
    array[i] = d === "int64" ? Math.trunc(start + i * step) : start + i * step;
  }
  return leaf(array, [n], requires_grad, d, "arange()");
}

function random(
  args: unknown[],
  where: string,
  fill: (out: Float32Array | Float64Array) => void,
): Tensor {
  const { shape, options } = parseSize(args, where);
  const { dtype, requires_grad } = checkOptions(options, where, TENSOR_OPTION_KEYS);
  const d = dtype ?? get_default_dtype();
  if (!isFloating(d)) {
    throw new TypeError(
      `${where}: expected a floating-point dtype, got "${d}" (use randint for integers)`,
    );
  }
  checkAllocation(where, shape, bytesPerElement(d));
  const array = allocate(d, numelOf(shape)) as Float32Array | Float64Array;
  fill(array);
  return leaf(array, shape, requires_grad, d, where);
}

/**
 * Uniform samples in `[0, 1)`, like `torch.rand`: after the same `manual_seed`, the same
 * numbers as PyTorch's CPU generator.
 *
 * @param args Sizes (`2, 3` or `[2, 3]`), optionally followed by `{ dtype, requires_grad }`.
 * @returns A new leaf tensor.
 *
 * @example
 * ```ts
 * import { manual_seed, rand } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const a = rand(3);
 * manual_seed(0);
 * assert.deepEqual(rand(3).tolist(), a.tolist());
 * ```
 */
export function rand(...args: SizeArgs): Tensor {
  return random(args, "rand()", fillUniform);
}

/**
 * Standard normal samples, like `torch.randn`: after the same `manual_seed`, torch's sampling
 * exactly (the same uniforms, paired the same way), with values within 3 ULPs of PyTorch's CPU
 * generator (torch's own float math differs from JavaScript's `Math` in the last bits).
 *
 * @param args Sizes (`2, 3` or `[2, 3]`), optionally followed by `{ dtype, requires_grad }`.
 * @returns A new leaf tensor.
 *
 * @example
 * ```ts
 * import { manual_seed, randn } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(42);
 * assert.deepEqual(randn(2, 3).shape, [2, 3]);
 * ```
 */
export function randn(...args: SizeArgs): Tensor {
  return random(args, "randn()", fillNormal);
}
