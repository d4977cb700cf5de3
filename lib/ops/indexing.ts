/**
 * Python's subscripts: `index()` for `t[...]` and `index_put_()` for `t[...] = v`.
 *
 * Basic indices (numbers, slices, `null`, `"..."`) give views, as in torch. Advanced indices
 * (int64 tensors or arrays, bool masks) gather copies by NumPy's rules: the index tensors
 * broadcast together; when they stand in adjacent dims their broadcast shape takes those dims'
 * place, else it comes first.
 *
 * @module
 */

import { allocate, describe } from "../tensor/dtype.ts";
import { checkOutput } from "../tensor/limits.ts";
import { broadcastIndex, broadcastShapes, numelOf, offsetsOf, stridesOf } from "../tensor/shape.ts";
import {
  contiguousData,
  fromData,
  requireTensor,
  result,
  storageOf,
  Tensor,
} from "../tensor/tensor.ts";
import { apply_ } from "./inplace.ts";
import { select, slice, unsqueeze } from "./view.ts";
import { sumTo } from "./reduce.ts";
import { scatter_add } from "./gather.ts";
import { needsGraph } from "../tensor/autograd.ts";

/**
 * One subscript: a number (select), a slice string (`":"`, `"1:3"`, `"::2"`, `"-2:"`),
 * `"..."`, `null` (a new size-1 dim), an int64 tensor or array of indices, or a bool tensor or
 * array (a mask).
 */
export type Index = number | string | null | Tensor | readonly number[] | readonly boolean[];

type Parsed =
  | { kind: "int"; value: number }
  | { kind: "slice"; start: number; end: number; step: number }
  | { kind: "none" }
  | { kind: "ellipsis" }
  | { kind: "tensor"; t: Tensor };

function parseSlice(s: string): Parsed {
  if (s === "...") return { kind: "ellipsis" };
  const parts = s.split(":");
  const bad = () =>
    new TypeError(
      `index: ${
        JSON.stringify(s)
      } is not a slice; write Python's slices as strings such as ":", "1:3", "::2", "-1:" or "..."`,
    );
  if (parts.length < 2 || parts.length > 3) throw bad();
  const num = (p: string, fallback: number) => {
    const q = p.trim();
    if (q === "") return fallback;
    if (!/^[+-]?\d+$/.test(q)) throw bad();
    return Number(q);
  };
  const step = parts.length === 3 ? num(parts[2], 1) : 1;
  if (step <= 0) {
    throw new RangeError(
      `index: slice steps must be positive (torch has no negative steps), got ${JSON.stringify(s)}`,
    );
  }
  return {
    kind: "slice",
    start: num(parts[0], 0),
    end: num(parts[1], Number.MAX_SAFE_INTEGER),
    step,
  };
}

function parse(index: Index): Parsed {
  if (index === null) return { kind: "none" };
  if (typeof index === "number") {
    if (!Number.isInteger(index)) {
      throw new TypeError(`index: a number index must be an integer, got ${index}`);
    }
    return { kind: "int", value: index };
  }
  if (typeof index === "string") return parseSlice(index);
  if (index instanceof Tensor) {
    if (index.dtype !== "int64" && index.dtype !== "bool") {
      throw new TypeError(
        `index: tensors used as indices must be long or bool tensors, got ${index.dtype} (convert with .long())`,
      );
    }
    return { kind: "tensor", t: index };
  }
  if (Array.isArray(index)) return { kind: "tensor", t: arrayIndex(index) };
  throw new TypeError(
    `index: expected a number, a slice string, "...", null, an index tensor or an array, got ${
      describe(index)
    }`,
  );
}

function arrayIndex(values: readonly unknown[]): Tensor {
  if (values.length > 0 && values.every((v) => typeof v === "boolean")) {
    return fromData(
      Uint8Array.from(values as boolean[], (b) => (b ? 1 : 0)),
      [values.length],
      "bool",
    );
  }
  if (!values.every((v) => typeof v === "number" && Number.isInteger(v))) {
    throw new TypeError("index: an array index must hold integers or booleans only");
  }
  return fromData(Float64Array.from(values as number[]), [values.length], "int64");
}

/** How many dims of the indexed tensor an index consumes. */
function consumes(p: Parsed): number {
  if (p.kind === "none" || p.kind === "ellipsis") return 0;
  if (p.kind === "tensor" && p.t.dtype === "bool") return p.t.dim();
  return 1;
}

/** Parses the indices and expands `"..."` to the dims it stands for. */
function normalize(x: Tensor, indices: readonly Index[]): Parsed[] {
  const parsed = indices.map(parse);
  const ellipses = parsed.filter((p) => p.kind === "ellipsis").length;
  if (ellipses > 1) throw new RangeError("index: an index can only have a single ellipsis ('...')");
  const used = parsed.reduce((n, p) => n + consumes(p), 0);
  if (used > x.dim()) {
    throw new RangeError(
      `index: too many indices for tensor of dimension ${x.dim()} (got ${used})`,
    );
  }
  const out: Parsed[] = [];
  for (const p of parsed) {
    if (p.kind === "ellipsis") {
      for (let i = 0; i < x.dim() - used; i++) {
        out.push({ kind: "slice", start: 0, end: Number.MAX_SAFE_INTEGER, step: 1 });
      }
    } else out.push(p);
  }
  return out;
}

/** A strided layout being narrowed by basic indices. */
interface Layout {
  shape: number[];
  strides: number[];
  offset: number;
}

/** Index tensors at the dims they index (after basic indexing), masks split into one per dim. */
interface Advanced {
  dims: number[];
  /** Each index's int64 values, checked and wrapped, and its shape. */
  values: { data: Float64Array; shape: readonly number[] }[];
}

function checkedIndices(t: Tensor, size: number, dim: number): Float64Array {
  const src = contiguousData(t);
  const out = allocate("int64", src.length, undefined, t.shape) as Float64Array;
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (v < -size || v >= size) {
      throw new RangeError(`index ${v} is out of bounds for dimension ${dim} with size ${size}`);
    }
    out[i] = v < 0 ? v + size : v;
  }
  return out;
}

/** Applies basic indices to a layout; records the advanced ones at their dims. */
function walk(layout: Layout, parsed: readonly Parsed[]): Advanced {
  const adv: Advanced = { dims: [], values: [] };
  let d = 0;
  for (const p of parsed) {
    switch (p.kind) {
      case "int": {
        const size = layout.shape[d];
        if (p.value < -size || p.value >= size) {
          throw new RangeError(
            `index ${p.value} is out of bounds for dimension ${d} with size ${size}`,
          );
        }
        layout.offset += (p.value < 0 ? p.value + size : p.value) * layout.strides[d];
        layout.shape.splice(d, 1);
        layout.strides.splice(d, 1);
        break;
      }
      case "slice": {
        const size = layout.shape[d];
        const clampIndex = (v: number) => Math.min(Math.max(v < 0 ? v + size : v, 0), size);
        const s = clampIndex(p.start);
        const e = Math.max(clampIndex(p.end), s);
        const n = Math.ceil((e - s) / p.step);
        if (n > 0) layout.offset += s * layout.strides[d];
        layout.shape[d] = n;
        layout.strides[d] *= p.step;
        d++;
        break;
      }
      case "none":
        layout.shape.splice(d, 0, 1);
        layout.strides.splice(d, 0, 0);
        d++;
        break;
      case "tensor": {
        const t = p.t;
        if (t.dtype === "bool") {
          for (let k = 0; k < t.dim(); k++) {
            if (t.shape[k] !== layout.shape[d + k]) {
              throw new RangeError(
                `The shape of the mask [${
                  t.shape.join(", ")
                }] at index ${k} does not match the shape of the indexed tensor [${
                  layout.shape.join(", ")
                }] at index ${d + k}`,
              );
            }
          }
          const coords = maskCoordinates(t);
          coords.forEach((c, k) => {
            adv.dims.push(d + k);
            adv.values.push({ data: c, shape: [c.length] });
          });
          if (t.dim() === 0) {
            // A 0-dim mask adds a dim of size 1 (true) or 0 (false), as in NumPy.
            layout.shape.splice(d, 0, 1);
            layout.strides.splice(d, 0, 0);
            adv.dims.push(d);
            adv.values.push({
              data: contiguousData(t)[0] ? new Float64Array(1) : new Float64Array(0),
              shape: [contiguousData(t)[0] ? 1 : 0],
            });
            d++;
          } else d += t.dim();
        } else {
          adv.dims.push(d);
          adv.values.push({ data: checkedIndices(t, layout.shape[d], d), shape: t.shape });
          d++;
        }
        break;
      }
      case "ellipsis":
        break;
    }
  }
  return adv;
}

/** The coordinates of the true elements of a mask, one array per dim (torch's nonzero). */
function maskCoordinates(mask: Tensor): Float64Array[] {
  const m = contiguousData(mask);
  let count = 0;
  for (let i = 0; i < m.length; i++) if (m[i]) count++;
  const nd = mask.dim();
  const coords = Array.from({ length: nd }, () => new Float64Array(count));
  const strides = stridesOf(mask.shape);
  let k = 0;
  for (let i = 0; i < m.length; i++) {
    if (!m[i]) continue;
    let rest = i;
    for (let d = 0; d < nd; d++) {
      coords[d][k] = Math.floor(rest / strides[d]);
      rest %= strides[d];
    }
    k++;
  }
  return coords;
}

/** The result shape and, for each result element, its storage index, for a mixed index. */
function locate(
  layout: Layout,
  adv: Advanced,
): { shape: number[]; offsets: Int32Array } {
  let b: number[] = [];
  for (const v of adv.values) b = broadcastShapes(b, v.shape, "index");
  const nb = numelOf(b);
  const advOffset = new Float64Array(nb);
  adv.values.forEach((v, j) => {
    const stride = layout.strides[adv.dims[j]];
    const map = broadcastIndex(v.shape, b);
    for (let i = 0; i < nb; i++) advOffset[i] += v.data[map[i]] * stride;
  });
  const adjacent = adv.dims.every((d, j) => j === 0 || d === adv.dims[j - 1] + 1);
  const regular = layout.shape.map((_, d) => d).filter((d) => !adv.dims.includes(d));
  const first = adv.dims[0];
  const pre = adjacent ? regular.filter((d) => d < first) : [];
  const post = adjacent ? regular.filter((d) => d > first) : regular;
  const pick = (dims: number[], of: number[]) => dims.map((d) => of[d]);
  const preShape = pick(pre, layout.shape);
  const postShape = pick(post, layout.shape);
  const preOff = offsetsOf(preShape, pick(pre, layout.strides), 0);
  const postOff = offsetsOf(postShape, pick(post, layout.strides), 0);
  const shape = [...preShape, ...b, ...postShape];
  checkOutput("index()", shape, 4);
  const offsets = new Int32Array(numelOf(shape));
  let k = 0;
  for (let i = 0; i < preOff.length; i++) {
    for (let j = 0; j < nb; j++) {
      const base = layout.offset + preOff[i] + advOffset[j];
      for (let l = 0; l < postOff.length; l++) offsets[k++] = base + postOff[l];
    }
  }
  return { shape, offsets };
}

function layoutOf(x: Tensor): Layout {
  return { shape: [...x.shape], strides: x.stride(), offset: x.storage_offset() };
}

function contiguousLayout(x: Tensor): Layout {
  return { shape: [...x.shape], strides: stridesOf(x.shape), offset: 0 };
}

/** Applies basic indices through the view ops, so the result is a recorded view. */
function basicView(x: Tensor, parsed: readonly Parsed[]): Tensor {
  let v = x;
  let d = 0;
  for (const p of parsed) {
    if (p.kind === "int") v = select(v, d, p.value);
    else if (p.kind === "slice") {
      if (!(p.start === 0 && p.end === Number.MAX_SAFE_INTEGER && p.step === 1)) {
        v = slice(v, d, p.start, p.end, p.step);
      }
      d++;
    } else if (p.kind === "none") v = unsqueeze(v, d++);
  }
  return v;
}

/**
 * `x[indices]`: basic indices give a view, advanced ones a copy (IndexBackward0).
 *
 * @param x The tensor.
 * @param indices One index per dim, as Python writes them.
 * @returns The indexed tensor.
 *
 * @example Python's `t[:, 2]`, `t[mask]` and `t[idx]`
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const t = tensor([[1, 2, 3], [4, 5, 6]]);
 * assert.deepEqual(t.index(":", 2).tolist(), [3, 6]);
 * assert.deepEqual(t.index(t.gt(4)).tolist(), [5, 6]);
 * assert.deepEqual(t.index(tensor([1n, 0n])).tolist(), [[4, 5, 6], [1, 2, 3]]);
 * assert.deepEqual(t.index("...", "1:").tolist(), [[2, 3], [5, 6]]);
 * ```
 */
export function index(x: Tensor, indices: readonly Index[]): Tensor {
  requireTensor(x, "index");
  const parsed = normalize(x, indices);
  if (!parsed.some((p) => p.kind === "tensor")) return basicView(x, parsed);
  const layout = layoutOf(x);
  const adv = walk(layout, parsed);
  const { shape, offsets } = locate(layout, adv);
  const data = storageOf(x).data;
  const out = allocate(x.dtype, offsets.length);
  for (let i = 0; i < out.length; i++) out[i] = data[offsets[i]];
  return result(out, shape, "IndexBackward0", [x], (g) => {
    // The positions in a contiguous tensor of x's shape; repeated indices add up.
    const grid = contiguousLayout(x);
    const { offsets: at } = locate(grid, walk(grid, parsed));
    if (needsGraph(g)) {
      // Recorded: a scatter_add into zeros, whose own backward gathers.
      const zeros = fromData(allocate(g.dtype, x.numel()), [x.numel()], g.dtype);
      const index = fromData(Float64Array.from(at), [at.length], "int64");
      return [scatter_add(zeros, 0, index, g.reshape([at.length])).reshape(x.shape)];
    }
    const gx = allocate(g.dtype, x.numel());
    const gd = contiguousData(g);
    for (let i = 0; i < at.length; i++) gx[at[i]] += gd[i];
    return [fromData(gx, x.shape, g.dtype)];
  }, { dtype: x.dtype });
}

/**
 * `x[indices] = values` in place: `values` broadcasts to the shape `x.index(...indices)` has.
 * With basic indices only this is a `copy_` into the view. With `accumulate`, values are added
 * (repeated indices add up), like torch's `index_put_(indices, values, accumulate=True)`.
 *
 * @param x The tensor written.
 * @param indices As for {@linkcode index}.
 * @param values A tensor or a number.
 * @param accumulate Add instead of writing. Default false.
 * @returns `x`.
 */
export function index_put_<T extends Tensor>(
  x: T,
  indices: readonly Index[],
  values: Tensor | number | boolean,
  accumulate: boolean = false,
): T {
  requireTensor(x, "index_put_");
  if (typeof accumulate !== "boolean") {
    throw new TypeError(`index_put_: accumulate must be a boolean, got ${describe(accumulate)}`);
  }
  if (!Array.isArray(indices)) {
    throw new TypeError(
      `index_put_: indices must be an array such as [":", 2] (Python's t[:, 2] = v), got ${
        describe(indices)
      }`,
    );
  }
  const parsed = normalize(x, indices);
  const v = typeof values === "object" ? values : fromData(
    typeof values === "boolean" ? new Uint8Array([values ? 1 : 0]) : new Float64Array([values]),
    [],
    typeof values === "boolean" ? "bool" : x.dtype === "float32" ? "float64" : x.dtype,
  );
  requireTensor(v, "index_put_(values)");
  if (!parsed.some((p) => p.kind === "tensor")) {
    const view = basicView(x, parsed);
    if (accumulate) view.add_(v);
    else view.copy_(v);
    return x;
  }
  // torch writes an expanded x too, at the indexed positions only.
  let written: ArrayLike<number> | null = null;
  return apply_(
    x,
    "index_put_",
    (self) => {
      const grid = contiguousLayout(self);
      const { shape, offsets } = locate(grid, walk(grid, parsed));
      written = offsets;
      const src = contiguousData(v.dtype === self.dtype ? v : v.to(self.dtype));
      const fits = v.dim() <= shape.length &&
        broadcastShapes(v.shape, shape, "index_put_").every((s, i) => s === shape[i]);
      if (!fits) {
        throw new RangeError(
          `index_put_: shape mismatch: value tensor of shape [${
            v.shape.join(", ")
          }] cannot be broadcast to indexing result of shape [${shape.join(", ")}]`,
        );
      }
      const map = broadcastIndex(v.shape, shape);
      const out = contiguousData(self).slice();
      if (accumulate) { for (let i = 0; i < offsets.length; i++) out[offsets[i]] += src[map[i]]; }
      else for (let i = 0; i < offsets.length; i++) out[offsets[i]] = src[map[i]];
      return result(out, self.shape, "IndexPutBackward0", [self, v], (g) => {
        if (needsGraph(g)) {
          // Recorded: g masked where written (unless accumulating); values gather g.
          const keep = allocate(g.dtype, g.numel()).fill(1);
          if (!accumulate) { for (let i = 0; i < offsets.length; i++) keep[offsets[i]] = 0; }
          const index = fromData(Float64Array.from(offsets), [offsets.length], "int64");
          return [
            accumulate ? g : g.mul(fromData(keep, self.shape, g.dtype)),
            v.requires_grad
              ? sumTo(g.reshape([g.numel()]).index_select(0, index).reshape(shape), v.shape)
              : null,
          ];
        }
        const gd = contiguousData(g);
        const gSelf = gd.slice();
        const gv = allocate(g.dtype, offsets.length);
        for (let i = 0; i < offsets.length; i++) {
          gv[i] = gd[offsets[i]];
          // Written positions got no part of self; accumulated ones kept it.
          if (!accumulate) gSelf[offsets[i]] = 0;
        }
        return [
          fromData(gSelf, self.shape, g.dtype),
          v.requires_grad ? sumTo(fromData(gv, shape, g.dtype), v.shape) : null,
        ];
      }, { dtype: self.dtype });
    },
    [v],
    { positions: () => written },
  );
}
