/**
 * `autograd.functional`: `jacobian`, `hessian`, `vjp`, `jvp`, `hvp`, `vhp`, as
 * `torch.autograd.functional`, built on `autograd.grad` the way torch builds them (reverse mode;
 * `jvp` and `hvp` by torch's double-backward trick). One input tensor gives results without
 * the tuple level, an array of inputs gives arrays, as torch's one-tensor vs tuple rule.
 *
 * @module
 */

import { Tensor } from "../tensor/tensor.ts";
import { bind, type Signature } from "../tensor/args.ts";
import { allocate } from "../tensor/dtype.ts";
import { fromData } from "../tensor/tensor.ts";
import { stack } from "../ops/gather.ts";
import { grad } from "./grad.ts";

/** One tensor or an array of tensors (torch's tensor-or-tuple). */
export type Tensors = Tensor | Tensor[];

/** Options of `jacobian` and `hessian`, with torch's keys. */
export interface JacobianOptions {
  /** Record the graph of the result. Default false. */
  create_graph?: boolean;
  /** Throw when an output does not depend on an input instead of giving zeros. Default false. */
  strict?: boolean;
  /** Accepted for torch's signature; the result is the same (no vmap here). Default false. */
  vectorize?: boolean;
  /** Only torch's default "reverse-mode". */
  strategy?: "reverse-mode";
}

/** Options of `vjp`, `jvp`, `hvp`, `vhp`, with torch's keys. */
export interface VjpOptions {
  /** Record the graph of the result. Default false. */
  create_graph?: boolean;
  /** Throw when an output does not depend on an input instead of giving zeros. Default false. */
  strict?: boolean;
}

const JAC: Signature = [
  { name: "create_graph", kind: "bool", default: false },
  { name: "strict", kind: "bool", default: false },
  { name: "vectorize", kind: "bool", default: false },
  {
    name: "strategy",
    kind: (v) => v === "reverse-mode" ? null : '"reverse-mode" (forward-mode is not supported)',
    default: "reverse-mode",
  },
];

const VJP: Signature = [
  {
    name: "v",
    kind: (v) => isTensors(v) ? null : "a Tensor or an array of Tensors",
    default: null,
  },
  { name: "create_graph", kind: "bool", default: false },
  { name: "strict", kind: "bool", default: false },
];

function isTensors(v: unknown): boolean {
  return v instanceof Tensor || (Array.isArray(v) && v.every((t) => t instanceof Tensor));
}

function asTuple(x: unknown, arg: string, fn: string): [Tensor[], boolean] {
  if (x instanceof Tensor) return [[x], false];
  if (Array.isArray(x) && x.every((t) => t instanceof Tensor)) return [[...x], true];
  throw new TypeError(
    `The ${arg} given to ${fn} must be either a Tensor or a tuple of Tensors but the value at index 0 has type ${typeof x}.`,
  );
}

/** torch's _grad_preprocess: inputs that require grad, keeping their graph under create_graph. */
function prepare(inputs: Tensor[], createGraph: boolean): Tensor[] {
  return inputs.map((t) =>
    createGraph && t.requires_grad ? t.view_as(t) : t.detach().requires_grad_(true)
  );
}

function zerosLike(t: Tensor): Tensor {
  return fromData(allocate(t.dtype, t.numel()), t.shape, t.dtype);
}

/** torch's _grad_postprocess: detached unless create_graph. */
function post(t: Tensor, createGraph: boolean): Tensor {
  return createGraph ? t : t.detach();
}

function fill(
  grads: (Tensor | null)[],
  like: Tensor[],
  strict: boolean,
  stage: string,
): Tensor[] {
  return grads.map((g, i) => {
    if (g !== null) return g;
    if (strict) {
      throw new Error(
        `The ${stage} of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`,
      );
    }
    return zerosLike(like[i]);
  });
}

function validateV(v: Tensor[], other: Tensor[], what: string): void {
  if (v.length !== other.length) {
    throw new RangeError(
      `v is a tuple of invalid length: should be ${other.length} but got ${v.length}.`,
    );
  }
  v.forEach((t, i) => {
    if (
      t.shape.length !== other[i].shape.length || t.shape.some((d, k) => d !== other[i].shape[k])
    ) {
      throw new RangeError(
        `Entry ${i} in v has invalid size: should be [${other[i].shape.join(", ")}] but got [${
          t.shape.join(", ")
        }] (v must match the ${what}).`,
      );
    }
  });
}

function callFunc(
  func: (...xs: Tensor[]) => Tensors,
  inputs: Tensor[],
  fn: string,
): [Tensor[], boolean] {
  const out = func(...inputs);
  return asTuple(out, "outputs of the user-provided function", fn);
}

/**
 * The vector-Jacobian product `vᵀ·J` of `func` at `inputs`, like
 * `torch.autograd.functional.vjp`.
 *
 * @param func A function of the input tensor(s) returning tensor(s).
 * @param inputs One tensor, or an array of tensors.
 * @param args `v` (shaped like the outputs; may be omitted for a one-element output),
 *   `create_graph`, `strict`, by position or in an options object.
 * @returns `[func_output, vjp]`, each a tensor or an array as `func`'s outputs and `inputs` are.
 *
 * @example
 * ```ts
 * import { autograd, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const [out, g] = autograd.functional.vjp((x) => x.pow(2).sum(), tensor([1, 2]));
 * assert.equal(out.item(), 5);
 * assert.deepEqual(g.tolist(), [2, 4]);
 * ```
 */
export function vjp(
  func: (...xs: Tensor[]) => Tensor,
  inputs: Tensor,
  ...args: (Tensors | boolean | null | VjpOptions | undefined)[]
): [Tensor, Tensor];
/** `vjp` over several inputs or outputs: arrays where torch has tuples. */
export function vjp(
  func: (...xs: Tensor[]) => Tensors,
  inputs: Tensors,
  ...args: (Tensors | boolean | null | VjpOptions | undefined)[]
): [Tensors, Tensors];
export function vjp(
  func: (...xs: Tensor[]) => Tensors,
  inputs: Tensors,
  ...args: (Tensors | boolean | null | VjpOptions | undefined)[]
): [Tensors, Tensors] {
  const b = bind("vjp", VJP, args);
  const createGraph = b.create_graph as boolean;
  const [ins, tupleIn] = asTuple(inputs, "inputs", "vjp");
  const xs = prepare(ins, createGraph);
  const [outs, tupleOut] = callFunc(func, xs, "vjp");
  let v: Tensor[];
  if (b.v === null) {
    if (outs.length !== 1 || outs[0].numel() !== 1) {
      throw new Error(
        "The vector v can only be None if the user-provided function returns a single Tensor with a single element.",
      );
    }
    v = [fromData(allocate(outs[0].dtype, 1).fill(1), outs[0].shape, outs[0].dtype)];
  } else {
    [v] = asTuple(b.v, "v", "vjp");
    validateV(v, outs, "outputs of the function");
  }
  const used = outs.filter((o) => o.requires_grad);
  const grads = used.length === 0 ? xs.map(() => null) : grad(
    used,
    xs,
    {
      grad_outputs: outs.flatMap((o, i) => o.requires_grad ? [v[i]] : []),
      create_graph: createGraph,
      allow_unused: true,
    },
  );
  const res = fill(grads, xs, b.strict as boolean, "output").map((g) => post(g, createGraph));
  const o = outs.map((t) => post(t, createGraph));
  return [tupleOut ? o : o[0], tupleIn ? res : res[0]];
}

/**
 * The Jacobian-vector product `J·v` of `func` at `inputs`, like
 * `torch.autograd.functional.jvp` (computed, as torch does, by the double-backward trick).
 *
 * @param func A function of the input tensor(s) returning tensor(s).
 * @param inputs One tensor, or an array of tensors.
 * @param args `v` (shaped like the inputs; may be omitted for a one-element input),
 *   `create_graph`, `strict`, by position or in an options object.
 * @returns `[func_output, jvp]`, each a tensor or an array as `func`'s outputs are.
 *
 * @example
 * ```ts
 * import { autograd, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const [, jv] = autograd.functional.jvp((x) => x.pow(2), tensor([1, 2]), tensor([1, 1]));
 * assert.deepEqual(jv.tolist(), [2, 4]);
 * ```
 */
export function jvp(
  func: (...xs: Tensor[]) => Tensor,
  inputs: Tensors,
  ...args: (Tensors | boolean | null | VjpOptions | undefined)[]
): [Tensor, Tensor];
/** `jvp` of a function with several outputs: arrays where torch has tuples. */
export function jvp(
  func: (...xs: Tensor[]) => Tensors,
  inputs: Tensors,
  ...args: (Tensors | boolean | null | VjpOptions | undefined)[]
): [Tensors, Tensors];
export function jvp(
  func: (...xs: Tensor[]) => Tensors,
  inputs: Tensors,
  ...args: (Tensors | boolean | null | VjpOptions | undefined)[]
): [Tensors, Tensors] {
  const b = bind("jvp", VJP, args);
  const createGraph = b.create_graph as boolean;
  const [ins] = asTuple(inputs, "inputs", "jvp");
  const xs = prepare(ins, createGraph);
  let v: Tensor[];
  if (b.v === null) {
    if (xs.length !== 1 || xs[0].numel() !== 1) {
      throw new Error(
        "The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.",
      );
    }
    v = [fromData(allocate(xs[0].dtype, 1).fill(1), xs[0].shape, xs[0].dtype)];
  } else {
    [v] = asTuple(b.v, "v", "jvp");
    validateV(v, xs, "inputs");
  }
  const [outs, tupleOut] = callFunc(func, xs, "jvp");
  const gradOuts = outs.map((o) => zerosLike(o).requires_grad_(true));
  const used = outs.map((o, i) => [o, i] as const).filter(([o]) => o.requires_grad);
  let res: Tensor[];
  if (used.length === 0) {
    res = fill(outs.map(() => null), outs, b.strict as boolean, "output");
  } else {
    const gradInputs = grad(used.map(([o]) => o), xs, {
      grad_outputs: used.map(([, i]) => gradOuts[i]),
      create_graph: true,
      allow_unused: true,
    });
    const pairs = gradInputs.map((g, i) => [g, v[i]] as const).filter(([g]) =>
      g !== null && g.requires_grad
    );
    const back = pairs.length === 0 ? outs.map(() => null) : grad(
      pairs.map(([g]) => g as Tensor),
      gradOuts,
      { grad_outputs: pairs.map(([, vi]) => vi), create_graph: createGraph, allow_unused: true },
    );
    res = fill(back, outs, b.strict as boolean, "backward of the output");
  }
  const o = outs.map((t) => post(t, createGraph));
  const r = res.map((t) => post(t, createGraph));
  return [tupleOut ? o : o[0], tupleOut ? r : r[0]];
}

/**
 * The Jacobian of `func` at `inputs`, like `torch.autograd.functional.jacobian`: for output i
 * and input j, a tensor of shape `outputs[i].shape + inputs[j].shape`.
 *
 * @param func A function of the input tensor(s) returning tensor(s).
 * @param inputs One tensor, or an array of tensors.
 * @param args `create_graph`, `strict`, `vectorize`, `strategy`, by position or in an options
 *   object.
 * @returns A tensor (one input, one output), an array (over inputs or over outputs), or an
 *   array of arrays (outputs × inputs), as torch's tuple structure.
 *
 * @example
 * ```ts
 * import { autograd, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const J = autograd.functional.jacobian((x) => x.pow(2), tensor([1, 2]));
 * assert.deepEqual(J.tolist(), [[2, 0], [0, 4]]);
 * ```
 */
export function jacobian(
  func: (...xs: Tensor[]) => Tensor,
  inputs: Tensor,
  ...args: (boolean | string | JacobianOptions | undefined)[]
): Tensor;
/** `jacobian` over several inputs or outputs: arrays (of arrays) where torch has tuples. */
export function jacobian(
  func: (...xs: Tensor[]) => Tensors,
  inputs: Tensors,
  ...args: (boolean | string | JacobianOptions | undefined)[]
): Tensor | Tensor[] | Tensor[][];
export function jacobian(
  func: (...xs: Tensor[]) => Tensors,
  inputs: Tensors,
  ...args: (boolean | string | JacobianOptions | undefined)[]
): Tensor | Tensor[] | Tensor[][] {
  const b = bind("jacobian", JAC, args);
  const createGraph = b.create_graph as boolean;
  const strict = b.strict as boolean;
  const [ins, tupleIn] = asTuple(inputs, "inputs", "jacobian");
  const xs = prepare(ins, createGraph);
  const [outs, tupleOut] = callFunc(func, xs, "jacobian");
  const table: Tensor[][] = outs.map((out, i) => {
    const flat = out.reshape([out.numel()]);
    const rows: Tensor[][] = xs.map(() => []);
    for (let k = 0; k < flat.numel(); k++) {
      const el = flat.select(0, k);
      const gs = el.requires_grad
        ? grad(el, xs, { retain_graph: true, create_graph: createGraph, allow_unused: true })
        : xs.map(() => null);
      gs.forEach((g, j) => {
        if (g === null && strict) {
          throw new Error(
            `Output ${i} of the user-provided function is independent of input ${j}. This is not allowed in strict mode.`,
          );
        }
        rows[j].push(g ?? zerosLike(xs[j]));
      });
    }
    return xs.map((x, j) => {
      const stacked = rows[j].length === 0
        ? fromData(allocate(out.dtype, 0), [...out.shape, ...x.shape], x.dtype)
        : stack(rows[j], 0).reshape([...out.shape, ...x.shape]);
      return post(stacked, createGraph);
    });
  });
  if (!tupleOut && !tupleIn) return table[0][0];
  if (!tupleOut) return table[0];
  if (!tupleIn) return table.map((row) => row[0]);
  return table;
}

/**
 * The Hessian of a scalar `func` at `inputs`, like `torch.autograd.functional.hessian`: for
 * inputs i and j, a tensor of shape `inputs[i].shape + inputs[j].shape`.
 *
 * @param func A function of the input tensor(s) returning a one-element tensor.
 * @param inputs One tensor, or an array of tensors.
 * @param args `create_graph`, `strict`, `vectorize`, by position or in an options object.
 * @returns A tensor (one input) or an array of arrays (inputs × inputs).
 *
 * @example
 * ```ts
 * import { autograd, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const H = autograd.functional.hessian((x) => x.pow(3).sum(), tensor([1, 2]));
 * assert.deepEqual(H.tolist(), [[6, 0], [0, 12]]);
 * ```
 */
export function hessian(
  func: (...xs: Tensor[]) => Tensor,
  inputs: Tensor,
  ...args: (boolean | string | JacobianOptions | undefined)[]
): Tensor;
/** `hessian` over several inputs: an array of arrays where torch has a tuple of tuples. */
export function hessian(
  func: (...xs: Tensor[]) => Tensor,
  inputs: Tensors,
  ...args: (boolean | string | JacobianOptions | undefined)[]
): Tensor | Tensor[][];
export function hessian(
  func: (...xs: Tensor[]) => Tensor,
  inputs: Tensors,
  ...args: (boolean | string | JacobianOptions | undefined)[]
): Tensor | Tensor[][] {
  const b = bind("hessian", JAC, args);
  const [, tupleIn] = asTuple(inputs, "inputs", "hessian");
  // jacobian of the jacobian: the inner call sees the same one-tensor or tuple structure.
  const checked = (...xs: Tensor[]): Tensor => {
    const out = func(...xs);
    if (!(out instanceof Tensor)) {
      throw new TypeError("The function given to hessian should return a single Tensor");
    }
    if (out.numel() !== 1) {
      throw new RangeError(
        "The Tensor returned by the function given to hessian should contain a single element",
      );
    }
    return out.squeeze();
  };
  const jac = (...xs: Tensor[]): Tensors => {
    const j = jacobian(checked, tupleIn ? xs : xs[0], {
      create_graph: true,
      strict: b.strict as boolean,
    });
    return j as Tensors;
  };
  return jacobian(jac, inputs, {
    create_graph: b.create_graph as boolean,
    strict: b.strict as boolean,
  }) as Tensor | Tensor[][];
}

function scalarGrad(
  func: (...xs: Tensor[]) => Tensor,
  inputs: Tensors,
  args: unknown[],
  fn: string,
): {
  xs: Tensor[];
  tupleIn: boolean;
  out: Tensor;
  jac: (Tensor | null)[];
  v: Tensor[];
  b: Record<string, unknown>;
} {
  const b = bind(fn, VJP, args);
  const createGraph = b.create_graph as boolean;
  const [ins, tupleIn] = asTuple(inputs, "inputs", fn);
  const xs = prepare(ins, createGraph);
  const out = func(...xs);
  if (!(out instanceof Tensor)) {
    throw new TypeError(`The function given to ${fn} should return a single Tensor`);
  }
  if (out.numel() !== 1) {
    throw new RangeError(
      `The Tensor returned by the function given to ${fn} should contain a single element`,
    );
  }
  let v: Tensor[];
  if (b.v === null) {
    if (xs.length !== 1 || xs[0].numel() !== 1) {
      throw new Error(
        "The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.",
      );
    }
    v = [fromData(allocate(xs[0].dtype, 1).fill(1), xs[0].shape, xs[0].dtype)];
  } else {
    [v] = asTuple(b.v, "v", fn);
    validateV(v, xs, "inputs");
  }
  const jac = out.requires_grad
    ? grad(out, xs, { create_graph: true, allow_unused: true })
    : xs.map(() => null);
  return { xs, tupleIn, out, jac, v, b };
}

/**
 * The vector-Hessian product `vᵀ·H` of a scalar `func`, like
 * `torch.autograd.functional.vhp`.
 *
 * @param func A function of the input tensor(s) returning a one-element tensor.
 * @param inputs One tensor, or an array of tensors.
 * @param args `v` (shaped like the inputs), `create_graph`, `strict`.
 * @returns `[func_output, vhp]`.
 *
 * @example
 * ```ts
 * import { autograd, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const f = (x: ReturnType<typeof tensor>) => x.pow(3).sum();
 * const [, r] = autograd.functional.vhp(f, tensor([1, 2]), tensor([1, 1]));
 * assert.deepEqual(r.tolist(), [6, 12]);
 * ```
 */
export function vhp(
  func: (...xs: Tensor[]) => Tensor,
  inputs: Tensor,
  ...args: (Tensors | boolean | null | VjpOptions | undefined)[]
): [Tensor, Tensor];
/** `vhp` over several inputs: an array where torch has a tuple. */
export function vhp(
  func: (...xs: Tensor[]) => Tensor,
  inputs: Tensors,
  ...args: (Tensors | boolean | null | VjpOptions | undefined)[]
): [Tensor, Tensors];
export function vhp(
  func: (...xs: Tensor[]) => Tensor,
  inputs: Tensors,
  ...args: (Tensors | boolean | null | VjpOptions | undefined)[]
): [Tensor, Tensors] {
  const { xs, tupleIn, out, jac, v, b } = scalarGrad(func, inputs, args, "vhp");
  const createGraph = b.create_graph as boolean;
  const strict = b.strict as boolean;
  const jacFilled = fill(jac, xs, strict, "output");
  const pairs = jac.map((g, i) => [g, v[i]] as const).filter(([g]) =>
    g !== null && g.requires_grad
  );
  const second = pairs.length === 0 ? xs.map(() => null) : grad(
    pairs.map(([g]) => g as Tensor),
    xs,
    { grad_outputs: pairs.map(([, vi]) => vi), create_graph: createGraph, allow_unused: true },
  );
  void jacFilled;
  const res = fill(second, xs, strict, "double backward of the output").map((t) =>
    post(t, createGraph)
  );
  return [post(out, createGraph), tupleIn ? res : res[0]];
}

/**
 * The Hessian-vector product `H·v` of a scalar `func`, like `torch.autograd.functional.hvp`
 * (torch's double-backward trick; equal to `vhp` for a symmetric Hessian).
 *
 * @param func A function of the input tensor(s) returning a one-element tensor.
 * @param inputs One tensor, or an array of tensors.
 * @param args `v` (shaped like the inputs), `create_graph`, `strict`.
 * @returns `[func_output, hvp]`.
 *
 * @example
 * ```ts
 * import { autograd, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const f = (x: ReturnType<typeof tensor>) => x.pow(3).sum();
 * const [, r] = autograd.functional.hvp(f, tensor([1, 2]), tensor([1, 0]));
 * assert.deepEqual(r.tolist(), [6, 0]);
 * ```
 */
export function hvp(
  func: (...xs: Tensor[]) => Tensor,
  inputs: Tensor,
  ...args: (Tensors | boolean | null | VjpOptions | undefined)[]
): [Tensor, Tensor];
/** `hvp` over several inputs: an array where torch has a tuple. */
export function hvp(
  func: (...xs: Tensor[]) => Tensor,
  inputs: Tensors,
  ...args: (Tensors | boolean | null | VjpOptions | undefined)[]
): [Tensor, Tensors];
export function hvp(
  func: (...xs: Tensor[]) => Tensor,
  inputs: Tensors,
  ...args: (Tensors | boolean | null | VjpOptions | undefined)[]
): [Tensor, Tensors] {
  const { xs, tupleIn, out, jac, v, b } = scalarGrad(func, inputs, args, "hvp");
  const createGraph = b.create_graph as boolean;
  const strict = b.strict as boolean;
  const gradJac = xs.map((x) => zerosLike(x).requires_grad_(true));
  const used = jac.map((g, i) => [g, i] as const).filter(([g]) => g !== null && g.requires_grad);
  let res: Tensor[];
  if (used.length === 0) {
    res = fill(xs.map(() => null), xs, strict, "double backward of the output");
  } else {
    const doubleBack = grad(used.map(([g]) => g as Tensor), xs, {
      grad_outputs: used.map(([, i]) => gradJac[i]),
      create_graph: true,
      allow_unused: true,
    });
    const pairs = doubleBack.map((g, i) => [g, v[i]] as const).filter(([g]) =>
      g !== null && g.requires_grad
    );
    const back = pairs.length === 0 ? xs.map(() => null) : grad(
      pairs.map(([g]) => g as Tensor),
      gradJac,
      { grad_outputs: pairs.map(([, vi]) => vi), create_graph: createGraph, allow_unused: true },
    );
    res = fill(back, xs, strict, "double backward of the output");
  }
  const r = res.map((t) => post(t, createGraph));
  return [post(out, createGraph), tupleIn ? r : r[0]];
}
