// AssemblyScript source of kldiv's WebAssembly SIMD kernels (float32 and float64).
// Build: `deno task build:wasm` (writes lib/kernels/wasm_bytes.ts; tests check it is current).
// It is built twice: with its own memory, and importing a shared memory (env.memory) that
// worker threads running the same kernels on other rows use too. So the kernels keep no
// state in memory: everything a call needs is in its arguments, locals, read-only globals and
// read-only static data (the exp table).
//
// The JS side copies inputs into this module's memory, calls a kernel, and copies results out.
// Every kernel follows the reference loops' rounding steps (lib/nn/kl_div.ts,
// lib/ops/softmax.ts); only log and exp differ: vectorised approximations here, within 1 ULP
// of the correctly rounded float32 result and of Math.exp / Math.log in float64
// (tests/kernels_test.ts measures it).
//
// Inside log and exp (never in the rounding steps the kernels share with the reference loops,
// nor in expf1, the float32 exp of rows shorter than a vector and of row tails) a·b + c is
// relaxed SIMD's madd, which V8 compiles to one fused multiply-add (FMA) where the
// CPU has it (every x86-64 CPU since 2013, every ARM64) and to a multiply and an add where it
// does not; both tiers of V8 make the same choice, so a machine always gets the same bits.
// The fused form is about a fifth faster; the error bounds above hold for both forms.

// ---------------------------------------------------------------------------- log and exp
//
// V8 rebuilds a v128 constant at every use inside a loop (several instructions each) but keeps
// a local in a register. So the constants live in mutable globals, each kernel copies them into
// locals before its loops, and the inlined log/exp take them as arguments.

let ONE: v128 = f32x4.splat(1.0);
let HALF: v128 = f32x4.splat(0.5); // also the bits of m's exponent field in log
let LN2_HI: v128 = f32x4.splat(0.693359375); // ln 2 = LN2_HI + LN2_LO
let LN2_LO: v128 = f32x4.splat(-2.12194440e-4);

let X_MAX: v128 = f32x4.splat(100.0);
let X_MIN: v128 = f32x4.splat(-110.0);
let X_LOW: v128 = f32x4.splat(-87.3);
let X_HIGH: v128 = f32x4.splat(88.0); // e^88 · 2 is still below the float32 maximum
let LOG2E: v128 = f32x4.splat(1.44269504088896341);
let SHIFTER: v128 = f32x4.splat(12582912.0); // 1.5·2^23: adding it rounds to an integer
let E0: v128 = f32x4.splat(1.9875691500e-4);
let E1: v128 = f32x4.splat(1.3981999507e-3);
let E2: v128 = f32x4.splat(8.3334519073e-3);
let E3: v128 = f32x4.splat(4.1665795894e-2);
let E4: v128 = f32x4.splat(1.6666665459e-1);
let E5: v128 = f32x4.splat(5.0000001201e-1);

let MANTISSA: v128 = i32x4.splat(0x007fffff);
let BIAS: v128 = i32x4.splat(126);
let SQRTHF: v128 = f32x4.splat(0.70710678118654752);
let L0: v128 = f32x4.splat(7.0376836292e-2);
let L1: v128 = f32x4.splat(-1.1514610310e-1);
let L2: v128 = f32x4.splat(1.1676998740e-1);
let L3: v128 = f32x4.splat(-1.2420140846e-1);
let L4: v128 = f32x4.splat(1.4249322787e-1);
let L5: v128 = f32x4.splat(-1.6668057665e-1);
let L6: v128 = f32x4.splat(2.0000714765e-1);
let L7: v128 = f32x4.splat(-2.4999993993e-1);
let L8: v128 = f32x4.splat(3.3333331174e-1);

/** Cephes' logf on four positive normal floats: ≤ 1 ULP. */
// @ts-ignore: decorator
@inline
function logf4(
  x: v128, one: v128, half: v128, ln2hi: v128, ln2lo: v128, mantissa: v128, bias: v128,
  sqrthf: v128, l0: v128, l1: v128, l2: v128, l3: v128, l4: v128, l5: v128, l6: v128,
  l7: v128, l8: v128,
): v128 {
  // x = 2^e · m with m in [0.5, 1).
  const e = i32x4.sub(i32x4.shr_u(x, 23), bias);
  let m = v128.or(v128.and(x, mantissa), half);
  let ef = f32x4.convert_i32x4_s(e);
  // Move m into [√½, √2) around 1: below √½ double it and take one from the exponent.
  const small = f32x4.lt(m, sqrthf);
  ef = f32x4.sub(ef, v128.and(small, one));
  m = f32x4.sub(f32x4.add(m, v128.and(small, m)), one);
  const z = f32x4.mul(m, m);
  // The degree-8 polynomial by Estrin's scheme (a shallower dependency chain than Horner's).
  const z4 = f32x4.mul(z, z);
  const p01 = f32x4.relaxed_madd(l0, m, l1);
  const p23 = f32x4.relaxed_madd(l2, m, l3);
  const p45 = f32x4.relaxed_madd(l4, m, l5);
  const p67 = f32x4.relaxed_madd(l6, m, l7);
  const q = f32x4.relaxed_madd(
    f32x4.relaxed_madd(p01, z, p23),
    z4,
    f32x4.relaxed_madd(p45, z, p67),
  );
  let y = f32x4.relaxed_madd(q, m, l8);
  y = f32x4.mul(f32x4.mul(y, m), z);
  y = f32x4.relaxed_madd(ef, ln2lo, y);
  y = f32x4.relaxed_nmadd(z, half, y);
  return f32x4.relaxed_madd(ef, ln2hi, f32x4.add(m, y));
}

/** a·b + c: one fused multiply-add (relaxed SIMD) if `fused`, else a multiply and an add. */
// @ts-ignore: decorator
@inline
function madd4(a: v128, b: v128, c: v128, fused: bool): v128 {
  return fused ? f32x4.relaxed_madd(a, b, c) : f32x4.add(f32x4.mul(a, b), c);
}

/** c − a·b, fused or not as madd4. */
// @ts-ignore: decorator
@inline
function nmadd4(a: v128, b: v128, c: v128, fused: bool): v128 {
  return fused ? f32x4.relaxed_nmadd(a, b, c) : f32x4.sub(c, f32x4.mul(a, b));
}

/**
 * Cephes' expf on four floats, with subnormal results and overflow to ∞: ≤ 1 ULP. `fused`
 * false gives the unfused form, which expf1 (rows shorter than a vector, row tails) keeps.
 */
// @ts-ignore: decorator
@inline
function expf4(
  x: v128, one: v128, ln2hi: v128, ln2lo: v128, xmax: v128, xmin: v128, log2e: v128,
  shifter: v128, e0: v128, e1: v128, e2: v128, e3: v128, e4: v128, e5: v128, fused: bool = true,
): v128 {
  // Clamping keeps the scale exponents in range; pmin/pmax (one instruction each) keep a NaN
  // in their first operand.
  x = f32x4.pmax(f32x4.pmin(x, xmax), xmin);
  // k = round(x·log2 e) by the shifter: the float holds k, and its bits minus the shifter's
  // bits are k as an integer.
  const shifted = madd4(x, log2e, shifter, fused);
  const kf = f32x4.sub(shifted, shifter);
  const k = i32x4.sub(shifted, shifter);
  // r = x − k·ln2 in two exact steps (k·LN2_HI is exact for |k| < 2^14).
  let r = nmadd4(kf, ln2hi, x, fused);
  r = nmadd4(kf, ln2lo, r, fused);
  // Estrin's scheme: the same polynomial in a shallower dependency chain.
  const r2 = f32x4.mul(r, r);
  const a = madd4(e0, r, e1, fused);
  const b = madd4(e2, r, e3, fused);
  const c = madd4(e4, r, e5, fused);
  let p = madd4(madd4(a, r2, b, fused), r2, c, fused);
  p = f32x4.add(madd4(p, r2, r, fused), one);
  // 2^k as 2^k1 · 2^k2 (each (k_i + 127) << 23, built by adding to 1.0's bits), so results
  // down to the subnormals come out right.
  const k1 = i32x4.shr_s(k, 1);
  const s1 = i32x4.add(i32x4.shl(k1, 23), one);
  const s2 = i32x4.add(i32x4.shl(i32x4.sub(k, k1), 23), one);
  return f32x4.mul(f32x4.mul(p, s1), s2);
}

/**
 * expf4 for sums that include a 1 (softmax's e^(x − max)): inputs below −87.3 give about
 * 1e-38 instead of a subnormal or 0, which cannot change a float32 sum ≥ 1, so one scale
 * step is enough.
 */
// @ts-ignore: decorator
@inline
function expf4n(
  x: v128, one: v128, ln2hi: v128, ln2lo: v128, xlow: v128, log2e: v128, shifter: v128,
  e0: v128, e1: v128, e2: v128, e3: v128, e4: v128, e5: v128,
): v128 {
  x = f32x4.pmax(x, xlow); // NaN stays NaN
  const shifted = f32x4.relaxed_madd(x, log2e, shifter);
  const kf = f32x4.sub(shifted, shifter);
  let r = f32x4.relaxed_nmadd(kf, ln2hi, x);
  r = f32x4.relaxed_nmadd(kf, ln2lo, r);
  // Estrin's scheme: the same polynomial in a shallower dependency chain.
  const r2 = f32x4.mul(r, r);
  const a = f32x4.relaxed_madd(e0, r, e1);
  const b = f32x4.relaxed_madd(e2, r, e3);
  const c = f32x4.relaxed_madd(e4, r, e5);
  let p = f32x4.relaxed_madd(f32x4.relaxed_madd(a, r2, b), r2, c);
  p = f32x4.add(f32x4.relaxed_madd(p, r2, r), one);
  // shifted's bits are 0x4B400000 + k, whose low 9 bits of the constant part are 0: shifting
  // them left by 23 gives k << 23 without subtracting the shifter's bits first.
  return f32x4.mul(p, i32x4.add(i32x4.shl(shifted, 23), one));
}

/**
 * expf4 with expf4n's one scale step while every lane is within [−87.3, 88], which gives expf4's
 * bits wherever the result is a normal float; expf4 itself for the rare vector with a lane
 * outside it (a subnormal, 0 or ∞). `high` false skips the upper check, for inputs that are never
 * positive (softmax's x − max).
 */
// @ts-ignore: decorator
@inline
function expf4b(
  x: v128, one: v128, ln2hi: v128, ln2lo: v128, xmax: v128, xmin: v128, xlow: v128,
  xhigh: v128, log2e: v128, shifter: v128, e0: v128, e1: v128, e2: v128, e3: v128, e4: v128,
  e5: v128, high: bool = true,
): v128 {
  const out = high ? v128.or(f32x4.lt(x, xlow), f32x4.gt(x, xhigh)) : f32x4.lt(x, xlow);
  if (v128.any_true(out)) {
    return expf4(x, one, ln2hi, ln2lo, xmax, xmin, log2e, shifter, e0, e1, e2, e3, e4, e5);
  }
  return expf4n(x, one, ln2hi, ln2lo, xlow, log2e, shifter, e0, e1, e2, e3, e4, e5);
}

/**
 * exp of one float32 through the vector code, unfused: rows shorter than a vector (a classifier
 * with a few classes) and the last few elements of longer rows. These are not where the time
 * goes, and unfused they give the same bits as before the kernels used FMA, so results on
 * few-class rows (notebook 08 trains on 3 classes) did not move. Both forms are within
 * 1 ULP.
 */
function expf1(x: f32): f32 {
  return f32x4.extract_lane(
    expf4(f32x4.splat(x), ONE, LN2_HI, LN2_LO, X_MAX, X_MIN, LOG2E, SHIFTER, E0, E1, E2, E3, E4, E5, false),
    0,
  );
}

/** Vector log and exp, for the accuracy tests: out[i] = log(x[i]) (positive normal x). */
export function log_f32(xp: usize, op: usize, n: i32): void {
  const one = ONE, half = HALF, ln2hi = LN2_HI, ln2lo = LN2_LO, mantissa = MANTISSA, bias = BIAS;
  const sqrthf = SQRTHF, l0 = L0, l1 = L1, l2 = L2, l3 = L3, l4 = L4, l5 = L5, l6 = L6, l7 = L7;
  const l8 = L8;
  for (let i = 0; i < n; i += 4) {
    v128.store(op + (<usize>i << 2), logf4(v128.load(xp + (<usize>i << 2)), one, half, ln2hi, ln2lo, mantissa, bias, sqrthf, l0, l1, l2, l3, l4, l5, l6, l7, l8));
  }
}

/** out[i] = exp(x[i]). */
export function exp_f32(xp: usize, op: usize, n: i32): void {
  const one = ONE, ln2hi = LN2_HI, ln2lo = LN2_LO, xmax = X_MAX, xmin = X_MIN, log2e = LOG2E;
  const shifter = SHIFTER, e0 = E0, e1 = E1, e2 = E2, e3 = E3, e4 = E4, e5 = E5;
  for (let i = 0; i < n; i += 4) {
    v128.store(op + (<usize>i << 2), expf4(v128.load(xp + (<usize>i << 2)), one, ln2hi, ln2lo, xmax, xmin, log2e, shifter, e0, e1, e2, e3, e4, e5));
  }
}

// ---------------------------------------------------------------------------- kl_div

/** xlogy(t, t) − t·x for one element, as lib/kernels/kl_div.ts computes it. */
// @ts-ignore: decorator
@inline
function klTerm(x: f32, t: f32): f32 {
  let xl: f32;
  if (isNaN(t)) xl = NaN;
  else if (t == 0) xl = 0;
  else xl = t * <f32>Math.log(<f64>t);
  return xl - t * x;
}

/** The scalar kl_div loop: the reference for lanes the vector loop does not handle. */
function klScalar(xp: usize, tp: usize, op: usize, from: i32, n: i32): f64 {
  let s: f64 = 0;
  for (let i = from; i < n; i++) {
    const off = <usize>i << 2;
    const v = klTerm(load<f32>(xp + off), load<f32>(tp + off));
    if (op != 0) store<f32>(op + off, v);
    s += <f64>v;
  }
  return s;
}

/**
 * The pointwise kl_div terms fround(fround(t·log t) − fround(t·x)) of n elements, written to
 * op unless it is 0; returns their sum accumulated in double.
 */
export function kl_div_f32(xp: usize, tp: usize, op: usize, n: i32): f64 {
  const one = ONE, half = HALF, ln2hi = LN2_HI, ln2lo = LN2_LO, mantissa = MANTISSA, bias = BIAS;
  const sqrthf = SQRTHF, l0 = L0, l1 = L1, l2 = L2, l3 = L3, l4 = L4, l5 = L5, l6 = L6, l7 = L7;
  const l8 = L8;
  let acc0 = f64x2.splat(0);
  let acc1 = f64x2.splat(0);
  // Lanes with a target that is neither a positive normal number nor ±0 (negative, subnormal,
  // ∞, NaN): when any shows up, the whole call is redone by the scalar loop. Keeping calls out
  // of this loop keeps its v128 values in registers.
  let acc2 = f64x2.splat(0);
  let acc3 = f64x2.splat(0);
  let odd = i32x4.splat(0);
  let i = 0;
  // Two vectors per iteration, each with its own pair of double accumulators.
  for (; i + 8 <= n; i += 8) {
    const off = <usize>i << 2;
    const ta = v128.load(tp + off);
    const tb = v128.load(tp + off, 16);
    const na = i32x4.lt_u(i32x4.sub(ta, i32x4.splat(0x00800000)), i32x4.splat(0x7f000000));
    const nb = i32x4.lt_u(i32x4.sub(tb, i32x4.splat(0x00800000)), i32x4.splat(0x7f000000));
    const za = i32x4.eq(v128.and(ta, i32x4.splat(0x7fffffff)), i32x4.splat(0));
    const zb = i32x4.eq(v128.and(tb, i32x4.splat(0x7fffffff)), i32x4.splat(0));
    odd = v128.or(odd, v128.not(v128.and(v128.or(na, za), v128.or(nb, zb))));
    // xlogy(t, t): t·log t on normal lanes, 0 on zero lanes.
    const xla = v128.and(f32x4.mul(ta, logf4(ta, one, half, ln2hi, ln2lo, mantissa, bias, sqrthf, l0, l1, l2, l3, l4, l5, l6, l7, l8)), na);
    const xlb = v128.and(f32x4.mul(tb, logf4(tb, one, half, ln2hi, ln2lo, mantissa, bias, sqrthf, l0, l1, l2, l3, l4, l5, l6, l7, l8)), nb);
    const va = f32x4.sub(xla, f32x4.mul(ta, v128.load(xp + off)));
    const vb = f32x4.sub(xlb, f32x4.mul(tb, v128.load(xp + off, 16)));
    if (op != 0) {
      v128.store(op + off, va);
      v128.store(op + off, vb, 16);
    }
    acc0 = f64x2.add(acc0, f64x2.promote_low_f32x4(va));
    acc1 = f64x2.add(acc1, f64x2.promote_low_f32x4(i32x4.shuffle(va, va, 2, 3, 0, 1)));
    acc2 = f64x2.add(acc2, f64x2.promote_low_f32x4(vb));
    acc3 = f64x2.add(acc3, f64x2.promote_low_f32x4(i32x4.shuffle(vb, vb, 2, 3, 0, 1)));
  }
  if (v128.any_true(odd)) return klScalar(xp, tp, op, 0, n);
  acc0 = f64x2.add(acc0, acc2);
  acc1 = f64x2.add(acc1, acc3);
  return (f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1) +
    f64x2.extract_lane(acc1, 0) + f64x2.extract_lane(acc1, 1)) + klScalar(xp, tp, op, i, n);
}

// ---------------------------------------------------------------------------- softmax

/**
 * The output pass of a row of T: log_softmax writes (x − m) − v with v = log s; softmax scales
 * the exps it stored by v = 1/s.
 */
// @ts-ignore: decorator
@inline
function finishRow<T>(x: usize, o: usize, size: i32, m: T, v: T, log: bool): void {
  const lanes = 16 / <i32>sizeof<T>();
  const vv = v128.splat<T>(v);
  let k = 0;
  if (log) {
    const mv = v128.splat<T>(m);
    for (; k + lanes <= size; k += lanes) {
      const off = <usize>k * sizeof<T>();
      v128.store(o + off, v128.sub<T>(v128.sub<T>(v128.load(x + off), mv), vv));
    }
    for (; k < size; k++) {
      const off = <usize>k * sizeof<T>();
      store<T>(o + off, (load<T>(x + off) - m) - v);
    }
  } else {
    for (; k + lanes <= size; k += lanes) {
      const off = <usize>k * sizeof<T>();
      v128.store(o + off, v128.mul<T>(v128.load(o + off), vv));
    }
    for (; k < size; k++) {
      const off = <usize>k * sizeof<T>();
      store<T>(o + off, load<T>(o + off) * v);
    }
  }
}

/**
 * The lane-wise maximum of a row's first ⌊size / lanes⌋ vectors of T (size ≥ one vector), in
 * four independent chains so the pass does not wait on one chain of pmax latencies. pmax is one
 * instruction but may drop a NaN. That needs no tracking: a NaN in the row makes its sum NaN,
 * and through it every output, as a NaN max does.
 */
// @ts-ignore: decorator
@inline
function maxLanes<T>(x: usize, size: i32): v128 {
  const lanes = 16 / <i32>sizeof<T>();
  let m0 = v128.load(x);
  let m1 = m0, m2 = m0, m3 = m0;
  let k = lanes;
  for (; k + 4 * lanes <= size; k += 4 * lanes) {
    const off = <usize>k * sizeof<T>();
    m0 = v128.pmax<T>(m0, v128.load(x + off));
    m1 = v128.pmax<T>(m1, v128.load(x + off, 16));
    m2 = v128.pmax<T>(m2, v128.load(x + off, 32));
    m3 = v128.pmax<T>(m3, v128.load(x + off, 48));
  }
  for (; k + lanes <= size; k += lanes) m0 = v128.pmax<T>(m0, v128.load(x + <usize>k * sizeof<T>()));
  return v128.pmax<T>(v128.pmax<T>(m0, m1), v128.pmax<T>(m2, m3));
}

/**
 * softmax (log = 0) or log_softmax (log = 1) of `rows` contiguous rows of `size` floats,
 * following lib/ops/softmax.ts: max; e = exp(x − m) summed in torch's 8 float32 lanes; then
 * e · (1/s) or (x − m) − log s.
 */
export function softmax_f32(xp: usize, op: usize, rows: i32, size: i32, log: i32): void {
  const one = ONE, ln2hi = LN2_HI, ln2lo = LN2_LO, xmax = X_MAX, xmin = X_MIN, log2e = LOG2E;
  const xlow = X_LOW, xhigh = X_HIGH;
  const shifter = SHIFTER, e0 = E0, e1 = E1, e2 = E2, e3 = E3, e4 = E4, e5 = E5;
  for (let row = 0; row < rows; row++) {
    const base = <usize>row * <usize>size;
    const x = xp + (base << 2);
    const o = op + (base << 2);
    // max, NaN if any element is NaN
    let m: f32 = -Infinity;
    let k = 0;
    if (size >= 4) {
      const mv = maxLanes<f32>(x, size);
      k = size & ~3;
      m = max(max(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)),
        max(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)));
    }
    for (; k < size; k++) m = max(m, load<f32>(x + (<usize>k << 2)));
    const mv = f32x4.splat(m);
    // exp and the lane sum
    let s: f32 = 0;
    if (size < 8) {
      for (k = 0; k < size; k++) {
        const e = expf1(load<f32>(x + (<usize>k << 2)) - m);
        if (!log) store<f32>(o + (<usize>k << 2), e);
        s = k == 0 ? e : s + e;
      }
    } else {
      let lo: v128, hi: v128;
      if (log) {
        // log_softmax needs only the sum.
        lo = expf4n(f32x4.sub(v128.load(x), mv), one, ln2hi, ln2lo, xlow, log2e, shifter, e0, e1, e2, e3, e4, e5);
        hi = expf4n(f32x4.sub(v128.load(x, 16), mv), one, ln2hi, ln2lo, xlow, log2e, shifter, e0, e1, e2, e3, e4, e5);
        // Two 8-float steps per iteration: more independent work in flight, same sum order.
        for (k = 8; k + 16 <= size; k += 16) {
          const off = <usize>k << 2;
          const v0 = expf4n(f32x4.sub(v128.load(x + off), mv), one, ln2hi, ln2lo, xlow, log2e, shifter, e0, e1, e2, e3, e4, e5);
          const v1 = expf4n(f32x4.sub(v128.load(x + off, 16), mv), one, ln2hi, ln2lo, xlow, log2e, shifter, e0, e1, e2, e3, e4, e5);
          const v2 = expf4n(f32x4.sub(v128.load(x + off, 32), mv), one, ln2hi, ln2lo, xlow, log2e, shifter, e0, e1, e2, e3, e4, e5);
          const v3 = expf4n(f32x4.sub(v128.load(x + off, 48), mv), one, ln2hi, ln2lo, xlow, log2e, shifter, e0, e1, e2, e3, e4, e5);
          lo = f32x4.add(f32x4.add(lo, v0), v2);
          hi = f32x4.add(f32x4.add(hi, v1), v3);
        }
        for (; k + 8 <= size; k += 8) {
          const off = <usize>k << 2;
          lo = f32x4.add(lo, expf4n(f32x4.sub(v128.load(x + off), mv), one, ln2hi, ln2lo, xlow, log2e, shifter, e0, e1, e2, e3, e4, e5));
          hi = f32x4.add(hi, expf4n(f32x4.sub(v128.load(x + off, 16), mv), one, ln2hi, ln2lo, xlow, log2e, shifter, e0, e1, e2, e3, e4, e5));
        }
      } else {
        lo = expf4b(f32x4.sub(v128.load(x), mv), one, ln2hi, ln2lo, xmax, xmin, xlow, xhigh, log2e, shifter, e0, e1, e2, e3, e4, e5, false);
        hi = expf4b(f32x4.sub(v128.load(x, 16), mv), one, ln2hi, ln2lo, xmax, xmin, xlow, xhigh, log2e, shifter, e0, e1, e2, e3, e4, e5, false);
        v128.store(o, lo);
        v128.store(o, hi, 16);
        for (k = 8; k + 8 <= size; k += 8) {
          const off = <usize>k << 2;
          const v0 = expf4b(f32x4.sub(v128.load(x + off), mv), one, ln2hi, ln2lo, xmax, xmin, xlow, xhigh, log2e, shifter, e0, e1, e2, e3, e4, e5, false);
          const v1 = expf4b(f32x4.sub(v128.load(x + off, 16), mv), one, ln2hi, ln2lo, xmax, xmin, xlow, xhigh, log2e, shifter, e0, e1, e2, e3, e4, e5, false);
          v128.store(o + off, v0);
          v128.store(o + off, v1, 16);
          lo = f32x4.add(lo, v0);
          hi = f32x4.add(hi, v1);
        }
      }
      // The lanes in locals, not in memory: worker threads share this module's memory.
      let s0 = f32x4.extract_lane(lo, 0), s1 = f32x4.extract_lane(lo, 1);
      let s2 = f32x4.extract_lane(lo, 2), s3 = f32x4.extract_lane(lo, 3);
      let s4 = f32x4.extract_lane(hi, 0), s5 = f32x4.extract_lane(hi, 1);
      let s6 = f32x4.extract_lane(hi, 2);
      const s7 = f32x4.extract_lane(hi, 3);
      // At most 7 left: they add into lanes 0 to 6 in order.
      for (let j = 0; k < size; k++, j++) {
        const e = expf1(load<f32>(x + (<usize>k << 2)) - m);
        if (!log) store<f32>(o + (<usize>k << 2), e);
        if (j == 0) s0 += e;
        else if (j == 1) s1 += e;
        else if (j == 2) s2 += e;
        else if (j == 3) s3 += e;
        else if (j == 4) s4 += e;
        else if (j == 5) s5 += e;
        else s6 += e;
      }
      s = s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
    }
    if (log) finishRow<f32>(x, o, size, m, <f32>Math.log(<f64>s), true);
    else finishRow<f32>(x, o, size, m, 1 / s, false);
  }
}

/**
 * log_softmax's backward over contiguous rows for the gradient g = c·t, g formed lane by lane and
 * never stored: dx = g − exp(y) · Σ g, the row sum taken in double, the product and difference in
 * float32. With c = 1 and t = g it is the plain backward; with c = −scale and t = target it takes
 * kl_div's gradient without materialising it.
 */
export function log_softmax_backward_scaled_f32(tp: usize, yp: usize, dp: usize, rows: i32, size: i32, c: f32): void {
  const one = ONE, ln2hi = LN2_HI, ln2lo = LN2_LO, xmax = X_MAX, xmin = X_MIN, log2e = LOG2E;
  const shifter = SHIFTER, e0 = E0, e1 = E1, e2 = E2, e3 = E3, e4 = E4, e5 = E5;
  const xlow = X_LOW, xhigh = X_HIGH;
  const cv = f32x4.splat(c);
  for (let row = 0; row < rows; row++) {
    const base = <usize>row * <usize>size;
    const t = tp + (base << 2);
    const y = yp + (base << 2);
    const d = dp + (base << 2);
    let acc0 = f64x2.splat(0);
    let acc1 = f64x2.splat(0);
    let k = 0;
    for (; k + 4 <= size; k += 4) {
      const gv = f32x4.mul(cv, v128.load(t + (<usize>k << 2)));
      acc0 = f64x2.add(acc0, f64x2.promote_low_f32x4(gv));
      acc1 = f64x2.add(acc1, f64x2.promote_low_f32x4(i32x4.shuffle(gv, gv, 2, 3, 0, 1)));
    }
    let s: f64 = (f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc1, 0)) +
      (f64x2.extract_lane(acc0, 1) + f64x2.extract_lane(acc1, 1));
    for (; k < size; k++) s += <f64>(c * load<f32>(t + (<usize>k << 2)));
    const sf = <f32>s;
    const sv = f32x4.splat(sf);
    for (k = 0; k + 8 <= size; k += 8) {
      const off = <usize>k << 2;
      const ea = expf4b(v128.load(y + off), one, ln2hi, ln2lo, xmax, xmin, xlow, xhigh, log2e, shifter, e0, e1, e2, e3, e4, e5);
      const eb = expf4b(v128.load(y + off, 16), one, ln2hi, ln2lo, xmax, xmin, xlow, xhigh, log2e, shifter, e0, e1, e2, e3, e4, e5);
      v128.store(d + off, f32x4.sub(f32x4.mul(cv, v128.load(t + off)), f32x4.mul(ea, sv)));
      v128.store(d + off, f32x4.sub(f32x4.mul(cv, v128.load(t + off, 16)), f32x4.mul(eb, sv)), 16);
    }
    for (; k + 4 <= size; k += 4) {
      const off = <usize>k << 2;
      const e = expf4b(v128.load(y + off), one, ln2hi, ln2lo, xmax, xmin, xlow, xhigh, log2e, shifter, e0, e1, e2, e3, e4, e5);
      v128.store(d + off, f32x4.sub(f32x4.mul(cv, v128.load(t + off)), f32x4.mul(e, sv)));
    }
    for (; k < size; k++) {
      const off = <usize>k << 2;
      store<f32>(d + off, c * load<f32>(t + off) - expf1(load<f32>(y + off)) * sf);
    }
  }
}

// ---------------------------------------------------------------------------- float64
//
// Two lanes per vector. The float64 reference loops (lib/kernels/softmax.ts, lib/nn/kl_div.ts)
// sum softmax's exps in torch's 4 double lanes; here those lanes are two f64x2 accumulators, in
// the same order. log and exp are vector approximations within about 1 ULP of Math.log and
// Math.exp; the row's log s is the host's Math.log, so log_softmax subtracts the same value.

// @ts-ignore: decorator
@external("env", "log")
declare function hostLog(x: f64): f64;

let D_ONE: v128 = f64x2.splat(1.0);
let D_HALF: v128 = f64x2.splat(0.5);
let D_LN2_HI: v128 = f64x2.splat(6.93147180369123816490e-01); // 0x3fe62e42fee00000
let D_LN2_LO: v128 = f64x2.splat(1.90821492927058770002e-10);
let D_SHIFTER: v128 = f64x2.splat(6755399441055744.0); // 1.5·2^52: adding it rounds to an integer
let D_X_MAX: v128 = f64x2.splat(1000.0);
let D_X_MIN: v128 = f64x2.splat(-1400.0);
let D_X_LOW: v128 = f64x2.splat(-708.0);
let D_X_HIGH: v128 = f64x2.splat(709.0); // e^709 · 2 is still below the float64 maximum
// exp: 128/ln 2, ln2/128 in two parts, and 1/n! for n = 2…5 (e^r − 1 − r on |r| ≤ ln2/256).
let D_EXP_LOG2E: v128 = f64x2.splat(128 * 1.4426950408889634);
let D_EXP_LN2_HI: v128 = f64x2.splat(6.93147180369123816490e-01 / 128);
let D_EXP_LN2_LO: v128 = f64x2.splat(1.90821492927058770002e-10 / 128);
let D_C2: v128 = f64x2.splat(1.0 / 2.0);
let D_C3: v128 = f64x2.splat(1.0 / 6.0);
let D_C4: v128 = f64x2.splat(1.0 / 24.0);
let D_C5: v128 = f64x2.splat(1.0 / 120.0);
// log: fdlibm's minimax coefficients for log(1 + f) = 2s + s·R(s²), s = f / (2 + f).
let D_MANTISSA: v128 = i64x2.splat(0x000fffffffffffff);
let D_EXP_ONE: v128 = i64x2.splat(0x3ff0000000000000);
let D_SQRT2: v128 = f64x2.splat(1.4142135623730951);
let D_LG1: v128 = f64x2.splat(6.666666666666735130e-01);
let D_LG2: v128 = f64x2.splat(3.999999999940941908e-01);
let D_LG3: v128 = f64x2.splat(2.857142874366239149e-01);
let D_LG4: v128 = f64x2.splat(2.222219843214978396e-01);
let D_LG5: v128 = f64x2.splat(1.818357216161805012e-01);
let D_LG6: v128 = f64x2.splat(1.531383769920937332e-01);
let D_LG7: v128 = f64x2.splat(1.479819860511658591e-01);

// 2^(j/128) for j = 0…127: the double nearest it, then the remainder (exact value − that
// double), pairs 16 bytes apart. Generated with Python's decimal module at 60 digits.
const EXP_TABLE = memory.data<f64>([
  1.0, 0.0,
  1.0054299011128027, 9.499186535455032e-17,
  1.0108892860517005, -1.5234778603368577e-17,
  1.016378314910953, -5.77217007319966e-17,
  1.0218971486541166, 5.109225028973444e-17,
  1.0274459491187637, -4.9560741746453704e-17,
  1.0330248790212284, 7.600838874027088e-18,
  1.0386341019613787, 5.996273788852511e-17,
  1.0442737824274138, 8.551889705537965e-17,
  1.0499440858006872, 5.592937848127003e-17,
  1.0556451783605572, 1.759325738772092e-18,
  1.061377227289262, -1.1973537085365658e-17,
  1.0671404006768237, -7.899853966841582e-17,
  1.0729348675259756, -3.839668843358824e-18,
  1.0787607977571199, -6.656660436056593e-17,
  1.0846183622133092, 3.166152845816346e-17,
  1.0905077326652577, -3.046782079812471e-17,
  1.0964290818163769, -5.919933484449316e-17,
  1.102382583307841, 5.2660368715706944e-17,
  1.1083684117236787, -8.786813845180527e-17,
  1.1143867425958924, 1.0410278456845571e-16,
  1.1204377524096067, -6.201085906554179e-17,
  1.1265216186082418, 5.165856758795457e-17,
  1.1326385195987192, 3.237356166738e-17,
  1.1387886347566916, 8.912812676025408e-17,
  1.1449721444318042, 4.6412898921700107e-17,
  1.1511892299529827, 3.250710218863827e-17,
  1.1574400736337511, -9.1238712311344e-17,
  1.1637248587775775, 3.8292048369240935e-17,
  1.1700437696832502, -1.8477442017900047e-18,
  1.1763969916502812, 5.554203254218079e-17,
  1.182784710984341, 1.542975430079076e-17,
  1.189207115002721, 3.982015231465646e-17,
  1.1956643920398273, 4.6166036704814814e-17,
  1.202156731452703, 6.644981499252301e-17,
  1.2086843236265816, -4.746725945228984e-17,
  1.215247359980469, -7.712630692681488e-17,
  1.2218460329727576, -1.0611021211402691e-16,
  1.22848053610687, -1.89878163130253e-17,
  1.2351510639369334, -1.0755244344307841e-16,
  1.241857812073484, 4.658027591836937e-17,
  1.2486009771892048, -8.261810999021964e-17,
  1.255380757024691, -6.7113898212968784e-18,
  1.2621973503942507, -3.0844648874738465e-17,
  1.2690509571917332, 2.667932131342186e-18,
  1.275941778396392, 9.91543024421429e-17,
  1.2828700160787783, 1.713594918243561e-17,
  1.2898358734066657, 8.949257530897592e-17,
  1.2968395546510096, 2.5382502794888315e-17,
  1.3038812651919358, 8.647675598267871e-17,
  1.3109612115247644, -7.181536135519454e-17,
  1.318079601266064, -5.4579558271491535e-17,
  1.3252366431597413, -2.8587312100388614e-17,
  1.3324325470831615, -5.101586630916744e-17,
  1.339667524053303, 8.927282594831732e-17,
  1.3469417862329458, 3.224065101254679e-17,
  1.3542555469368927, 7.70094837980299e-17,
  1.3616090206382248, 1.533787661270668e-18,
  1.3690024229745905, 9.593797919118849e-17,
  1.3764359707545302, -6.898588935871801e-17,
  1.383909881963832, -6.770511658794786e-17,
  1.3914243757719262, -4.9061748652889893e-17,
  1.3989796725383112, -9.614213209051323e-17,
  1.4065759938190154, 7.034914812136422e-18,
  1.4142135623730951, -9.667293313452913e-17,
  1.4218926021691656, -1.6077828915890244e-17,
  1.42961333839197, -1.2031642489053655e-17,
  1.4373759974489824, -4.2040340164675566e-17,
  1.4451808069770467, -3.0237581349939873e-17,
  1.4530279958490526, -5.779948609396106e-17,
  1.460917794180647, -5.600377186075216e-17,
  1.4688504333369818, 8.465882756533628e-17,
  1.4768261459394993, -3.483994556892796e-17,
  1.4848451658727524, 1.0780086764407481e-16,
  1.4929077282912648, 1.4192920154284036e-17,
  1.5010140696264256, -6.413767275790235e-17,
  1.5091644275934228, -1.016455327754295e-16,
  1.5173590411982147, -4.308699472043341e-17,
  1.5255981507445384, -1.1024941712342561e-16,
  1.533881997840956, 8.875226844438446e-17,
  1.5422108254079407, 7.949834809697621e-17,
  1.550584877685, -1.4600706590689385e-17,
  1.559004400237837, 3.7812070533575275e-17,
  1.567469639965553, -1.0352061768849722e-16,
  1.5759808451078865, -1.0136916471278304e-17,
  1.5845382652524937, -1.9337717034585703e-17,
  1.593142151342267, -1.0094406542311964e-16,
  1.6017927556826934, -6.054917453527784e-17,
  1.6104903319492543, 2.4707192569797888e-17,
  1.6192351351948637, 2.0941334154229092e-17,
  1.6280274218573478, -6.712955084707084e-17,
  1.6368674497669644, 7.698325071319876e-17,
  1.645755478153965, -1.0125679913674773e-16,
  1.6546917676561943, 9.643294303196029e-17,
  1.6636765803267364, 5.8909926967131e-17,
  1.6727101796415966, -5.476715964599563e-17,
  1.681792830507429, 8.199010020581497e-17,
  1.6909247992693053, -9.66967147439488e-17,
  1.7001063537185235, -8.0237193703977e-18,
  1.709337763100463, -9.868779456632931e-17,
  1.718619298122478, -1.851380418263111e-17,
  1.7279512309618377, -1.0750981861204642e-16,
  1.7373338352737062, 3.164389299292957e-17,
  1.746767386199169, -1.0752290483507515e-16,
  1.7562521603732995, 2.960140695448873e-17,
  1.7657884359332727, 9.461315018083268e-17,
  1.7753764925265212, 6.429731796556572e-17,
  1.785016611318935, 1.5330400121031314e-17,
  1.7947090750031072, 1.8227458427912087e-17,
  1.804454167806624, -5.177222408793318e-17,
  1.8142521755003989, -9.969531538920349e-17,
  1.8241033854070534, -1.0159627862277083e-16,
  1.8340080864093424, 3.283107224245627e-17,
  1.843966568958626, -5.939742026949965e-17,
  1.8539791250833855, 9.761887490727594e-17,
  1.864046048397789, 6.540912680620572e-17,
  1.8741676341103, -6.122763413004143e-17,
  1.8843441790323345, -8.226593125533711e-17,
  1.8945759815869656, 3.4034035352165297e-17,
  1.9048633418176741, 6.533857514718279e-17,
  1.9152065613971474, -1.0619946056195963e-16,
  1.925605943636125, -9.914963769693741e-17,
  1.9360617934922943, 1.0332385960676326e-16,
  1.9465744175792332, 6.811022349533877e-17,
  1.9571441241754002, 8.960767791036668e-17,
  1.9677712232331759, -1.0314928011531132e-16,
  1.978456026387951, 4.0388753109278167e-17,
  1.9891988469672663, 8.2051326383692e-18,
], 16);

/**
 * e^x for x already clamped, as 2^e · 2^(j/128) · e^r with k = e·128 + j = round(x·128/ln 2)
 * and |r| ≤ ln2/256: the table gives 2^(j/128) to about 107 bits, a degree-5 polynomial e^r − 1
 * to far below an ULP, and the result 2^(j/128) + (2^(j/128)·(e^r − 1) + remainder) rounds
 * once. Returns it unscaled, given x and shifted = x·128/ln 2 + 1.5·2^52 (whose bits are the
 * shifter's plus k); the caller scales by 2^e.
 */
// @ts-ignore: decorator
@inline
function expTable2(
  x: v128, shifted: v128, ln2hi: v128, ln2lo: v128, shifter: v128, c2: v128, c3: v128,
  c4: v128, c5: v128,
): v128 {
  const kf = f64x2.sub(shifted, shifter);
  // shifted's bits are the shifter's plus k.
  const k = i64x2.sub(shifted, shifter);
  // r = x − k·ln2/128 (k·LN2_HI/128 is exact for |k| < 2^21).
  const r = f64x2.relaxed_nmadd(kf, ln2lo, f64x2.relaxed_nmadd(kf, ln2hi, x));
  const t0 = v128.load(EXP_TABLE + ((<usize>i64x2.extract_lane(k, 0) & 127) << 4));
  const t1 = v128.load(EXP_TABLE + ((<usize>i64x2.extract_lane(k, 1) & 127) << 4));
  const th = i64x2.shuffle(t0, t1, 0, 2);
  const tl = i64x2.shuffle(t0, t1, 1, 3);
  const r2 = f64x2.mul(r, r);
  // e^r − 1 = r + r²·(c2 + c3·r + r²·(c4 + c5·r))
  const q = f64x2.relaxed_madd(
    r2,
    f64x2.relaxed_madd(f64x2.relaxed_madd(c5, r, c4), r2, f64x2.relaxed_madd(c3, r, c2)),
    r,
  );
  return f64x2.add(th, f64x2.relaxed_madd(th, q, tl));
}

/** e^x on two doubles over the whole range: overflow to ∞, subnormal results, NaN kept. */
// @ts-ignore: decorator
@inline
function expd2(
  x: v128, one: v128, ln2hi: v128, ln2lo: v128, log2e: v128, shifter: v128, xmax: v128,
  xmin: v128, c2: v128, c3: v128, c4: v128, c5: v128,
): v128 {
  // pmin/pmax keep a NaN in their first operand.
  x = f64x2.pmax(f64x2.pmin(x, xmax), xmin);
  const shifted = f64x2.relaxed_madd(x, log2e, shifter);
  const y = expTable2(x, shifted, ln2hi, ln2lo, shifter, c2, c3, c4, c5);
  // 2^e as 2^e1 · 2^e2 (e = k >> 7), each (e_i + 1023) << 52 built by adding to 1.0's bits.
  const e = i64x2.shr_s(i64x2.sub(shifted, shifter), 7);
  const e1 = i64x2.shr_s(e, 1);
  const s1 = i64x2.add(i64x2.shl(e1, 52), one);
  const s2 = i64x2.add(i64x2.shl(i64x2.sub(e, e1), 52), one);
  return f64x2.mul(f64x2.mul(y, s1), s2);
}

/**
 * expd2 for sums that include a 1 (softmax's e^(x − max) with x ≤ max): inputs below −708 give
 * about 3e-308 instead of a subnormal or 0, which cannot change a double sum ≥ 1, so one scale
 * step is enough.
 */
// @ts-ignore: decorator
@inline
function expd2n(
  x: v128, one: v128, ln2hi: v128, ln2lo: v128, log2e: v128, shifter: v128, xlow: v128,
  c2: v128, c3: v128, c4: v128, c5: v128,
): v128 {
  x = f64x2.pmax(x, xlow);
  const shifted = f64x2.relaxed_madd(x, log2e, shifter);
  const y = expTable2(x, shifted, ln2hi, ln2lo, shifter, c2, c3, c4, c5);
  const e = i64x2.shr_s(i64x2.sub(shifted, shifter), 7);
  return f64x2.mul(y, i64x2.add(i64x2.shl(e, 52), one));
}

/**
 * expd2 as expf4b does expf4: expd2n's one scale step while every lane is within [−708, 709]
 * (`high` false: only the lower bound, for inputs that are never positive).
 */
// @ts-ignore: decorator
@inline
function expd2b(
  x: v128, one: v128, ln2hi: v128, ln2lo: v128, log2e: v128, shifter: v128, xmax: v128,
  xmin: v128, xlow: v128, xhigh: v128, c2: v128, c3: v128, c4: v128, c5: v128, high: bool = true,
): v128 {
  const out = high ? v128.or(f64x2.lt(x, xlow), f64x2.gt(x, xhigh)) : f64x2.lt(x, xlow);
  if (v128.any_true(out)) {
    return expd2(x, one, ln2hi, ln2lo, log2e, shifter, xmax, xmin, c2, c3, c4, c5);
  }
  return expd2n(x, one, ln2hi, ln2lo, log2e, shifter, xlow, c2, c3, c4, c5);
}

/** exp of one double through the vector code, so scalar tails round like the vector body. */
function expd1(x: f64): f64 {
  return f64x2.extract_lane(
    expd2(f64x2.splat(x), D_ONE, D_EXP_LN2_HI, D_EXP_LN2_LO, D_EXP_LOG2E, D_SHIFTER, D_X_MAX, D_X_MIN, D_C2,
      D_C3, D_C4, D_C5),
    0,
  );
}

/** log of two positive normal doubles (fdlibm's reduction and polynomial). */
// @ts-ignore: decorator
@inline
function logd2(
  x: v128, one: v128, half: v128, ln2hi: v128, ln2lo: v128, shifter: v128, mantissa: v128,
  expone: v128, sqrt2: v128, lg1: v128, lg2: v128, lg3: v128, lg4: v128, lg5: v128, lg6: v128,
  lg7: v128,
): v128 {
  // x = 2^e · m, m in [1, 2); above √2 halve m and add one to e, so f = m − 1 is small.
  let m = v128.or(v128.and(x, mantissa), expone);
  const big = f64x2.gt(m, sqrt2);
  m = v128.bitselect(f64x2.mul(m, half), m, big);
  // e as a double: (bits >> 52) − 1023 added to the shifter's bits, the shifter subtracted.
  const ei = i64x2.sub(i64x2.shr_u(x, 52), i64x2.splat(1023));
  const ef = f64x2.add(f64x2.sub(i64x2.add(ei, shifter), shifter), v128.and(big, one));
  const f = f64x2.sub(m, one);
  const s = f64x2.div(f, f64x2.add(f64x2.add(one, one), f));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(w, f64x2.relaxed_madd(w, f64x2.relaxed_madd(w, lg6, lg4), lg2));
  const t2 = f64x2.mul(z, f64x2.relaxed_madd(w, f64x2.relaxed_madd(w, f64x2.relaxed_madd(w, lg7, lg5), lg3), lg1));
  const R = f64x2.add(t2, t1);
  const hfsq = f64x2.mul(f64x2.mul(half, f), f);
  // log = e·ln2_hi − ((hfsq − (s·(hfsq + R) + e·ln2_lo)) − f)
  return f64x2.relaxed_madd(
    ef,
    ln2hi,
    f64x2.sub(f, f64x2.sub(hfsq, f64x2.relaxed_madd(s, f64x2.add(hfsq, R), f64x2.mul(ef, ln2lo)))),
  );
}

/** Vector log and exp, for the accuracy tests: out[i] = log(x[i]) (positive normal x). */
export function log_f64(xp: usize, op: usize, n: i32): void {
  const one = D_ONE, half = D_HALF, ln2hi = D_LN2_HI, ln2lo = D_LN2_LO, shifter = D_SHIFTER;
  const mantissa = D_MANTISSA, expone = D_EXP_ONE, sqrt2 = D_SQRT2, lg1 = D_LG1, lg2 = D_LG2;
  const lg3 = D_LG3, lg4 = D_LG4, lg5 = D_LG5, lg6 = D_LG6, lg7 = D_LG7;
  for (let i = 0; i < n; i += 2) {
    const off = <usize>i << 3;
    v128.store(op + off, logd2(v128.load(xp + off), one, half, ln2hi, ln2lo, shifter, mantissa, expone, sqrt2, lg1, lg2, lg3, lg4, lg5, lg6, lg7));
  }
}

/** out[i] = exp(x[i]). */
export function exp_f64(xp: usize, op: usize, n: i32): void {
  const one = D_ONE, ln2hi = D_EXP_LN2_HI, ln2lo = D_EXP_LN2_LO, log2e = D_EXP_LOG2E, shifter = D_SHIFTER;
  const xmax = D_X_MAX, xmin = D_X_MIN, c2 = D_C2, c3 = D_C3, c4 = D_C4, c5 = D_C5;
  for (let i = 0; i < n; i += 2) {
    const off = <usize>i << 3;
    v128.store(op + off, expd2(v128.load(xp + off), one, ln2hi, ln2lo, log2e, shifter, xmax, xmin, c2, c3, c4, c5));
  }
}

/** xlogy(t, t) − t·x for one double, as the reference: NaN stays NaN, 0·log 0 = 0. */
function klTermD(x: f64, t: f64): f64 {
  let xl: f64;
  if (isNaN(t)) xl = NaN;
  else if (t == 0) xl = 0;
  else xl = t * hostLog(t);
  return xl - t * x;
}

/**
 * The pointwise float64 kl_div terms t·log t − t·x of n elements, written to op unless it is 0;
 * returns their sum in 4 double lanes. A call with any target that is not a positive normal
 * number or ±0 is redone by the scalar loop (host Math.log, sequential sum).
 */
export function kl_div_f64(xp: usize, tp: usize, op: usize, n: i32): f64 {
  const one = D_ONE, half = D_HALF, ln2hi = D_LN2_HI, ln2lo = D_LN2_LO, shifter = D_SHIFTER;
  const mantissa = D_MANTISSA, expone = D_EXP_ONE, sqrt2 = D_SQRT2, lg1 = D_LG1, lg2 = D_LG2;
  const lg3 = D_LG3, lg4 = D_LG4, lg5 = D_LG5, lg6 = D_LG6, lg7 = D_LG7;
  const minNormal = i64x2.splat(0x0010000000000000);
  const inf = i64x2.splat(0x7ff0000000000000);
  const abs = i64x2.splat(0x7fffffffffffffff);
  const zero64 = i64x2.splat(0);
  let acc0 = f64x2.splat(0);
  let acc1 = f64x2.splat(0);
  let odd = i64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 3;
    const ta = v128.load(tp + off);
    const tb = v128.load(tp + off, 16);
    // Signed compares: a set sign bit makes the lane negative, so it is not "normal".
    const na = v128.and(i64x2.ge_s(ta, minNormal), i64x2.lt_s(ta, inf));
    const nb = v128.and(i64x2.ge_s(tb, minNormal), i64x2.lt_s(tb, inf));
    const za = i64x2.eq(v128.and(ta, abs), zero64);
    const zb = i64x2.eq(v128.and(tb, abs), zero64);
    odd = v128.or(odd, v128.not(v128.and(v128.or(na, za), v128.or(nb, zb))));
    const la = logd2(ta, one, half, ln2hi, ln2lo, shifter, mantissa, expone, sqrt2, lg1, lg2, lg3, lg4, lg5, lg6, lg7);
    const lb = logd2(tb, one, half, ln2hi, ln2lo, shifter, mantissa, expone, sqrt2, lg1, lg2, lg3, lg4, lg5, lg6, lg7);
    const va = f64x2.sub(v128.and(f64x2.mul(ta, la), na), f64x2.mul(ta, v128.load(xp + off)));
    const vb = f64x2.sub(v128.and(f64x2.mul(tb, lb), nb), f64x2.mul(tb, v128.load(xp + off, 16)));
    if (op != 0) {
      v128.store(op + off, va);
      v128.store(op + off, vb, 16);
    }
    acc0 = f64x2.add(acc0, va);
    acc1 = f64x2.add(acc1, vb);
  }
  if (v128.any_true(odd)) {
    let s: f64 = 0;
    for (let j = 0; j < n; j++) {
      const off = <usize>j << 3;
      const v = klTermD(load<f64>(xp + off), load<f64>(tp + off));
      if (op != 0) store<f64>(op + off, v);
      s += v;
    }
    return s;
  }
  let s = (f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1)) +
    (f64x2.extract_lane(acc1, 0) + f64x2.extract_lane(acc1, 1));
  for (; i < n; i++) {
    const off = <usize>i << 3;
    const v = klTermD(load<f64>(xp + off), load<f64>(tp + off));
    if (op != 0) store<f64>(op + off, v);
    s += v;
  }
  return s;
}

/**
 * softmax (log = 0) or log_softmax (log = 1) of `rows` contiguous rows of `size` doubles,
 * following the float64 reference: max (NaN if any is NaN); e = exp(x − m) summed in torch's 4
 * double lanes (the tail adding into the first lanes in order), s = s0 + s1 + s2 + s3; then
 * e · (1/s) or (x − m) − log s.
 */
export function softmax_f64(xp: usize, op: usize, rows: i32, size: i32, log: i32): void {
  const one = D_ONE, ln2hi = D_EXP_LN2_HI, ln2lo = D_EXP_LN2_LO, log2e = D_EXP_LOG2E, shifter = D_SHIFTER;
  const xmax = D_X_MAX, xmin = D_X_MIN, xlow = D_X_LOW, xhigh = D_X_HIGH, c2 = D_C2, c3 = D_C3;
  const c4 = D_C4;
  const c5 = D_C5;
  for (let row = 0; row < rows; row++) {
    const base = <usize>row * <usize>size;
    const x = xp + (base << 3);
    const o = op + (base << 3);
    let m: f64 = -Infinity;
    let k = 0;
    if (size >= 2) {
      const mv = maxLanes<f64>(x, size);
      k = size & ~1;
      m = max(f64x2.extract_lane(mv, 0), f64x2.extract_lane(mv, 1));
    }
    for (; k < size; k++) m = max(m, load<f64>(x + (<usize>k << 3)));
    const mv = f64x2.splat(m);
    let s: f64 = 0;
    if (size < 4) {
      for (k = 0; k < size; k++) {
        const ek = expd1(load<f64>(x + (<usize>k << 3)) - m);
        if (!log) store<f64>(o + (<usize>k << 3), ek);
        s = k == 0 ? ek : s + ek;
      }
    } else {
      let lo: v128, hi: v128;
      if (log) {
        lo = expd2n(f64x2.sub(v128.load(x), mv), one, ln2hi, ln2lo, log2e, shifter, xlow, c2, c3, c4, c5);
        hi = expd2n(f64x2.sub(v128.load(x, 16), mv), one, ln2hi, ln2lo, log2e, shifter, xlow, c2, c3, c4, c5);
        // Two 4-double steps per iteration: more independent work in flight, same sum order.
        for (k = 4; k + 8 <= size; k += 8) {
          const off = <usize>k << 3;
          const v0 = expd2n(f64x2.sub(v128.load(x + off), mv), one, ln2hi, ln2lo, log2e, shifter, xlow, c2, c3, c4, c5);
          const v1 = expd2n(f64x2.sub(v128.load(x + off, 16), mv), one, ln2hi, ln2lo, log2e, shifter, xlow, c2, c3, c4, c5);
          const v2 = expd2n(f64x2.sub(v128.load(x + off, 32), mv), one, ln2hi, ln2lo, log2e, shifter, xlow, c2, c3, c4, c5);
          const v3 = expd2n(f64x2.sub(v128.load(x + off, 48), mv), one, ln2hi, ln2lo, log2e, shifter, xlow, c2, c3, c4, c5);
          lo = f64x2.add(f64x2.add(lo, v0), v2);
          hi = f64x2.add(f64x2.add(hi, v1), v3);
        }
        for (; k + 4 <= size; k += 4) {
          const off = <usize>k << 3;
          lo = f64x2.add(lo, expd2n(f64x2.sub(v128.load(x + off), mv), one, ln2hi, ln2lo, log2e, shifter, xlow, c2, c3, c4, c5));
          hi = f64x2.add(hi, expd2n(f64x2.sub(v128.load(x + off, 16), mv), one, ln2hi, ln2lo, log2e, shifter, xlow, c2, c3, c4, c5));
        }
      } else {
        lo = expd2b(f64x2.sub(v128.load(x), mv), one, ln2hi, ln2lo, log2e, shifter, xmax, xmin, xlow, xhigh, c2, c3, c4, c5, false);
        hi = expd2b(f64x2.sub(v128.load(x, 16), mv), one, ln2hi, ln2lo, log2e, shifter, xmax, xmin, xlow, xhigh, c2, c3, c4, c5, false);
        v128.store(o, lo);
        v128.store(o, hi, 16);
        for (k = 4; k + 4 <= size; k += 4) {
          const off = <usize>k << 3;
          const v0 = expd2b(f64x2.sub(v128.load(x + off), mv), one, ln2hi, ln2lo, log2e, shifter, xmax, xmin, xlow, xhigh, c2, c3, c4, c5, false);
          const v1 = expd2b(f64x2.sub(v128.load(x + off, 16), mv), one, ln2hi, ln2lo, log2e, shifter, xmax, xmin, xlow, xhigh, c2, c3, c4, c5, false);
          v128.store(o + off, v0);
          v128.store(o + off, v1, 16);
          lo = f64x2.add(lo, v0);
          hi = f64x2.add(hi, v1);
        }
      }
      let s0 = f64x2.extract_lane(lo, 0), s1 = f64x2.extract_lane(lo, 1);
      let s2 = f64x2.extract_lane(hi, 0);
      const s3 = f64x2.extract_lane(hi, 1);
      // At most 3 left: they add into lanes 0, 1, 2 in order.
      for (let j = 0; k < size; k++, j++) {
        const ek = expd1(load<f64>(x + (<usize>k << 3)) - m);
        if (!log) store<f64>(o + (<usize>k << 3), ek);
        if (j == 0) s0 += ek;
        else if (j == 1) s1 += ek;
        else s2 += ek;
      }
      s = s0 + s1 + s2 + s3;
    }
    if (log) finishRow<f64>(x, o, size, m, hostLog(s), true);
    else finishRow<f64>(x, o, size, m, 1 / s, false);
  }
}

/**
 * log_softmax's float64 backward for the gradient g = c·t, never stored: dx = g − exp(y) · Σ g,
 * the row sum in 4 double lanes.
 */
export function log_softmax_backward_scaled_f64(tp: usize, yp: usize, dp: usize, rows: i32, size: i32, c: f64): void {
  const one = D_ONE, ln2hi = D_EXP_LN2_HI, ln2lo = D_EXP_LN2_LO, log2e = D_EXP_LOG2E, shifter = D_SHIFTER;
  const xmax = D_X_MAX, xmin = D_X_MIN, c2 = D_C2, c3 = D_C3, c4 = D_C4, c5 = D_C5;
  const xlow = D_X_LOW, xhigh = D_X_HIGH;
  const cv = f64x2.splat(c);
  for (let row = 0; row < rows; row++) {
    const base = <usize>row * <usize>size;
    const t = tp + (base << 3);
    const y = yp + (base << 3);
    const d = dp + (base << 3);
    let acc0 = f64x2.splat(0);
    let acc1 = f64x2.splat(0);
    let k = 0;
    for (; k + 4 <= size; k += 4) {
      const off = <usize>k << 3;
      acc0 = f64x2.add(acc0, f64x2.mul(cv, v128.load(t + off)));
      acc1 = f64x2.add(acc1, f64x2.mul(cv, v128.load(t + off, 16)));
    }
    let s: f64 = (f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1)) +
      (f64x2.extract_lane(acc1, 0) + f64x2.extract_lane(acc1, 1));
    for (; k < size; k++) s += c * load<f64>(t + (<usize>k << 3));
    const sv = f64x2.splat(s);
    for (k = 0; k + 2 <= size; k += 2) {
      const off = <usize>k << 3;
      const ey = expd2b(v128.load(y + off), one, ln2hi, ln2lo, log2e, shifter, xmax, xmin, xlow, xhigh, c2, c3, c4, c5);
      v128.store(d + off, f64x2.sub(f64x2.mul(cv, v128.load(t + off)), f64x2.mul(ey, sv)));
    }
    for (; k < size; k++) {
      const off = <usize>k << 3;
      store<f64>(d + off, c * load<f64>(t + off) - expd1(load<f64>(y + off)) * s);
    }
  }
}

/**
 * softmax's float64 backward dx = y · (g − Σ g·y) over contiguous rows, the sum in 4 double
 * lanes.
 */
export function softmax_backward_f64(gp: usize, yp: usize, dp: usize, rows: i32, size: i32): void {
  for (let row = 0; row < rows; row++) {
    const base = <usize>row * <usize>size;
    const g = gp + (base << 3);
    const y = yp + (base << 3);
    const d = dp + (base << 3);
    let acc0 = f64x2.splat(0);
    let acc1 = f64x2.splat(0);
    let k = 0;
    for (; k + 4 <= size; k += 4) {
      const off = <usize>k << 3;
      acc0 = f64x2.add(acc0, f64x2.mul(v128.load(g + off), v128.load(y + off)));
      acc1 = f64x2.add(acc1, f64x2.mul(v128.load(g + off, 16), v128.load(y + off, 16)));
    }
    let t: f64 = (f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1)) +
      (f64x2.extract_lane(acc1, 0) + f64x2.extract_lane(acc1, 1));
    for (; k < size; k++) t += load<f64>(g + (<usize>k << 3)) * load<f64>(y + (<usize>k << 3));
    const tv = f64x2.splat(t);
    for (k = 0; k + 2 <= size; k += 2) {
      const off = <usize>k << 3;
      v128.store(d + off, f64x2.mul(v128.load(y + off), f64x2.sub(v128.load(g + off), tv)));
    }
    for (; k < size; k++) {
      const off = <usize>k << 3;
      store<f64>(d + off, load<f64>(y + off) * (load<f64>(g + off) - t));
    }
  }
}

// ---------------------------------------------------------------------------- GEMM
//
// C[b][i][j] = Σ_q A[b][i][q]·B[b][q][j] over a batch, for every product of the module
// (matmul, mm, bmm, mv, linear and their backward). A and B are read where they lie, through
// element strides (a transposed or broadcast operand is never copied), packed into panels of
// doubles, and multiplied by a 4×4 register tile in f64x2. Each C element is summed in double
// over q in increasing order and written in double (the caller rounds it once): bit for bit the
// reference loop's sums (lib/ops/linalg.ts's productReference). float32 products are exact in
// double, so for float32 sources a·b + c is relaxed SIMD's madd (one FMA where the CPU has it,
// a multiply and an add where it does not: the same bits either way); float64 sources multiply
// and add separately, as the reference does.
//
// Blocking (BLIS order): KC values of q and NC columns of B are packed at a time (a KC×NC
// panel, 512 KiB); for each MC rows of A (a 64×KC panel, 128 KiB, in L2), the 4-column
// micro-panels of B (8 KiB, in L1) sweep over the 4-row micro-panels of A.

const MR: i32 = 4;
const NR: i32 = 4;
const KC: i32 = 256;
const NC: i32 = 256;
const MC: i32 = 64;

/** Scratch bytes one thread's gemm call needs: packed A, packed B, a 4×4 edge tile. */
export function gemm_scratch_bytes(): i32 {
  return (MC * KC + KC * NC + MR * NR) * 8;
}

/** a·b + c in f64x2: fused (exact for products of floats) or a multiply and an add. */
// @ts-ignore: decorator
@inline
function madd2(a: v128, b: v128, c: v128, fused: bool): v128 {
  return fused ? f64x2.relaxed_madd(a, b, c) : f64x2.add(f64x2.mul(a, b), c);
}

/**
 * The 4×4 tile at cp (rows ldc bytes apart) += packed A panel × packed B panel over kc
 * (starting from zero unless `load`).
 */
// @ts-ignore: decorator
@inline
function micro(ap: usize, bp: usize, kc: i32, cp: usize, ldc: usize, load: bool, fused: bool): void {
  let c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128;
  const cp1 = cp + ldc;
  const cp2 = cp1 + ldc;
  const cp3 = cp2 + ldc;
  if (load) {
    c00 = v128.load(cp);
    c01 = v128.load(cp, 16);
    c10 = v128.load(cp1);
    c11 = v128.load(cp1, 16);
    c20 = v128.load(cp2);
    c21 = v128.load(cp2, 16);
    c30 = v128.load(cp3);
    c31 = v128.load(cp3, 16);
  } else {
    c00 = f64x2.splat(0);
    c01 = c00;
    c10 = c00;
    c11 = c00;
    c20 = c00;
    c21 = c00;
    c30 = c00;
    c31 = c00;
  }
  for (let q = 0; q < kc; q++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load64_splat(ap);
    c00 = madd2(a, b0, c00, fused);
    c01 = madd2(a, b1, c01, fused);
    a = v128.load64_splat(ap, 8);
    c10 = madd2(a, b0, c10, fused);
    c11 = madd2(a, b1, c11, fused);
    a = v128.load64_splat(ap, 16);
    c20 = madd2(a, b0, c20, fused);
    c21 = madd2(a, b1, c21, fused);
    a = v128.load64_splat(ap, 24);
    c30 = madd2(a, b0, c30, fused);
    c31 = madd2(a, b1, c31, fused);
    ap += 32;
    bp += 32;
  }
  v128.store(cp, c00);
  v128.store(cp, c01, 16);
  v128.store(cp1, c10);
  v128.store(cp1, c11, 16);
  v128.store(cp2, c20);
  v128.store(cp2, c21, 16);
  v128.store(cp3, c30);
  v128.store(cp3, c31, 16);
}

/**
 * Packs rows [i0, i0 + mc) and columns [q0, q0 + kc) of A (element (i, q) at
 * a + (off + i·rs + q·cs)·sizeof<T>) as doubles in panels of MR rows: panel p holds, for each
 * q, its MR rows' values (zero past the last row).
 */
// @ts-ignore: decorator
@inline
function packA<T>(a: usize, off: i32, rs: i32, cs: i32, i0: i32, mc: i32, q0: i32, kc: i32, ap: usize): void {
  for (let ip = 0; ip < mc; ip += MR) {
    const panel = ap + (<usize>ip * kc << 3);
    for (let r = 0; r < MR; r++) {
      let dst = panel + (<usize>r << 3);
      if (ip + r < mc) {
        let src = a + (<usize>(off + (i0 + ip + r) * rs + q0 * cs) * sizeof<T>());
        const step = <usize>cs * sizeof<T>();
        for (let q = 0; q < kc; q++) {
          store<f64>(dst, <f64>load<T>(src));
          src += step;
          dst += 32;
        }
      } else {
        for (let q = 0; q < kc; q++) {
          store<f64>(dst, 0);
          dst += 32;
        }
      }
    }
  }
}

/**
 * Packs rows [q0, q0 + kc) and columns [j0, j0 + nc) of B as doubles in panels of NR columns:
 * panel p holds, for each q, its NR columns' values (zero past the last column).
 */
// @ts-ignore: decorator
@inline
function packB<T>(b: usize, off: i32, rs: i32, cs: i32, q0: i32, kc: i32, j0: i32, nc: i32, bp: usize): void {
  for (let jp = 0; jp < nc; jp += NR) {
    const panel = bp + (<usize>jp * kc << 3);
    if (jp + NR <= nc && cs == 1) {
      // Four neighbouring columns of each row.
      let src = b + (<usize>(off + q0 * rs + j0 + jp) * sizeof<T>());
      const step = <usize>rs * sizeof<T>();
      let dst = panel;
      for (let q = 0; q < kc; q++) {
        store<f64>(dst, <f64>load<T>(src));
        store<f64>(dst, <f64>load<T>(src, sizeof<T>()), 8);
        store<f64>(dst, <f64>load<T>(src, 2 * sizeof<T>()), 16);
        store<f64>(dst, <f64>load<T>(src, 3 * sizeof<T>()), 24);
        src += step;
        dst += 32;
      }
      continue;
    }
    for (let c = 0; c < NR; c++) {
      let dst = panel + (<usize>c << 3);
      if (jp + c < nc) {
        let src = b + (<usize>(off + q0 * rs + (j0 + jp + c) * cs) * sizeof<T>());
        const step = <usize>rs * sizeof<T>();
        for (let q = 0; q < kc; q++) {
          store<f64>(dst, <f64>load<T>(src));
          src += step;
          dst += 32;
        }
      } else {
        for (let q = 0; q < kc; q++) {
          store<f64>(dst, 0);
          dst += 32;
        }
      }
    }
  }
}

/**
 * Rows [r0, r1) of the products of batch items [b0, b1) into C (double, item b at
 * c + b·n·m·8, rows m doubles apart). offs holds each item's element offsets of A and B (two
 * i32s). k ≥ 1. `scratch` is this thread's gemm_scratch_bytes() of scratch.
 */
// @ts-ignore: decorator
@inline
function gemm<T>(
  a: usize, b: usize, offs: usize, c: usize, n: i32, k: i32, m: i32, rsA: i32, csA: i32,
  rsB: i32, csB: i32, b0: i32, b1: i32, r0: i32, r1: i32, scratch: usize,
): void {
  const fused = sizeof<T>() == 4;
  const ap = scratch;
  const bp = ap + (<usize>(MC * KC) << 3);
  const tile = bp + (<usize>(KC * NC) << 3);
  const ldc = <usize>m << 3;
  for (let bt = b0; bt < b1; bt++) {
    const aOff = load<i32>(offs + (<usize>bt << 3));
    const bOff = load<i32>(offs + (<usize>bt << 3), 4);
    const cb = c + <usize>bt * <usize>n * ldc;
    for (let jc = 0; jc < m; jc += NC) {
      const nc = min(NC, m - jc);
      for (let pc = 0; pc < k; pc += KC) {
        const kc = min(KC, k - pc);
        const more = pc > 0;
        packB<T>(b, bOff, rsB, csB, pc, kc, jc, nc, bp);
        for (let ic = r0; ic < r1; ic += MC) {
          const mc = min(MC, r1 - ic);
          packA<T>(a, aOff, rsA, csA, ic, mc, pc, kc, ap);
          for (let jr = 0; jr < nc; jr += NR) {
            const nr = min(NR, nc - jr);
            const bpp = bp + (<usize>jr * kc << 3);
            for (let ir = 0; ir < mc; ir += MR) {
              const mr = min(MR, mc - ir);
              const app = ap + (<usize>ir * kc << 3);
              const cp = cb + <usize>(ic + ir) * ldc + (<usize>(jc + jr) << 3);
              if (mr == MR && nr == NR) {
                micro(app, bpp, kc, cp, ldc, more, fused);
              } else {
                if (more) {
                  for (let r = 0; r < mr; r++) {
                    for (let s = 0; s < nr; s++) {
                      store<f64>(tile + (<usize>(r * NR + s) << 3), load<f64>(cp + <usize>r * ldc + (<usize>s << 3)));
                    }
                  }
                }
                micro(app, bpp, kc, tile, NR << 3, more, fused);
                for (let r = 0; r < mr; r++) {
                  for (let s = 0; s < nr; s++) {
                    store<f64>(cp + <usize>r * ldc + (<usize>s << 3), load<f64>(tile + (<usize>(r * NR + s) << 3)));
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

/** gemm of float32 operands (double sums; see above). */
export function gemm_f32(
  a: usize, b: usize, offs: usize, c: usize, n: i32, k: i32, m: i32, rsA: i32, csA: i32,
  rsB: i32, csB: i32, b0: i32, b1: i32, r0: i32, r1: i32, scratch: usize,
): void {
  gemm<f32>(a, b, offs, c, n, k, m, rsA, csA, rsB, csB, b0, b1, r0, r1, scratch);
}

/** gemm of float64 operands (double sums, each product rounded before its add). */
export function gemm_f64(
  a: usize, b: usize, offs: usize, c: usize, n: i32, k: i32, m: i32, rsA: i32, csA: i32,
  rsB: i32, csB: i32, b0: i32, b1: i32, r0: i32, r1: i32, scratch: usize,
): void {
  gemm<f64>(a, b, offs, c, n, k, m, rsA, csA, rsB, csB, b0, b1, r0, r1, scratch);
}

// float32 accumulation (opt-in: set_float32_matmul_precision("high")): the same blocking with
// float32 panels, a 4×8 register tile in f32x4 and each C element summed in float32 over q in
// increasing order with relaxed SIMD's madd (fused where the CPU has FMA, as OpenBLAS's sgemm
// sums), written as float32. Twice the lanes of the double path.

const NR32: i32 = 8;

/** The 4×8 float32 tile at cp (rows ldc bytes apart) += A panel × B panel over kc. */
// @ts-ignore: decorator
@inline
function micro32(ap: usize, bp: usize, kc: i32, cp: usize, ldc: usize, load: bool): void {
  let c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128;
  const cp1 = cp + ldc;
  const cp2 = cp1 + ldc;
  const cp3 = cp2 + ldc;
  if (load) {
    c00 = v128.load(cp);
    c01 = v128.load(cp, 16);
    c10 = v128.load(cp1);
    c11 = v128.load(cp1, 16);
    c20 = v128.load(cp2);
    c21 = v128.load(cp2, 16);
    c30 = v128.load(cp3);
    c31 = v128.load(cp3, 16);
  } else {
    c00 = f32x4.splat(0);
    c01 = c00;
    c10 = c00;
    c11 = c00;
    c20 = c00;
    c21 = c00;
    c30 = c00;
    c31 = c00;
  }
  for (let q = 0; q < kc; q++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = f32x4.relaxed_madd(a, b0, c00);
    c01 = f32x4.relaxed_madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = f32x4.relaxed_madd(a, b0, c10);
    c11 = f32x4.relaxed_madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = f32x4.relaxed_madd(a, b0, c20);
    c21 = f32x4.relaxed_madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = f32x4.relaxed_madd(a, b0, c30);
    c31 = f32x4.relaxed_madd(a, b1, c31);
    ap += 16;
    bp += 32;
  }
  v128.store(cp, c00);
  v128.store(cp, c01, 16);
  v128.store(cp1, c10);
  v128.store(cp1, c11, 16);
  v128.store(cp2, c20);
  v128.store(cp2, c21, 16);
  v128.store(cp3, c30);
  v128.store(cp3, c31, 16);
}

/** packA for float32 panels (MR floats per q). */
// @ts-ignore: decorator
@inline
function packA32(a: usize, off: i32, rs: i32, cs: i32, i0: i32, mc: i32, q0: i32, kc: i32, ap: usize): void {
  for (let ip = 0; ip < mc; ip += MR) {
    const panel = ap + (<usize>ip * kc << 2);
    for (let r = 0; r < MR; r++) {
      let dst = panel + (<usize>r << 2);
      if (ip + r < mc) {
        let src = a + (<usize>(off + (i0 + ip + r) * rs + q0 * cs) << 2);
        const step = <usize>cs << 2;
        for (let q = 0; q < kc; q++) {
          store<f32>(dst, load<f32>(src));
          src += step;
          dst += 16;
        }
      } else {
        for (let q = 0; q < kc; q++) {
          store<f32>(dst, 0);
          dst += 16;
        }
      }
    }
  }
}

/** packB for float32 panels (NR32 floats per q). */
// @ts-ignore: decorator
@inline
function packB32(b: usize, off: i32, rs: i32, cs: i32, q0: i32, kc: i32, j0: i32, nc: i32, bp: usize): void {
  for (let jp = 0; jp < nc; jp += NR32) {
    const panel = bp + (<usize>jp * kc << 2);
    if (jp + NR32 <= nc && cs == 1) {
      let src = b + (<usize>(off + q0 * rs + j0 + jp) << 2);
      const step = <usize>rs << 2;
      let dst = panel;
      for (let q = 0; q < kc; q++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        src += step;
        dst += 32;
      }
      continue;
    }
    for (let c = 0; c < NR32; c++) {
      let dst = panel + (<usize>c << 2);
      if (jp + c < nc) {
        let src = b + (<usize>(off + q0 * rs + (j0 + jp + c) * cs) << 2);
        const step = <usize>rs << 2;
        for (let q = 0; q < kc; q++) {
          store<f32>(dst, load<f32>(src));
          src += step;
          dst += 32;
        }
      } else {
        for (let q = 0; q < kc; q++) {
          store<f32>(dst, 0);
          dst += 32;
        }
      }
    }
  }
}

/**
 * gemm_f32's arguments, summing in float32 into a float32 C (item b at c + b·n·m·4). Its
 * scratch is within gemm_scratch_bytes().
 */
export function gemm_f32_acc32(
  a: usize, b: usize, offs: usize, c: usize, n: i32, k: i32, m: i32, rsA: i32, csA: i32,
  rsB: i32, csB: i32, b0: i32, b1: i32, r0: i32, r1: i32, scratch: usize,
): void {
  const ap = scratch;
  const bp = ap + (<usize>(MC * KC) << 2);
  const tile = bp + (<usize>(KC * NC) << 2);
  const ldc = <usize>m << 2;
  for (let bt = b0; bt < b1; bt++) {
    const aOff = load<i32>(offs + (<usize>bt << 3));
    const bOff = load<i32>(offs + (<usize>bt << 3), 4);
    const cb = c + <usize>bt * <usize>n * ldc;
    for (let jc = 0; jc < m; jc += NC) {
      const nc = min(NC, m - jc);
      for (let pc = 0; pc < k; pc += KC) {
        const kc = min(KC, k - pc);
        const more = pc > 0;
        packB32(b, bOff, rsB, csB, pc, kc, jc, nc, bp);
        for (let ic = r0; ic < r1; ic += MC) {
          const mc = min(MC, r1 - ic);
          packA32(a, aOff, rsA, csA, ic, mc, pc, kc, ap);
          for (let jr = 0; jr < nc; jr += NR32) {
            const nr = min(NR32, nc - jr);
            const bpp = bp + (<usize>jr * kc << 2);
            for (let ir = 0; ir < mc; ir += MR) {
              const mr = min(MR, mc - ir);
              const app = ap + (<usize>ir * kc << 2);
              const cp = cb + <usize>(ic + ir) * ldc + (<usize>(jc + jr) << 2);
              if (mr == MR && nr == NR32) {
                micro32(app, bpp, kc, cp, ldc, more);
              } else {
                if (more) {
                  for (let r = 0; r < mr; r++) {
                    for (let s = 0; s < nr; s++) {
                      store<f32>(tile + (<usize>(r * NR32 + s) << 2), load<f32>(cp + <usize>r * ldc + (<usize>s << 2)));
                    }
                  }
                }
                micro32(app, bpp, kc, tile, NR32 << 2, more);
                for (let r = 0; r < mr; r++) {
                  for (let s = 0; s < nr; s++) {
                    store<f32>(cp + <usize>r * ldc + (<usize>s << 2), load<f32>(tile + (<usize>(r * NR32 + s) << 2)));
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

/** Where the JS side may put its buffers: the first 16-byte boundary past static data. */
export function scratch_base(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}
