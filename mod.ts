/**
 * kldiv: KL divergence with PyTorch-faithful tensors for Deno.
 *
 * Names, option keys, numbers, gradients and printed output follow PyTorch, so code from a
 * PyTorch notebook ports line by line:
 *
 * ```ts
 * import { F, nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const input = tensor([0.7, 0.1, 0.2], { requires_grad: true });
 * const target = tensor([0.2, 0.5, 0.3]);
 * const kl_loss = nn.KLDivLoss({ reduction: "batchmean" });
 * const output = kl_loss(F.log_softmax(input, 0), F.softmax(target, 0));
 * assert.equal(`${output}`, "tensor(0.0239, grad_fn=<DivBackward0>)");
 *
 * output.backward();
 * assert.equal(String(input.grad), "tensor([ 0.0582, -0.0454, -0.0128])");
 * ```
 *
 * @module
 */

export type { BackwardOptions, NestedNumbers, NestedValues } from "./lib/tensor/tensor.ts";
export { arange, full, ones, rand, randn, tensor, zeros } from "./lib/ops/create.ts";
export type {
  NestedBigInts,
  NestedBooleans,
  NestedScalars,
  SizeArgs,
  TensorData,
  TensorDataOptions,
  TensorOptions,
} from "./lib/ops/create.ts";
export { initial_seed, manual_seed } from "./lib/tensor/random.ts";
export { allclose, assert_close } from "./lib/ops/close.ts";
export type { AssertCloseOptions, CloseOptions } from "./lib/ops/close.ts";
export { AccumulateGrad, is_grad_enabled, no_grad, Node } from "./lib/tensor/autograd.ts";
export type { BackwardFn, Edge } from "./lib/tensor/autograd.ts";
export { resultType as result_type, where } from "./lib/ops/elementwise.ts";
export { chunk, split, unbind } from "./lib/ops/view.ts";
export type { DivOptions } from "./lib/ops/elementwise.ts";
export type { Index } from "./lib/ops/indexing.ts";
export type { Data, DType, FloatDType } from "./lib/tensor/dtype.ts";
export { get_default_dtype, set_default_dtype } from "./lib/tensor/dtype.ts";
export * as F from "./lib/nn/functional.ts";
export * as nn from "./lib/nn/modules.ts";
// torch.cosine_similarity, torch.pairwise_distance, torch.pdist (nn-norm, lib/nn/distance.ts).
export { cosine_similarity, pairwise_distance, pdist } from "./lib/nn/distance.ts";
// Gather, scatter, masks, joins and creation helpers (lib/ops/gather.ts, lib/ops/create.ts).
export {
  all,
  any,
  argmax,
  argmin,
  cat,
  count_nonzero,
  gather,
  index_fill,
  index_select,
  masked_select,
  nonzero,
  scatter,
  scatter_add,
  stack,
  take_along_dim,
} from "./lib/ops/gather.ts";
export type { NonzeroOptions, ScatterOptions } from "./lib/ops/gather.ts";
export {
  empty,
  eye,
  full_like,
  linspace,
  multinomial,
  ones_like,
  rand_like,
  randint,
  randn_like,
  zeros_like,
} from "./lib/ops/create.ts";
// Elementwise math (lib/ops/math.ts).
export {
  abs,
  ceil,
  clamp,
  clamp_max,
  clamp_min,
  exp,
  expm1,
  floor,
  isfinite,
  isinf,
  isnan,
  lerp,
  log,
  log10,
  log1p,
  log2,
  log_softmax,
  maximum,
  minimum,
  nan_to_num,
  neg,
  pow,
  reciprocal,
  relu,
  round,
  rsqrt,
  sigmoid,
  sign,
  softmax,
  sqrt,
  square,
  tanh,
} from "./lib/ops/math.ts";
export type { ClampOptions, NanToNumOptions, RoundOptions } from "./lib/ops/math.ts";
// Reductions over dims and sorting (lib/ops/reduce_dims.ts).
export { mean, sum } from "./lib/ops/reduce.ts";
export {
  amax,
  amin,
  cumsum,
  logsumexp,
  max,
  min,
  norm,
  prod,
  sort,
  std,
  topk,
  ValuesIndices,
  variance as var,
} from "./lib/ops/reduce_dims.ts";
export type { Dims, NormOptions, SortOptions, VarOptions } from "./lib/ops/reduce_dims.ts";
// Linear algebra (lib/ops/linalg.ts).
export { bmm, dot, matmul, mm, mv, outer } from "./lib/ops/linalg.ts";
// Distributions (lib/distributions/).
export * as distributions from "./lib/distributions/mod.ts";
// Optimisers (lib/optim/).
export * as optim from "./lib/optim/mod.ts";
// The divergence family (lib/divergence/).
export * as divergence from "./lib/divergence/mod.ts";

// ---- Creation, devices, dtypes, random, views and indexing (issue 19) ----
export {
  as_tensor,
  BoolTensor,
  clone,
  detach,
  DoubleTensor,
  FloatTensor,
  is_floating_point,
  is_tensor,
  LongTensor,
  numel,
} from "./lib/ops/legacy.ts";
export { Tensor } from "./lib/ops/tensor_class.ts";
// The class itself, under a second name: `Tensor` is it seen through a Proxy that adds torch's
// legacy call `Tensor(...)`; exported so the docs of every function that takes a tensor link it.
export { Tensor as TensorClass } from "./lib/tensor/tensor.ts";
export type { TensorConstructor } from "./lib/ops/tensor_class.ts";
export type {
  AsTensorOptions,
  LegacyArgs,
  LegacyOptions,
  NewOptions,
  NewSizeArgs,
  TypedConstructor,
} from "./lib/ops/legacy.ts";
export type { DiagonalOptions, RollOptions, TensorSplitOptions } from "./lib/ops/arrange.ts";
export type { ToArgs, ToOptions } from "./lib/ops/convert.ts";
export { device } from "./lib/tensor/device.ts";
export type { DeviceClass, DeviceConstructor } from "./lib/tensor/device.ts";
export * as cuda from "./lib/tensor/cuda.ts";
export {
  bool,
  can_cast,
  double,
  FInfo,
  finfo,
  float,
  float32,
  float64,
  IInfo,
  iinfo,
  int64,
  long,
  promote_types,
} from "./lib/tensor/dtype.ts";
export {
  default_generator,
  Generator,
  get_rng_state,
  RandomGenerator,
  seed,
  set_rng_state,
} from "./lib/tensor/random.ts";
export type { GeneratorConstructor } from "./lib/tensor/random.ts";
export { bernoulli, normal, poisson, randint_like, randperm } from "./lib/ops/random.ts";
export type { GeneratorOptions, NormalOptions } from "./lib/ops/random.ts";
export { empty_like, logspace } from "./lib/ops/create.ts";
export type { RandomOptions, RandomSizeArgs } from "./lib/ops/create.ts";
export {
  argwhere,
  column_stack,
  concat,
  diag,
  diag_embed,
  diagflat,
  diagonal,
  flatten,
  flip,
  fliplr,
  flipud,
  hstack,
  index_add,
  index_copy,
  masked_scatter,
  meshgrid,
  narrow,
  permute,
  repeat_interleave,
  reshape,
  roll,
  select,
  squeeze,
  swapaxes,
  t,
  take,
  tensor_split,
  tile,
  trace,
  transpose,
  tril,
  tril_indices,
  triu,
  triu_indices,
  unsqueeze,
  vstack,
} from "./lib/ops/arrange.ts";
export {
  broadcast_shapes,
  broadcast_tensors,
  broadcast_to,
  movedim,
  movedim as moveaxis,
  unflatten,
} from "./lib/ops/view.ts";
// ---- end of Creation, devices, dtypes, random, views and indexing ----

// ---- Elementwise math, comparisons, reductions, sorting (issue 19) ----
export {
  acos,
  acos as arccos,
  acosh,
  acosh as arccosh,
  asin,
  asin as arcsin,
  asinh,
  asinh as arcsinh,
  atan,
  atan as arctan,
  atanh,
  atanh as arctanh,
  cos,
  cosh,
  frac,
  sgn,
  sin,
  sinh,
  tan,
  trunc,
  trunc as fix,
} from "./lib/ops/math.ts";
export {
  absolute,
  add,
  addcdiv,
  addcmul,
  arctan2,
  atan2,
  clip,
  div,
  divide,
  eq,
  equal,
  float_power,
  floor_divide,
  fmax,
  fmin,
  fmod,
  ge,
  greater,
  greater_equal,
  gt,
  hypot,
  isclose,
  isneginf,
  isposinf,
  le,
  less,
  less_equal,
  logaddexp,
  logaddexp2,
  logical_and,
  logical_not,
  logical_or,
  logical_xor,
  lt,
  mul,
  multiply,
  ne,
  negative,
  not_equal,
  remainder,
  sub,
  subtract,
  true_divide,
} from "./lib/ops/binary_math.ts";
export type { AlphaOptions, ClipOptions, IscloseOptions } from "./lib/ops/binary_math.ts";
export { MinMax, NamedTuple, TensorTuple } from "./lib/ops/return_types.ts";
export {
  aminmax,
  median,
  mode,
  nanmean,
  nanmedian,
  nanquantile,
  nansum,
  quantile,
  std_mean,
  var_mean,
} from "./lib/ops/statistics.ts";
export type { MomentsOptions, NanReduceOptions, QuantileOptions } from "./lib/ops/statistics.ts";
export type { SumOptions } from "./lib/ops/reduce.ts";
export type { ProdOptions, TopkOptions } from "./lib/ops/reduce_dims.ts";
export type { SoftmaxOptions } from "./lib/ops/softmax.ts";
export { cummax, cummin, cumprod, logcumsumexp } from "./lib/ops/cumulative.ts";
export {
  argsort,
  bincount,
  bucketize,
  histc,
  kthvalue,
  msort,
  searchsorted,
  unique,
  unique_consecutive,
} from "./lib/ops/sorting.ts";
export type { ArgsortOptions, SearchOptions, UniqueOptions } from "./lib/ops/sorting.ts";
export {
  addmm,
  addmv,
  baddbmm,
  cdist,
  dist,
  einsum,
  ger,
  kron,
  tensordot,
} from "./lib/ops/products.ts";
export type { BetaAlphaOptions, CdistOptions, TensordotDims } from "./lib/ops/products.ts";
// ---- end of Elementwise math, comparisons, reductions, sorting ----

// ---- Special functions (lib/special/) ----
export * as special from "./lib/special/mod.ts";
export {
  digamma,
  erf,
  erfc,
  erfinv,
  exp2,
  i0,
  logit,
  polygamma,
  sinc,
  xlogy,
} from "./lib/special/functions.ts";
export { lgamma, mvlgamma } from "./lib/special/gamma.ts";
export { igamma, igammac } from "./lib/special/igamma.ts";
// ---- end of Special functions ----

// ---- Linear algebra (lib/linalg/) ----
export * as linalg from "./lib/linalg/mod.ts";
export {
  cholesky,
  det,
  inverse,
  logdet,
  matrix_exp,
  matrix_power,
  pinverse,
  slogdet,
} from "./lib/linalg/legacy.ts";
export type { CholeskyOptions, SlogdetResult } from "./lib/linalg/mod.ts";
export { ReturnTuple } from "./lib/ops/return_types.ts";
// ---- end of Linear algebra ----

// ---- Autograd (lib/autograd/) ----
export * as autograd from "./lib/autograd/mod.ts";
export { enable_grad, inference_mode, set_grad_enabled } from "./lib/autograd/grad_mode.ts";
export type { InferenceModeOptions } from "./lib/autograd/grad_mode.ts";
export type { GradHook, RemovableHandle } from "./lib/tensor/autograd.ts";
// ---- end of Autograd ----

// ---- torch.save / torch.load (lib/io/) ----
export { load, save } from "./lib/io/torch_file.ts";
export type { FileLike, LoadOptions } from "./lib/io/torch_file.ts";
// ---- end of torch.save / torch.load ----

// ---- Matrix products (issue 23) ----
export {
  type Float32MatmulPrecision,
  get_float32_matmul_precision,
  set_float32_matmul_precision,
} from "./lib/ops/matmul_precision.ts";
// ---- end of Matrix products ----

// ---- Memory limits (issue 22) ----
export {
  get_max_allocation_bytes,
  MAX_ALLOCATION_BYTES,
  set_max_allocation_bytes,
} from "./lib/tensor/limits.ts";
// ---- end of Memory limits ----
