/**
 * The op table's generic runner: decodes one case of a fixture written by
 * tools/gen_opinfo_fixtures.py (format: tools/opinfo/README.md), calls kldiv the way a port
 * would, and compares what it returns with what PyTorch 1.13 returned.
 *
 * A call path maps to kldiv as the README's namespaces do: `torch.X` → `X` of mod.ts,
 * `torch.nn.functional.X` → `F.X`, `torch.nn.X` → `nn.X`, `torch.special.X` → `special.X`,
 * `torch.linalg.X` → `linalg.X`, `Tensor.X` → the method `X` of the first argument. Positional
 * arguments stay positional; torch keyword arguments become one trailing options object.
 *
 * @module
 */

import assert from "node:assert/strict";
// deno-lint-ignore no-explicit-any
type Any = any;
import * as kl from "../../mod.ts";

/** A number as fixtures write it (non-finite values as strings). */
export type Num = number | boolean | "inf" | "-inf" | "nan";

/** A tensor as fixtures write it. */
export interface TensorRecord {
  data: Num[];
  shape: number[];
  dtype: "float32" | "float64" | "int64" | "bool";
  requires_grad?: boolean;
  transposed?: boolean;
}

/** An encoded argument or output. */
export type Encoded =
  | null
  | number
  | string
  | boolean
  | Encoded[]
  | { tensor: TensorRecord }
  | { num: Num }
  | { tuple: Encoded[] }
  | { dtype: string }
  | { device: string }
  | { size: number[] }
  | { named_tuple: string; fields: string[]; items: Encoded[] }
  | { list: Encoded[] }
  | { bool: boolean }
  | { int: number }
  | { float: Num }
  | { str: string };

/** One sample of a fixture. */
export interface Case {
  name: string;
  call: string;
  args: Encoded[];
  kwargs: Record<string, Encoded>;
  ctor_args?: Encoded[];
  ctor_kwargs?: Record<string, Encoded>;
  state_dict?: Record<string, TensorRecord>;
  module_repr?: string;
  train?: boolean;
  seed?: number;
  same_draws?: boolean;
  check?: string;
  out: Encoded;
  repr?: string;
  item_reprs?: string[];
  grad_fn: (string | null)[];
  rtol?: number;
  atol?: number;
  ulp?: number;
  grad_rtol?: number;
  grad_atol?: number;
  grad_outputs?: TensorRecord[];
  grads?: (TensorRecord | null)[];
  param_grads?: Record<string, TensorRecord>;
  gradgrad_v?: TensorRecord[];
  gradgrad?: (TensorRecord | null)[];
  gradcheck?: boolean;
  /**
   * Outputs defined only up to the sign of each column or row (eigenvectors, singular
   * vectors), by flat output index: compared after flipping torch's to kldiv's signs.
   */
  signs?: Record<string, "columns" | "rows">;
}

/** One bad call of a fixture. */
export interface ErrorCase {
  name: string;
  call: string;
  args: Encoded[];
  kwargs: Record<string, Encoded>;
  ctor_args?: Encoded[];
  ctor_kwargs?: Record<string, Encoded>;
  type: string;
  message: string;
  match: string;
}

/** A fixture file. */
export interface Fixture {
  torch_version: string;
  family: string;
  cases: Case[];
  errors: ErrorCase[];
}

export function decodeNum(v: Num): number | boolean {
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  if (v === "nan") return NaN;
  return v;
}

function nest(flat: (number | boolean)[], shape: number[]): unknown {
  if (shape.length === 0) return flat[0];
  const [n, ...rest] = shape;
  const step = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, i) => nest(flat.slice(i * step, (i + 1) * step), rest));
}

/** A kldiv tensor with the record's values, dtype and layout (a leaf). */
export function buildTensor(rec: TensorRecord, requiresGrad = rec.requires_grad ?? false): Any {
  const flat = rec.data.map(decodeNum);
  if (rec.transposed && rec.shape.length >= 2) {
    // Stored row-major; rebuild as the transpose of a contiguous tensor, as torch's input was.
    const [r, c, ...rest] = rec.shape;
    const inner = rest.reduce((a, b) => a * b, 1);
    const back: (number | boolean)[] = [];
    for (let j = 0; j < c; j++) {
      for (let i = 0; i < r; i++) {
        for (let k = 0; k < inner; k++) back.push(flat[(i * c + j) * inner + k]);
      }
    }
    const t = kl.tensor(nest(back, [c, r, ...rest]) as Any, { dtype: rec.dtype }).transpose(0, 1);
    return requiresGrad ? t.requires_grad_(true) : t;
  }
  const data = rec.dtype === "int64" ? flat : flat;
  if (rec.shape.includes(0)) {
    // Nested arrays cannot carry an empty tensor's shape ([0, 3] nests as []): reshape a leaf.
    const empty = kl.tensor([], { dtype: rec.dtype }).reshape(rec.shape);
    return requiresGrad ? empty.requires_grad_(true) : empty;
  }
  return kl.tensor(nest(data, rec.shape) as Any, { dtype: rec.dtype, requires_grad: requiresGrad });
}

/** The kldiv value of an encoded argument; tensors are collected as leaves in order. */
export function decodeArg(v: Encoded, leaves: Any[]): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map((x) => decodeArg(x, leaves));
  if ("tensor" in v) {
    const t = buildTensor(v.tensor);
    leaves.push(t);
    return t;
  }
  if ("num" in v) return decodeNum(v.num);
  if ("tuple" in v) return v.tuple.map((x) => decodeArg(x, leaves));
  if ("dtype" in v) return (kl as Any)[v.dtype] ?? v.dtype;
  if ("device" in v) {
    return typeof (kl as Any).device === "function" ? (kl as Any).device(v.device) : v.device;
  }
  throw new Error(`cannot decode argument ${JSON.stringify(v)}`);
}

const NAMESPACES: [string, string[]][] = [
  ["torch.nn.functional.", ["F"]],
  ["torch.nn.init.", ["nn", "init"]],
  ["torch.nn.utils.", ["nn", "utils"]],
  ["torch.nn.", ["nn"]],
  ["torch.special.", ["special"]],
  ["torch.linalg.", ["linalg"]],
  ["torch.autograd.functional.", ["autograd", "functional"]],
  ["torch.autograd.", ["autograd"]],
  ["torch.distributions.", ["distributions"]],
  ["torch.optim.", ["optim"]],
  ["torch.cuda.", ["cuda"]],
  ["torch.", []],
];

/** The kldiv value a torch path names, or undefined. */
export function resolvePath(call: string): unknown {
  for (const [prefix, path] of NAMESPACES) {
    if (!call.startsWith(prefix)) continue;
    let obj: Any = kl;
    for (const key of [...path, ...call.slice(prefix.length).split(".")]) obj = obj?.[key];
    return obj;
  }
  return undefined;
}

/** What a case calls, built: the function and its arguments, plus the tensor leaves. */
export interface Built {
  invoke: () => unknown;
  leaves: Any[];
  module: Any | null;
}

function withOptions(args: unknown[], kwargs: Record<string, unknown>): unknown[] {
  return Object.keys(kwargs).length > 0 ? [...args, kwargs] : args;
}

/** Builds the kldiv call of a case or error case (module constructed and loaded when one). */
export function build(c: Case | ErrorCase): Built {
  const leaves: Any[] = [];
  const args = c.args.map((a) => decodeArg(a, leaves));
  const kwargs = Object.fromEntries(
    Object.entries(c.kwargs).map(([k, v]) => [k, decodeArg(v, leaves)]),
  );
  if (c.ctor_args !== undefined) {
    const cls = resolvePath(c.call) as Any;
    if (typeof cls !== "function") throw new Error(`${c.call} is not exported by kldiv`);
    const ctorArgs = withOptions(
      c.ctor_args.map((a) => decodeArg(a, [])),
      Object.fromEntries(
        Object.entries(c.ctor_kwargs ?? {}).map(([k, v]) => [k, decodeArg(v, [])]),
      ),
    );
    const module = new cls(...ctorArgs);
    const kase = c as Case;
    if (kase.state_dict !== undefined) {
      const state = Object.fromEntries(
        Object.entries(kase.state_dict).map(([k, rec]) => [k, buildTensor(rec, false)]),
      );
      module.load_state_dict(state);
    }
    if (kase.train === false) module.eval();
    return { invoke: () => module(...withOptions(args, kwargs)), leaves, module };
  }
  if (c.call.startsWith("Tensor.")) {
    const method = c.call.slice("Tensor.".length);
    const [self, ...rest] = args as Any[];
    if (typeof self?.[method] !== "function") {
      throw new Error(`Tensor.${method} is not a method of kldiv's Tensor`);
    }
    return { invoke: () => self[method](...withOptions(rest, kwargs)), leaves, module: null };
  }
  const fn = resolvePath(c.call) as Any;
  if (typeof fn !== "function") throw new Error(`${c.call} is not exported by kldiv`);
  return { invoke: () => fn(...withOptions(args, kwargs)), leaves, module: null };
}

/** Distance in units in the last place of the dtype (∞ for a NaN or sign mismatch). */
export function ulps(a: number, b: number, dtype: "float32" | "float64"): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return Object.is(a, b) ? 0 : Infinity;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  if (dtype === "float32") {
    const [p, q] = new Int32Array(new Float32Array([a, b]).buffer);
    const ord = (v: number) => (v < 0 ? -(v & 0x7fffffff) : v);
    return Math.abs(ord(p) - ord(q));
  }
  const [p, q] = new BigInt64Array(new Float64Array([a, b]).buffer);
  const ord = (v: bigint) => (v < 0n ? -(v & 0x7fffffffffffffffn) : v);
  const d = ord(p) - ord(q);
  return Number(d < 0n ? -d : d);
}

/** Tolerances for one comparison. */
export interface Tolerance {
  rtol: number;
  atol: number;
  ulp?: number;
}

/** The default value tolerance of a dtype, overridden by the case. */
export function valueTolerance(dtype: string, c: Case): Tolerance {
  const f32 = dtype === "float32";
  return {
    rtol: c.rtol ?? (f32 ? 1e-5 : 1e-10),
    atol: c.atol ?? (f32 ? 1e-6 : 1e-12),
    ulp: c.ulp,
  };
}

/** The default gradient tolerance of a dtype, overridden by the case. */
export function gradTolerance(dtype: string, c: Case): Tolerance {
  const f32 = dtype === "float32";
  return {
    rtol: c.grad_rtol ?? (f32 ? 1e-4 : 1e-9),
    atol: c.grad_atol ?? (f32 ? 1e-5 : 1e-11),
  };
}

/** Asserts that kldiv tensor `t` equals the record (dtype, shape, values within `tol`). */
export function assertTensor(t: Any, rec: TensorRecord, tol: Tolerance, what: string): void {
  assert.ok(t instanceof kl.Tensor, `${what}: expected a Tensor, got ${t}`);
  assert.equal(t.dtype, rec.dtype, `${what}: dtype`);
  assert.deepEqual(t.shape, rec.shape, `${what}: shape`);
  const got = t.tolist();
  const flat: (number | boolean)[] = rec.shape.length === 0 ? [got] : (got as Any[]).flat(Infinity);
  const want = rec.data.map(decodeNum);
  for (let i = 0; i < want.length; i++) {
    const a = flat[i];
    const b = want[i];
    if (typeof b === "boolean" || rec.dtype === "int64" || rec.dtype === "bool") {
      assert.equal(Number(a), Number(b), `${what}[${i}]: got ${a}, torch ${b}`);
      continue;
    }
    const x = Number(a);
    if (Number.isNaN(b) || !Number.isFinite(b) || b === 0 && x === 0) {
      assert.ok(Object.is(x, b), `${what}[${i}]: got ${x}, torch ${b}`);
      continue;
    }
    if (tol.ulp !== undefined) {
      const d = ulps(x, b, rec.dtype as "float32" | "float64");
      assert.ok(d <= tol.ulp, `${what}[${i}]: got ${x}, torch ${b}: ${d} ULPs > ${tol.ulp}`);
      continue;
    }
    assert.ok(
      Math.abs(x - b) <= tol.atol + tol.rtol * Math.abs(b),
      `${what}[${i}]: got ${x}, torch ${b} (|diff| ${
        Math.abs(x - b)
      } > ${tol.atol} + ${tol.rtol}·|torch|)`,
    );
  }
}

/** The tensors of an output in order, as torch's flat_tensors lists them. */
export function flatTensors(out: unknown): Any[] {
  if (out instanceof kl.Tensor) return [out];
  if (out !== null && typeof out === "object" && Symbol.iterator in (out as object)) {
    return [...(out as Iterable<unknown>)].flatMap(flatTensors);
  }
  return [];
}

/** Asserts that a kldiv output equals torch's encoded output. */
export function assertOutput(out: unknown, enc: Encoded, c: Case, what: string): void {
  if (enc === null) {
    assert.ok(out === undefined || out === null, `${what}: torch returned None, got ${out}`);
    return;
  }
  if (typeof enc !== "object" || Array.isArray(enc)) throw new Error(`bad output record ${enc}`);
  if ("tensor" in enc) {
    assertTensor(out, enc.tensor, valueTolerance(enc.tensor.dtype, c), what);
    return;
  }
  if ("named_tuple" in enc) {
    const items = [...(out as Iterable<unknown>)];
    assert.equal(items.length, enc.items.length, `${what}: tuple length`);
    enc.items.forEach((item, i) => {
      assertOutput(items[i], item, c, `${what}[${i}]`);
      // Indexable as torch's tuple, and by torch's field names.
      assert.equal((out as Any)[i], items[i], `${what}: [${i}] indexes the tuple`);
      assert.equal((out as Any)[enc.fields[i]], items[i], `${what}.${enc.fields[i]}`);
    });
    return;
  }
  if ("tuple" in enc || "list" in enc) {
    const want = "tuple" in enc ? enc.tuple : enc.list;
    const items = [...(out as Iterable<unknown>)];
    assert.equal(items.length, want.length, `${what}: length`);
    want.forEach((item, i) => assertOutput(items[i], item, c, `${what}[${i}]`));
    return;
  }
  if ("size" in enc) {
    assert.deepEqual([...(out as Iterable<number>)], enc.size, `${what}: size`);
    return;
  }
  if ("bool" in enc) {
    assert.equal(out, enc.bool, what);
    return;
  }
  if ("int" in enc) {
    assert.equal(Number(out), enc.int, what);
    return;
  }
  if ("float" in enc) {
    const b = decodeNum(enc.float) as number;
    const x = out as number;
    assert.equal(typeof x, "number", `${what}: expected a number, got ${typeof x}`);
    if (!Number.isFinite(b)) assert.ok(Object.is(x, b), `${what}: got ${x}, torch ${b}`);
    else assert.ok(Math.abs(x - b) <= 1e-12 + 1e-10 * Math.abs(b), `${what}: got ${x}, torch ${b}`);
    return;
  }
  if ("dtype" in enc) {
    assert.equal(String(out), enc.dtype, what);
    return;
  }
  if ("str" in enc) {
    assert.equal(out, enc.str, what);
    return;
  }
  throw new Error(`bad output record ${JSON.stringify(enc)}`);
}

/**
 * The case as seen in kldiv's gauge: for each output listed in `c.signs`, every column (or row)
 * of torch's value, and of its grad_output, flipped where kldiv's points the other way. A loss
 * Σ go·V is then the same function of A in both, so torch's input gradients stay valid.
 */
export function alignSigns(c: Case, outs: Any[]): Case {
  if (c.signs === undefined) return c;
  const copy: Case = structuredClone(c);
  const records: TensorRecord[] = [];
  const walk = (e: Encoded) => {
    if (e === null || typeof e !== "object" || Array.isArray(e)) return;
    if ("tensor" in e) records.push(e.tensor);
    else if ("named_tuple" in e) e.items.forEach(walk);
    else if ("tuple" in e) e.tuple.forEach(walk);
    else if ("list" in e) e.list.forEach(walk);
  };
  walk(copy.out);
  for (const [key, mode] of Object.entries(copy.signs!)) {
    const k = Number(key);
    const rec = records[k];
    const mine = (outs[k].contiguous().tolist() as Any[]).flat(Infinity) as number[];
    const [r, q] = rec.shape.slice(-2);
    const targets = [rec, copy.grad_outputs?.[k]].filter((t) => t !== undefined) as TensorRecord[];
    for (let at = 0; at < rec.data.length; at += r * q) {
      const lines = mode === "columns" ? q : r;
      const len = mode === "columns" ? r : q;
      for (let j = 0; j < lines; j++) {
        const idx = (i: number) => at + (mode === "columns" ? i * q + j : j * q + i);
        let dot = 0;
        for (let i = 0; i < len; i++) dot += mine[idx(i)] * Number(decodeNum(rec.data[idx(i)]));
        if (dot >= 0) continue;
        for (const t of targets) {
          for (let i = 0; i < len; i++) t.data[idx(i)] = -Number(decodeNum(t.data[idx(i)])) as Num;
        }
      }
    }
  }
  return copy;
}

/** Σ over outputs of (out · grad_output).sum(): its gradient is each output's grad_output. */
export function weightedSum(outs: Any[], gos: Any[]): Any {
  let total: Any = null;
  outs.forEach((o, i) => {
    const term = o.mul(gos[i]).sum();
    total = total === null ? term : total.add(term);
  });
  return total;
}

/** Properties random ops are checked by when kldiv's draws cannot equal torch's. */
export const CHECKS: Record<string, (out: Any, c: Case) => void> = {
  in_unit_interval: (out) => {
    for (const v of (out.contiguous().tolist() as Any[]).flat(Infinity)) {
      assert.ok(v >= 0 && v < 1, `value ${v} outside [0, 1)`);
    }
  },
  zero_or_one: (out) => {
    for (const v of (out.contiguous().tolist() as Any[]).flat(Infinity)) {
      assert.ok(Number(v) === 0 || Number(v) === 1, `value ${v} is not 0 or 1`);
    }
  },
  finite: (out) => {
    for (const v of (out.contiguous().tolist() as Any[]).flat(Infinity)) {
      assert.ok(Number.isFinite(Number(v)), `value ${v} is not finite`);
    }
  },
};
