/**
 * Random fills and samplers: the in-place fills `uniform_`, `normal_`, `bernoulli_`,
 * `exponential_`, `random_`, and `normal` (all four overloads), `bernoulli`, `poisson`,
 * `randperm`, `randint_like`.
 *
 * Each draws from torch's CPU generator (the global one, or `{ generator }`) the words torch
 * 1.13's CPU kernels draw, in the same order, so after the same `manual_seed`:
 * - equal to torch bit for bit: `uniform_`, `bernoulli_` / `bernoulli` (a probability per
 *   element: a 53-bit uniform for float64 and scalar probabilities, a 24-bit one for float32
 *   ones), `exponential_`, `random_`, `randperm`, `randint_like`, and `poisson` for rates
 *   below 10;
 * - the same draws, values within a few ulp: `normal_` and `normal` (torch's `log`, `sin`,
 *   `cos` differ from JavaScript's in the last bits, see `lib/tensor/random.ts`);
 * - `poisson` for rates of 10 and more: torch's rejection sampler, with the same uniforms, but
 *   its acceptance test reads `lgamma`, computed here by another formula: a draw right at the
 *   acceptance boundary could differ (none seen in the fixtures).
 *
 * The draws go to the elements in memory order, as torch's TensorIterator visits them, so a
 * transposed view gets the same values as torch's. As in torch, the fills are recorded by
 * autograd with a zero gradient (NormalBackward0, UniformBackward0, ...) and refuse a leaf that
 * requires grad outside `no_grad`.
 *
 * @module
 */

import { bind, isOptionsObject, type Signature } from "../tensor/args.ts";
import { checkDevice, type DeviceClass } from "../tensor/device.ts";
import {
  allocate,
  checkInt64,
  type Data,
  describe,
  type DType,
  get_default_dtype,
  isFloating,
} from "../tensor/dtype.ts";
import { fusedMultiplyAdd, fusedMultiplyAddF32 } from "../kernels/fma.ts";
import { fillNormal, generatorOf, type RandomGenerator, standardNormal } from "../tensor/random.ts";
import { broadcastShapes, numelOf, offsetsOf } from "../tensor/shape.ts";
import { contiguousData, requireTensor, result, Tensor } from "../tensor/tensor.ts";
import { apply_ } from "./inplace.ts";
import { fillRandomFromTo, full } from "./create.ts";
import { checkAllocation } from "../tensor/limits.ts";
import { sumTo } from "./reduce.ts";

/** The `{ generator }` option of the fills. */
export interface GeneratorOptions {
  /** The generator (default: the global one). */
  generator?: RandomGenerator | null;
}

const TYPE_NAMES: Record<DType, string> = {
  float32: "Float",
  float64: "Double",
  int64: "Long",
  bool: "Bool",
};

/**
 * The order in which torch's serial kernels visit `self`'s elements: row-major when `self` is
 * contiguous (null), else by increasing storage offset (TensorIterator sorts dims by stride).
 */
function visitOrder(self: Tensor): Int32Array | null {
  if (self.is_contiguous()) return null;
  const offsets = offsetsOf(self.shape, self.stride(), self.storage_offset());
  const order = Int32Array.from({ length: offsets.length }, (_, i) => i);
  order.sort((a, b) => offsets[a] - offsets[b] || a - b);
  return order;
}

/**
 * Runs a fill: `draw(i)` gives the value of the i-th element visited; the values are written
 * into `self` in place, recorded as `name` with a zero gradient.
 */
function fill_<T extends Tensor>(
  self: T,
  where: string,
  name: string,
  values: Data,
): T {
  return apply_(self, where, (s) =>
    result(values, s.shape, name, [s], (g) => [g.mul(0)], {
      dtype: s.dtype,
    }), []);
}

/** Values for `self` drawn by `draw` in torch's visiting order. */
function drawn(self: Tensor, draw: () => number): Data {
  const n = self.numel();
  const out = allocate(self.dtype, n);
  const order = visitOrder(self);
  if (order === null) { for (let i = 0; i < n; i++) out[i] = draw(); }
  else for (let k = 0; k < n; k++) out[order[k]] = draw();
  return out;
}

function requireFloat(self: Tensor, kernel: string): void {
  if (!isFloating(self.dtype)) {
    throw new TypeError(`"${kernel}" not implemented for '${TYPE_NAMES[self.dtype]}'`);
  }
}

function checkNumber(value: unknown, name: string, where: string): number {
  if (typeof value !== "number") {
    throw new TypeError(`${where}(): argument '${name}' must be a number, got ${describe(value)}`);
  }
  return value;
}

const UNIFORM: Signature = [
  { name: "from", kind: "number", default: 0 },
  { name: "to", kind: "number", default: 1 },
  { name: "generator", kind: "any", default: null, keywordOnly: true },
];

/**
 * Fills `self` with U[from, to) samples, like `t.uniform_(from, to, generator=)`: torch's
 * draws bit for bit (a 24-bit uniform per float32 element, a 53-bit one per float64 element,
 * scaled with one fused multiply-add).
 *
 * @param self A float tensor.
 * @param args `from` (default 0), `to` (default 1), and `{ generator }`.
 * @returns `self`.
 */
export function uniform_<T extends Tensor>(self: T, args: readonly unknown[]): T {
  requireTensor(self, "uniform_");
  const b = bind("uniform_", UNIFORM, args);
  const from = b.from as number;
  const to = b.to as number;
  requireFloat(self, "check_uniform_bounds");
  if (!(from <= to)) {
    throw new RangeError(
      `uniform_ expects to return a [from, to) range, but found from=${from} > to=${to}`,
    );
  }
  const g = generatorOf(b.generator, "uniform_");
  let values: Data;
  if (self.dtype === "float32") {
    const lo = Math.fround(from);
    const range = Math.fround(Math.fround(to) - lo);
    values = drawn(self, () => fusedMultiplyAddF32(g.uniform32(), range, lo));
  } else {
    const range = to - from;
    values = drawn(self, () => fusedMultiplyAdd(g.uniform64(), range, from));
  }
  return fill_(self, "uniform_", "UniformBackward0", values);
}

const NORMAL_: Signature = [
  { name: "mean", kind: "number", default: 0 },
  { name: "std", kind: "number", default: 1 },
  { name: "generator", kind: "any", default: null, keywordOnly: true },
];

function checkStd(std: number): void {
  if (!(std >= 0)) throw new RangeError(`normal expects std >= 0.0, but found std ${std}`);
}

/** Standard normals for `self`, as torch's normal_kernel draws them (fill path or scalar). */
function normalValues(self: Tensor, g: RandomGenerator, mean: number, std: number): Data {
  const n = self.numel();
  if (n >= 16 && self.is_contiguous()) {
    const out = allocate(self.dtype, n) as Float32Array | Float64Array;
    fillNormal(out, g, mean, std);
    return out;
  }
  return drawn(self, () => standardNormal(g) * std + mean);
}

/**
 * Fills `self` with N(mean, std²) samples, like `t.normal_(mean, std, generator=)`: the same
 * draws as torch (its 16-element Box–Muller blocks for contiguous tensors of 16 elements or
 * more, its scalar sampler with the cached second half otherwise), values within a few ulp.
 *
 * @param self A float tensor.
 * @param args `mean` (default 0), `std` (default 1), and `{ generator }`.
 * @returns `self`.
 */
export function normal_<T extends Tensor>(self: T, args: readonly unknown[]): T {
  requireTensor(self, "normal_");
  const b = bind("normal_", NORMAL_, args);
  const mean = b.mean as number;
  const std = b.std as number;
  checkStd(std);
  requireFloat(self, "normal_kernel_cpu");
  const g = generatorOf(b.generator, "normal_");
  return fill_(self, "normal_", "NormalBackward0", normalValues(self, g, mean, std));
}

const BERNOULLI_: Signature = [
  {
    name: "p",
    kind: (v) => typeof v === "number" || v instanceof Tensor ? null : "a number or a Tensor",
    default: 0.5,
  },
  { name: "generator", kind: "any", default: null, keywordOnly: true },
];

/** 0/1 draws with probabilities `p` (a number, or a tensor broadcast to `self`). */
function bernoulliValues(self: Tensor, p: number | Tensor, g: RandomGenerator): Data {
  if (typeof p === "number") {
    if (!(p >= 0 && p <= 1)) {
      throw new RangeError(`bernoulli_ expects p to be in [0, 1], but got p=${p}`);
    }
    return drawn(self, () => g.uniform64() < p ? 1 : 0);
  }
  const probs = contiguousData(p.expand(self.shape));
  const n = self.numel();
  const out = allocate(self.dtype, n);
  const order = visitOrder(self);
  const wide = p.dtype === "float64";
  for (let k = 0; k < n; k++) {
    const i = order === null ? k : order[k];
    const pi = probs[i];
    if (!(pi >= 0 && pi <= 1)) {
      throw new RangeError(`bernoulli_: all elements of p must be in [0, 1], got ${pi}`);
    }
    out[i] = (wide ? g.uniform64() : g.uniform32()) < pi ? 1 : 0;
  }
  return out;
}

/**
 * Fills `self` with 0/1 draws that are 1 with probability `p`, like `t.bernoulli_(p,
 * generator=)`: torch's draws bit for bit.
 *
 * @param self A tensor of any dtype.
 * @param args `p` (a number, default 0.5, or a tensor of probabilities broadcast to `self`),
 *   and `{ generator }`.
 * @returns `self`.
 */
export function bernoulli_<T extends Tensor>(self: T, args: readonly unknown[]): T {
  requireTensor(self, "bernoulli_");
  const b = bind("bernoulli_", BERNOULLI_, args);
  const p = b.p as number | Tensor;
  const g = generatorOf(b.generator, "bernoulli_");
  const values = bernoulliValues(self, p, g);
  const name = typeof p === "number" ? "BernoulliBackward1" : "BernoulliBackward2";
  return fill_(self, "bernoulli_", name, values);
}

const BERNOULLI: Signature = [
  { name: "p", kind: "number", default: null },
  { name: "generator", kind: "any", default: null, keywordOnly: true },
];

/**
 * 0/1 draws with the probabilities in `input`, like `torch.bernoulli(input, generator=)`; or
 * with one probability `p` for every element, like `torch.bernoulli(input, p)`. torch's draws
 * bit for bit.
 *
 * @param input Probabilities in [0, 1] (its shape and dtype are the result's).
 * @param args `p` (optional), and `{ generator }`.
 * @returns The draws, in `input`'s dtype.
 *
 * @example
 * ```ts
 * import { bernoulli, manual_seed, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * assert.equal(String(bernoulli(tensor([0, 1, 0.5, 0.5]))), "tensor([0., 1., 1., 1.])");
 * ```
 */
export function bernoulli(
  input: Tensor,
  ...args: [p?: number | null, options?: GeneratorOptions] | [GeneratorOptions]
): Tensor {
  requireTensor(input, "bernoulli");
  const b = bind("bernoulli", BERNOULLI, args);
  const g = generatorOf(b.generator, "bernoulli");
  const p = b.p as number | null;
  if (p === null) requireFloat(input, "bernoulli_tensor_cpu_p_");
  const values = bernoulliValues(input.detach().contiguous(), p ?? input.detach(), g);
  // torch.bernoulli(input, p) fills a new tensor: no history; bernoulli(input) records one.
  return result(values, input.shape, "BernoulliBackward0", p === null ? [input] : [], (gr) => [
    gr.mul(0),
  ], { dtype: input.dtype });
}

const EXPONENTIAL: Signature = [
  { name: "lambd", kind: "number", default: 1 },
  { name: "generator", kind: "any", default: null, keywordOnly: true },
];

/**
 * Fills `self` with Exp(lambd) samples, like `t.exponential_(lambd, generator=)`: torch's
 * draws bit for bit (`-1/lambd · log(1 − u)` from a 53-bit uniform, rounded to the dtype).
 *
 * @param self A float tensor.
 * @param args `lambd` (default 1), and `{ generator }`.
 * @returns `self`.
 */
export function exponential_<T extends Tensor>(self: T, args: readonly unknown[]): T {
  requireTensor(self, "exponential_");
  const b = bind("exponential_", EXPONENTIAL, args);
  const lambd = b.lambd as number;
  if (!(lambd >= 0)) {
    throw new RangeError(`exponential_ expects lambda >= 0.0, but found lambda=${lambd}`);
  }
  requireFloat(self, "exponential_cpu");
  const g = generatorOf(b.generator, "exponential_");
  const scale = -1 / lambd;
  const values = drawn(self, () => scale * Math.log(1 - g.uniform64()));
  return fill_(self, "exponential_", "ExponentialBackward0", values);
}

const RANDOM_: Signature = [
  { name: "from", kind: "int", default: null },
  { name: "to", kind: "int", default: null },
  { name: "generator", kind: "any", default: null, keywordOnly: true },
];

/**
 * Fills `self` with random integers, like `t.random_(from, to)`, `t.random_(to)` (from 0) or
 * `t.random_()` (torch's full range for the dtype: [0, 2^24] for float32, [0, 2^53] for
 * float64, 0/1 for bool; int64's range reaches 2^63 − 1, beyond the integers kldiv stores
 * exactly, so an int64 `random_()` is refused: give bounds). torch's draws bit for bit.
 *
 * @param self A tensor.
 * @param args `from` and `to`, `to` alone, or nothing; and `{ generator }`.
 * @returns `self`.
 */
export function random_<T extends Tensor>(self: T, args: readonly unknown[]): T {
  requireTensor(self, "random_");
  const b = bind("random_", RANDOM_, args);
  let from = b.from as number | null;
  let to = b.to as number | null;
  const g = generatorOf(b.generator, "random_");
  const n = self.numel();
  const out = allocate(self.dtype, n);
  if (from !== null && to === null) [from, to] = [0, from];
  if (from === null || to === null) {
    if (self.dtype === "int64") {
      throw new RangeError(
        "random_(): an int64 tensor's full range reaches 2^63 - 1, beyond the integers kldiv holds exactly (2^53 - 1): pass bounds, e.g. random_(0, 2 ** 53)",
      );
    }
    // torch's uniform_int: bool takes a word's low bit, float32 a word modulo 2^24 + 1,
    // float64 a 64-bit draw modulo 2^53 + 1.
    const values = self.dtype === "bool"
      ? drawn(self, () => g.word() & 1)
      : self.dtype === "float32"
      ? drawn(self, () => (g.word() >>> 0) % 16777217)
      : drawn(self, () => {
        const high = BigInt(g.word() >>> 0);
        const low = BigInt(g.word() >>> 0);
        return Number(((high << 32n) | low) % 9007199254740993n);
      });
    return fill_(self, "random_", "RandomBackward0", values);
  }
  if (from >= to) {
    throw new RangeError(
      `random_ expects 'from' to be less than 'to', but got from=${from} >= to=${to}`,
    );
  }
  checkInt64(from, "random_()");
  checkInt64(to, "random_()");
  const tmp = allocate(self.dtype === "bool" ? "int64" : self.dtype, n);
  fillRandomFromTo(tmp, from, to, g);
  const order = visitOrder(self);
  for (let k = 0; k < n; k++) out[order === null ? k : order[k]] = tmp[k];
  return fill_(self, "random_", "RandomBackward1", out);
}

/** Options of {@linkcode normal} with two numbers: the size's tensor options and a generator. */
export interface NormalOptions extends GeneratorOptions {
  /** The dtype (default: the default float dtype). */
  dtype?: DType | null;
  /** `"cpu"` or `device("cpu")`. */
  device?: string | DeviceClass | null;
  /** Record operations on the result. Default false. */
  requires_grad?: boolean;
}

const NORMAL_SIZE: Signature = [
  { name: "size", kind: "ints" },
  { name: "generator", kind: "any", default: null, keywordOnly: true },
  { name: "dtype", kind: "dtype", default: null, keywordOnly: true },
  { name: "device", kind: "any", default: null, keywordOnly: true },
  { name: "requires_grad", kind: "bool", default: false, keywordOnly: true },
  { name: "layout", kind: "any", default: null, keywordOnly: true },
  { name: "pin_memory", kind: "bool", default: false, keywordOnly: true },
];

/**
 * Normal samples, like `torch.normal`, in its four forms: `normal(mean, std)` with tensors
 * (broadcast; NormalBackward3), `normal(mean_tensor, std=1)` (NormalBackward1),
 * `normal(mean, std_tensor)` (NormalBackward2), and `normal(mean, std, size)` with numbers.
 * torch draws N(0, 1) (or N(0, std) for a tensor mean and number std) into the output and then
 * scales and shifts it, and so does this. The gradients with respect to `mean` and `std` are
 * zero, as torch's.
 *
 * @param mean A tensor or a number.
 * @param std A tensor or a number (default 1).
 * @param rest For two numbers, the size; and `{ generator, dtype, device, requires_grad }`.
 * @returns The samples.
 *
 * @example
 * ```ts
 * import { allclose, manual_seed, normal, randn, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const a = normal(2, 3, [4]);
 * manual_seed(0);
 * assert.ok(allclose(a, randn(4).mul(3).add(2)));
 * assert.deepEqual(normal(zeros(2, 3), 1).shape, [2, 3]);
 * ```
 */
export function normal(
  mean: Tensor | number,
  std: Tensor | number | NormalOptions & { std?: Tensor | number; size?: number[] } = 1,
  ...rest: unknown[]
): Tensor {
  const where = "normal";
  if (isOptionsObject(std)) {
    // normal(mean, { std, size, generator, ... }): std and size by name.
    const { std: s, size, ...more } = std as NormalOptions & {
      std?: Tensor | number;
      size?: number[];
    };
    std = s ?? 1;
    rest = size === undefined ? [more] : [size, more];
  } else if (rest.length > 0 && isOptionsObject(rest[rest.length - 1])) {
    const last = rest[rest.length - 1] as Record<string, unknown>;
    if ("size" in last) {
      const { size, ...more } = last;
      if (rest.length > 1) throw new TypeError("normal() got multiple values for argument 'size'");
      rest = [size, more];
    }
  }
  if (mean instanceof Tensor || std instanceof Tensor) {
    const b = bind(
      where,
      [{ name: "generator", kind: "any", default: null, keywordOnly: true }],
      rest,
    );
    const g = generatorOf(b.generator, where);
    if (typeof std === "number") checkStd(std);
    if (typeof mean !== "number" && !(mean instanceof Tensor)) checkNumber(mean, "mean", where);
    if (typeof std !== "number" && !(std instanceof Tensor)) checkNumber(std, "std", where);
    if (std instanceof Tensor) {
      const s = contiguousData(std);
      for (let i = 0; i < s.length; i++) {
        if (!(s[i] >= 0)) throw new RangeError("normal expects all elements of std >= 0.0");
      }
    }
    const like = mean instanceof Tensor ? mean : std as Tensor;
    if (!isFloating(like.dtype)) requireFloat(like, "normal_kernel_cpu");
    const shape = mean instanceof Tensor && std instanceof Tensor
      ? broadcastShapes(mean.shape, std.shape, where)
      : like.shape;
    const fresh = full(shape, 0, { dtype: like.dtype });
    const draws = normalValues(fresh, g, 0, typeof std === "number" ? std : 1);
    const z = new Tensor(draws as Float32Array | Float64Array, shape);
    // Scale and shift without recording: the result's node is torch's NormalBackwardN.
    const scaled = std instanceof Tensor ? z.mul(std.detach()) : z;
    const shifted = typeof mean === "number" ? scaled.add(mean) : scaled.add(mean.detach());
    const values = contiguousData(shifted.to(like.dtype)).slice();
    const name = mean instanceof Tensor && std instanceof Tensor
      ? "NormalBackward3"
      : mean instanceof Tensor
      ? "NormalBackward1"
      : "NormalBackward2";
    const inputs = [mean, std].filter((t): t is Tensor => t instanceof Tensor);
    return result(
      values,
      shape,
      name,
      inputs,
      (gr) => inputs.map((t) => sumTo(gr.mul(0), t.shape)),
      {
        dtype: like.dtype,
      },
    );
  }
  const m = checkNumber(mean, "mean", where);
  const sd = checkNumber(std, "std", where);
  checkStd(sd);
  const b = bind(where, NORMAL_SIZE, rest);
  checkDevice(b.device, "normal()");
  const size = typeof b.size === "number" ? [b.size] : b.size as number[];
  const dtype = (b.dtype as DType | null) ?? get_default_dtype();
  requireFloat(full([], 0, { dtype }), "normal_kernel_cpu");
  checkAllocation("normal()", size, 8);
  const g = generatorOf(b.generator, where);
  const out = full(size, 0, { dtype });
  const values = normalValues(out, g, m, sd);
  const t = new Tensor(values as Float32Array | Float64Array, size);
  if (b.requires_grad) t.requires_grad_(true);
  return t;
}

/**
 * Poisson samples with the rates in `input`, like `torch.poisson(input, generator=)`: torch
 * 1.13's CPU sampler (products of uniforms below rate 10, Hörmann's transformed rejection from
 * 10), from the same draws.
 *
 * @param input Non-negative rates.
 * @param options `{ generator }`.
 * @returns The counts, in `input`'s dtype (PoissonBackward0, a zero gradient).
 *
 * @example
 * ```ts
 * import { manual_seed, poisson, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const counts = poisson(tensor([0, 1, 4]));
 * assert.equal(counts.select(0, 0).item(), 0);
 * ```
 */
export function poisson(input: Tensor, options?: GeneratorOptions): Tensor {
  requireTensor(input, "poisson");
  const b = bind(
    "poisson",
    [{ name: "generator", kind: "any", default: null, keywordOnly: true }],
    options === undefined ? [] : [options],
  );
  requireFloat(input, "poisson_cpu");
  const g = generatorOf(b.generator, "poisson");
  const rates = contiguousData(input);
  const f32 = input.dtype === "float32";
  const out = allocate(input.dtype, rates.length);
  for (let i = 0; i < rates.length; i++) {
    const lambda = rates[i];
    if (!(lambda >= 0)) {
      throw new RangeError(
        `poisson: invalid Poisson rate, expected rate to be non-negative, got ${lambda}`,
      );
    }
    out[i] = samplePoisson(lambda, g, f32);
  }
  return result(out, input.shape, "PoissonBackward0", [input], (gr) => [gr.mul(0)], {
    dtype: input.dtype,
  });
}

/** log Γ(x) for x ≥ 1 (Lanczos, g = 7): poisson's acceptance test. */
function lgamma(x: number): number {
  const c = [
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61503916999185,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** torch's sample_poisson, in the tensor's precision (float32 rounds as torch's floats do). */
function samplePoisson(lambda: number, g: RandomGenerator, f32: boolean): number {
  const r = f32 ? Math.fround : (v: number) => v;
  if (lambda >= 10) {
    const slam = r(Math.sqrt(lambda));
    const loglam = r(Math.log(lambda));
    const b = r(0.931 + 2.53 * slam);
    const a = r(-0.059 + 0.02483 * b);
    const invalpha = r(1.1239 + 1.1328 / (b - 3.4));
    const vr = r(0.9277 - 3.6224 / (b - 2));
    for (;;) {
      const U = r(g.uniform64() - 0.5);
      const V = r(g.uniform64());
      const us = r(0.5 - Math.abs(U));
      const k = Math.floor(r(r(r(2 * a / us + b) * U) + lambda + 0.43));
      if (us >= 0.07 && V <= vr) return k;
      if (k < 0 || (us < 0.013 && V > us)) continue;
      const lhs = r(Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b));
      const rhs = r(-lambda + k * loglam - lgamma(k + 1));
      if (lhs <= rhs) return k;
    }
  }
  if (lambda === 0) return 0;
  const enlam = r(Math.exp(-lambda));
  let x = 0;
  let prod = 1;
  for (;;) {
    prod = r(prod * r(g.uniform64()));
    if (prod > enlam) x += 1;
    else return x;
  }
}

const RANDPERM: Signature = [
  { name: "generator", kind: "any", default: null, keywordOnly: true },
  { name: "dtype", kind: "dtype", default: null, keywordOnly: true },
  { name: "device", kind: "any", default: null, keywordOnly: true },
  { name: "requires_grad", kind: "bool", default: false, keywordOnly: true },
  { name: "layout", kind: "any", default: null, keywordOnly: true },
  { name: "pin_memory", kind: "bool", default: false, keywordOnly: true },
];

/**
 * A random permutation of `0 … n−1`, like `torch.randperm(n)`: torch 1.13's CPU shuffle (for
 * each i, swap with `i + random() % (n − i)`), equal after the same seed. int64 unless `dtype`
 * says otherwise.
 *
 * @param n How many integers.
 * @param options `generator`, `dtype`, `device`, `requires_grad`.
 * @returns The permutation.
 *
 * @example Same as `torch.manual_seed(0); torch.randperm(10)`
 * ```ts
 * import { manual_seed, randperm } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * assert.equal(String(randperm(10)), "tensor([4, 1, 7, 5, 3, 9, 0, 8, 6, 2])");
 * ```
 */
export function randperm(n: number, options?: NormalOptions): Tensor {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`randperm(): n must be non-negative, got ${describe(n)}`);
  }
  const b = bind("randperm", RANDPERM, options === undefined ? [] : [options]);
  checkDevice(b.device, "randperm()");
  const dtype = (b.dtype as DType | null) ?? "int64";
  if (dtype === "bool") throw new TypeError("\"randperm\" not implemented for 'Bool'");
  const g = generatorOf(b.generator, "randperm");
  checkAllocation("randperm()", [n], 8);
  const out = allocate(dtype, n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const z = (g.word() >>> 0) % (n - i);
    const sav = out[i];
    out[i] = out[z + i];
    out[z + i] = sav;
  }
  const t = new Tensor(dtype === "float32" ? out as Float32Array : Float64Array.from(out), [n]);
  const typed = dtype === "int64" ? t.to("int64") : t;
  if (b.requires_grad) typed.requires_grad_(true);
  return typed;
}

const RANDINT_LIKE_OPTIONS: Signature = [
  { name: "dtype", kind: "dtype", default: null, keywordOnly: true },
  { name: "device", kind: "any", default: null, keywordOnly: true },
  { name: "requires_grad", kind: "bool", default: false, keywordOnly: true },
  { name: "layout", kind: "any", default: null, keywordOnly: true },
  { name: "memory_format", kind: "any", default: null, keywordOnly: true },
];

/**
 * Random integers in `[low, high)` shaped like `input`, in its dtype unless `dtype` is given,
 * like `torch.randint_like(input, low=0, high)`: torch's draws bit for bit.
 *
 * @param input The tensor whose shape (and dtype) to take.
 * @param args `high`, or `low, high`; then `{ dtype, device, requires_grad }`.
 * @returns A new leaf tensor.
 *
 * @example
 * ```ts
 * import { manual_seed, randint, randint_like, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const a = randint_like(zeros(5), 10);
 * manual_seed(0);
 * assert.deepEqual(a.tolist(), randint(0, 10, [5]).tolist());
 * ```
 */
export function randint_like(input: Tensor, ...args: unknown[]): Tensor {
  requireTensor(input, "randint_like");
  let positional = args;
  let options: unknown[] = [];
  const last = args[args.length - 1];
  if (args.length > 0 && isOptionsObject(last)) {
    positional = args.slice(0, -1);
    options = [last];
  }
  if (options.length > 0) {
    const { low, high, ...more } = options[0] as Record<string, unknown>;
    if (high !== undefined) positional = [...positional, high];
    if (low !== undefined) positional = [low, ...positional];
    options = [more];
  }
  const nums = positional.filter((v) => v !== undefined);
  if (nums.length < 1 || nums.length > 2 || nums.some((v) => !Number.isSafeInteger(v))) {
    throw new TypeError(
      `randint_like() expected (input, high) or (input, low, high) with integer bounds, got (${
        nums.map(describe).join(", ")
      })`,
    );
  }
  const [low, high] = nums.length === 1 ? [0, nums[0] as number] : nums as number[];
  const b = bind("randint_like", RANDINT_LIKE_OPTIONS, options);
  checkDevice(b.device, "randint_like()");
  if (low >= high) {
    throw new RangeError(
      `random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`,
    );
  }
  const dtype = (b.dtype as DType | null) ?? input.dtype;
  if (dtype === "bool") throw new TypeError("\"randint_like\" not implemented for 'Bool'");
  const out = allocate(dtype, numelOf(input.shape));
  fillRandomFromTo(out, low, high, generatorOf(null, "randint_like"));
  const t = full(input.shape, 0, { dtype });
  contiguousData(t).set(out);
  if (b.requires_grad) t.requires_grad_(true);
  return t;
}
