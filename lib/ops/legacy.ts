/**
 * torch's legacy and typed constructors and the `new_*` family: `Tensor([...])` and
 * `Tensor(2, 3)` called without `new` (as `torch.Tensor`), `FloatTensor`, `DoubleTensor`,
 * `LongTensor`, `BoolTensor`, `as_tensor`, and what `x.new(...)`, `x.new_tensor`,
 * `x.new_zeros`, `x.new_ones`, `x.new_full`, `x.new_empty` compute; with the torch functions
 * `is_tensor`, `is_floating_point`, `numel`, `clone`, `detach`.
 *
 * The exported `Tensor` is the class itself seen through a Proxy: `new Tensor(array, shape)`,
 * `instanceof Tensor` and the `Tensor` type are the class's, and a call without `new` is torch's
 * legacy constructor.
 *
 * @module
 */

import { isSize } from "../tensor/size.ts";
import { bind, isOptionsObject, type Signature } from "../tensor/args.ts";
import { checkDevice, type DeviceClass } from "../tensor/device.ts";
import { castValue, describe, type DType, isFloating, tensorTypeName } from "../tensor/dtype.ts";
import { makeView, Tensor as TensorClass } from "../tensor/tensor.ts";
import { full, tensor, type TensorData, zeros } from "./create.ts";
import { toDType } from "./view.ts";

/** C++'s names of the dtypes, as torch's TensorOptions print them. */
const CPP_NAMES: Record<DType, string> = {
  float32: "float",
  float64: "double",
  int64: "long int",
  bool: "bool",
};

/** Options of the legacy constructors: only `device`, as torch's. */
export interface LegacyOptions {
  /** `"cpu"` or `device("cpu")`. */
  device?: string | DeviceClass | null;
}

/**
 * Arguments of the legacy constructors: sizes (`2, 3`), or data (nested arrays, a typed
 * array or a tensor), or nothing; optionally followed by `{ device }`.
 */
export type LegacyArgs =
  | number[]
  | [...sizes: number[], options: LegacyOptions]
  | [data: TensorData, options?: LegacyOptions];

/**
 * The legacy constructor of `dtype` (torch's `legacy_tensor_ctor` / `Tensor.new`).
 *
 * @param dtype The dtype made.
 * @param args Sizes, data or nothing, optionally followed by `{ device }`.
 * @param where The constructor's name for messages.
 * @param anyTensor Whether a tensor of another dtype is aliased too (`torch.Tensor(t)` does;
 *   the typed constructors refuse it).
 * @returns The new tensor (for a tensor argument, an alias of it: AliasBackward0).
 */
export function legacyNew(
  dtype: DType,
  args: readonly unknown[],
  where: string,
  anyTensor = false,
): TensorClass {
  let rest = args;
  const last = rest[rest.length - 1];
  if (rest.length > 0 && isOptionsObject(last)) {
    const { device } = bind(where, [{ name: "device", kind: "any", default: null }], [last]);
    checkDevice(device, where);
    rest = rest.slice(0, -1);
  }
  if (rest.length === 0) return zeros([0], { dtype });
  // torch.Tensor(x.size()): a torch.Size is sizes, where a list is data.
  if (rest.length === 1 && isSize(rest[0])) rest = [...rest[0]];
  if (rest.every((a) => typeof a === "number")) {
    const sizes = rest as number[];
    if (rest.length === 1 && !Number.isInteger(sizes[0])) {
      throw new TypeError(`${where}: data must be a sequence (got float)`);
    }
    const bad = sizes.find((s) => !Number.isInteger(s) || s < 0);
    if (bad !== undefined) {
      if (Number.isInteger(bad)) {
        throw new RangeError(
          `Trying to create tensor with negative dimension ${bad}: [${sizes.join(", ")}]`,
        );
      }
      throw new TypeError(
        `${where} received an invalid combination of arguments: sizes must be integers, got (${
          sizes.join(", ")
        })`,
      );
    }
    return zeros(sizes, { dtype });
  }
  if (rest.length === 1) {
    const data = rest[0];
    if (data instanceof TensorClass) {
      if (data.dtype !== dtype && !anyTensor) {
        throw new TypeError(
          `expected TensorOptions(dtype=${CPP_NAMES[dtype]}, device=cpu) (got TensorOptions(dtype=${
            CPP_NAMES[data.dtype]
          }, device=cpu)): ${where.replace("()", "")} takes ${tensorTypeName(dtype)} data`,
        );
      }
      return makeView(
        data,
        data.shape,
        data.stride(),
        data.storage_offset(),
        "AliasBackward0",
        (g) => [g],
        (t) => t,
      );
    }
    if (Array.isArray(data) || ArrayBuffer.isView(data)) {
      return tensor(data as TensorData, { dtype });
    }
    throw new TypeError(`${where}: data must be a sequence (got ${describe(data)})`);
  }
  throw new TypeError(
    `${where} received an invalid combination of arguments: expected sizes (ints), data (an array, typed array or tensor) or nothing, got (${
      rest.map(describe).join(", ")
    })`,
  );
}

/** `FloatTensor(...)` and the other typed constructors. */
export type TypedConstructor = (...args: LegacyArgs) => TensorClass;

function typed(dtype: DType, name: string): TypedConstructor {
  return (...args: LegacyArgs) => legacyNew(dtype, args, `${name}()`);
}

/**
 * `torch.FloatTensor(...)`: the legacy constructor for float32 (sizes, data or nothing).
 *
 * @example
 * ```ts
 * import { FloatTensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(FloatTensor([1, 2])), "tensor([1., 2.])");
 * assert.deepEqual(FloatTensor(2, 2).shape, [2, 2]);
 * ```
 */
export const FloatTensor: TypedConstructor = typed("float32", "FloatTensor");
/**
 * `torch.DoubleTensor(...)`: the legacy constructor for float64.
 *
 * @example
 * ```ts
 * import { DoubleTensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(DoubleTensor([1, 2])), "tensor([1., 2.], dtype=torch.float64)");
 * ```
 */
export const DoubleTensor: TypedConstructor = typed("float64", "DoubleTensor");
/**
 * `torch.LongTensor(...)`: the legacy constructor for int64 (numbers truncate toward zero).
 *
 * @example
 * ```ts
 * import { LongTensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(LongTensor([1, 2, 3])), "tensor([1, 2, 3])");
 * ```
 */
export const LongTensor: TypedConstructor = typed("int64", "LongTensor");
/**
 * `torch.BoolTensor(...)`: the legacy constructor for bool.
 *
 * @example
 * ```ts
 * import { BoolTensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(BoolTensor([true, false])), "tensor([ True, False])");
 * ```
 */
export const BoolTensor: TypedConstructor = typed("bool", "BoolTensor");

/** Options of {@linkcode as_tensor}. */
export interface AsTensorOptions {
  /** The dtype (default: the data's, as `tensor()` infers it). */
  dtype?: DType | null;
  /** `"cpu"` or `device("cpu")`. */
  device?: string | DeviceClass | null;
}

const AS_TENSOR: Signature = [
  { name: "dtype", kind: "dtype", default: null, keywordOnly: true },
  { name: "device", kind: "any", default: null, keywordOnly: true },
];

/**
 * Data as a tensor, like `torch.as_tensor(data, dtype, device)`: a tensor in the wanted dtype
 * is returned as it is (no copy; otherwise converted with its graph kept, as `to()`); other
 * data is copied as `tensor()` copies it (torch shares a NumPy array's memory; a JS typed
 * array is copied).
 *
 * @param data A tensor, number, nested arrays or a typed array.
 * @param args `{ dtype, device }` (keyword-only in torch).
 * @returns The tensor.
 *
 * @example
 * ```ts
 * import { as_tensor, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([1, 2]);
 * assert.equal(as_tensor(x), x);
 * assert.equal(String(as_tensor([1, 2], { dtype: "float64" })), "tensor([1., 2.], dtype=torch.float64)");
 * ```
 */
export function as_tensor(data: TensorData, ...args: [options?: AsTensorOptions]): TensorClass {
  const positional = args.filter((a) => !isOptionsObject(a)).length;
  if (positional > 0) {
    throw new TypeError(
      `as_tensor() takes 1 positional argument but ${
        positional + 1
      } were given (dtype and device go in the options object: as_tensor(data, { dtype }))`,
    );
  }
  const b = bind("as_tensor", AS_TENSOR, args);
  checkDevice(b.device, "as_tensor()");
  const dtype = b.dtype as DType | null;
  if (data instanceof TensorClass) {
    return dtype === null || dtype === data.dtype ? data : toDType(data, dtype, "ToCopyBackward0");
  }
  return tensor(data, dtype === null ? {} : { dtype });
}

/** Options of `new_tensor`, `new_zeros`, `new_ones`, `new_full`, `new_empty`. */
export interface NewOptions {
  /** The dtype (default: the source tensor's). */
  dtype?: DType | null;
  /** `"cpu"` or `device("cpu")`. */
  device?: string | DeviceClass | null;
  /** Record operations on the result. Default false. */
  requires_grad?: boolean;
}

const NEW_OPTIONS: Signature = [
  { name: "dtype", kind: "dtype", default: null, keywordOnly: true },
  { name: "device", kind: "any", default: null, keywordOnly: true },
  { name: "requires_grad", kind: "bool", default: false, keywordOnly: true },
  { name: "layout", kind: "any", default: null, keywordOnly: true },
  { name: "pin_memory", kind: "bool", default: false, keywordOnly: true },
];

function newOptions(
  self: TensorClass,
  options: unknown[],
  where: string,
): { dtype: DType; requires_grad: boolean } {
  const b = bind(where, NEW_OPTIONS, options);
  checkDevice(b.device, `${where}()`);
  return {
    dtype: (b.dtype as DType | null) ?? self.dtype,
    requires_grad: b.requires_grad as boolean,
  };
}

/** Sizes given as `f(2, 3)`, `f([2, 3])`, each optionally followed by options. */
export type NewSizeArgs =
  | number[]
  | [...sizes: number[], options: NewOptions]
  | [size: readonly number[], options?: NewOptions];

function splitSizes(args: readonly unknown[]): { sizes: unknown; options: unknown[] } {
  const last = args[args.length - 1];
  const hasOptions = args.length > 0 && isOptionsObject(last);
  const positional = hasOptions ? args.slice(0, -1) : args;
  const sizes = positional.length === 1 && Array.isArray(positional[0])
    ? positional[0]
    : positional;
  return { sizes, options: hasOptions ? [last] : [] };
}

/**
 * `self.new_tensor(data, dtype=, device=, requires_grad=)`: a copy of `data` in `self`'s dtype
 * unless `dtype` is given.
 *
 * @param self The source tensor.
 * @param data The data.
 * @param options `dtype`, `device`, `requires_grad`.
 * @returns A new leaf tensor.
 */
export function new_tensor(self: TensorClass, data: TensorData, options?: NewOptions): TensorClass {
  const { dtype, requires_grad } = newOptions(
    self,
    options === undefined ? [] : [options],
    "new_tensor",
  );
  const src = data instanceof TensorClass ? data.detach() : data;
  return tensor(src, { dtype, requires_grad });
}

/**
 * `self.new_full(size, fill_value, ...)` and the other sized `new_*` forms.
 *
 * @param self The source tensor.
 * @param args Sizes then options (`new_zeros`, `new_ones`, `new_empty`), or size, fill value and
 *   options (`new_full`).
 * @param value The fill value, or undefined for `new_full` (taken from `args`).
 * @param where The method's name.
 * @returns A new leaf tensor.
 */
export function newFilled(
  self: TensorClass,
  args: readonly unknown[],
  value: number | undefined,
  where: string,
): TensorClass {
  let fill = value;
  let rest = args;
  if (fill === undefined) {
    // new_full(size, fill_value, *, dtype, device, requires_grad)
    const [size, fillValue, ...more] = args;
    if (typeof fillValue !== "number" && typeof fillValue !== "boolean") {
      throw new TypeError(
        `${where}(): argument 'fill_value' (position 2) must be a number, got ${
          describe(fillValue)
        }`,
      );
    }
    fill = +fillValue;
    rest = [size, ...more];
  }
  const { sizes, options } = splitSizes(rest);
  if (!Array.isArray(sizes) || sizes.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new TypeError(
      `${where}(): argument 'size' must be a tuple of non-negative ints, got ${describe(sizes)}`,
    );
  }
  const { dtype, requires_grad } = newOptions(self, options, where);
  if (requires_grad && !isFloating(dtype)) {
    throw new TypeError(
      `${where}(): only Tensors of floating point dtype can require gradients, got dtype ${dtype}`,
    );
  }
  return full(sizes as number[], castValue(fill, dtype, `${where}()`), {
    dtype,
    requires_grad,
  });
}

/**
 * Whether `obj` is a tensor, like `torch.is_tensor(obj)`.
 *
 * @param obj Anything.
 * @returns Whether it is a {@linkcode Tensor}.
 *
 * @example
 * ```ts
 * import { is_tensor, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(is_tensor(tensor([1])), true);
 * assert.equal(is_tensor([1]), false);
 * ```
 */
export function is_tensor(obj: unknown): obj is TensorClass {
  return obj instanceof TensorClass;
}

function requireInput(input: unknown, where: string): asserts input is TensorClass {
  if (!(input instanceof TensorClass)) {
    throw new TypeError(
      `${where}(): argument 'input' (position 1) must be Tensor, not ${describe(input)}`,
    );
  }
}

/**
 * Whether `input`'s dtype is a floating-point one, like `torch.is_floating_point(input)`.
 *
 * @param input A tensor.
 * @returns true for float32 and float64.
 *
 * @example
 * ```ts
 * import { is_floating_point, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(is_floating_point(tensor([1.5])), true);
 * assert.equal(is_floating_point(tensor([1n])), false);
 * ```
 */
export function is_floating_point(input: TensorClass): boolean {
  requireInput(input, "is_floating_point");
  return isFloating(input.dtype);
}

/**
 * The number of elements, like `torch.numel(input)`.
 *
 * @param input A tensor.
 * @returns The element count.
 *
 * @example
 * ```ts
 * import { numel, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(numel(zeros(2, 3)), 6);
 * ```
 */
export function numel(input: TensorClass): number {
  requireInput(input, "numel");
  return input.numel();
}

/**
 * A copy with its own storage, recorded by autograd (CloneBackward0), like
 * `torch.clone(input)`.
 *
 * @param input A tensor.
 * @param options `memory_format` (only torch's default, `"preserve_format"`, and
 *   `"contiguous_format"`: kldiv's copies are row-major).
 * @returns The copy.
 *
 * @example
 * ```ts
 * import { clone, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([1, 2], { requires_grad: true });
 * assert.equal(clone(x).grad_fn?.name(), "CloneBackward0");
 * ```
 */
export function clone(input: TensorClass, options?: { memory_format?: string }): TensorClass {
  requireInput(input, "clone");
  const b = bind("clone", [{
    name: "memory_format",
    kind: "string",
    default: "preserve_format",
    keywordOnly: true,
  }], options === undefined ? [] : [options]);
  const format = b.memory_format as string;
  if (format !== "preserve_format" && format !== "contiguous_format") {
    throw new TypeError(
      `clone(): memory_format must be "preserve_format" or "contiguous_format" (kldiv has no channels_last layout), got ${
        describe(format)
      }`,
    );
  }
  return input.clone();
}

/**
 * The same storage cut from the graph, like `torch.detach(input)`.
 *
 * @param input A tensor.
 * @returns A leaf that does not require grad.
 *
 * @example
 * ```ts
 * import { detach, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([1, 2], { requires_grad: true });
 * assert.equal(detach(x.mul(2)).requires_grad, false);
 * ```
 */
export function detach(input: TensorClass): TensorClass {
  requireInput(input, "detach");
  return input.detach();
}
