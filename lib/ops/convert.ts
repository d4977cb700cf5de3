/**
 * Moving and converting tensors: `x.to(...)` in all of torch's forms, `x.type(...)`,
 * `x.cpu()`, `x.cuda()`, `x.numpy()`.
 *
 * kldiv computes on the CPU: `to("cpu")`, `to(device("cpu"))` and `cpu()` return the tensor
 * itself (as torch does when nothing changes); `to("cuda")` and `cuda()` are errors that say
 * so. `numpy()` returns a copy of the elements as a typed array (there is no NumPy in
 * JavaScript); `tolist()` gives nested arrays.
 *
 * @module
 */

import { isOptionsObject } from "../tensor/args.ts";
import { checkDevice, type DeviceClass, isDeviceLike, notCpu } from "../tensor/device.ts";
import {
  checkDType,
  type Data,
  describe,
  type DType,
  DTYPES,
  tensorTypeName,
} from "../tensor/dtype.ts";
import { Tensor } from "../tensor/tensor.ts";
import { toDType } from "./view.ts";

/** Options of `x.to(...)`, with torch's keys. */
export interface ToOptions {
  /** The device: `"cpu"` or `device("cpu")`. */
  device?: string | DeviceClass | null;
  /** The dtype. */
  dtype?: DType | null;
  /** Ignored (copies are synchronous), as torch ignores it on the CPU. */
  non_blocking?: boolean;
  /** Always copy, even when nothing changes. Default false. */
  copy?: boolean;
  /** `"preserve_format"` (the default) or `"contiguous_format"`. */
  memory_format?: string;
}

/** The arguments `x.to(...)` takes: a dtype, a device, both, a tensor, then flags or options. */
export type ToArgs =
  | [options: ToOptions]
  | [dtype: DType, non_blocking?: boolean, copy?: boolean, options?: ToOptions]
  | [dtype: DType, options: ToOptions]
  | [
    device: string | DeviceClass | null,
    dtype?: DType | null,
    non_blocking?: boolean,
    copy?: boolean,
    options?: ToOptions,
  ]
  | [device: string | DeviceClass | null, options: ToOptions]
  | [other: Tensor, non_blocking?: boolean, copy?: boolean, options?: ToOptions]
  | [other: Tensor, options: ToOptions];

const KEYS = ["device", "dtype", "non_blocking", "copy", "memory_format"];

function isDTypeName(v: unknown): v is DType {
  return typeof v === "string" && (DTYPES as readonly string[]).includes(v);
}

/**
 * `x.to(...)`: torch's three forms — `to(dtype, non_blocking, copy)`, `to(device, dtype,
 * non_blocking, copy)`, `to(other, non_blocking, copy)` — and the keyword form
 * `to({ device, dtype, copy })`. Returns `x` itself when neither dtype nor device changes and
 * `copy` is false, else a copy (ToCopyBackward0).
 *
 * @param x The tensor.
 * @param args The arguments, as torch takes them.
 * @returns `x` or the converted copy.
 */
export function to(x: Tensor, args: readonly unknown[]): Tensor {
  const where = "to()";
  let positional = args;
  let options: Record<string, unknown> = {};
  const last = args[args.length - 1];
  if (args.length > 0 && isOptionsObject(last)) {
    positional = args.slice(0, -1);
    options = last;
  }
  for (const key of Object.keys(options)) {
    if (!KEYS.includes(key)) {
      throw new TypeError(
        `to() got an unexpected keyword argument ${JSON.stringify(key)}; expected ${
          KEYS.map((k) => JSON.stringify(k)).join(", ")
        }`,
      );
    }
  }
  let dtype: unknown = undefined;
  let device: unknown = undefined;
  let flags: readonly unknown[] = [];
  const first = positional[0];
  if (positional.length === 0) {
    // keyword form only
  } else if (first instanceof Tensor) {
    dtype = first.dtype;
    device = "cpu";
    flags = positional.slice(1);
  } else if (isDTypeName(first)) {
    dtype = first;
    flags = positional.slice(1);
  } else if (first === null || isDeviceLike(first)) {
    device = first;
    const second = positional[1];
    if (second !== undefined && typeof second !== "boolean") dtype = second;
    flags = positional.slice(second !== undefined && typeof second !== "boolean" ? 2 : 1);
    if (second === null) flags = positional.slice(2);
  } else if (typeof first === "string") {
    // Neither a dtype nor a device: say what each would be (aliases get checkDType's hint).
    checkDType(first, where);
  } else {
    throw new TypeError(
      `to() received an invalid combination of arguments: expected a dtype, a device, a tensor or an options object first, got ${
        describe(first)
      }`,
    );
  }
  const take = (name: string, value: unknown) => {
    if (value === undefined) return options[name];
    if (options[name] !== undefined) {
      throw new TypeError(`to() got multiple values for argument '${name}'`);
    }
    return value;
  };
  dtype = take("dtype", dtype);
  device = take("device", device);
  if (flags.length > 2) {
    throw new TypeError(
      `to() takes at most 2 flags (non_blocking, copy) after the dtype or device, got ${flags.length}`,
    );
  }
  const nonBlocking = take("non_blocking", flags[0]) ?? false;
  const copy = take("copy", flags[1]) ?? false;
  for (const [name, v] of [["non_blocking", nonBlocking], ["copy", copy]] as const) {
    if (typeof v !== "boolean") {
      throw new TypeError(`to(): argument '${name}' must be a boolean, got ${describe(v)}`);
    }
  }
  const format = options.memory_format ?? "preserve_format";
  if (format !== "preserve_format" && format !== "contiguous_format") {
    throw new TypeError(
      `to(): memory_format must be "preserve_format" or "contiguous_format", got ${
        describe(format)
      }`,
    );
  }
  checkDevice(device, where);
  const d = dtype === undefined || dtype === null ? x.dtype : checkDType(dtype, where);
  if (d === x.dtype && !copy) return x;
  return toDType(x, d, "ToCopyBackward0");
}

const TYPE_NAMES: Record<string, DType> = {
  "torch.FloatTensor": "float32",
  "torch.DoubleTensor": "float64",
  "torch.LongTensor": "int64",
  "torch.BoolTensor": "bool",
};

/**
 * `x.type()`: torch's type name (`"torch.FloatTensor"`); `x.type(dtype)` or
 * `x.type("torch.DoubleTensor")`: `x` converted (itself when the type is already that).
 *
 * @param x The tensor.
 * @param dtype A dtype or a tensor type name; omitted to ask for the name.
 * @returns The name, or the converted tensor.
 */
export function type(x: Tensor, dtype?: DType | string | null): string | Tensor {
  if (dtype === undefined || dtype === null) return tensorTypeName(x.dtype);
  if (typeof dtype === "string" && dtype.startsWith("torch.cuda.")) {
    throw notCpu("cuda", "type()");
  }
  const d = typeof dtype === "string" && Object.hasOwn(TYPE_NAMES, dtype)
    ? TYPE_NAMES[dtype]
    : checkDType(dtype, "type()");
  return d === x.dtype ? x : toDType(x, d, "ToCopyBackward0");
}

/**
 * `x.numpy()`: there is no NumPy in JavaScript, so the elements come as a row-major typed array
 * copy (Float32Array, Float64Array for float64 and int64, Uint8Array for bool), as
 * `toTypedArray()`; `tolist()` gives nested arrays. As torch, refuses a tensor that requires
 * grad.
 *
 * @param x The tensor.
 * @param force torch's `force` (detach first). Default false.
 * @returns The elements.
 */
export function numpy(x: Tensor, force: boolean | { force?: boolean } = false): Data {
  const f = isOptionsObject(force) ? force.force ?? false : force;
  if (typeof f !== "boolean") {
    throw new TypeError(`numpy(): argument 'force' must be a boolean, got ${describe(f)}`);
  }
  if (x.requires_grad && !f) {
    throw new Error(
      "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.",
    );
  }
  return x.toTypedArray();
}
