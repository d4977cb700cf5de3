/**
 * Checking options objects: every function that takes `{ key: value }` options rejects a
 * non-object and any key it does not know, so a typo never passes silently.
 *
 * @module
 */

import { describe } from "./dtype.ts";

/** `"a" or "b"` for two keys, `"a", "b", "c"` for more. */
function keyList(keys: readonly string[]): string {
  const quoted = keys.map((k) => JSON.stringify(k));
  return quoted.length === 2 ? `${quoted[0]} or ${quoted[1]}` : quoted.join(", ");
}

/**
 * Throws unless `options` is undefined or a plain object whose keys are all in `keys`.
 *
 * @param options The received options.
 * @param keys The accepted keys.
 * @param where The function name that starts the message, e.g. `"kl_div"`.
 * @param hints Extra words after a known-unsupported key, e.g. why `create_graph` is refused.
 */
export function checkOptionKeys(
  options: unknown,
  keys: readonly string[],
  where: string,
  hints: Readonly<Record<string, string>> = {},
): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!keys.includes(key)) {
      const hint = Object.hasOwn(hints, key) ? ` (${hints[key]})` : "";
      throw new TypeError(
        `${where}: unknown option ${JSON.stringify(key)}${hint}; expected ${keyList(keys)}`,
      );
    }
  }
}
