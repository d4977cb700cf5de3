/**
 * The {@linkcode Tensor} class: storage, shape, dtype, autograd state and torch's methods.
 *
 * Methods are thin: the math of each op lives with its backward in the op's own module
 * (`elementwise.ts`, `reduce.ts`, `softmax.ts`, `view.ts`).
 *
 * @module
 */

import {
  type BackwardFn,
  freshGrad,
  is_grad_enabled,
  Node,
  runBackward,
  takeFresh,
} from "./autograd.ts";
import { allocate, checkDType, describe, type DType, dtypeOf, type Storage } from "./dtype.ts";
import { checkOptionKeys } from "./options.ts";
import { numelOf, sameShape, sizeString } from "./shape.ts";
import { binary, unary } from "../ops/elementwise.ts";
import { mean, sum } from "../ops/reduce.ts";
import { log_softmax, softmax } from "../ops/softmax.ts";
import { reshape, toDType } from "../ops/view.ts";
import { formatTensor } from "./format.ts";
import { tensorBundle } from "./html.ts";

/** Options of `Tensor.backward`, with torch's key. */
export interface BackwardOptions {
  /** Keep saved tensors so the graph can be back-propagated again. Default false. */
  retain_graph?: boolean;
}

function isBackwardOptions(value: unknown): value is BackwardOptions {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    !(value instanceof Tensor);
}

/** A nested array of numbers, as `Tensor.tolist()` returns and `tensor()` accepts. */
export type NestedNumbers = number | NestedNumbers[];

let attachNode: (t: Tensor, node: Node) => void;

/**
 * An n-dimensional array of float32 or float64 numbers with reverse-mode autograd, modelled on
 * `torch.Tensor`. Create tensors with `tensor()`, `zeros()`, `ones()`, `full()`, `arange()`,
 * `rand()` or `randn()`.
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
 */
export class Tensor {
  /** The elements, contiguous and row-major. Float32Array for float32, Float64Array for float64. */
  readonly array: Storage;
  /** The size of each dim, like `torch.Size` (`[]` for a 0-dim tensor). */
  readonly shape: readonly number[];
  /** `"float32"` or `"float64"`. */
  readonly dtype: DType;
  #requiresGrad = false;
  #grad: Tensor | null = null;
  #gradFn: Node | null = null;

  static {
    attachNode = (t, node) => {
      t.#gradFn = node;
      t.#requiresGrad = true;
    };
  }

  /**
   * Wraps a storage as a tensor of the given shape (without copying). Most code wants
   * `tensor()` instead.
   *
   * @param array The elements, row-major; its type sets the dtype.
   * @param shape The size of each dim; the product must equal `array.length`.
   */
  constructor(array: Storage, shape: readonly number[]) {
    if (!(array instanceof Float32Array || array instanceof Float64Array)) {
      throw new TypeError(
        `Tensor: expected a Float32Array or Float64Array as storage, got ${describe(array)}`,
      );
    }
    for (const s of shape) {
      if (!Number.isInteger(s) || s < 0) {
        throw new RangeError(
          `Tensor: sizes must be non-negative integers, got [${shape.join(", ")}]`,
        );
      }
    }
    if (numelOf(shape) !== array.length) {
      throw new RangeError(
        `Tensor: shape [${shape.join(", ")}] holds ${
          numelOf(shape)
        } elements but the storage has ${array.length}`,
      );
    }
    this.array = array;
    this.shape = Object.freeze([...shape]);
    this.dtype = dtypeOf(array);
  }

  /** Whether gradients are recorded for this tensor. Settable on leaves only, as in torch. */
  get requires_grad(): boolean {
    return this.#requiresGrad;
  }
  set requires_grad(value: boolean) {
    if (typeof value !== "boolean") {
      throw new TypeError(`requires_grad must be a boolean, got ${describe(value)}`);
    }
    if (this.#gradFn !== null) {
      throw new Error(
        `you can only change requires_grad flags of leaf variables; this tensor was made by ${this.#gradFn.name()}, so call .detach() first`,
      );
    }
    this.#requiresGrad = value;
  }

  /** The accumulated gradient of a leaf after `backward()`, else null. Assign null to reset. */
  get grad(): Tensor | null {
    return this.#grad;
  }
  set grad(value: Tensor | null) {
    if (value !== null) {
      requireTensor(value, "grad");
      if (!sameShape(value.shape, this.shape)) {
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
    return this.#gradFn;
  }

  /** Whether this tensor is a leaf of the graph (not produced by a recorded op). */
  get is_leaf(): boolean {
    return this.#gradFn === null;
  }

  /** Number of elements. */
  numel(): number {
    return this.array.length;
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
    if (dim === undefined) return [...this.shape];
    if (this.shape.length === 0) {
      throw new RangeError("size(dim): a 0-dim tensor has no dims; call size() instead");
    }
    const d = checkIndexDim(dim, this.shape.length, "size");
    return this.shape[d];
  }

  /** The value of a one-element tensor as a number. */
  item(): number {
    if (this.array.length !== 1) {
      throw new RangeError(
        `item(): only one element tensors can be converted to numbers, this one has ${this.array.length} (shape ${
          sizeString(this.shape)
        })`,
      );
    }
    return this.array[0];
  }

  /** The elements as (nested) arrays of numbers; a 0-dim tensor gives a number. */
  tolist(): NestedNumbers {
    const a = this.array;
    const shape = this.shape;
    if (shape.length === 0) return a[0];
    let pos = 0;
    const build = (d: number): NestedNumbers[] => {
      const out = new Array<NestedNumbers>(shape[d]);
      for (let i = 0; i < shape[d]; i++) out[i] = d === shape.length - 1 ? a[pos++] : build(d + 1);
      return out;
    };
    return build(0);
  }

  /** A new leaf sharing this tensor's storage, cut from the graph (`requires_grad` false). */
  detach(): Tensor {
    return new Tensor(this.array, this.shape);
  }

  /** A copy with its own storage; recorded by autograd like torch's clone. */
  clone(): Tensor {
    return toDType(this, this.dtype, "CloneBackward0");
  }

  /**
   * Computes the gradient of this tensor with respect to graph leaves, accumulating into their
   * `.grad`, like torch's `backward()`. As in torch, nodes that saved tensors (mul, div, log,
   * exp, softmax, ...) release them afterwards unless `retain_graph` is set.
   *
   * @param gradient Gradient of some scalar with respect to this tensor; needed unless this
   *   tensor has one element. May be omitted (or null) before options.
   * @param options `retain_graph: true` keeps the graph for another backward.
   */
  backward(gradient?: Tensor | null | BackwardOptions, options?: BackwardOptions): void {
    if (isBackwardOptions(gradient)) [gradient, options] = [undefined, gradient];
    // An ignored create_graph would silently give no second-order graph.
    checkOptionKeys(options, ["retain_graph"], "backward()", {
      create_graph: "gradients of gradients are not supported",
    });
    const retainGraph = options?.retain_graph ?? false;
    if (typeof retainGraph !== "boolean") {
      throw new TypeError(
        `backward(): retain_graph must be a boolean, got ${describe(retainGraph)}`,
      );
    }
    if (!this.#requiresGrad) {
      throw new Error(
        "backward(): element 0 of tensors does not require grad and does not have a grad_fn; " +
          "create the inputs with { requires_grad: true }",
      );
    }
    let g: Tensor;
    if (gradient === undefined || gradient === null) {
      if (this.array.length !== 1) {
        throw new Error(
          `backward(): grad can be implicitly created only for scalar outputs; this tensor has shape ${
            sizeString(this.shape)
          }, so pass a gradient of that shape`,
        );
      }
      g = new Tensor(allocate(this.dtype, 1).fill(1), this.shape);
    } else {
      requireTensor(gradient, "backward(gradient)");
      if (!sameShape(gradient.shape, this.shape)) {
        throw new RangeError(
          `backward(): mismatch in shape: gradient has a shape of ${
            sizeString(gradient.shape)
          } and the output has a shape of ${sizeString(this.shape)}`,
        );
      }
      g = gradient.dtype === this.dtype ? gradient.detach() : castGrad(gradient, this);
    }
    runBackward(this, g, accumulateGrad, castGrad, retainGraph);
  }

  /** `this + other`, broadcasting. */
  add(other: Tensor | number): Tensor {
    return binary("add", this, other);
  }
  /** `this - other`, broadcasting. */
  sub(other: Tensor | number): Tensor {
    return binary("sub", this, other);
  }
  /** `this * other`, broadcasting. */
  mul(other: Tensor | number): Tensor {
    return binary("mul", this, other);
  }
  /** `this / other`, broadcasting. */
  div(other: Tensor | number): Tensor {
    return binary("div", this, other);
  }
  /** `this * log(other)`, with 0 where `this` is 0 (unless `other` is NaN), like `torch.xlogy`. */
  xlogy(other: Tensor | number): Tensor {
    return binary("xlogy", this, other);
  }
  /** `-this`. */
  neg(): Tensor {
    return unary("neg", this);
  }
  /** Natural logarithm, elementwise. */
  log(): Tensor {
    return unary("log", this);
  }
  /** `e ** this`, elementwise. */
  exp(): Tensor {
    return unary("exp", this);
  }

  /**
   * Sum of all elements, or over `dim` (one dim or a list; negative dims count from the end).
   *
   * @param dim Dims to reduce; all when omitted.
   * @param keepdim Keep reduced dims with size 1.
   * @returns The sum.
   */
  sum(dim?: number | readonly number[], keepdim?: boolean): Tensor {
    return sum(this, dim, keepdim);
  }

  /**
   * Mean of all elements, or over `dim` (one dim or a list; negative dims count from the end).
   *
   * @param dim Dims to reduce; all when omitted.
   * @param keepdim Keep reduced dims with size 1.
   * @returns The mean.
   */
  mean(dim?: number | readonly number[], keepdim?: boolean): Tensor {
    return mean(this, dim, keepdim);
  }

  /** `softmax` along `dim`, like `t.softmax(dim)`. */
  softmax(dim: number): Tensor {
    return softmax(this, dim);
  }
  /** `log_softmax` along `dim`, like `t.log_softmax(dim)`. */
  log_softmax(dim: number): Tensor {
    return log_softmax(this, dim);
  }

  /**
   * The same elements with another shape (one size may be -1), like `t.reshape(...)`.
   *
   * @param shape The new sizes, as arguments or one array.
   * @returns The reshaped tensor.
   */
  reshape(...shape: number[] | [readonly number[]]): Tensor {
    const sizes = (shape.length === 1 && Array.isArray(shape[0]) ? shape[0] : shape) as number[];
    return reshape(this, sizes);
  }

  /**
   * This tensor in another dtype (itself when it already has it), like `t.to(dtype)`.
   *
   * @param dtype `"float32"` or `"float64"`.
   * @returns The converted tensor.
   */
  to(dtype: DType): Tensor {
    const d = checkDType(dtype, "to()");
    return d === this.dtype ? this : toDType(this, d, "ToCopyBackward0");
  }
  /** This tensor as float64, like `t.double()`. */
  double(): Tensor {
    return this.to("float64");
  }
  /** This tensor as float32, like `t.float()`. */
  float(): Tensor {
    return this.to("float32");
  }

  /** Torch's repr, e.g. `tensor([0.7000, 0.1000], requires_grad=True)`. */
  toString(): string {
    return formatTensor({
      data: this.array,
      shape: this.shape,
      dtype: this.dtype,
      requires_grad: this.#requiresGrad,
      grad_fn: this.#gradFn,
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

/**
 * Wraps an op's result and, when grad mode is on and an input requires grad, records the node
 * that differentiates it. Every op builds its output through this.
 */
export function result(
  array: Storage,
  shape: readonly number[],
  name: string,
  inputs: readonly Tensor[],
  backward: BackwardFn,
): Tensor {
  const out = new Tensor(array, shape);
  if (is_grad_enabled() && inputs.some((t) => t.requires_grad)) {
    attachNode(out, new Node(name, inputs, backward));
  }
  return out;
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

function checkIndexDim(dim: number, ndim: number, where: string): number {
  if (!Number.isInteger(dim) || dim < -ndim || dim >= ndim) {
    throw new RangeError(
      `${where}: dimension out of range (expected to be in range of [${-ndim}, ${
        ndim - 1
      }], but got ${dim})`,
    );
  }
  return dim < 0 ? dim + ndim : dim;
}

function castGrad(grad: Tensor, like: Tensor): Tensor {
  if (grad.dtype === like.dtype) return grad;
  const out = allocate(like.dtype, grad.array.length);
  out.set(grad.array);
  return freshGrad(new Tensor(out, grad.shape));
}

function accumulateGrad(leaf: Tensor, grad: Tensor): void {
  const current = leaf.grad;
  if (current === null) {
    // The first gradient gets its own storage, so it cannot alias a tensor of the graph: a
    // fresh gradient nobody else holds is kept as it is, any other is copied.
    leaf.grad = takeFresh(grad) ? grad : new Tensor(grad.array.slice(), grad.shape);
    return;
  }
  // Later ones add into it in place, as torch does: a reference to x.grad sees the total.
  const a = current.array;
  const b = grad.array;
  for (let i = 0; i < a.length; i++) a[i] += b[i];
}
