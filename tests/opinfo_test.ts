/**
 * The op table against PyTorch 1.13: every case of every fixture in tests/fixtures/opinfo/
 * (written by tools/gen_opinfo_fixtures.py from the entries of tools/opinfo/*.py) is called in
 * kldiv and compared with torch: output values, dtypes and shapes (tuples by position and by
 * field name), the printed repr, grad_fn names, every input's (and a module's parameters')
 * gradient, second derivatives where the fixture has them, a float64 central-difference
 * gradcheck of kldiv's own gradient, a module's printed form, and each bad call's error.
 *
 * `deno test -A tests/opinfo_test.ts -- special` runs the families or case names containing
 * one of the words after `--`.
 */
import assert from "node:assert/strict";
import * as kl from "../mod.ts";
import {
  alignSigns,
  assertOutput,
  assertTensor,
  build,
  buildTensor,
  type Case,
  CHECKS,
  type Encoded,
  type ErrorCase,
  type Fixture,
  flatTensors,
  gradTolerance,
  type TensorRecord,
  weightedSum,
} from "./opinfo/runner.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

const DIR = new URL("./fixtures/opinfo/", import.meta.url);
const FILTERS = Deno.args;

function fixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const entry of [...Deno.readDirSync(DIR)].sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.name.endsWith(".json")) continue;
    out.push(JSON.parse(Deno.readTextFileSync(new URL(entry.name, DIR))));
  }
  return out;
}

function wanted(family: string, name: string): boolean {
  return FILTERS.length === 0 || FILTERS.some((f) => family.includes(f) || name.includes(f));
}

function checkCase(torchCase: Case): void {
  const built = build(torchCase);
  if (torchCase.seed !== undefined) kl.manual_seed(torchCase.seed);
  const out = built.invoke();
  // Eigenvectors and singular vectors: torch's flipped to kldiv's signs (and reprs not compared).
  const c = alignSigns(torchCase, flatTensors(out));
  if (c.module_repr !== undefined) {
    assert.equal(String(built.module), c.module_repr, "the module prints as torch's");
  }
  const outs = flatTensors(out);
  if (c.seed !== undefined && !c.same_draws) {
    // kldiv's draws are not torch's for this op: shape, dtype and the stated property.
    const want = flatTensors(decodeShapes(c.out));
    assert.equal(outs.length, want.length, "number of outputs");
    outs.forEach((o, i) => {
      assert.deepEqual(o.shape, want[i].shape, `output ${i}: shape`);
      assert.equal(o.dtype, want[i].dtype, `output ${i}: dtype`);
    });
    if (c.check !== undefined) {
      const check = CHECKS[c.check];
      assert.ok(check !== undefined, `unknown check ${c.check}`);
      outs.forEach((o) => check(o, c));
    }
    return;
  }
  assertOutput(out, c.out, c, "output");
  if (
    c.repr !== undefined && c.signs === undefined &&
    (out instanceof kl.Tensor || isNamedTuple(c.out))
  ) {
    assert.equal(String(out), c.repr, "repr");
  }
  if (c.item_reprs !== undefined) {
    assert.deepEqual(outs.map((o) => String(o)), c.item_reprs, "each item's repr");
  }
  assert.deepEqual(
    outs.map((o) => o.grad_fn?.name() ?? null),
    c.grad_fn,
    "grad_fn names",
  );
  if (c.grads === undefined || c.grad_outputs === undefined) return;
  const diff = outs.filter((o) => o.requires_grad);
  const gos = c.grad_outputs.map((g) => buildTensor(g, false));
  assert.equal(diff.length, gos.length, "outputs that require grad");
  const params: [string, Any][] = built.module?.named_parameters() ?? [];
  weightedSum(diff, gos).backward();
  c.grads.forEach((g, k) => {
    const leaf = built.leaves[k];
    if (g === null) {
      assert.ok(leaf.grad === null, `input ${k}: torch has no gradient, kldiv has ${leaf.grad}`);
      return;
    }
    assertTensor(leaf.grad, g, gradTolerance(g.dtype, c), `input ${k} gradient`);
  });
  for (const [name, rec] of Object.entries(c.param_grads ?? {})) {
    const p = params.find(([n]) => n === name)?.[1];
    assert.ok(p !== undefined, `parameter ${name}`);
    assertTensor(p.grad, rec, gradTolerance(rec.dtype, c), `parameter ${name} gradient`);
  }
  if (c.gradcheck !== false) gradcheck(c, diff.length);
}

/**
 * Second derivatives as the generator took them: first = autograd.grad(outputs, inputs,
 * grad_outputs, create_graph), then the gradient of Σ first·v. Registered once kldiv has
 * autograd.grad.
 */
function checkGradGrad(torchCase: Case): void {
  const grad = (kl as Any).autograd.grad;
  const built = build(torchCase);
  if (torchCase.seed !== undefined) kl.manual_seed(torchCase.seed);
  const all = flatTensors(built.invoke());
  const c = alignSigns(torchCase, all);
  const outs = all.filter((o) => o.requires_grad);
  const params: Any[] = built.module?.parameters() ?? [];
  const wrt = [...built.leaves, ...params].filter((t) => t.requires_grad);
  const gos = c.grad_outputs!.map((g) => buildTensor(g, false));
  const firsts: (Any | null)[] = grad(outs, wrt, {
    grad_outputs: gos,
    create_graph: true,
    allow_unused: true,
  });
  let live = firsts.filter((g) => g !== null && g.requires_grad);
  const vs = c.gradgrad_v!.map((v) => buildTensor(v, false));
  // torch's first derivative of a piecewise-linear op (relu's threshold_backward(grad, self))
  // requires grad though it is constant in the input; kldiv's (a where over grad) does not.
  // When torch's v's cover every non-null first derivative, pair them in order: a kldiv
  // first derivative without a graph then contributes exactly its zero second derivative.
  const nonNull = firsts.filter((g) => g !== null);
  if (live.length !== vs.length && nonNull.length === vs.length) live = nonNull;
  assert.equal(live.length, vs.length, "first derivatives that are differentiable, as torch's");
  const terms = live.map((g, i) => g.mul(vs[i]).sum()).filter((t: Any) => t.requires_grad);
  const seconds: (Any | null)[] = terms.length === 0
    ? wrt.map(() => null)
    : grad(terms.reduce((a: Any, b: Any) => a.add(b)), wrt, { allow_unused: true });
  c.gradgrad!.forEach((rec, k) => {
    const leaf = built.leaves[k];
    const s = seconds[wrt.indexOf(leaf)] ?? null;
    if (rec === null) {
      assert.ok(
        s === null || s.abs().sum().item() === 0,
        `input ${k}: torch has no second derivative`,
      );
      return;
    }
    if (s === null) {
      // torch materialised the zeros of a second derivative kldiv leaves undefined.
      assert.ok(
        rec.data.every((v) => Number(v) === 0),
        `input ${k}: kldiv has no second derivative, torch's is not zero`,
      );
      return;
    }
    assertTensor(s, rec, gradTolerance(rec.dtype, c), `input ${k} second derivative`);
  });
}

function isNamedTuple(e: Encoded): boolean {
  return e !== null && typeof e === "object" && !Array.isArray(e) && "named_tuple" in e;
}

/** Outputs rebuilt from the record, for their shapes and dtypes. */
function decodeShapes(e: Encoded): unknown {
  if (e === null || typeof e !== "object") return e;
  if (Array.isArray(e)) return e.map(decodeShapes);
  if ("tensor" in e) return buildTensor(e.tensor, false);
  if ("named_tuple" in e) return e.items.map(decodeShapes);
  if ("tuple" in e) return e.tuple.map(decodeShapes);
  if ("list" in e) return e.list.map(decodeShapes);
  return null;
}

/** The tensor records of a case's arguments, in the order build() makes its leaves. */
function tensorRecords(c: Case): TensorRecord[] {
  const out: TensorRecord[] = [];
  const walk = (e: Encoded) => {
    if (e === null || typeof e !== "object") return;
    if (Array.isArray(e)) return e.forEach(walk);
    if ("tensor" in e) out.push(e.tensor);
    else if ("tuple" in e) e.tuple.forEach(walk);
  };
  c.args.forEach(walk);
  Object.values(c.kwargs).forEach(walk);
  return out;
}

/**
 * Central differences in float64 of Σ out·grad_output against kldiv's analytic gradient, for
 * cases whose differentiable inputs are all float64 (at most 24 elements of each are probed).
 */
function gradcheck(c: Case, nOuts: number): void {
  const records = tensorRecords(c);
  const probed = records
    .map((r, k) => ({ r, k }))
    .filter(({ r, k }) => r.requires_grad && c.grads?.[k] !== null);
  if (probed.length === 0 || nOuts === 0) return;
  if (!probed.every(({ r }) => r.dtype === "float64")) return;
  if (c.grad_outputs!.some((g) => g.dtype !== "float64")) return;
  const gos = c.grad_outputs!.map((g) => buildTensor(g, false));
  // Which outputs are differentiable (a float output may not be: linalg.lu's P).
  const differentiable = flatTensors(build(c).invoke()).map((o: Any) => o.requires_grad);
  const scalar = (k: number, i: number, delta: number): number => {
    const copy: Case = structuredClone(c);
    const rec = tensorRecords(copy)[k];
    rec.data[i] = (Number(rec.data[i]) + delta) as number;
    return kl.no_grad(() => {
      const b = build(copy);
      if (c.seed !== undefined) kl.manual_seed(c.seed);
      const outs = flatTensors(b.invoke()).filter((_: Any, j: number) => differentiable[j]);
      return weightedSum(outs, gos).item();
    });
  };
  const eps = 1e-6;
  const analytic = (k: number) => {
    const b = build(c);
    if (c.seed !== undefined) kl.manual_seed(c.seed);
    const outs = flatTensors(b.invoke()).filter((o: Any) => o.requires_grad);
    weightedSum(outs, gos).backward();
    return b.leaves[k].grad.contiguous().tolist().flat(Infinity) as number[];
  };
  for (const { r, k } of probed) {
    const a = r.shape.length === 0 ? [analytic(k)].flat() : analytic(k);
    const n = Math.min(r.data.length, 24);
    for (let i = 0; i < n; i++) {
      const x = Number(r.data[i]);
      if (!Number.isFinite(x)) continue;
      const numeric = (scalar(k, i, eps) - scalar(k, i, -eps)) / (2 * eps);
      if (!Number.isFinite(numeric)) continue;
      const err = Math.abs(a[i] - numeric) / (1 + Math.abs(numeric));
      assert.ok(err < 1e-5, `gradcheck input ${k}[${i}]: analytic ${a[i]}, numeric ${numeric}`);
    }
  }
}

function checkError(e: ErrorCase): void {
  const re = new RegExp(e.match);
  assert.throws(
    () => build(e).invoke(),
    (err: Error) => {
      assert.ok(
        re.test(err.message),
        `kldiv's message does not match /${e.match}/:\n${err.message}\n(torch: ${e.message})`,
      );
      return true;
    },
  );
}

for (const fx of fixtures()) {
  for (const c of fx.cases) {
    if (!wanted(fx.family, c.name)) continue;
    Deno.test(`opinfo ${fx.family}: ${c.name} matches torch`, () => checkCase(c));
    if (c.gradgrad !== undefined && typeof (kl as Any).autograd?.grad === "function") {
      Deno.test(`opinfo ${fx.family}: ${c.name} second derivatives match torch`, () =>
        checkGradGrad(c));
    }
  }
  for (const e of fx.errors) {
    if (!wanted(fx.family, e.name)) continue;
    Deno.test(`opinfo ${fx.family}: ${e.name} raises as torch`, () => checkError(e));
  }
}
