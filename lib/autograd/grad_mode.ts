/**
 * Grad-mode switches beside `no_grad`: `enable_grad`, `set_grad_enabled`, `inference_mode`, as
 * torch's context managers, written as functions that run a callback (JavaScript has no
 * `with`). Like `no_grad`, they refuse async callbacks: grad mode cannot follow an `await`.
 *
 * @module
 */

import { no_grad, setGradMode, withGradMode } from "../tensor/autograd.ts";
import { describe } from "../tensor/dtype.ts";

function checkCallback(fn: unknown, where: string): asserts fn is () => unknown {
  if (typeof fn !== "function") {
    throw new TypeError(`${where}: expected a function, got ${typeof fn}`);
  }
  if (fn.constructor?.name === "AsyncFunction") {
    throw new TypeError(
      `${where}: fn is an async function; grad mode cannot follow an await, so run the synchronous tensor code inside ${where}(() => ...) and await outside it`,
    );
  }
}

function run<T>(where: string, enabled: boolean, fn: () => T): T {
  checkCallback(fn, where);
  const out = withGradMode(enabled, fn);
  if (out instanceof Promise) {
    throw new TypeError(
      `${where}: fn returned a promise; grad mode cannot follow an await, so run the synchronous tensor code inside ${where}(() => ...) and await outside it`,
    );
  }
  return out;
}

/**
 * Runs `fn` with gradient recording on, also inside `no_grad`, like `with torch.enable_grad():`.
 *
 * @param fn The computation (synchronous).
 * @returns What `fn` returns.
 *
 * @example
 * ```ts
 * import { enable_grad, no_grad, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([1, 2], { requires_grad: true });
 * const y = no_grad(() => enable_grad(() => x.mul(2)));
 * assert.equal(y.requires_grad, true);
 * ```
 */
export function enable_grad<T>(fn: () => T): T {
  return run("enable_grad", true, fn);
}

/**
 * Sets grad mode, like `torch.set_grad_enabled(mode)`: with a callback, only while it runs
 * (torch's `with set_grad_enabled(mode):`); without one, from now on (torch's function call).
 *
 * @param mode Whether ops record the graph.
 * @param fn Optional: the computation to run in that mode.
 * @returns What `fn` returns (undefined without `fn`).
 *
 * @example
 * ```ts
 * import { is_grad_enabled, set_grad_enabled, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([1, 2], { requires_grad: true });
 * const train = false;
 * const y = set_grad_enabled(train, () => x.mul(2));
 * assert.equal(y.requires_grad, false);
 * assert.equal(is_grad_enabled(), true);
 * ```
 */
export function set_grad_enabled<T = undefined>(mode: boolean, fn?: () => T): T {
  if (typeof mode !== "boolean") {
    throw new TypeError(`set_grad_enabled(): argument 'mode' must be bool, not ${describe(mode)}`);
  }
  if (fn === undefined) {
    setGradMode(mode);
    return undefined as T;
  }
  return run("set_grad_enabled", mode, fn);
}

/** Options of {@linkcode inference_mode}, with torch's key. */
export interface InferenceModeOptions {
  /** Whether inference mode is on (default true); false runs `fn` unchanged. */
  mode?: boolean;
}

/**
 * Runs `fn` without recording the graph, like `with torch.inference_mode():`. kldiv has no
 * inference tensors: this is `no_grad` (the results are ordinary tensors that do not require
 * grad), with `mode: false` running `fn` as it is.
 *
 * @param fn The computation (synchronous).
 * @param options `mode` (default true).
 * @returns What `fn` returns.
 *
 * @example
 * ```ts
 * import { inference_mode, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const w = tensor([0.5], { requires_grad: true });
 * assert.equal(inference_mode(() => w.mul(3)).requires_grad, false);
 * ```
 */
export function inference_mode<T>(fn: () => T, options?: InferenceModeOptions): T {
  const mode = options?.mode ?? true;
  if (typeof mode !== "boolean") {
    throw new TypeError(`inference_mode(): mode must be a boolean, got ${describe(mode)}`);
  }
  if (!mode) {
    checkCallback(fn, "inference_mode");
    return fn();
  }
  checkCallback(fn, "inference_mode");
  return no_grad(fn);
}
