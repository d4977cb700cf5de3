/**
 * The base of the optimisers: parameter groups, per-parameter state, `zero_grad`, and the
 * float arithmetic that makes an update step match torch's.
 *
 * @module
 */

import { zeroGrads } from "../nn/registry.ts";
import { no_grad } from "../tensor/autograd.ts";
import { allocate, describe, type FloatData, isFloating } from "../tensor/dtype.ts";
import { contiguousData, fromData, requireTensor, Tensor } from "../tensor/tensor.ts";

/** A parameter group as given to a constructor: its tensors and options overriding defaults. */
export type ParamGroupInput<O> = { params: Iterable<Tensor> } & Partial<O>;

/** A parameter group in force: its tensors and every option's value. */
export type ParamGroup<O> = { params: Tensor[] } & O;

/** Per-parameter state: named tensors (momentum buffers, moment estimates) and the step count. */
export type ParamState = Record<string, Tensor | number>;

function isGroup<O>(x: unknown): x is ParamGroupInput<O> {
  return typeof x === "object" && x !== null && !(x as Tensor).shape && "params" in x;
}

/**
 * Base class of `optim.SGD` and `optim.Adam`, like `torch.optim.Optimizer`: holds the parameter
 * groups and each parameter's state; subclasses define `step()`.
 */
export abstract class Optimizer<O extends object> {
  /** The parameter groups, each with its options (torch's `param_groups`). */
  param_groups: ParamGroup<O>[] = [];
  /** State per parameter, created on its first step (torch's `state`). */
  state: Map<Tensor, ParamState> = new Map();
  /** The options every group starts from. */
  readonly defaults: O;

  /**
   * Builds the optimiser.
   *
   * @param params Tensors, or groups `{ params, ...options }`.
   * @param defaults The options, checked by the subclass.
   */
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<O>>, defaults: O) {
    this.defaults = defaults;
    // A tensor iterates over its rows (torch's __iter__) but is not a parameter list, as in torch.
    if (
      params === null || typeof params !== "object" || !(Symbol.iterator in params) ||
      params instanceof Tensor
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
   * @param group `{ params, ...options }`.
   * @returns Nothing.
   */
  add_param_group(group: ParamGroupInput<O>): void {
    const params = [...group.params];
    const seen = new Set(this.param_groups.flatMap((g) => g.params));
    for (const p of params) {
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
      seen.add(p);
    }
    const options = { ...this.defaults, ...group, params } as ParamGroup<O>;
    this.checkOptions(options);
    this.param_groups.push(options);
  }

  /**
   * Resets the gradients of every parameter, like torch 1.13's `zero_grad(set_to_none=False)`.
   *
   * @param set_to_none Set grads to null instead of zeroing them (default false).
   * @returns Nothing.
   */
  zero_grad(set_to_none: boolean = false): void {
    zeroGrads(this.param_groups.flatMap((g) => g.params), set_to_none);
  }

  /**
   * Performs one update of every parameter that has a gradient.
   *
   * @param closure Optional: re-evaluates the model and returns the loss (called with grad on).
   * @returns The closure's loss, or null.
   */
  step(closure?: () => Tensor): Tensor | null {
    const loss = closure === undefined ? null : closure();
    no_grad(() => {
      for (const group of this.param_groups) {
        for (const p of group.params) {
          if (p.grad === null) continue;
          let st = this.state.get(p);
          if (st === undefined) {
            st = {};
            this.state.set(p, st);
          }
          const values = Float64Array.from(contiguousData(p));
          this.update(values, contiguousData(p.grad) as FloatData, st, group, p);
          const out = allocate(p.dtype, values.length);
          out.set(values);
          p.copy_(fromData(out, p.shape, p.dtype));
        }
      }
    });
    return loss;
  }

  /** Validates a group's options (torch's messages). */
  protected abstract checkOptions(options: O): void;

  /**
   * Updates `values` (the parameter's elements, row-major) in place from `grad`, rounding each
   * intermediate as torch's kernels do for the parameter's dtype.
   */
  protected abstract update(
    values: Float64Array,
    grad: FloatData,
    state: ParamState,
    group: O,
    param: Tensor,
  ): void;
}
