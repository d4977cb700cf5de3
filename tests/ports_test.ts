/**
 * Real, public PyTorch code that computes KL divergence, ported line by line (tests/ports/):
 * each active port runs on the inputs of its fixture and must reproduce PyTorch 1.13's
 * outputs and input gradients. Fixtures come from `/usr/bin/python3 tools/gen_port_fixtures.py`,
 * which runs the verbatim originals in tests/ports/NAME.py.
 *
 * Ports whose code needs features kldiv lacks are "waits" in tests/ports/manifest.json and
 * excluded from deno check/lint/fmt in deno.json; they are not tests here until activated.
 * Tolerances: float32 rtol 1e-5, atol 1e-6 — the same ops summed in a different order
 * (torch's vectorised reductions against ours) differ by a few float32 ulps, and 1e-5
 * relative is ~80 ulps, so anything larger is a real difference; atol covers values that
 * cancel to ~0 (KL terms, gradients of masked entries). float64 would use rtol 1e-10.
 */
import assert from "node:assert/strict";
import { type DType, type Tensor, tensor } from "../mod.ts";

type Scalar = number | string | boolean;
interface TensorRecord {
  shape: number[];
  dtype: string;
  data: Scalar[];
  requires_grad?: boolean;
}
interface Fixture {
  format: number;
  torch_version: string;
  name: string;
  inputs: Record<string, TensorRecord>;
  outputs: Record<string, TensorRecord>;
  grad_weights: Record<string, TensorRecord>;
  grads: Record<string, TensorRecord>;
}
interface ManifestEntry {
  name: string;
  source: string;
  url: string;
  licence: string;
  exercises: string;
  status: "active" | "waits";
  waits?: string[];
  /** A port's own float tolerance, with the reason (e.g. an iterative solver amplifying rounding). */
  tolerance?: { rtol: number; atol: number; why: string };
}
interface PortModule {
  run(inputs: Record<string, Tensor>): Record<string, Tensor>;
}

const PORTS = new URL("./ports/", import.meta.url);
const manifest: { ports: ManifestEntry[] } = JSON.parse(
  Deno.readTextFileSync(new URL("manifest.json", PORTS)),
);
const denoJson: { exclude?: string[] } = JSON.parse(
  Deno.readTextFileSync(new URL("../deno.json", import.meta.url)),
);

function decode(v: Scalar): number | boolean {
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  if (v === "nan") return NaN;
  return v as number | boolean;
}

function nest(flat: (number | boolean)[], shape: number[]): unknown {
  if (shape.length === 0) return flat[0];
  const [n, ...rest] = shape;
  const step = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, i) => nest(flat.slice(i * step, (i + 1) * step), rest));
}

/** A kldiv tensor with the record's values, shape and dtype (int64 and bool included). */
function build(rec: TensorRecord): Tensor {
  const data = nest(rec.data.map(decode), rec.shape) as Parameters<typeof tensor>[0];
  return tensor(data, { dtype: rec.dtype as DType, requires_grad: rec.requires_grad ?? false });
}

function tolerance(dtype: string): { rtol: number; atol: number } {
  if (dtype === "float32") return { rtol: 1e-5, atol: 1e-6 };
  if (dtype === "float64") return { rtol: 1e-10, atol: 1e-12 };
  return { rtol: 0, atol: 0 }; // int64 and bool must match exactly
}

function flatten(x: unknown): unknown[] {
  return Array.isArray(x) ? x.flatMap(flatten) : [x];
}

function assertMatches(
  actual: Tensor,
  expected: TensorRecord,
  what: string,
  own?: ManifestEntry["tolerance"],
): void {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  assert.equal(actual.dtype, expected.dtype, `${what}: dtype`);
  const { rtol, atol } = own !== undefined && expected.dtype.startsWith("float")
    ? own
    : tolerance(expected.dtype);
  const got = flatten(actual.tolist());
  const want = expected.data.map(decode);
  for (let i = 0; i < want.length; i++) {
    const g = got[i] as number | boolean | bigint;
    const w = want[i];
    if (typeof w === "boolean" || typeof g === "boolean" || typeof g === "bigint") {
      assert.equal(String(g), String(w), `${what}[${i}]`);
    } else if (Number.isNaN(w) || !Number.isFinite(w)) {
      assert.ok(Object.is(g, w), `${what}[${i}]: got ${g}, expected ${w}`);
    } else {
      const diff = Math.abs((g as number) - w);
      assert.ok(
        diff <= atol + rtol * Math.abs(w),
        `${what}[${i}]: got ${g}, expected ${w} (|diff| ${diff} > atol ${atol} + rtol ${rtol}·|expected|)`,
      );
    }
  }
}

function filesIn(ext: string, dir: URL = PORTS): string[] {
  return [...Deno.readDirSync(dir)]
    .filter((e) => e.isFile && e.name.endsWith(ext) && !e.name.startsWith("_"))
    .map((e) => e.name.slice(0, -ext.length))
    .sort();
}

Deno.test("ports: every snippet has its original, its port, a fixture and a manifest entry", () => {
  const names = manifest.ports.map((p) => p.name).sort();
  assert.equal(new Set(names).size, names.length, "duplicate manifest names");
  assert.deepEqual(filesIn(".py"), names, "tests/ports/*.py vs manifest");
  assert.deepEqual(filesIn(".ts"), names, "tests/ports/*.ts vs manifest");
  assert.deepEqual(filesIn(".json", new URL("fixtures/", PORTS)), names, "fixtures vs manifest");
  const excluded = new Set(denoJson.exclude ?? []);
  for (const p of manifest.ports) {
    for (const key of ["source", "url", "licence", "exercises"] as const) {
      assert.ok(p[key].length > 0, `${p.name}: empty ${key}`);
    }
    const file = `tests/ports/${p.name}.ts`;
    if (p.status === "active") {
      assert.equal(p.waits, undefined, `${p.name}: active ports list no missing features`);
      assert.ok(!excluded.has(file), `${file} is active, so it must be type-checked`);
    } else {
      assert.equal(p.status, "waits", `${p.name}: status must be "active" or "waits"`);
      assert.ok(p.waits !== undefined && p.waits.length > 0, `${p.name}: waits for what?`);
      assert.ok(excluded.has(file), `${file} waits, so deno.json must exclude it`);
    }
  }
});

for (const entry of manifest.ports.filter((p) => p.status === "active")) {
  Deno.test(`port ${entry.name} (${entry.source}): outputs and gradients match PyTorch`, async () => {
    const fixture: Fixture = JSON.parse(
      Deno.readTextFileSync(new URL(`fixtures/${entry.name}.json`, PORTS)),
    );
    const mod: PortModule = await import(new URL(`${entry.name}.ts`, PORTS).href);
    const inputs: Record<string, Tensor> = {};
    for (const [k, rec] of Object.entries(fixture.inputs)) inputs[k] = build(rec);
    const outputs = mod.run(inputs);
    assert.deepEqual(Object.keys(outputs).sort(), Object.keys(fixture.outputs).sort());
    for (const [k, rec] of Object.entries(fixture.outputs)) {
      assertMatches(outputs[k], rec, `output ${k}`, entry.tolerance);
      assert.equal(outputs[k].requires_grad, rec.requires_grad, `output ${k}: requires_grad`);
    }
    // Σ (output · weight).sum() gives each input the gradient of backward(weight) per output.
    let total: Tensor | null = null;
    for (const [k, rec] of Object.entries(fixture.grad_weights)) {
      const term = outputs[k].mul(build(rec)).sum();
      total = total === null ? term : total.add(term);
    }
    assert.ok(total !== null, "an active port must have an output to differentiate");
    total.backward();
    for (const [k, rec] of Object.entries(fixture.grads)) {
      const grad = inputs[k].grad;
      assert.ok(grad !== null, `input ${k}: no gradient`);
      assertMatches(grad, rec, `grad of ${k}`, entry.tolerance);
    }
  });
}
