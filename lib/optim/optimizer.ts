/**
 * The base of the optimisers: parameter groups, per-parameter state, `zero_grad`,
 * `state_dict` / `load_state_dict`, and the in-place update loop every optimiser shares.
 *
 * @module
 */

import { addNodeInspect } from "../tensor/inspect.ts";
import { zeroGrads } from "../nn/registry.ts";
import { no_grad, withGradMode } from "../tensor/autograd.ts";
import { describe, type FloatData, isFloating } from "../tensor/dtype.ts";
import { contiguousData, fromData, requireTensor, storageOf, Tensor } from "../tensor/tensor.ts";
import { assign } from "../ops/inplace.ts";
import { jsonTensor } from "./helpers.ts";

/** A parameter group as given to a constructor: its tensors and options overriding defaults. */
export type ParamGroupInput<O> = { params: Iterable<Tensor> } & Partial<O>;

/**
 * A parameter group in force: its tensors, every option's value, and what schedulers add
 * (`initial_lr`, OneCycleLR's `max_lr`, ...).
 */
export type ParamGroup<O> = { params: Tensor[]; [key: string]: unknown } & O;

/** What an optimiser is built from: tensors (e.g. `model.parameters()`) or parameter groups. */
export type Params<O> = Iterable<Tensor> | Iterable<ParamGroupInput<O>>;

/**
 * Per-parameter state: named tensors (momentum buffers, moment estimates), step counts
 * (a float32 scalar tensor or a plain number, as torch keeps each) and null (SGD's buffer
 * when momentum is 0).
 */
export type ParamState = Record<string, Tensor | number | null>;

/**
 * An optimiser's arguments after `params`: an options object with torch's keys, or torch's
 * positional arguments (optionally followed by the options object).
 */
export type OptimArgs<O> = (O | number | boolean | string | null | undefined | readonly number[])[];

/** A state value as `load_state_dict` accepts it: a tensor, or its JSON form (numbers, arrays). */
export type StateValue = Tensor | number | null | boolean | StateArray;
/** Nested arrays of numbers: a tensor's JSON form. */
export type StateArray = readonly (number | StateArray)[];

/**
 * An optimiser's state in torch's structure: `state` maps each parameter's index (in the order
 * of the groups' `params`) to its state, `param_groups` holds each group's options with
 * `params` as those indices. `JSON.stringify` writes tensors as nested lists, and
 * `load_state_dict` takes either form back.
 */
export interface OptimizerStateDict {
  /** Per-parameter state by parameter index. */
  state: Record<number, Record<string, StateValue>>;
  /** The groups' options, with `params` as parameter indices. */
  param_groups: ({ params: number[] } & Record<string, unknown>)[];
}

/** Python's repr of a float (`1e-08`, `0.001`, `1e+16`); whole numbers print as ints. */
function pyNumber(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return String(x);
  const [mantissa, e] = x.toExponential().split("e");
  const exp = Number(e);
  if (exp < -4 || exp >= 16) {
    return `${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return String(x);
}

/** Python's str of an option's value: True/False/None, tuples, floats as Python prints them. */
function pyValue(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return pyNumber(v);
  if (Array.isArray(v)) {
    return `(${v.map(pyValue).join(", ")}${v.length === 1 ? "," : ""})`;
  }
  return String(v);
}

function isGroup<O>(x: unknown): x is ParamGroupInput<O> {
  return typeof x === "object" && x !== null && !(x instanceof Tensor) && "params" in x;
}

/**
 * Base class of the optimisers, like `torch.optim.Optimizer`: holds the parameter groups and
 * each parameter's state; `step()` updates every parameter that has a gradient in place (its
 * storage is written and its version bumped, as an in-place op does).
 */
export abstract class Optimizer<O extends object> {
  /** The parameter groups, each with its options (torch's `param_groups`). */
  param_groups: ParamGroup<O>[] = [];
  /** State per parameter, created on its first step (torch's `state`). */
  state: Map<Tensor, ParamState> = new Map();
  /** The options every group starts from. */
  readonly defaults: O;
  /** How many times `step()` ran since an lr scheduler attached (torch's `_step_count`). */
  _step_count = 0;
  /** Options a group must give when the defaults lack them (SGD's `lr`). */
  protected get required(): readonly string[] {
    return [];
  }
  /** State keys kept as plain numbers rather than tensors (RMSprop's `step`). */
  protected get numberKeys(): readonly string[] {
    return [];
  }

  /**
   * Builds the optimiser.
   *
   * @param params Tensors, or groups `{ params, ...options }`.
   * @param defaults The options, checked by the subclass.
   */
  constructor(params: Params<O>, defaults: O) {
    this.defaults = defaults;
    if (
      params === null || typeof params !== "object" || params instanceof Tensor ||
      !(Symbol.iterator in params)
    ) {
      throw new TypeError(
        `params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${
          describe(params)
        }`,
      );
    }
    const list = [...params] as unknown[];
    if (list.length === 0) throw new RangeError("optimizer got an empty parameter list");
    const groups = isGroup<O>(list[0])
      ? (list as ParamGroupInput<O>[])
      : [{ params: list as Tensor[] } as unknown as ParamGroupInput<O>];
    for (const g of groups) this.add_param_group(g);
  }

  /**
   * Adds a parameter group, like `add_param_group`; options it omits take the defaults.
   *
   * @param param_group `{ params, ...options }`.
   * @returns Nothing.
   */
  add_param_group(param_group: ParamGroupInput<O>): void {
    if (typeof param_group !== "object" || param_group === null) {
      throw new TypeError(`param group must be a dict, got ${describe(param_group)}`);
    }
    const given = param_group.params as unknown;
    const params = given instanceof Tensor ? [given] : [...(given as Iterable<Tensor>)];
    const seen = new Set(this.param_groups.flatMap((g) => g.params));
    const mine = new Set<Tensor>();
    for (const p of params) {
      if (!(p instanceof Tensor)) {
        throw new TypeError(
          `optimizer can only optimize Tensors, but one of the params is ${describe(p)}`,
        );
      }
      requireTensor(p, "optimizer");
      if (!isFloating(p.dtype)) {
        throw new TypeError(
          `optimizer can only optimize floating point Tensors, but one is ${p.dtype}`,
        );
      }
      if (!p.is_leaf) throw new Error("can't optimize a non-leaf Tensor");
      if (seen.has(p)) {
        throw new Error("some parameters appear in more than one parameter group");
      }
      if (mine.has(p)) {
        console.warn(
          "optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more information",
        );
      }
      mine.add(p);
    }
    const options = { ...this.defaults, ...param_group, params } as ParamGroup<O>;
    for (const key of this.required) {
      if ((options as Record<string, unknown>)[key] === undefined) {
        throw new Error(
          `parameter group didn't specify a value of required optimization parameter ${key}`,
        );
      }
    }
    this.checkOptions(options);
    this.param_groups.push(options);
  }

  /**
   * Resets the gradients of every parameter, like torch 1.13's `zero_grad(set_to_none=False)`.
   *
   * @param set_to_none Set grads to null instead of zeroing them (default false); also
   *   accepted as `{ set_to_none }`.
   * @returns Nothing.
   */
  zero_grad(set_to_none: boolean | { set_to_none?: boolean } = false): void {
    const flag = typeof set_to_none === "object" && set_to_none !== null
      ? set_to_none.set_to_none ?? false
      : set_to_none;
    if (typeof flag !== "boolean") {
      throw new TypeError(`zero_grad(): set_to_none must be a boolean, got ${describe(flag)}`);
    }
    zeroGrads(this.param_groups.flatMap((g) => g.params), flag);
  }

  /**
   * Performs one update of every parameter that has a gradient, in place.
   *
   * @param closure Optional: re-evaluates the model and returns the loss (called with grad on).
   * @returns The closure's loss, or null.
   */
  step(closure?: () => Tensor): Tensor | null {
    if (closure !== undefined && closure !== null && typeof closure !== "function") {
      throw new TypeError(`step(): closure must be a function, got ${describe(closure)}`);
    }
    this._step_count++;
    const loss = closure ? withGradMode(true, closure) : null;
    no_grad(() => {
      for (const group of this.param_groups) {
        this.beforeGroup(group);
        for (const p of group.params) {
          if (p.grad === null) continue;
          let st = this.state.get(p);
          if (st === undefined) {
            st = {};
            this.state.set(p, st);
          }
          const grad = contiguousData(p.grad) as FloatData;
          if (p.is_contiguous()) {
            // The parameter's own elements: written in place, then its version bumped.
            const values = contiguousData(p) as FloatData;
            this.update(values, grad, st, group, p, values instanceof Float32Array);
            storageOf(p).version++;
          } else {
            const values = (contiguousData(p) as FloatData).slice();
            this.update(values, grad, st, group, p, values instanceof Float32Array);
            assign(p, fromData(values, p.shape, p.dtype));
          }
        }
      }
    });
    return loss;
  }

  /**
   * The optimiser's state in torch's structure (see {@linkcode OptimizerStateDict}). As in
   * torch, the state's tensors are the live ones, not copies.
   *
   * @returns `{ state, param_groups }`.
   */
  state_dict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    const param_groups = this.param_groups.map((g) => {
      const packed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(g)) {
        if (k !== "params") packed[k] = Array.isArray(v) ? [...v] : v;
      }
      packed.params = g.params.map((p) => {
        if (!index.has(p)) index.set(p, index.size);
        return index.get(p)!;
      });
      return packed as { params: number[] } & Record<string, unknown>;
    });
    const state: Record<number, Record<string, StateValue>> = {};
    for (const [p, st] of this.state) {
      const i = index.get(p);
      if (i !== undefined) state[i] = { ...st };
    }
    return { state, param_groups };
  }

  /**
   * Loads a state from {@linkcode state_dict} (or its JSON round trip), like torch's
   * `load_state_dict`: tensors are copied and cast to their parameter's dtype (steps stay
   * float32), the groups' options replaced.
   *
   * @param state_dict `{ state, param_groups }`.
   * @returns Nothing.
   */
  load_state_dict(state_dict: OptimizerStateDict): void {
    if (
      typeof state_dict !== "object" || state_dict === null ||
      !Array.isArray(state_dict.param_groups) || typeof state_dict.state !== "object"
    ) {
      throw new TypeError(
        `load_state_dict: expected { state, param_groups }, got ${describe(state_dict)}`,
      );
    }
    const saved = state_dict.param_groups;
    if (saved.length !== this.param_groups.length) {
      throw new Error("loaded state dict has a different number of parameter groups");
    }
    if (saved.some((g, i) => g.params?.length !== this.param_groups[i].params.length)) {
      throw new Error(
        "loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
      );
    }
    const byId = new Map<string, Tensor>();
    saved.forEach((g, i) =>
      g.params.forEach((id, j) => byId.set(String(id), this.param_groups[i].params[j]))
    );
    const state = new Map<Tensor, ParamState>();
    for (const [id, st] of Object.entries(state_dict.state ?? {})) {
      const p = byId.get(id);
      if (p === undefined) continue;
      const out: ParamState = {};
      for (const [k, v] of Object.entries(st)) out[k] = this.castState(p, k, v);
      state.set(p, out);
    }
    this.state = state;
    this.param_groups = saved.map((g, i) => {
      const copy: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(g)) copy[k] = Array.isArray(v) ? [...v] : v;
      copy.params = this.param_groups[i].params;
      return copy as ParamGroup<O>;
    });
  }

  /** A state value loaded for `p`: a copy, cast to the parameter's dtype (not a step). */
  private castState(p: Tensor, key: string, v: StateValue): Tensor | number | null {
    if (v === null || v === undefined) return null;
    if (typeof v === "boolean") return Number(v);
    if (this.numberKeys.includes(key) && typeof v === "number") return v;
    const dtype = key === "step" ? "float32" : p.dtype;
    if (v instanceof Tensor) {
      const data = contiguousData(v);
      const out = dtype === "float32"
        ? new Float32Array(data.length)
        : new Float64Array(data.length);
      out.set(data as ArrayLike<number>);
      return jsonTensor(fromData(out, v.shape, dtype));
    }
    const flat = typeof v === "number" ? [v] : (v as unknown[]).flat(Infinity as 1) as number[];
    const out = dtype === "float32" ? Float32Array.from(flat) : Float64Array.from(flat);
    if (typeof v === "number") return jsonTensor(fromData(out, [], dtype));
    if (out.length !== p.numel()) {
      throw new RangeError(
        `load_state_dict: state '${key}' holds ${out.length} values but its parameter has ${p.numel()}`,
      );
    }
    return jsonTensor(fromData(out, p.shape, dtype));
  }

  /**
   * torch's repr: the class name, then each group's options sorted by key. Whole-number
   * floats print as ints (`lr: 1` where Python shows `1.0`): JavaScript has one number type.
   *
   * @returns The text.
   */
  toString(): string {
    let out = `${this.constructor.name} (`;
    this.param_groups.forEach((group, i) => {
      out += `\nParameter Group ${i}\n`;
      for (const key of Object.keys(group).sort()) {
        if (key !== "params") out += `    ${key}: ${pyValue(group[key])}\n`;
      }
    });
    return out + ")";
  }

  /** Makes `console.log(opt)` print the repr. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /** Validates a group's options (torch's messages). */
  protected abstract checkOptions(options: O): void;

  /** Runs before a group's parameters are updated (a hook for group-level checks). */
  protected beforeGroup(_group: ParamGroup<O>): void {}

  /**
   * Updates `p` (the parameter's elements, row-major, written in place) from `grad`, rounding
   * each intermediate as torch's kernels do for the dtype (float32 when `f32`).
   */
  protected abstract update(
    p: FloatData,
    grad: FloatData,
    state: ParamState,
    group: O,
    param: Tensor,
    f32: boolean,
  ): void;
}

// Node's console.log prints what Deno's does (lib/tensor/inspect.ts).
addNodeInspect(Optimizer);
