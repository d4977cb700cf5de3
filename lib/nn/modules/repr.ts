/**
 * Python's `str()` of the numbers modules print in their `extra_repr` (library-internal).
 *
 * @module
 */

/**
 * A number as Python prints a float: `1.0`, `0.01`, `1e-07`, `inf`, `nan`.
 *
 * @param x The number.
 * @returns Python's repr of `float(x)`.
 */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  // Shortest round-trip digits, then Python's layout: exponent form below 1e-4 and from 1e16.
  const [mantissa, expPart] = x.toExponential().split("e");
  const exp = Number(expPart);
  if (exp < -4 || exp >= 16) {
    const m = mantissa.includes(".") ? mantissa : mantissa;
    return `${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  const s = String(x);
  return Number.isInteger(x) ? `${s}.0` : s;
}

/**
 * A number as Python prints the value the user passed when torch's default is an int: whole
 * numbers without a fraction (`20`), others as floats.
 *
 * @param x The number.
 * @returns `20` or `0.5`.
 */
export function pyNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : pyFloat(x);
}

/**
 * Python's bool.
 *
 * @param b The value.
 * @returns `True` or `False`.
 */
export function pyBool(b: boolean): string {
  return b ? "True" : "False";
}
