/**
 * The argument-list types of the functional API: torch's positional parameters (any prefix of
 * them) optionally followed by one options object holding the rest, as `lib/tensor/args.ts`'s
 * `bind` accepts them at run time.
 *
 * @module
 */

/** Every prefix of the tuple `P` (the empty tuple included). */
export type Prefixes<P extends unknown[]> = P extends [...infer H, unknown] ? P | Prefixes<H>
  : [];

/** Every prefix of `P` with its optional elements made required (any prefix may be passed). */
export type PositionalPrefixes<P extends unknown[]> = Prefixes<Required<P>>;

/**
 * A call's trailing arguments: a prefix of the positional parameters `P`, optionally followed
 * by the options object `O` (torch's keywords).
 */
export type Args<P extends unknown[], O> =
  | PositionalPrefixes<P>
  | [...PositionalPrefixes<P>, O];
