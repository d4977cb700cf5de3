/**
 * Classes callable without `new`, as torch's classes are (library-internal).
 *
 * @module
 */

/** A class that can also be called without `new`. */
// deno-lint-ignore no-explicit-any
export type Callable<C extends new (...args: any[]) => any> =
  & C
  & ((...args: ConstructorParameters<C>) => InstanceType<C>);

/**
 * Wraps `cls` in a Proxy that keeps the class (instanceof, extends, static members) and adds
 * the call without `new`.
 */
// deno-lint-ignore no-explicit-any
export function callable<C extends new (...args: any[]) => any>(cls: C): Callable<C> {
  return new Proxy(cls, {
    apply: (target, _this, args) => new target(...args),
  }) as Callable<C>;
}
