/**
 * Limits on what a tensor may be: at most {@linkcode MAX_DIMS} dims and at most
 * {@linkcode MAX_ALLOCATION_BYTES} bytes of storage, checked before anything is allocated, so a
 * hostile or mistyped size fails at once with an error naming the function, the shape and the
 * bytes asked for, instead of hanging, exhausting memory or surfacing V8's "Invalid typed array
 * length".
 *
 * The checks take bytes per element as a number, so they serve every dtype.
 *
 * @module
 */

import { describe } from "./dtype.ts";

/**
 * The most dims a tensor may have: 64, as PyTorch's ops (`torch.zeros([1] * 65).sum(0)` says
 * "only tensors with up to 64 dims are supported").
 */
export const MAX_DIMS = 64;

/**
 * The most bytes one tensor's storage may take: 2 GiB (2^31 bytes), e.g. 536,870,912 float32
 * elements. Larger requests are refused before allocating: V8 would otherwise reserve the memory
 * lazily (16 GiB for `zeros(2 ** 32)` without a word) or take many seconds filling it. This is
 * the default; {@linkcode set_max_allocation_bytes} changes the cap in force.
 *
 * @example
 * ```ts
 * import { MAX_ALLOCATION_BYTES, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(MAX_ALLOCATION_BYTES, 2 ** 31);
 * // Op outputs are checked too: 70000 × 70000 float32 elements are 18.3 GiB.
 * assert.throws(
 *   () => zeros(70000, 1).add(zeros(1, 70000)),
 *   /add\(\): can't allocate memory: you tried to allocate 19600000000 bytes/,
 * );
 * ```
 */
export const MAX_ALLOCATION_BYTES: number = 2 ** 31;

/** The cap in force: {@linkcode MAX_ALLOCATION_BYTES} unless raised or lowered. */
let maxAllocationBytes = MAX_ALLOCATION_BYTES;

/**
 * Sets the most bytes one tensor's storage (or one kernel's scratch array) may take, which is
 * {@linkcode MAX_ALLOCATION_BYTES} (2 GiB) by default. Raise it on a machine with the memory
 * for larger tensors; lower it to make a program fail early (tests do).
 *
 * @param bytes The new cap: a positive safe integer number of bytes.
 * @returns The cap it replaces.
 *
 * @example
 * ```ts
 * import { set_max_allocation_bytes, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const before = set_max_allocation_bytes(1024);
 * try {
 *   assert.equal(zeros(16, 16).add(zeros(16, 1)).numel(), 256); // 1024 bytes fit
 *   assert.throws(() => zeros(32, 1).add(zeros(1, 32)), /add\(\): can't allocate memory/);
 * } finally {
 *   set_max_allocation_bytes(before);
 * }
 * assert.equal(before, 2 ** 31);
 * ```
 */
export function set_max_allocation_bytes(bytes: number): number {
  if (typeof bytes !== "number" || !Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new TypeError(
      `set_max_allocation_bytes(): expected a positive safe integer number of bytes, got ${
        describe(bytes)
      }`,
    );
  }
  const before = maxAllocationBytes;
  maxAllocationBytes = bytes;
  return before;
}

/**
 * The per-tensor allocation cap in force (see {@linkcode set_max_allocation_bytes}).
 *
 * @returns The cap in bytes.
 *
 * @example
 * ```ts
 * import { get_max_allocation_bytes } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(get_max_allocation_bytes(), 2 ** 31);
 * ```
 */
export function get_max_allocation_bytes(): number {
  return maxAllocationBytes;
}

/** `[0][0]…[0]` for the first-element path `depth` levels down, shortened when long. */
function firstPath(depth: number): string {
  if (depth === 0) return "the top level";
  if (depth <= 4) return `index ${"[0]".repeat(depth)}`;
  return `index [0][0]…[0] (${depth} levels down)`;
}

/**
 * The shape of nested arrays, read along the first elements (`data`, `data[0]`, …), in time
 * linear in the depth. Refuses an array that contains itself on that path (a cycle: it has no
 * finite shape) and nesting deeper than {@linkcode MAX_DIMS}. Raggedness and non-numbers
 * elsewhere are left to the caller, which visits every element anyway.
 *
 * @param data A number or nested arrays.
 * @param where The calling function, for errors, e.g. `"tensor()"`.
 * @returns The sizes, outermost first (`[]` for a number).
 *
 * @example
 * ```ts
 * import { nestedShape } from "./limits.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(nestedShape([[1, 2, 3], [4, 5, 6]], "tensor()"), [2, 3]);
 * const a: unknown[] = [];
 * a.push(a);
 * assert.throws(() => nestedShape(a, "tensor()"), /top level contains itself \(a cycle/);
 * ```
 */
export function nestedShape(data: unknown, where: string): number[] {
  const shape: number[] = [];
  const seen = new Map<unknown, number>(); // array → the depth it was met at
  let level = data;
  while (Array.isArray(level)) {
    const first = seen.get(level);
    if (first !== undefined) {
      throw new TypeError(
        `${where}: expected nested arrays of numbers, but the array at ${
          firstPath(first)
        } contains itself (a cycle, met again at ${firstPath(shape.length)}), so it has no shape`,
      );
    }
    if (shape.length === MAX_DIMS) {
      throw new RangeError(
        `${where}: too many dimensions: only tensors with up to ${MAX_DIMS} dims are supported, ` +
          `but the nested arrays go deeper (an array at ${firstPath(shape.length)})`,
      );
    }
    seen.set(level, shape.length);
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return shape;
}

/** Bytes as a number with a binary unit, for messages: `4 GiB`, `1.5 MiB`. */
function humanBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${Number(value.toPrecision(3))} ${units[unit]}`;
}

/** A count for messages: every digit of the double below 1e21, e-notation above (`1e+308`). */
function exact(n: number): string {
  if (!Number.isFinite(n)) return "more than 1.8e308";
  return n > Number.MAX_SAFE_INTEGER && n < 1e21 ? BigInt(n).toString() : String(n);
}

function shapeText(shape: readonly unknown[]): string {
  return `[${shape.map((s) => (typeof s === "number" ? exact(s) : describe(s))).join(", ")}]`;
}

/**
 * Checks that a shape is valid and that a tensor of it fits the allocation cap, before anything
 * is allocated. A shape is at most {@linkcode MAX_DIMS} non-negative integers, each at most
 * 2^53 − 1. Its storage (elements × `bytesPerElement`) may take at most
 * {@linkcode MAX_ALLOCATION_BYTES}; for a shape with a zero size the product of its other
 * sizes must fit too, since reducing over the zero dim (`zeros(0, n).sum(0)`) makes that many
 * elements.
 *
 * @param where The calling function, for errors, e.g. `"zeros()"`.
 * @param shape The sizes.
 * @param bytesPerElement The dtype's element size (4 for float32, 8 for float64).
 * @returns The number of elements.
 *
 * @example
 * ```ts
 * import { checkAllocation } from "./limits.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(checkAllocation("zeros()", [2, 3], 4), 6);
 * assert.throws(
 *   () => checkAllocation("zeros()", [100000, 100000], 4),
 *   /zeros\(\): can't allocate memory: you tried to allocate 40000000000 bytes/,
 * );
 * ```
 */
export function checkAllocation(
  where: string,
  shape: readonly number[],
  bytesPerElement: number,
): number {
  const expected = `${where}: a shape must be an array of non-negative integers`;
  if (!Array.isArray(shape)) throw new TypeError(`${expected}, got ${describe(shape)}`);
  const bad = shape.findIndex((s) => !Number.isInteger(s) || s < 0);
  if (bad >= 0) {
    throw new TypeError(
      `${expected}, got ${shapeText(shape)} (size ${describe(shape[bad])} at position ${bad})`,
    );
  }
  if (shape.length > MAX_DIMS) {
    throw new RangeError(
      `${where}: only tensors with up to ${MAX_DIMS} dims are supported, got ${shape.length} dims`,
    );
  }
  const huge = shape.findIndex((s) => s > Number.MAX_SAFE_INTEGER);
  if (huge >= 0) {
    throw new RangeError(
      `${where}: size ${exact(shape[huge])} at position ${huge} of shape ${
        shapeText(shape)
      } is larger than the largest size, 2^53 - 1 (sizes are exact integers)`,
    );
  }
  let numel = 1;
  let nonzero = 1;
  for (const s of shape) {
    numel *= s;
    if (s !== 0) nonzero *= s;
  }
  const bytes = numel * bytesPerElement;
  if (bytes > maxAllocationBytes) throw tooLarge(where, shape, bytesPerElement);
  const latent = nonzero * bytesPerElement;
  if (numel === 0 && latent > maxAllocationBytes) {
    throw new RangeError(
      `${where}: shape ${shapeText(shape)} is too large: it has no elements, but its other sizes ` +
        `multiply to ${exact(nonzero)}, so reducing over a zero dim would allocate ${
          exact(latent)
        } bytes (${humanBytes(latent)}); ${capText()}`,
    );
  }
  return numel;
}

/** The end of every cap message: the cap and how to raise it. */
function capText(): string {
  return `the limit is ${maxAllocationBytes} bytes (${
    humanBytes(maxAllocationBytes)
  }) per tensor (raise it with set_max_allocation_bytes() if the machine has the memory)`;
}

/** The cap error for `shape` (its element count, when a count is all there is) of `bpe` bytes. */
function tooLarge(where: string, shape: readonly number[], bpe: number): RangeError {
  let numel = 1;
  for (const s of shape) numel *= s;
  const bytes = numel * bpe;
  return new RangeError(
    `${where}: can't allocate memory: you tried to allocate ${exact(bytes)} bytes (${
      humanBytes(bytes)
    }) for shape ${shapeText(shape)}: ${exact(numel)} elements of ${bpe} bytes; ${capText()}`,
  );
}

/**
 * Checks, before anything is allocated, that an op's output (or a kernel's scratch array) of
 * `shape` and `bytesPerElement` bytes per element fits the cap; cheaper than
 * {@linkcode checkAllocation}, for shapes an op has already validated.
 *
 * @param where The op, for the error, e.g. `"add()"`.
 * @param shape The output's sizes.
 * @param bytesPerElement Bytes per element.
 * @returns The number of elements.
 */
export function checkOutput(
  where: string,
  shape: readonly number[],
  bytesPerElement: number,
): number {
  let numel = 1;
  for (const s of shape) numel *= s;
  if (numel * bytesPerElement > maxAllocationBytes) {
    throw tooLarge(callerName(where), shape, bytesPerElement);
  }
  return numel;
}

/** The library's root folder (lib/), to tell its stack frames from the caller's. */
const LIB_ROOT = new URL("../", import.meta.url).href;

/**
 * The public function or method the user called, read from the stack on the error path only:
 * the library's frame next to the caller's (e.g. `"Tensor.add()"`, `"eye()"`), else `fallback`.
 *
 * @param fallback The name when the stack says nothing useful.
 * @returns The name with `()`.
 */
export function callerName(fallback: string): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 200;
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = limit;
  // Innermost first: the last library frame before the first caller frame is the entry point
  // the caller used (inside a callback the library runs, such as no_grad's, the op called in
  // it, not no_grad).
  let name = "";
  let inLib = false;
  for (const line of stack.split("\n")) {
    if (!/^\s+at /.test(line)) continue;
    if (!line.includes(LIB_ROOT)) {
      if (inLib) break;
      continue;
    }
    inLib = true;
    const m = /at (?:new )?([\w$.]+) \(/.exec(line);
    if (m && !m[1].startsWith("eval")) name = m[1].replace(/^(?:Module|Object)\./, "");
  }
  if (name === "") return fallback;
  return `${name.replace(/^_+/, "").replace(/\._+/, ".")}()`;
}
