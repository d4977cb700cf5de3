/**
 * Binding a call's arguments to a torch signature: the one place that implements the
 * convention "any argument torch lets a caller pass by keyword is accepted in the options
 * object, and by position where torch allows that too", and that refuses an argument of the
 * wrong kind with a clear error instead of computing a silent NaN.
 *
 * An op declares its parameters after the tensor input(s), in torch's order, and binds the rest
 * of its arguments:
 *
 * ```ts ignore
 * const MULTINOMIAL: Signature = [
 *   { name: "num_samples", kind: "int" },
 *   { name: "replacement", kind: "bool", default: false },
 *   { name: "generator", kind: "any", default: null, keywordOnly: true },
 * ];
 * const { num_samples, replacement } = bind("multinomial", MULTINOMIAL, rest);
 * ```
 *
 * `multinomial(t, 3, true)`, `multinomial(t, 3, { replacement: true })` and
 * `multinomial(t, { num_samples: 3, replacement: true })` then bind alike. A trailing plain
 * object is the options object; a parameter given twice, an unknown key, too many positional
 * arguments, a missing required one and a value of the wrong kind are errors in torch's words.
 *
 * @module
 */

import { checkDType, describe, type DType } from "./dtype.ts";

/** What a parameter accepts; a function returns null when the value is fine, else what was expected. */
export type Kind =
  /** A whole number (a JS number with no fraction). */
  | "int"
  /** Any number (NaN and ±Infinity included). */
  | "number"
  /** true or false. */
  | "bool"
  /** A string. */
  | "string"
  /** A dtype name (`"float32"`, torch's aliases refused with a hint) or a dtype constant. */
  | "dtype"
  /** A whole number or an array of whole numbers (a dim or dims, a size). */
  | "ints"
  /** Anything: the op checks it itself. */
  | "any"
  /** A custom check: returns null when `value` is acceptable, else a description of what is. */
  | ((value: unknown) => string | null);

/** One parameter of a torch signature. */
export interface Param {
  /** torch's name for it: the key of the options object. */
  readonly name: string;
  /** What it accepts. */
  readonly kind: Kind;
  /** Its value when not given. A parameter without a default is required. */
  readonly default?: unknown;
  /** Whether null is accepted (torch's `Optional[...]`). Defaults to false unless default is null. */
  readonly nullable?: boolean;
  /** torch's keyword-only parameters (after `*`): accepted in the options object only. */
  readonly keywordOnly?: boolean;
}

/** A torch signature: the parameters after the tensor input(s), in torch's order. */
export type Signature = readonly Param[];

/** Whether `value` is a plain options object (not a tensor, array, dtype or device). */
export function isOptionsObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const EXPECTED: Record<Exclude<Kind, "any" | ((v: unknown) => string | null)>, string> = {
  int: "an int",
  number: "a number",
  bool: "a boolean",
  string: "a string",
  dtype: "a dtype",
  ints: "an int or an array of ints",
};

function isInt(v: unknown): boolean {
  return typeof v === "number" && Number.isInteger(v);
}

/** null when `value` fits `kind`, else what the kind expects. */
function mismatch(kind: Kind, value: unknown): string | null {
  if (typeof kind === "function") return kind(value);
  switch (kind) {
    case "any":
      return null;
    case "int":
      return isInt(value) ? null : EXPECTED.int;
    case "number":
      return typeof value === "number" ? null : EXPECTED.number;
    case "bool":
      return typeof value === "boolean" ? null : EXPECTED.bool;
    case "string":
      return typeof value === "string" ? null : EXPECTED.string;
    case "ints":
      return isInt(value) || (Array.isArray(value) && value.every(isInt)) ? null : EXPECTED.ints;
    case "dtype":
      return null; // checked by checkDType below, which names the valid dtypes
  }
}

/**
 * Binds `args` (the arguments after the tensor inputs) to `signature`.
 *
 * @param where The function's name as torch prints it, e.g. `"multinomial"`.
 * @param signature Its parameters, in torch's order.
 * @param args The arguments received; a trailing plain object is the options object.
 * @returns Every parameter's value by name (defaults filled in).
 */
export function bind(
  where: string,
  signature: Signature,
  args: readonly unknown[],
): Record<string, unknown> {
  let positional = args;
  let options: Record<string, unknown> = {};
  const last = args[args.length - 1];
  if (args.length > 0 && isOptionsObject(last)) {
    positional = args.slice(0, -1);
    options = last;
  }
  // Trailing undefined positional arguments are absent ones (a wrapper passing its own optionals).
  let n = positional.length;
  while (n > 0 && positional[n - 1] === undefined) n--;
  const byPosition = signature.filter((p) => !p.keywordOnly);
  if (n > byPosition.length) {
    throw new TypeError(
      `${where}() takes ${byPosition.length} positional argument${
        byPosition.length === 1 ? "" : "s"
      } after the input but ${n} were given${
        signature.some((p) => p.keywordOnly)
          ? `; ${
            signature.filter((p) => p.keywordOnly).map((p) =>
              p.name
            ).join(", ")
          } go in the options object`
          : ""
      }`,
    );
  }
  for (const key of Object.keys(options)) {
    if (!signature.some((p) => p.name === key)) {
      throw new TypeError(
        `${where}() got an unexpected keyword argument ${JSON.stringify(key)}; expected ${
          signature.map((p) => JSON.stringify(p.name)).join(", ") || "none"
        }`,
      );
    }
  }
  const out: Record<string, unknown> = {};
  signature.forEach((p) => {
    const i = byPosition.indexOf(p);
    const atPosition = i >= 0 && i < n && positional[i] !== undefined;
    const inOptions = Object.hasOwn(options, p.name) && options[p.name] !== undefined;
    if (atPosition && inOptions) {
      throw new TypeError(`${where}() got multiple values for argument '${p.name}'`);
    }
    let value = atPosition ? positional[i] : inOptions ? options[p.name] : undefined;
    if (value === undefined) {
      if (!Object.hasOwn(p, "default")) {
        throw new TypeError(`${where}() missing required argument '${p.name}'`);
      }
      out[p.name] = p.default;
      return;
    }
    const nullable = p.nullable ?? p.default === null;
    if (value === null && nullable) {
      out[p.name] = null;
      return;
    }
    if (p.kind === "dtype") value = checkDType(value, `${where}(): argument '${p.name}'`);
    const expected = mismatch(p.kind, value);
    if (expected !== null) {
      const at = atPosition ? ` (position ${i + 1})` : "";
      throw new TypeError(
        `${where}(): argument '${p.name}'${at} must be ${expected}${
          nullable ? " or null" : ""
        }, got ${describe(value)}`,
      );
    }
    out[p.name] = value;
  });
  return out;
}

/** The dtype a bound `dtype` parameter holds, or null (a typed view of {@linkcode bind}'s result). */
export function boundDType(bound: Record<string, unknown>, key = "dtype"): DType | null {
  return (bound[key] ?? null) as DType | null;
}
