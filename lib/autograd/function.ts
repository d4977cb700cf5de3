/**
 * `autograd.Function`: custom ops with a hand-written backward, as torch's
 * `torch.autograd.Function` — a subclass with static `forward(ctx, ...)` and
 * `backward(ctx, ...grads)`, called through `Function.apply(...)`.
 *
 * `forward` runs with grad mode off; its outputs get one node named `<ClassName>Backward`
 * whose closure calls `backward` (with grad mode on under `create_graph`, so a backward
 * written with tensor ops is itself differentiable). Tensors saved with
 * `ctx.save_for_backward` are version-checked like every op's.
 *
 * @module
 */

import { Node, withGradMode } from "../tensor/autograd.ts";
import { is_grad_enabled } from "../tensor/autograd.ts";
import { allocate } from "../tensor/dtype.ts";
import { sizeString } from "../tensor/shape.ts";
import { fromData, setHistory, Tensor } from "../tensor/tensor.ts";
import { cat } from "../ops/gather.ts";

/**
 * The `ctx` handed to a custom {@linkcode Function}'s `forward` and `backward`: saved tensors,
 * which inputs need a gradient, and any attribute the function sets on it (`ctx.lambd = 0.5`).
 */
export class FunctionCtx {
  /** Anything `forward` stores for `backward`, as Python's attributes on ctx. */
  [key: string]: unknown;
  /** For each forward argument: whether it is a tensor that requires grad. */
  needs_input_grad: readonly boolean[] = [];
  #saved: readonly Tensor[] = [];
  #nonDifferentiable = new Set<Tensor>();
  #node: Node | null = null;

  /**
   * Saves tensors for `backward` (read back as `ctx.saved_tensors`); an in-place change to
   * one of them before backward is torch's "modified by an inplace operation" error.
   *
   * @param tensors The tensors (nulls allowed, as torch's None).
   */
  save_for_backward(...tensors: (Tensor | null)[]): void {
    for (const t of tensors) {
      if (t !== null && !(t instanceof Tensor)) {
        throw new TypeError(
          `save_for_backward can only save variables, but argument ${
            tensors.indexOf(t)
          } is of type ${typeof t}`,
        );
      }
    }
    this.#saved = tensors as Tensor[];
  }

  /** The tensors given to `save_for_backward`, in order. */
  get saved_tensors(): readonly Tensor[] {
    if (this.#node?.freed) {
      throw new Error(
        "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.",
      );
    }
    return this.#saved;
  }

  /**
   * Marks outputs as not differentiable (indices, masks): they do not require grad, and their
   * gradient in `backward` is zeros.
   *
   * @param tensors Outputs of `forward`.
   */
  mark_non_differentiable(...tensors: Tensor[]): void {
    for (const t of tensors) this.#nonDifferentiable.add(t);
  }

  /** @internal The saved tensors and marks, for `apply`. */
  static internals(ctx: FunctionCtx): {
    saved: readonly Tensor[];
    nonDifferentiable: Set<Tensor>;
    setNode(node: Node): void;
    setSaved(saved: readonly Tensor[]): void;
  } {
    return {
      saved: ctx.#saved,
      nonDifferentiable: ctx.#nonDifferentiable,
      setNode: (node) => {
        ctx.#node = node;
      },
      setSaved: (saved) => {
        ctx.#saved = saved;
      },
    };
  }
}

/** What a forward may return: one tensor or several. */
type Outputs = Tensor | readonly Tensor[];

/** A subclass of {@linkcode Function}: its static forward and backward. */
interface FunctionClass {
  readonly name: string;
  forward(ctx: FunctionCtx, ...args: never[]): Outputs;
  backward(ctx: FunctionCtx, ...grads: Tensor[]): Tensor | null | readonly (Tensor | null)[];
}

/** The forward's arguments after ctx. */
type ForwardArgs<C> = C extends { forward(ctx: FunctionCtx, ...args: infer A): unknown } ? A
  : never;

/**
 * The base of custom autograd ops, like `torch.autograd.Function`: subclass it with static
 * `forward(ctx, ...args)` and `backward(ctx, ...grads)`, and call `MyFn.apply(...args)`.
 * `backward` returns one gradient per forward argument (null for non-tensors or inputs that
 * need none).
 *
 * @example A gradient-reversal layer (domain-adversarial training)
 * ```ts
 * import { autograd, type Tensor, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * class GradReverse extends autograd.Function {
 *   static override forward(ctx: autograd.FunctionCtx, x: Tensor, lambd: number): Tensor {
 *     ctx.lambd = lambd;
 *     return x.clone();
 *   }
 *   static override backward(ctx: autograd.FunctionCtx, g: Tensor): (Tensor | null)[] {
 *     return [g.mul(-(ctx.lambd as number)), null];
 *   }
 * }
 * const x = tensor([1, 2], { requires_grad: true });
 * const y = GradReverse.apply(x, 0.5);
 * assert.equal(y.grad_fn?.name(), "GradReverseBackward");
 * y.sum().backward();
 * assert.deepEqual(x.grad?.tolist(), [-0.5, -0.5]);
 * ```
 */
export class Function {
  /**
   * The op's forward, run with grad mode off. Override in a subclass.
   *
   * @param _ctx The context, to save tensors and values for backward.
   * @param _args The op's arguments.
   * @returns The output tensor(s).
   */
  static forward(_ctx: FunctionCtx, ..._args: never[]): Outputs {
    throw new Error(
      "You must implement the forward function for custom autograd.Function.",
    );
  }

  /**
   * The op's backward: from the gradient of each output, the gradient of each forward
   * argument. Override in a subclass.
   *
   * @param _ctx The context forward filled.
   * @param _grads One gradient per output.
   * @returns One gradient per forward argument (null where none).
   */
  static backward(
    _ctx: FunctionCtx,
    ..._grads: Tensor[]
  ): Tensor | null | readonly (Tensor | null)[] {
    throw new Error(
      "You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.",
    );
  }

  /**
   * Runs the op: `forward` without recording, then one node (`<Name>Backward`) whose
   * backward calls the subclass's `backward`.
   *
   * @param args The forward's arguments (after ctx).
   * @returns What forward returns, attached to the graph.
   */
  static apply<C extends FunctionClass>(
    this: C,
    ...args: ForwardArgs<C>
  ): ReturnType<C["forward"]> {
    return applyFunction(this, args as unknown[]) as ReturnType<C["forward"]>;
  }
}

function applyFunction(cls: FunctionClass, args: unknown[]): Outputs {
  if ((cls as unknown) === Function) {
    throw new Error("autograd.Function.apply: call apply on a subclass of Function");
  }
  const ctx = new FunctionCtx();
  const tensorArgs = args.map((a) => a instanceof Tensor ? a : null);
  ctx.needs_input_grad = tensorArgs.map((t) => t !== null && t.requires_grad);
  const raw = withGradMode(false, () => cls.forward(ctx, ...(args as never[])));
  const single = raw instanceof Tensor;
  const list = single ? [raw] : raw;
  if (!Array.isArray(list) || !list.every((t) => t instanceof Tensor)) {
    throw new TypeError(
      `${cls.name}.forward must return a Tensor or an array of Tensors, got ${typeof raw}`,
    );
  }
  const { saved: savedRaw, nonDifferentiable, setNode, setSaved } = FunctionCtx.internals(ctx);
  const record = is_grad_enabled() && ctx.needs_input_grad.some((b) => b);
  // New headers over the forward's storage: an input returned as is becomes a new output.
  const outputs = list.map((t) => (record ? t.detach() : t));
  if (!record) return single ? outputs[0] : outputs;
  // A saved output is read back as the output itself, with its history (double backward).
  const saved = savedRaw.map((t) => {
    const k = list.indexOf(t);
    return k >= 0 && !nonDifferentiable.has(t) ? outputs[k] : t;
  });
  setSaved(saved);
  // Saved outputs are checked as this node's output (the message names it), the rest as inputs.
  const savedOutputs = saved.filter((t) => outputs.includes(t));
  const savedInputs = saved.filter((t) => t !== null && !outputs.includes(t));
  const inputs = tensorArgs.filter((t): t is Tensor => t !== null);
  const name = `${cls.name}Backward`;
  const differentiable = list.map((t) => !nonDifferentiable.has(t));
  const callBackward = (grads: Tensor[]): (Tensor | null)[] => {
    let got = cls.backward(ctx, ...grads);
    if (!Array.isArray(got)) got = [got as Tensor | null];
    const returned = got as (Tensor | null)[];
    if (returned.length < args.length || returned.slice(args.length).some((g) => g != null)) {
      throw new Error(
        `function ${name} returned an incorrect number of gradients (expected ${args.length}, got ${returned.length})`,
      );
    }
    const out: (Tensor | null)[] = [];
    args.forEach((a, i) => {
      const g = returned[i] ?? null;
      if (!(a instanceof Tensor)) {
        if (g !== null) {
          throw new Error(
            `function ${name} returned a gradient different than None at position ${
              i + 1
            }, but the corresponding forward input was not a Variable`,
          );
        }
        return;
      }
      if (g !== null) {
        if (!(g instanceof Tensor)) {
          throw new TypeError(
            `function ${name} returned a non-Tensor gradient at position ${i + 1}`,
          );
        }
        if (g.numel() !== a.numel() && !sameShape(g.shape, a.shape)) {
          throw new Error(
            `Function ${name} returned an invalid gradient at index ${i} - got ${
              sizeString(g.shape)
            } but expected shape compatible with ${sizeString(a.shape)}`,
          );
        }
      }
      out.push(g === null ? null : sameShape(g.shape, a.shape) ? g : g.reshape(a.shape));
    });
    return out;
  };
  if (outputs.length === 1) {
    const node = new Node(name, inputs, (g) => callBackward([g]), savedInputs);
    for (const t of savedOutputs) node.saveOutput(t);
    setNode(node);
    if (differentiable[0]) setHistory(outputs[0], node);
    return single ? outputs[0] : outputs;
  }
  // Several outputs: the engine gives each node one gradient, so each output gets a node that
  // places its gradient in its segment of one flat gradient, which the shared node splits.
  const sizes = outputs.map((t) => t.numel());
  const total = sizes.reduce((a, b) => a + b, 0);
  const dtype = outputs[0].dtype;
  const node = new Node(name, inputs, (flat) => {
    let at = 0;
    const grads = outputs.map((t, i) => {
      const piece = flat.narrow(0, at, sizes[i]).reshape(t.shape);
      at += sizes[i];
      return piece.dtype === t.dtype ? piece : piece.to(t.dtype);
    });
    return callBackward(grads);
  }, savedInputs);
  for (const t of savedOutputs) node.saveOutput(t);
  setNode(node);
  const hub = fromData(allocate(dtype, total), [total], dtype);
  setHistory(hub, node);
  outputs.forEach((t, i) => {
    if (!differentiable[i]) return;
    const before = sizes.slice(0, i).reduce((a, b) => a + b, 0);
    setHistory(
      t,
      new Node(name, [hub], (g) => {
        const parts: Tensor[] = [];
        if (before > 0) parts.push(zerosFlat(before, g));
        parts.push(g.reshape([sizes[i]]).to(dtype));
        const after = total - before - sizes[i];
        if (after > 0) parts.push(zerosFlat(after, g));
        return [parts.length === 1 ? parts[0] : cat(parts)];
      }),
    );
  });
  return outputs;
}

function zerosFlat(n: number, like: Tensor): Tensor {
  return fromData(allocate(like.dtype, n), [n], like.dtype);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}
