/**
 * Property-based tests over generated shapes (0-dim to 4-D), dtypes and values, with a fixed
 * seed (see `arbitraries.ts`; `FC_SEED=<n>` replays another seed outside CI).
 */
import assert from "node:assert/strict";
import { type DType, F, nn, set_max_allocation_bytes, type Tensor, tensor, zeros } from "../mod.ts";
import {
  broadcastPairArb,
  dimArb,
  dtypeArb,
  epsOf,
  expand,
  fc,
  finiteArb,
  numel,
  params,
  rangeArb,
  referenceBroadcastShape,
  type Sample,
  sampleArb,
  shapeArb,
  toTensor,
  valuesArb,
} from "./arbitraries.ts";
import { gradcheck } from "./gradcheck.ts";
import { elems } from "./values.ts";

/** The smallest subnormal of a dtype: the absolute rounding step near 0. */
const tinyOf = (dtype: DType) => (dtype === "float32" ? 2 ** -149 : 2 ** -1074);

type Reduction = "none" | "sum" | "mean" | "batchmean";
const REDUCTIONS: Reduction[] = ["none", "sum", "mean", "batchmean"];

/** Slices of `shape` along `dim` as [outer, size, inner], computed here, not by the library. */
function slices(shape: readonly number[], dim: number): [number, number, number] {
  if (shape.length === 0) return [1, 1, 1];
  const d = dim < 0 ? dim + shape.length : dim;
  return [numel(shape.slice(0, d)), shape[d], numel(shape.slice(d + 1))];
}

/** Calls `visit(indices)` with the flat indices of each slice along `dim`. */
function eachSlice(shape: readonly number[], dim: number, visit: (idx: number[]) => void) {
  const [outer, size, inner] = slices(shape, dim);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      visit(Array.from({ length: size }, (_, k) => o * size * inner + k * inner + i));
    }
  }
}

/** Probabilities along the last dim from nonnegative weights (a zero row gets weight 1 first). */
function normaliseRows(weights: number[], shape: readonly number[]): number[] {
  const p = [...weights];
  eachSlice(shape, -1, (idx) => {
    let s = idx.reduce((acc, i) => acc + p[i], 0);
    if (s === 0) {
      p[idx[0]] = 1;
      s = 1;
    }
    for (const i of idx) p[i] /= s;
  });
  return p;
}

const weightArb = fc.oneof(fc.constant(0), rangeArb(1e-3, 10));
const positiveWeightArb = rangeArb(1e-3, 10);

/** P and Q (1-D to 4-D, distributions along the last dim), Q positive; P may have zeros. */
function distributionPairArb(pWeights = weightArb) {
  return fc.tuple(shapeArb({ minDims: 1 }), dtypeArb).chain(([shape, dtype]) =>
    fc.tuple(valuesArb(pWeights, numel(shape)), valuesArb(positiveWeightArb, numel(shape))).map((
      [wp, wq],
    ) => ({ shape, dtype, p: normaliseRows(wp, shape), q: normaliseRows(wq, shape) }))
  );
}

const make = (values: number[], shape: number[], dtype: DType) =>
  tensor(new Float64Array(values), { shape, dtype });

Deno.test("property: KL(P‖Q) ≥ 0 for valid distributions, per row and summed", () => {
  fc.assert(
    fc.property(distributionPairArb(), ({ shape, dtype, p, q }) => {
      const logQ = q.map(Math.log);
      const pointwise = F.kl_div(make(logQ, shape, dtype), make(p, shape, dtype), {
        reduction: "none",
      });
      const eps = epsOf(dtype);
      let total = 0;
      let totalTol = 0;
      eachSlice(shape, -1, (idx) => {
        let kl = 0;
        let tol = 0;
        for (const i of idx) {
          kl += elems(pointwise)[i];
          tol += 8 * eps * (Math.abs(p[i] * Math.log(p[i] || 1)) + Math.abs(p[i] * logQ[i]) + p[i]);
        }
        assert.ok(kl >= -tol, `row KL ${kl} < 0 (tolerance ${tol})`);
        total += kl;
        totalTol += tol;
      });
      const summed = F.kl_div(make(logQ, shape, dtype), make(p, shape, dtype), {
        reduction: "sum",
      }).item();
      assert.ok(summed >= -totalTol, `summed KL ${summed} < 0`);
      assert.ok(Math.abs(summed - total) <= totalTol + 1e-300, `sum ${summed} ≠ Σ rows ${total}`);
    }),
    params(300),
  );
});

Deno.test("property: KL(P‖P) = 0, and exactly 0 with log_target", () => {
  fc.assert(
    fc.property(distributionPairArb(positiveWeightArb), ({ shape, dtype, p }) => {
      const logP = make(p.map(Math.log), shape, dtype);
      const probs = make(p, shape, dtype);
      const eps = epsOf(dtype);
      const kl = F.kl_div(logP, probs, { reduction: "sum" }).item();
      const tol = 8 * eps * p.reduce((s, v) => s + Math.abs(v * Math.log(v)) + v, 0);
      assert.ok(Math.abs(kl) <= tol, `KL(P‖P) = ${kl}, tolerance ${tol}`);
      const viaLog = F.kl_div(logP, logP, { reduction: "none", log_target: true });
      assert.ok(viaLog.toTypedArray().every((v) => v === 0), `log_target KL(P‖P) = ${viaLog}`);
    }),
    params(300),
  );
});

Deno.test("property: kl_div with log_target on log-probabilities equals kl_div on probabilities", () => {
  fc.assert(
    fc.property(
      distributionPairArb(positiveWeightArb),
      fc.constantFrom(...REDUCTIONS),
      ({ shape, dtype, p, q }, reduction) => {
        const input = make(q.map(Math.log), shape, dtype);
        const logP = make(p.map(Math.log), shape, dtype);
        const probs = make(p, shape, dtype);
        const a = F.kl_div(input, logP, { reduction, log_target: true });
        const b = F.kl_div(input, probs, { reduction });
        assert.deepEqual(a.shape, b.shape);
        const eps = epsOf(dtype);
        // Per-element tolerance, reduced the way the reduction reduces.
        const tolPoint = p.map((v, i) =>
          8 * eps * (Math.abs(v * Math.log(v)) + Math.abs(v * elems(input)[i]) + v)
        );
        const tolSum = tolPoint.reduce((s, t) => s + t, 0);
        const tol = reduction === "none"
          ? tolPoint
          : [reduction === "sum" ? tolSum : tolSum / (reduction === "mean" ? p.length : shape[0])];
        for (let i = 0; i < a.numel(); i++) {
          const diff = Math.abs(elems(a)[i] - elems(b)[i]);
          assert.ok(diff <= tol[i] + 1e-300, `${reduction}: ${elems(a)[i]} vs ${elems(b)[i]}`);
        }
      },
    ),
    params(300),
  );
});

const softmaxSampleArb = sampleArb(shapeArb(), finiteArb).chain((s) =>
  dimArb(s.shape.length).map((dim) => [s, dim] as [Sample, number])
);

Deno.test("property: softmax sums to 1 along its dim; neither softmax nor log_softmax gives NaN for finite input", () => {
  fc.assert(
    fc.property(softmaxSampleArb, ([s, dim]) => {
      const x = toTensor(s);
      const y = F.softmax(x, dim);
      const logY = F.log_softmax(x, dim);
      assert.deepEqual(y.shape, s.shape);
      assert.deepEqual(logY.shape, s.shape);
      assert.equal(y.dtype, s.dtype);
      assert.ok(!y.toTypedArray().some(Number.isNaN), `softmax gave NaN: ${y}`);
      assert.ok(!logY.toTypedArray().some(Number.isNaN), `log_softmax gave NaN: ${logY}`);
      assert.ok(y.toTypedArray().every((v) => v >= 0 && v <= 1), `softmax outside [0, 1]: ${y}`);
      assert.ok(logY.toTypedArray().every((v) => v <= 0), `log_softmax above 0: ${logY}`);
      const eps = epsOf(s.dtype);
      eachSlice(s.shape, dim, (idx) => {
        const total = idx.reduce((acc, i) => acc + elems(y)[i], 0);
        const tol = 2 * (idx.length + 4) * eps;
        assert.ok(Math.abs(total - 1) <= tol, `slice along dim ${dim} sums to ${total}`);
      });
    }),
    params(500),
  );
});

Deno.test("property: log_softmax = log(softmax) wherever softmax does not underflow", () => {
  const minNormal: Record<string, number> = { float32: 2 ** -126, float64: 2 ** -1022 };
  fc.assert(
    fc.property(softmaxSampleArb, ([s, dim]) => {
      const x = toTensor(s);
      const y = F.softmax(x, dim);
      const logY = F.log_softmax(x, dim);
      const eps = epsOf(s.dtype);
      for (let i = 0; i < y.numel(); i++) {
        if (elems(y)[i] < minNormal[s.dtype]) continue;
        const expected = Math.log(elems(y)[i]);
        const tol = 8 * eps * (1 + Math.abs(expected));
        assert.ok(
          Math.abs(elems(logY)[i] - expected) <= tol,
          `log_softmax ${elems(logY)[i]} vs log(softmax) ${expected} at ${i}`,
        );
      }
    }),
    params(500),
  );
});

const BINARY = {
  add: (a: Tensor, b: Tensor) => a.add(b),
  sub: (a: Tensor, b: Tensor) => a.sub(b),
  mul: (a: Tensor, b: Tensor) => a.mul(b),
  div: (a: Tensor, b: Tensor) => a.div(b),
  xlogy: (a: Tensor, b: Tensor) => a.xlogy(b),
};

/** Two broadcast-compatible samples of one dtype, values including 0, −0 and negatives. */
const broadcastSampleArb = fc.tuple(broadcastPairArb(), dtypeArb).chain(([[sa, sb], dtype]) => {
  const v = fc.oneof(rangeArb(-5, 5), fc.constantFrom(0, -0, 1));
  return fc.tuple(valuesArb(v, numel(sa)), valuesArb(v, numel(sb))).map(([va, vb]) => ({
    a: { shape: sa, dtype, values: va },
    b: { shape: sb, dtype, values: vb },
  }));
});

/** Sums `grad` (shaped `outShape`) back onto `shape`: the reference for broadcast backward. */
function fold(grad: ArrayLike<number>, outShape: number[], shape: number[]): number[] {
  const index = expand(Array.from({ length: numel(shape) }, (_, i) => i), shape, outShape);
  const out = new Array<number>(numel(shape)).fill(0);
  for (let i = 0; i < index.length; i++) out[index[i]] += grad[i];
  return out;
}

Deno.test("property: broadcasting equals explicit expansion, forward and backward", () => {
  fc.assert(
    fc.property(
      broadcastSampleArb,
      fc.constantFrom(...Object.keys(BINARY) as (keyof typeof BINARY)[]),
      ({ a, b }, op) => {
        const outShape = referenceBroadcastShape(a.shape, b.shape);
        const ta = toTensor(a, true);
        const tb = toTensor(b, true);
        const ea = make(expand(a.values, a.shape, outShape), outShape, a.dtype);
        const eb = make(expand(b.values, b.shape, outShape), outShape, b.dtype);
        ea.requires_grad = true;
        eb.requires_grad = true;
        const got = BINARY[op](ta, tb);
        const want = BINARY[op](ea, eb);
        assert.deepEqual(got.shape, outShape);
        for (let i = 0; i < want.numel(); i++) {
          assert.ok(Object.is(elems(got)[i], elems(want)[i]), `${op} at ${i}: ${got} vs ${want}`);
        }
        // Backward: the broadcast operand's gradient is the expanded one's, summed back.
        const w = make(
          Array.from({ length: numel(outShape) }, (_, i) => 0.5 + 0.37 * i),
          outShape,
          a.dtype,
        );
        got.backward(w);
        want.backward(w);
        const eps = epsOf(a.dtype);
        for (const [leaf, expanded, shape] of [[ta, ea, a.shape], [tb, eb, b.shape]] as const) {
          // The library sums in double and rounds once to the dtype; so does the reference.
          const round = a.dtype === "float32" ? Math.fround : (v: number) => v;
          const expected = fold(expanded.grad!.toTypedArray(), outShape, shape).map(round);
          const actual = leaf.grad!;
          assert.deepEqual(actual.shape, shape);
          for (let i = 0; i < expected.length; i++) {
            const e = expected[i];
            const g = elems(actual)[i];
            const ok = (Number.isNaN(e) && Number.isNaN(g)) || e === g ||
              Math.abs(g - e) <= 4 * eps * numel(outShape) * Math.max(1, Math.abs(e));
            assert.ok(ok, `${op} grad at ${i}: ${g} vs ${e}`);
          }
        }
      },
    ),
    params(500),
  );
});

const reductionSampleArb = sampleArb(
  shapeArb({ minSize: 0 }),
  () => fc.oneof(rangeArb(-1e3, 1e3), fc.constantFrom(0, -0)),
).chain((s) =>
  fc.tuple(
    fc.constant(s),
    fc.oneof(
      fc.constant(undefined),
      fc.subarray(s.shape.map((_, i) => i)).chain((dims) =>
        fc.tuple(...dims.map((d) => fc.constantFrom(d, d - s.shape.length)))
      ),
    ),
    fc.boolean(),
  )
);

Deno.test("property: sum = mean·numel over all elements and over any dims", () => {
  fc.assert(
    fc.property(reductionSampleArb, ([s, dims, keepdim]) => {
      const x = toTensor(s);
      const total = dims === undefined ? x.sum() : x.sum(dims, keepdim);
      const mean = dims === undefined ? x.mean() : x.mean(dims, keepdim);
      const nd = s.shape.length;
      const count = dims === undefined
        ? numel(s.shape)
        : dims.reduce((n, d) => n * s.shape[d < 0 ? d + nd : d], 1);
      assert.deepEqual(mean.shape, total.shape);
      const eps = epsOf(s.dtype);
      for (let i = 0; i < total.numel(); i++) {
        if (count === 0) {
          assert.ok(Number.isNaN(elems(mean)[i]), `mean over no elements is ${elems(mean)[i]}`);
          assert.equal(elems(total)[i], 0);
          continue;
        }
        const expected = elems(total)[i];
        const got = elems(mean)[i] * count;
        const tol = 4 * eps * Math.abs(expected) + count * tinyOf(s.dtype);
        assert.ok(Math.abs(got - expected) <= tol, `mean·${count} = ${got} vs sum ${expected}`);
      }
    }),
    params(500),
  );
});

Deno.test("property: kl_div 'batchmean'·shape[0] = 'sum' = 'mean'·numel", () => {
  const arb = fc.tuple(shapeArb({ minSize: 0 }), dtypeArb).chain(([shape, dtype]) =>
    fc.tuple(
      valuesArb(rangeArb(-10, 0), numel(shape)),
      valuesArb(fc.oneof(fc.constant(0), rangeArb(0, 1)), numel(shape)),
    ).map(([input, target]) => ({ shape, dtype, input, target }))
  );
  fc.assert(
    fc.property(arb, ({ shape, dtype, input, target }) => {
      const x = make(input, shape, dtype);
      const t = make(target, shape, dtype);
      const sum = F.kl_div(x, t, { reduction: "sum" }).item();
      const mean = F.kl_div(x, t, { reduction: "mean" }).item();
      const batchmean = F.kl_div(x, t, { reduction: "batchmean" }).item();
      const n = numel(shape);
      const batch = shape.length === 0 ? 1 : shape[0];
      const tol = 4 * epsOf(dtype) * Math.abs(sum) + n * tinyOf(dtype);
      if (n === 0) assert.ok(Number.isNaN(mean), `mean of empty kl_div is ${mean}`);
      else assert.ok(Math.abs(mean * n - sum) <= tol, `mean·${n} = ${mean * n} vs sum ${sum}`);
      if (batch === 0) assert.ok(Number.isNaN(batchmean));
      else {
        assert.ok(
          Math.abs(batchmean * batch - sum) <= tol,
          `batchmean·${batch} = ${batchmean * batch} vs sum ${sum}`,
        );
      }
    }),
    params(500),
  );
});

// ---- Gradients: float64 central differences for every differentiable op and composition.

type GradCase = { f: (...xs: Tensor[]) => Tensor; inputs: number[][] };
const GRAD_TOL = 1e-6;
const gradShape = shapeArb({ maxSize: 3 });
const nonzero = fc.oneof(rangeArb(-3, -0.05), rangeArb(0.05, 3));
const anyValue = rangeArb(-3, 3);
const positive = rangeArb(0.1, 3);

function unaryCase(values: fc.Arbitrary<number>, op: (x: Tensor) => Tensor) {
  return gradShape.chain((shape) =>
    valuesArb(values, numel(shape)).map((v): GradCase => ({
      f: (a) => op(a.reshape(shape)),
      inputs: [v],
    }))
  );
}

function binaryCase(
  va: fc.Arbitrary<number>,
  vb: fc.Arbitrary<number>,
  op: (a: Tensor, b: Tensor) => Tensor,
) {
  return broadcastPairArb(3).chain(([sa, sb]) =>
    fc.tuple(valuesArb(va, numel(sa)), valuesArb(vb, numel(sb))).map(([a, b]): GradCase => ({
      f: (x, y) => op(x.reshape(sa), y.reshape(sb)),
      inputs: [a, b],
    }))
  );
}

function withDim(values: fc.Arbitrary<number>, op: (x: Tensor, dim: number) => Tensor) {
  return gradShape.chain((shape) =>
    fc.tuple(valuesArb(values, numel(shape)), dimArb(shape.length)).map(([v, dim]): GradCase => ({
      f: (a) => op(a.reshape(shape), dim),
      inputs: [v],
    }))
  );
}

/** Logits pairs of one shape with at least one dim (a batch along dim 0, classes along −1). */
function logitsPair(op: (a: Tensor, b: Tensor) => Tensor, minDims = 1) {
  return shapeArb({ minDims, maxSize: 3 }).chain((shape) =>
    fc.tuple(valuesArb(anyValue, numel(shape)), valuesArb(anyValue, numel(shape))).map((
      [a, b],
    ): GradCase => ({ f: (x, y) => op(x.reshape(shape), y.reshape(shape)), inputs: [a, b] }))
  );
}

const reduceCase = (kind: "sum" | "mean") =>
  gradShape.chain((shape) =>
    fc.tuple(
      valuesArb(anyValue, numel(shape)),
      shape.length === 0
        ? fc.constant(null)
        : fc.option(fc.subarray(shape.map((_, i) => i), { minLength: 1 })),
      fc.boolean(),
    ).map(([v, dims, keepdim]): GradCase => ({
      f: (a) => dims === null ? a.reshape(shape)[kind]() : a.reshape(shape)[kind](dims, keepdim),
      inputs: [v],
    }))
  );

const gradCases: [string, fc.Arbitrary<GradCase>][] = [
  ["neg", unaryCase(anyValue, (x) => x.neg())],
  ["exp", unaryCase(anyValue, (x) => x.exp())],
  ["log", unaryCase(positive, (x) => x.log())],
  ["reshape(-1)", unaryCase(anyValue, (x) => x.reshape(-1).mul(x.reshape(-1)))],
  ["clone", unaryCase(anyValue, (x) => x.clone().mul(x))],
  ["add (broadcast)", binaryCase(anyValue, anyValue, (a, b) => a.add(b))],
  ["sub (broadcast)", binaryCase(anyValue, anyValue, (a, b) => a.sub(b))],
  ["mul (broadcast)", binaryCase(anyValue, anyValue, (a, b) => a.mul(b))],
  ["div (broadcast)", binaryCase(anyValue, nonzero, (a, b) => a.div(b))],
  ["xlogy (broadcast)", binaryCase(nonzero, positive, (a, b) => a.xlogy(b))],
  ["add a number", unaryCase(anyValue, (x) => x.add(2.5))],
  ["div by a number", unaryCase(anyValue, (x) => x.div(-3))],
  ["sum (all or dims, keepdim)", reduceCase("sum")],
  ["mean (all or dims, keepdim)", reduceCase("mean")],
  ["softmax along any dim", withDim(anyValue, (x, d) => F.softmax(x, d))],
  ["log_softmax along any dim", withDim(anyValue, (x, d) => F.log_softmax(x, d))],
  ["x.softmax(dim).log()", withDim(anyValue, (x, d) => x.softmax(d).log())],
];
for (const reduction of REDUCTIONS) {
  cases(reduction);
}
function cases(reduction: Reduction) {
  gradCases.push(
    [
      `kl_div ${reduction} (broadcast)`,
      binaryCase(anyValue, positive, (a, b) => F.kl_div(a, b, { reduction })),
    ],
    [
      `kl_div ${reduction} log_target (broadcast)`,
      binaryCase(anyValue, anyValue, (a, b) => F.kl_div(a, b, { reduction, log_target: true })),
    ],
    [
      `nn.KLDivLoss ${reduction} of log_softmax and softmax`,
      logitsPair((a, b) => nn.KLDivLoss({ reduction })(F.log_softmax(a, -1), F.softmax(b, -1))),
    ],
  );
}
gradCases.push(
  [
    "method 3: (p·(log p − log_softmax(x))).mean()",
    logitsPair((x, t) => {
      const p = F.softmax(t, -1);
      return p.mul(p.log().sub(F.log_softmax(x, -1))).mean();
    }),
  ],
  [
    "method 4: (p·(log_softmax(t) − log_softmax(x))).mean()",
    logitsPair((x, t) => {
      const p = F.softmax(t, -1);
      return p.mul(F.log_softmax(t, -1).sub(F.log_softmax(x, -1))).mean();
    }),
  ],
  [
    "KL in bits: kl_div(sum) / ln 2",
    logitsPair((x, t) =>
      F.kl_div(F.log_softmax(x, -1), F.softmax(t, -1), { reduction: "sum" }).div(Math.LN2)
    ),
  ],
  [
    "cross entropy by hand: −(p·log_softmax(x)).sum(−1).mean()",
    logitsPair((x, t) => F.softmax(t, -1).mul(F.log_softmax(x, -1)).sum(-1).mean().neg()),
  ],
  [
    "symmetric KL: kl(P‖Q) + kl(Q‖P), batchmean",
    logitsPair((x, t) => {
      const lx = F.log_softmax(x, -1);
      const lt = F.log_softmax(t, -1);
      const opts = { reduction: "batchmean", log_target: true } as const;
      return F.kl_div(lx, lt, opts).add(F.kl_div(lt, lx, opts));
    }),
  ],
);

for (const [name, arb] of gradCases) {
  Deno.test(`property: gradient of ${name} matches float64 central differences`, () => {
    fc.assert(
      fc.property(arb, ({ f, inputs }) => {
        const worst = gradcheck(f, inputs);
        assert.ok(worst < GRAD_TOL, `worst relative error ${worst}`);
      }),
      params(50),
    );
  });
}

// ---- Printing.

/** Shapes up to 4-D including empty dims, sometimes big enough to be summarised. */
const printSampleArb = fc.tuple(
  fc.oneof(shapeArb({ minSize: 0, maxSize: 4 }), shapeArb({ minDims: 2, maxSize: 12 })),
  dtypeArb,
  fc.boolean(),
).chain(([shape, dtype, requiresGrad]) => {
  const value = fc.oneof(
    finiteArb(dtype),
    fc.constantFrom(NaN, Infinity, -Infinity, -0),
    fc.integer({ min: -1000, max: 1000 }),
  );
  // At most 64 generated values, tiled over the tensor.
  return valuesArb(value, Math.min(numel(shape), 64)).map((v) => ({
    shape,
    dtype,
    requiresGrad,
    values: Array.from({ length: numel(shape) }, (_, i) => v[i % v.length]),
  }));
});

/** The body of a repr (between `tensor(` and the suffixes) and the suffix text. */
function splitRepr(repr: string): { body: string; suffix: string } {
  assert.ok(repr.startsWith("tensor(") && repr.endsWith(")"), repr);
  const inner = repr.slice("tensor(".length, -1);
  if (!inner.startsWith("[")) {
    const comma = inner.indexOf(",");
    return comma < 0
      ? { body: inner, suffix: "" }
      : { body: inner.slice(0, comma), suffix: inner.slice(comma) };
  }
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === "[") depth++;
    if (inner[i] === "]" && --depth === 0) {
      return { body: inner.slice(0, i + 1), suffix: inner.slice(i + 1) };
    }
  }
  throw new Error(`unbalanced brackets in ${repr}`);
}

/** Parses a printed (non-summarised) body into nested numbers; nan and ±inf become null. */
function parseBody(body: string): unknown {
  const json = body
    .replace(/-?inf|nan/g, "null")
    .replace(/(\d)\.(?=[\s,\]]|$)/g, "$1.0");
  return JSON.parse(json);
}

function shapeOfNested(value: unknown): number[] {
  const shape: number[] = [];
  let level = value;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  return shape;
}

Deno.test("property: printing never throws and round-trips the shape, dtype and values", () => {
  fc.assert(
    fc.property(printSampleArb, ({ shape, dtype, requiresGrad, values }) => {
      const leaf = tensor(new Float64Array(values), { shape, dtype, requires_grad: requiresGrad });
      for (const t of requiresGrad ? [leaf, leaf.mul(1)] : [leaf]) {
        const repr = String(t);
        const { body, suffix } = splitRepr(repr);
        assert.equal(suffix.includes("dtype=torch.float64"), dtype === "float64", repr);
        assert.equal(suffix.includes("requires_grad=True"), t.is_leaf && requiresGrad, repr);
        assert.equal(suffix.includes("grad_fn=<MulBackward0>"), !t.is_leaf, repr);
        const n = numel(shape);
        if (n === 0) {
          assert.equal(body, "[]");
          const size = /size=\(([\d, ]*)\)/.exec(suffix);
          const printed = size === null ? [0] : size[1].split(",").filter((s) => s.trim() !== "")
            .map(Number);
          assert.deepEqual(printed, shape, repr);
          continue;
        }
        if (body.includes("...")) {
          // Summarised (more than 1000 elements): the nesting depth still shows the dims.
          assert.ok(n > 1000, repr);
          assert.equal(/^\[*/.exec(body)![0].length, shape.length, repr);
          continue;
        }
        const parsed = parseBody(body);
        assert.deepEqual(shapeOfNested(parsed), shape, repr);
        const flat = (Array.isArray(parsed) ? parsed.flat(Infinity) : [parsed]) as (
          | number
          | null
        )[];
        for (let i = 0; i < n; i++) {
          const v = elems(t)[i];
          if (!Number.isFinite(v)) {
            assert.equal(flat[i], null, repr);
            continue;
          }
          const p = flat[i] as number;
          // The largest float64s print as 1.7977e+308, which reads back as inf.
          if (Math.abs(v) > 1.7976e308 && Math.abs(p) === Infinity) continue;
          assert.ok(Math.abs(p - v) <= 5.01e-5 * Math.max(1, Math.abs(v)), `${p} vs ${v}`);
        }
      }
    }),
    params(500),
  );
});

// ---- memory (issue 22): op outputs past the allocation cap are refused, not allocated ----

/** Runs `f` with the per-tensor cap lowered to `bytes`. */
function withCap<T>(bytes: number, f: () => T): T {
  const before = set_max_allocation_bytes(bytes);
  try {
    return f();
  } finally {
    set_max_allocation_bytes(before);
  }
}

/** Asserts `f` returns a tensor of `shape`, or, when `shape` passes `cap` bytes of float32, throws the cap message. */
function fitsOrRefused(cap: number, shape: number[], f: () => Tensor, what: string): void {
  const bytes = numel(shape) * 4;
  if (bytes <= cap) {
    assert.deepEqual(withCap(cap, f).shape, shape, what);
    return;
  }
  assert.throws(() => withCap(cap, f), (e: unknown) => {
    assert.ok(e instanceof RangeError, `${what}: ${e}`);
    assert.match(
      e.message,
      new RegExp(
        `can't allocate memory: you tried to allocate ${bytes} bytes .*; the limit is ${cap} bytes .*set_max_allocation_bytes`,
      ),
      what,
    );
    return true;
  }, what);
}

Deno.test("property: memory: broadcasting, expand and repeat past the cap are refused with the message", () => {
  // 128 bytes = 32 float32 elements: shapes of up to 81 elements fall on both sides. (Arrays of at
  // most 64 bytes come from a shared slab and are never over any cap this test sets.)
  const CAP = 128;
  fc.assert(
    fc.property(
      broadcastPairArb(),
      fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 5 }),
      ([sa, sb], reps) => {
        const out = referenceBroadcastShape(sa, sb);
        const a = zeros(sa);
        const b = zeros(sb);
        fitsOrRefused(CAP, out, () => a.add(b), `add ${sa} ${sb}`);
        fitsOrRefused(CAP, out, () => b.mul(a), `mul ${sb} ${sa}`);
        if (numel(sa) !== numel(out)) {
          fitsOrRefused(CAP, out, () => a.expand(out).contiguous(), `expand ${sa} to ${out}`);
        }
        const r = [...new Array(Math.max(0, sa.length - reps.length)).fill(1), ...reps];
        const padded = [...new Array(r.length - sa.length).fill(1), ...sa];
        const repeated = padded.map((s, i) => s * r[i]);
        fitsOrRefused(CAP, repeated, () => a.repeat(r), `repeat ${sa} by ${r}`);
      },
    ),
    params(150),
  );
});
