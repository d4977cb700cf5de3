/**
 * Reverse-mode autograd: graph nodes, grad mode and `backward()`.
 *
 * Each op records a {@linkcode Node} holding a closure that maps the gradient of its output to
 * the gradients of its inputs, and one edge per input: the input's own node, or for a leaf
 * that requires grad its {@linkcode AccumulateGrad}, as torch's `next_functions`. Edges are
 * taken when the op runs, so an in-place op that later gives a tensor a new `grad_fn` does not
 * change where earlier ops send their gradients. The engine ({@linkcode runEngine}, under
 * `backward()` and `autograd.grad`) sorts the edges topologically once from the roots and runs
 * the closures in reverse order, as micrograd does: one sort, one loop, version checks.
 * `autograd.grad` captures the gradient reaching each input's node (running only the nodes
 * that lead to one) instead of accumulating into `.grad`; tensor hooks (`register_hook`,
 * `retain_grad`) run on the gradient reaching their node.
 *
 * With `create_graph` the closures run with grad mode on, so formulas written with the
 * library's ops record the graph of the gradient (double backward). A closure whose fast path
 * is a raw loop asks {@linkcode needsGraph} and switches to recorded ops (or, for a gradient
 * linear in the incoming one, {@linkcode linearInGrad}); one with no recorded form throws
 * {@linkcode notTwiceDifferentiable}'s error rather than return a constant.
 *
 * Tensors an op saves for its backward are checked there against the version counter of their
 * storage: an in-place write in between is torch's "modified by an inplace operation" error.
 *
 * @module
 */

import { allocate, tensorTypeName } from "./dtype.ts";
import {
  contiguousData,
  edgeOf,
  fromData,
  result,
  setFreshMark,
  storageOf,
  type Tensor,
} from "./tensor.ts";

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

/**
 * Whether a backward formula must be written with recorded ops: grad mode is on inside a
 * backward only under `create_graph`, and then a gradient that depends on a tensor requiring
 * grad must carry that dependence. Raw loops stay the fast path otherwise.
 */
export function needsGraph(...tensors: readonly Tensor[]): boolean {
  if (!gradEnabled) return false;
  for (const t of tensors) if (t.requires_grad) return true;
  return false;
}

/**
 * A gradient computed by a raw loop that is linear in the incoming gradient `g`: returned as it
 * is, except under `create_graph`, where it is recorded as an op of `g` whose own backward is
 * `adjoint` (the transpose of the loop, i.e. the forward op applied to the new gradient,
 * written with recorded ops). This is how the fast loops of view, gather and scatter
 * backwards stay differentiable.
 */
export function linearInGrad(
  value: Tensor,
  g: Tensor,
  name: string,
  adjoint: (gg: Tensor) => Tensor,
): Tensor {
  if (!needsGraph(g)) return value;
  return result(contiguousData(value), value.shape, name, [g], (gg) => [adjoint(gg)], {
    dtype: value.dtype,
  });
}

/**
 * The error a backward formula throws under `create_graph` when it has no differentiable form
 * yet: never a silently wrong higher-order derivative.
 */
export function notTwiceDifferentiable(name: string): Error {
  return new Error(
    `${name}: the derivative of this backward is not implemented (create_graph / double backward through ${name} is not supported by kldiv yet)`,
  );
}

/** Sets grad mode from now on (`set_grad_enabled(mode)` without a callback). */
export function setGradMode(enabled: boolean): void {
  gradEnabled = enabled;
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

/** Targets reachable from `roots` through edges, each after everything it depends on. */
function topologicalOrder(roots: readonly Target[]): Target[] {
  const order: Target[] = [];
  const visited = new Set<Target>();
  // Iterative depth-first search, so long chains cannot overflow the call stack: a stack of
  // targets and, beside it, the next edge of each to follow.
  for (const root of roots) {
    if (visited.has(root)) continue;
    visited.add(root);
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
  }
  return order;
}

/** A gradient hook: returns a replacement gradient, or nothing to keep it. */
export type GradHook = (grad: Tensor) => Tensor | void | undefined | null;

// Tensor hooks (register_hook, retain_grad) by the target their gradient arrives at: a
// non-leaf's node, a leaf's accumulator. A WeakMap, so graphs without hooks pay one lookup.
const tensorHooks = new WeakMap<Target, Map<number, GradHook>>();
let nextHookId = 0;

/** A handle returned by `register_hook`; `remove()` unregisters the hook. */
export interface RemovableHandle {
  /** Unregisters the hook (again: nothing). */
  remove(): void;
}

/** Registers `hook` on the gradient arriving at `target` (the engine's side of register_hook). */
export function addHook(target: Target, hook: GradHook): RemovableHandle {
  let hooks = tensorHooks.get(target);
  if (hooks === undefined) {
    hooks = new Map();
    tensorHooks.set(target, hooks);
  }
  const id = nextHookId++;
  hooks.set(id, hook);
  const map = hooks;
  return { remove: () => void map.delete(id) };
}

function runHooks(target: Target, grad: Tensor): Tensor {
  const hooks = tensorHooks.get(target);
  if (hooks === undefined) return grad;
  for (const hook of [...hooks.values()]) {
    const out = hook(grad);
    if (out !== undefined && out !== null) {
      if (!isTensorLike(out)) {
        throw new TypeError(
          `hook: a hook must return a Tensor or nothing, got ${describeHookResult(out)}`,
        );
      }
      if (out.shape.length !== grad.shape.length || out.shape.some((d, i) => d !== grad.shape[i])) {
        throw new RangeError(
          `hook: the hook returned a gradient of shape [${
            out.shape.join(", ")
          }] for a gradient of shape [${grad.shape.join(", ")}]`,
        );
      }
      grad = out;
    }
  }
  return grad;
}

function isTensorLike(v: unknown): v is Tensor {
  return typeof v === "object" && v !== null && "shape" in v && "dtype" in v &&
    typeof (v as { contiguous?: unknown }).contiguous === "function";
}

function describeHookResult(v: unknown): string {
  return typeof v === "object" ? (v?.constructor?.name ?? "an object") : typeof v;
}

/** What one run of the engine does besides propagating. */
export interface EngineOptions {
  /** Keep saved tensors so the graph can be back-propagated again. */
  readonly retainGraph: boolean;
  /** Run the backward formulas with grad mode on, recording the graph of the gradients. */
  readonly createGraph: boolean;
  /**
   * The tensors whose gradient is wanted (null: every leaf reached). Only what lies on a path
   * to one of them runs.
   */
  readonly inputs: readonly Tensor[] | null;
  /** True: add gradients into `.grad` (backward); false: return them (autograd.grad). */
  readonly accumulate: boolean;
}

/** The error when a node that released its saved tensors runs again. */
function freedError(t: Node): Error {
  return new Error(
    `Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward. (${t.name()} released its saved tensors: pass { retain_graph: true } to the first backward())`,
  );
}

/**
 * The engine, as micrograd's: one topological sort from the roots, one loop over it in
 * reverse, running each node's closure on the sum of the gradients that reached it. Saved
 * tensors are version-checked before a node runs. With `createGraph` the closures run with
 * grad mode on, so the gradients they return carry their own graph (double backward); without
 * it they run under no_grad and fused nodes may pass {@linkcode ScaledGrad}s between them.
 *
 * @returns For `options.inputs`, the gradient that reached each (null: none reached it).
 */
export function runEngine(
  roots: readonly Tensor[],
  rootGrads: readonly Tensor[],
  accumulate: (leaf: Tensor, grad: Tensor, createGraph: boolean) => void,
  castTo: (grad: Tensor, like: Tensor) => Tensor,
  options: EngineOptions,
): (Tensor | null)[] {
  const { createGraph, inputs } = options;
  const starts: Target[] = [];
  const grads = new Map<Target, Tensor | ScaledGrad>();
  for (let i = 0; i < roots.length; i++) {
    const start = edgeOf(roots[i]);
    if (start === null) continue;
    starts.push(start);
    const previous = grads.get(start);
    grads.set(start, previous === undefined ? rootGrads[i] : full(previous).add(rootGrads[i]));
  }
  const order = topologicalOrder(starts);
  // Targets whose gradient is captured; with inputs, the nodes that lead to one of them.
  let captures: Map<Target, number[]> | null = null;
  let needed: Set<Target> | null = null;
  const captured: (Tensor | null)[] = inputs === null ? [] : inputs.map(() => null);
  if (inputs !== null) {
    captures = new Map();
    for (let k = 0; k < inputs.length; k++) {
      const target = edgeOf(inputs[k]);
      if (target === null) continue;
      const list = captures.get(target);
      if (list === undefined) captures.set(target, [k]);
      else list.push(k);
    }
    needed = new Set();
    // order lists each target after its edges, so one pass forwards settles every target.
    for (const t of order) {
      if (captures.has(t)) {
        needed.add(t);
        continue;
      }
      if (t instanceof Node) {
        for (const e of t.edges) {
          if (e !== null && needed.has(e)) {
            needed.add(t);
            break;
          }
        }
      }
    }
  }
  for (const t of order) {
    if (t instanceof Node && t.freed && (needed === null || needed.has(t))) throw freedError(t);
  }
  const producerOf = createGraph ? noScaled : scaledHooks.producer;
  const consumerOf = createGraph ? noScaled : scaledHooks.consumer;
  withGradMode(createGraph, () => {
    for (let i = order.length - 1; i >= 0; i--) {
      const node = order[i];
      let g = grads.get(node);
      if (g === undefined) continue;
      grads.delete(node);
      if (needed !== null && !needed.has(node)) continue;
      // autograd.grad captures a gradient before the tensor's hooks run (torch 1.13's order);
      // backward runs them before accumulating.
      const slots = captures?.get(node);
      if (slots !== undefined && !options.accumulate) {
        const value = full(g);
        for (const k of slots) captured[k] = value;
        if (node instanceof AccumulateGrad) continue;
      }
      if (tensorHooks.has(node)) g = runHooks(node, full(g));
      if (slots !== undefined && options.accumulate) {
        const value = full(g);
        accumulate(
          node instanceof AccumulateGrad ? node.variable : inputs![slots[0]],
          value,
          createGraph,
        );
        if (node instanceof AccumulateGrad) continue;
      }
      if (node instanceof AccumulateGrad) {
        if (options.accumulate && captures === null) {
          accumulate(node.variable, full(g), createGraph);
        }
        continue;
      }
      node.checkSaved();
      let inputGrads: (Tensor | ScaledGrad | null)[] | null = null;
      if (g instanceof ScaledGrad) inputGrads = consumerOf(node)?.(g) ?? null;
      if (inputGrads === null) inputGrads = (producerOf(node) ?? node.apply)(full(g));
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
  if (!options.retainGraph) {
    for (const t of order) if (t instanceof Node && (needed === null || needed.has(t))) t.release();
  }
  return captured;
}

function noScaled(_node: Node): null {
  return null;
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
  accumulate: (leaf: Tensor, grad: Tensor, createGraph: boolean) => void,
  castTo: (grad: Tensor, like: Tensor) => Tensor,
  retainGraph = false,
): void {
  runEngine([root], [gradient], accumulate, castTo, {
    retainGraph,
    createGraph: false,
    inputs: null,
    accumulate: true,
  });
}
