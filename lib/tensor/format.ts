/**
 * Tensor printing, character for character as PyTorch 1.13's `repr(t)` with the default print
 * options (precision 4, threshold 1000, edgeitems 3, linewidth 80, sci_mode None).
 *
 * The rules follow `torch/_tensor_str.py`: a `_Formatter` picks one of three number styles for
 * the whole tensor (integer `1.`, fixed `1.0000` or scientific `1.0000e+00`) and one column
 * width; nested brackets wrap 1-D rows at the line width; tensors with more than 1000 elements
 * are summarised with `...`; suffixes such as `dtype=` and `grad_fn=` follow the data.
 *
 * Numbers are rounded as Python's `'{:.4f}'` and `'{:.4e}'` do: the exact binary value, ties to
 * even. JavaScript's `toFixed`/`toExponential` round ties away from zero, so they are not used.
 *
 * @module
 */

import { type DType, get_default_dtype } from "./dtype.ts";

export type { DType };

/** What {@linkcode formatTensor} needs from a tensor; kldiv's Tensor satisfies it. */
export interface ReprSource {
  /**
   * Contiguous row-major elements (length the product of `shape`), or, with `strides`, the
   * storage the elements are read from.
   */
  readonly data: ArrayLike<number>;
  /**
   * The layout of `data` when it is not contiguous (an expanded or large strided tensor is
   * printed without copying it: only the printed elements are read).
   */
  readonly strides?: readonly number[];
  /** Where the first element sits in `data` (with `strides`; default 0). */
  readonly offset?: number;
  /** Sizes of each dimension; `[]` for a 0-dim tensor. */
  readonly shape: readonly number[];
  /** Element type. */
  readonly dtype: DType;
  /** Whether the tensor is an autograd leaf that requires grad. */
  readonly requires_grad: boolean;
  /** The node that produced the tensor, or null for a leaf. */
  readonly grad_fn: { name(): string } | null;
}

// Default print options of torch._tensor_str.PRINT_OPTS.
const PRECISION = 4;
/** torch's default print threshold: tensors with more elements are summarised. */
export const THRESHOLD = 1000;
/** torch's default edge items: a summarised dim keeps this many entries at each end. */
export const EDGEITEMS = 3;
const LINEWIDTH = 80;
const PREFIX = "tensor(";

const MODE_INT = 0;
const MODE_FIXED = 1;
const MODE_SCI = 2;

/**
 * Builds a number formatter for a set of values, as torch's `_Formatter`: the style and the
 * column width are chosen from the nonzero finite values, and every value is then printed in
 * that style, right-aligned to the width.
 *
 * Integer-valued data prints as `3.` (width + 1 for the point); scientific notation is used
 * when max/min of the nonzero finite magnitudes exceeds 1000, the max exceeds 1e8, or (for
 * non-integer data) the min is below 1e-4. `nan`, `inf` and `-inf` print as words.
 *
 * @param values The values the column must fit (for a summarised tensor, only the shown ones).
 * @returns The column `width` and a `format` function giving the right-aligned string.
 * @example
 * ```ts ignore
 * import { makeFormatter } from "./format.ts";
 * const f = makeFormatter([1.5, -20, 0.25]);
 * f.width; // 8
 * f.format(1.5); // "  1.5000"
 * ```
 */
export function makeFormatter(
  values: ArrayLike<number>,
  dtype: DType = "float32",
): { width: number; format(v: number): string } {
  if (dtype === "int64" || dtype === "bool") return integerFormatter(values, dtype === "bool");
  let mode = MODE_INT;
  let width = 1;
  let count = 0;
  let min = Infinity;
  let max = 0;
  let intMode = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // Zeros and non-finite values never influence the style or width, as in torch.
    if (v === 0 || !Number.isFinite(v)) continue;
    count++;
    const a = Math.abs(v);
    if (a < min) min = a;
    if (a > max) max = a;
    if (intMode && v !== Math.ceil(v)) intMode = false;
  }
  if (count > 0) {
    const sci = max / min > 1000 || max > 1e8 || (!intMode && min < 1e-4);
    mode = sci ? MODE_SCI : intMode ? MODE_INT : MODE_FIXED;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === 0 || !Number.isFinite(v)) continue;
      const len = mode === MODE_SCI
        ? formatExponential(v, PRECISION).length
        : mode === MODE_INT
        ? formatFixed(v, 0).length + 1
        : formatFixed(v, PRECISION).length;
      if (len > width) width = len;
    }
  }
  return {
    width,
    format(v: number): string {
      let s: string;
      if (Number.isNaN(v)) s = "nan"; // Python drops the sign of a NaN
      else if (v === Infinity) s = "inf";
      else if (v === -Infinity) s = "-inf";
      else if (mode === MODE_SCI) s = formatExponential(v, PRECISION);
      else if (mode === MODE_INT) s = formatFixed(v, 0) + ".";
      else s = formatFixed(v, PRECISION);
      return s.length < width ? " ".repeat(width - s.length) + s : s;
    },
  };
}

/** torch's `_Formatter` for integer and bool tensors: `str(value)`, right-aligned. */
function integerFormatter(
  values: ArrayLike<number>,
  bool: boolean,
): { width: number; format(v: number): string } {
  const text = (v: number) => bool ? (v ? "True" : "False") : String(v);
  let width = 1;
  for (let i = 0; i < values.length; i++) width = Math.max(width, text(values[i]).length);
  return {
    width,
    format(v: number): string {
      const s = text(v);
      return s.length < width ? " ".repeat(width - s.length) + s : s;
    },
  };
}

/**
 * Prints a tensor exactly as PyTorch 1.13's `repr(t)` (and `str(t)`) with default options.
 *
 * @param t The tensor: contiguous data, shape, dtype and autograd state.
 * @returns The repr, e.g. `"tensor(0.0239, grad_fn=<DivBackward0>)"`.
 * @example
 * ```ts ignore
 * import { formatTensor } from "./format.ts";
 * const t = {
 *   data: new Float32Array([1, 2.5]),
 *   shape: [2],
 *   dtype: "float32",
 *   requires_grad: true,
 *   grad_fn: null,
 * } as const;
 * formatTensor(t); // "tensor([1.0000, 2.5000], requires_grad=True)"
 * ```
 */
export function formatTensor(t: ReprSource): string {
  const shape = t.shape;
  let numel = 1;
  for (let i = 0; i < shape.length; i++) numel *= shape[i];
  const indent = PREFIX.length;
  const suffixes: string[] = [];
  let body: string;
  if (numel === 0) {
    // An empty tensor shows its shape unless it is (0,), and always a non-default dtype.
    if (shape.length !== 1) suffixes.push("size=" + pythonTuple(shape));
    // No element shows an empty tensor's type: any dtype but the default float is printed.
    if (t.dtype !== get_default_dtype()) suffixes.push("dtype=torch." + t.dtype);
    body = "[]";
  } else {
    // int64 and bool print as themselves (2, True); only the other float dtype is named.
    const shown = t.dtype === get_default_dtype() || t.dtype === "int64" || t.dtype === "bool";
    if (!shown) suffixes.push("dtype=torch." + t.dtype);
    body = tensorBody(t.data, shape, indent, t.dtype, t.strides, t.offset ?? 0);
  }
  const autograd = autogradSuffix(t);
  if (autograd !== undefined) suffixes.push(autograd);
  return addSuffixes(PREFIX + body, suffixes, indent);
}

/**
 * The repr's autograd suffix: `grad_fn=<DivBackward0>` for a result, `requires_grad=True` for
 * a leaf that requires grad, else undefined.
 *
 * @param t The tensor's autograd state.
 * @returns The suffix text, or undefined when there is none.
 */
export function autogradSuffix(
  t: Pick<ReprSource, "grad_fn" | "requires_grad">,
): string | undefined {
  // torch prints the node's class name: `torch::autograd::CopySlices` prints as CopySlices.
  if (t.grad_fn !== null) return "grad_fn=<" + t.grad_fn.name().replace(/^.*::/, "") + ">";
  return t.requires_grad ? "requires_grad=True" : undefined;
}

/** torch's `_tensor_str` for a non-empty tensor: everything between `tensor(` and suffixes. */
function tensorBody(
  data: ArrayLike<number>,
  shape: readonly number[],
  indent: number,
  dtype: DType,
  layout: readonly number[] | undefined,
  offset: number,
): string {
  const ndim = shape.length;
  const strides = new Array<number>(ndim);
  let numel = 1;
  for (let d = ndim - 1; d >= 0; d--) {
    strides[d] = layout === undefined ? numel : layout[d];
    numel *= shape[d];
  }
  const summarize = numel > THRESHOLD;
  let shown: ArrayLike<number> = data;
  if (summarize || layout !== undefined) {
    // The formatter only sees the elements that get printed (torch's get_summarized_data).
    const out: number[] = [];
    gatherShown(data, shape, strides, 0, offset, out, summarize);
    shown = out;
  }
  const fmt = makeFormatter(shown, dtype);
  if (ndim === 0) return fmt.format(data[offset]);
  return renderDim(data, shape, strides, 0, offset, indent, summarize, fmt);
}

/**
 * Whether a dim of size `n` is cut to its first and last {@linkcode EDGEITEMS} entries.
 *
 * @param summarize Whether the tensor is summarised (more than {@linkcode THRESHOLD} elements).
 * @param n The dim's size.
 * @returns True when the dim shows an ellipsis.
 */
export function isCut(summarize: boolean, n: number): boolean {
  return summarize && n > 2 * EDGEITEMS;
}

/** Appends, in print order, the elements a summarised tensor shows. */
function gatherShown(
  data: ArrayLike<number>,
  shape: readonly number[],
  strides: readonly number[],
  dim: number,
  offset: number,
  out: number[],
  summarize = true,
): void {
  if (shape.length === 0) {
    out.push(data[offset]);
    return;
  }
  const n = shape[dim];
  const stride = strides[dim];
  const last = dim === shape.length - 1;
  const cut = isCut(summarize, n);
  for (let i = 0; i < n; i++) {
    if (cut && i === EDGEITEMS) i = n - EDGEITEMS;
    const at = offset + i * stride;
    if (last) out.push(data[at]);
    else gatherShown(data, shape, strides, dim + 1, at, out, summarize);
  }
}

/** torch's `_tensor_str_with_formatter` for dims >= 1 (and `_vector_str` for the last dim). */
function renderDim(
  data: ArrayLike<number>,
  shape: readonly number[],
  strides: readonly number[],
  dim: number,
  offset: number,
  indent: number,
  summarize: boolean,
  fmt: { width: number; format(v: number): string },
): string {
  const n = shape[dim];
  const stride = strides[dim];
  const cut = isCut(summarize, n);
  if (dim === shape.length - 1) {
    // ", " plus the column: how many fit on a line after the indent (at least one).
    const perLine = Math.max(1, Math.floor((LINEWIDTH - indent) / (fmt.width + 2)));
    const sep = ",\n" + " ".repeat(indent + 1);
    let s = "[";
    let k = 0; // items so far, counting the " ..." placeholder as an item like torch does
    for (let i = 0; i < n; i++) {
      let item: string;
      if (cut && i === EDGEITEMS) {
        item = " ...";
        i = n - EDGEITEMS - 1;
      } else {
        item = fmt.format(data[offset + i * stride]);
      }
      if (k > 0) s += k % perLine === 0 ? sep : ", ";
      s += item;
      k++;
    }
    return s + "]";
  }
  // Consecutive sub-blocks are separated by one blank line less than their own depth.
  const sep = "," + "\n".repeat(shape.length - dim - 1) + " ".repeat(indent + 1);
  let s = "[";
  for (let i = 0; i < n; i++) {
    if (i > 0) s += sep;
    if (cut && i === EDGEITEMS) {
      s += "..." + sep;
      i = n - EDGEITEMS;
    }
    s += renderDim(data, shape, strides, dim + 1, offset + i * stride, indent + 1, summarize, fmt);
  }
  return s + "]";
}

/** torch's `_add_suffixes`: each suffix follows ", ", or starts a new line if it would not fit. */
function addSuffixes(str: string, suffixes: readonly string[], indent: number): string {
  // torch's length of the last line: it counts two more characters than the line has.
  let lastLineLen = str.length - str.lastIndexOf("\n") + 1;
  let s = str;
  for (let i = 0; i < suffixes.length; i++) {
    const suffix = suffixes[i];
    if (lastLineLen + suffix.length + 2 > LINEWIDTH) {
      s += ",\n" + " ".repeat(indent) + suffix;
      lastLineLen = indent + suffix.length;
    } else {
      s += ", " + suffix;
      lastLineLen += suffix.length + 2;
    }
  }
  return s + ")";
}

/** Python's `str(tuple(shape))`: `(0, 3)`, `(0,)`. */
function pythonTuple(shape: readonly number[]): string {
  return "(" + shape.join(", ") + (shape.length === 1 ? ",)" : ")");
}

/**
 * The shortest decimal text that reads back as exactly `x` in its dtype (parsed as a double,
 * then rounded to float32 for `"float32"`, as `read_csv` does): `0.1` for float32's
 * 0.100000001490116..., `String(x)` for float64. Non-finite values are `nan`, `inf` and
 * `-inf`, and negative zero keeps its sign, `-0`. Used for CSV cells, `kl` output, chart data
 * and the agreement table, so all of them spell a number the same way.
 *
 * @param x A value of the dtype (for float32, one that a Float32Array holds).
 * @param dtype The dtype whose values must round-trip.
 * @returns The text, e.g. `"0.0148224365"`, `"1e-30"`, `"-0"`, `"inf"`.
 * @example
 * ```ts ignore
 * import { shortestDecimal } from "./format.ts";
 * shortestDecimal(Math.fround(0.1), "float32"); // "0.1"
 * shortestDecimal(Math.fround(0.1), "float64"); // "0.10000000149011612"
 * ```
 */
export function shortestDecimal(x: number, dtype: DType): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (Object.is(x, -0)) return "-0";
  // JavaScript's number-to-string is already the shortest text that round-trips a double.
  if (dtype !== "float32" || x === 0) return String(x);
  return shortestFloat32(x);
}

/**
 * The fewest significant digits that round-trip a float32. At each length the decimal nearest
 * to `x` is tried with its two neighbours: just above a power of two the float32 spacing
 * doubles, so a neighbour can round-trip where the nearest decimal does not (2 ** -96 is
 * 1.2621775e-29, not 1.26217745e-29). Nine digits always suffice.
 */
function shortestFloat32(x: number): string {
  const sign = x < 0 ? "-" : "";
  for (let p = 1; p <= 9; p++) {
    const [digits, exponent] = Math.abs(x).toExponential(p - 1).split("e");
    const n = Number(digits.replace(".", ""));
    const scale = Number(exponent) - (p - 1);
    let best: number | undefined;
    for (const k of [n, n - 1, n + 1]) {
      const candidate = Number(`${sign}${k}e${scale}`);
      if (
        Math.fround(candidate) === x &&
        (best === undefined || Math.abs(candidate - x) < Math.abs(best - x))
      ) {
        best = candidate;
      }
    }
    if (best !== undefined) return String(best);
  }
  return String(x); // not reached for float32 values: 9 digits round-trip every one
}

// ---------------------------------------------------------------------------------------------
// Exact decimal formatting of doubles. A finite double is m * 2^e with integer m, so scaling by
// a power of ten and rounding can be done exactly with BigInt, with Python's ties-to-even.

const bits = new Float64Array(1);
const bitsU64 = new BigUint64Array(bits.buffer);
const MANTISSA_MASK = (1n << 52n) - 1n;
const pow10Cache: bigint[] = [1n];

function pow10(k: number): bigint {
  for (let i = pow10Cache.length; i <= k; i++) pow10Cache.push(pow10Cache[i - 1] * 10n);
  return pow10Cache[k];
}

// Scratch outputs of decompose(): |v| = mant * 2^exp2.
let mant = 0n;
let exp2 = 0;

/** Splits a finite nonzero double's magnitude into `mant * 2 ** exp2`. */
function decompose(v: number): void {
  bits[0] = v;
  const b = bitsU64[0];
  const biased = Number((b >> 52n) & 0x7ffn);
  const frac = b & MANTISSA_MASK;
  if (biased === 0) {
    mant = frac; // subnormal
    exp2 = -1074;
  } else {
    mant = frac | (1n << 52n);
    exp2 = biased - 1075;
  }
}

/** `num / den` rounded to the nearest integer, ties to even. */
function divRoundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const twice = (num - q * den) * 2n;
  if (twice > den || (twice === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** Whether a finite double is negative, counting -0 (Python prints its sign). */
function signOf(v: number): string {
  return v < 0 || Object.is(v, -0) ? "-" : "";
}

/** Python's `'{:.pf}'.format(v)` for a finite v. */
function formatFixed(v: number, p: number): string {
  const sign = signOf(v);
  let q: bigint;
  if (v === 0) {
    q = 0n;
  } else {
    decompose(v);
    if (exp2 >= 0) q = (mant << BigInt(exp2)) * pow10(p);
    else q = divRoundHalfEven(mant * pow10(p), 1n << BigInt(-exp2));
  }
  let digits = q.toString();
  if (p === 0) return sign + digits;
  if (digits.length <= p) digits = "0".repeat(p + 1 - digits.length) + digits;
  const cut = digits.length - p;
  return sign + digits.slice(0, cut) + "." + digits.slice(cut);
}

/** Python's `'{:.pe}'.format(v)` for a finite v: p digits after the point, exponent >= 2 digits. */
function formatExponential(v: number, p: number): string {
  const sign = signOf(v);
  let q = 0n;
  let e10 = 0;
  if (v !== 0) {
    decompose(v);
    const lo = pow10(p);
    const hi = pow10(p + 1);
    // A first guess of the decimal exponent, corrected until p+1 digits come out.
    e10 = Math.floor(Math.log10(Math.abs(v)));
    for (;;) {
      let num = exp2 >= 0 ? mant << BigInt(exp2) : mant;
      let den = exp2 >= 0 ? 1n : 1n << BigInt(-exp2);
      const s = p - e10;
      if (s >= 0) num *= pow10(s);
      else den *= pow10(-s);
      const floor = num / den;
      if (floor >= hi) e10++;
      else if (floor < lo) e10--;
      else {
        q = divRoundHalfEven(num, den);
        break;
      }
    }
    if (q === hi) {
      q = lo; // 9.99996 rounds up to 10.0000: renormalise
      e10++;
    }
  }
  const digits = q === 0n ? "0".repeat(p + 1) : q.toString();
  const mantissa = p === 0 ? digits : digits[0] + "." + digits.slice(1);
  const ae = Math.abs(e10);
  return sign + mantissa + (e10 < 0 ? "e-" : "e+") + (ae < 10 ? "0" : "") + ae;
}
