/**
 * dtypes: names, the typed arrays that hold them, the default float dtype and torch's type
 * promotion.
 *
 * kldiv has torch's four CPU dtypes that KL code uses: `float32` (the default float dtype),
 * `float64`, `int64` (labels, indices) and `bool` (masks). Each is held in one typed array:
 * float32 in a Float32Array (so every op rounds to float32 exactly once, like torch), float64
 * in a Float64Array, bool in a Uint8Array of 0 and 1, and int64 in a Float64Array of integers.
 * A double holds every integer up to 2^53 exactly; int64 values beyond that are refused with
 * an error rather than rounded, so an int64 element is always exact.
 *
 * @module
 */

import { addNodeInspect } from "./inspect.ts";
import { checkOutput, get_max_allocation_bytes } from "./limits.ts";

/** The dtypes a {@linkcode Tensor} can have. */
export type DType = "float32" | "float64" | "int64" | "bool";

/** The floating-point dtypes, the only ones that can require grad. */
export type FloatDType = "float32" | "float64";

/** The typed array behind a tensor: Float32Array, Float64Array (float64, int64) or Uint8Array. */
export type Data = Float32Array | Float64Array | Uint8Array;

/** The typed arrays of the float dtypes, which the fused kernels take. */
export type FloatData = Float32Array | Float64Array;

/** Every dtype name accepted by `dtype` options. */
export const DTYPES: readonly DType[] = ["float32", "float64", "int64", "bool"];

/** Largest magnitude an int64 element may have: every integer up to it is a double exactly. */
export const INT64_MAX_EXACT = Number.MAX_SAFE_INTEGER;

let defaultDType: FloatDType = "float32";

/**
 * The dtype of new float tensors when none is given, like `torch.get_default_dtype()`.
 *
 * @returns `"float32"` unless changed by {@linkcode set_default_dtype}.
 *
 * @example
 * ```ts
 * import { get_default_dtype } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(get_default_dtype(), "float32");
 * ```
 */
export function get_default_dtype(): FloatDType {
  return defaultDType;
}

/**
 * Sets the dtype of new float tensors, like `torch.set_default_dtype`: `"float32"` or
 * `"float64"`. Numbers in `tensor()`, `zeros()`, `rand()`, ... and float results of integer
 * ops (`int64.div(int64)`) take it, and the repr shows `dtype=` for the other float dtype.
 *
 * @param dtype `"float32"` or `"float64"`.
 *
 * @example
 * ```ts
 * import { get_default_dtype, set_default_dtype, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * set_default_dtype("float64");
 * assert.equal(tensor([1.5]).dtype, "float64");
 * assert.equal(String(tensor([1.5], { dtype: "float32" })), "tensor([1.5000], dtype=torch.float32)");
 * set_default_dtype("float32");
 * assert.equal(get_default_dtype(), "float32");
 * ```
 */
export function set_default_dtype(dtype: FloatDType): void {
  if (dtype !== "float32" && dtype !== "float64") {
    throw new TypeError(
      `set_default_dtype(): only floating-point types are supported as the default type; expected "float32" or "float64", got ${
        describe(dtype)
      }`,
    );
  }
  defaultDType = dtype;
}

/** Checks a user-supplied dtype name, throwing an error that lists the valid ones. */
export function checkDType(dtype: unknown, where: string): DType {
  if (dtype === "float32" || dtype === "float64" || dtype === "int64" || dtype === "bool") {
    return dtype;
  }
  const hint = typeof dtype === "string" && ALIASES[dtype] !== undefined
    ? ` (torch's ${dtype} is kldiv's "${ALIASES[dtype]}")`
    : "";
  throw new TypeError(
    `${where}: unknown dtype ${describe(dtype)}${hint}; expected one of ${
      DTYPES.map((d) => JSON.stringify(d)).join(", ")
    }`,
  );
}

const ALIASES: Record<string, DType> = {
  float: "float32",
  double: "float64",
  long: "int64",
  "torch.float32": "float32",
  "torch.float64": "float64",
  "torch.int64": "int64",
  "torch.long": "int64",
  "torch.bool": "bool",
};

/** Whether `dtype` is float32 or float64. */
export function isFloating(dtype: DType): dtype is FloatDType {
  return dtype === "float32" || dtype === "float64";
}

/** Bytes one element takes in its typed array. */
export function bytesPerElement(dtype: DType): number {
  return dtype === "float32" ? 4 : dtype === "bool" ? 1 : 8;
}

// A new ArrayBuffer costs ~0.2 µs in Deno (an external backing store the GC tracks), more than
// a whole op on a few elements; small arrays are cut from a shared zeroed slab instead (~20 ns).
// A slab stays alive while any array cut from it does: at most SLAB_BYTES per live small array.
// Such arrays never leave the library as they are (`toTypedArray` copies them), so nobody can
// transfer or detach a slab other tensors read.
const SLAB_BYTES = 4096;
/** Arrays of at most this many bytes come from the slab. */
export const SMALL_ARRAY_BYTES = 64;
let slab = new ArrayBuffer(SLAB_BYTES);
let slabUsed = 0;

function slabOffset(bytes: number): number {
  // 8-byte aligned, as a Float64Array needs.
  const size = (bytes + 7) & ~7;
  if (slabUsed + size > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const at = slabUsed;
  slabUsed += size;
  return at;
}

/**
 * A new zero-filled typed array of `n` elements for `dtype`: the one path by which the library
 * makes tensor data (op outputs, copies, gradients, kernels' scratch). It checks the allocation
 * cap (lib/tensor/limits.ts) before any memory is touched, so an output too large fails with
 * the documented message naming `where` and `shape` rather than V8's "Array buffer allocation
 * failed" or the process being killed.
 *
 * @param dtype The dtype.
 * @param n The number of elements.
 * @param where The op, for the error (e.g. `"add()"`).
 * @param shape The output's shape, for the error (default `[n]`).
 * @returns The array.
 */
export function allocate(dtype: DType, n: number, where?: string, shape?: readonly number[]): Data {
  const bytes = dtype === "float32" ? n * 4 : dtype === "bool" ? n : n * 8;
  if (bytes > SMALL_ARRAY_BYTES) {
    if (bytes > get_max_allocation_bytes()) {
      checkOutput(where ?? "allocate()", shape ?? [n], bytesPerElement(dtype));
    }
    return dtype === "float32"
      ? new Float32Array(n)
      : dtype === "bool"
      ? new Uint8Array(n)
      : new Float64Array(n);
  }
  // Take the offset first: it may start a new slab.
  const at = slabOffset(bytes);
  return dtype === "float32"
    ? new Float32Array(slab, at, n)
    : dtype === "bool"
    ? new Uint8Array(slab, at, n)
    : new Float64Array(slab, at, n);
}

/**
 * torch's `promote_types` for two dtypes: bool < int64 < float32 < float64.
 *
 * @param a One dtype.
 * @param b The other.
 * @returns The smallest dtype that holds both.
 */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

const RANK: Record<DType, number> = { bool: 0, int64: 1, float32: 2, float64: 3 };

/** Type promotion of two float dtypes: float64 wins, as in torch. */
export function promote(a: DType, b: DType): DType {
  return promoteTypes(a, b);
}

/** The category torch's result-type rules compare: 0 bool, 1 integer, 2 floating. */
export function category(dtype: DType): number {
  return dtype === "bool" ? 0 : dtype === "int64" ? 1 : 2;
}

/**
 * The dtype a plain JS number takes as an operand: an integer counts as a Python int
 * (int64), anything else as a Python float (the default float dtype); a boolean is bool.
 */
export function scalarDType(value: number | boolean): DType {
  if (typeof value === "boolean") return "bool";
  return Number.isInteger(value) ? "int64" : defaultDType;
}

/**
 * A value as stored in `dtype`: float32 rounds, bool is 0 or 1 (any nonzero, NaN included, is
 * true), int64 truncates toward zero as torch's casts do and must be exact.
 *
 * @param value The value.
 * @param dtype The dtype it is stored in.
 * @param where The function name for the error when an int64 cannot hold it.
 * @returns The stored value.
 */
export function castValue(value: number, dtype: DType, where: string): number {
  switch (dtype) {
    case "float32":
      return Math.fround(value);
    case "float64":
      return value;
    case "bool":
      return value !== 0 ? 1 : 0;
    case "int64":
      return checkInt64(Math.trunc(value), where, value);
  }
}

/**
 * Throws unless `value` is an integer an int64 element holds exactly (|v| ≤ 2^53 − 1).
 *
 * @param value The integer.
 * @param where The function name for the error.
 * @param from The value it came from, when it was converted (for the message; a BigInt is
 *   quoted exactly).
 * @returns `value`, with -0 made 0.
 */
export function checkInt64(
  value: number,
  where: string,
  from: number | bigint = value,
): number {
  if (!Number.isFinite(value)) {
    throw new RangeError(
      `${where}: cannot convert ${from} to int64 (an int64 holds finite integers only)`,
    );
  }
  if (Math.abs(value) > INT64_MAX_EXACT) {
    throw new RangeError(
      `${where}: the int64 value ${from} is beyond ±(2^53 − 1), the largest integers kldiv holds exactly (it stores int64 in doubles), so it refuses the value rather than round it`,
    );
  }
  return value === 0 ? 0 : value;
}

/** torch's tensor type name for messages: `torch.FloatTensor`, `torch.LongTensor`, ... */
export function tensorTypeName(dtype: DType): string {
  switch (dtype) {
    case "float32":
      return "torch.FloatTensor";
    case "float64":
      return "torch.DoubleTensor";
    case "int64":
      return "torch.LongTensor";
    case "bool":
      return "torch.BoolTensor";
  }
}

/** Short, quoted description of a received value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return `${typeof value} ${String(value)}`;
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === "function") return "a function";
  const name = (value as object).constructor?.name;
  return name && name !== "Object" ? `a ${name}` : "an object";
}

// ---------------------------------------------------------------------------------------------
// torch's dtype constants, finfo, iinfo, can_cast (issue 19)
// ---------------------------------------------------------------------------------------------

/**
 * `torch.float32`: the dtype name `"float32"`. The dtype constants are the plain strings kldiv
 * uses everywhere, so `{ dtype: float32 }` and `x.dtype === float32` work as in torch.
 *
 * @example
 * ```ts
 * import { float32, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(tensor([1, 2]).dtype, float32);
 * ```
 */
export const float32 = "float32" as const;
/**
 * `torch.float`, an alias of {@linkcode float32}.
 *
 * @example
 * ```ts
 * import { float, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(zeros(2, { dtype: float }).dtype, "float32");
 * ```
 */
export const float = "float32" as const;
/**
 * `torch.float64`: the dtype name `"float64"`.
 *
 * @example
 * ```ts
 * import { float64, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(tensor([1], { dtype: float64 }).dtype, "float64");
 * ```
 */
export const float64 = "float64" as const;
/**
 * `torch.double`, an alias of {@linkcode float64}.
 *
 * @example
 * ```ts
 * import { double, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(tensor([1]).to(double).dtype, "float64");
 * ```
 */
export const double = "float64" as const;
/**
 * `torch.int64`: the dtype name `"int64"`.
 *
 * @example
 * ```ts
 * import { int64, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(tensor([1.7, 2], { dtype: int64 })), "tensor([1, 2])");
 * ```
 */
export const int64 = "int64" as const;
/**
 * `torch.long`, an alias of {@linkcode int64}.
 *
 * @example
 * ```ts
 * import { long, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(tensor([3]).to(long).dtype, "int64");
 * ```
 */
export const long = "int64" as const;
/**
 * `torch.bool`: the dtype name `"bool"`.
 *
 * @example
 * ```ts
 * import { bool, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(tensor([0, 2]).to(bool).tolist().toString(), "false,true");
 * ```
 */
export const bool = "bool" as const;

/** Python's `"{:g}"`: six significant digits, trailing zeros dropped, exponent as `e-07`. */
function formatG(v: number): string {
  if (v === 0) return "0";
  const [m, e] = v.toExponential(5).split("e");
  const ex = Number(e);
  const trim = (s: string) => s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
  if (ex < -4 || ex >= 6) {
    return `${trim(m)}e${ex < 0 ? "-" : "+"}${String(Math.abs(ex)).padStart(2, "0")}`;
  }
  return trim(v.toFixed(5 - ex));
}

/** Machine limits of a float dtype, as `torch.finfo` reports them. */
export class FInfo {
  /** Bits per element. */
  readonly bits: number;
  /** The difference between 1 and the next representable number. */
  readonly eps: number;
  /** The largest finite value. */
  readonly max: number;
  /** The smallest (most negative) finite value, `-max`. */
  readonly min: number;
  /** The smallest positive normal number. */
  readonly tiny: number;
  /** The smallest positive normal number (an alias of `tiny`). */
  readonly smallest_normal: number;
  /** The approximate decimal resolution, `10 ** -precision`. */
  readonly resolution: number;
  /** The dtype. */
  readonly dtype: FloatDType;

  /**
   * Use {@linkcode finfo}.
   *
   * @param dtype `"float32"` or `"float64"`.
   */
  constructor(dtype: FloatDType) {
    const f32 = dtype === "float32";
    this.bits = f32 ? 32 : 64;
    this.eps = f32 ? 2 ** -23 : 2 ** -52;
    this.max = f32 ? (2 - 2 ** -23) * 2 ** 127 : Number.MAX_VALUE;
    this.min = -this.max;
    this.tiny = f32 ? 2 ** -126 : 2 ** -1022;
    this.smallest_normal = this.tiny;
    this.resolution = f32 ? 1e-6 : 1e-15;
    this.dtype = dtype;
    Object.freeze(this);
  }

  /** torch's repr, e.g. `finfo(resolution=1e-06, min=-3.40282e+38, ..., dtype=float32)`. */
  toString(): string {
    return `finfo(resolution=${formatG(this.resolution)}, min=${formatG(this.min)}, max=${
      formatG(this.max)
    }, eps=${formatG(this.eps)}, smallest_normal=${formatG(this.smallest_normal)}, tiny=${
      formatG(this.tiny)
    }, dtype=${this.dtype})`;
  }

  /** Prints the repr in Deno. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

/** Limits of an integer dtype, as `torch.iinfo` reports them (int64's as exact BigInts). */
export class IInfo {
  /** Bits per element. */
  readonly bits: number;
  /** The largest value (a BigInt: 2^63 − 1 is not a double). */
  readonly max: bigint;
  /** The smallest value (a BigInt). */
  readonly min: bigint;
  /** The dtype. */
  readonly dtype: "int64";

  /** Use {@linkcode iinfo}. */
  constructor() {
    this.bits = 64;
    this.max = 9223372036854775807n;
    this.min = -9223372036854775808n;
    this.dtype = "int64";
    Object.freeze(this);
  }

  /** torch's repr: `iinfo(min=-9.22337e+18, max=9.22337e+18, dtype=int64)`. */
  toString(): string {
    return `iinfo(min=${formatG(Number(this.min))}, max=${
      formatG(Number(this.max))
    }, dtype=${this.dtype})`;
  }

  /** Prints the repr in Deno. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

/**
 * Machine limits of a float dtype, like `torch.finfo(dtype)`: `bits`, `eps`, `max`, `min`,
 * `tiny`, `smallest_normal`, `resolution`, `dtype`. Without an argument, the default dtype's.
 *
 * @param type `"float32"` or `"float64"` (default: the default dtype).
 * @returns The limits.
 *
 * @example
 * ```ts
 * import { finfo, float32 } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(finfo(float32).eps, 1.1920928955078125e-7);
 * assert.equal(
 *   String(finfo()),
 *   "finfo(resolution=1e-06, min=-3.40282e+38, max=3.40282e+38, eps=1.19209e-07, smallest_normal=1.17549e-38, tiny=1.17549e-38, dtype=float32)",
 * );
 * ```
 */
export function finfo(type?: DType): FInfo {
  const d = type === undefined ? defaultDType : checkDType(type, "finfo()");
  if (!isFloating(d)) {
    throw new TypeError(
      `torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo' (got ${d})`,
    );
  }
  return new FInfo(d);
}

/**
 * Limits of an integer dtype, like `torch.iinfo(dtype)`: `bits`, `max`, `min` (BigInts, since
 * int64's limits are not doubles), `dtype`.
 *
 * @param type `"int64"`.
 * @returns The limits.
 *
 * @example
 * ```ts
 * import { iinfo, int64 } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(iinfo(int64).max, 9223372036854775807n);
 * assert.equal(String(iinfo(int64)), "iinfo(min=-9.22337e+18, max=9.22337e+18, dtype=int64)");
 * ```
 */
export function iinfo(type: DType): IInfo {
  const d = checkDType(type, "iinfo()");
  if (d === "bool") throw new TypeError("torch.bool is not supported by torch.iinfo");
  if (d !== "int64") {
    throw new TypeError(
      `torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo' (got ${d})`,
    );
  }
  return new IInfo();
}

/**
 * The smallest dtype both `type1` and `type2` cast to, like `torch.promote_types`:
 * bool < int64 < float32 < float64.
 *
 * @param type1 One dtype.
 * @param type2 The other.
 * @returns The promoted dtype.
 *
 * @example
 * ```ts
 * import { int64, float32, promote_types } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(promote_types(int64, float32), "float32");
 * ```
 */
export function promote_types(type1: DType, type2: DType): DType {
  return promoteTypes(checkDType(type1, "promote_types()"), checkDType(type2, "promote_types()"));
}

/**
 * Whether a cast from `from_` to `to` is allowed by torch's type promotion rules, like
 * `torch.can_cast`: no floating → integer or bool, no integer → bool.
 *
 * @param from_ The source dtype.
 * @param to The target dtype.
 * @returns Whether the cast is allowed.
 *
 * @example
 * ```ts
 * import { can_cast, float64, int64 } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(can_cast(float64, int64), false);
 * assert.equal(can_cast(int64, float64), true);
 * ```
 */
export function can_cast(from_: DType, to: DType): boolean {
  const a = checkDType(from_, "can_cast()");
  const b = checkDType(to, "can_cast()");
  return category(a) <= category(b);
}

// Node's console.log prints what Deno's does (lib/tensor/inspect.ts).
addNodeInspect(FInfo, IInfo);
