/**
 * Reverse-mode autograd: graph nodes, grad mode and `backward()`.
 *
 * Each op records a {@linkcode Node} holding its inputs and a closure that maps the gradient
 * of its output to the gradients of its inputs. `backward()` sorts the graph topologically
 * once and runs those closures in reverse order, as micrograd does.
 *
 * @module
 */

import { allocate } from "./dtype.ts";
import { Tensor } from "./tensor.ts";

/** Maps the gradient of an op's output to the gradients of its inputs (null: none). */
export type BackwardFn = (grad: Tensor) => (Tensor | null)[];

/**
 * A node of the autograd graph: what a non-leaf tensor's `grad_fn` holds. Its `name()` is the
 * class name torch prints, e.g. `DivBackward0`.
 *
 * @example
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([1, 2], { requires_grad: true });
 * const y = x.mul(2).mean();
 * assert.equal(y.grad_fn?.name(), "MeanBackward0");
 * assert.equal(y.grad_fn?.inputs[0].grad_fn?.name(), "MulBackward0");
 * assert.equal(x.grad_fn, null);
 * ```
 */
export class Node {
  readonly #name: string;
  #freed = false;
  /** The tensors this op read, in argument order. */
  readonly inputs: readonly Tensor[];
  /** Maps the output gradient to one gradient per input. */
  readonly apply: BackwardFn;

  /**
   * Records an op. Called by ops, not by users.
   *
   * @param name Torch's name for the backward node, e.g. `"MulBackward0"`.
   * @param inputs The op's tensor inputs.
   * @param apply The gradient closure.
   */
  constructor(name: string, inputs: readonly Tensor[], apply: BackwardFn) {
    this.#name = name;
    this.inputs = inputs;
    this.apply = apply;
  }

  /** Whether a backward without `retain_graph` has released this node's saved tensors. */
  get freed(): boolean {
    return this.#freed;
  }

  /** Marks the saved tensors as released, as torch does after backward (no retain_graph). */
  release(): void {
    if (SAVES_TENSORS.has(this.#name)) this.#freed = true;
  }

  /** Torch's name for this node, e.g. `"DivBackward0"`. */
  name(): string {
    return this.#name;
  }

  /** `<DivBackward0>`, close to how torch shows a node. */
  toString(): string {
    return `<${this.#name}>`;
  }
}

/**
 * The nodes that keep tensors for their backward in torch 1.13 (measured: a second backward
 * through them fails unless the first used retain_graph). Add, Sub, Neg, Sum, a full Mean,
 * reshape and dtype copies keep none and can be run again.
 */
const SAVES_TENSORS = new Set([
  "MulBackward0",
  "DivBackward0",
  "LogBackward0",
  "ExpBackward0",
  "XlogyBackward0",
  "MeanBackward1",
  "SoftmaxBackward0",
  "LogSoftmaxBackward0",
]);

/**
 * Gradients freshly allocated by a backward closure and referenced by nothing else. The first
 * leaf that receives one may keep its storage as `.grad` instead of copying it; the mark is
 * taken on that first use, so a gradient handed to two leaves is still copied for the second.
 */
const fresh = new WeakSet<Tensor>();

/** Marks `grad` as freshly allocated and owned by nobody (see {@linkcode takeFresh}). */
export function freshGrad(grad: Tensor): Tensor {
  fresh.add(grad);
  return grad;
}

/** Whether `grad` was marked by {@linkcode freshGrad} and not yet taken; takes the mark. */
export function takeFresh(grad: Tensor): boolean {
  return fresh.delete(grad);
}

/**
 * A gradient equal to `scale · base` elementwise (each product rounded to base's dtype) that
 * has not been computed. A node registered with {@linkcode produceScaled} returns one for an
 * input; the engine hands it on only to a node registered with {@linkcode consumeScaled} that
 * accepts it. Leaves, every other node, a second contribution to the same tensor and a dtype
 * cast all get {@linkcode ScaledGrad.materialize}: the full-shape tensor.
 */
export class ScaledGrad {
  /** The factor every element of `base` is multiplied by. */
  readonly scale: number;
  /** The tensor scaled; its shape and dtype are the gradient's. */
  readonly base: Tensor;

  /**
   * @param scale The factor.
   * @param base The tensor it multiplies.
   */
  constructor(scale: number, base: Tensor) {
    this.scale = scale;
    this.base = base;
  }

  /** The gradient as a new tensor: `scale · base[i]`, rounded to base's dtype. */
  materialize(): Tensor {
    const b = this.base.array;
    const c = this.scale;
    const out = allocate(this.base.dtype, b.length);
    for (let i = 0; i < b.length; i++) out[i] = c * b[i];
    return freshGrad(new Tensor(out, this.base.shape));
  }
}

/** A backward closure that may return some input gradients as {@linkcode ScaledGrad}. */
export type ScaledProducer = (grad: Tensor) => (Tensor | ScaledGrad | null)[];
/** A backward closure for a {@linkcode ScaledGrad} output gradient; null: cannot, materialize. */
export type ScaledConsumer = (grad: ScaledGrad) => (Tensor | null)[] | null;

const producers = new WeakMap<Node, ScaledProducer>();
const consumers = new WeakMap<Node, ScaledConsumer>();

/** Lets `node` (if any) run `fn` instead of its `apply` inside backward. */
export function produceScaled(node: Node | null, fn: ScaledProducer): void {
  if (node !== null) producers.set(node, fn);
}

/** Lets `node` (if any) take its output gradient as a {@linkcode ScaledGrad} through `fn`. */
export function consumeScaled(node: Node | null, fn: ScaledConsumer): void {
  if (node !== null) consumers.set(node, fn);
}

function full(g: Tensor | ScaledGrad): Tensor {
  return g instanceof ScaledGrad ? g.materialize() : g;
}

let gradEnabled = true;

/**
 * Whether ops currently record the graph, like `torch.is_grad_enabled()`.
 *
 * @returns False inside `no_grad`, else true.
 *
 * @example
 * ```ts
 * import { is_grad_enabled, no_grad } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(is_grad_enabled(), true);
 * assert.equal(no_grad(() => is_grad_enabled()), false);
 * ```
 */
export function is_grad_enabled(): boolean {
  return gradEnabled;
}

/**
 * Runs `fn` without recording the autograd graph, like `with torch.no_grad():`.
 *
 * @param fn The computation to run.
 * @returns What `fn` returns.
 *
 * @example
 * ```ts
 * import { no_grad, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const w = tensor([0.5], { requires_grad: true });
 * const y = no_grad(() => w.mul(3));
 * assert.equal(y.requires_grad, false);
 * assert.equal(y.grad_fn, null);
 * ```
 */
export function no_grad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/** Tensors reachable from `root` through grad_fn edges, each after everything it depends on. */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>([root]);
  // Iterative depth-first search, so long chains cannot overflow the call stack.
  const stack: [Tensor, number][] = [[root, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const inputs = top[0].grad_fn?.inputs ?? [];
    if (top[1] < inputs.length) {
      const next = inputs[top[1]++];
      if (next.requires_grad && !visited.has(next)) {
        visited.add(next);
        stack.push([next, 0]);
      }
    } else {
      order.push(top[0]);
      stack.pop();
    }
  }
  return order;
}

/**
 * Back-propagates `gradient` from `root`, accumulating into the `.grad` of every leaf that
 * requires grad. Shapes and dtypes have been checked by the caller. Unless `retainGraph`,
 * nodes that saved tensors are released afterwards, so running through them again throws.
 */
export function runBackward(
  root: Tensor,
  gradient: Tensor,
  accumulate: (leaf: Tensor, grad: Tensor) => void,
  castTo: (grad: Tensor, like: Tensor) => Tensor,
  retainGraph = false,
): void {
  const order = topologicalOrder(root);
  for (const t of order) {
    if (t.grad_fn?.freed) {
      throw new Error(
        `backward(): trying to backward through the graph a second time: ${t.grad_fn.name()} ` +
          "released its saved tensors after the first backward(); pass { retain_graph: true } " +
          "to the first backward() to keep them",
      );
    }
  }
  const grads = new Map<Tensor, Tensor | ScaledGrad>([[root, gradient]]);
  no_grad(() => {
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i];
      const g = grads.get(t);
      if (g === undefined) continue;
      grads.delete(t);
      const node = t.grad_fn;
      if (node === null) {
        accumulate(t, full(g));
        continue;
      }
      let inputGrads: (Tensor | ScaledGrad | null)[] | null = null;
      if (g instanceof ScaledGrad) inputGrads = consumers.get(node)?.(g) ?? null;
      if (inputGrads === null) inputGrads = (producers.get(node) ?? node.apply)(full(g));
      for (let k = 0; k < node.inputs.length; k++) {
        const input = node.inputs[k];
        const gi = inputGrads[k];
        if (gi === null || gi === undefined || !input.requires_grad) continue;
        const cast = gi instanceof ScaledGrad && gi.base.dtype === input.dtype
          ? gi
          : castTo(full(gi), input);
        const previous = grads.get(input);
        // A sum of two contributions is new storage: the leaf may keep it without a copy.
        grads.set(
          input,
          previous === undefined ? cast : freshGrad(full(previous).add(full(cast))),
        );
      }
    }
  });
  if (!retainGraph) { for (const t of order) t.grad_fn?.release(); }
}
