/**
 * Scalar kernels of the special functions, one per dtype where torch's float32 kernel computes
 * in float (so its last bits differ from the float64 result rounded once).
 *
 * Algorithms and published coefficients, written for this module:
 * - lgamma: fdlibm's `e_lgamma_r.c` (Sun Microsystems, 1993): rational and polynomial fits on
 *   [0, 8], Stirling's series beyond, reflection for x < 0. glibc (torch's `std::lgamma`) uses
 *   the same algorithm for x > 0.
 * - erf, erfc: fdlibm's `s_erf.c` rational fits. `erfcx` reuses its form
 *   erfc(x) = exp(−x² − 0.5625 + R/S) / x, in which the x² terms cancel, so it never underflows.
 * - digamma, trigamma, zeta (polygamma), erfinv, i0, i1, i0e, i1e, ndtri: the algorithms of
 *   PyTorch 1.13's `aten/src/ATen/native/Math.h` (Cephes-derived: Chebyshev series for the
 *   Bessel functions, the Euler–Maclaurin zeta, Pavlis's erfinv with two Newton steps), with
 *   float32 versions rounding each step to float as torch's `float` instantiations do.
 *
 * @module
 */

import { fusedMultiplyAdd as fma, fusedMultiplyAddF32 } from "../kernels/fma.ts";

const fr = Math.fround;
const PI = Math.PI;

/**
 * a·b + c rounded once to float, as the fused multiply-add that torch's float kernels compile
 * to (its CPU kernels are built with FMA contraction; the float64 kernels fuse the same
 * patterns, through `fma`).
 */
function fma32(a: number, b: number, c: number): number {
  return fusedMultiplyAddF32(a, b, c);
}

// A double's two 32-bit words, in the platform's byte order (typed arrays are faster here
// than a DataView).
const word64 = new Float64Array(1);
const words = new Int32Array(word64.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** The high 32 bits of a double's representation (sign, exponent, top of the mantissa). */
function highWord(x: number): number {
  word64[0] = x;
  return words[HIGH];
}

/** `x` with the low 32 bits of its mantissa cleared (fdlibm's SET_LOW_WORD(z, 0)). */
function clearLowWord(x: number): number {
  word64[0] = x;
  words[1 - HIGH] = 0;
  return word64[0];
}

// ---- lgamma (fdlibm) ----

const A0 = 7.72156649015328655494e-02, A1 = 3.22467033424113591611e-01;
const A2 = 6.73523010531292681824e-02, A3 = 2.05808084325167332806e-02;
const A4 = 7.38555086081402883957e-03, A5 = 2.89051383673415629091e-03;
const A6 = 1.19270763183362067845e-03, A7 = 5.10069792153511336608e-04;
const A8 = 2.20862790713908385557e-04, A9 = 1.08011567247583939954e-04;
const A10 = 2.52144565451257326939e-05, A11 = 4.48640949618915160150e-05;
const TC = 1.46163214496836224576e+00, TF = -1.21486290535849611461e-01;
const TT = -3.63867699703950536541e-18;
const T0 = 4.83836122723810047042e-01, T1 = -1.47587722994593911752e-01;
const T2 = 6.46249402391333854778e-02, T3 = -3.27885410759859649565e-02;
const T4 = 1.79706750811820387126e-02, T5 = -1.03142241298341437450e-02;
const T6 = 6.10053870246291332635e-03, T7 = -3.68452016781138256760e-03;
const T8 = 2.25964780900612472250e-03, T9 = -1.40346469989232843813e-03;
const T10 = 8.81081882437654011382e-04, T11 = -5.38595305356740546715e-04;
const T12 = 3.15632070903625950361e-04, T13 = -3.12754168375120860518e-04;
const T14 = 3.35529192635519073543e-04;
const U0 = -7.72156649015328655494e-02, U1 = 6.32827064025093366517e-01;
const U2 = 1.45492250137234768737e+00, U3 = 9.77717527963372745603e-01;
const U4 = 2.28963728064692451092e-01, U5 = 1.33810918536787660377e-02;
const V1 = 2.45597793713041134822e+00, V2 = 2.12848976379893395361e+00;
const V3 = 7.69285150456672783825e-01, V4 = 1.04222645593369134254e-01;
const V5 = 3.21709242282423911810e-03;
const S0 = -7.72156649015328655494e-02, S1 = 2.14982415960608852501e-01;
const S2 = 3.25778796408930981787e-01, S3 = 1.46350472652464452805e-01;
const S4 = 2.66422703033638609560e-02, S5 = 1.84028451407337715652e-03;
const S6 = 3.19475326584100867617e-05;
const R1 = 1.39200533467621045958e+00, R2 = 7.21935547567138069525e-01;
const R3 = 1.71933865632803078993e-01, R4 = 1.86459191715652901344e-02;
const R5 = 7.77942496381893596434e-04, R6 = 7.32668430744625636189e-06;
const W0 = 4.18938533204672725052e-01, W1 = 8.33333333333329678849e-02;
const W2 = -2.77777777728775536470e-03, W3 = 7.93650558643019558500e-04;
const W4 = -5.95187557450339963135e-04, W5 = 8.36339918996282139126e-04;
const W6 = -1.63092934096575273989e-03;

/** sin(π·x) for x < 0, reduced so that π·x is never formed for large |x|; 0 at integers. */
function sinPiNegative(x: number): number {
  const ax = -x;
  if (ax < 0.25) return Math.sin(PI * x);
  if (Math.floor(ax) === ax) return 0;
  let y = ax * 0.5;
  y = 2 * (y - Math.floor(y)); // |x| mod 2
  const n = Math.trunc(y * 4);
  let s: number;
  switch (n) {
    case 0:
      s = Math.sin(PI * y);
      break;
    case 1:
    case 2:
      s = Math.cos(PI * (0.5 - y));
      break;
    case 3:
    case 4:
      s = Math.sin(PI * (1 - y));
      break;
    case 5:
    case 6:
      s = -Math.cos(PI * (y - 1.5));
      break;
    default:
      s = Math.sin(PI * (y - 2));
  }
  return -s;
}

/**
 * log|Γ(x)| in float64: +inf at 0 and the negative integers, +inf at ±inf, NaN for NaN.
 *
 * @param x The argument.
 * @returns log|Γ(x)|.
 */
export function lgamma(x: number): number {
  if (x !== x) return x;
  if (x === Infinity || x === -Infinity || x === 0) return Infinity;
  if (Math.abs(x) < 8.470329472543003e-22) return -Math.log(Math.abs(x)); // |x| < 2^-70
  let nadj = 0;
  const negative = x < 0;
  if (negative) {
    if (x <= -4503599627370496) return Infinity; // |x| ≥ 2^52: an integer
    const t = sinPiNegative(x);
    if (t === 0) return Infinity;
    nadj = Math.log(PI / Math.abs(t * x));
    x = -x;
  }
  const ix = highWord(x) & 0x7fffffff;
  let r: number;
  if (x === 1 || x === 2) r = 0;
  else if (ix < 0x40000000) {
    let y: number, i: number;
    if (ix <= 0x3feccccc) {
      r = -Math.log(x);
      if (ix >= 0x3fe76944) {
        y = 1 - x;
        i = 0;
      } else if (ix >= 0x3fcda661) {
        y = x - (TC - 1);
        i = 1;
      } else {
        y = x;
        i = 2;
      }
    } else {
      r = 0;
      if (ix >= 0x3ffbb4c3) {
        y = 2 - x;
        i = 0;
      } else if (ix >= 0x3ff3b4c4) {
        y = x - TC;
        i = 1;
      } else {
        y = x - 1;
        i = 2;
      }
    }
    if (i === 0) {
      const z = y * y;
      const p1 = A0 + z * (A2 + z * (A4 + z * (A6 + z * (A8 + z * A10))));
      const p2 = z * (A1 + z * (A3 + z * (A5 + z * (A7 + z * (A9 + z * A11)))));
      r += y * p1 + p2 - 0.5 * y;
    } else if (i === 1) {
      const z = y * y;
      const w = z * y;
      const p1 = T0 + w * (T3 + w * (T6 + w * (T9 + w * T12)));
      const p2 = T1 + w * (T4 + w * (T7 + w * (T10 + w * T13)));
      const p3 = T2 + w * (T5 + w * (T8 + w * (T11 + w * T14)));
      const p = z * p1 - (TT - w * (p2 + y * p3));
      r += TF + p;
    } else {
      const p1 = y * (U0 + y * (U1 + y * (U2 + y * (U3 + y * (U4 + y * U5)))));
      const p2 = 1 + y * (V1 + y * (V2 + y * (V3 + y * (V4 + y * V5))));
      r += -0.5 * y + p1 / p2;
    }
  } else if (ix < 0x40200000) {
    // 2 ≤ x < 8: lgamma(2 + s) by a rational fit, then the recurrence.
    const i = Math.trunc(x);
    const y = x - i;
    const p = y * (S0 + y * (S1 + y * (S2 + y * (S3 + y * (S4 + y * (S5 + y * S6))))));
    const q = 1 + y * (R1 + y * (R2 + y * (R3 + y * (R4 + y * (R5 + y * R6)))));
    r = 0.5 * y + p / q;
    let z = 1;
    for (let k = i - 1; k >= 2; k--) z *= y + k;
    if (i >= 3) r += Math.log(z);
  } else if (ix < 0x43900000) {
    const t = Math.log(x);
    const z = 1 / x;
    const y = z * z;
    const w = W0 + z * (W1 + y * (W2 + y * (W3 + y * (W4 + y * (W5 + y * W6)))));
    r = (x - 0.5) * (t - 1) + w;
  } else r = x * (Math.log(x) - 1);
  return negative ? nadj - r : r;
}

// ---- erf, erfc (fdlibm) ----

const ERX = 8.45062911510467529297e-01;
const EFX = 1.28379167095512586316e-01;
const EFX8 = 1.02703333676410069053e+00;
const PP0 = 1.28379167095512558561e-01, PP1 = -3.25042107247001499370e-01;
const PP2 = -2.84817495755985104766e-02, PP3 = -5.77027029648944159157e-03;
const PP4 = -2.37630166566501626084e-05;
const QQ1 = 3.97917223959155352819e-01, QQ2 = 6.50222499887672944485e-02;
const QQ3 = 5.08130628187576562776e-03, QQ4 = 1.32494738004321644526e-04;
const QQ5 = -3.96022827877536812320e-06;
const PA0 = -2.36211856075265944077e-03, PA1 = 4.14856118683748331666e-01;
const PA2 = -3.72207876035701323847e-01, PA3 = 3.18346619901161753674e-01;
const PA4 = -1.10894694282396677476e-01, PA5 = 3.54783043256182359371e-02;
const PA6 = -2.16637559486879084300e-03;
const QA1 = 1.06420880400844228286e-01, QA2 = 5.40397917702171048937e-01;
const QA3 = 7.18286544141962662868e-02, QA4 = 1.26171219808761642112e-01;
const QA5 = 1.36370839120290507362e-02, QA6 = 1.19844998467991074170e-02;
const RA0 = -9.86494403484714822705e-03, RA1 = -6.93858572707181764372e-01;
const RA2 = -1.05586262253232909814e+01, RA3 = -6.23753324503260060396e+01;
const RA4 = -1.62396669462573470355e+02, RA5 = -1.84605092906711035994e+02;
const RA6 = -8.12874355063065934246e+01, RA7 = -9.81432934416914548592e+00;
const SA1 = 1.96512716674392571292e+01, SA2 = 1.37657754143519042600e+02;
const SA3 = 4.34565877475229228821e+02, SA4 = 6.45387271733267880336e+02;
const SA5 = 4.29008140027567833386e+02, SA6 = 1.08635005541779435134e+02;
const SA7 = 6.57024977031928170135e+00, SA8 = -6.04244152148580987438e-02;
const RB0 = -9.86494292470009928597e-03, RB1 = -7.99283237680523006574e-01;
const RB2 = -1.77579549177547519889e+01, RB3 = -1.60636384855821916062e+02;
const RB4 = -6.37566443368389627722e+02, RB5 = -1.02509513161107724954e+03;
const RB6 = -4.83519191608651397019e+02;
const SB1 = 3.03380607434824582924e+01, SB2 = 3.25792512996573918826e+02;
const SB3 = 1.53672958608443695994e+03, SB4 = 3.19985821950859553908e+03;
const SB5 = 2.55305040643316442583e+03, SB6 = 4.74528541206955367215e+02;
const SB7 = -2.24409524465858183362e+01;

/** (erf(x) − x) / x on |x| < 0.84375. */
function erfSmall(x: number): number {
  const z = x * x;
  const r = PP0 + z * (PP1 + z * (PP2 + z * (PP3 + z * PP4)));
  const s = 1 + z * (QQ1 + z * (QQ2 + z * (QQ3 + z * (QQ4 + z * QQ5))));
  return r / s;
}

/** erf(1 + s) − erx on 0.84375 ≤ |x| < 1.25 (s = |x| − 1). */
function erfNearOne(s: number): number {
  const p = PA0 + s * (PA1 + s * (PA2 + s * (PA3 + s * (PA4 + s * (PA5 + s * PA6)))));
  const q = 1 + s * (QA1 + s * (QA2 + s * (QA3 + s * (QA4 + s * (QA5 + s * QA6)))));
  return p / q;
}

/** R/S of fdlibm's tail fits: log(erfc(ax)·ax) + ax² + 0.5625, for ax ≥ 1.25. */
function erfcTail(ax: number): number {
  const s = 1 / (ax * ax);
  if (ax < 2.857142857142857) {
    const r = RA0 + s * (RA1 + s * (RA2 + s * (RA3 + s * (RA4 + s * (RA5 + s * (RA6 + s * RA7))))));
    const q = 1 +
      s * (SA1 + s * (SA2 + s * (SA3 + s * (SA4 + s * (SA5 + s * (SA6 + s * (SA7 + s * SA8)))))));
    return r / q;
  }
  const r = RB0 + s * (RB1 + s * (RB2 + s * (RB3 + s * (RB4 + s * (RB5 + s * RB6)))));
  const q = 1 + s * (SB1 + s * (SB2 + s * (SB3 + s * (SB4 + s * (SB5 + s * (SB6 + s * SB7))))));
  return r / q;
}

/** erfc(ax)·ax for ax ≥ 1.25, as exp(−z² − 0.5625)·exp((z − ax)(z + ax) + R/S). */
function erfcScaled(ax: number): number {
  const z = clearLowWord(ax);
  return Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + erfcTail(ax));
}

/**
 * The error function in float64.
 *
 * @param x The argument.
 * @returns erf(x).
 */
export function erf(x: number): number {
  if (x !== x) return x;
  const ax = Math.abs(x);
  if (ax < 0.84375) {
    if (ax < 3.725290298461914e-9) {
      return ax < 2.2250738585072014e-308 ? 0.125 * (8 * x + EFX8 * x) : x + EFX * x;
    }
    return x + x * erfSmall(x);
  }
  if (ax < 1.25) {
    const p = erfNearOne(ax - 1);
    return x >= 0 ? ERX + p : -ERX - p;
  }
  if (ax >= 6) return x >= 0 ? 1 : -1;
  const r = erfcScaled(ax) / ax;
  return x >= 0 ? 1 - r : r - 1;
}

/**
 * The complementary error function `1 − erf(x)` in float64, accurate where erf is near 1.
 *
 * @param x The argument.
 * @returns erfc(x).
 */
export function erfc(x: number): number {
  if (x !== x) return x;
  const ax = Math.abs(x);
  if (ax < 0.84375) {
    if (ax < 1.3877787807814457e-17) return 1 - x;
    const y = erfSmall(x);
    if (x < 0.25) return 1 - (x + x * y);
    return 0.5 - (x * y + (x - 0.5));
  }
  if (ax < 1.25) {
    const p = erfNearOne(ax - 1);
    return x >= 0 ? 1 - ERX - p : 1 + (ERX + p);
  }
  if (ax < 28) {
    if (x < 0 && ax >= 6) return 2;
    const r = erfcScaled(ax) / ax;
    return x > 0 ? r : 2 - r;
  }
  return x > 0 ? 0 : 2;
}

/**
 * The scaled complementary error function `exp(x²)·erfc(x)` in float64.
 *
 * @param x The argument.
 * @returns erfcx(x).
 */
export function erfcx(x: number): number {
  if (x !== x) return x;
  if (x < 0) {
    if (x < -26.7) return Infinity;
    const e = Math.exp(x * x);
    return x < -6.1 ? 2 * e : 2 * e - erfcx(-x);
  }
  if (x < 1.25) return Math.exp(x * x) * erfc(x);
  if (x > 5e7) return 0.5641895835477563 / x; // 1/(√π·x)
  // exp(x²)·erfc(x) = exp(R/S − 0.5625)/x exactly in fdlibm's form (the x² terms cancel).
  return Math.exp(erfcTail(x) - 0.5625) / x;
}

/**
 * erfcx as torch's float32 kernel computes it: for x < 0, `2·exp(x²)` in float (x² rounded
 * first, which the exponential amplifies); elsewhere the float64 value rounded.
 *
 * @param x A float32 value.
 * @returns erfcx(x) in float32.
 */
export function erfcx32(x: number): number {
  if (x !== x) return x;
  if (x >= 0) return fr(erfcx(x));
  if (x < -26.7) return Infinity;
  const e = fr(2 * fr(Math.exp(fr(x * x))));
  return x < -6.1 ? e : fr(e - fr(erfcx(-x)));
}

// ---- erfinv (torch's calc_erfinv) ----

const EI_A = [0.886226899, -1.645349621, 0.914624893, -0.140543331];
const EI_B = [-2.118377725, 1.442710462, -0.329097515, 0.012229801];
const EI_C = [-1.970840454, -1.624906493, 3.429567803, 1.641345311];
const EI_D = [3.5438892, 1.6370678];
const EI_A32 = EI_A.map(fr), EI_B32 = EI_B.map(fr), EI_C32 = EI_C.map(fr), EI_D32 = EI_D.map(fr);
const TWO_OVER_SQRT_PI = 1.1283791670955126;

/**
 * The inverse error function in float64 (torch's rational start and two Newton steps).
 *
 * @param y The argument in [−1, 1].
 * @returns erfinv(y): ±inf at ±1, NaN outside [−1, 1].
 */
export function erfinv(y: number): number {
  const ay = Math.abs(y);
  if (ay > 1) return NaN;
  if (ay === 1) return y > 0 ? Infinity : -Infinity;
  if (y !== y) return y;
  let x: number;
  if (ay <= 0.7) {
    const z = y * y;
    const num = ((EI_A[3] * z + EI_A[2]) * z + EI_A[1]) * z + EI_A[0];
    const dem = (((EI_B[3] * z + EI_B[2]) * z + EI_B[1]) * z + EI_B[0]) * z + 1;
    x = y * num / dem;
  } else {
    const z = Math.sqrt(-Math.log((1 - ay) / 2));
    const num = ((EI_C[3] * z + EI_C[2]) * z + EI_C[1]) * z + EI_C[0];
    const dem = (EI_D[1] * z + EI_D[0]) * z + 1;
    x = (y < 0 ? -num : num) / dem;
  }
  x = x - (erf(x) - y) / (TWO_OVER_SQRT_PI * Math.exp(-x * x));
  x = x - (erf(x) - y) / (TWO_OVER_SQRT_PI * Math.exp(-x * x));
  return x;
}

const TWO_OVER_SQRT_PI_32 = fr(TWO_OVER_SQRT_PI);

/**
 * erfinv as torch's float32 kernel computes it: every step rounded to float.
 *
 * @param y A float32 value.
 * @returns erfinv(y) in float32.
 */
export function erfinv32(y: number): number {
  const ay = Math.abs(y);
  if (ay > 1) return NaN;
  if (ay === 1) return y > 0 ? Infinity : -Infinity;
  if (y !== y) return y;
  const a = EI_A32, b = EI_B32, c = EI_C32, d = EI_D32;
  let x: number;
  if (ay <= fr(0.7)) {
    const z = fr(y * y);
    const num = fma32(fma32(fma32(a[3], z, a[2]), z, a[1]), z, a[0]);
    const dem = fma32(fma32(fma32(fma32(b[3], z, b[2]), z, b[1]), z, b[0]), z, 1);
    x = fr(fr(y * num) / dem);
  } else {
    const z = fr(Math.sqrt(fr(-fr(Math.log(fr(fr(1 - ay) / 2))))));
    const num = fma32(fma32(fma32(c[3], z, c[2]), z, c[1]), z, c[0]);
    const dem = fma32(fma32(d[1], z, d[0]), z, 1);
    x = fr((y < 0 ? -num : num) / dem);
  }
  for (let step = 0; step < 2; step++) {
    const e = fr(fr(erf(x)) - y);
    const slope = fr(TWO_OVER_SQRT_PI_32 * fr(Math.exp(fr(-x * x))));
    x = fr(x - fr(e / slope));
  }
  return x;
}

// ---- digamma, trigamma, zeta, polygamma (torch's Math.h) ----

const PSI_10 = 2.25175258906672110764;
const PSI_A = [
  8.33333333333333333333e-2,
  -2.10927960927960927961e-2,
  7.57575757575757575758e-3,
  -4.16666666666666666667e-3,
  3.96825396825396825397e-3,
  -8.33333333333333333333e-3,
  8.33333333333333333333e-2,
];
const PSI_A32 = PSI_A.map(fr);
const PSI_10_32 = fr(PSI_10);
const E17_32 = fr(1e17);

/**
 * ψ(x) = d/dx log Γ(x) in float64: ∓inf at ±0, NaN at negative integers and −inf.
 *
 * @param x The argument.
 * @returns digamma(x).
 */
export function digamma(x: number): number {
  if (x === 0) return Object.is(x, -0) ? Infinity : -Infinity;
  if (x < 0) {
    if (x === Math.trunc(x)) return NaN;
    // tan(π·frac(x)) is more accurate than tan(π·x) for |x| > 1.
    const r = x - Math.trunc(x);
    return digamma(1 - x) - PI / Math.tan(PI * r);
  }
  let result = 0;
  while (x < 10) {
    result -= 1 / x;
    x += 1;
  }
  if (x === 10) return result + PSI_10;
  let y = 0;
  if (x < 1e17) {
    const z = 1 / (x * x);
    let p = 0;
    for (let i = 0; i <= 6; i++) p = p * z + PSI_A[i];
    y = z * p;
  }
  return result + Math.log(x) - 0.5 / x - y;
}

/**
 * ψ(x) as torch's float32 kernel computes it (in float; the reflection term in double).
 *
 * @param x A float32 value.
 * @returns digamma(x) in float32.
 */
export function digamma32(x: number): number {
  if (x === 0) return Object.is(x, -0) ? Infinity : -Infinity;
  if (x < 0) {
    if (x === Math.trunc(x)) return NaN;
    const r = x - Math.trunc(x);
    const piOverTan = fr(PI / Math.tan(PI * r));
    return fr(digamma32(fr(1 - x)) - piOverTan);
  }
  let result = 0;
  while (x < 10) {
    result = fr(result - fr(1 / x));
    x = fr(x + 1);
  }
  if (x === 10) return fr(result + PSI_10_32);
  let y = 0;
  if (x < E17_32) {
    const z = fr(1 / fr(x * x));
    let p = 0;
    for (let i = 0; i <= 6; i++) p = fma32(p, z, PSI_A32[i]);
    y = fr(z * p);
  }
  return fr(fr(fr(result + fr(Math.log(x))) - fr(0.5 / x)) - y);
}

/**
 * ψ′(x) in float64 (torch's trigamma: reflection below 0.5, six recurrence steps, asymptotic series).
 *
 * @param x The argument.
 * @returns trigamma(x).
 */
export function trigamma(x: number): number {
  let sign = 1;
  let result = 0;
  if (x < 0.5) {
    sign = -1;
    const s = Math.sin(PI * x);
    result -= (PI * PI) / (s * s);
    x = 1 - x;
  }
  for (let i = 0; i < 6; i++) {
    result += 1 / (x * x);
    x += 1;
  }
  const ixx = 1 / (x * x);
  result += (1 + 1 / (2 * x) + ixx * (1 / 6 - ixx * (1 / 30 - ixx * (1 / 42)))) / x;
  return sign * result;
}

const PI32 = fr(PI);
const PI2_32 = fr(PI32 * PI32);
const SIXTH32 = fr(1 / 6), THIRTIETH32 = fr(1 / 30), FORTYSECOND32 = fr(1 / 42);

/**
 * ψ′(x) as torch's float32 kernel computes it.
 *
 * @param x A float32 value.
 * @returns trigamma(x) in float32.
 */
export function trigamma32(x: number): number {
  let sign = 1;
  let result = 0;
  if (x < 0.5) {
    sign = -1;
    const s = fr(Math.sin(fr(PI32 * x)));
    result = fr(result - fr(PI2_32 / fr(s * s)));
    x = fr(1 - x);
  }
  for (let i = 0; i < 6; i++) {
    result = fr(result + fr(1 / fr(x * x)));
    x = fr(x + 1);
  }
  const ixx = fr(1 / fr(x * x));
  const inner = fma32(-ixx, fma32(-ixx, FORTYSECOND32, THIRTIETH32), SIXTH32);
  const series = fr(fma32(ixx, inner, fr(1 + fr(1 / fr(2 * x)))) / x);
  return fr(sign * fr(result + series));
}

const MACHEP = 1.11022302462515654042e-16;
const ZETA_A = [
  12.0,
  -720.0,
  30240.0,
  -1209600.0,
  47900160.0,
  -1.8924375803183791606e9,
  7.47242496e10,
  -2.950130727918164224e12,
  1.1646782814350067249e14,
  -4.5979787224074726105e15,
  1.8152105401943546773e17,
  -7.1661652561756670113e18,
];

/**
 * The Hurwitz zeta function ζ(x, q) = Σₖ (k + q)^−x in float64 (Euler–Maclaurin, as torch).
 *
 * @param x The exponent (> 1).
 * @param q The shift.
 * @returns ζ(x, q).
 */
export function zeta(x: number, q: number): number {
  if (x === 1) return Infinity;
  if (x < 1) return NaN;
  if (q <= 0) {
    if (q === Math.floor(q)) return Infinity;
    if (x !== Math.floor(x)) return NaN;
  }
  let s = Math.pow(q, -x);
  let a = q;
  let i = 0;
  let b = 0;
  while (i < 9 || a <= 9) {
    i += 1;
    a += 1;
    b = Math.pow(a, -x);
    s += b;
    if (-MACHEP * s < b && b < MACHEP * s) return s;
  }
  const w = a;
  s += b * w / (x - 1);
  s -= 0.5 * b;
  a = 1;
  let k = 0;
  for (i = 0; i < 12; i++) {
    a *= x + k;
    b /= w;
    let t = a * b / ZETA_A[i];
    s = s + t;
    t = Math.abs(t / s);
    if (t < MACHEP) return s;
    k += 1;
    a *= x + k;
    b /= w;
    k += 1;
  }
  return s;
}

/**
 * ψ⁽ⁿ⁾(x) in float64: digamma for n = 0, trigamma for n = 1, else
 * (−1)ⁿ⁺¹ · exp(lgamma(n + 1)) · ζ(n + 1, x), as torch computes it.
 *
 * @param n The order (≥ 0).
 * @param x The argument.
 * @returns polygamma(n, x).
 */
export function polygamma(n: number, x: number): number {
  if (n === 0) return digamma(x);
  if (n === 1) return trigamma(x);
  return (n % 2 ? 1 : -1) * Math.exp(lgamma(n + 1)) * zeta(n + 1, x);
}

/**
 * ψ⁽ⁿ⁾(x) as torch's float32 kernel computes it (ζ in double, the factorial and product in float).
 *
 * @param n The order (≥ 0).
 * @param x A float32 value.
 * @returns polygamma(n, x) in float32.
 */
export function polygamma32(n: number, x: number): number {
  if (n === 0) return digamma32(x);
  if (n === 1) return trigamma32(x);
  const factorial = fr(Math.exp(fr(lgamma(fr(n + 1)))));
  return fr(fr((n % 2 ? 1 : -1) * factorial) * fr(zeta(fr(n + 1), x)));
}

// ---- modified Bessel functions i0, i1, i0e, i1e (Cephes Chebyshev series, as torch) ----

const I0_A = [
  -4.41534164647933937950e-18,
  3.33079451882223809783e-17,
  -2.43127984654795469359e-16,
  1.71539128555513303061e-15,
  -1.16853328779934516808e-14,
  7.67618549860493561688e-14,
  -4.85644678311192946090e-13,
  2.95505266312963983461e-12,
  -1.72682629144155570723e-11,
  9.67580903537323691224e-11,
  -5.18979560163526290666e-10,
  2.65982372468238665035e-9,
  -1.30002500998624804212e-8,
  6.04699502254191894932e-8,
  -2.67079385394061173391e-7,
  1.11738753912010371815e-6,
  -4.41673835845875056359e-6,
  1.64484480707288970893e-5,
  -5.75419501008210370398e-5,
  1.88502885095841655729e-4,
  -5.76375574538582365885e-4,
  1.63947561694133579842e-3,
  -4.32430999505057594430e-3,
  1.05464603945949983183e-2,
  -2.37374148058994688156e-2,
  4.93052842396707084878e-2,
  -9.49010970480476444210e-2,
  1.71620901522208775349e-1,
  -3.04682672343198398683e-1,
  6.76795274409476084995e-1,
];
const I0_B = [
  -7.23318048787475395456e-18,
  -4.83050448594418207126e-18,
  4.46562142029675999901e-17,
  3.46122286769746109310e-17,
  -2.82762398051658348494e-16,
  -3.42548561967721913462e-16,
  1.77256013305652638360e-15,
  3.81168066935262242075e-15,
  -9.55484669882830764870e-15,
  -4.15056934728722208663e-14,
  1.54008621752140982691e-14,
  3.85277838274214270114e-13,
  7.18012445138366623367e-13,
  -1.79417853150680611778e-12,
  -1.32158118404477131188e-11,
  -3.14991652796324136454e-11,
  1.18891471078464383424e-11,
  4.94060238822496958910e-10,
  3.39623202570838634515e-9,
  2.26666899049817806459e-8,
  2.04891858946906374183e-7,
  2.89137052083475648297e-6,
  6.88975834691682398426e-5,
  3.36911647825569408990e-3,
  8.04490411014108831608e-1,
];
const I1_A = [
  2.77791411276104639959e-18,
  -2.11142121435816608115e-17,
  1.55363195773620046921e-16,
  -1.10559694773538630805e-15,
  7.60068429473540693410e-15,
  -5.04218550472791168711e-14,
  3.22379336594557470981e-13,
  -1.98397439776494371520e-12,
  1.17361862988909016308e-11,
  -6.66348972350202774223e-11,
  3.62559028155211703701e-10,
  -1.88724975172282928790e-9,
  9.38153738649577178388e-9,
  -4.44505912879632808065e-8,
  2.00329475355213526229e-7,
  -8.56872026469545474066e-7,
  3.47025130813767847674e-6,
  -1.32731636560394358279e-5,
  4.78156510755005422638e-5,
  -1.61760815825896745588e-4,
  5.12285956168575772895e-4,
  -1.51357245063125314899e-3,
  4.15642294431288815669e-3,
  -1.05640848946261981558e-2,
  2.47264490306265168283e-2,
  -5.29459812080949914269e-2,
  1.02643658689847095384e-1,
  -1.76416518357834055153e-1,
  2.52587186443633654823e-1,
];
const I1_B = [
  7.51729631084210481353e-18,
  4.41434832307170791151e-18,
  -4.65030536848935832153e-17,
  -3.20952592199342395980e-17,
  2.96262899764595013876e-16,
  3.30820231092092828324e-16,
  -1.88035477551078244854e-15,
  -3.81440307243700780478e-15,
  1.04202769841288027642e-14,
  4.27244001671195135429e-14,
  -2.10154184277266431302e-14,
  -4.08355111109219731823e-13,
  -7.19855177624590851209e-13,
  2.03562854414708950722e-12,
  1.41258074366137813316e-11,
  3.25260358301548823856e-11,
  -1.89749581235054123450e-11,
  -5.58974346219658380687e-10,
  -3.83538038596423702205e-9,
  -2.63146884688951950684e-8,
  -2.51223623787020892529e-7,
  -3.88256480887769039346e-6,
  -1.10588938762623716291e-4,
  -9.76109749136146840777e-3,
  7.78576235018280120474e-1,
];
const I0_A32 = I0_A.map(fr);
const I0_B32 = I0_B.map(fr);
// torch's float tables for i1 keep only the terms that matter in float: the last 17 and 7.
const I1_A32 = I1_A.slice(12).map(fr);
const I1_B32 = I1_B.slice(18).map(fr);

/** Clenshaw's sum of a Chebyshev series (Cephes's chbevl), `x·b1 − b2` fused as in torch. */
function chbevl(x: number, c: readonly number[]): number {
  let b0 = c[0], b1 = 0, b2 = 0;
  for (let i = 1; i < c.length; i++) {
    b2 = b1;
    b1 = b0;
    b0 = fma(x, b1, -b2) + c[i];
  }
  return 0.5 * (b0 - b2);
}

/** chbevl with every step rounded to float, `x·b1 − b2` fused as torch's compiled kernel fuses it. */
function chbevl32(x: number, c: readonly number[]): number {
  let b0 = c[0], b1 = 0, b2 = 0;
  for (let i = 1; i < c.length; i++) {
    b2 = b1;
    b1 = b0;
    b0 = fr(fma32(x, b1, -b2) + c[i]);
  }
  return fr(0.5 * fr(b0 - b2));
}

/**
 * The modified Bessel function of the first kind of order 0, in float64.
 *
 * @param x The argument.
 * @returns I₀(x).
 */
export function i0(x: number): number {
  const ax = Math.abs(x);
  if (ax <= 8) return Math.exp(ax) * chbevl(ax / 2 - 2, I0_A);
  return Math.exp(ax) * chbevl(32 / ax - 2, I0_B) / Math.sqrt(ax);
}

/**
 * I₀ as torch's float32 kernel computes it.
 *
 * @param x A float32 value.
 * @returns I₀(x) in float32.
 */
export function i0_32(x: number): number {
  const ax = Math.abs(x);
  if (ax <= 8) return fr(fr(Math.exp(ax)) * chbevl32(fr(fr(ax / 2) - 2), I0_A32));
  const e = fr(Math.exp(ax));
  return fr(fr(e * chbevl32(fr(fr(32 / ax) - 2), I0_B32)) / fr(Math.sqrt(ax)));
}

/**
 * The exponentially scaled I₀: `exp(−|x|)·I₀(x)`, in float64.
 *
 * @param x The argument.
 * @returns i0e(x).
 */
export function i0e(x: number): number {
  const ax = Math.abs(x);
  if (ax <= 8) return chbevl(ax / 2 - 2, I0_A);
  return chbevl(32 / ax - 2, I0_B) / Math.sqrt(ax);
}

/**
 * i0e as torch's float32 kernel computes it.
 *
 * @param x A float32 value.
 * @returns i0e(x) in float32.
 */
export function i0e32(x: number): number {
  const ax = Math.abs(x);
  if (ax <= 8) return chbevl32(fr(fr(ax / 2) - 2), I0_A32);
  return fr(chbevl32(fr(fr(32 / ax) - 2), I0_B32) / fr(Math.sqrt(ax)));
}

/**
 * The modified Bessel function of the first kind of order 1, in float64 (odd in x).
 *
 * @param x The argument.
 * @returns I₁(x).
 */
export function i1(x: number): number {
  const ax = Math.abs(x);
  const out = ax <= 8
    ? Math.exp(ax) * ax * chbevl(ax / 2 - 2, I1_A)
    : Math.exp(ax) * chbevl(32 / ax - 2, I1_B) / Math.sqrt(ax);
  return x < 0 ? -out : out;
}

/**
 * I₁ as torch's float32 kernel computes it.
 *
 * @param x A float32 value.
 * @returns I₁(x) in float32.
 */
export function i1_32(x: number): number {
  const ax = Math.abs(x);
  const e = fr(Math.exp(ax));
  const out = ax <= 8
    ? fr(fr(e * ax) * chbevl32(fr(fr(ax / 2) - 2), I1_A32))
    : fr(fr(e * chbevl32(fr(fr(32 / ax) - 2), I1_B32)) / fr(Math.sqrt(ax)));
  return x < 0 ? -out : out;
}

/**
 * The exponentially scaled I₁: `exp(−|x|)·I₁(x)`, in float64.
 *
 * @param x The argument.
 * @returns i1e(x).
 */
export function i1e(x: number): number {
  const ax = Math.abs(x);
  const out = ax <= 8 ? chbevl(ax / 2 - 2, I1_A) * ax : chbevl(32 / ax - 2, I1_B) / Math.sqrt(ax);
  return x < 0 ? -out : out;
}

/**
 * i1e as torch's float32 kernel computes it.
 *
 * @param x A float32 value.
 * @returns i1e(x) in float32.
 */
export function i1e32(x: number): number {
  const ax = Math.abs(x);
  const out = ax <= 8
    ? fr(chbevl32(fr(fr(ax / 2) - 2), I1_A32) * ax)
    : fr(chbevl32(fr(fr(32 / ax) - 2), I1_B32) / fr(Math.sqrt(ax)));
  return x < 0 ? -out : out;
}

// ---- ndtri, log_ndtr ----

const S2PI = 2.50662827463100050242;
const ND_P0 = [
  -5.99633501014107895267e1,
  9.80010754185999661536e1,
  -5.66762857469070293439e1,
  1.39312609387279679503e1,
  -1.23916583867381258016e0,
];
const ND_Q0 = [
  1.0,
  1.95448858338141759834e0,
  4.67627912898881538453e0,
  8.63602421390890590575e1,
  -2.25462687854119370527e2,
  2.00260212380060660359e2,
  -8.20372256168333339912e1,
  1.59056225126211695515e1,
  -1.18331621121330003142e0,
];
const ND_P1 = [
  4.05544892305962419923e0,
  3.15251094599893866154e1,
  5.71628192246421288162e1,
  4.40805073893200834700e1,
  1.46849561928858024014e1,
  2.18663306850790267539e0,
  -1.40256079171354495875e-1,
  -3.50424626827848203418e-2,
  -8.57456785154685413611e-4,
];
const ND_Q1 = [
  1.0,
  1.57799883256466749731e1,
  4.53907635128879210584e1,
  4.13172038254672030440e1,
  1.50425385692907503408e1,
  2.50464946208309415979e0,
  -1.42182922854787788574e-1,
  -3.80806407691578277194e-2,
  -9.33259480895457427372e-4,
];
const ND_P2 = [
  3.23774891776946035970e0,
  6.91522889068984211695e0,
  3.93881025292474443415e0,
  1.33303460815807542389e0,
  2.01485389549179081538e-1,
  1.23716634817820021358e-2,
  3.01581553508235416007e-4,
  2.65806974686737550832e-6,
  6.23974539184983293730e-9,
];
const ND_Q2 = [
  1.0,
  6.02427039364742014255e0,
  3.67983563856160859403e0,
  1.37702099489081330271e0,
  2.16236993594496635890e-1,
  1.34204006088543189037e-2,
  3.28014464682127739104e-4,
  2.89247864745380683936e-6,
  6.79019408009981274425e-9,
];
const EXP_M2 = 0.13533528323661269189;

function polevl(x: number, c: readonly number[]): number {
  let r = 0;
  for (let i = 0; i < c.length; i++) r = fma(r, x, c[i]);
  return r;
}

/**
 * The inverse of the standard normal CDF in float64 (Cephes's ndtri, as torch).
 *
 * @param y0 A probability.
 * @returns x with Φ(x) = y0: −inf at 0, +inf at 1, NaN outside [0, 1].
 */
export function ndtri(y0: number): number {
  if (y0 === 0) return -Infinity;
  if (y0 === 1) return Infinity;
  if (y0 < 0 || y0 > 1) return NaN;
  if (y0 !== y0) return y0;
  let code = true;
  let y = y0;
  if (y > 1 - EXP_M2) {
    y = 1 - y;
    code = false;
  }
  if (y > EXP_M2) {
    y = y - 0.5;
    const y2 = y * y;
    return (y + y * (y2 * polevl(y2, ND_P0) / polevl(y2, ND_Q0))) * S2PI;
  }
  const x = Math.sqrt(-2 * Math.log(y));
  const x0 = x - Math.log(x) / x;
  const z = 1 / x;
  const x1 = x < 8
    ? z * polevl(z, ND_P1) / polevl(z, ND_Q1)
    : z * polevl(z, ND_P2) / polevl(z, ND_Q2);
  const r = x0 - x1;
  return code ? -r : r;
}

const ND_P0_32 = ND_P0.map(fr), ND_Q0_32 = ND_Q0.map(fr);
const ND_P1_32 = ND_P1.map(fr), ND_Q1_32 = ND_Q1.map(fr);
const ND_P2_32 = ND_P2.map(fr), ND_Q2_32 = ND_Q2.map(fr);
const S2PI_32 = fr(S2PI), EXP_M2_32 = fr(EXP_M2);

function polevl32(x: number, c: readonly number[]): number {
  let r = 0;
  for (let i = 0; i < c.length; i++) r = fma32(r, x, c[i]);
  return r;
}

/**
 * ndtri as torch's float32 kernel computes it.
 *
 * @param y0 A float32 probability.
 * @returns ndtri(y0) in float32.
 */
export function ndtri32(y0: number): number {
  if (y0 === 0) return -Infinity;
  if (y0 === 1) return Infinity;
  if (y0 < 0 || y0 > 1) return NaN;
  if (y0 !== y0) return y0;
  let code = true;
  let y = y0;
  if (y > fr(1 - EXP_M2_32)) {
    y = fr(1 - y);
    code = false;
  }
  if (y > EXP_M2_32) {
    y = fr(y - 0.5);
    const y2 = fr(y * y);
    const ratio = fr(fr(y2 * polevl32(y2, ND_P0_32)) / polevl32(y2, ND_Q0_32));
    return fr(fma32(y, ratio, y) * S2PI_32);
  }
  // ::log and ::sqrt here are the double functions: the float argument is widened.
  const x = fr(Math.sqrt(-2 * Math.log(y)));
  const x0 = fr(x - Math.log(x) / x);
  const z = fr(1 / x);
  const x1 = x < 8
    ? fr(fr(z * polevl32(z, ND_P1_32)) / polevl32(z, ND_Q1_32))
    : fr(fr(z * polevl32(z, ND_P2_32)) / polevl32(z, ND_Q2_32));
  const r = fr(x0 - x1);
  return code ? -r : r;
}

const SQRT1_2 = Math.SQRT1_2;

/**
 * log Φ(x), the log of the standard normal CDF, in float64: torch's split at x = −1 into
 * `log(erfcx(−t)/2) − t²` and `log1p(−erfc(t)/2)` with t = x/√2.
 *
 * @param x The argument.
 * @returns log_ndtr(x).
 */
export function log_ndtr(x: number): number {
  const t = x * SQRT1_2;
  if (x < -1) return Math.log(erfcx(-t) / 2) - t * t;
  return Math.log1p(-erfc(t) / 2);
}

/**
 * log_ndtr as torch's float32 kernel computes it (erfcx in double, the rest in float).
 *
 * @param x A float32 value.
 * @returns log_ndtr(x) in float32.
 */
export function log_ndtr32(x: number): number {
  const t = fr(x * fr(SQRT1_2));
  if (x < -1) return fr(fr(Math.log(fr(fr(erfcx(-t)) / 2))) - fr(t * t));
  return fr(Math.log1p(fr(-fr(erfc(t)) / 2)));
}
