/**
 * Printing in both runtimes: Deno's `console.log` calls `Symbol.for("Deno.customInspect")`,
 * Node's `util.inspect` (and so its `console.log`) calls
 * `Symbol.for("nodejs.util.inspect.custom")`. Classes define the Deno hook; this gives each the
 * Node hook beside it, delegating to it, so `console.log(t)` prints torch's repr in both.
 *
 * @module
 */

/** Deno's custom inspect symbol. */
export const DENO_INSPECT: unique symbol = Symbol.for("Deno.customInspect") as never;
/** Node's custom inspect symbol (also honoured by Bun). */
export const NODE_INSPECT: unique symbol = Symbol.for("nodejs.util.inspect.custom") as never;

/** Node's hook: whatever the Deno hook prints. */
function nodeInspect(this: { [DENO_INSPECT]?: () => string }): string {
  const deno = this[DENO_INSPECT];
  return typeof deno === "function" ? deno.call(this) : String(this);
}

/**
 * Adds Node's inspect hook to the prototypes of `classes` (each defines the Deno hook); it is
 * not enumerable, like a method.
 *
 * @param classes The classes.
 */
export function addNodeInspect(...classes: { prototype: object }[]): void {
  for (const c of classes) {
    Object.defineProperty(c.prototype, NODE_INSPECT, {
      value: nodeInspect,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
}
