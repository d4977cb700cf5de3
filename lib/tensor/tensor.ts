/**
 * The {@linkcode Tensor} class: a storage seen through (shape, strides, offset), a dtype,
 * autograd state, and torch's methods.
 *
 * A tensor is a header over a {@linkcode Storage}, as torch's TensorImpl: views (`view`,
 * `select`, `transpose`, ...) are new headers over the same storage and see each other's
 * in-place writes; `contiguous()` is the only copy. Methods are thin: the math of each op lives
 * with its backward in its family's module under `lib/ops/`.
 *
 * @module
 */

import { addNodeInspect } from "./inspect.ts";
import { markSize } from "./size.ts";
import {
  AccumulateGrad,
  type BackwardFn,
  type Edge,
  type GradHook,
  is_grad_enabled,
  Node,
  type RemovableHandle,
} from "./autograd.ts";
import { allocate, type Data, describe, type DType, isFloating, tensorTypeName } from "./dtype.ts";
import * as sf from "../special/functions.ts";
import * as sg from "../special/gamma.ts";
import * as si from "../special/igamma.ts";
import { isContiguousLayout, normalizeDim, numelOf, sizeString, stridesOf } from "./shape.ts";
import { Storage } from "./storage.ts";
import { gatherStrided } from "./strided.ts";
// creation, devices, dtypes, random fills, views and indexing (issue 19)
import { CPU, type DeviceClass, notCpu } from "./device.ts";
import * as cv from "../ops/convert.ts";
import * as lg from "../ops/legacy.ts";
import * as rn from "../ops/random.ts";
import * as ar from "../ops/arrange.ts";
import { formatTensor } from "./format.ts";
import { tensorBundle } from "./html.ts";
import * as ew from "../ops/elementwise.ts";
import * as red from "../ops/reduce.ts";
import * as sm from "../ops/softmax.ts";
import * as vw from "../ops/view.ts";
import * as ip from "../ops/inplace.ts";
import * as ix from "../ops/indexing.ts";
import * as mt from "../ops/math.ts";
import * as ga from "../ops/gather.ts";
import * as la from "../ops/linalg.ts";
import * as rd from "../ops/reduce_dims.ts";
import * as llg from "../linalg/legacy.ts";
import type { SlogdetResult } from "../linalg/det.ts";
import type { CholeskyOptions } from "../linalg/cholesky.ts";
import { tensorBackward } from "../autograd/run.ts";
import * as hooks from "../autograd/hooks.ts";
import * as bm from "../ops/binary_math.ts";
import * as st from "../ops/statistics.ts";
import * as cu from "../ops/cumulative.ts";
import * as so from "../ops/sorting.ts";
import * as pr from "../ops/products.ts";
import type { MinMax, TensorTuple, ValuesIndices } from "../ops/return_types.ts";

/** Options of `Tensor.backward`, with torch's key. */
export interface BackwardOptions {
  /** The gradient with respect to this tensor (for a non-scalar). */
  gradient?: Tensor | null;
  /** Keep saved tensors so the graph can be back-propagated again. Defaults to create_graph. */
  retain_graph?: boolean | null;
  /** Record the graph of the gradients, for higher-order derivatives. Default false. */
  create_graph?: boolean;
  /** Accumulate only into these tensors' `.grad`. */
  inputs?: Tensor | readonly Tensor[] | null;
}

/** A nested array of numbers, as `Tensor.tolist()` returns and `tensor()` accepts. */
export type NestedNumbers = number | NestedNumbers[];

/** What `tolist()` returns: numbers, or booleans for a bool tensor, nested by dim. */
export type NestedValues = number | boolean | NestedValues[];

/** A view's link to the tensor it views, to regenerate its history after in-place writes. */
interface ViewInfo {
  /** The tensor that owns the storage (torch's `._base`). */
  readonly base: Tensor;
  /** Applies the same view ops to a tensor shaped like `base`. */
  readonly replay: (base: Tensor) => Tensor;
  /** The view ops from the base to this view, last first (replayed in a loop, not recursion). */
  readonly steps: ViewStep;
}

/** One view op of a chain and the ones before it (null at the base). */
interface ViewStep {
  readonly apply: (t: Tensor) => Tensor;
  readonly previous: ViewStep | null;
}

/** Replays a chain of view ops on `base` in a loop, so 10,000 chained views cannot overflow. */
function replaySteps(last: ViewStep, base: Tensor): Tensor {
  const steps: ((t: Tensor) => Tensor)[] = [];
  for (let s: ViewStep | null = last; s !== null; s = s.previous) steps.push(s.apply);
  let t = base;
  for (let i = steps.length - 1; i >= 0; i--) t = steps[i](t);
  return t;
}

// Fields of a tensor built by the library rather than by `new Tensor(...)`, handed to the
// constructor in module variables (not an object: one allocation less per op output).
// initStrides null: row-major contiguous, strides computed when first asked for.
let initStorage: Storage | null = null;
let initShape: readonly number[] = [];
let initStrides: readonly number[] | null = null;
let initOffset = 0;
let initDType: DType = "float32";
let internals: {
  storage(t: Tensor): Storage;
  setHistory(t: Tensor, node: Node): void;
  setView(t: Tensor, info: ViewInfo): void;
  view(t: Tensor): ViewInfo | null;
  setFresh(t: Tensor, fresh: boolean): boolean;
};

/**
 * An n-dimensional array of float32, float64, int64 or bool elements with reverse-mode
 * autograd, modelled on `torch.Tensor`. Create tensors with `tensor()`, `zeros()`, `ones()`,
 * `full()`, `arange()`, `rand()` or `randn()`.
 *
 * @example Autograd
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([1, 2, 3], { requires_grad: true });
 * const y = x.mul(x).sum();
 * y.backward();
 * assert.deepEqual(x.grad?.tolist(), [2, 4, 6]);
 * assert.equal(String(y), "tensor(14., grad_fn=<SumBackward0>)");
 * ```
 *
 * @example Views share storage
 * ```ts
 * import { zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const true_dist = zeros(2, 3);
 * true_dist.select(1, 0).fill_(0.5); // Python: true_dist[:, 0] = 0.5
 * assert.deepEqual(true_dist.tolist(), [[0.5, 0, 0], [0.5, 0, 0]]);
 * ```
 */
export class Tensor {
  /** The size of each dim, like `torch.Size` (`[]` for a 0-dim tensor). */
  readonly shape: readonly number[];
  /** `"float32"`, `"float64"`, `"int64"` or `"bool"`. */
  readonly dtype: DType;
  #storage: Storage;
  /** null: row-major contiguous, computed on first use (most op outputs never need them). */
  #strides: readonly number[] | null;
  #contiguous: boolean;
  #offset: number;
  #requiresGrad = false;
  #grad: Tensor | null = null;
  #gradFn: Node | null = null;
  #view: ViewInfo | null = null;
  /** The storage version this view's history was made at (views only). */
  #viewVersion = 0;
  /** A gradient nobody else holds yet (autograd's freshGrad / takeFresh). */
  #fresh = false;

  static {
    internals = {
      storage: (t) => t.#storage,
      setHistory: (t, node) => {
        t.#gradFn = node;
        t.#requiresGrad = true;
      },
      setView: (t, info) => {
        t.#view = info;
        t.#viewVersion = t.#storage.version;
      },
      view: (t) => t.#view,
      setFresh: (t, fresh) => {
        const was = t.#fresh;
        t.#fresh = fresh;
        return was;
      },
    };
  }

  /**
   * A new leaf tensor holding a copy of `array` in the given shape. Most code wants `tensor()`
   * instead, which also infers shapes from nested arrays.
   *
   * @param array The elements, row-major: a Float32Array gives float32, a Float64Array
   *   float64, a Uint8Array of 0/1 bool.
   * @param shape The size of each dim; the product must equal `array.length`.
   */
  constructor(array: Float32Array | Float64Array | Uint8Array, shape: readonly number[]) {
    const storage = initStorage;
    if (storage !== null) {
      initStorage = null;
      this.#storage = storage;
      this.shape = initShape;
      this.#strides = initStrides;
      this.#contiguous = initStrides === null || isContiguousLayout(initShape, initStrides);
      this.#offset = initOffset;
      this.dtype = initDType;
      return;
    }
    if (
      !(array instanceof Float32Array || array instanceof Float64Array ||
        array instanceof Uint8Array)
    ) {
      throw new TypeError(
        `Tensor: expected a Float32Array, Float64Array or Uint8Array, got ${describe(array)}`,
      );
    }
    const dims = checkSizes(shape, "Tensor");
    if (numelOf(dims) !== array.length) {
      throw new RangeError(
        `Tensor: shape [${dims.join(", ")}] holds ${
          numelOf(dims)
        } elements but the storage has ${array.length}`,
      );
    }
    const dtype: DType = array instanceof Float32Array
      ? "float32"
      : array instanceof Uint8Array
      ? "bool"
      : "float64";
    const copy = allocate(dtype, array.length);
    if (dtype === "bool") { for (let i = 0; i < array.length; i++) copy[i] = array[i] ? 1 : 0; }
    else copy.set(array);
    this.#storage = new Storage(copy);
    this.shape = Object.freeze(dims);
    this.#strides = null;
    this.#contiguous = true;
    this.#offset = 0;
    this.dtype = dtype;
  }

  /** Whether gradients are recorded for this tensor. Settable on leaves only, as in torch. */
  get requires_grad(): boolean {
    return this.#requiresGrad || this.grad_fn !== null;
  }
  set requires_grad(value: boolean) {
    this.requires_grad_(value);
  }

  /**
   * Sets `requires_grad` in place and returns this tensor, like `t.requires_grad_()`.
   *
   * @param requires_grad Default true.
   * @returns This tensor.
   */
  requires_grad_(requires_grad: boolean = true): this {
    if (typeof requires_grad !== "boolean") {
      throw new TypeError(`requires_grad must be a boolean, got ${describe(requires_grad)}`);
    }
    if (this.grad_fn !== null) {
      if (requires_grad) return this;
      throw new Error(
        `you can only change requires_grad flags of leaf variables; this tensor was made by ${this.grad_fn.name()}, so call .detach() first`,
      );
    }
    if (requires_grad && !isFloating(this.dtype)) {
      throw new TypeError(
        `only Tensors of floating point dtype can require gradients; this one is ${this.dtype} (convert with .float() first)`,
      );
    }
    this.#requiresGrad = requires_grad;
    return this;
  }

  /** The accumulated gradient of a leaf after `backward()`, else null. Assign null to reset. */
  get grad(): Tensor | null {
    return this.#grad;
  }
  set grad(value: Tensor | null) {
    if (value !== null) {
      requireTensor(value, "grad");
      if (value.dtype !== this.dtype) {
        throw new TypeError(
          `assigned grad has data of a different type: the tensor is ${this.dtype} but the grad is ${value.dtype}`,
        );
      }
      if (!sameSizes(value.shape, this.shape)) {
        throw new RangeError(
          `assigned grad has shape ${sizeString(value.shape)} but the tensor has shape ${
            sizeString(this.shape)
          }`,
        );
      }
    }
    this.#grad = value;
  }

  /** The node that produced this tensor (null for leaves). `grad_fn.name()` gives torch's name. */
  get grad_fn(): Node | null {
    const info = this.#view;
    // A view whose storage was written in place since its history was made sees the base's
    // new history, as torch regenerates a view's grad_fn (AsStridedBackward0).
    if (info !== null && this.#viewVersion !== this.#storage.version) {
      this.#viewVersion = this.#storage.version;
      if (info.base.requires_grad) {
        const base = info.base;
        const replay = info.replay;
        this.#gradFn = new Node("AsStridedBackward0", [base], (g) => [
          vw.intoZeros(g, base, replay),
        ]);
      }
    }
    return this.#gradFn;
  }

  /** Whether this tensor is a leaf of the graph (not produced by a recorded op). */
  get is_leaf(): boolean {
    return this.grad_fn === null;
  }

  /**
   * The same storage as a new leaf that does not require grad, like torch's `t.data`. As in
   * torch, writes through it are not seen by autograd's version checks.
   */
  get data(): Tensor {
    return makeTensor(
      new Storage(this.#storage.data),
      this.shape,
      this.#layout(),
      this.#offset,
      this.dtype,
    );
  }

  /** The base tensor this one is a view of (torch's `._base`), or null. */
  get _base(): Tensor | null {
    return this.#view?.base ?? null;
  }

  /** How many in-place writes its storage has seen (torch's `._version`). */
  get _version(): number {
    return this.#storage.version;
  }

  /** Number of elements. */
  numel(): number {
    return numelOf(this.shape);
  }

  /** Number of dims. */
  dim(): number {
    return this.shape.length;
  }

  /**
   * The shape, like `t.size()`.
   *
   * @returns The shape as an array.
   */
  size(): number[];
  /**
   * The size of one dim (negative dims count from the end), like `t.size(dim)`.
   *
   * @param dim The dim.
   * @returns Its size.
   */
  size(dim: number): number;
  size(dim?: number): number[] | number {
    // A torch.Size: legacy constructors read it as sizes (Tensor(x.size())), a list as data.
    if (dim === undefined) return markSize([...this.shape]);
    if (this.shape.length === 0) {
      throw new RangeError("size(dim): a 0-dim tensor has no dims; call size() instead");
    }
    return this.shape[normalizeDim(dim, this.shape.length, "size")];
  }

  /**
   * The strides (elements to step in storage per index of each dim), like `t.stride()`.
   *
   * @returns The strides.
   */
  stride(): number[];
  /**
   * The stride of one dim, like `t.stride(dim)`.
   *
   * @param dim The dim.
   * @returns Its stride.
   */
  stride(dim: number): number;
  stride(dim?: number): number[] | number {
    if (dim === undefined) return [...this.#layout()];
    if (this.shape.length === 0) {
      throw new RangeError("stride(dim): a 0-dim tensor has no dims; call stride() instead");
    }
    return this.#layout()[normalizeDim(dim, this.shape.length, "stride")];
  }

  /** Index of the first element in the storage, like `t.storage_offset()`. */
  storage_offset(): number {
    return this.#offset;
  }

  /** Whether the elements are laid out row-major without gaps, like `t.is_contiguous()`. */
  is_contiguous(): boolean {
    return this.#contiguous;
  }

  /** The strides, computing (once) those of a row-major tensor made without them. */
  #layout(): readonly number[] {
    return this.#strides ??= Object.freeze(stridesOf(this.shape));
  }

  /**
   * The value of a one-element tensor as a number, like `t.item()`. A bool tensor gives 1 or
   * 0 (torch gives True or False; JavaScript's `if` treats both alike).
   */
  item(): number {
    const n = this.numel();
    if (n !== 1) {
      throw new RangeError(
        `item(): only one element tensors can be converted to numbers, this one has ${n} (shape ${
          sizeString(this.shape)
        })`,
      );
    }
    return this.#storage.data[this.#offset];
  }

  /**
   * The elements as (nested) arrays, like `t.tolist()`: numbers, or booleans for a bool
   * tensor; a 0-dim tensor gives the value itself.
   */
  tolist(): NestedValues {
    const a = this.toTypedArray();
    const shape = this.shape;
    const bool = this.dtype === "bool";
    const value = (i: number): number | boolean => bool ? a[i] === 1 : a[i];
    if (shape.length === 0) return value(0);
    let pos = 0;
    const build = (d: number): NestedValues[] => {
      const out = new Array<NestedValues>(shape[d]);
      for (let i = 0; i < shape[d]; i++) {
        out[i] = d === shape.length - 1 ? value(pos++) : build(d + 1);
      }
      return out;
    };
    return build(0);
  }

  /**
   * A row-major copy of the elements: Float32Array (float32), Float64Array (float64; int64 as
   * exact integers) or Uint8Array of 0/1 (bool). Writing to it does not change the tensor.
   *
   * @returns The copy.
   */
  toTypedArray(): Data {
    const src = contiguousData(this);
    // A copy with its own buffer goes to the caller as it is; the storage (or part of it), or a
    // small copy cut from a shared slab (see allocate), is copied into a buffer of its own.
    return src.buffer !== this.#storage.data.buffer && src.byteLength === src.buffer.byteLength
      ? src
      : src.slice();
  }

  /** A new leaf sharing this tensor's storage, cut from the graph (`requires_grad` false). */
  detach(): Tensor {
    return makeTensor(this.#storage, this.shape, this.#layout(), this.#offset, this.dtype);
  }

  /**
   * Detaches this tensor from the graph in place, like `t.detach_()`.
   *
   * @returns This tensor, now a leaf that does not require grad.
   */
  detach_(): this {
    if (this.#view !== null) {
      throw new Error("detach_(): cannot detach a view in place; use detach() instead");
    }
    this.#gradFn = null;
    this.#requiresGrad = false;
    return this;
  }

  /**
   * Computes the gradient of this tensor with respect to graph leaves, accumulating into their
   * `.grad`, like torch's `backward(gradient, retain_graph, create_graph, inputs)`. As in torch,
   * nodes that saved tensors (mul, div, log, exp, softmax, ...) release them afterwards unless
   * `retain_graph` is set; it defaults to `create_graph`, which records the graph of the
   * gradients for higher-order derivatives.
   *
   * @param gradient Gradient of some scalar with respect to this tensor; needed unless this
   *   tensor has one element. May be omitted (or null) before options.
   * @param rest `retain_graph`, `create_graph`, `inputs` by position, or an options object.
   */
  backward(
    gradient?: Tensor | null | BackwardOptions,
    ...rest: (boolean | null | Tensor | readonly Tensor[] | BackwardOptions | undefined)[]
  ): void {
    tensorBackward(this, [gradient, ...rest]);
  }

  // ---- elementwise arithmetic (lib/ops/elementwise.ts) ----

  /** `this + other`, broadcasting (`alpha` scales other, as torch's `add(other, alpha=)`). */
  add(other: Tensor | number, alpha?: number): Tensor {
    return ew.add(this, other, alpha);
  }
  /** `this - other`, broadcasting. */
  sub(other: Tensor | number, alpha?: number): Tensor {
    return ew.sub(this, other, alpha);
  }
  /** `other - this`, like torch's `rsub` (Python's `1 - t`). */
  rsub(other: Tensor | number): Tensor {
    return ew.rsub(this, other);
  }
  /** `this * other`, broadcasting. */
  mul(other: Tensor | number): Tensor {
    return ew.binary("mul", this, other);
  }
  /**
   * `this / other`, broadcasting; integers give floats. `rounding_mode` `"trunc"` or
   * `"floor"` rounds the quotient, keeping integer dtypes, as torch's `div(..., rounding_mode=)`.
   */
  div(other: Tensor | number, options?: ew.DivOptions): Tensor {
    return ew.div(this, other, options);
  }
  /** `floor(this / other)`, keeping integer dtypes, like `torch.floor_divide` (Python's `//`). */
  floor_divide(other: Tensor | number): Tensor {
    return ew.binary("floor_divide", this, other);
  }
  /** `this * log(other)`, with 0 where `this` is 0 (unless `other` is NaN), like `torch.xlogy`. */
  xlogy(other: Tensor | number): Tensor {
    return ew.binary("xlogy", this, other);
  }
  /** `-this`. */
  neg(): Tensor {
    return ew.unary("neg", this);
  }
  /** Natural logarithm, elementwise. */
  log(): Tensor {
    return ew.unary("log", this);
  }
  /** `e ** this`, elementwise. */
  exp(): Tensor {
    return ew.unary("exp", this);
  }
  /**
   * Clamps every element into `[min, max]` (either may be null/undefined), like `t.clamp`.
   * The gradient passes where the element is inside the bounds (bounds included), as torch's.
   */
  clamp(
    ...rest: [
      min?: number | Tensor | null | mt.ClampOptions,
      max?: number | Tensor | null,
      options?: mt.ClampOptions,
    ]
  ): Tensor {
    return mt.clamp(this, ...rest);
  }

  // ---- comparisons, masks and logic (lib/ops/elementwise.ts) ----

  /** `this == other` elementwise, a bool tensor. */
  eq(other: Tensor | number | boolean): Tensor {
    return ew.compare("eq", this, other);
  }
  /** `this != other` elementwise, a bool tensor. */
  ne(other: Tensor | number | boolean): Tensor {
    return ew.compare("ne", this, other);
  }
  /** `this < other` elementwise, a bool tensor. */
  lt(other: Tensor | number | boolean): Tensor {
    return ew.compare("lt", this, other);
  }
  /** `this <= other` elementwise, a bool tensor. */
  le(other: Tensor | number | boolean): Tensor {
    return ew.compare("le", this, other);
  }
  /** `this > other` elementwise, a bool tensor. */
  gt(other: Tensor | number | boolean): Tensor {
    return ew.compare("gt", this, other);
  }
  /** `this >= other` elementwise, a bool tensor. */
  ge(other: Tensor | number | boolean): Tensor {
    return ew.compare("ge", this, other);
  }
  /** Elementwise NOT (nonzero is true), a bool tensor; Python's `~mask`. */
  logical_not(): Tensor {
    return ew.logicalNot(this);
  }
  /** Elementwise AND of truth values, a bool tensor; Python's `m1 & m2` on masks. */
  logical_and(other: Tensor | number | boolean): Tensor {
    return ew.compare("logical_and", this, other);
  }
  /** Elementwise OR of truth values, a bool tensor; Python's `m1 | m2` on masks. */
  logical_or(other: Tensor | number | boolean): Tensor {
    return ew.compare("logical_or", this, other);
  }
  /** Elementwise XOR of truth values, a bool tensor. */
  logical_xor(other: Tensor | number | boolean): Tensor {
    return ew.compare("logical_xor", this, other);
  }
  /** `value` where `mask` is true, else this tensor's element, like `t.masked_fill(mask, v)`. */
  masked_fill(mask: Tensor, value: number | boolean | Tensor): Tensor {
    return ew.masked_fill(this, mask, value);
  }
  /** This tensor's element where `condition` is true, else `other`'s, like `t.where(c, o)`. */
  where(condition: Tensor, other: Tensor | number | boolean): Tensor {
    return ew.where(condition, this, other);
  }

  // ---- reductions (lib/ops/reduce.ts) ----

  /**
   * Sum of all elements, or over `dim` (one dim or a list; negative dims count from the end).
   * Integer and bool tensors sum to int64, as in torch; `{ dtype }` casts the input first.
   *
   * @param args `dim`, `keepdim` by position or in an options object; `{ dtype }`.
   * @returns The sum.
   */
  sum(
    ...args: [
      dim?: number | readonly number[] | null | red.SumOptions,
      keepdim?: boolean | red.SumOptions,
      options?: red.SumOptions,
    ]
  ): Tensor {
    return red.sum(this, ...args);
  }

  /**
   * Mean of all elements, or over `dim` (one dim or a list; negative dims count from the end).
   *
   * @param args `dim`, `keepdim` by position or in an options object; `{ dtype }`.
   * @returns The mean.
   */
  mean(
    ...args: [
      dim?: number | readonly number[] | null | red.SumOptions,
      keepdim?: boolean | red.SumOptions,
      options?: red.SumOptions,
    ]
  ): Tensor {
    return red.mean(this, ...args);
  }

  // ---- softmax (lib/ops/softmax.ts) ----

  /** `softmax` along `dim`, like `t.softmax(dim, dtype=)`. */
  softmax(
    ...args: [
      dim: number | sm.SoftmaxOptions,
      dtype?: DType | null | sm.SoftmaxOptions,
      options?: sm.SoftmaxOptions,
    ]
  ): Tensor {
    return sm.softmax(this, ...args);
  }
  /** `log_softmax` along `dim`, like `t.log_softmax(dim, dtype=)`. */
  log_softmax(
    ...args: [
      dim: number | sm.SoftmaxOptions,
      dtype?: DType | null | sm.SoftmaxOptions,
      options?: sm.SoftmaxOptions,
    ]
  ): Tensor {
    return sm.log_softmax(this, ...args);
  }

  // ---- views and copies (lib/ops/view.ts) ----

  /**
   * A view with another shape (one size may be -1), like `t.view(...)`; the layout must allow
   * it without a copy (else use `reshape`).
   *
   * @param shape The new sizes, as arguments or one array.
   * @returns The view.
   */
  view(...shape: number[] | [readonly number[]]): Tensor {
    return vw.view(this, sizesArg(shape));
  }
  /**
   * The same elements with another shape (one size may be -1), like `t.reshape(...)`: a view
   * when the layout allows, else a copy.
   *
   * @param shape The new sizes, as arguments or one array.
   * @returns The reshaped tensor.
   */
  reshape(...shape: number[] | [readonly number[]]): Tensor {
    return vw.reshape(this, sizesArg(shape));
  }
  /** `view(other.shape)`, like `t.view_as(other)`. */
  view_as(other: Tensor): Tensor {
    return vw.view(this, other.shape);
  }
  /** `reshape(other.shape)`, like `t.reshape_as(other)`. */
  reshape_as(other: Tensor): Tensor {
    return vw.reshape(this, other.shape);
  }
  /** A view with a size-1 dim inserted at `dim`, like `t.unsqueeze(dim)`. */
  unsqueeze(dim: number): Tensor {
    return vw.unsqueeze(this, dim);
  }
  /** A view without size-1 dims (all, or only `dim`), like `t.squeeze(dim?)`. */
  squeeze(dim?: number): Tensor {
    return vw.squeeze(this, dim);
  }
  /**
   * A view repeating size-1 dims to the given sizes (-1 keeps a size), like `t.expand(...)`.
   *
   * @param sizes The new sizes, as arguments or one array.
   * @returns The view (stride 0 along expanded dims).
   */
  expand(...sizes: number[] | [readonly number[]]): Tensor {
    return vw.expand(this, sizesArg(sizes));
  }
  /** `expand(other.shape)`, like `t.expand_as(other)`. */
  expand_as(other: Tensor): Tensor {
    return vw.expand(this, other.shape);
  }
  /** The transpose of a tensor of at most 2 dims, like `t.t()`. */
  t(): Tensor {
    return vw.t(this);
  }
  /** A view with dims `dim0` and `dim1` swapped, like `t.transpose(dim0, dim1)`. */
  transpose(dim0: number, dim1: number): Tensor {
    return vw.transpose(this, dim0, dim1);
  }
  /**
   * A view with the dims reordered, like `t.permute(...)`.
   *
   * @param dims The new order, as arguments or one array.
   * @returns The view.
   */
  permute(...dims: number[] | [readonly number[]]): Tensor {
    return vw.permute(this, sizesArg(dims));
  }
  /** Dims `start_dim..end_dim` merged into one, like `t.flatten(start_dim, end_dim)`. */
  flatten(start_dim: number = 0, end_dim: number = -1): Tensor {
    return vw.flatten(this, start_dim, end_dim);
  }
  /** The slice at `index` along `dim`, without that dim, like `t.select(dim, index)`. */
  select(dim: number, index: number): Tensor {
    return vw.select(this, dim, index);
  }
  /** `length` entries from `start` along `dim`, a view, like `t.narrow(dim, start, length)`. */
  narrow(dim: number, start: number, length: number): Tensor {
    return vw.narrow(this, dim, start, length);
  }
  /**
   * Views of consecutive pieces along `dim`, like `t.split(split_size_or_sections, dim)`.
   *
   * @param split_size_or_sections Size of each piece (the last may be smaller) or a list of
   *   sizes.
   * @param dim The dim to split. Default 0.
   * @returns The pieces.
   */
  split(split_size_or_sections: number | readonly number[], dim: number = 0): Tensor[] {
    return vw.split(this, split_size_or_sections, dim);
  }
  /** `chunks` views of (nearly) equal size along `dim`, like `t.chunk(chunks, dim)`. */
  chunk(chunks: number, dim: number = 0): Tensor[] {
    return vw.chunk(this, chunks, dim);
  }
  /** The slices along `dim`, each without that dim, like `t.unbind(dim)`. */
  unbind(dim: number = 0): Tensor[] {
    return vw.unbind(this, dim);
  }
  /**
   * This tensor tiled along each dim, like `t.repeat(...)` (a copy).
   *
   * @param sizes Repeats per dim, as arguments or one array.
   * @returns The tiled tensor.
   */
  repeat(...sizes: number[] | [readonly number[]]): Tensor {
    return vw.repeat(this, sizesArg(sizes));
  }
  /** This tensor if contiguous, else a row-major copy, like `t.contiguous()`. */
  contiguous(): Tensor {
    return vw.contiguous(this);
  }
  /** A copy with its own storage; recorded by autograd like torch's clone. */
  clone(): Tensor {
    return vw.toDType(this, this.dtype, "CloneBackward0");
  }

  // ---- dtype conversions (lib/ops/view.ts) ----

  /**
   * This tensor on a device and/or in a dtype, like torch's `t.to(...)` in all its forms:
   * `to(dtype)`, `to(device)`, `to(device, dtype)`, `to(other)` (its dtype and device),
   * `to({ device, dtype, copy })`, with `non_blocking` and `copy` after the dtype or device.
   * Returns this tensor itself when nothing changes (unless `copy`), else a copy
   * (ToCopyBackward0). kldiv computes on the CPU: `"cpu"` is accepted, `"cuda"` is an error.
   *
   * @param args The dtype, device or tensor, then flags or an options object.
   * @returns This tensor, or the converted copy.
   */
  to(...args: cv.ToArgs): Tensor {
    return cv.to(this, args);
  }
  /** This tensor as float64, like `t.double()`. */
  double(): Tensor {
    return this.to("float64");
  }
  /** This tensor as float32, like `t.float()`. */
  float(): Tensor {
    return this.to("float32");
  }
  /** This tensor as int64 (truncating toward zero), like `t.long()`. */
  long(): Tensor {
    return this.to("int64");
  }
  /** This tensor as bool (nonzero is true), like `t.bool()`. */
  bool(): Tensor {
    return this.to("bool");
  }
  /** This tensor in `other`'s dtype, like `t.type_as(other)`. */
  type_as(other: Tensor): Tensor {
    return this.to(other.dtype);
  }

  // ---- in-place ops (lib/ops/inplace.ts) ----

  /** Sets every element to `value`, like `t.fill_(value)`. */
  fill_(value: number | boolean | Tensor): this {
    return ip.fill_(this, value);
  }
  /** Sets every element to 0, like `t.zero_()`. */
  zero_(): this {
    return ip.fill_(this, 0);
  }
  /** `this += alpha · other` in place, like `t.add_(other, alpha)`. */
  add_(other: Tensor | number, alpha?: number): this {
    return ip.apply_(this, "add_", (self) => ew.add(self, other, alpha), [other]);
  }
  /** `this -= alpha · other` in place, like `t.sub_(other, alpha)`. */
  sub_(other: Tensor | number, alpha?: number): this {
    return ip.apply_(this, "sub_", (self) => ew.sub(self, other, alpha), [other]);
  }
  /** `this *= other` in place, like `t.mul_(other)`. */
  mul_(other: Tensor | number): this {
    return ip.apply_(this, "mul_", (self) => ew.binary("mul", self, other), [other]);
  }
  /** `this /= other` in place, like `t.div_(other)`. */
  div_(other: Tensor | number, options?: ew.DivOptions): this {
    return ip.apply_(this, "div_", (self) => ew.div(self, other, options), [other]);
  }
  /** Clamps in place, like `t.clamp_(min, max)`. */
  clamp_(
    ...rest: [
      min?: number | Tensor | null | mt.ClampOptions,
      max?: number | Tensor | null,
      options?: mt.ClampOptions,
    ]
  ): this {
    return ip.apply_(this, "clamp_", (self) => mt.clamp(self, ...rest), []);
  }
  /** Writes `value` where `mask` is true, like `t.masked_fill_(mask, value)`. */
  masked_fill_(mask: Tensor, value: number | boolean | Tensor): this {
    return ip.apply_(this, "masked_fill_", (self) => ew.masked_fill(self, mask, value), [
      mask,
      value,
    ]);
  }
  /** Copies `src` (broadcast, cast to this dtype) into this tensor, like `t.copy_(src)`. */
  copy_(src: Tensor): this {
    return ip.copy_(this, src);
  }

  // ---- indexing (lib/ops/indexing.ts) ----

  /**
   * Python's `t[...]`: each argument indexes one dim — a number selects, a slice string
   * (`":"`, `"1:3"`, `"::2"`, `"-1:"`) narrows, `null` inserts a size-1 dim (Python's `None`),
   * `"..."` stands for the remaining dims, an int64 tensor or array picks entries, a bool
   * tensor masks. Numbers, slices, `null` and `"..."` alone give a view.
   *
   * @param indices One index per dim, as Python writes them between the brackets.
   * @returns The indexed tensor.
   */
  index(...indices: ix.Index[]): Tensor {
    return ix.index(this, indices);
  }
  /**
   * Python's `t[indices] = values`: writes `values` (broadcast) at the positions `index()`
   * would read, in place.
   *
   * @param indices The indices, as for {@linkcode Tensor.index}.
   * @param values A tensor or a number.
   * @param accumulate Add instead of writing (repeated indices add up). Default false.
   * @returns This tensor.
   */
  index_put_(
    indices: readonly ix.Index[],
    values: Tensor | number | boolean,
    accumulate: boolean = false,
  ): this {
    return ix.index_put_(this, indices, values, accumulate);
  }

  // ---- gather, scatter, masks and joins (lib/ops/gather.ts) ----

  /** The entries at `index` (1-D int64) along `dim`, like `t.index_select(dim, index)`. */
  index_select(dim: number, index: Tensor): Tensor {
    return ga.index_select(this, dim, index);
  }
  /** The entries along `dim` at `index`, like `t.gather(dim, index)`. */
  gather(dim: number, index: Tensor): Tensor {
    return ga.gather(this, dim, index);
  }
  /** A copy with `src` (tensor or number) written at `index` along `dim`, like `t.scatter`. */
  scatter(
    dim: number,
    index: Tensor,
    src: Tensor | number | boolean,
    options?: ga.ScatterOptions,
  ): Tensor {
    return ga.scatter(this, dim, index, src, options);
  }
  /** `scatter` in place, like `t.scatter_(dim, index, src)`. */
  scatter_(
    dim: number,
    index: Tensor,
    src: Tensor | number | boolean,
    options?: ga.ScatterOptions,
  ): this {
    return ga.scatter_(this, dim, index, src, options);
  }
  /** A copy with `src` added at `index` along `dim`, like `t.scatter_add(dim, index, src)`. */
  scatter_add(dim: number, index: Tensor, src: Tensor): Tensor {
    return ga.scatter_add(this, dim, index, src);
  }
  /** `scatter_add` in place, like `t.scatter_add_(dim, index, src)`. */
  scatter_add_(dim: number, index: Tensor, src: Tensor): this {
    return ga.scatter_add_(this, dim, index, src);
  }
  /** A copy with the entries at `index` along `dim` set to `value`, like `t.index_fill`. */
  index_fill(dim: number, index: Tensor, value: number | boolean): Tensor {
    return ga.index_fill(this, dim, index, value);
  }
  /** `index_fill` in place, like `t.index_fill_(dim, index, value)`. */
  index_fill_(dim: number, index: Tensor, value: number | boolean): this {
    return ga.index_fill_(this, dim, index, value);
  }
  /** The entries at `indices` along `dim` (broadcasting), like `t.take_along_dim`. */
  take_along_dim(indices: Tensor, dim?: number | null): Tensor {
    return ga.take_along_dim(this, indices, dim);
  }
  /** The entries where `mask` is true, 1-D, like `t.masked_select(mask)`. */
  masked_select(mask: Tensor): Tensor {
    return ga.masked_select(this, mask);
  }
  /**
   * The positions of nonzero entries, like `t.nonzero()`: int64 `[n, ndim]`.
   *
   * @param options `as_tuple: true` gives one 1-D int64 tensor per dim instead.
   * @returns The positions.
   */
  nonzero(options: ga.NonzeroOptions & { as_tuple: true }): Tensor[];
  /**
   * The positions of nonzero entries as an int64 tensor of shape `[n, ndim]`.
   *
   * @param options `as_tuple: false` (the default).
   * @returns The positions.
   */
  nonzero(options?: ga.NonzeroOptions): Tensor;
  nonzero(options?: ga.NonzeroOptions): Tensor | Tensor[] {
    return ga.nonzero(this, options);
  }
  /** Whether any element is nonzero (overall or along `dim`), like `t.any(dim, keepdim)`. */
  any(dim?: number, keepdim?: boolean): Tensor {
    return ga.any(this, dim, keepdim);
  }
  /** Whether every element is nonzero (overall or along `dim`), like `t.all(dim, keepdim)`. */
  all(dim?: number, keepdim?: boolean): Tensor {
    return ga.all(this, dim, keepdim);
  }
  /** How many elements are nonzero (overall or over `dim`), int64, like `t.count_nonzero`. */
  count_nonzero(dim?: number | readonly number[] | null): Tensor {
    return ga.count_nonzero(this, dim);
  }
  /** Position of the largest element (flattened or along `dim`), int64, like `t.argmax`. */
  argmax(dim?: number | null, keepdim?: boolean): Tensor {
    return ga.argmax(this, dim, keepdim);
  }
  /** Position of the smallest element (flattened or along `dim`), int64, like `t.argmin`. */
  argmin(dim?: number | null, keepdim?: boolean): Tensor {
    return ga.argmin(this, dim, keepdim);
  }

  // ---- more elementwise math (lib/ops/math.ts) ----

  /** `this ** exponent` (a number or a tensor, broadcast), like `t.pow(exponent)`. */
  pow(exponent: Tensor | number | boolean): Tensor {
    return mt.pow(this, exponent);
  }
  /** The square root, like `t.sqrt()`; integers give floats. */
  sqrt(): Tensor {
    return mt.sqrt(this);
  }
  /** `1 / sqrt(this)`, like `t.rsqrt()`. */
  rsqrt(): Tensor {
    return mt.rsqrt(this);
  }
  /** `this * this`, like `t.square()`; int64 stays int64. */
  square(): Tensor {
    return mt.square(this);
  }
  /** The absolute value, like `t.abs()`; the gradient at 0 is 0. */
  abs(): Tensor {
    return mt.abs(this);
  }
  /** −1, 0 or 1 by sign (0 for NaN), like `t.sign()`. */
  sign(): Tensor {
    return mt.sign(this);
  }
  /** `max(this, min)` elementwise, like `t.clamp_min(min)`. */
  clamp_min(min: Tensor | number): Tensor {
    return mt.clamp_min(this, min);
  }
  /** `min(this, max)` elementwise, like `t.clamp_max(max)`. */
  clamp_max(max: Tensor | number): Tensor {
    return mt.clamp_max(this, max);
  }
  /** The logistic function, like `t.sigmoid()`. */
  sigmoid(): Tensor {
    return mt.sigmoid(this);
  }
  /** The hyperbolic tangent, like `t.tanh()`. */
  tanh(): Tensor {
    return mt.tanh(this);
  }
  /** `max(this, 0)`, like `t.relu()`. */
  relu(): Tensor {
    return mt.relu(this);
  }
  /** `log(1 + this)`, like `t.log1p()`. */
  log1p(): Tensor {
    return mt.log1p(this);
  }
  /** `exp(this) − 1`, like `t.expm1()`. */
  expm1(): Tensor {
    return mt.expm1(this);
  }
  /** The base-2 logarithm, like `t.log2()`. */
  log2(): Tensor {
    return mt.log2(this);
  }
  /** The base-10 logarithm, like `t.log10()`. */
  log10(): Tensor {
    return mt.log10(this);
  }
  /** `1 / this`, like `t.reciprocal()`. */
  reciprocal(): Tensor {
    return mt.reciprocal(this);
  }
  /** Rounds down, like `t.floor()`. */
  floor(): Tensor {
    return mt.floor(this);
  }
  /** Rounds up, like `t.ceil()`. */
  ceil(): Tensor {
    return mt.ceil(this);
  }
  /** Rounds half to even (or to `decimals` places), like `t.round(decimals=)`. */
  round(options?: mt.RoundOptions): Tensor {
    return mt.round(this, options);
  }
  /** The elementwise larger of this and `other` (NaN propagates), like `t.maximum(other)`. */
  maximum(other: Tensor): Tensor {
    return mt.maximum(this, other);
  }
  /** The elementwise smaller of this and `other` (NaN propagates), like `t.minimum(other)`. */
  minimum(other: Tensor): Tensor {
    return mt.minimum(this, other);
  }
  /** `this + weight · (end − this)`, like `t.lerp(end, weight)`. */
  lerp(end: Tensor, weight: Tensor | number): Tensor {
    return mt.lerp(this, end, weight);
  }
  /** Where elements are NaN, a bool tensor, like `t.isnan()`. */
  isnan(): Tensor {
    return mt.isnan(this);
  }
  /** Where elements are ±∞, a bool tensor, like `t.isinf()`. */
  isinf(): Tensor {
    return mt.isinf(this);
  }
  /** Where elements are finite, a bool tensor, like `t.isfinite()`. */
  isfinite(): Tensor {
    return mt.isfinite(this);
  }
  /** NaN, +∞, −∞ replaced (defaults 0 and the dtype's extremes), like `t.nan_to_num(...)`. */
  nan_to_num(options?: mt.NanToNumOptions): Tensor {
    return mt.nan_to_num(this, options);
  }
  /** The number of dims, like `t.ndimension()` (an alias of `dim()`). */
  ndimension(): number {
    return this.dim();
  }
  /** `this **= exponent` in place, like `t.pow_(exponent)`. */
  pow_(exponent: Tensor | number | boolean): this {
    return ip.apply_(this, "pow_", (self) => mt.pow(self, exponent), [exponent]);
  }
  /** The square root in place, like `t.sqrt_()`. */
  sqrt_(): this {
    return ip.apply_(this, "sqrt_", mt.sqrt, []);
  }
  /** `1 / sqrt(this)` in place, like `t.rsqrt_()`. */
  rsqrt_(): this {
    return ip.apply_(this, "rsqrt_", mt.rsqrt, []);
  }
  /** The square in place, like `t.square_()`. */
  square_(): this {
    return ip.apply_(this, "square_", mt.square, []);
  }
  /** The absolute value in place, like `t.abs_()`. */
  abs_(): this {
    return ip.apply_(this, "abs_", mt.abs, []);
  }
  /** The sign in place, like `t.sign_()`. */
  sign_(): this {
    return ip.apply_(this, "sign_", mt.sign, []);
  }
  /** `max(this, min)` in place, like `t.clamp_min_(min)`. */
  clamp_min_(min: Tensor | number): this {
    return ip.apply_(this, "clamp_min_", (self) => mt.clamp_min(self, min), [min]);
  }
  /** `min(this, max)` in place, like `t.clamp_max_(max)`. */
  clamp_max_(max: Tensor | number): this {
    return ip.apply_(this, "clamp_max_", (self) => mt.clamp_max(self, max), [max]);
  }
  /** The logistic function in place, like `t.sigmoid_()`. */
  sigmoid_(): this {
    return ip.apply_(this, "sigmoid_", mt.sigmoid, []);
  }
  /** The hyperbolic tangent in place, like `t.tanh_()`. */
  tanh_(): this {
    return ip.apply_(this, "tanh_", mt.tanh, []);
  }
  /** `max(this, 0)` in place, like `t.relu_()`. */
  relu_(): this {
    return ip.apply_(this, "relu_", mt.relu, []);
  }
  /** `log(1 + this)` in place, like `t.log1p_()`. */
  log1p_(): this {
    return ip.apply_(this, "log1p_", mt.log1p, []);
  }
  /** `exp(this) − 1` in place, like `t.expm1_()`. */
  expm1_(): this {
    return ip.apply_(this, "expm1_", mt.expm1, []);
  }
  /** `1 / this` in place, like `t.reciprocal_()`. */
  reciprocal_(): this {
    return ip.apply_(this, "reciprocal_", mt.reciprocal, []);
  }
  /** Rounds down in place, like `t.floor_()`. */
  floor_(): this {
    return ip.apply_(this, "floor_", mt.floor, []);
  }
  /** Rounds up in place, like `t.ceil_()`. */
  ceil_(): this {
    return ip.apply_(this, "ceil_", mt.ceil, []);
  }
  /** Rounds half to even in place, like `t.round_(decimals=)`. */
  round_(options?: mt.RoundOptions): this {
    return ip.apply_(this, "round_", (self) => mt.round(self, options), []);
  }
  /** `e ** this` in place, like `t.exp_()`. */
  exp_(): this {
    return ip.apply_(this, "exp_", mt.exp, []);
  }
  /** The natural logarithm in place, like `t.log_()`. */
  log_(): this {
    return ip.apply_(this, "log_", mt.log, []);
  }
  /** `-this` in place, like `t.neg_()`. */
  neg_(): this {
    return ip.apply_(this, "neg_", mt.neg, []);
  }
  /** Interpolates towards `end` in place, like `t.lerp_(end, weight)`. */
  lerp_(end: Tensor, weight: Tensor | number): this {
    return ip.apply_(this, "lerp_", (self) => mt.lerp(self, end, weight), [end, weight]);
  }
  /** Replaces NaN and infinities in place, like `t.nan_to_num_(...)`. */
  nan_to_num_(options?: mt.NanToNumOptions): this {
    return ip.apply_(this, "nan_to_num_", (self) => mt.nan_to_num(self, options), []);
  }

  // ---- reductions over dims, sorting (lib/ops/reduce_dims.ts) ----

  /** Product of all elements, or along `dim`, like `t.prod(dim, keepdim, dtype=)`. */
  prod(
    ...args: [
      dim?: number | null | rd.ProdOptions,
      keepdim?: boolean | rd.ProdOptions,
      options?: rd.ProdOptions,
    ]
  ): Tensor {
    return rd.prod(this, ...args);
  }
  /** The largest element, like `t.max()`. */
  max(): Tensor;
  /** The largest elements along `dim` and their int64 indices, like `t.max(dim, keepdim)`. */
  max(
    dim: number | { dim: number; keepdim?: boolean },
    keepdim?: boolean | { keepdim?: boolean },
  ): rd.ValuesIndices;
  /** The elementwise larger of this and `other`, like `t.max(other)`. */
  max(other: Tensor): Tensor;
  /** The largest element, `{ values, indices }` along `dim`, or the elementwise max. */
  max(
    dim?: number | Tensor | { dim: number; keepdim?: boolean },
    keepdim?: boolean | { keepdim?: boolean },
  ): Tensor | rd.ValuesIndices {
    if (dim === undefined) return rd.max(this);
    if (dim instanceof Tensor) return rd.max(this, dim);
    return rd.max(this, dim, keepdim);
  }
  /** The smallest element, like `t.min()`. */
  min(): Tensor;
  /** The smallest elements along `dim` and their int64 indices, like `t.min(dim, keepdim)`. */
  min(
    dim: number | { dim: number; keepdim?: boolean },
    keepdim?: boolean | { keepdim?: boolean },
  ): rd.ValuesIndices;
  /** The elementwise smaller of this and `other`, like `t.min(other)`. */
  min(other: Tensor): Tensor;
  /** The smallest element, `{ values, indices }` along `dim`, or the elementwise min. */
  min(
    dim?: number | Tensor | { dim: number; keepdim?: boolean },
    keepdim?: boolean | { keepdim?: boolean },
  ): Tensor | rd.ValuesIndices {
    if (dim === undefined) return rd.min(this);
    if (dim instanceof Tensor) return rd.min(this, dim);
    return rd.min(this, dim, keepdim);
  }
  /** The largest values over `dim` (all when omitted), like `t.amax(dim, keepdim)`. */
  amax(dim?: rd.Dims, keepdim?: boolean): Tensor {
    return rd.amax(this, dim, keepdim);
  }
  /** The smallest values over `dim` (all when omitted), like `t.amin(dim, keepdim)`. */
  amin(dim?: rd.Dims, keepdim?: boolean): Tensor {
    return rd.amin(this, dim, keepdim);
  }
  /** `log(Σ exp(t))` over `dim`, computed stably, like `t.logsumexp(dim, keepdim)`. */
  logsumexp(dim: rd.Dims, keepdim?: boolean): Tensor {
    return rd.logsumexp(this, dim, keepdim);
  }
  /** Variance, like `t.var()`, `t.var(unbiased)`, `t.var(dim, unbiased, keepdim)`, `t.var(dim, { correction })`. */
  var(
    dim?: rd.Dims | boolean | null,
    unbiased?: boolean | rd.VarOptions,
    keepdim?: boolean,
  ): Tensor {
    return rd.variance(this, dim, unbiased, keepdim);
  }
  /** Standard deviation, with `var`'s arguments, like `t.std(...)`. */
  std(
    dim?: rd.Dims | boolean | null,
    unbiased?: boolean | rd.VarOptions,
    keepdim?: boolean,
  ): Tensor {
    return rd.std(this, dim, unbiased, keepdim);
  }
  /** The p-norm (2 by default; 1, any number, ±Infinity, "fro") over `dim`, like `t.norm(p, dim, keepdim)`. */
  norm(p?: number | "fro", dim?: rd.Dims | null, keepdim?: boolean): Tensor {
    return rd.norm(this, p, dim, keepdim);
  }
  /** Running sums along `dim`, like `t.cumsum(dim, dtype=)`. */
  cumsum(
    ...args: [dim: number | { dim: number; dtype?: DType | null }, options?: {
      dtype?: DType | null;
    }]
  ): Tensor {
    return rd.cumsum(this, ...args);
  }
  /** The `k` largest (or smallest) along `dim` with their indices, like `t.topk(k, dim, largest, sorted)`. */
  topk(
    ...args: [
      k: number | rd.TopkOptions,
      dim?: number | rd.TopkOptions,
      largest?: boolean | rd.TopkOptions,
      sorted?: boolean | rd.TopkOptions,
      options?: rd.TopkOptions,
    ]
  ): rd.ValuesIndices {
    return rd.topk(this, ...args);
  }
  /** Sorted values along `dim` with their indices, like `t.sort(dim, descending, { stable })`. */
  sort(
    dim?: number | rd.SortOptions,
    descending?: boolean,
    options?: rd.SortOptions,
  ): rd.ValuesIndices {
    return rd.sort(this, dim, descending, options);
  }

  // ---- linear algebra (lib/ops/linalg.ts) ----

  /** Matrix product with torch's rules for every rank, like `a @ b` / `torch.matmul`. */
  matmul(other: Tensor): Tensor {
    return la.matmul(this, other);
  }

  /** Matrix product of two 2-D tensors, like `torch.mm`. */
  mm(mat2: Tensor): Tensor {
    return la.mm(this, mat2);
  }

  /** Batched matrix product of two 3-D tensors, like `torch.bmm`. */
  bmm(mat2: Tensor): Tensor {
    return la.bmm(this, mat2);
  }

  /** Matrix-vector product, like `torch.mv`. */
  mv(vec: Tensor): Tensor {
    return la.mv(this, vec);
  }

  /** Inner product of two 1-D tensors, like `torch.dot`. */
  dot(other: Tensor): Tensor {
    return la.dot(this, other);
  }

  /** Outer product of two 1-D tensors, like `torch.outer`. */
  outer(vec2: Tensor): Tensor {
    return la.outer(this, vec2);
  }

  // ---- creation, devices, dtypes, random fills, views and indexing (issue 19) ----

  /** The device the tensor lives on, like `t.device`: always `device(type='cpu')`. */
  get device(): DeviceClass {
    return CPU;
  }
  /** Whether the tensor is on a CUDA device, like `t.is_cuda`: always false (kldiv computes on the CPU). */
  get is_cuda(): boolean {
    return false;
  }
  /** Whether the tensor is on the CPU, like `t.is_cpu`: always true. */
  get is_cpu(): boolean {
    return true;
  }
  /** This tensor (already on the CPU), like `t.cpu()`. */
  cpu(): this {
    return this;
  }
  /** torch's `t.cuda()`: an error, since kldiv computes on the CPU only. */
  cuda(): never {
    throw notCpu("cuda", "cuda()");
  }
  /**
   * The elements as a row-major typed array copy, for `t.numpy()` (there is no NumPy in
   * JavaScript; see `toTypedArray`, and `tolist()` for nested arrays). Refuses a tensor that
   * requires grad, as torch does, unless `force`.
   *
   * @param force Detach first (torch's `force=True`). Default false.
   * @returns The elements.
   */
  numpy(force?: boolean | { force?: boolean }): Data {
    return cv.numpy(this, force);
  }
  /** torch's type name, like `t.type()`: `"torch.FloatTensor"`, `"torch.LongTensor"`, ... */
  type(): string;
  /**
   * This tensor in another type, like `t.type(dtype)` or `t.type("torch.DoubleTensor")`.
   *
   * @param dtype A dtype or torch's tensor type name.
   * @returns This tensor, or the converted copy.
   */
  type(dtype: DType | string): Tensor;
  type(dtype?: DType | string | null): string | Tensor {
    return cv.type(this, dtype);
  }
  /** Bytes per element in torch, like `t.element_size()`: 4, 8, 8 or 1. */
  element_size(): number {
    return this.dtype === "float32" ? 4 : this.dtype === "bool" ? 1 : 8;
  }
  /** The number of dims, like `t.ndim`. */
  get ndim(): number {
    return this.shape.length;
  }
  /** The number of elements, like `t.nelement()` (an alias of `numel()`). */
  nelement(): number {
    return this.numel();
  }
  /** Whether the dtype is a floating-point one, like `t.is_floating_point()`. */
  is_floating_point(): boolean {
    return isFloating(this.dtype);
  }
  /** The dims reversed, like `t.T` (torch deprecates it for other than 2 dims, but allows it). */
  get T(): Tensor {
    return vw.permute(this, this.shape.map((_, i) => this.shape.length - 1 - i));
  }
  /** The last two dims swapped, like `t.mT` (at least 2 dims). */
  get mT(): Tensor {
    if (this.shape.length < 2) {
      throw new RangeError(
        `tensor.mT is only supported on matrices or batches of matrices. Got ${this.shape.length}-D tensor.`,
      );
    }
    return vw.transpose(this, -2, -1);
  }
  /**
   * Iterates over dim 0, like Python's `for row in t` (torch's `__iter__`: the views of
   * `unbind(0)`).
   *
   * @returns An iterator of the sub-tensors.
   */
  [Symbol.iterator](): IterableIterator<Tensor> {
    if (this.shape.length === 0) throw new TypeError("iteration over a 0-d tensor");
    return vw.unbind(this, 0)[Symbol.iterator]();
  }
  /**
   * torch's legacy `t.new(...)`: sizes give a (zero-filled) tensor of that shape, data a copy,
   * in this tensor's dtype.
   *
   * @param args Sizes, data or nothing, optionally followed by `{ device }`.
   * @returns A new leaf tensor.
   */
  // deno-lint-ignore no-misused-new -- torch's method name; a method, not a constructor
  new(...args: lg.LegacyArgs): Tensor {
    return lg.legacyNew(this.dtype, args, "new()");
  }
  /**
   * A copy of `data` in this tensor's dtype (unless `dtype` is given), like `t.new_tensor`.
   *
   * @param data The data.
   * @param options `dtype`, `device`, `requires_grad`.
   * @returns A new leaf tensor.
   */
  new_tensor(data: import("../ops/create.ts").TensorData, options?: lg.NewOptions): Tensor {
    return lg.new_tensor(this, data, options);
  }
  /**
   * Zeros of the given size in this tensor's dtype, like `t.new_zeros(size)`.
   *
   * @param args Sizes (`2, 3` or `[2, 3]`), then `{ dtype, device, requires_grad }`.
   * @returns A new leaf tensor.
   */
  new_zeros(...args: lg.NewSizeArgs): Tensor {
    return lg.newFilled(this, args, 0, "new_zeros");
  }
  /**
   * Ones of the given size in this tensor's dtype, like `t.new_ones(size)`.
   *
   * @param args Sizes (`2, 3` or `[2, 3]`), then `{ dtype, device, requires_grad }`.
   * @returns A new leaf tensor.
   */
  new_ones(...args: lg.NewSizeArgs): Tensor {
    return lg.newFilled(this, args, 1, "new_ones");
  }
  /**
   * A tensor of the given size in this tensor's dtype, like `t.new_empty(size)` (zeros here).
   *
   * @param args Sizes (`2, 3` or `[2, 3]`), then `{ dtype, device, requires_grad }`.
   * @returns A new leaf tensor.
   */
  new_empty(...args: lg.NewSizeArgs): Tensor {
    return lg.newFilled(this, args, 0, "new_empty");
  }
  /**
   * `fill_value` in the given size and this tensor's dtype, like `t.new_full(size, value)`.
   *
   * @param size The shape.
   * @param fill_value The value.
   * @param options `dtype`, `device`, `requires_grad`.
   * @returns A new leaf tensor.
   */
  new_full(
    size: readonly number[],
    fill_value: number | boolean,
    options?: lg.NewOptions,
  ): Tensor {
    return lg.newFilled(
      this,
      options === undefined ? [size, fill_value] : [
        size,
        fill_value,
        options,
      ],
      undefined,
      "new_full",
    );
  }
  /**
   * Fills in place with U[from, to) samples, like `t.uniform_(from=0, to=1, generator=)`;
   * torch's values after the same seed.
   *
   * @param args `from`, `to` (by position or by name) and `{ generator }`.
   * @returns This tensor.
   */
  uniform_(
    ...args:
      | [from?: number, to?: number, options?: rn.GeneratorOptions]
      | [options: rn.GeneratorOptions & { from?: number; to?: number }]
  ): this {
    return rn.uniform_(this, args);
  }
  /**
   * Fills in place with N(mean, std²) samples, like `t.normal_(mean=0, std=1, generator=)`;
   * torch's draws after the same seed (values within a few ulp).
   *
   * @param args `mean`, `std` (by position or by name) and `{ generator }`.
   * @returns This tensor.
   */
  normal_(
    ...args:
      | [mean?: number, std?: number, options?: rn.GeneratorOptions]
      | [options: rn.GeneratorOptions & { mean?: number; std?: number }]
  ): this {
    return rn.normal_(this, args);
  }
  /**
   * Fills in place with 0/1 draws, 1 with probability `p` (a number or a tensor), like
   * `t.bernoulli_(p=0.5, generator=)`; torch's values after the same seed.
   *
   * @param args `p` and `{ generator }`.
   * @returns This tensor.
   */
  bernoulli_(
    ...args:
      | [p?: number | Tensor, options?: rn.GeneratorOptions]
      | [options: rn.GeneratorOptions & { p?: number | Tensor }]
  ): this {
    return rn.bernoulli_(this, args);
  }
  /**
   * Fills in place with Exp(lambd) samples, like `t.exponential_(lambd=1, generator=)`;
   * torch's values after the same seed.
   *
   * @param args `lambd` and `{ generator }`.
   * @returns This tensor.
   */
  exponential_(
    ...args:
      | [lambd?: number, options?: rn.GeneratorOptions]
      | [options: rn.GeneratorOptions & { lambd?: number }]
  ): this {
    return rn.exponential_(this, args);
  }
  /**
   * Fills in place with random integers, like `t.random_(from, to)`, `t.random_(to)` or
   * `t.random_()`; torch's values after the same seed.
   *
   * @param args The bounds and `{ generator }`.
   * @returns This tensor.
   */
  random_(
    ...args:
      | [from?: number, to?: number, options?: rn.GeneratorOptions]
      | [options: rn.GeneratorOptions & { from?: number; to?: number }]
  ): this {
    return rn.random_(this, args);
  }
  /**
   * Probabilities in this tensor drawn as 0/1, like `t.bernoulli(generator=)` or
   * `t.bernoulli(p)`.
   *
   * @param args `p` (optional) and `{ generator }`.
   * @returns The draws.
   */
  bernoulli(
    ...args: [p?: number | null, options?: rn.GeneratorOptions] | [rn.GeneratorOptions]
  ): Tensor {
    return rn.bernoulli(this, ...args);
  }
  /** The entries at flat positions `index`, like `t.take(index)`. */
  take(index: Tensor): Tensor {
    return ar.take(this, index);
  }
  /** Reversed along `dims`, like `t.flip(dims)`. */
  flip(...dims: number[] | [readonly number[]]): Tensor {
    return ar.flip(this, sizesArg(dims));
  }
  /** Reversed along dim 1, like `t.fliplr()`. */
  fliplr(): Tensor {
    return ar.fliplr(this);
  }
  /** Reversed along dim 0, like `t.flipud()`. */
  flipud(): Tensor {
    return ar.flipud(this);
  }
  /** Shifted circularly, like `t.roll(shifts, dims)`. */
  roll(shifts: number | readonly number[], dims?: number | readonly number[] | null): Tensor {
    return ar.roll(this, shifts, dims);
  }
  /** The lower triangle, like `t.tril(diagonal=0)`. */
  tril(diagonal: number = 0): Tensor {
    return ar.tril(this, diagonal);
  }
  /** The upper triangle, like `t.triu(diagonal=0)`. */
  triu(diagonal: number = 0): Tensor {
    return ar.triu(this, diagonal);
  }
  /** Keeps the lower triangle in place, like `t.tril_(diagonal=0)`. */
  tril_(diagonal: number = 0): this {
    return ip.apply_(this, "tril_", (s) => ar.tril(s, diagonal), []);
  }
  /** Keeps the upper triangle in place, like `t.triu_(diagonal=0)`. */
  triu_(diagonal: number = 0): this {
    return ip.apply_(this, "triu_", (s) => ar.triu(s, diagonal), []);
  }
  /** A diagonal matrix from a vector, or a matrix's diagonal, like `t.diag(diagonal=0)`. */
  diag(diagonal: number = 0): Tensor {
    return ar.diag(this, diagonal);
  }
  /** The last dim on a diagonal of new dims, like `t.diag_embed(offset, dim1, dim2)`. */
  diag_embed(offset?: number, dim1?: number, dim2?: number): Tensor {
    return ar.diag_embed(this, offset, dim1, dim2);
  }
  /** The diagonal over two dims, a view, like `t.diagonal(offset=0, dim1=0, dim2=1)`. */
  diagonal(offset?: number, dim1?: number, dim2?: number): Tensor {
    return vw.diagonal(this, offset, dim1, dim2);
  }
  /** The sum of the main diagonal of a matrix, like `t.trace()`. */
  trace(): Tensor {
    return ar.trace(this);
  }
  /** Tiled `dims[d]` times along each dim, like `t.tile(dims)`. */
  tile(...dims: number[] | [readonly number[]]): Tensor {
    return ar.tile(this, sizesArg(dims));
  }
  /** Each entry repeated, like `t.repeat_interleave(repeats, dim)`. */
  repeat_interleave(repeats: number | Tensor, dim?: number | null): Tensor {
    return ar.repeat_interleave(this, repeats, dim);
  }
  /** Dim `dim` split into `sizes`, a view, like `t.unflatten(dim, sizes)`. */
  unflatten(dim: number, sizes: readonly number[]): Tensor {
    return vw.unflatten(this, dim, sizes);
  }
  /** Windows of `size` along `dimension` every `step`, a view, like `t.unfold(...)`. */
  unfold(dimension: number, size: number, step: number): Tensor {
    return vw.unfold(this, dimension, size, step);
  }
  /** Dims moved, a view, like `t.movedim(source, destination)`. */
  movedim(source: number | readonly number[], destination: number | readonly number[]): Tensor {
    return vw.movedim(this, source, destination);
  }
  /** Dims moved, a view, like `t.moveaxis(source, destination)`. */
  moveaxis(source: number | readonly number[], destination: number | readonly number[]): Tensor {
    return vw.movedim(this, source, destination);
  }
  /** Two dims swapped, like `t.swapaxes(axis0, axis1)`. */
  swapaxes(axis0: number, axis1: number): Tensor {
    return vw.transpose(this, axis0, axis1);
  }
  /** Two dims swapped, like `t.swapdims(dim0, dim1)`. */
  swapdims(dim0: number, dim1: number): Tensor {
    return vw.transpose(this, dim0, dim1);
  }
  /** Broadcast to `shape`, a view, like `t.broadcast_to(shape)`. */
  broadcast_to(...shape: number[] | [readonly number[]]): Tensor {
    return vw.broadcast_to(this, sizesArg(shape));
  }
  /** Views split into sections or at indices, like `t.tensor_split(...)`. */
  tensor_split(indices_or_sections: number | readonly number[] | Tensor, dim?: number): Tensor[] {
    return vw.tensor_split(this, indices_or_sections, dim);
  }
  /** The positions of nonzero entries, like `t.argwhere()`. */
  argwhere(): Tensor {
    return ar.argwhere(this);
  }
  /** Writes `fill_value` on the main diagonal in place, like `t.fill_diagonal_(v, wrap)`. */
  fill_diagonal_(fill_value: number | boolean, wrap?: boolean | { wrap?: boolean }): this {
    return ar.fill_diagonal_(this, fill_value, wrap);
  }
  /** `alpha · source` added at `index` along `dim`, like `t.index_add(dim, index, source)`. */
  index_add(
    dim: number,
    index: Tensor,
    source: Tensor,
    alpha?: number | { alpha?: number },
  ): Tensor {
    return ar.index_add(this, dim, index, source, alpha);
  }
  /** `index_add` in place, like `t.index_add_(dim, index, source, alpha=1)`. */
  index_add_(
    dim: number,
    index: Tensor,
    source: Tensor,
    alpha?: number | { alpha?: number },
  ): this {
    return ip.apply_(this, "index_add_", (s) => ar.index_add(s, dim, index, source, alpha), [
      index,
      source,
    ]);
  }
  /** `source` copied to `index` along `dim`, like `t.index_copy(dim, index, source)`. */
  index_copy(dim: number, index: Tensor, source: Tensor): Tensor {
    return ar.index_copy(this, dim, index, source);
  }
  /** `index_copy` in place, like `t.index_copy_(dim, index, source)`. */
  index_copy_(dim: number, index: Tensor, source: Tensor): this {
    return ip.apply_(this, "index_copy_", (s) => ar.index_copy(s, dim, index, source), [
      index,
      source,
    ]);
  }
  /** Entries where `mask` is true replaced by `source`'s, like `t.masked_scatter(mask, source)`. */
  masked_scatter(mask: Tensor, source: Tensor): Tensor {
    return ar.masked_scatter(this, mask, source);
  }
  /** `masked_scatter` in place, like `t.masked_scatter_(mask, source)`. */
  masked_scatter_(mask: Tensor, source: Tensor): this {
    return ip.apply_(this, "masked_scatter_", (s) => ar.masked_scatter(s, mask, source), [
      mask,
      source,
    ]);
  }
  /** `source` written at flat positions `index`, like `t.put(index, source, accumulate)`. */
  put(index: Tensor, source: Tensor, accumulate?: boolean | { accumulate?: boolean }): Tensor {
    return ar.put(this, index, source, accumulate);
  }
  /** `put` in place, like `t.put_(index, source, accumulate=False)`. */
  put_(index: Tensor, source: Tensor, accumulate?: boolean | { accumulate?: boolean }): this {
    return ip.apply_(this, "put_", (s) => ar.put(s, index, source, accumulate), [index, source]);
  }
  /**
   * Gives this tensor `other`'s shape in place, like `t.resize_as_(other)`: row-major over the
   * same storage from the same offset, the storage grown (a copy with zeros after the old
   * elements) when too small; views made before a growth keep the old storage. As in torch,
   * refused on a tensor that requires grad.
   *
   * @param other The tensor whose shape to take.
   * @returns This tensor.
   */
  resize_as_(other: Tensor): this {
    requireTensor(other, "resize_as_");
    if (this.requires_grad) throw new Error("cannot resize variables that require grad");
    const n = numelOf(other.shape);
    const data = this.#storage.data;
    if (this.#offset + n > data.length) {
      const grown = allocate(this.dtype, this.#offset + n);
      grown.set(data);
      this.#storage = new Storage(grown);
    }
    (this as { shape: readonly number[] }).shape = Object.freeze([...other.shape]);
    this.#strides = null;
    this.#contiguous = true;
    this.#storage.version++;
    return this;
  }
  // ---- end of creation, devices, dtypes, random fills, views and indexing ----

  // ---- elementwise math, comparisons, reductions and sorting (issue 19) ----
  // Trigonometric, hyperbolic and rounding functions (lib/ops/math.ts), numpy aliases, in place.
  /** The sine, like `t.sin()`. */
  sin(): Tensor {
    return mt.sin(this);
  }
  /** The sine in place, like `t.sin_()`. */
  sin_(): this {
    return ip.apply_(this, "sin_", mt.sin, []);
  }
  /** The cosine, like `t.cos()`. */
  cos(): Tensor {
    return mt.cos(this);
  }
  /** The cosine in place, like `t.cos_()`. */
  cos_(): this {
    return ip.apply_(this, "cos_", mt.cos, []);
  }
  /** The tangent, like `t.tan()`. */
  tan(): Tensor {
    return mt.tan(this);
  }
  /** The tangent in place, like `t.tan_()`. */
  tan_(): this {
    return ip.apply_(this, "tan_", mt.tan, []);
  }
  /** The inverse sine, like `t.asin()`. */
  asin(): Tensor {
    return mt.asin(this);
  }
  /** The inverse sine in place, like `t.asin_()`. */
  asin_(): this {
    return ip.apply_(this, "asin_", mt.asin, []);
  }
  /** `asin` under numpy's name, like `t.arcsin()`. */
  arcsin(): Tensor {
    return mt.asin(this);
  }
  /** `asin_` under numpy's name, like `t.arcsin_()`. */
  arcsin_(): this {
    return ip.apply_(this, "arcsin_", mt.asin, []);
  }
  /** The inverse cosine, like `t.acos()`. */
  acos(): Tensor {
    return mt.acos(this);
  }
  /** The inverse cosine in place, like `t.acos_()`. */
  acos_(): this {
    return ip.apply_(this, "acos_", mt.acos, []);
  }
  /** `acos` under numpy's name, like `t.arccos()`. */
  arccos(): Tensor {
    return mt.acos(this);
  }
  /** `acos_` under numpy's name, like `t.arccos_()`. */
  arccos_(): this {
    return ip.apply_(this, "arccos_", mt.acos, []);
  }
  /** The inverse tangent, like `t.atan()`. */
  atan(): Tensor {
    return mt.atan(this);
  }
  /** The inverse tangent in place, like `t.atan_()`. */
  atan_(): this {
    return ip.apply_(this, "atan_", mt.atan, []);
  }
  /** `atan` under numpy's name, like `t.arctan()`. */
  arctan(): Tensor {
    return mt.atan(this);
  }
  /** `atan_` under numpy's name, like `t.arctan_()`. */
  arctan_(): this {
    return ip.apply_(this, "arctan_", mt.atan, []);
  }
  /** The hyperbolic sine, like `t.sinh()`. */
  sinh(): Tensor {
    return mt.sinh(this);
  }
  /** The hyperbolic sine in place, like `t.sinh_()`. */
  sinh_(): this {
    return ip.apply_(this, "sinh_", mt.sinh, []);
  }
  /** The hyperbolic cosine, like `t.cosh()`. */
  cosh(): Tensor {
    return mt.cosh(this);
  }
  /** The hyperbolic cosine in place, like `t.cosh_()`. */
  cosh_(): this {
    return ip.apply_(this, "cosh_", mt.cosh, []);
  }
  /** The inverse hyperbolic sine, like `t.asinh()`. */
  asinh(): Tensor {
    return mt.asinh(this);
  }
  /** The inverse hyperbolic sine in place, like `t.asinh_()`. */
  asinh_(): this {
    return ip.apply_(this, "asinh_", mt.asinh, []);
  }
  /** `asinh` under numpy's name, like `t.arcsinh()`. */
  arcsinh(): Tensor {
    return mt.asinh(this);
  }
  /** `asinh_` under numpy's name, like `t.arcsinh_()`. */
  arcsinh_(): this {
    return ip.apply_(this, "arcsinh_", mt.asinh, []);
  }
  /** The inverse hyperbolic cosine, like `t.acosh()`. */
  acosh(): Tensor {
    return mt.acosh(this);
  }
  /** The inverse hyperbolic cosine in place, like `t.acosh_()`. */
  acosh_(): this {
    return ip.apply_(this, "acosh_", mt.acosh, []);
  }
  /** `acosh` under numpy's name, like `t.arccosh()`. */
  arccosh(): Tensor {
    return mt.acosh(this);
  }
  /** `acosh_` under numpy's name, like `t.arccosh_()`. */
  arccosh_(): this {
    return ip.apply_(this, "arccosh_", mt.acosh, []);
  }
  /** The inverse hyperbolic tangent, like `t.atanh()`. */
  atanh(): Tensor {
    return mt.atanh(this);
  }
  /** The inverse hyperbolic tangent in place, like `t.atanh_()`. */
  atanh_(): this {
    return ip.apply_(this, "atanh_", mt.atanh, []);
  }
  /** `atanh` under numpy's name, like `t.arctanh()`. */
  arctanh(): Tensor {
    return mt.atanh(this);
  }
  /** `atanh_` under numpy's name, like `t.arctanh_()`. */
  arctanh_(): this {
    return ip.apply_(this, "arctanh_", mt.atanh, []);
  }
  /** Rounds towards zero, like `t.trunc()`. */
  trunc(): Tensor {
    return mt.trunc(this);
  }
  /** Rounds towards zero in place, like `t.trunc_()`. */
  trunc_(): this {
    return ip.apply_(this, "trunc_", mt.trunc, []);
  }
  /** `trunc` under numpy's name, like `t.fix()`. */
  fix(): Tensor {
    return mt.trunc(this);
  }
  /** `trunc_` under numpy's name, like `t.fix_()`. */
  fix_(): this {
    return ip.apply_(this, "fix_", mt.trunc, []);
  }
  /** The fractional part, like `t.frac()`. */
  frac(): Tensor {
    return mt.frac(this);
  }
  /** The fractional part in place, like `t.frac_()`. */
  frac_(): this {
    return ip.apply_(this, "frac_", mt.frac, []);
  }
  /** The sign (for real tensors, `sign`), like `t.sgn()`. */
  sgn(): Tensor {
    return mt.sgn(this);
  }
  /** The sign (for real tensors, `sign`) in place, like `t.sgn_()`. */
  sgn_(): this {
    return ip.apply_(this, "sgn_", mt.sgn, []);
  }
  /** The absolute value under numpy's name, like `t.absolute()`. */
  absolute(): Tensor {
    return mt.abs(this);
  }
  /** The absolute value in place, like `t.absolute_()`. */
  absolute_(): this {
    return ip.apply_(this, "absolute_", mt.abs, []);
  }
  /** `-this` under numpy's name, like `t.negative()`. */
  negative(): Tensor {
    return mt.neg(this);
  }
  /** `-this` in place, like `t.negative_()`. */
  negative_(): this {
    return ip.apply_(this, "negative_", mt.neg, []);
  }
  /** `clamp` under numpy's name, like `t.clip(min, max)`. */
  clip(
    ...rest: [
      min?: number | Tensor | null | bm.ClipOptions,
      max?: number | Tensor | null,
      options?: bm.ClipOptions,
    ]
  ): Tensor {
    return bm.clip(this, ...rest);
  }
  /** `clamp_` under numpy's name, like `t.clip_(min, max)`. */
  clip_(
    ...rest: [
      min?: number | Tensor | null | bm.ClipOptions,
      max?: number | Tensor | null,
      options?: bm.ClipOptions,
    ]
  ): this {
    // The bounds, also those given by keyword, are the op's operands.
    const bounds = rest.flatMap((v) =>
      v !== null && typeof v === "object" && !(v instanceof Tensor) ? Object.values(v) : [v]
    );
    return ip.apply_(this, "clip_", (self) => bm.clip(self, ...rest), bounds);
  }
  /** `sub` under numpy's name, like `t.subtract(other, alpha=)`. */
  subtract(other: Tensor | number, ...rest: [options?: bm.AlphaOptions]): Tensor {
    return bm.sub(this, other, ...rest);
  }
  /** `mul` under numpy's name, like `t.multiply(other)`. */
  multiply(other: Tensor | number): Tensor {
    return bm.mul(this, other);
  }
  /** `div` under numpy's name, like `t.divide(other, rounding_mode=)`. */
  divide(other: Tensor | number, options?: ew.DivOptions): Tensor {
    return bm.div(this, other, options);
  }
  /** True division, like `t.true_divide(other)`. */
  true_divide(other: Tensor | number): Tensor {
    return bm.div(this, other);
  }
  /** `ne` under numpy's name, like `t.not_equal(other)`. */
  not_equal(other: Tensor | number | boolean): Tensor {
    return bm.ne(this, other);
  }
  /** `lt` under numpy's name, like `t.less(other)`. */
  less(other: Tensor | number | boolean): Tensor {
    return bm.lt(this, other);
  }
  /** `le` under numpy's name, like `t.less_equal(other)`. */
  less_equal(other: Tensor | number | boolean): Tensor {
    return bm.le(this, other);
  }
  /** `gt` under numpy's name, like `t.greater(other)`. */
  greater(other: Tensor | number | boolean): Tensor {
    return bm.gt(this, other);
  }
  /** `ge` under numpy's name, like `t.greater_equal(other)`. */
  greater_equal(other: Tensor | number | boolean): Tensor {
    return bm.ge(this, other);
  }
  /** `atan2(this, other)`, like `t.atan2(other)`. */
  atan2(other: Tensor): Tensor {
    return bm.atan2(this, other);
  }
  /** `atan2(this, other)` in place, like `t.atan2_(other)`. */
  atan2_(other: Tensor): this {
    return ip.apply_(this, "atan2_", (self) => bm.atan2(self, other), [other]);
  }
  /** `atan2(this, other)` under numpy's name, like `t.arctan2(other)`. */
  arctan2(other: Tensor): Tensor {
    return bm.arctan2(this, other);
  }
  /** `atan2(this, other)` under numpy's name in place, like `t.arctan2_(other)`. */
  arctan2_(other: Tensor): this {
    return ip.apply_(this, "arctan2_", (self) => bm.arctan2(self, other), [other]);
  }
  /** `sqrt(this² + other²)`, like `t.hypot(other)`. */
  hypot(other: Tensor): Tensor {
    return bm.hypot(this, other);
  }
  /** `sqrt(this² + other²)` in place, like `t.hypot_(other)`. */
  hypot_(other: Tensor): this {
    return ip.apply_(this, "hypot_", (self) => bm.hypot(self, other), [other]);
  }
  /** `log(exp(this) + exp(other))`, like `t.logaddexp(other)`. */
  logaddexp(other: Tensor): Tensor {
    return bm.logaddexp(this, other);
  }
  /** `log2(2^this + 2^other)`, like `t.logaddexp2(other)`. */
  logaddexp2(other: Tensor): Tensor {
    return bm.logaddexp2(this, other);
  }
  /** The larger ignoring NaN, like `t.fmax(other)`. */
  fmax(other: Tensor): Tensor {
    return bm.fmax(this, other);
  }
  /** The smaller ignoring NaN, like `t.fmin(other)`. */
  fmin(other: Tensor): Tensor {
    return bm.fmin(this, other);
  }
  /** The remainder with the divisor's sign, like `t.remainder(other)`. */
  remainder(other: Tensor | number): Tensor {
    return bm.remainder(this, other);
  }
  /** The remainder with the divisor's sign in place, like `t.remainder_(other)`. */
  remainder_(other: Tensor | number): this {
    return ip.apply_(this, "remainder_", (self) => bm.remainder(self, other), [other]);
  }
  /** The remainder with the dividend's sign, like `t.fmod(other)`. */
  fmod(other: Tensor | number): Tensor {
    return bm.fmod(this, other);
  }
  /** The remainder with the dividend's sign in place, like `t.fmod_(other)`. */
  fmod_(other: Tensor | number): this {
    return ip.apply_(this, "fmod_", (self) => bm.fmod(self, other), [other]);
  }
  /** `this ** other` in float64, like `t.float_power(other)`. */
  float_power(other: Tensor | number): Tensor {
    return bm.float_power(this, other);
  }
  /** `this ** other` in float64 in place, like `t.float_power_(other)`. */
  float_power_(other: Tensor | number): this {
    if (this.dtype !== "float64") {
      throw new TypeError(
        `float_power_: the base given to float_power_ has dtype ${
          tensorTypeName(this.dtype).slice("torch.".length, -"Tensor".length)
        } but the operation's result requires dtype Double`,
      );
    }
    return ip.apply_(this, "float_power_", (self) => bm.float_power(self, other), [other]);
  }
  /** Where this is close to `other`, like `t.isclose(other, rtol, atol, equal_nan)`. */
  isclose(
    other: Tensor,
    ...rest: [
      rtol?: number | bm.IscloseOptions,
      atol?: number,
      equal_nan?: boolean,
      options?: bm.IscloseOptions,
    ]
  ): Tensor {
    return bm.isclose(this, other, ...rest);
  }
  /** Whether `other` has the same size and elements, like `t.equal(other)`. */
  equal(other: Tensor): boolean {
    return bm.equal(this, other);
  }
  /** Where elements are +∞, like `t.isposinf()`. */
  isposinf(): Tensor {
    return bm.isposinf(this);
  }
  /** Where elements are −∞, like `t.isneginf()`. */
  isneginf(): Tensor {
    return bm.isneginf(this);
  }
  /** `this + value · tensor1 · tensor2`, like `t.addcmul(tensor1, tensor2, value=)`. */
  addcmul(tensor1: Tensor, tensor2: Tensor, ...rest: [options?: { value?: number }]): Tensor {
    return bm.addcmul(this, tensor1, tensor2, ...rest);
  }
  /** `addcmul` in place, like `t.addcmul_(tensor1, tensor2, value=)`. */
  addcmul_(tensor1: Tensor, tensor2: Tensor, ...rest: [options?: { value?: number }]): this {
    return ip.apply_(this, "addcmul_", (self) => bm.addcmul(self, tensor1, tensor2, ...rest), [
      tensor1,
      tensor2,
    ]);
  }
  /** `this + value · tensor1 / tensor2`, like `t.addcdiv(tensor1, tensor2, value=)`. */
  addcdiv(tensor1: Tensor, tensor2: Tensor, ...rest: [options?: { value?: number }]): Tensor {
    return bm.addcdiv(this, tensor1, tensor2, ...rest);
  }
  /** `addcdiv` in place, like `t.addcdiv_(tensor1, tensor2, value=)`. */
  addcdiv_(tensor1: Tensor, tensor2: Tensor, ...rest: [options?: { value?: number }]): this {
    return ip.apply_(this, "addcdiv_", (self) => bm.addcdiv(self, tensor1, tensor2, ...rest), [
      tensor1,
      tensor2,
    ]);
  }
  // Statistics, running reductions, sorting and products (lib/ops/statistics.ts,
  // cumulative.ts, sorting.ts, products.ts).
  /** Running products along `dim`, like `t.cumprod(dim, dtype=)`. */
  cumprod(
    ...args: [dim?: number | { dim?: number; dtype?: DType | null }, options?: {
      dtype?: DType | null;
    }]
  ): Tensor {
    return cu.cumprod(this, ...args);
  }
  /** Running products in place, like `t.cumprod_(dim)`. */
  cumprod_(dim: number): this {
    return ip.apply_(this, "cumprod_", (self) => cu.cumprod(self, dim), []);
  }
  /** The running maximum and its indices along `dim`, like `t.cummax(dim)`. */
  cummax(dim: number | { dim: number }): ValuesIndices {
    return cu.cummax(this, dim);
  }
  /** The running minimum and its indices along `dim`, like `t.cummin(dim)`. */
  cummin(dim: number | { dim: number }): ValuesIndices {
    return cu.cummin(this, dim);
  }
  /** The running log-sum-exp along `dim`, like `t.logcumsumexp(dim)`. */
  logcumsumexp(dim: number | { dim: number }): Tensor {
    return cu.logcumsumexp(this, dim);
  }
  /** The sum treating NaN as 0, like `t.nansum(dim, keepdim, dtype=)`. */
  nansum(
    ...args: [
      dim?: rd.Dims | null | st.NanReduceOptions,
      keepdim?: boolean,
      options?: st.NanReduceOptions,
    ]
  ): Tensor {
    return st.nansum(this, ...args);
  }
  /** The mean of the non-NaN elements, like `t.nanmean(dim, keepdim, dtype=)`. */
  nanmean(
    ...args: [
      dim?: rd.Dims | null | st.NanReduceOptions,
      keepdim?: boolean,
      options?: st.NanReduceOptions,
    ]
  ): Tensor {
    return st.nanmean(this, ...args);
  }
  /** The smallest and largest values, like `t.aminmax(dim=, keepdim=)`. */
  aminmax(options?: { dim?: number | null; keepdim?: boolean }): MinMax {
    return st.aminmax(this, options);
  }
  /** The median of all elements, like `t.median()`. */
  median(): Tensor;
  /** The median along `dim` and its index, like `t.median(dim, keepdim)`. */
  median(dim: number, keepdim?: boolean): ValuesIndices;
  /** The median, or values and indices along `dim`, like `t.median(...)`. */
  median(dim?: number, keepdim?: boolean): Tensor | ValuesIndices {
    return dim === undefined ? st.median(this) : st.median(this, dim, keepdim);
  }
  /** The median ignoring NaN, like `t.nanmedian()`. */
  nanmedian(): Tensor;
  /** The median ignoring NaN along `dim`, like `t.nanmedian(dim, keepdim)`. */
  nanmedian(dim: number, keepdim?: boolean): ValuesIndices;
  /** The median ignoring NaN, or values and indices along `dim`. */
  nanmedian(dim?: number, keepdim?: boolean): Tensor | ValuesIndices {
    return dim === undefined ? st.nanmedian(this) : st.nanmedian(this, dim, keepdim);
  }
  /** The `q`-th quantiles, like `t.quantile(q, dim, keepdim, interpolation=)`. */
  quantile(
    q: number | Tensor,
    ...rest: [
      dim?: number | null | st.QuantileOptions,
      keepdim?: boolean,
      options?: st.QuantileOptions,
    ]
  ): Tensor {
    return st.quantile(this, q, ...rest);
  }
  /** The `q`-th quantiles ignoring NaN, like `t.nanquantile(q, ...)`. */
  nanquantile(
    q: number | Tensor,
    ...rest: [
      dim?: number | null | st.QuantileOptions,
      keepdim?: boolean,
      options?: st.QuantileOptions,
    ]
  ): Tensor {
    return st.nanquantile(this, q, ...rest);
  }
  /** The most frequent value along `dim` and its index, like `t.mode(dim, keepdim)`. */
  mode(
    ...rest: [dim?: number | { dim?: number; keepdim?: boolean }, keepdim?: boolean, options?: {
      dim?: number;
      keepdim?: boolean;
    }]
  ): ValuesIndices {
    return st.mode(this, ...rest);
  }
  /** The indices that sort along `dim`, like `t.argsort(dim, descending, stable=)`. */
  argsort(
    ...rest: [dim?: number | so.ArgsortOptions, descending?: boolean, options?: so.ArgsortOptions]
  ): Tensor {
    return so.argsort(this, ...rest);
  }
  /** Sorted along the first dim, like `t.msort()`. */
  msort(): Tensor {
    return so.msort(this);
  }
  /** The `k`-th smallest value along `dim` and its index, like `t.kthvalue(k, dim, keepdim)`. */
  kthvalue(
    ...rest: [
      k: number | { k: number; dim?: number; keepdim?: boolean },
      dim?: number,
      keepdim?: boolean,
      options?: {
        dim?: number;
        keepdim?: boolean;
      },
    ]
  ): ValuesIndices {
    return so.kthvalue(this, ...rest);
  }
  /** The unique elements, like `t.unique(sorted, return_inverse, return_counts, dim)`. */
  unique(
    ...rest: [
      sorted?: boolean | so.UniqueOptions,
      return_inverse?: boolean,
      return_counts?: boolean,
      dim?: number | null,
      options?: so.UniqueOptions,
    ]
  ): Tensor | TensorTuple {
    return so.unique(this, ...rest);
  }
  /** Runs of equal elements collapsed, like `t.unique_consecutive(...)`. */
  unique_consecutive(
    ...rest: [
      return_inverse?: boolean | so.UniqueOptions,
      return_counts?: boolean,
      dim?: number | null,
      options?: so.UniqueOptions,
    ]
  ): Tensor | TensorTuple {
    return so.unique_consecutive(this, ...rest);
  }
  /** Counts of each non-negative integer, like `t.bincount(weights, minlength)`. */
  bincount(
    ...rest: [
      weights?: Tensor | null | { weights?: Tensor | null; minlength?: number },
      minlength?: number,
      options?: {
        weights?: Tensor | null;
        minlength?: number;
      },
    ]
  ): Tensor {
    return so.bincount(this, ...rest);
  }
  /** A histogram, like `t.histc(bins, min, max)`. */
  histc(
    ...rest: [
      bins?: number | { bins?: number; min?: number; max?: number },
      min?: number,
      max?: number,
      options?: {
        bins?: number;
        min?: number;
        max?: number;
      },
    ]
  ): Tensor {
    return so.histc(this, ...rest);
  }
  /** `beta · this + alpha · (mat1 @ mat2)`, like `t.addmm(mat1, mat2, beta=, alpha=)`. */
  addmm(mat1: Tensor, mat2: Tensor, options?: pr.BetaAlphaOptions): Tensor {
    return pr.addmm(this, mat1, mat2, options);
  }
  /** `addmm` in place, like `t.addmm_(mat1, mat2, beta=, alpha=)`. */
  addmm_(mat1: Tensor, mat2: Tensor, options?: pr.BetaAlphaOptions): this {
    return ip.apply_(this, "addmm_", (self) => pr.addmm(self, mat1, mat2, options), [mat1, mat2]);
  }
  /** `beta · this + alpha · (mat @ vec)`, like `t.addmv(mat, vec, beta=, alpha=)`. */
  addmv(mat: Tensor, vec: Tensor, options?: pr.BetaAlphaOptions): Tensor {
    return pr.addmv(this, mat, vec, options);
  }
  /** `addmv` in place, like `t.addmv_(mat, vec, beta=, alpha=)`. */
  addmv_(mat: Tensor, vec: Tensor, options?: pr.BetaAlphaOptions): this {
    return ip.apply_(this, "addmv_", (self) => pr.addmv(self, mat, vec, options), [mat, vec]);
  }
  /** `baddbmm` in place, like `t.baddbmm_(batch1, batch2, beta=, alpha=)`. */
  baddbmm_(batch1: Tensor, batch2: Tensor, options?: pr.BetaAlphaOptions): this {
    return ip.apply_(
      this,
      "baddbmm_",
      (self) => pr.baddbmm(self, batch1, batch2, options),
      [batch1, batch2],
    );
  }
  /** `beta · this + alpha · bmm(batch1, batch2)`, like `t.baddbmm(batch1, batch2, ...)`. */
  baddbmm(batch1: Tensor, batch2: Tensor, options?: pr.BetaAlphaOptions): Tensor {
    return pr.baddbmm(this, batch1, batch2, options);
  }
  /** The outer product, like `t.ger(vec2)`. */
  ger(vec2: Tensor): Tensor {
    return pr.ger(this, vec2);
  }
  /** The Kronecker product, like `t.kron(other)`. */
  kron(other: Tensor): Tensor {
    return pr.kron(this, other);
  }
  /** The p-norm of `this − other`, like `t.dist(other, p)`. */
  dist(other: Tensor, p?: number): Tensor {
    return pr.dist(this, other, p);
  }
  // ---- end of elementwise math, comparisons, reductions and sorting ----

  // ---- special functions (issue 19, lib/special/) ----

  /** log|Γ(x)|, like `t.lgamma()`. */
  lgamma(): Tensor {
    return sg.lgamma(this);
  }

  /** log|Γ(x)| in place, like `t.lgamma_()`. */
  lgamma_(): this {
    return ip.apply_(this, "lgamma_", sg.lgamma, []);
  }

  /** The digamma function, like `t.digamma()`. */
  digamma(): Tensor {
    return sf.digamma(this);
  }

  /** The digamma function in place, like `t.digamma_()`. */
  digamma_(): this {
    return ip.apply_(this, "digamma_", sf.digamma, []);
  }

  /** The n-th derivative of digamma, like `t.polygamma(n)`. */
  polygamma(n: number): Tensor {
    return sf.polygamma(n, this);
  }

  /** polygamma in place, like `t.polygamma_(n)`. */
  polygamma_(n: number): this {
    return ip.apply_(this, "polygamma_", (t) => sf.polygamma(n, t), []);
  }

  /** The multivariate log-gamma function, like `t.mvlgamma(p)`. */
  mvlgamma(p: number | { p: number }): Tensor {
    return sg.mvlgamma(this, p);
  }

  /** mvlgamma in place, like `t.mvlgamma_(p)`. */
  mvlgamma_(p: number | { p: number }): this {
    return ip.apply_(this, "mvlgamma_", (t) => sg.mvlgamma(t, p), []);
  }

  /** The error function, like `t.erf()`. */
  erf(): Tensor {
    return sf.erf(this);
  }

  /** The error function in place, like `t.erf_()`. */
  erf_(): this {
    return ip.apply_(this, "erf_", sf.erf, []);
  }

  /** The complementary error function, like `t.erfc()`. */
  erfc(): Tensor {
    return sf.erfc(this);
  }

  /** The complementary error function in place, like `t.erfc_()`. */
  erfc_(): this {
    return ip.apply_(this, "erfc_", sf.erfc, []);
  }

  /** The inverse error function, like `t.erfinv()`. */
  erfinv(): Tensor {
    return sf.erfinv(this);
  }

  /** The inverse error function in place, like `t.erfinv_()`. */
  erfinv_(): this {
    return ip.apply_(this, "erfinv_", sf.erfinv, []);
  }

  /** The log-odds, like `t.logit(eps=None)`. */
  logit(...args: (number | null | { eps?: number | null })[]): Tensor {
    return sf.logit(this, ...args);
  }

  /** The log-odds in place, like `t.logit_(eps=None)`. */
  logit_(...args: (number | null | { eps?: number | null })[]): this {
    return ip.apply_(this, "logit_", (t) => sf.logit(t, ...args), []);
  }

  /** 2^x, like `t.exp2()`. */
  exp2(): Tensor {
    return sf.exp2(this);
  }

  /** 2^x in place, like `t.exp2_()`. */
  exp2_(): this {
    return ip.apply_(this, "exp2_", sf.exp2, []);
  }

  /** The modified Bessel function I₀, like `t.i0()`. */
  i0(): Tensor {
    return sf.i0(this);
  }

  /** I₀ in place, like `t.i0_()`. */
  i0_(): this {
    return ip.apply_(this, "i0_", sf.i0, []);
  }

  /** The normalized sinc function, like `t.sinc()`. */
  sinc(): Tensor {
    return sf.sinc(this);
  }

  /** sinc in place, like `t.sinc_()`. */
  sinc_(): this {
    return ip.apply_(this, "sinc_", sf.sinc, []);
  }

  /** `this · log(other)` in place, like `t.xlogy_(other)`. */
  xlogy_(other: Tensor | number): this {
    return ip.apply_(this, "xlogy_", (t) => sf.xlogy(t, other), [other]);
  }

  /** The regularized lower incomplete gamma function, like `t.igamma(other)`. */
  igamma(other: Tensor): Tensor {
    return si.igamma(this, other);
  }

  /** igamma in place, like `t.igamma_(other)`. */
  igamma_(other: Tensor): this {
    return ip.apply_(this, "igamma_", (t) => si.igamma(t, other), [other]);
  }

  /** The regularized upper incomplete gamma function, like `t.igammac(other)`. */
  igammac(other: Tensor): Tensor {
    return si.igammac(this, other);
  }

  /** igammac in place, like `t.igammac_(other)`. */
  igammac_(other: Tensor): this {
    return ip.apply_(this, "igammac_", (t) => si.igammac(t, other), [other]);
  }

  // ---- end of special functions ----

  // ---- linear algebra (issue 19, lib/linalg/) ----

  /**
   * `torch.det(self)`: the determinant of each square matrix (see `linalg.det`).
   *
   * @returns The determinants (LinalgDetBackward0).
   */
  det(): Tensor {
    return llg.det(this);
  }

  /**
   * `torch.logdet(self)`: log det, nan for a negative determinant (see `logdet`).
   *
   * @returns The log-determinants (WhereBackward0).
   */
  logdet(): Tensor {
    return llg.logdet(this);
  }

  /**
   * `torch.slogdet(self)`: `torch.return_types.slogdet(sign, logabsdet)`.
   *
   * @returns The sign and log |det|.
   */
  slogdet(): SlogdetResult {
    return llg.slogdet(this);
  }

  /**
   * `torch.inverse(self)`: the inverse of each square matrix (see `linalg.inv`).
   *
   * @returns The inverses (LinalgInvExBackward0).
   */
  inverse(): Tensor {
    return llg.inverse(this);
  }

  /**
   * `torch.cholesky(self, upper=False)`: the Cholesky factor (see `cholesky`).
   *
   * @param args `upper` by position or as `{ upper }`.
   * @returns The factors (CholeskyBackward0).
   */
  cholesky(...args: (boolean | CholeskyOptions | undefined)[]): Tensor {
    return llg.cholesky(this, ...args);
  }

  /**
   * `torch.matrix_power(self, n)`: self multiplied by itself n times (see `linalg.matrix_power`).
   *
   * @param n The exponent.
   * @returns selfⁿ.
   */
  matrix_power(n: number): Tensor {
    return llg.matrix_power(this, n);
  }

  /**
   * `torch.matrix_exp(self)`: the matrix exponential (see `linalg.matrix_exp`).
   *
   * @returns exp(self) (LinalgMatrixExpBackward0).
   */
  matrix_exp(): Tensor {
    return llg.matrix_exp(this);
  }

  /**
   * `torch.pinverse(self, rcond=1e-15)`: the pseudo-inverse (see `linalg.pinv`).
   *
   * @param args `rcond` by position or as `{ rcond }`.
   * @returns The pseudo-inverse (LinalgPinvBackward0).
   */
  pinverse(...args: (number | { rcond?: number } | undefined)[]): Tensor {
    return llg.pinverse(this, ...args);
  }
  // ---- end of linear algebra ----

  // ---- autograd: hooks, retain_grad (issue 20) ----

  /**
   * Registers a hook on this tensor's gradient, like torch's `register_hook`: it runs each time
   * the gradient is computed and may return a tensor that replaces it.
   *
   * @param hook Called with the gradient; returns a replacement or nothing.
   * @returns A handle whose `remove()` unregisters the hook.
   */
  register_hook(hook: GradHook): RemovableHandle {
    return hooks.registerHook(this, hook);
  }

  /** Makes this non-leaf keep its `.grad` after backward, like torch's `retain_grad()`. */
  retain_grad(): void {
    hooks.retainGrad(this);
  }

  /** Whether this non-leaf keeps its `.grad` (`retain_grad()` was called). */
  get retains_grad(): boolean {
    return hooks.retainsGrad(this);
  }
  // ---- end of autograd: hooks, retain_grad ----

  /** Torch's repr, e.g. `tensor([0.7000, 0.1000], requires_grad=True)`. */
  toString(): string {
    // A large non-contiguous tensor (an expanded one, say) prints from its storage through its
    // strides, reading only the elements shown, as torch does; small ones from a copy.
    const big = this.numel() > 1000 && !this.is_contiguous();
    return formatTensor({
      data: big ? internals.storage(this).data : contiguousData(this),
      strides: big ? this.stride() : undefined,
      offset: big ? this.storage_offset() : undefined,
      shape: this.shape,
      dtype: this.dtype,
      requires_grad: this.requires_grad,
      grad_fn: this.grad_fn,
    });
  }

  /** Makes `console.log(t)` in Deno print torch's repr. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /**
   * Rich display in Deno's Jupyter kernel: the repr as `text/plain` and a table as `text/html`.
   *
   * @returns The MIME bundle `{ "text/plain": ..., "text/html": ... }`.
   */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return tensorBundle(this);
  }
}

/** Sizes given as arguments `(2, 3)` or as one array `([2, 3])`. */
function sizesArg(args: number[] | [readonly number[]]): readonly number[] {
  return (args.length === 1 && Array.isArray(args[0]) ? args[0] : args) as readonly number[];
}

function checkSizes(shape: readonly number[], where: string): number[] {
  if (!Array.isArray(shape)) {
    throw new TypeError(`${where}: a shape must be an array of sizes, got ${describe(shape)}`);
  }
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) {
      throw new RangeError(
        `${where}: sizes must be non-negative integers, got [${shape.join(", ")}]`,
      );
    }
  }
  return [...shape];
}

function sameSizes(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** A tensor over `storage` with the given layout (the library's constructor; no checks). */
export function makeTensor(
  storage: Storage,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  dtype: DType,
): Tensor {
  return construct(storage, shape, ownFrozen(strides), offset, dtype);
}

const NO_DIMS: readonly number[] = Object.freeze([]);

/** A frozen copy of `a`, or `a` itself when already frozen (immutable, so safely shared). */
function ownFrozen(a: readonly number[]): readonly number[] {
  if (a.length === 0) return NO_DIMS;
  return Object.isFrozen(a) ? a : Object.freeze(a.slice());
}

function construct(
  storage: Storage,
  shape: readonly number[],
  strides: readonly number[] | null,
  offset: number,
  dtype: DType,
): Tensor {
  initStorage = storage;
  initShape = ownFrozen(shape);
  initStrides = strides;
  initOffset = offset;
  initDType = dtype;
  return new Tensor(null as unknown as Float32Array, shape);
}

/** A contiguous leaf over `data` (no copy), in `dtype` (default: the typed array's). */
export function fromData(data: Data, shape: readonly number[], dtype?: DType): Tensor {
  const d = dtype ??
    (data instanceof Float32Array ? "float32" : data instanceof Uint8Array ? "bool" : "float64");
  // An int64 holds no −0 (neg, mul by a negative, floor division of 0 make one in a double).
  if (d === "int64") { for (let i = 0; i < data.length; i++) if (data[i] === 0) data[i] = 0; }
  return construct(new Storage(data), shape, null, 0, d);
}

/** The storage of a tensor (library-internal). */
export function storageOf(t: Tensor): Storage {
  return internals.storage(t);
}

/**
 * The elements of `t` in row-major order, for reading: the storage's own array when `t`
 * covers it exactly, a subarray when `t` is contiguous, else a copy. Never write to it.
 */
export function contiguousData(t: Tensor): Data {
  const data = internals.storage(t).data;
  const n = t.numel();
  if (t.is_contiguous()) {
    const offset = t.storage_offset();
    return offset === 0 && data.length === n ? data : data.subarray(offset, offset + n);
  }
  const out = allocate(t.dtype, n, "contiguous()", t.shape);
  gatherStrided(data, t.shape, t.stride(), t.storage_offset(), out);
  return out;
}

/** Options of {@linkcode result}. */
export interface ResultOptions {
  /** The output dtype when the typed array does not say it (int64 in a Float64Array). */
  dtype?: DType;
  /** Tensors the backward reads, checked for in-place changes. */
  saved?: readonly Tensor[];
  /** Whether the backward reads the output itself (exp, softmax), checked likewise. */
  saveOutput?: boolean;
}

/**
 * Wraps an op's fresh output and, when grad mode is on and an input requires grad, records the
 * node that differentiates it. Every op that computes new values builds its output through
 * this. Integer and bool outputs are never differentiable, as in torch.
 */
export function result(
  data: Data,
  shape: readonly number[],
  name: string,
  inputs: readonly Tensor[],
  backward: BackwardFn,
  options?: ResultOptions,
): Tensor {
  const out = fromData(data, shape, options?.dtype);
  if (isFloating(out.dtype) && is_grad_enabled() && inputs.some((t) => t.requires_grad)) {
    const node = new Node(name, inputs, backward, options?.saved);
    if (options?.saveOutput) node.saveOutput(out);
    internals.setHistory(out, node);
  }
  return out;
}

/**
 * A view of `src`: the same storage seen through a new layout. When `src` requires grad the
 * view records `name` with `backward`; `replay` applies the same view op to another tensor
 * shaped like `src` (used to rebuild history after in-place writes).
 */
export function makeView(
  src: Tensor,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  name: string,
  backward: BackwardFn,
  replay: (t: Tensor) => Tensor,
): Tensor {
  const out = makeTensor(internals.storage(src), shape, strides, offset, src.dtype);
  const parent = internals.view(src);
  internals.setView(
    out,
    parent === null
      ? { base: src, replay, steps: { apply: replay, previous: null } }
      : chained(parent, replay),
  );
  if (is_grad_enabled() && src.requires_grad) {
    internals.setHistory(out, new Node(name, [src], backward));
  }
  return out;
}

/** Gives `t` a new history (an in-place op's node). */
export function setHistory(t: Tensor, node: Node): void {
  internals.setHistory(t, node);
}

/** Sets autograd's fresh-gradient mark of `t`; returns the mark it had. */
export function setFreshMark(t: Tensor, fresh: boolean): boolean {
  return internals.setFresh(t, fresh);
}

function chained(parent: ViewInfo, replay: (t: Tensor) => Tensor): ViewInfo {
  const steps: ViewStep = { apply: replay, previous: parent.steps };
  return { base: parent.base, replay: (b) => replaySteps(steps, b), steps };
}

/** The view link of `t` (its base and how to replay the view), or null. */
export function viewInfo(t: Tensor): ViewInfo | null {
  return internals.view(t);
}

const accumulators = new WeakMap<Tensor, AccumulateGrad>();

/** Where gradients for `t` go: its node, its accumulator if a leaf that requires grad, or null. */
export function edgeOf(t: Tensor): Edge {
  const node = t.grad_fn;
  if (node !== null) return node;
  if (!t.requires_grad) return null;
  let acc = accumulators.get(t);
  if (acc === undefined) {
    acc = new AccumulateGrad(t);
    accumulators.set(t, acc);
  }
  return acc;
}

/** Throws unless `value` is a Tensor. */
export function requireTensor(value: unknown, where: string): asserts value is Tensor {
  if (!(value instanceof Tensor)) {
    throw new TypeError(`${where}: expected a Tensor, got ${describeValue(value)}`);
  }
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return "an array (wrap it with tensor(...))";
  if (value === null || value === undefined) return String(value);
  return typeof value === "object" ? (value.constructor?.name ?? "an object") : typeof value;
}

/** The tensor's type and shape as torch names them in messages: `[torch.FloatTensor [3]]`. */
export function typeAndShape(t: Tensor): string {
  return `[${tensorTypeName(t.dtype)} [${t.shape.join(", ")}]]`;
}

// Node's console.log prints what Deno's does (lib/tensor/inspect.ts).
addNodeInspect(Tensor);
