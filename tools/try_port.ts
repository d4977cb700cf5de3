/**
 * Runs ports from tests/ports/ whatever their manifest status, and prints for each the first
 * failure (a missing export, an error, a wrong number) or "pass": the measure of how real code
 * ports today. Run without type checking, as a user would run a port:
 *
 *   deno run -A --no-check tools/try_port.ts [NAME ...]     # default: every port
 */
import { type DType, type Tensor, tensor } from "../mod.ts";

type Scalar = number | string | boolean;
interface Rec {
  shape: number[];
  dtype: string;
  data: Scalar[];
  requires_grad?: boolean;
}
interface Fixture {
  inputs: Record<string, Rec>;
  outputs: Record<string, Rec>;
  grad_weights: Record<string, Rec>;
  grads: Record<string, Rec>;
}
const PORTS = new URL("../tests/ports/", import.meta.url);

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
function build(rec: Rec): Tensor {
  const data = nest(rec.data.map(decode), rec.shape) as Parameters<typeof tensor>[0];
  return tensor(data, { dtype: rec.dtype as DType, requires_grad: rec.requires_grad ?? false });
}
function flatten(x: unknown): unknown[] {
  return Array.isArray(x) ? x.flatMap(flatten) : [x];
}
type Tol = { rtol: number; atol: number } | undefined;

function compare(actual: Tensor, expected: Rec, what: string, own: Tol): string | null {
  if (JSON.stringify(actual.shape) !== JSON.stringify(expected.shape)) {
    return `${what}: shape ${JSON.stringify(actual.shape)}, expected ${
      JSON.stringify(expected.shape)
    }`;
  }
  if (actual.dtype !== expected.dtype) {
    return `${what}: dtype ${actual.dtype}, expected ${expected.dtype}`;
  }
  const [rtol, atol] = own !== undefined && expected.dtype.startsWith("float")
    ? [own.rtol, own.atol]
    : expected.dtype === "float32"
    ? [1e-5, 1e-6]
    : expected.dtype === "float64"
    ? [1e-10, 1e-12]
    : [0, 0];
  const got = flatten(actual.tolist());
  const want = expected.data.map(decode);
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    if (typeof w === "boolean" || typeof g !== "number") {
      if (String(g) !== String(w)) return `${what}[${i}]: ${g}, expected ${w}`;
    } else if (!Number.isFinite(w)) {
      if (!Object.is(g, w)) return `${what}[${i}]: ${g}, expected ${w}`;
    } else if (Math.abs(g - w) > atol + rtol * Math.abs(w)) {
      return `${what}[${i}]: ${g}, expected ${w}`;
    }
  }
  return null;
}

async function tryPort(name: string, own: Tol): Promise<string> {
  const fixture: Fixture = JSON.parse(
    Deno.readTextFileSync(new URL(`fixtures/${name}.json`, PORTS)),
  );
  try {
    const mod = await import(new URL(`${name}.ts`, PORTS).href);
    const inputs: Record<string, Tensor> = {};
    for (const [k, rec] of Object.entries(fixture.inputs)) inputs[k] = build(rec);
    const outputs: Record<string, Tensor> = mod.run(inputs);
    for (const [k, rec] of Object.entries(fixture.outputs)) {
      if (outputs[k] === undefined) return `output ${k} missing`;
      const bad = compare(outputs[k], rec, `output ${k}`, own);
      if (bad !== null) return bad;
    }
    let total: Tensor | null = null;
    for (const [k, rec] of Object.entries(fixture.grad_weights)) {
      const term = outputs[k].mul(build(rec)).sum();
      total = total === null ? term : total.add(term);
    }
    total?.backward();
    for (const [k, rec] of Object.entries(fixture.grads)) {
      const grad = inputs[k].grad;
      if (grad === null) return `input ${k}: no gradient`;
      const bad = compare(grad, rec, `grad of ${k}`, own);
      if (bad !== null) return bad;
    }
    return "pass";
  } catch (e) {
    const msg = e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e);
    return msg.split("\n")[0];
  }
}

const manifest: { ports: { name: string; tolerance?: Tol }[] } = JSON.parse(
  Deno.readTextFileSync(new URL("manifest.json", PORTS)),
);
const names = Deno.args.length > 0 ? Deno.args : manifest.ports.map((p) => p.name);
// A port may state its own tolerance in the manifest (with the reason), as tests/ports_test.ts reads.
const own = new Map(manifest.ports.map((p) => [p.name, p.tolerance]));
for (const name of names) console.log(`${name}: ${await tryPort(name, own.get(name))}`);
