/**
 * torch.distributions.constraints for the four distributions here: each has torch's repr and
 * a check of every element (or every event), used by argument and sample validation.
 *
 * @module
 */

import { contiguousData, type Tensor } from "../tensor/tensor.ts";
import { cholesky } from "./linalg.ts";

/** A constraint on a distribution's parameter or support, like `torch.distributions.constraints.Constraint`. */
export interface Constraint {
  /** torch's repr, e.g. `GreaterThan(lower_bound=0.0)`. */
  toString(): string;
  /** Whether every element (every event, for vector and matrix constraints) satisfies it. */
  holds(value: Tensor): boolean;
}

function elementwise(repr: string, ok: (v: number) => boolean): Constraint {
  return {
    toString: () => repr,
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
export const real_vector: Constraint = elementwise(
  "IndependentConstraint(Real(), 1)",
  (v) => v === v,
);

/** `constraints.simplex`: non-negative and summing to 1 within 1e-6 along the last dim. */
export const simplex: Constraint = {
  toString: () => "Simplex()",
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
