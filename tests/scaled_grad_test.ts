/**
 * The deferred gradient contract (ScaledGrad in lib/tensor/autograd.ts): the fused kl_div hands its
 * input's gradient −g·target on unmultiplied, and only log_softmax's backward may take it so;
 * every other receiver gets the full-shape tensor. Each case compares the folded path with the
 * same computation routed through a reshape, which forces the materialised gradient.
 */
import assert from "node:assert/strict";
import { F, Tensor } from "../mod.ts";
import { ScaledGrad } from "../lib/tensor/autograd.ts";
import { type KernelMode, withKernelMode } from "../lib/kernels/mode.ts";
import type { Reduction } from "../lib/nn/kl_div.ts";
import { elems } from "./values.ts";

type DType = "float32" | "float64";

function values(shape: number[], dtype: DType, seed: number, f: (u: number) => number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const a = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = f((s + 0.5) / 4294967296);
  }
  return new Tensor(a, shape);
}

function sameBits(got: Tensor, want: Tensor, what: string): void {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  for (let i = 0; i < want.toTypedArray().length; i++) {
    if (!Object.is(elems(got)[i], elems(want)[i])) {
      assert.fail(`${what}: element ${i} is ${elems(got)[i]}, want ${elems(want)[i]}`);
    }
  }
}

/** x.grad of kl_div(log_softmax(x), t) (through a reshape when `materialise`), loss scaled. */
function grad(
  shape: number[],
  dtype: DType,
  reduction: Reduction,
  dim: number,
  materialise: boolean,
  outer: number,
): { grad: Tensor; name: string | undefined } {
  const x = values(shape, dtype, 1, (u) => 6 * u - 3);
  x.requires_grad = true;
  const t = F.softmax(values(shape, dtype, 2, (u) => 4 * u), dim);
  let lp = F.log_softmax(x, dim);
  if (materialise) lp = lp.reshape(shape);
  const loss = F.kl_div(lp, t, { reduction });
  loss.backward(values([], dtype, 3, () => outer));
  return { grad: x.grad as Tensor, name: loss.grad_fn?.name() };
}

Deno.test("kl_div after log_softmax: the folded backward gives the materialised gradient's bits", () => {
  const warn = console.warn;
  console.warn = () => {}; // reduction "mean" warns once
  try {
    for (const mode of ["fast", "wasm", "ts", "reference"] as const) {
      for (const dtype of ["float32", "float64"] as const) {
        for (const shape of [[3, 5], [8, 700], [2, 3, 400]]) {
          for (const reduction of ["sum", "mean", "batchmean"] as const) {
            for (const dim of [-1, 0]) {
              for (const outer of [1, -0.3]) {
                const what = `${mode} ${dtype} [${shape}] ${reduction} dim ${dim} g=${outer}`;
                const folded = withKernelMode(
                  mode,
                  () => grad(shape, dtype, reduction, dim, false, outer),
                );
                const full = withKernelMode(
                  mode,
                  () => grad(shape, dtype, reduction, dim, true, outer),
                );
                assert.equal(folded.name, full.name, what);
                sameBits(folded.grad, full.grad, what);
              }
            }
          }
        }
      }
    }
  } finally {
    console.warn = warn;
  }
});

Deno.test("a deferred gradient reaches leaves, other ops and shared tensors in full", () => {
  for (const mode of ["fast", "ts", "reference"] as const) {
    const shape = [4, 600];
    const t = F.softmax(values(shape, "float32", 5, (u) => 3 * u), -1);
    // kl_div's input is a leaf: its .grad is −g·t as the composed ops compute it.
    const leaf = values(shape, "float32", 6, (u) => -1 - u);
    leaf.requires_grad = true;
    withKernelMode(mode, () => F.kl_div(leaf, t, { reduction: "sum" }).backward());
    const ref = values(shape, "float32", 6, (u) => -1 - u);
    ref.requires_grad = true;
    withKernelMode("reference", () => F.kl_div(ref, t, { reduction: "sum" }).backward());
    sameBits(leaf.grad as Tensor, ref.grad as Tensor, `${mode}: leaf`);

    // log_softmax's output feeds kl_div and a sum: the two gradients are added in full.
    const run = (m: KernelMode, reshape: boolean) => {
      const x = values(shape, "float32", 7, (u) => 5 * u);
      x.requires_grad = true;
      const lp = F.log_softmax(x, -1);
      const loss = F.kl_div(reshape ? lp.reshape(shape) : lp, t, { reduction: "batchmean" })
        .add(lp.sum().mul(0.01));
      withKernelMode(m, () => loss.backward());
      return x.grad as Tensor;
    };
    sameBits(run(mode, false), run(mode, true), `${mode}: shared log_softmax output`);

    // Through another op (mul by 2) the gradient is the materialised one, doubled.
    const y = values(shape, "float32", 8, (u) => 2 * u);
    y.requires_grad = true;
    withKernelMode(mode, () => F.kl_div(y.mul(2), t, { reduction: "batchmean" }).backward());
    const z = values(shape, "float32", 8, (u) => 2 * u);
    z.requires_grad = true;
    withKernelMode("reference", () => F.kl_div(z.mul(2), t, { reduction: "batchmean" }).backward());
    sameBits(y.grad as Tensor, z.grad as Tensor, `${mode}: through mul`);
  }
});

Deno.test("a retained graph gives the folded gradient again; a third backward fails as before", () => {
  const shape = [6, 500];
  const x = values(shape, "float32", 9, (u) => 4 * u);
  x.requires_grad = true;
  const t = F.softmax(values(shape, "float32", 10, (u) => u), -1);
  const loss = F.kl_div(F.log_softmax(x, -1), t, { reduction: "batchmean" });
  loss.backward({ retain_graph: true });
  const first = (x.grad as Tensor).toTypedArray().slice();
  loss.backward();
  const twice = (x.grad as Tensor).toTypedArray();
  for (let i = 0; i < first.length; i++) assert.equal(twice[i], Math.fround(first[i] * 2));
  assert.throws(() => loss.backward(), /backward through the graph a second time/);
});

Deno.test("ScaledGrad.materialize rounds each product to the base's dtype", () => {
  const base = new Tensor(new Float32Array([0.1, -3, 1e-30, 7]), [2, 2]);
  const g = new ScaledGrad(-0.3, base).materialize();
  assert.deepEqual(g.shape, [2, 2]);
  assert.ok(g.toTypedArray() instanceof Float32Array);
  assert.deepEqual(
    [...g.toTypedArray()],
    [...base.toTypedArray()].map((v) => Math.fround(-0.3 * v)),
  );
  const b64 = new Tensor(new Float64Array([0.1, 2]), [2]);
  assert.deepEqual([...new ScaledGrad(3, b64).materialize().toTypedArray()], [0.1 * 3, 6]);
});
