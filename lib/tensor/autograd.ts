/**
 * Reverse-mode autograd: graph nodes, grad mode and `backward()`.
 *
 * Each op records a {@linkcode Node} holding a closure that maps the gradient of its output to
 * the gradients of its inputs, and one edge per input: the input's own node, or for a leaf
 * that requires grad its {@linkcode AccumulateGrad}, as torch's `next_functions`. Edges are
 * taken when the op runs, so an in-place op that later gives a tensor a new `grad_fn` does not
 * change where earlier ops send their gradients. `backward()` sorts the edges topologically
 * once and runs the closures in reverse order, as micrograd does.
 *
 * Tensors an op saves for its backward are checked there against the version counter of their
 * storage: an in-place write in between is torch's "modified by an inplace operation" error.
 *
 * @module
 */

import { allocate, tensorTypeName } from "./dtype.ts";
import { edgeOf, fromData, setFreshMark, storageOf, type Tensor } from "./tensor.ts";

/** Maps the gradient of an op's output to the gradients of its inputs (null: none). */
export type BackwardFn = (grad: Tensor) => (Tensor | null)[];

/** Where an input's gradient goes: its node, a leaf's accumulator, or nowhere (null). */
export type Edge = Node | AccumulateGrad | null;

/**
 * The end of the graph at a leaf that requires grad: gradients arriving here are added into
 * the leaf's `.grad`. torch shows it as `<AccumulateGrad>` in `next_functions`.
 */
export class AccumulateGrad {
  /** The leaf tensor. */
  readonly variable: Tensor;

  /**
   * The accumulator of a leaf. Made by autograd, not by users.
   *
   * @param variable The leaf whose `.grad` receives the gradients.
   */
  constructor(variable: Tensor) {
    this.variable = variable;
  }

  /** `"AccumulateGrad"`. */
  name(): string {
    return "AccumulateGrad";
  }

  /** `<AccumulateGrad>`. */
  toString(): string {
    return "<AccumulateGrad>";
  }
}

let scaledHooks: {
  setProducer(node: Node, fn: ScaledProducer): void;
  setConsumer(node: Node, fn: ScaledConsumer): void;
  producer(node: Node): ScaledProducer | null;
  consumer(node: Node): ScaledConsumer | null;
};

/** A tensor saved for backward, with the version of its storage when it was saved. */
interface Saved {
  readonly tensor: Tensor;
  readonly version: number;
  /** The node it was the output of, when saved (for the message). */
  readonly producer: string | null;
}

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
 * assert.equal(y.grad_fn?.next_functions[0][0]?.name(), "MulBackward0");
 * assert.equal(x.grad_fn, null);
 * ```
 */
export class Node {
  readonly #name: string;
  #freed = false;
  /** The tensors this op read, in argument order. */
  readonly inputs: readonly Tensor[];
  /** Where each input's gradient goes, taken when the op ran. */
  readonly edges: readonly Edge[];
  /** Maps the output gradient to one gradient per input. */
  readonly apply: BackwardFn;
  readonly #saved: Saved[];
  // Set by produceScaled / consumeScaled: fields, not WeakMaps, as every fused op sets one.
  #producer: ScaledProducer | null = null;
  #consumer: ScaledConsumer | null = null;

  static {
    scaledHooks = {
      setProducer: (node, fn) => {
        node.#producer = fn;
      },
      setConsumer: (node, fn) => {
        node.#consumer = fn;
      },
      producer: (node) => node.#producer,
      consumer: (node) => node.#consumer,
    };
  }

  /**
   * Records an op. Called by ops, not by users.
   *
   * @param name Torch's name for the backward node, e.g. `"MulBackward0"`.
   * @param inputs The op's tensor inputs.
   * @param apply The gradient closure.
   * @param saved Tensors the closure reads, checked for in-place changes at backward.
   */
  constructor(
    name: string,
    inputs: readonly Tensor[],
    apply: BackwardFn,
    saved: readonly Tensor[] = [],
  ) {
    this.#name = name;
    this.inputs = inputs;
    this.edges = inputs.map(edgeOf);
    this.apply = apply;
    this.#saved = saved.map(savedEntry);
  }

  /** Saves the op's own output for the backward (exp, softmax), checked like the inputs. */
  saveOutput(output: Tensor): void {
    this.#saved.push({ tensor: output, version: storageOf(output).version, producer: this.#name });
  }

  /**
   * Like torch's `grad_fn.next_functions`: for each input, `[edge, 0]`, where the edge is its
   * node, `AccumulateGrad` for a leaf that requires grad, or null.
   */
  get next_functions(): readonly (readonly [Edge, number])[] {
    return this.edges.map((e) => [e, 0] as const);
  }

  /** Whether a backward without `retain_graph` has released this node's saved tensors. */
  get freed(): boolean {
    return this.#freed;
  }

  /** Marks the saved tensors as released, as torch does after backward (no retain_graph). */
  release(): void {
    if (SAVES_TENSORS.has(this.#name) || this.#saved.length > 0) this.#freed = true;
  }

  /** Throws torch's error when a saved tensor was modified in place since it was saved. */
  checkSaved(): void {
    for (const s of this.#saved) {
      const now = storageOf(s.tensor).version;
      if (now === s.version) continue;
      const t = s.tensor;
      const what = `[${tensorTypeName(t.dtype)} [${t.shape.join(", ")}]]`;
      const output = s.producer === null ? "" : `, which is output 0 of ${s.producer},`;
      throw new Error(
        `backward(): one of the variables needed for gradient computation has been modified by an inplace operation: ${what}${output} is at version ${now}; expected version ${s.version} instead. Hint: look for an in-place op (a method ending in _) on this tensor or a view of it after it was used.`,
      );
    }
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

function savedEntry(t: Tensor): Saved {
  return { tensor: t, version: storageOf(t).version, producer: t.grad_fn?.name() ?? null };
}

/**
 * Nodes that keep non-tensor state torch frees after backward (measured on torch 1.13: a
 * second backward through them fails unless the first used retain_graph) although they save
 * no tensor kldiv checks. Every node that saves tensors is freed too.
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
// The mark is a field of the tensor (see tensor.ts's setFreshMark), not a WeakSet entry.

/** Marks `grad` as freshly allocated and owned by nobody (see {@linkcode takeFresh}). */
export function freshGrad(grad: Tensor): Tensor {
  setFreshMark(grad, true);
  return grad;
}

/** Whether `grad` was marked by {@linkcode freshGrad} and not yet taken; takes the mark. */
export function takeFresh(grad: Tensor): boolean {
  return setFreshMark(grad, false);
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
  /** The tensor scaled (contiguous); its shape and dtype are the gradient's. */
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
    const b = this.base.contiguous().toTypedArray();
    const c = this.scale;
    const out = allocate(this.base.dtype, b.length);
    for (let i = 0; i < b.length; i++) out[i] = c * b[i];
    return freshGrad(fromData(out, this.base.shape, this.base.dtype));
  }
}

/** A backward closure that may return some input gradients as {@linkcode ScaledGrad}. */
export type ScaledProducer = (grad: Tensor) => (Tensor | ScaledGrad | null)[];
/** A backward closure for a {@linkcode ScaledGrad} output gradient; null: cannot, materialize. */
export type ScaledConsumer = (grad: ScaledGrad) => (Tensor | null)[] | null;

/** Lets `node` (if any) run `fn` instead of its `apply` inside backward. */
export function produceScaled(node: Node | null, fn: ScaledProducer): void {
  if (node !== null) scaledHooks.setProducer(node, fn);
}

/** Lets `node` (if any) take its output gradient as a {@linkcode ScaledGrad} through `fn`. */
export function consumeScaled(node: Node | null, fn: ScaledConsumer): void {
  if (node !== null) scaledHooks.setConsumer(node, fn);
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
 * Runs `fn` without recording the autograd graph, like `with torch.no_grad():`. `fn` must be
 * synchronous: JavaScript cannot keep grad mode off across an `await`, so an async function
 * (or any function returning a promise) is refused rather than half-recorded.
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
  if (typeof fn !== "function") {
    throw new TypeError(`no_grad(fn): expected a function, got ${typeof fn}`);
  }
  if (fn.constructor?.name === "AsyncFunction") {
    throw new TypeError(
      "no_grad(fn): fn is an async function; grad mode cannot stay off across an await, so run the synchronous tensor code inside no_grad(() => ...) and await outside it",
    );
  }
  const previous = gradEnabled;
  gradEnabled = false;
  let out: T;
  try {
    out = fn();
  } finally {
    gradEnabled = previous;
  }
  if (out instanceof Promise) {
    throw new TypeError(
      "no_grad(fn): fn returned a promise; grad mode cannot stay off across an await, so run the synchronous tensor code inside no_grad(() => ...) and await outside it",
    );
  }
  return out;
}

/** Runs `fn` with grad mode set to `enabled` (the engine's own switch, sync only). */
export function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

type Target = Node | AccumulateGrad;

const NO_EDGES: readonly Edge[] = [];

/** Targets reachable from `root` through edges, each after everything it depends on. */
function topologicalOrder(root: Target): Target[] {
  const order: Target[] = [];
  const visited = new Set<Target>([root]);
  // Iterative depth-first search, so long chains cannot overflow the call stack: a stack of
  // targets and, beside it, the next edge of each to follow.
  const stack: Target[] = [root];
  const nextEdge: number[] = [0];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const k = nextEdge[nextEdge.length - 1];
    const edges = top instanceof Node ? top.edges : NO_EDGES;
    if (k < edges.length) {
      nextEdge[nextEdge.length - 1] = k + 1;
      const next = edges[k];
      if (next !== null && !visited.has(next)) {
        visited.add(next);
        stack.push(next);
        nextEdge.push(0);
      }
    } else {
      order.push(top);
      stack.pop();
      nextEdge.pop();
    }
  }
  return order;
}

/**
 * Back-propagates `gradient` from `root` (a tensor that requires grad), accumulating into the
 * `.grad` of every leaf reached. Shapes and dtypes have been checked by the caller. Unless
 * `retainGraph`, nodes that saved tensors are released afterwards, so running through them
 * again throws.
 */
export function runBackward(
  root: Tensor,
  gradient: Tensor,
  accumulate: (leaf: Tensor, grad: Tensor) => void,
  castTo: (grad: Tensor, like: Tensor) => Tensor,
  retainGraph = false,
): void {
  const start = edgeOf(root);
  if (start === null) return;
  const order = topologicalOrder(start);
  for (const t of order) {
    if (t instanceof Node && t.freed) {
      throw new Error(
        `backward(): trying to backward through the graph a second time: ${t.name()} ` +
          "released its saved tensors after the first backward(); pass { retain_graph: true } " +
          "to the first backward() to keep them",
      );
    }
  }
  const grads = new Map<Target, Tensor | ScaledGrad>([[start, gradient]]);
  withGradMode(false, () => {
    for (let i = order.length - 1; i >= 0; i--) {
      const node = order[i];
      const g = grads.get(node);
      if (g === undefined) continue;
      grads.delete(node);
      if (node instanceof AccumulateGrad) {
        accumulate(node.variable, full(g));
        continue;
      }
      node.checkSaved();
      let inputGrads: (Tensor | ScaledGrad | null)[] | null = null;
      if (g instanceof ScaledGrad) inputGrads = scaledHooks.consumer(node)?.(g) ?? null;
      if (inputGrads === null) inputGrads = (scaledHooks.producer(node) ?? node.apply)(full(g));
      for (let k = 0; k < node.edges.length; k++) {
        const edge = node.edges[k];
        const gi = inputGrads[k];
        if (gi === null || gi === undefined || edge === null) continue;
        const input = node.inputs[k];
        const cast = gi instanceof ScaledGrad && gi.base.dtype === input.dtype
          ? gi
          : castTo(full(gi), input);
        const previous = grads.get(edge);
        // A sum of two contributions is new storage: the leaf may keep it without a copy.
        grads.set(
          edge,
          previous === undefined ? cast : freshGrad(full(previous).add(full(cast))),
        );
      }
    }
  });
  if (!retainGraph) {
    for (const t of order) if (t instanceof Node) t.release();
  }
}
