// AssemblyScript source of kldiv's WebAssembly SIMD kernels (float32).
// Build: `deno task build:wasm` (writes lib/kernels/wasm_bytes.ts; tests check it is current).
//
// The JS side copies inputs into this module's memory, calls a kernel, and copies results out.
// Every kernel follows the reference loops' float32 rounding steps (lib/kl_div.ts,
// lib/softmax.ts); only log and exp differ: vectorised Cephes-style approximations here,
// within 2 ULP of the correctly rounded float32 result (tests/kernels_test.ts measures it).

// ---------------------------------------------------------------------------- log and exp

// @ts-ignore: decorator
@inline
function logf4(x: v128): v128 {
  // x = 2^e · m with m in [0.5, 1); lanes must be positive normal numbers.
  let e = i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(126));
  let m = v128.or(v128.and(x, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000));
  let ef = f32x4.convert_i32x4_s(e);
  // Move m into [√½, √2) around 1: below √½ double it and take one from the exponent.
  const small = f32x4.lt(m, f32x4.splat(0.70710678118654752));
  ef = f32x4.sub(ef, v128.and(small, f32x4.splat(1.0)));
  m = f32x4.sub(f32x4.add(m, v128.and(small, m)), f32x4.splat(1.0));
  const z = f32x4.mul(m, m);
  let y = f32x4.splat(7.0376836292e-2);
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-1.1514610310e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(1.1676998740e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-1.2420140846e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(1.4249322787e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-1.6668057665e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(2.0000714765e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-2.4999993993e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(3.3333331174e-1));
  y = f32x4.mul(f32x4.mul(y, m), z);
  y = f32x4.add(y, f32x4.mul(ef, f32x4.splat(-2.12194440e-4)));
  y = f32x4.sub(y, f32x4.mul(z, f32x4.splat(0.5)));
  return f32x4.add(f32x4.add(m, y), f32x4.mul(ef, f32x4.splat(0.693359375)));
}

// @ts-ignore: decorator
@inline
function expf4(x: v128): v128 {
  // Clamping keeps the scale exponents in range; pmin/pmax (one instruction each) keep a NaN
  // in their first operand.
  x = f32x4.pmax(f32x4.pmin(x, f32x4.splat(100.0)), f32x4.splat(-110.0));
  // k = round(x·log2 e) by the 1.5·2^23 shifter: the float holds k, its bits hold k too.
  const shifted = f32x4.add(f32x4.mul(x, f32x4.splat(1.44269504088896341)), f32x4.splat(12582912.0));
  const kf = f32x4.sub(shifted, f32x4.splat(12582912.0));
  const k = i32x4.sub(shifted, i32x4.splat(0x4b400000));
  // r = x − k·ln2 in two exact steps (k·0.693359375 is exact for |k| < 2^14).
  let r = f32x4.sub(x, f32x4.mul(kf, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(kf, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1.0));
  // 2^k as 2^k1 · 2^k2 so results down to the subnormals (and overflow to ∞) come out right.
  const k1 = i32x4.shr_s(k, 1);
  const k2 = i32x4.sub(k, k1);
  const s1 = i32x4.shl(i32x4.add(k1, i32x4.splat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(k2, i32x4.splat(127)), 23);
  return f32x4.mul(f32x4.mul(p, s1), s2);
}

/** exp of one float32 through the vector code, so scalar tails round like the vector body. */
// @ts-ignore: decorator
@inline
function expf1(x: f32): f32 {
  return f32x4.extract_lane(expf4(f32x4.splat(x)), 0);
}

/** Vector log and exp, for the accuracy tests: out[i] = log(x[i]) (positive normal x). */
export function log_f32(xp: usize, op: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    v128.store(op + (<usize>i << 2), logf4(v128.load(xp + (<usize>i << 2))));
  }
}

/** out[i] = exp(x[i]). */
export function exp_f32(xp: usize, op: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    v128.store(op + (<usize>i << 2), expf4(v128.load(xp + (<usize>i << 2))));
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

/**
 * The pointwise kl_div terms fround(fround(t·log t) − fround(t·x)) of n elements, written to
 * op unless it is 0; returns their sum accumulated in double.
 */
export function kl_div_f32(xp: usize, tp: usize, op: usize, n: i32): f64 {
  let acc0 = f64x2.splat(0);
  let acc1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    const t = v128.load(tp + off);
    const x = v128.load(xp + off);
    // Positive normal targets take the vector log; a group with any other lane goes scalar.
    const normal = i32x4.lt_u(i32x4.sub(t, i32x4.splat(0x00800000)), i32x4.splat(0x7f000000));
    let v: v128;
    if (i32x4.all_true(normal)) {
      v = f32x4.sub(f32x4.mul(t, logf4(t)), f32x4.mul(t, x));
    } else {
      v = f32x4.splat(0);
      v = f32x4.replace_lane(v, 0, klTerm(f32x4.extract_lane(x, 0), f32x4.extract_lane(t, 0)));
      v = f32x4.replace_lane(v, 1, klTerm(f32x4.extract_lane(x, 1), f32x4.extract_lane(t, 1)));
      v = f32x4.replace_lane(v, 2, klTerm(f32x4.extract_lane(x, 2), f32x4.extract_lane(t, 2)));
      v = f32x4.replace_lane(v, 3, klTerm(f32x4.extract_lane(x, 3), f32x4.extract_lane(t, 3)));
    }
    if (op != 0) v128.store(op + off, v);
    acc0 = f64x2.add(acc0, f64x2.promote_low_f32x4(v));
    acc1 = f64x2.add(acc1, f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)));
  }
  let s = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1) +
    f64x2.extract_lane(acc1, 0) + f64x2.extract_lane(acc1, 1);
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const v = klTerm(load<f32>(xp + off), load<f32>(tp + off));
    if (op != 0) store<f32>(op + off, v);
    s += <f64>v;
  }
  return s;
}

// ---------------------------------------------------------------------------- softmax

/**
 * softmax (log = 0) or log_softmax (log = 1) of `rows` contiguous rows of `size` floats,
 * following lib/softmax.ts: max; e = exp(x − m) summed in torch's 8 float32 lanes; then
 * e · (1/s) or (x − m) − log s.
 */
export function softmax_f32(xp: usize, op: usize, rows: i32, size: i32, log: i32): void {
  for (let row = 0; row < rows; row++) {
    const base = <usize>row * <usize>size;
    const x = xp + (base << 2);
    const o = op + (base << 2);
    // max, NaN if any element is NaN
    let m: f32 = -Infinity;
    let k = 0;
    if (size >= 4) {
      // pmax is one instruction but drops NaN, so NaN lanes are tracked on the side.
      let mv = v128.load(x);
      let nan = f32x4.ne(mv, mv);
      for (k = 4; k + 4 <= size; k += 4) {
        const v = v128.load(x + (<usize>k << 2));
        mv = f32x4.pmax(mv, v);
        nan = v128.or(nan, f32x4.ne(v, v));
      }
      m = max(max(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)),
        max(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)));
      if (v128.any_true(nan)) m = NaN;
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
      let lo = expf4(f32x4.sub(v128.load(x), mv));
      let hi = expf4(f32x4.sub(v128.load(x, 16), mv));
      if (!log) {
        v128.store(o, lo);
        v128.store(o, hi, 16);
      }
      for (k = 8; k + 8 <= size; k += 8) {
        const off = <usize>k << 2;
        const e0 = expf4(f32x4.sub(v128.load(x + off), mv));
        const e1 = expf4(f32x4.sub(v128.load(x + off, 16), mv));
        if (!log) {
          v128.store(o + off, e0);
          v128.store(o + off, e1, 16);
        }
        lo = f32x4.add(lo, e0);
        hi = f32x4.add(hi, e1);
      }
      const lanes = memory.data(32);
      v128.store(lanes, lo);
      v128.store(lanes, hi, 16);
      for (let j: usize = 0; k < size; k++, j++) {
        const e = expf1(load<f32>(x + (<usize>k << 2)) - m);
        if (!log) store<f32>(o + (<usize>k << 2), e);
        store<f32>(lanes + (j << 2), load<f32>(lanes + (j << 2)) + e);
      }
      s = load<f32>(lanes);
      for (let j: usize = 1; j < 8; j++) s += load<f32>(lanes + (j << 2));
    }
    // the output pass
    if (log) {
      const logS = <f32>Math.log(<f64>s);
      const lv = f32x4.splat(logS);
      for (k = 0; k + 4 <= size; k += 4) {
        const off = <usize>k << 2;
        v128.store(o + off, f32x4.sub(f32x4.sub(v128.load(x + off), mv), lv));
      }
      for (; k < size; k++) {
        const off = <usize>k << 2;
        store<f32>(o + off, (load<f32>(x + off) - m) - logS);
      }
    } else {
      const r: f32 = 1 / s;
      const rv = f32x4.splat(r);
      for (k = 0; k + 4 <= size; k += 4) {
        const off = <usize>k << 2;
        v128.store(o + off, f32x4.mul(v128.load(o + off), rv));
      }
      for (; k < size; k++) {
        const off = <usize>k << 2;
        store<f32>(o + off, load<f32>(o + off) * r);
      }
    }
  }
}

/**
 * log_softmax's backward over contiguous rows: dx = g − exp(y) · Σ g, the row sum taken in
 * double (in four partial sums), the product and difference in float32.
 */
export function log_softmax_backward_f32(gp: usize, yp: usize, dp: usize, rows: i32, size: i32): void {
  for (let row = 0; row < rows; row++) {
    const base = <usize>row * <usize>size;
    const g = gp + (base << 2);
    const y = yp + (base << 2);
    const d = dp + (base << 2);
    let acc0 = f64x2.splat(0);
    let acc1 = f64x2.splat(0);
    let k = 0;
    for (; k + 4 <= size; k += 4) {
      const gv = v128.load(g + (<usize>k << 2));
      acc0 = f64x2.add(acc0, f64x2.promote_low_f32x4(gv));
      acc1 = f64x2.add(acc1, f64x2.promote_low_f32x4(i32x4.shuffle(gv, gv, 2, 3, 0, 1)));
    }
    let t: f64 = (f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc1, 0)) +
      (f64x2.extract_lane(acc0, 1) + f64x2.extract_lane(acc1, 1));
    for (; k < size; k++) t += <f64>load<f32>(g + (<usize>k << 2));
    const tf = <f32>t;
    const tv = f32x4.splat(tf);
    for (k = 0; k + 4 <= size; k += 4) {
      const off = <usize>k << 2;
      const e = expf4(v128.load(y + off));
      v128.store(d + off, f32x4.sub(v128.load(g + off), f32x4.mul(e, tv)));
    }
    for (; k < size; k++) {
      const off = <usize>k << 2;
      store<f32>(d + off, load<f32>(g + off) - expf1(load<f32>(y + off)) * tf);
    }
  }
}

/** Where the JS side may put its buffers: the first 16-byte boundary past static data. */
export function scratch_base(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}
