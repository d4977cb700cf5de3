/**
 * `torch.distributions` for KL work: `Normal`, `Bernoulli`, `Categorical` and
 * `MultivariateNormal` with torch's parameters, sampling (seeded by `manual_seed`, torch's
 * numbers), log-densities, entropies, printing and validation messages, and `kl_divergence`
 * with torch's closed forms.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const p = new distributions.Normal(tensor([0]), tensor([1]));
 * const q = new distributions.Normal(tensor([1]), tensor([2]));
 * assert.equal(String(distributions.kl.kl_divergence(p, q)), "tensor([0.4431])");
 * ```
 *
 * @module
 */

// `export *`, not named re-exports: deno doc lists a namespace's members only through
// `export *`; the modules re-exported here hold public names only (helpers live in shared.ts).
export * from "./distribution.ts";
export * from "./normal.ts";
export * from "./bernoulli.ts";
export * from "./categorical.ts";
export * from "./multivariate_normal.ts";
export * from "./continuous.ts";
export * from "./transformed.ts";
export * from "./onehot.ts";
export * from "./mixture.ts";
export * from "./relaxed.ts";
export * from "./gamma.ts";
export * from "./binomial.ts";
export * from "./continuous_bernoulli.ts";
export * from "./lowrank.ts";
export * as transforms from "./transforms.ts";
export type { Constraint } from "./constraints.ts";
export * from "./kl.ts";
export * as kl from "./kl.ts";
export * as independent from "./independent.ts";
