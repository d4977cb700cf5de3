/**
 * Checking "named things" arguments such as `compare({ a: t1, b: t2 })` and
 * `plot.bars({ P, Q })`: a plain object with at least one key, whose keys are the names.
 *
 * @module
 */

import { describe } from "../tensor/dtype.ts";

/**
 * The names (keys, in order) of an object of named things; throws unless `value` is a
 * non-array object with at least one key.
 *
 * @param value The received argument.
 * @param where The function name that starts the message, e.g. `"compare"`.
 * @param things What the values are, plural and singular, and an example object, e.g.
 *   `["named tensors", "named tensor", "{ a: t1, b: t2 }"]`.
 * @returns The keys.
 */
export function namesOf(
  value: unknown,
  where: string,
  things: readonly [plural: string, singular: string, example: string],
): string[] {
  const [plural, singular, example] = things;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(
      `${where}: expected an object of ${plural} such as ${example}, got ${describe(value)}`,
    );
  }
  const names = Object.keys(value);
  if (names.length === 0) {
    throw new RangeError(`${where}: expected at least one ${singular}, got an empty object`);
  }
  return names;
}
