/**
 * Creating tensors: from data (`tensor`), filled (`zeros`, `ones`, `full`, `empty`, `eye`),
 * shaped like another (`zeros_like`, `ones_like`, `full_like`, `rand_like`, `randn_like`),
 * ranges (`arange`, `linspace`) and random (`rand`, `randn`, `randint`, `multinomial`).
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
import { fusedMultiplyAdd, fusedMultiplyAddF32 } from "../kernels/fma.ts";
import { checkOptionKeys } from "../tensor/options.ts";
import { contiguousData, fromData, type NestedNumbers, Tensor } from "../tensor/tensor.ts";
import {
  fillNormal,
  fillUniform,
  generatorOf,
  type RandomGenerator,
  randomWord,
  randomWord64,
  uniformDouble,
} from "../tensor/random.ts";
import { checkDevice, type DeviceClass } from "../tensor/device.ts";

/** Options for creating a tensor, with torch's keys. */
export interface TensorOptions {
  /** `"float32"` (the default float dtype), `"float64"`, `"int64"` or `"bool"`. */
  dtype?: DType;
  /** Record operations on this tensor for autograd. Default false. */
  requires_grad?: boolean;
  /** `"cpu"` or `device("cpu")` (kldiv computes on the CPU; other devices are errors). */
  device?: string | DeviceClass | null;
}

/** Options of the random creation functions: also the generator to draw from. */
export interface RandomOptions extends TensorOptions {
  /** The generator (default: the global one behind `manual_seed`). */
  generator?: RandomGenerator | null;
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

/** Nested arrays mixing numbers, booleans and BigInts; the dtype comes from all of them. */
export type NestedScalars = number | boolean | bigint | readonly NestedScalars[];

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
  | readonly NestedScalars[]
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

const TENSOR_OPTION_KEYS = ["dtype", "requires_grad", "device"];
const RANDOM_OPTION_KEYS = [...TENSOR_OPTION_KEYS, "generator"];

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
  const dtype = options.dtype === undefined || options.dtype === null
    ? undefined
    : checkDType(options.dtype, where);
  checkDevice(options.device, where);
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

/** The dtype nested data gives, as torch infers it from all its elements. */
function inferDType(data: unknown, shape: number[]): DType {
  // torch infers from every element: all booleans give bool, booleans and integers int64; a
  // JS number counts as a float (JavaScript cannot tell `1` from `1.`), so any number gives the
  // default float dtype. Malformed leaves are left for flatten() to report.
  let numbers = false;
  let bigints = false;
  let booleans = false;
  const walk = (node: unknown, d: number): void => {
    if (d === shape.length) {
      if (typeof node === "number") numbers = true;
      else if (typeof node === "bigint") bigints = true;
      else if (typeof node === "boolean") booleans = true;
      return;
    }
    if (!Array.isArray(node)) return;
    for (let i = 0; i < node.length && !numbers; i++) walk(node[i], d + 1);
  };
  walk(data, 0);
  if (numbers || (!bigints && !booleans)) return get_default_dtype();
  return bigints ? "int64" : "bool";
}

function flatten(data: unknown, shape: number[], out: Data, dtype: DType): void {
  let pos = 0;
  const path: number[] = []; // one shared stack: copying it per element made deep data quadratic
  const walk = (node: unknown, d: number): void => {
    if (d === shape.length) {
      let v: number;
      if (typeof node === "number") v = node;
      else if (typeof node === "boolean") v = node ? 1 : 0;
      else if (typeof node === "bigint") {
        if (node > 9007199254740991n || node < -9007199254740991n) {
          checkInt64(Number(node), "tensor()", node);
        }
        v = Number(node);
      } else {
        throw new TypeError(
          `tensor(): expected a number, boolean or BigInt at ${pathString(path)}, got ${
            describe(node)
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

/** Sizes as for {@linkcode SizeArgs}, the options may name a `generator`. */
export type RandomSizeArgs =
  | number[]
  | [...sizes: number[], options: RandomOptions]
  | [size: readonly number[], options?: RandomOptions];

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
 * Evenly spaced values in `[start, end)`, like `torch.arange`. The default dtype is the default
 * float dtype, as for every JS number given to `tensor()` (JavaScript cannot tell `3` from
 * `3.`), so `arange(3)` prints `tensor([0., 1., 2.])` where torch's `arange(3)` is int64. For
 * indices write the Python ints as BigInts, `arange(3n)` (int64, as torch's), or pass
 * `{ dtype: "int64" }`.
 *
 * @param args `end`, or `start, end`, or `start, end, step` (numbers, or BigInts for int64),
 *   optionally followed by options.
 * @returns A new 1-D leaf tensor.
 *
 * @example
 * ```ts
 * import { arange } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(arange(0, 1, 0.25).tolist(), [0, 0.25, 0.5, 0.75]);
 * assert.equal(arange(3n).dtype, "int64"); // torch.arange(3)
 * assert.equal(String(arange(1n, 7n, 2n)), "tensor([1, 3, 5])");
 * ```
 */
export function arange(
  ...args:
    | [end: number | bigint, options?: TensorOptions]
    | [start: number | bigint, end: number | bigint, options?: TensorOptions]
    | [start: number | bigint, end: number | bigint, step: number | bigint, options?: TensorOptions]
): Tensor {
  let nums = args as unknown[];
  let options: TensorOptions | undefined;
  const last = nums[nums.length - 1];
  if (last !== null && typeof last === "object") {
    options = last as TensorOptions;
    nums = nums.slice(0, -1);
  }
  if (
    nums.length < 1 || nums.length > 3 ||
    nums.some((n) => typeof n !== "number" && typeof n !== "bigint")
  ) {
    throw new TypeError(
      `arange(): expected (end), (start, end) or (start, end, step) as numbers or BigInts, got (${
        nums.map(describe).join(", ")
      })`,
    );
  }
  // Python ints are BigInts here (as in tensor()): all of them BigInts gives int64, as torch's
  // arange(5) does.
  const allInts = nums.every((n) => typeof n === "bigint");
  nums = nums.map((n) => typeof n === "bigint" ? checkInt64(Number(n), "arange()", n) : n);
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
  const d = dtype ?? (allInts ? "int64" : get_default_dtype());
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
  fill: (out: Float32Array | Float64Array, generator: RandomGenerator) => void,
): Tensor {
  const { shape, options } = parseSize(args, where);
  const { dtype, requires_grad } = checkOptions(options, where, RANDOM_OPTION_KEYS);
  const generator = generatorOf((options as RandomOptions | undefined)?.generator, where);
  const d = dtype ?? get_default_dtype();
  if (!isFloating(d)) {
    throw new TypeError(
      `${where}: expected a floating-point dtype, got "${d}" (use randint for integers)`,
    );
  }
  checkAllocation(where, shape, bytesPerElement(d));
  const array = allocate(d, numelOf(shape)) as Float32Array | Float64Array;
  fill(array, generator);
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
export function rand(...args: RandomSizeArgs): Tensor {
  return random(args, "rand()", (a, g) => fillUniform(a, g));
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
export function randn(...args: RandomSizeArgs): Tensor {
  return random(args, "randn()", (a, g) => fillNormal(a, g));
}

// ---------------------------------------------------------------------------------------------
// Creation helpers: *_like, empty, eye, linspace, randint, multinomial
// ---------------------------------------------------------------------------------------------

function likeOptions(input: Tensor, options: TensorOptions | undefined, where: string) {
  if (!(input instanceof Tensor)) {
    throw new TypeError(`${where}: expected a Tensor as input, got ${describe(input)}`);
  }
  const { dtype, requires_grad } = checkOptions(options, where, TENSOR_OPTION_KEYS);
  return { shape: input.shape, dtype: dtype ?? input.dtype, requires_grad };
}

/**
 * Zeros shaped like `input`, in its dtype unless `dtype` is given, like `torch.zeros_like`.
 *
 * @param input The tensor whose shape (and dtype) to take.
 * @param options `dtype` and `requires_grad`.
 * @returns A new leaf tensor.
 *
 * @example
 * ```ts
 * import { tensor, zeros_like } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(zeros_like(tensor([3n, 4n]))), "tensor([0, 0])");
 * ```
 */
export function zeros_like(input: Tensor, options?: TensorOptions): Tensor {
  return full_like(input, 0, options);
}

/**
 * Ones shaped like `input`, in its dtype unless `dtype` is given, like `torch.ones_like`.
 *
 * @param input The tensor whose shape (and dtype) to take.
 * @param options `dtype` and `requires_grad`.
 * @returns A new leaf tensor.
 *
 * @example
 * ```ts
 * import { ones_like, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(ones_like(tensor([0.5, 2]))), "tensor([1., 1.])");
 * ```
 */
export function ones_like(input: Tensor, options?: TensorOptions): Tensor {
  return full_like(input, 1, options);
}

/**
 * `fill_value` shaped like `input`, in its dtype unless `dtype` is given, like
 * `torch.full_like`.
 *
 * @param input The tensor whose shape (and dtype) to take.
 * @param fill_value The value (a boolean for bool tensors works too).
 * @param options `dtype` and `requires_grad`.
 * @returns A new leaf tensor.
 *
 * @example
 * ```ts
 * import { full_like, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(full_like(tensor([1, 2]), 0.1).tolist(), [0.10000000149011612, 0.10000000149011612]);
 * ```
 */
export function full_like(
  input: Tensor,
  fill_value: number | boolean,
  options?: TensorOptions,
): Tensor {
  const where = "full_like()";
  if (typeof fill_value !== "number" && typeof fill_value !== "boolean") {
    throw new TypeError(`${where}: fill_value must be a number, got ${describe(fill_value)}`);
  }
  const { shape, dtype, requires_grad } = likeOptions(input, options, where);
  const array = allocate(dtype, numelOf(shape));
  if (+fill_value !== 0) array.fill(castValue(+fill_value, dtype, where));
  return leaf(array, shape, requires_grad, dtype, where);
}

/**
 * Uniform samples in `[0, 1)` shaped like `input`, like `torch.rand_like` (the same draws as
 * `rand(input.shape)`).
 *
 * @param input A floating-point tensor whose shape and dtype to take.
 * @param options `dtype` and `requires_grad`.
 * @returns A new leaf tensor.
 *
 * @example
 * ```ts
 * import { manual_seed, rand, rand_like, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(1);
 * const a = rand_like(zeros(2));
 * manual_seed(1);
 * assert.deepEqual(a.tolist(), rand(2).tolist());
 * ```
 */
export function rand_like(input: Tensor, options?: TensorOptions): Tensor {
  const { shape, dtype, requires_grad } = likeOptions(input, options, "rand_like()");
  return random([shape, { dtype, requires_grad }], "rand_like()", (a, g) => fillUniform(a, g));
}

/**
 * Standard normal samples shaped like `input`, like `torch.randn_like` (the same draws as
 * `randn(input.shape)`).
 *
 * @param input A floating-point tensor whose shape and dtype to take.
 * @param options `dtype` and `requires_grad`.
 * @returns A new leaf tensor.
 *
 * @example
 * ```ts
 * import { manual_seed, randn, randn_like, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(1);
 * const a = randn_like(zeros(3));
 * manual_seed(1);
 * assert.deepEqual(a.tolist(), randn(3).tolist());
 * ```
 */
export function randn_like(input: Tensor, options?: TensorOptions): Tensor {
  const { shape, dtype, requires_grad } = likeOptions(input, options, "randn_like()");
  return random([shape, { dtype, requires_grad }], "randn_like()", (a, g) => fillNormal(a, g));
}

/**
 * An "uninitialised" tensor, like `torch.empty`: kldiv fills it with zeros (torch leaves
 * whatever memory held; code that reads it before writing is wrong in either).
 *
 * @param args Sizes (`2, 3` or `[2, 3]`), optionally followed by `{ dtype, requires_grad }`.
 * @returns A new leaf tensor of zeros.
 *
 * @example
 * ```ts
 * import { empty } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(empty(2, { dtype: "int64" }).shape, [2]);
 * ```
 */
export function empty(...args: SizeArgs): Tensor {
  return filled(args, "empty()", 0);
}

/**
 * A 2-D tensor with ones on the diagonal, like `torch.eye(n, m)`.
 *
 * @param n Rows.
 * @param m Columns (default `n`); may be replaced by the options.
 * @param options `dtype` and `requires_grad`.
 * @returns A new leaf tensor.
 *
 * @example
 * ```ts
 * import { eye } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(eye(2, 3).tolist(), [[1, 0, 0], [0, 1, 0]]);
 * ```
 */
export function eye(n: number, m?: number | TensorOptions, options?: TensorOptions): Tensor {
  if (typeof m === "object" && m !== null) {
    options = m;
    m = undefined;
  }
  const cols = m ?? n;
  for (const [name, v] of [["n", n], ["m", cols]] as const) {
    if (!Number.isInteger(v) || (v as number) < 0) {
      throw new RangeError(`eye(): ${name} must be a non-negative integer, got ${describe(v)}`);
    }
  }
  const { dtype, requires_grad } = checkOptions(options, "eye()", TENSOR_OPTION_KEYS);
  const d = dtype ?? get_default_dtype();
  const c = cols as number;
  const array = allocate(d, n * c, "eye()", [n, c]);
  for (let i = 0; i < Math.min(n, c); i++) array[i * c + i] = 1;
  return leaf(array, [n, c], requires_grad, d, "eye()");
}

/** `a * b + c` rounded once to `dtype` (the fused multiply-add torch's AVX2 kernels use). */
function fma(a: number, b: number, c: number, dtype: "float32" | "float64"): number {
  return dtype === "float32" ? fusedMultiplyAddF32(a, b, c) : fusedMultiplyAdd(a, b, c);
}

/**
 * `steps` evenly spaced values from `start` to `end` inclusive, like `torch.linspace`, with
 * torch 1.13's CPU arithmetic reproduced bit for bit: the step is `(end - start) / (steps -
 * 1)` in the dtype; the first half counts up from `start` and the second half down from `end`
 * (so both ends are exact), with the fused multiply-adds and the 8-float (4-double) vector
 * blocks of its AVX2 kernel. (Above 32768 steps torch splits the work across threads, and the
 * block boundaries then depend on the thread count.) Floating dtypes only.
 *
 * @param start The first value.
 * @param end The last value.
 * @param steps How many values.
 * @param options `dtype` (float32 or float64) and `requires_grad`.
 * @returns A new 1-D leaf tensor.
 *
 * @example
 * ```ts
 * import { linspace } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(linspace(0, 1, 5).tolist(), [0, 0.25, 0.5, 0.75, 1]);
 * ```
 */
export function linspace(
  start: number,
  end: number,
  steps: number,
  options?: TensorOptions,
): Tensor {
  for (const [name, v] of [["start", start], ["end", end]] as const) {
    if (typeof v !== "number") {
      throw new TypeError(`linspace(): ${name} must be a number, got ${describe(v)}`);
    }
  }
  if (!Number.isInteger(steps) || steps < 0) {
    throw new RangeError(
      `linspace(): number of steps must be non-negative, got ${describe(steps)}`,
    );
  }
  const { dtype, requires_grad } = checkOptions(options, "linspace()", TENSOR_OPTION_KEYS);
  const d = dtype ?? get_default_dtype();
  if (!isFloating(d)) {
    throw new TypeError(`linspace(): kldiv supports float32 and float64 here, got dtype "${d}"`);
  }
  const round = d === "float32" ? Math.fround : (v: number) => v;
  const s = round(start);
  const e = round(end);
  const out = allocate(d, steps);
  if (steps === 1) out[0] = s;
  if (steps > 1) {
    const step = round(round(e - s) / (steps - 1));
    const half = Math.floor(steps / 2);
    const from = (i: number) => i < half ? fma(step, i, s, d) : fma(-step, steps - i - 1, e, d);
    const width = d === "float32" ? 8 : 4;
    let i = 0;
    // The kernel's vector loop takes two vectors at a time; the rest is scalar.
    for (; i + 2 * width <= steps; i += 2 * width) {
      for (let v = i; v < i + 2 * width; v += width) {
        const base = from(v);
        for (let k = 0; k < width; k++) out[v + k] = round(base + round(k * step));
      }
    }
    for (; i < steps; i++) out[i] = from(i);
  }
  return leaf(out, [steps], requires_grad, d, "linspace()");
}

/**
 * Random integers in `[low, high)`, like `torch.randint(low, high, size)`: after the same
 * `manual_seed`, torch's numbers exactly (one 32-bit draw modulo the range per element, or a
 * 64-bit draw when the range reaches 2^32). int64 unless `dtype` says otherwise.
 *
 * @param args `high, size` or `low, high, size`, optionally followed by options.
 * @returns A new leaf tensor.
 *
 * @example Same numbers as `torch.manual_seed(0); torch.randint(0, 10, (5,))`
 * ```ts
 * import { manual_seed, randint } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * assert.equal(String(randint(0, 10, [5])), "tensor([4, 9, 3, 0, 3])");
 * ```
 */
export function randint(
  ...args:
    | [high: number, size: readonly number[], options?: RandomOptions]
    | [low: number, high: number, size: readonly number[], options?: RandomOptions]
): Tensor {
  const where = "randint()";
  let rest = args as unknown[];
  let options: TensorOptions | undefined;
  const last = rest[rest.length - 1];
  if (last !== null && typeof last === "object" && !Array.isArray(last)) {
    options = last as TensorOptions;
    rest = rest.slice(0, -1);
  }
  const [low, high, size] = rest.length === 2
    ? [0, rest[0], rest[1]]
    : rest.length === 3
    ? rest
    : [undefined, undefined, undefined];
  if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || !Array.isArray(size)) {
    throw new TypeError(
      `randint(): expected (high, size) or (low, high, size) with integer bounds and a size array, got (${
        rest.map(describe).join(", ")
      })`,
    );
  }
  const lo = low as number;
  const hi = high as number;
  if (lo >= hi) {
    throw new RangeError(
      `random_ expects 'from' to be less than 'to', but got from=${lo} >= to=${hi}`,
    );
  }
  const shape = checkShape(size, where);
  const { dtype, requires_grad } = checkOptions(options, where, RANDOM_OPTION_KEYS);
  const generator = generatorOf((options as RandomOptions | undefined)?.generator, where);
  const d = dtype ?? "int64";
  if (d === "bool") throw new TypeError('randint(): dtype "bool" is not supported');
  const out = allocate(d, numelOf(shape));
  fillRandomFromTo(out, lo, hi, generator);
  return leaf(out, shape, requires_grad, d, where);
}

/**
 * Fills `out` with torch's `random_(from, to)` draws: one 32-bit word modulo the range per
 * element, or a 64-bit draw when the range reaches 2^32 (randint, random_, randint_like).
 *
 * @param out The buffer.
 * @param lo The lowest value.
 * @param hi One past the highest value.
 * @param generator The generator.
 */
export function fillRandomFromTo(
  out: Data,
  lo: number,
  hi: number,
  generator: RandomGenerator,
): void {
  const range = hi - lo;
  if (range >= 2 ** 32) {
    const r = BigInt(range);
    for (let i = 0; i < out.length; i++) {
      out[i] = Number(randomWord64(generator) % r) + lo;
    }
  } else {
    for (let i = 0; i < out.length; i++) out[i] = (randomWord(generator) % range) + lo;
  }
}

/**
 * Draws `num_samples` category indices from each row of `input` (1-D or 2-D non-negative
 * weights, not necessarily normalised), like `torch.multinomial(input, num_samples,
 * replacement)`: after the same `manual_seed`, torch 1.13's CPU draws. With replacement (and
 * more than one sample) each sample is a uniform draw located in the row's normalised
 * cumulative sums; otherwise each weight is divided by an Exp(1) draw and the largest
 * `num_samples` keys win (torch's exponential trick). The keys use JavaScript's `Math.log`
 * where torch uses glibc's, so a near-tie between keys could in principle order differently.
 *
 * @param input Weights, shape `[k]` or `[rows, k]`.
 * @param num_samples How many draws per row.
 * @param replacement Whether a category may be drawn again. Default false.
 * @returns An int64 tensor of shape `[num_samples]` or `[rows, num_samples]`.
 *
 * @example
 * ```ts
 * import { manual_seed, multinomial, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const draws = multinomial(tensor([0.1, 0.2, 0.3, 0.4]), 6, true);
 * assert.equal(String(draws), "tensor([3, 3, 2, 3, 3, 3])");
 * ```
 */
export function multinomial(
  input: Tensor,
  num_samples: number,
  replacement: boolean | { replacement?: boolean; generator?: RandomGenerator | null } = false,
  options?: { generator?: RandomGenerator | null },
): Tensor {
  const where = "multinomial";
  let generatorArg: unknown = options?.generator;
  if (typeof replacement === "object" && replacement !== null) {
    checkOptionKeys(replacement, ["replacement", "generator"], where);
    generatorArg = replacement.generator;
    replacement = replacement.replacement ?? false;
  } else {
    checkOptionKeys(options, ["generator"], where);
  }
  const generator = generatorOf(generatorArg, where);
  if (!(input instanceof Tensor)) {
    throw new TypeError(`${where}: expected a Tensor as input, got ${describe(input)}`);
  }
  if (!isFloating(input.dtype)) {
    throw new TypeError(
      `${where} only supports floating-point dtypes for input, got: ${input.dtype}`,
    );
  }
  if (input.dim() !== 1 && input.dim() !== 2) {
    throw new RangeError(`${where}: prob_dist must be 1 or 2 dim, got ${input.dim()} dims`);
  }
  if (!Number.isInteger(num_samples) || num_samples <= 0) {
    throw new RangeError(`${where}: cannot sample n_sample <= 0 samples (got ${num_samples})`);
  }
  if (typeof replacement !== "boolean") {
    throw new TypeError(`${where}: replacement must be a boolean, got ${describe(replacement)}`);
  }
  const k = input.shape[input.dim() - 1];
  const rows = input.dim() === 2 ? input.shape[0] : 1;
  if (!replacement && num_samples > k) {
    throw new RangeError(
      `${where}: cannot sample n_sample > prob_dist.size(-1) samples without replacement (n_sample ${num_samples}, ${k} categories)`,
    );
  }
  const probs = contiguousData(input);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const v = probs[r * k + j];
      if (!Number.isFinite(v) || v < 0) {
        throw new RangeError(
          `${where}: probability tensor contains either \`inf\`, \`nan\` or element < 0 (got ${v})`,
        );
      }
      sum += v;
    }
    if (!(sum > 0)) {
      throw new RangeError(
        `${where}: invalid multinomial distribution (sum of probabilities <= 0)`,
      );
    }
  }
  const round = input.dtype === "float32" ? Math.fround : (v: number) => v;
  const out = allocate("int64", rows * num_samples) as Float64Array;
  if (!replacement || num_samples === 1) {
    // Keys p / q with q ~ Exp(1), drawn for every element in order, then the top keys.
    const keys = new Float64Array(probs.length);
    for (let i = 0; i < keys.length; i++) {
      const q = round(-Math.log(1 - uniformDouble(generator)));
      keys[i] = round(probs[i] / q);
    }
    for (let r = 0; r < rows; r++) {
      const order = Array.from({ length: k }, (_, j) => j);
      const key = (j: number) => keys[r * k + j];
      order.sort((a, b) => (key(b) - key(a)) || a - b);
      for (let s = 0; s < num_samples; s++) out[r * num_samples + s] = order[s];
    }
  } else {
    const cum = new Float64Array(k);
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let j = 0; j < k; j++) {
        sum = round(sum + probs[r * k + j]);
        cum[j] = sum;
      }
      for (let j = 0; j < k; j++) cum[j] = round(cum[j] / sum);
      cum[k - 1] = 1;
      for (let s = 0; s < num_samples; s++) {
        const u = uniformDouble(generator);
        let left = 0;
        let right = k;
        while (right - left > 0) {
          const mid = left + Math.floor((right - left) / 2);
          if (cum[mid] < u) left = mid + 1;
          else right = mid;
        }
        out[r * num_samples + s] = left;
      }
    }
  }
  return fromData(out, input.dim() === 2 ? [rows, num_samples] : [num_samples], "int64");
}

/**
 * An "uninitialised" tensor shaped like `input`, like `torch.empty_like`: zeros here (torch
 * leaves whatever memory held), in `input`'s dtype unless `dtype` is given.
 *
 * @param input The tensor whose shape (and dtype) to take.
 * @param options `dtype`, `device` and `requires_grad`.
 * @returns A new leaf tensor.
 *
 * @example
 * ```ts
 * import { empty_like, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const e = empty_like(tensor([[1n, 2n]]));
 * assert.deepEqual([e.shape, e.dtype], [[1, 2], "int64"]);
 * ```
 */
export function empty_like(input: Tensor, options?: TensorOptions): Tensor {
  return full_like(input, 0, options);
}

/**
 * `steps` values `base ** x` for `x` evenly spaced from `start` to `end` inclusive, like
 * `torch.logspace(start, end, steps, base=10.0)`, with torch 1.13's CPU arithmetic: the
 * exponent step in double, the first half counted up from `start` and the second half down
 * from `end`, `pow` in double rounded to the dtype.
 *
 * @param start The first exponent.
 * @param end The last exponent.
 * @param steps How many values.
 * @param base The base (default 10), by position or in the options.
 * @param options `base`, `dtype` (float32 or float64), `device`, `requires_grad`.
 * @returns A new 1-D leaf tensor.
 *
 * @example
 * ```ts
 * import { logspace } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(logspace(0, 2, 3).tolist(), [1, 10, 100]);
 * assert.deepEqual(logspace(0, 3, 4, 2).tolist(), [1, 2, 4, 8]);
 * ```
 */
export function logspace(
  start: number,
  end: number,
  steps: number,
  base?: number | (TensorOptions & { base?: number }),
  options?: TensorOptions,
): Tensor {
  const where = "logspace()";
  let b: unknown = base;
  if (typeof base === "object" && base !== null) {
    options = { ...base };
    b = base.base;
    delete (options as { base?: number }).base;
  }
  const baseValue = b ?? 10;
  for (const [name, v] of [["start", start], ["end", end], ["base", baseValue]] as const) {
    if (typeof v !== "number") {
      throw new TypeError(`logspace(): ${name} must be a number, got ${describe(v)}`);
    }
  }
  if (!Number.isInteger(steps) || steps < 0) {
    throw new RangeError(
      `logspace(): number of steps must be non-negative, got ${describe(steps)}`,
    );
  }
  const { dtype, requires_grad } = checkOptions(options, where, TENSOR_OPTION_KEYS);
  const d = dtype ?? get_default_dtype();
  if (!isFloating(d)) {
    throw new TypeError(`logspace(): kldiv supports float32 and float64 here, got dtype "${d}"`);
  }
  const round = d === "float32" ? Math.fround : (v: number) => v;
  const s = round(start);
  const e = round(end);
  const bv = baseValue as number;
  const out = allocate(d, steps);
  if (steps === 1) out[0] = Math.pow(bv, s);
  if (steps > 1) {
    const step = round(e - s) / (steps - 1);
    const half = Math.floor(steps / 2);
    for (let i = 0; i < steps; i++) {
      out[i] = i < half ? Math.pow(bv, s + step * i) : Math.pow(bv, e - step * (steps - i - 1));
    }
  }
  return leaf(out, [steps], requires_grad, d, where);
}
