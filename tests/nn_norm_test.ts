/**
 * What the op table cannot express for the normalization family, against PyTorch 1.13
 * (tests/fixtures/nn_norm_state.json, written by tools/gen_nn_norm_fixtures.py): BatchNorm1d's
 * running statistics across training steps and after eval(), F.batch_norm's in-place update of
 * the running tensors, nn.Bilinear's initial parameters after manual_seed.
 */
import assert from "node:assert/strict";
import { F, manual_seed, nn, type Tensor, tensor } from "../mod.ts";

interface Rec {
  shape: number[];
  dtype: "float32" | "float64" | "int64";
  data: number[];
}

const fixture = JSON.parse(
  Deno.readTextFileSync(new URL("./fixtures/nn_norm_state.json", import.meta.url)),
);

function build(r: Rec): Tensor {
  return tensor(r.data, { dtype: r.dtype }).reshape(r.shape);
}

function assertClose(t: Tensor | null, r: Rec, what: string, rtol = 1e-5): void {
  assert.ok(t !== null, `${what}: missing`);
  assert.equal(t.dtype, r.dtype, `${what}: dtype`);
  assert.deepEqual(t.shape, r.shape, `${what}: shape`);
  const got = Array.from(t.contiguous().toTypedArray() as ArrayLike<number>);
  r.data.forEach((want, i) => {
    assert.ok(
      Math.abs(got[i] - want) <= 1e-6 + rtol * Math.abs(want),
      `${what}[${i}]: got ${got[i]}, torch ${want}`,
    );
  });
}

for (const run of fixture.batchnorm) {
  Deno.test(`nn.BatchNorm1d(3, ${JSON.stringify(run.kwargs)}) updates its running statistics as torch over train and eval steps`, () => {
    const m = nn.BatchNorm1d(3, run.kwargs);
    run.steps.forEach((step: Record<string, unknown>, i: number) => {
      if (!step.training) m.eval();
      const y = m(build(step.input as Rec));
      assertClose(y, step.output as Rec, `step ${i} output`);
      const state = m.state_dict();
      const want = step.state as Record<string, Rec>;
      assert.deepEqual(Object.keys(state), Object.keys(want), `step ${i}: state keys`);
      for (const [k, r] of Object.entries(want)) assertClose(state[k], r, `step ${i} ${k}`);
    });
  });
}

for (const c of fixture.functional) {
  Deno.test(`F.batch_norm(training, momentum ${c.momentum}) updates running_mean and running_var in place as torch`, () => {
    const rm = build(c.running_mean);
    const rv = build(c.running_var);
    const v0 = [rm._version, rv._version];
    F.batch_norm(build(c.input), rm, rv, { training: true, momentum: c.momentum });
    assertClose(rm, c.after_mean, "running_mean", 1e-12);
    assertClose(rv, c.after_var, "running_var", 1e-12);
    assert.ok(rm._version > v0[0] && rv._version > v0[1], "the in-place update bumps versions");
  });
}

for (const c of fixture.bilinear_init) {
  Deno.test(`nn.Bilinear(${c.args}) after manual_seed(${c.seed}) has torch's exact parameters`, () => {
    manual_seed(c.seed);
    const m = nn.Bilinear(...(c.args as [number, number, number]));
    assert.deepEqual(Array.from(m.weight.toTypedArray()), c.weight.data.map(Math.fround));
    assert.deepEqual(Array.from(m.bias!.toTypedArray()), c.bias.data.map(Math.fround));
  });
}

Deno.test("BatchNorm1d's forward refuses a 4-D input with torch's message", () => {
  assert.throws(
    () => nn.BatchNorm1d(3)(tensor([[[[1]]]])),
    /expected 2D or 3D input \(got 4D input\)/,
  );
});

for (const c of fixture.ctor_errors) {
  Deno.test(`nn.${c.cls}(${JSON.stringify(c.args)}, ${JSON.stringify(c.kwargs)}) is refused with torch's message`, () => {
    // deno-lint-ignore no-explicit-any
    const cls = (nn as any)[c.cls];
    assert.throws(() => cls(...c.args, c.kwargs), (e: Error) => e.message === c.message);
  });
}

Deno.test("options of the wrong kind, unknown keys and duplicates are refused, naming the argument", () => {
  const x = tensor([[1, 2], [3, 4]]);
  assert.throws(() => F.layer_norm(x, 2 as unknown as number[]), /'normalized_shape'.*tuple/);
  assert.throws(() => F.normalize(x, { axis: 1 }), /unexpected keyword argument "axis"/);
  assert.throws(() => F.pad(x, [1, 1], { mode: 3 }), /'mode'.*string/);
  assert.throws(() => F.huber_loss(x, x, { delta: "1" }), /'delta'.*number/);
  assert.throws(() => F.pairwise_distance(x, x, 2, { p: 2 }), /multiple values for argument 'p'/);
  assert.throws(
    () => F.triplet_margin_with_distance_loss(x, x, x, 1),
    /positional argument/,
  );
  assert.throws(() => nn.LayerNorm(2, { elementwise_affine: 1 }), /'elementwise_affine'.*boolean/);
});

Deno.test("TripletMarginWithDistanceLoss with a module distance prints it as a child and computes torch's loss and gradients", () => {
  const c = fixture.custom_distance;
  const m = nn.TripletMarginWithDistanceLoss({
    distance_function: nn.PairwiseDistance(1),
    margin: 0.5,
    swap: true,
  });
  assert.equal(String(m), c.repr);
  const [a, p, n] = (c.inputs as Rec[]).map((r) => build(r).requires_grad_(true));
  const loss = m(a, p, n);
  assertClose(loss, c.loss, "loss", 1e-12);
  loss.backward();
  [a, p, n].forEach((t, i) => assertClose(t.grad, c.grads[i], `input ${i} gradient`, 1e-12));
});
