/**
 * The bad-input matrix: each row is a bad call, the error class it must throw and a pattern its
 * message must match (what was expected and what was received). The table in docs/errors.md is
 * generated from this matrix by `tools/bad_inputs_table.ts`, and a test below fails if the two
 * drift apart.
 */
import assert from "node:assert/strict";
import {
  allclose,
  arange,
  assert_close,
  F,
  full,
  manual_seed,
  nn,
  ones,
  Tensor,
  tensor,
  zeros,
} from "../mod.ts";
import { Chart, plot } from "../jupyter.ts";

/** One bad call and the error it must get. */
export interface BadInput {
  /** Which part of the API. */
  area: string;
  /** The call, as shown in docs/errors.md. */
  input: string;
  /** Makes the bad call. */
  run: () => unknown;
  /** The exact error class. */
  error: typeof Error | typeof TypeError | typeof RangeError;
  /** What the message must say. */
  message: RegExp;
}

const x = () => tensor([[1, 2, 3], [4, 5, 6]]);
const leafX = () => tensor([1, 2], { requires_grad: true });

/** The matrix. `x` is `tensor([[1, 2, 3], [4, 5, 6]])` unless a row says otherwise. */
export const BAD_INPUTS: BadInput[] = [
  // Tensor construction.
  {
    area: "Tensor construction",
    input: `tensor("abc")`,
    run: () => tensor("abc" as never),
    error: TypeError,
    message:
      /expected a number, boolean, BigInt, nested arrays of them or a typed array, got "abc"/,
  },
  {
    area: "Tensor construction",
    input: "tensor(null)",
    run: () => tensor(null as never),
    error: TypeError,
    message: /expected a number, boolean, BigInt, nested arrays of them or a typed array, got null/,
  },
  {
    area: "Tensor construction",
    input: "tensor([[1, 2], [3]])",
    run: () => tensor([[1, 2], [3]]),
    error: RangeError,
    message: /ragged nested array: expected 2 elements at index \[1\].*got 1/,
  },
  {
    area: "Tensor construction",
    input: "tensor([[1, 2], 3])",
    run: () => tensor([[1, 2], 3] as never),
    error: RangeError,
    message: /ragged nested array: expected 2 elements at index \[1\].*got number 3/,
  },
  {
    area: "Tensor construction",
    input: `tensor([1, "2"])`,
    run: () => tensor([1, "2"] as never),
    error: TypeError,
    message: /expected a number, boolean or BigInt at index \[1\], got "2"/,
  },
  {
    area: "Tensor construction",
    input: "tensor([1n, 2n ** 60n])",
    run: () => tensor([1n, 2n ** 60n]),
    error: RangeError,
    message: /the int64 value 1152921504606846976 is beyond ±\(2\^53 − 1\)/,
  },
  {
    area: "Tensor construction",
    input: "tensor(new BigInt64Array(2))",
    run: () => tensor(new BigInt64Array(2) as never),
    error: TypeError,
    message: /expected a numeric typed array, got a BigInt64Array/,
  },
  {
    area: "Tensor construction",
    input: "tensor(new Float32Array(6), { shape: [4] })",
    run: () => tensor(new Float32Array(6), { shape: [4] }),
    error: RangeError,
    message: /shape \[4\] needs 4 elements but the typed array has 6/,
  },
  {
    area: "Tensor construction",
    input: "tensor([1, 2, 3], { shape: [2, 2] })",
    run: () => tensor([1, 2, 3], { shape: [2, 2] }),
    error: RangeError,
    message: /shape \[2, 2\] needs 4 elements but the data has 3/,
  },
  {
    area: "Tensor construction",
    input: "tensor([1, 2, 3], { shape: [-3] })",
    run: () => tensor([1, 2, 3], { shape: [-3] }),
    error: TypeError,
    message: /a shape must be an array of non-negative integers, got \[-3\] \(size number -3/,
  },
  {
    area: "Tensor construction",
    input: "zeros(2, -1)",
    run: () => zeros(2, -1),
    error: TypeError,
    message: /non-negative integers, got \[2, -1\] \(size number -1 at position 1\)/,
  },
  {
    area: "Tensor construction",
    input: "zeros(2.5)",
    run: () => zeros(2.5),
    error: TypeError,
    message: /non-negative integers, got \[2.5\] \(size number 2.5 at position 0\)/,
  },
  {
    area: "Tensor construction",
    input: `ones("2")`,
    run: () => ones("2" as never),
    error: TypeError,
    message: /non-negative integers, got \[2\] \(size "2" at position 0\)/,
  },
  {
    area: "Tensor construction",
    input: `full([2], "x")`,
    run: () => full([2], "x" as never),
    error: TypeError,
    message: /fill_value must be a number, got "x"/,
  },
  {
    area: "Tensor construction",
    input: "arange(0, 1, 0)",
    run: () => arange(0, 1, 0),
    error: RangeError,
    message: /step must be nonzero, got 0/,
  },
  {
    area: "Tensor construction",
    input: "arange(0, 5, -1)",
    run: () => arange(0, 5, -1),
    error: RangeError,
    message: /inconsistent with step sign \(start 0, end 5, step -1\)/,
  },
  {
    area: "Tensor construction",
    input: "arange(NaN)",
    run: () => arange(NaN),
    error: RangeError,
    message: /start, end and step must be finite, got 0, NaN, 1/,
  },
  {
    area: "Tensor construction",
    input: `arange("5")`,
    run: () => arange("5" as never),
    error: TypeError,
    message:
      /expected \(end\), \(start, end\) or \(start, end, step\) as numbers or BigInts, got \("5"\)/,
  },
  {
    area: "Tensor construction",
    input: "new Tensor([1, 2], [2])",
    run: () => new Tensor([1, 2] as never, [2]),
    error: TypeError,
    message: /expected a Float32Array, Float64Array or Uint8Array, got an array of length 2/,
  },
  {
    area: "Tensor construction",
    input: "new Tensor(new Float32Array(3), [2])",
    run: () => new Tensor(new Float32Array(3), [2]),
    error: RangeError,
    message: /shape \[2\] holds 2 elements but the storage has 3/,
  },
  {
    area: "Tensor construction",
    input: "const a = []; a.push(a); tensor(a)",
    run: () => {
      const a: unknown[] = [];
      a.push(a);
      return tensor(a as never);
    },
    error: TypeError,
    message: /the array at the top level contains itself \(a cycle, met again at index \[0\]\)/,
  },
  {
    area: "Tensor construction",
    input: "tensor(d) with d 65 arrays deep",
    run: () => {
      let d: unknown = 1;
      for (let i = 0; i < 65; i++) d = [d];
      return tensor(d as never);
    },
    error: RangeError,
    message: /too many dimensions: only tensors with up to 64 dims are supported/,
  },
  {
    area: "Tensor construction",
    input: "zeros(1e5, 1e5)",
    run: () => zeros(1e5, 1e5),
    error: RangeError,
    message:
      /zeros\(\): can't allocate memory: you tried to allocate 40000000000 bytes \(37.3 GiB\) for shape \[100000, 100000\]/,
  },
  {
    area: "Tensor construction",
    input: "ones(2 ** 30)",
    run: () => ones(2 ** 30),
    error: RangeError,
    message: /ones\(\): can't allocate memory: you tried to allocate 4294967296 bytes \(4 GiB\)/,
  },
  {
    area: "Tensor construction",
    input: "zeros(0, 2 ** 40)",
    run: () => zeros(0, 2 ** 40),
    error: RangeError,
    message: /shape \[0, 1099511627776\] is too large: it has no elements, but/,
  },
  {
    area: "Tensor construction",
    input: "zeros(0, 1e308).sum(0)",
    run: () => zeros(0, 1e308).sum(0),
    error: RangeError,
    message: /zeros\(\): size 1e\+308 at position 1 of shape \[0, 1e\+308\] is larger than/,
  },
  // Op outputs and the copies an op makes are capped too (issue 22), before any memory is touched.
  {
    area: "Op output (memory cap)",
    input: "zeros(70000, 1).add(zeros(1, 70000))",
    run: () => zeros(70000, 1).add(zeros(1, 70000)),
    error: RangeError,
    message:
      /Tensor\.add\(\): can't allocate memory: you tried to allocate 19600000000 bytes \(18.3 GiB\) for shape \[70000, 70000\].*raise it with set_max_allocation_bytes\(\)/,
  },
  {
    area: "Op output (memory cap)",
    input: "zeros(1).expand(2 ** 31).contiguous()",
    run: () => zeros(1).expand(2 ** 31).contiguous(),
    error: RangeError,
    message:
      /Tensor\.contiguous\(\): can't allocate memory: you tried to allocate 8589934592 bytes/,
  },
  {
    area: "Op output (memory cap)",
    input: "ones(70000, 1).matmul(ones(1, 70000))",
    run: () => ones(70000, 1).matmul(ones(1, 70000)),
    error: RangeError,
    message: /Tensor\.matmul\(\): can't allocate memory: .* for shape \[70000, 70000\]/,
  },
  {
    area: "Op output (memory cap)",
    input: "zeros(1000).repeat(1000000)",
    run: () => zeros(1000).repeat(1000000),
    error: RangeError,
    message: /Tensor\.repeat\(\): can't allocate memory: you tried to allocate 4000000000 bytes/,
  },
  {
    area: "Op output (memory cap)",
    input: "new nn.Linear(100000, 100000)",
    run: () => new nn.Linear(100000, 100000),
    error: RangeError,
    message: /Linear\(\): can't allocate memory: you tried to allocate 40000000000 bytes/,
  },
  {
    area: "Tensor construction",
    input: "manual_seed(-1)",
    run: () => manual_seed(-1),
    error: Error,
    message: /expects a non-negative safe integer or a bigint in \[0, 2\^64\), received -1/,
  },
  // Options.
  {
    area: "Options",
    input: `tensor([1], { dtype: "int32" })`,
    run: () => tensor([1], { dtype: "int32" as never }),
    error: TypeError,
    message: /unknown dtype "int32"; expected one of "float32", "float64", "int64", "bool"/,
  },
  {
    area: "Options",
    input: `tensor([1], { requires_grad: "yes" })`,
    run: () => tensor([1], { requires_grad: "yes" as never }),
    error: TypeError,
    message: /requires_grad must be a boolean, got "yes"/,
  },
  {
    area: "Options",
    input: `tensor([1], { device: "cuda" })`,
    run: () => tensor([1], { device: "cuda" }),
    error: Error,
    message: /device "cuda" is not available: kldiv computes on the CPU only/,
  },
  {
    area: "Options",
    input: `tensor([1], "float64")`,
    run: () => tensor([1], "float64" as never),
    error: TypeError,
    message: /options must be an object, got "float64"/,
  },
  {
    area: "Options",
    input: `x.to("int32")`,
    run: () => x().to("int32" as never),
    error: TypeError,
    message: /unknown dtype "int32"; expected one of "float32", "float64"/,
  },
  {
    area: "Options",
    input: `F.kl_div(x, x, { reduction: "avg" })`,
    run: () => F.kl_div(x(), x(), { reduction: "avg" as never }),
    error: RangeError,
    message: /unknown reduction "avg"; expected one of "none", "sum", "mean", "batchmean"/,
  },
  {
    area: "Options",
    input: `F.kl_div(x, x, { reduce: "sum" })`,
    run: () => F.kl_div(x(), x(), { reduce: "sum" } as never),
    error: TypeError,
    message: /kl_div: reduce must be a boolean or null, got "sum"/,
  },
  {
    area: "Options",
    input: `F.kl_div(x, x, { log_target: "yes" })`,
    run: () => F.kl_div(x(), x(), { log_target: "yes" as never }),
    error: TypeError,
    message: /log_target must be a boolean, got "yes"/,
  },
  {
    area: "Options",
    input: `F.kl_div(x, x, "sum")`,
    run: () => F.kl_div(x(), x(), "sum" as never),
    error: TypeError,
    message: /options must be an object, got "sum"/,
  },
  {
    area: "Options",
    input: `nn.KLDivLoss({ reduction: "elementwise_mean" })`,
    run: () => nn.KLDivLoss({ reduction: "elementwise_mean" as never }),
    error: RangeError,
    message: /KLDivLoss: unknown reduction "elementwise_mean"; expected one of "none", "sum"/,
  },
  {
    area: "Options",
    input: "nn.KLDivLoss({ size_averag: false })",
    run: () => nn.KLDivLoss({ size_averag: false } as never),
    error: TypeError,
    message:
      /unknown option "size_averag"; expected "reduction", "log_target", "size_average", "reduce"/,
  },
  {
    area: "Options",
    input: "allclose(x, x, { rtol: -1 })",
    run: () => allclose(x(), x(), { rtol: -1 }),
    error: RangeError,
    message: /rtol must be a non-negative number, got number -1/,
  },
  {
    area: "Options",
    input: `allclose(x, x, { equal_nan: "yes" })`,
    run: () => allclose(x(), x(), { equal_nan: "yes" as never }),
    error: TypeError,
    message: /allclose: equal_nan must be a boolean, got "yes"/,
  },
  {
    area: "Options",
    input: `assert_close(x, x, { check_dtype: 0 })`,
    run: () => assert_close(x(), x(), { check_dtype: 0 as never }),
    error: TypeError,
    message: /assert_close: check_dtype must be a boolean, got number 0/,
  },
  {
    area: "Options",
    input: "assert_close(x, x, { tol: 1 })",
    run: () => assert_close(x(), x(), { tol: 1 } as never),
    error: TypeError,
    message: /unknown option "tol"; expected "rtol", "atol", "equal_nan"/,
  },
  // Operands and shapes.
  {
    area: "Shapes and operands",
    input: "x.add(tensor([1, 2, 3, 4]))",
    run: () => x().add(tensor([1, 2, 3, 4])),
    error: RangeError,
    message:
      /add: shapes torch\.Size\(\[2, 3\]\) and torch\.Size\(\[4\]\) do not broadcast: the size of tensor a \(3\) must match the size of tensor b \(4\) at non-singleton dimension 1/,
  },
  {
    area: "Shapes and operands",
    input: "F.kl_div(x, x.reshape(3, 2))",
    run: () => F.kl_div(x(), x().reshape(3, 2)),
    error: RangeError,
    message:
      /kl_div: shapes torch\.Size\(\[2, 3\]\) and torch\.Size\(\[3, 2\]\) do not broadcast: the size of input \(2\) must match the size of target \(3\)/,
  },
  {
    area: "Shapes and operands",
    input: "allclose(x, tensor([1, 2]))",
    run: () => allclose(x(), tensor([1, 2])),
    error: RangeError,
    message: /allclose: shapes torch\.Size\(\[2, 3\]\) and torch\.Size\(\[2\]\) do not broadcast/,
  },
  {
    area: "Shapes and operands",
    input: `x.add("1")`,
    run: () => x().add("1" as never),
    error: TypeError,
    message: /add\(other\): expected a Tensor, got string/,
  },
  {
    area: "Shapes and operands",
    input: "x.mul([1, 2, 3])",
    run: () => x().mul([1, 2, 3] as never),
    error: TypeError,
    message: /mul\(other\): expected a Tensor, got an array \(wrap it with tensor\(\.\.\.\)\)/,
  },
  {
    area: "Shapes and operands",
    input: "F.kl_div(x, [1, 2])",
    run: () => F.kl_div(x(), [1, 2] as never),
    error: TypeError,
    message: /kl_div\(target\): expected a Tensor, got an array/,
  },
  {
    area: "Shapes and operands",
    input: "F.kl_div(1, x)",
    run: () => F.kl_div(1 as never, x()),
    error: TypeError,
    message: /kl_div\(input\): expected a Tensor, got number/,
  },
  {
    area: "Shapes and operands",
    input: "F.softmax([1, 2], 0)",
    run: () => F.softmax([1, 2] as never, 0),
    error: TypeError,
    message: /softmax\(input\): expected a Tensor, got an array/,
  },
  {
    area: "Shapes and operands",
    input: "x.reshape(4)",
    run: () => x().reshape(4),
    error: RangeError,
    message: /shape '\[4\]' is invalid for input of size 6 \(shape torch\.Size\(\[2, 3\]\)\)/,
  },
  {
    area: "Shapes and operands",
    input: "x.reshape(-1, 4)",
    run: () => x().reshape(-1, 4),
    error: RangeError,
    message: /shape '\[-1, 4\]' is invalid for input of size 6/,
  },
  {
    area: "Shapes and operands",
    input: "x.reshape(-1, -1)",
    run: () => x().reshape(-1, -1),
    error: RangeError,
    message: /only one dimension can be inferred/,
  },
  {
    area: "Shapes and operands",
    input: "x.item()",
    run: () => x().item(),
    error: RangeError,
    message: /only one element tensors can be converted to numbers, this one has 6/,
  },
  // Dims.
  {
    area: "Dims",
    input: "F.softmax(x, 2)",
    run: () => F.softmax(x(), 2),
    error: RangeError,
    message: /softmax: dimension out of range \(expected to be in range of \[-2, 1\], but got 2\)/,
  },
  {
    area: "Dims",
    input: "F.log_softmax(x, -3)",
    run: () => F.log_softmax(x(), -3),
    error: RangeError,
    message:
      /log_softmax: dimension out of range \(expected to be in range of \[-2, 1\], but got -3\)/,
  },
  {
    area: "Dims",
    input: "F.softmax(tensor(3), 1)",
    run: () => F.softmax(tensor(3), 1),
    error: RangeError,
    message: /expected to be in range of \[-1, 0\], but got 1/,
  },
  {
    area: "Dims",
    input: "F.softmax(x)",
    run: () => F.softmax(x(), undefined as never),
    error: TypeError,
    message: /softmax: dim is required \(an integer in the range \[-2, 1\]\)/,
  },
  {
    area: "Dims",
    input: "F.softmax(x, 0.5)",
    run: () => F.softmax(x(), 0.5),
    error: TypeError,
    message: /dim must be an integer in the range \[-2, 1\], got number 0.5/,
  },
  {
    area: "Dims",
    input: `F.log_softmax(x, "1")`,
    run: () => F.log_softmax(x(), "1" as never),
    error: TypeError,
    message: /dim must be an integer in the range \[-2, 1\], got "1"/,
  },
  {
    area: "Dims",
    input: "x.sum(2)",
    run: () => x().sum(2),
    error: RangeError,
    message: /sum: dimension out of range \(expected to be in range of \[-2, 1\], but got 2\)/,
  },
  {
    area: "Dims",
    input: "x.sum([0, -2])",
    run: () => x().sum([0, -2]),
    error: RangeError,
    message: /sum: dim 0 appears multiple times in the list of dims/,
  },
  {
    area: "Dims",
    input: `x.mean(0, "yes")`,
    run: () => x().mean(0, "yes" as never),
    error: TypeError,
    message: /keepdim must be a boolean, got "yes"/,
  },
  {
    area: "Dims",
    input: "x.size(5)",
    run: () => x().size(5),
    error: RangeError,
    message: /size: dimension out of range \(expected to be in range of \[-2, 1\], but got 5\)/,
  },
  {
    area: "Dims",
    input: "tensor(1).size(0)",
    run: () => tensor(1).size(0),
    error: RangeError,
    message: /a 0-dim tensor has no dims; call size\(\) instead/,
  },
  // Backward misuse.
  {
    area: "Backward misuse",
    input: "x.sum().backward()",
    run: () => x().sum().backward(),
    error: Error,
    message: /element 0 of tensors does not require grad and does not have a grad_fn/,
  },
  {
    area: "Backward misuse",
    input: "a.mul(2).backward()",
    run: () => leafX().mul(2).backward(),
    error: Error,
    message:
      /grad can be implicitly created only for scalar outputs; this tensor has shape torch\.Size\(\[2\]\)/,
  },
  {
    area: "Backward misuse",
    input: "a.mul(2).backward(tensor([1, 2, 3]))",
    run: () => leafX().mul(2).backward(tensor([1, 2, 3])),
    error: RangeError,
    message:
      /grad_output\[0\] has a shape of torch\.Size\(\[3\]\) and output\[0\] has a shape of torch\.Size\(\[2\]\)/,
  },
  {
    area: "Backward misuse",
    input: "a.mul(2).backward([1, 1])",
    run: () => leafX().mul(2).backward([1, 1] as never),
    error: TypeError,
    message: /backward\(\): argument 'gradient' \(position 1\) must be a Tensor or null, got/,
  },
  {
    area: "Backward misuse",
    input: "y.backward(); y.backward() with y = a.mul(a).sum()",
    run: () => {
      const a = leafX();
      const y = a.mul(a).sum();
      y.backward();
      y.backward();
    },
    error: Error,
    message:
      /Trying to backward through the graph a second time.*MulBackward0 released its saved tensors.*pass \{ retain_graph: true \}/,
  },
  {
    area: "Backward misuse",
    input: `y.backward({ retain_graph: "yes" })`,
    run: () => leafX().mul(2).sum().backward({ retain_graph: "yes" as never }),
    error: TypeError,
    message: /argument 'retain_graph' must be a boolean or null, got "yes"/,
  },
  {
    area: "Backward misuse",
    input: "y.backward({ inputs: [] })",
    run: () => leafX().mul(2).sum().backward({ inputs: [] }),
    error: RangeError,
    message: /'inputs' argument to backward\(\) cannot be empty/,
  },
  {
    area: "Backward misuse",
    input: "y.backward(null, 1)",
    run: () => leafX().mul(2).sum().backward(null, 1 as never),
    error: TypeError,
    message: /backward\(\): argument 'retain_graph' \(position 2\) must be a boolean or null, got/,
  },
  {
    area: "Backward misuse",
    input: "a.mul(2).requires_grad = false",
    run: () => {
      leafX().mul(2).requires_grad = false;
    },
    error: Error,
    message:
      /only change requires_grad flags of leaf variables; this tensor was made by MulBackward0/,
  },
  {
    area: "Backward misuse",
    input: `a.requires_grad = "yes"`,
    run: () => {
      leafX().requires_grad = "yes" as never;
    },
    error: TypeError,
    message: /requires_grad must be a boolean, got "yes"/,
  },
  {
    area: "Backward misuse",
    input: "a.grad = tensor([1])",
    run: () => {
      leafX().grad = tensor([1]);
    },
    error: RangeError,
    message:
      /assigned grad has shape torch\.Size\(\[1\]\) but the tensor has shape torch\.Size\(\[2\]\)/,
  },
  {
    area: "Backward misuse",
    input: "a.grad = [1, 2]",
    run: () => {
      leafX().grad = [1, 2] as never;
    },
    error: TypeError,
    message: /grad: expected a Tensor, got an array/,
  },
  {
    area: "Charts",
    input: 'plot.line({ s: { x: [1, 2], y: [1, 2] } }, { logy: "yes" })',
    run: () => plot.line({ s: { x: [1, 2], y: [1, 2] } }, { logy: "yes" as never }),
    error: TypeError,
    message: /^line: logy must be a boolean \(true or false\), got "yes"$/,
  },
  {
    area: "Charts",
    input: "plot.bars({ P: zeros(501) })",
    run: () => plot.bars({ P: zeros(501) }),
    error: RangeError,
    message: /^bars: at most 500 categories can be drawn \(MAX_BAR_CATEGORIES\), got 501; /,
  },
  {
    area: "Charts",
    input: 'new Chart({ $schema, mark: "nope" })',
    run: () =>
      new Chart({ $schema: "https://vega.github.io/schema/vega-lite/v5.json", mark: "nope" }),
    error: TypeError,
    message: /^Chart: unknown mark "nope"; expected one of arc, area, bar/,
  },
];

/** Rows for the parts of the API whose bad inputs are tabulated elsewhere in the docs. */
export const PLACEHOLDER_ROWS: readonly string[] = [
  "| CSV and command line | see [the kl command](kl.md#bad-input) | | |",
];

/** The error a bad call throws (fails if it throws nothing). */
function caught(row: BadInput): Error {
  try {
    row.run();
  } catch (e) {
    if (e instanceof Error) return e;
    throw new Error(`${row.input} threw a non-Error: ${String(e)}`);
  }
  throw new Error(`${row.input} did not throw`);
}

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

/** The docs/errors.md table (between the markers), generated from {@linkcode BAD_INPUTS}. */
export function renderBadInputsTable(rows: readonly BadInput[] = BAD_INPUTS): string {
  const lines = [
    "| Area | Bad input | Error | Message |",
    "| --- | --- | --- | --- |",
  ];
  for (const row of rows) {
    const e = caught(row);
    lines.push(
      `| ${row.area} | \`${cell(row.input)}\` | ${e.constructor.name} | ${cell(e.message)} |`,
    );
  }
  return [...lines, ...PLACEHOLDER_ROWS].join("\n");
}

export const START_MARKER = "<!-- bad-inputs:start -->";
export const END_MARKER = "<!-- bad-inputs:end -->";

/**
 * A markdown table with cell padding removed (`deno fmt` pads columns), for comparison.
 */
export function normaliseTable(table: string): string {
  return table.trim().split("\n").map((line) =>
    line.trim().split(/(?<!\\)\|/).map((c) => c.trim()).map((c) => (/^-+$/.test(c) ? "---" : c))
      .join("|")
  ).join("\n");
}

/** The page that holds the table, relative to the repository root. */
export const TABLE_PAGE = "docs/errors.md";

/** The text between the markers, trimmed. */
export function tableSection(page: string): string {
  const start = page.indexOf(START_MARKER);
  const end = page.indexOf(END_MARKER);
  if (start < 0 || end < start) {
    throw new Error(`${TABLE_PAGE} must contain ${START_MARKER} followed by ${END_MARKER}`);
  }
  return page.slice(start + START_MARKER.length, end).trim();
}

for (const row of BAD_INPUTS) {
  Deno.test(`bad input (${row.area}): ${row.input} throws ${row.error.name}`, () => {
    const e = caught(row);
    assert.equal(e.constructor, row.error, `${row.input} threw ${e.constructor.name}`);
    assert.match(e.message, row.message);
  });
}

Deno.test(`bad inputs: the table in ${TABLE_PAGE} is generated from this matrix and matches it`, async () => {
  const page = await Deno.readTextFile(new URL(`../${TABLE_PAGE}`, import.meta.url));
  assert.equal(
    normaliseTable(tableSection(page)),
    normaliseTable(renderBadInputsTable()),
    `${TABLE_PAGE} is out of date: run \`deno run -A tools/bad_inputs_table.ts --write\``,
  );
});
