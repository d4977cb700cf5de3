/**
 * Property tests for view/in-place aliasing: a random chain of view ops on a tensor, then an
 * in-place write through the last view, must change exactly the base elements the chain
 * addresses. The reference follows each element of the view back to its position in the base
 * by plain index arithmetic on arrays (no strides, no library code), and applies the same
 * writes to a plain array.
 */
import assert from "node:assert/strict";
import { arange, type Tensor, tensor } from "../mod.ts";
import { fc, params } from "./arbitraries.ts";

/** A view as the base position of each of its elements, row-major, and its shape. */
interface Ref {
  pos: number[];
  shape: number[];
}

const numel = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** The row-major coordinates of element `i` of `shape`. */
function coords(i: number, shape: readonly number[]): number[] {
  const c = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    c[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return c;
}

function flatAt(c: readonly number[], shape: readonly number[]): number {
  let i = 0;
  for (let d = 0; d < shape.length; d++) i = i * shape[d] + c[d];
  return i;
}

/** A new Ref of `shape` whose element at coordinates c is `ref` at `from(c)`. */
function remap(ref: Ref, shape: number[], from: (c: number[]) => number[]): Ref {
  const pos = Array.from(
    { length: numel(shape) },
    (_, i) => ref.pos[flatAt(from(coords(i, shape)), ref.shape)],
  );
  return { pos, shape };
}

type Op =
  | { kind: "transpose"; a: number; b: number }
  | { kind: "select"; d: number; i: number }
  | { kind: "narrow"; d: number; start: number; len: number }
  | { kind: "unsqueeze"; d: number }
  | { kind: "flatten" }
  | { kind: "slice_step"; d: number };

/** Applies `op` to the tensor and to the reference, or returns null when it does not apply. */
function step(t: Tensor, ref: Ref, op: Op): [Tensor, Ref] | null {
  const nd = ref.shape.length;
  switch (op.kind) {
    case "transpose": {
      if (nd < 2) return null;
      const a = op.a % nd, b = op.b % nd;
      const shape = [...ref.shape];
      [shape[a], shape[b]] = [shape[b], shape[a]];
      return [
        t.transpose(a, b),
        remap(ref, shape, (c) => {
          const o = [...c];
          [o[a], o[b]] = [o[b], o[a]];
          return o;
        }),
      ];
    }
    case "select": {
      if (nd < 1) return null;
      const d = op.d % nd;
      const i = op.i % ref.shape[d];
      const shape = ref.shape.filter((_, k) => k !== d);
      return [t.select(d, i), remap(ref, shape, (c) => [...c.slice(0, d), i, ...c.slice(d)])];
    }
    case "narrow": {
      if (nd < 1) return null;
      const d = op.d % nd;
      const start = op.start % ref.shape[d];
      const len = 1 + (op.len % (ref.shape[d] - start));
      const shape = [...ref.shape];
      shape[d] = len;
      return [
        t.narrow(d, start, len),
        remap(ref, shape, (c) => {
          const o = [...c];
          o[d] += start;
          return o;
        }),
      ];
    }
    case "slice_step": {
      if (nd < 1) return null;
      const d = op.d % nd;
      const shape = [...ref.shape];
      shape[d] = Math.ceil(shape[d] / 2);
      const idx = [...Array(nd)].map((_, k) => (k === d ? "::2" : ":"));
      return [
        t.index(...idx),
        remap(ref, shape, (c) => {
          const o = [...c];
          o[d] *= 2;
          return o;
        }),
      ];
    }
    case "unsqueeze": {
      const d = op.d % (nd + 1);
      const shape = [...ref.shape];
      shape.splice(d, 0, 1);
      return [t.unsqueeze(d), remap(ref, shape, (c) => c.filter((_, k) => k !== d))];
    }
    case "flatten": {
      // view() only where the layout allows; the reference is the same row-major order.
      let v: Tensor;
      try {
        v = t.view(-1);
      } catch {
        return null;
      }
      return [v, { pos: ref.pos, shape: [ref.pos.length] }];
    }
  }
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("transpose" as const), a: fc.nat(3), b: fc.nat(3) }),
  fc.record({ kind: fc.constant("select" as const), d: fc.nat(3), i: fc.nat(4) }),
  fc.record({
    kind: fc.constant("narrow" as const),
    d: fc.nat(3),
    start: fc.nat(4),
    len: fc.nat(4),
  }),
  fc.record({ kind: fc.constant("unsqueeze" as const), d: fc.nat(4) }),
  fc.record({ kind: fc.constant("flatten" as const) }),
  fc.record({ kind: fc.constant("slice_step" as const), d: fc.nat(3) }),
);

const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 });

Deno.test("a write through any chain of views lands on the base elements it addresses", () => {
  fc.assert(
    fc.property(
      shapeArb,
      fc.array(opArb, { maxLength: 6 }),
      fc.constantFrom("fill_", "copy_", "add_", "mul_"),
      (shape, ops, write) => {
        const base = arange(numel(shape)).reshape(shape);
        const plain = Array.from({ length: numel(shape) }, (_, i) => i);
        let t = base;
        let ref: Ref = { pos: plain.map((_, i) => i), shape: [...shape] };
        for (const op of ops) {
          const next = step(t, ref, op);
          if (next !== null) [t, ref] = next;
        }
        assert.deepEqual(t.shape, ref.shape);
        const values = ref.pos.map((_, i) => 100 + i);
        const src = tensor(values).reshape(ref.shape);
        const before = base._version;
        if (write === "fill_") t.fill_(-1);
        else if (write === "copy_") t.copy_(src);
        else if (write === "add_") t.add_(src);
        else t.mul_(2);
        ref.pos.forEach((p, i) => {
          if (write === "fill_") plain[p] = -1;
          else if (write === "copy_") plain[p] = values[i];
          else if (write === "add_") plain[p] += values[i];
          else plain[p] *= 2;
        });
        assert.deepEqual(Array.from(base.toTypedArray()), plain);
        // The view reads back what was written, and the storage's version moved once.
        assert.deepEqual(Array.from(t.toTypedArray()), ref.pos.map((p) => plain[p]));
        assert.equal(base._version, before + 1);
      },
    ),
    params(300),
  );
});

Deno.test("sibling views of one base see each other's writes", () => {
  fc.assert(
    fc.property(fc.nat(3), fc.nat(2), fc.integer({ min: -5, max: 5 }), (row, col, v) => {
      const base = arange(12).view(4, 3);
      const r = base.select(0, row);
      const c = base.t().select(0, col);
      r.fill_(v);
      assert.equal((c.tolist() as number[])[row], v);
      c.fill_(v + 1);
      assert.equal((r.tolist() as number[])[col], v + 1);
    }),
    params(50),
  );
});
