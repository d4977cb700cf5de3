/**
 * torch.distributions.constraints for the four distributions here: each has torch's repr and
 * a check of every element (or every event), used by argument and sample validation.
 *
 * @module
 */

import { contiguousData, type Tensor } from "../tensor/tensor.ts";
import { cholesky } from "./linalg.ts";
import { formatted, pyFloat } from "./shared.ts";

/** A constraint on a distribution's parameter or support, like `torch.distributions.constraints.Constraint`. */
export interface Constraint {
  /** torch's repr, e.g. `GreaterThan(lower_bound=0.0)`. */
  toString(): string;
  /** Whether every element (every event, for vector and matrix constraints) satisfies it. */
  holds(value: Tensor): boolean;
  /** The number of rightmost dims that form one event (torch's `event_dim`; 0 when absent). */
  event_dim?: number;
  /** Whether the support is discrete. */
  is_discrete?: boolean;
}

/** A constraint's `event_dim` (0 when it does not say). */
export function eventDimOf(c: Constraint): number {
  return c.event_dim ?? 0;
}

function boundRepr(b: number | Tensor): string {
  return typeof b === "number" ? pyFloat(b) : formatted(b);
}

function cmp(value: Tensor, b: number | Tensor, op: "ge" | "gt" | "le" | "lt"): Tensor {
  return value[op](b as Tensor);
}

/** `constraints.interval(lower, upper)`: lower <= v <= upper (numbers or tensors). */
export function interval(lower: number | Tensor, upper: number | Tensor): Constraint {
  return {
    toString: () => `Interval(lower_bound=${boundRepr(lower)}, upper_bound=${boundRepr(upper)})`,
    holds: (v) => Boolean(cmp(v, lower, "ge").logical_and(cmp(v, upper, "le")).all().item()),
  };
}

/** `constraints.half_open_interval(lower, upper)`: lower <= v < upper. */
export function half_open_interval(lower: number | Tensor, upper: number | Tensor): Constraint {
  return {
    toString: () =>
      `HalfOpenInterval(lower_bound=${boundRepr(lower)}, upper_bound=${boundRepr(upper)})`,
    holds: (v) => Boolean(cmp(v, lower, "ge").logical_and(cmp(v, upper, "lt")).all().item()),
  };
}

/** `constraints.greater_than(lower)`: v > lower. */
export function greater_than(lower: number | Tensor): Constraint {
  return {
    toString: () => `GreaterThan(lower_bound=${boundRepr(lower)})`,
    holds: (v) => Boolean(cmp(v, lower, "gt").all().item()),
  };
}

/** `constraints.greater_than_eq(lower)`: v >= lower. */
export function greater_than_eq(lower: number | Tensor): Constraint {
  return {
    toString: () => `GreaterThanEq(lower_bound=${boundRepr(lower)})`,
    holds: (v) => Boolean(cmp(v, lower, "ge").all().item()),
  };
}

/** `constraints.independent(base, n)`: the base constraint, with n more event dims. */
export function independent(base: Constraint, reinterpreted_batch_ndims: number): Constraint {
  return {
    toString: () => `IndependentConstraint(${base}, ${reinterpreted_batch_ndims})`,
    holds: (v) => base.holds(v),
    event_dim: eventDimOf(base) + reinterpreted_batch_ndims,
    is_discrete: base.is_discrete,
  };
}

/** `constraints.dependent`: a placeholder for parameters checked by the distribution itself. */
export const dependent: Constraint = {
  toString: () => "Dependent()",
  holds: () => true,
};

/** `constraints.nonnegative`: v >= 0. */
export const nonnegative: Constraint = elementwise(
  "GreaterThanEq(lower_bound=0.0)",
  (v) => v >= 0,
);

/** `constraints.nonnegative_integer`: 0, 1, 2, ... */
export const nonnegative_integer: Constraint = {
  ...elementwise("IntegerGreaterThan(lower_bound=0)", (v) => v >= 0 && v % 1 === 0),
  is_discrete: true,
};

/** `constraints.one_hot`: 0/1 entries with exactly one 1 along the last dim. */
export const one_hot: Constraint = {
  toString: () => "OneHot()",
  holds(value) {
    const data = contiguousData(value);
    const n = value.shape[value.dim() - 1];
    for (let at = 0; at < data.length; at += n) {
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const v = data[at + j];
        if (v !== 0 && v !== 1) return false;
        sum += v;
      }
      if (sum !== 1) return false;
    }
    return true;
  },
  event_dim: 1,
  is_discrete: true,
};

function elementwise(repr: string, ok: (v: number) => boolean): Constraint {
  return {
    toString: () => repr,
    event_dim: 0,
    holds: (value) => contiguousData(value).every(ok),
  };
}

/** `constraints.real`: not NaN. */
export const real: Constraint = elementwise("Real()", (v) => v === v);
/** `constraints.positive`: greater than 0. */
export const positive: Constraint = elementwise("GreaterThan(lower_bound=0.0)", (v) => v > 0);
/** `constraints.unit_interval`: in [0, 1]. */
export const unit_interval: Constraint = elementwise(
  "Interval(lower_bound=0.0, upper_bound=1.0)",
  (v) => v >= 0 && v <= 1,
);
/** `constraints.boolean`: 0 or 1. */
export const boolean: Constraint = elementwise("Boolean()", (v) => v === 0 || v === 1);
/** `constraints.real_vector`: `IndependentConstraint(Real(), 1)`. */
export const real_vector: Constraint = {
  ...elementwise("IndependentConstraint(Real(), 1)", (v) => v === v),
  event_dim: 1,
};

/** `constraints.simplex`: non-negative and summing to 1 within 1e-6 along the last dim. */
export const simplex: Constraint = {
  toString: () => "Simplex()",
  event_dim: 1,
  holds(value) {
    const data = contiguousData(value);
    const n = value.shape[value.dim() - 1];
    for (let at = 0; at < data.length; at += n) {
      let sum = 0;
      for (let j = 0; j < n; j++) {
        if (!(data[at + j] >= 0)) return false;
        sum += data[at + j];
      }
      if (!(Math.abs(sum - 1) < 1e-6)) return false;
    }
    return true;
  },
};

/** `constraints.integer_interval(lower, upper)`. */
export function integer_interval(lower: number, upper: number): Constraint {
  return elementwise(
    `IntegerInterval(lower_bound=${lower}, upper_bound=${upper})`,
    (v) => v % 1 === 0 && lower <= v && v <= upper,
  );
}

function squareMatrices(value: Tensor): number {
  const d = value.dim();
  return d >= 2 && value.shape[d - 1] === value.shape[d - 2] ? value.shape[d - 1] : -1;
}

/** `constraints.lower_cholesky`: lower triangular with a positive diagonal. */
export const lower_cholesky: Constraint = {
  toString: () => "LowerCholesky()",
  event_dim: 2,
  holds(value) {
    const n = squareMatrices(value);
    if (n < 0) return false;
    const data = contiguousData(value);
    for (let at = 0; at < data.length; at += n * n) {
      for (let i = 0; i < n; i++) {
        if (!(data[at + i * n + i] > 0)) return false;
        for (let j = i + 1; j < n; j++) if (data[at + i * n + j] !== 0) return false;
      }
    }
    return true;
  },
};

/** `constraints.positive_definite`: symmetric (atol 1e-6, as torch.isclose) and Cholesky-factorable. */
export const positive_definite: Constraint = {
  toString: () => "PositiveDefinite()",
  event_dim: 2,
  holds(value) {
    const n = squareMatrices(value);
    if (n < 0) return false;
    const data = contiguousData(value);
    for (let at = 0; at < data.length; at += n * n) {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < i; j++) {
          const a = data[at + i * n + j];
          const b = data[at + j * n + i];
          if (!(Math.abs(a - b) <= 1e-6 + 1e-5 * Math.abs(b))) return false;
        }
      }
    }
    try {
      cholesky(value.detach());
      return true;
    } catch {
      return false;
    }
  },
};
