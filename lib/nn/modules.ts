/**
 * `nn`: modules, as `torch.nn`. The base class `nn.Module` (subclass it; instances are
 * callable), `nn.Parameter`, the layers `Linear`, `Sequential` and `ReLU`, the loss modules
 * (`KLDivLoss`, `CrossEntropyLoss`, `NLLLoss`, `MSELoss`, `L1Loss`, `SmoothL1Loss`, `BCELoss`,
 * `BCEWithLogitsLoss`, `PoissonNLLLoss`), `DistillationLoss`, and the initialisers `nn.init`.
 * Built-in modules work with or without `new`.
 *
 * @module
 */

import { NODE_INSPECT } from "../tensor/inspect.ts";
import { kl_div, type KLDivOptions, type Reduction } from "./kl_div.ts";
import { checkKLDivOptions } from "./kl_div_options.ts";
import type { Tensor } from "../tensor/tensor.ts";
import {
  type BCELossOptions,
  type BCEWithLogitsLossOptions,
  binary_cross_entropy,
  binary_cross_entropy_with_logits,
  cross_entropy,
  type CrossEntropyOptions,
  l1_loss,
  type LossOptions,
  type LossReduction,
  mse_loss,
  nll_loss,
  type NLLLossOptions,
  poisson_nll_loss,
  type PoissonNLLLossOptions,
  smooth_l1_loss,
  type SmoothL1LossOptions,
} from "./losses.ts";
import { checkLossOptions } from "./loss_options.ts";
import * as layers from "./layers.ts";
import * as distillation from "./distillation.ts";
import * as norm_layers from "./norm_layers.ts";
import * as distance_layers from "./distance_layers.ts";
import * as loss_modules from "./loss_modules.ts";

/** A KL divergence loss module: call it like a function, as a torch module. */
export interface KLDivLoss {
  /** Computes `F.kl_div(input, target, { reduction, log_target })`. */
  (input: Tensor, target: Tensor): Tensor;
  /** Same as calling the module. */
  forward(input: Tensor, target: Tensor): Tensor;
  /** The reduction in force. */
  readonly reduction: Reduction;
  /** Whether targets are log-probabilities. */
  readonly log_target: boolean;
}

/** `nn.KLDivLoss(options)` or `new nn.KLDivLoss(options)`; both give a callable module. */
export interface KLDivLossConstructor {
  /** Builds the module. */
  (options?: KLDivOptions): KLDivLoss;
  /** Builds the module. */
  new (options?: KLDivOptions): KLDivLoss;
}

/**
 * The KL divergence loss as a module, like `torch.nn.KLDivLoss`. Options are checked when the
 * module is built; the legacy `size_average` / `reduce` keys are mapped to a reduction then,
 * with torch's deprecation warning.
 *
 * @example The document's method 1
 * ```ts
 * import { F, nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const input = tensor([0.7, 0.1, 0.2], { requires_grad: true });
 * const target = tensor([0.2, 0.5, 0.3]);
 * const kl_loss = nn.KLDivLoss({ reduction: "batchmean" });
 * const output = kl_loss(F.log_softmax(input, 0), F.softmax(target, 0));
 * assert.equal(`${output}`, "tensor(0.0239, grad_fn=<DivBackward0>)");
 * ```
 */
export const KLDivLoss: KLDivLossConstructor = function (options?: KLDivOptions): KLDivLoss {
  // The legacy keys are resolved (and warned about) here, as torch's _Loss.__init__ does.
  const { reduction, log_target } = checkKLDivOptions(options, "KLDivLoss");
  const forward = (input: Tensor, target: Tensor): Tensor =>
    kl_div(input, target, { reduction, log_target });
  // torch's KLDivLoss has no extra_repr: it prints `KLDivLoss()` whatever its options.
  const repr = () => "KLDivLoss()";
  return Object.assign((input: Tensor, target: Tensor) => forward(input, target), {
    forward,
    reduction,
    log_target,
    toString: repr,
    [Symbol.for("Deno.customInspect")]: repr,
    [NODE_INSPECT]: repr,
  });
} as KLDivLossConstructor;

/** What every loss module below has: call it (or `forward`) on `(input, target)`. */
export interface Loss {
  /** Computes the loss with the options given at construction. */
  (input: Tensor, target: Tensor): Tensor;
  /** Same as calling the module. */
  forward(input: Tensor, target: Tensor): Tensor;
  /** The reduction in force (the legacy keys' mapping when they were given). */
  readonly reduction: LossReduction;
}

/** A loss module's constructor: `nn.X(options)` or `new nn.X(options)`, both callable. */
export interface LossConstructor<O, M extends Loss> {
  /** Builds the module, checking the options. */
  (options?: O): M;
  /** Builds the module, checking the options. */
  new (options?: O): M;
}

/** `nn.CrossEntropyLoss`: `F.cross_entropy` with the options given at construction. */
export interface CrossEntropyLoss extends Loss {
  /** Per-class weights, or null. */
  readonly weight: Tensor | null;
  /** The ignored class index. */
  readonly ignore_index: number;
  /** The label smoothing factor. */
  readonly label_smoothing: number;
}

/** `nn.NLLLoss`: `F.nll_loss` with the options given at construction. */
export interface NLLLoss extends Loss {
  /** Per-class weights, or null. */
  readonly weight: Tensor | null;
  /** The ignored class index. */
  readonly ignore_index: number;
}

/** `nn.SmoothL1Loss`: `F.smooth_l1_loss` with the options given at construction. */
export interface SmoothL1Loss extends Loss {
  /** Where the loss turns from quadratic to linear. */
  readonly beta: number;
}

/** `nn.BCELoss`: `F.binary_cross_entropy` with the options given at construction. */
export interface BCELoss extends Loss {
  /** Element weights, or null. */
  readonly weight: Tensor | null;
}

/** `nn.BCEWithLogitsLoss`: `F.binary_cross_entropy_with_logits` with the given options. */
export interface BCEWithLogitsLoss extends BCELoss {
  /** Positive-term weights, or null. */
  readonly pos_weight: Tensor | null;
}

/** `nn.PoissonNLLLoss`: `F.poisson_nll_loss` with the options given at construction. */
export interface PoissonNLLLoss extends Loss {
  /** Whether the input is the log-rate. */
  readonly log_input: boolean;
  /** Whether the Stirling term is added. */
  readonly full: boolean;
  /** Added to the rate before its log when `log_input` is false. */
  readonly eps: number;
}

/** A callable module printing as torch's losses do: `Name()` (none has an extra_repr). */
function lossModule<M extends Loss>(
  name: string,
  forward: (input: Tensor, target: Tensor) => Tensor,
  fields: Omit<M, keyof Loss>,
  reduction: LossReduction,
): M {
  const repr = () => `${name}()`;
  return Object.assign((input: Tensor, target: Tensor) => forward(input, target), {
    ...fields,
    forward,
    reduction,
    toString: repr,
    [Symbol.for("Deno.customInspect")]: repr,
    [NODE_INSPECT]: repr,
  }) as unknown as M;
}

/**
 * The cross entropy loss as a module, like `torch.nn.CrossEntropyLoss`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const criterion = nn.CrossEntropyLoss({ label_smoothing: 0.1 });
 * assert.equal(String(criterion), "CrossEntropyLoss()");
 * const loss = criterion(tensor([[0, 0]]), tensor([1], { dtype: "int64" }));
 * assert.equal(loss.item(), Math.fround(Math.LN2));
 * ```
 */
export const CrossEntropyLoss: LossConstructor<CrossEntropyOptions, CrossEntropyLoss> = function (
  options?: CrossEntropyOptions,
): CrossEntropyLoss {
  const o = checkLossOptions(
    options,
    ["weight", "ignore_index", "label_smoothing"],
    "CrossEntropyLoss",
  );
  const { weight, ignore_index, label_smoothing, reduction } = o;
  return lossModule<CrossEntropyLoss>(
    "CrossEntropyLoss",
    (input, target) =>
      cross_entropy(input, target, { weight, ignore_index, label_smoothing, reduction }),
    { weight, ignore_index, label_smoothing },
    reduction,
  );
} as LossConstructor<CrossEntropyOptions, CrossEntropyLoss>;

/**
 * The negative log likelihood loss as a module, like `torch.nn.NLLLoss`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const criterion = new nn.NLLLoss({ ignore_index: 1 });
 * const loss = criterion(tensor([[-1, -2], [-3, -4]]), tensor([0, 1], { dtype: "int64" }));
 * assert.equal(loss.item(), 1);
 * ```
 */
export const NLLLoss: LossConstructor<NLLLossOptions, NLLLoss> = function (
  options?: NLLLossOptions,
): NLLLoss {
  const { weight, ignore_index, reduction } = checkLossOptions(
    options,
    ["weight", "ignore_index"],
    "NLLLoss",
  );
  return lossModule<NLLLoss>(
    "NLLLoss",
    (input, target) => nll_loss(input, target, { weight, ignore_index, reduction }),
    { weight, ignore_index },
    reduction,
  );
} as LossConstructor<NLLLossOptions, NLLLoss>;

/**
 * The mean squared error as a module, like `torch.nn.MSELoss`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const criterion = nn.MSELoss({ reduction: "sum" });
 * assert.equal(criterion(tensor([1, 2]), tensor([0, 0])).item(), 5);
 * ```
 */
export const MSELoss: LossConstructor<LossOptions, Loss> = function (
  options?: LossOptions,
): Loss {
  const { reduction } = checkLossOptions(options, [], "MSELoss");
  return lossModule<Loss>(
    "MSELoss",
    (input, target) => mse_loss(input, target, { reduction }),
    {},
    reduction,
  );
} as LossConstructor<LossOptions, Loss>;

/**
 * The mean absolute error as a module, like `torch.nn.L1Loss`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(nn.L1Loss()(tensor([1, 2]), tensor([0, 0])).item(), 1.5);
 * ```
 */
export const L1Loss: LossConstructor<LossOptions, Loss> = function (
  options?: LossOptions,
): Loss {
  const { reduction } = checkLossOptions(options, [], "L1Loss");
  return lossModule<Loss>(
    "L1Loss",
    (input, target) => l1_loss(input, target, { reduction }),
    {},
    reduction,
  );
} as LossConstructor<LossOptions, Loss>;

/**
 * The smooth L1 loss as a module, like `torch.nn.SmoothL1Loss`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const criterion = nn.SmoothL1Loss({ beta: 2 });
 * assert.equal(criterion(tensor([0]), tensor([1])).item(), 0.25);
 * ```
 */
export const SmoothL1Loss: LossConstructor<SmoothL1LossOptions, SmoothL1Loss> = function (
  options?: SmoothL1LossOptions,
): SmoothL1Loss {
  const { reduction, beta } = checkLossOptions(options, ["beta"], "SmoothL1Loss");
  return lossModule<SmoothL1Loss>(
    "SmoothL1Loss",
    (input, target) => smooth_l1_loss(input, target, { reduction, beta }),
    { beta },
    reduction,
  );
} as LossConstructor<SmoothL1LossOptions, SmoothL1Loss>;

/**
 * The binary cross entropy as a module, like `torch.nn.BCELoss`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const loss = nn.BCELoss()(tensor([0.5, 0.5]), tensor([1, 0]));
 * assert.equal(loss.item(), Math.fround(Math.LN2));
 * ```
 */
export const BCELoss: LossConstructor<BCELossOptions, BCELoss> = function (
  options?: BCELossOptions,
): BCELoss {
  const { reduction, weight } = checkLossOptions(options, ["weight"], "BCELoss");
  return lossModule<BCELoss>(
    "BCELoss",
    (input, target) => binary_cross_entropy(input, target, { reduction, weight }),
    { weight },
    reduction,
  );
} as LossConstructor<BCELossOptions, BCELoss>;

/**
 * Binary cross entropy on logits as a module, like `torch.nn.BCEWithLogitsLoss`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const criterion = nn.BCEWithLogitsLoss({ pos_weight: tensor([3]) });
 * assert.equal(String(criterion), "BCEWithLogitsLoss()");
 * assert.equal(criterion(tensor([0]), tensor([1])).item(), Math.fround(3 * Math.LN2));
 * ```
 */
export const BCEWithLogitsLoss: LossConstructor<BCEWithLogitsLossOptions, BCEWithLogitsLoss> =
  function (options?: BCEWithLogitsLossOptions): BCEWithLogitsLoss {
    const { reduction, weight, pos_weight } = checkLossOptions(
      options,
      ["weight", "pos_weight"],
      "BCEWithLogitsLoss",
    );
    return lossModule<BCEWithLogitsLoss>(
      "BCEWithLogitsLoss",
      (input, target) =>
        binary_cross_entropy_with_logits(input, target, { reduction, weight, pos_weight }),
      { weight, pos_weight },
      reduction,
    );
  } as LossConstructor<BCEWithLogitsLossOptions, BCEWithLogitsLoss>;

/**
 * The Poisson negative log likelihood as a module, like `torch.nn.PoissonNLLLoss`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const criterion = nn.PoissonNLLLoss({ reduction: "sum" });
 * assert.equal(criterion(tensor([0, 0]), tensor([1, 3])).item(), 2);
 * ```
 */
export const PoissonNLLLoss: LossConstructor<PoissonNLLLossOptions, PoissonNLLLoss> = function (
  options?: PoissonNLLLossOptions,
): PoissonNLLLoss {
  const { reduction, log_input, full, eps } = checkLossOptions(
    options,
    ["log_input", "full", "eps"],
    "PoissonNLLLoss",
  );
  return lossModule<PoissonNLLLoss>(
    "PoissonNLLLoss",
    (input, target) => poisson_nll_loss(input, target, { reduction, log_input, full, eps }),
    { log_input, full, eps },
    reduction,
  );
} as LossConstructor<PoissonNLLLossOptions, PoissonNLLLoss>;
// ---- nn.Module, layers and init (lib/nn/module.ts, layers.ts, init.ts) ----
export * from "./module.ts";
export * from "./parameter.ts";
export type { LinearOptions } from "./layers.ts";
export * as init from "./init.ts";

/** A class that can also be called without `new`, as torch's module classes are. */
// deno-lint-ignore no-explicit-any
export type CallableClass<C extends new (...args: any[]) => any> =
  & C
  & ((...args: ConstructorParameters<C>) => InstanceType<C>);

// deno-lint-ignore no-explicit-any
function callable<C extends new (...args: any[]) => any>(cls: C): CallableClass<C> {
  // A Proxy keeps the class itself (prototype, instanceof, extends) and adds the call.
  return new Proxy(cls, { apply: (target, _this, args) => new target(...args) }) as CallableClass<
    C
  >;
}

/** `nn.Linear(in_features, out_features, { bias })`: see {@linkcode layers.Linear}. */
export const Linear: CallableClass<typeof layers.Linear> = callable(layers.Linear);
/** A Linear layer instance. */
export type Linear = layers.Linear;
/** `nn.Sequential(...modules)`: see {@linkcode layers.Sequential}. */
export const Sequential: CallableClass<typeof layers.Sequential> = callable(layers.Sequential);
/** A Sequential container instance. */
export type Sequential = layers.Sequential;
/** `nn.ReLU()`: see {@linkcode layers.ReLU}. */
export const ReLU: CallableClass<typeof layers.ReLU> = callable(layers.ReLU);
/** A ReLU module instance. */
export type ReLU = layers.ReLU;
/** `nn.DistillationLoss({ temperature, alpha })`: see {@linkcode distillation.DistillationLoss}. */
export const DistillationLoss: CallableClass<typeof distillation.DistillationLoss> = callable(
  distillation.DistillationLoss,
);
/** A DistillationLoss instance. */
export type DistillationLoss = distillation.DistillationLoss;
export type { DistillationLossOptions } from "./distillation.ts";

// ---- Activation, container and utility modules ----
import * as activation_modules from "./modules/activation.ts";
import * as container_modules from "./modules/container.ts";
import * as dropout_modules from "./modules/dropout.ts";
import * as flatten_modules from "./modules/flatten.ts";
import * as sparse_modules from "./modules/sparse.ts";
// lib/nn/modules/activation.ts
/** `nn.SELU`: see {@linkcode activation_modules.SELU}. */
export const SELU: CallableClass<typeof activation_modules.SELU> = callable(
  activation_modules.SELU,
);
/** An `nn.SELU` instance. */
export type SELU = activation_modules.SELU;
/** `nn.SiLU`: see {@linkcode activation_modules.SiLU}. */
export const SiLU: CallableClass<typeof activation_modules.SiLU> = callable(
  activation_modules.SiLU,
);
/** An `nn.SiLU` instance. */
export type SiLU = activation_modules.SiLU;
/** `nn.Mish`: see {@linkcode activation_modules.Mish}. */
export const Mish: CallableClass<typeof activation_modules.Mish> = callable(
  activation_modules.Mish,
);
/** An `nn.Mish` instance. */
export type Mish = activation_modules.Mish;
/** `nn.Hardsigmoid`: see {@linkcode activation_modules.Hardsigmoid}. */
export const Hardsigmoid: CallableClass<typeof activation_modules.Hardsigmoid> = callable(
  activation_modules.Hardsigmoid,
);
/** An `nn.Hardsigmoid` instance. */
export type Hardsigmoid = activation_modules.Hardsigmoid;
/** `nn.Hardswish`: see {@linkcode activation_modules.Hardswish}. */
export const Hardswish: CallableClass<typeof activation_modules.Hardswish> = callable(
  activation_modules.Hardswish,
);
/** An `nn.Hardswish` instance. */
export type Hardswish = activation_modules.Hardswish;
/** `nn.Hardtanh`: see {@linkcode activation_modules.Hardtanh}. */
export const Hardtanh: CallableClass<typeof activation_modules.Hardtanh> = callable(
  activation_modules.Hardtanh,
);
/** An `nn.Hardtanh` instance. */
export type Hardtanh = activation_modules.Hardtanh;
/** `nn.ReLU6`: see {@linkcode activation_modules.ReLU6}. */
export const ReLU6: CallableClass<typeof activation_modules.ReLU6> = callable(
  activation_modules.ReLU6,
);
/** An `nn.ReLU6` instance. */
export type ReLU6 = activation_modules.ReLU6;
/** `nn.ELU`: see {@linkcode activation_modules.ELU}. */
export const ELU: CallableClass<typeof activation_modules.ELU> = callable(activation_modules.ELU);
/** An `nn.ELU` instance. */
export type ELU = activation_modules.ELU;
/** `nn.CELU`: see {@linkcode activation_modules.CELU}. */
export const CELU: CallableClass<typeof activation_modules.CELU> = callable(
  activation_modules.CELU,
);
/** An `nn.CELU` instance. */
export type CELU = activation_modules.CELU;
/** `nn.GELU`: see {@linkcode activation_modules.GELU}. */
export const GELU: CallableClass<typeof activation_modules.GELU> = callable(
  activation_modules.GELU,
);
/** An `nn.GELU` instance. */
export type GELU = activation_modules.GELU;
/** `nn.LeakyReLU`: see {@linkcode activation_modules.LeakyReLU}. */
export const LeakyReLU: CallableClass<typeof activation_modules.LeakyReLU> = callable(
  activation_modules.LeakyReLU,
);
/** An `nn.LeakyReLU` instance. */
export type LeakyReLU = activation_modules.LeakyReLU;
/** `nn.PReLU`: see {@linkcode activation_modules.PReLU}. */
export const PReLU: CallableClass<typeof activation_modules.PReLU> = callable(
  activation_modules.PReLU,
);
/** An `nn.PReLU` instance. */
export type PReLU = activation_modules.PReLU;
/** `nn.RReLU`: see {@linkcode activation_modules.RReLU}. */
export const RReLU: CallableClass<typeof activation_modules.RReLU> = callable(
  activation_modules.RReLU,
);
/** An `nn.RReLU` instance. */
export type RReLU = activation_modules.RReLU;
/** `nn.Hardshrink`: see {@linkcode activation_modules.Hardshrink}. */
export const Hardshrink: CallableClass<typeof activation_modules.Hardshrink> = callable(
  activation_modules.Hardshrink,
);
/** An `nn.Hardshrink` instance. */
export type Hardshrink = activation_modules.Hardshrink;
/** `nn.Softshrink`: see {@linkcode activation_modules.Softshrink}. */
export const Softshrink: CallableClass<typeof activation_modules.Softshrink> = callable(
  activation_modules.Softshrink,
);
/** An `nn.Softshrink` instance. */
export type Softshrink = activation_modules.Softshrink;
/** `nn.Threshold`: see {@linkcode activation_modules.Threshold}. */
export const Threshold: CallableClass<typeof activation_modules.Threshold> = callable(
  activation_modules.Threshold,
);
/** An `nn.Threshold` instance. */
export type Threshold = activation_modules.Threshold;
/** `nn.Softplus`: see {@linkcode activation_modules.Softplus}. */
export const Softplus: CallableClass<typeof activation_modules.Softplus> = callable(
  activation_modules.Softplus,
);
/** An `nn.Softplus` instance. */
export type Softplus = activation_modules.Softplus;
/** `nn.Tanhshrink`: see {@linkcode activation_modules.Tanhshrink}. */
export const Tanhshrink: CallableClass<typeof activation_modules.Tanhshrink> = callable(
  activation_modules.Tanhshrink,
);
/** An `nn.Tanhshrink` instance. */
export type Tanhshrink = activation_modules.Tanhshrink;
/** `nn.Softsign`: see {@linkcode activation_modules.Softsign}. */
export const Softsign: CallableClass<typeof activation_modules.Softsign> = callable(
  activation_modules.Softsign,
);
/** An `nn.Softsign` instance. */
export type Softsign = activation_modules.Softsign;
/** `nn.Sigmoid`: see {@linkcode activation_modules.Sigmoid}. */
export const Sigmoid: CallableClass<typeof activation_modules.Sigmoid> = callable(
  activation_modules.Sigmoid,
);
/** An `nn.Sigmoid` instance. */
export type Sigmoid = activation_modules.Sigmoid;
/** `nn.Tanh`: see {@linkcode activation_modules.Tanh}. */
export const Tanh: CallableClass<typeof activation_modules.Tanh> = callable(
  activation_modules.Tanh,
);
/** An `nn.Tanh` instance. */
export type Tanh = activation_modules.Tanh;
/** `nn.LogSigmoid`: see {@linkcode activation_modules.LogSigmoid}. */
export const LogSigmoid: CallableClass<typeof activation_modules.LogSigmoid> = callable(
  activation_modules.LogSigmoid,
);
/** An `nn.LogSigmoid` instance. */
export type LogSigmoid = activation_modules.LogSigmoid;
/** `nn.GLU`: see {@linkcode activation_modules.GLU}. */
export const GLU: CallableClass<typeof activation_modules.GLU> = callable(activation_modules.GLU);
/** An `nn.GLU` instance. */
export type GLU = activation_modules.GLU;
/** `nn.Softmax`: see {@linkcode activation_modules.Softmax}. */
export const Softmax: CallableClass<typeof activation_modules.Softmax> = callable(
  activation_modules.Softmax,
);
/** An `nn.Softmax` instance. */
export type Softmax = activation_modules.Softmax;
/** `nn.LogSoftmax`: see {@linkcode activation_modules.LogSoftmax}. */
export const LogSoftmax: CallableClass<typeof activation_modules.LogSoftmax> = callable(
  activation_modules.LogSoftmax,
);
/** An `nn.LogSoftmax` instance. */
export type LogSoftmax = activation_modules.LogSoftmax;
/** `nn.Softmin`: see {@linkcode activation_modules.Softmin}. */
export const Softmin: CallableClass<typeof activation_modules.Softmin> = callable(
  activation_modules.Softmin,
);
/** An `nn.Softmin` instance. */
export type Softmin = activation_modules.Softmin;
// lib/nn/modules/container.ts
/** `nn.ModuleList`: see {@linkcode container_modules.ModuleList}. */
export const ModuleList: CallableClass<typeof container_modules.ModuleList> = callable(
  container_modules.ModuleList,
);
/** An `nn.ModuleList` instance. */
export type ModuleList = container_modules.ModuleList;
/** `nn.ModuleDict`: see {@linkcode container_modules.ModuleDict}. */
export const ModuleDict: CallableClass<typeof container_modules.ModuleDict> = callable(
  container_modules.ModuleDict,
);
/** An `nn.ModuleDict` instance. */
export type ModuleDict = container_modules.ModuleDict;
/** `nn.ParameterList`: see {@linkcode container_modules.ParameterList}. */
export const ParameterList: CallableClass<typeof container_modules.ParameterList> = callable(
  container_modules.ParameterList,
);
/** An `nn.ParameterList` instance. */
export type ParameterList = container_modules.ParameterList;
/** `nn.ParameterDict`: see {@linkcode container_modules.ParameterDict}. */
export const ParameterDict: CallableClass<typeof container_modules.ParameterDict> = callable(
  container_modules.ParameterDict,
);
/** An `nn.ParameterDict` instance. */
export type ParameterDict = container_modules.ParameterDict;
// lib/nn/modules/dropout.ts
/** `nn.Dropout`: see {@linkcode dropout_modules.Dropout}. */
export const Dropout: CallableClass<typeof dropout_modules.Dropout> = callable(
  dropout_modules.Dropout,
);
/** An `nn.Dropout` instance. */
export type Dropout = dropout_modules.Dropout;
/** `nn.AlphaDropout`: see {@linkcode dropout_modules.AlphaDropout}. */
export const AlphaDropout: CallableClass<typeof dropout_modules.AlphaDropout> = callable(
  dropout_modules.AlphaDropout,
);
/** An `nn.AlphaDropout` instance. */
export type AlphaDropout = dropout_modules.AlphaDropout;
// lib/nn/modules/flatten.ts
/** `nn.Identity`: see {@linkcode flatten_modules.Identity}. */
export const Identity: CallableClass<typeof flatten_modules.Identity> = callable(
  flatten_modules.Identity,
);
/** An `nn.Identity` instance. */
export type Identity = flatten_modules.Identity;
/** `nn.Flatten`: see {@linkcode flatten_modules.Flatten}. */
export const Flatten: CallableClass<typeof flatten_modules.Flatten> = callable(
  flatten_modules.Flatten,
);
/** An `nn.Flatten` instance. */
export type Flatten = flatten_modules.Flatten;
/** `nn.Unflatten`: see {@linkcode flatten_modules.Unflatten}. */
export const Unflatten: CallableClass<typeof flatten_modules.Unflatten> = callable(
  flatten_modules.Unflatten,
);
/** An `nn.Unflatten` instance. */
export type Unflatten = flatten_modules.Unflatten;
// lib/nn/modules/sparse.ts
/** `nn.Embedding`: see {@linkcode sparse_modules.Embedding}. */
export const Embedding: CallableClass<typeof sparse_modules.Embedding> = callable(
  sparse_modules.Embedding,
);
/** An `nn.Embedding` instance. */
export type Embedding = sparse_modules.Embedding;
export type { PReLUOptions } from "./modules/activation.ts";
export type { DropoutModuleOptions } from "./modules/dropout.ts";
export type { EmbeddingModuleOptions, FromPretrainedOptions } from "./modules/sparse.ts";
export * as utils from "./utils/mod.ts";
// ---- end of Activation, container and utility modules ----

// ---- Normalization, distance, padding modules and more losses ----
/** `nn.LayerNorm(normalized_shape, { eps, elementwise_affine })`: see {@linkcode norm_layers.LayerNorm}. */
export const LayerNorm: CallableClass<typeof norm_layers.LayerNorm> = callable(
  norm_layers.LayerNorm,
);
/** A LayerNorm instance. */
export type LayerNorm = norm_layers.LayerNorm;
/** `nn.BatchNorm1d(num_features, { eps, momentum, affine, track_running_stats })`. */
export const BatchNorm1d: CallableClass<typeof norm_layers.BatchNorm1d> = callable(
  norm_layers.BatchNorm1d,
);
/** A BatchNorm1d instance. */
export type BatchNorm1d = norm_layers.BatchNorm1d;
/** `nn.GroupNorm(num_groups, num_channels, { eps, affine })`: see {@linkcode norm_layers.GroupNorm}. */
export const GroupNorm: CallableClass<typeof norm_layers.GroupNorm> = callable(
  norm_layers.GroupNorm,
);
/** A GroupNorm instance. */
export type GroupNorm = norm_layers.GroupNorm;
/** `nn.Bilinear(in1_features, in2_features, out_features, { bias })`: see {@linkcode norm_layers.Bilinear}. */
export const Bilinear: CallableClass<typeof norm_layers.Bilinear> = callable(norm_layers.Bilinear);
/** A Bilinear instance. */
export type Bilinear = norm_layers.Bilinear;
/** `nn.CosineSimilarity({ dim, eps })`: see {@linkcode distance_layers.CosineSimilarity}. */
export const CosineSimilarity: CallableClass<typeof distance_layers.CosineSimilarity> = callable(
  distance_layers.CosineSimilarity,
);
/** A CosineSimilarity instance. */
export type CosineSimilarity = distance_layers.CosineSimilarity;
/** `nn.PairwiseDistance({ p, eps, keepdim })`: see {@linkcode distance_layers.PairwiseDistance}. */
export const PairwiseDistance: CallableClass<typeof distance_layers.PairwiseDistance> = callable(
  distance_layers.PairwiseDistance,
);
/** A PairwiseDistance instance. */
export type PairwiseDistance = distance_layers.PairwiseDistance;
/** `nn.HuberLoss`: see {@linkcode loss_modules.HuberLoss}. */
export const HuberLoss: CallableClass<typeof loss_modules.HuberLoss> = callable(
  loss_modules.HuberLoss,
);
/** A HuberLoss instance. */
export type HuberLoss = loss_modules.HuberLoss;
/** `nn.GaussianNLLLoss`: see {@linkcode loss_modules.GaussianNLLLoss}. */
export const GaussianNLLLoss: CallableClass<typeof loss_modules.GaussianNLLLoss> = callable(
  loss_modules.GaussianNLLLoss,
);
/** A GaussianNLLLoss instance. */
export type GaussianNLLLoss = loss_modules.GaussianNLLLoss;
/** `nn.MarginRankingLoss`: see {@linkcode loss_modules.MarginRankingLoss}. */
export const MarginRankingLoss: CallableClass<typeof loss_modules.MarginRankingLoss> = callable(
  loss_modules.MarginRankingLoss,
);
/** A MarginRankingLoss instance. */
export type MarginRankingLoss = loss_modules.MarginRankingLoss;
/** `nn.HingeEmbeddingLoss`: see {@linkcode loss_modules.HingeEmbeddingLoss}. */
export const HingeEmbeddingLoss: CallableClass<typeof loss_modules.HingeEmbeddingLoss> = callable(
  loss_modules.HingeEmbeddingLoss,
);
/** A HingeEmbeddingLoss instance. */
export type HingeEmbeddingLoss = loss_modules.HingeEmbeddingLoss;
/** `nn.SoftMarginLoss`: see {@linkcode loss_modules.SoftMarginLoss}. */
export const SoftMarginLoss: CallableClass<typeof loss_modules.SoftMarginLoss> = callable(
  loss_modules.SoftMarginLoss,
);
/** A SoftMarginLoss instance. */
export type SoftMarginLoss = loss_modules.SoftMarginLoss;
/** `nn.MultiLabelSoftMarginLoss`: see {@linkcode loss_modules.MultiLabelSoftMarginLoss}. */
export const MultiLabelSoftMarginLoss: CallableClass<typeof loss_modules.MultiLabelSoftMarginLoss> =
  callable(loss_modules.MultiLabelSoftMarginLoss);
/** A MultiLabelSoftMarginLoss instance. */
export type MultiLabelSoftMarginLoss = loss_modules.MultiLabelSoftMarginLoss;
/** `nn.MultiLabelMarginLoss`: see {@linkcode loss_modules.MultiLabelMarginLoss}. */
export const MultiLabelMarginLoss: CallableClass<typeof loss_modules.MultiLabelMarginLoss> =
  callable(loss_modules.MultiLabelMarginLoss);
/** A MultiLabelMarginLoss instance. */
export type MultiLabelMarginLoss = loss_modules.MultiLabelMarginLoss;
/** `nn.MultiMarginLoss`: see {@linkcode loss_modules.MultiMarginLoss}. */
export const MultiMarginLoss: CallableClass<typeof loss_modules.MultiMarginLoss> = callable(
  loss_modules.MultiMarginLoss,
);
/** A MultiMarginLoss instance. */
export type MultiMarginLoss = loss_modules.MultiMarginLoss;
/** `nn.CosineEmbeddingLoss`: see {@linkcode loss_modules.CosineEmbeddingLoss}. */
export const CosineEmbeddingLoss: CallableClass<typeof loss_modules.CosineEmbeddingLoss> = callable(
  loss_modules.CosineEmbeddingLoss,
);
/** A CosineEmbeddingLoss instance. */
export type CosineEmbeddingLoss = loss_modules.CosineEmbeddingLoss;
/** `nn.TripletMarginLoss`: see {@linkcode loss_modules.TripletMarginLoss}. */
export const TripletMarginLoss: CallableClass<typeof loss_modules.TripletMarginLoss> = callable(
  loss_modules.TripletMarginLoss,
);
/** A TripletMarginLoss instance. */
export type TripletMarginLoss = loss_modules.TripletMarginLoss;
/** `nn.TripletMarginWithDistanceLoss`: see {@linkcode loss_modules.TripletMarginWithDistanceLoss}. */
export const TripletMarginWithDistanceLoss: CallableClass<
  typeof loss_modules.TripletMarginWithDistanceLoss
> = callable(loss_modules.TripletMarginWithDistanceLoss);
/** A TripletMarginWithDistanceLoss instance. */
export type TripletMarginWithDistanceLoss = loss_modules.TripletMarginWithDistanceLoss;
// ---- end of Normalization, distance, padding modules and more losses ----
