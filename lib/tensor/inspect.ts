/**
 * Printing in every runtime: Deno's `console.log` asks an object for
 * `Symbol.for("Deno.customInspect")`, Node's `console.log` and `util.inspect` for
 * `Symbol.for("nodejs.util.inspect.custom")`. A class with a custom print defines the first (its
 * method says what to print) and passes its prototype to {@linkcode printInNode}, which makes the
 * second call the first, so both runtimes print the same text. Browsers' consoles have no such
 * hook; there `String(x)` (each class's `toString`) gives the same text.
 *
 * @module
 */

/** The key Deno's `console.log` and `Deno.inspect` look up. */
export const DENO_INSPECT: unique symbol = Symbol.for("Deno.customInspect");

/** The key Node's `console.log` and `util.inspect` look up. */
export const NODE_INSPECT: unique symbol = Symbol.for("nodejs.util.inspect.custom");

/** Something that prints itself in Deno. */
interface DenoPrintable {
  [DENO_INSPECT](...args: never[]): string;
}

/**
 * Makes Node print `target` (a class's prototype, or an object) as Deno does: its Node hook
 * returns what its Deno hook returns.
 *
 * @param target A prototype or object with a `Symbol.for("Deno.customInspect")` method.
 * @returns `target`, for chaining.
 */
export function printInNode<T extends object>(target: T): T {
  Object.defineProperty(target, NODE_INSPECT, {
    value: function (this: DenoPrintable): string {
      return this[DENO_INSPECT]();
    },
    writable: true,
    configurable: true,
    enumerable: false,
  });
  return target;
}
