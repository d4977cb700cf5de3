/**
 * `nn.Module`, the base class of models.
 *
 * A module instance is callable like torch's: `model(x)` runs `model.forward(x)`. The
 * constructor returns a function object whose prototype is the subclass's prototype, so fields
 * that subclass constructors set, private fields, methods and `instanceof` all work as on a
 * plain object.
 *
 * torch registers parameters and sub-modules in `__setattr__`; JavaScript has no such hook, so
 * a module finds them when asked: its own enumerable properties, in the order they were first
 * set, that hold an `nn.Parameter` or a {@linkcode Module} (`register_parameter` and
 * `add_module` set such properties too). Private `#fields` are not found (they are private).
 *
 * @module
 */

import { addNodeInspect } from "../tensor/inspect.ts";
import { checkDType, type Data, describe, type DType, isFloating } from "../tensor/dtype.ts";
import { fromData, requireTensor, Tensor } from "../tensor/tensor.ts";
import { bind, type Signature } from "../tensor/args.ts";
import { no_grad } from "../tensor/autograd.ts";
import { isParameter, markParameter, zeroGrads } from "./registry.ts";
import { sizeString } from "../tensor/shape.ts";

/** A tensor record in a JSON state dict: the shape, dtype and row-major values. */
export interface TensorRecord {
  /** The size of each dim. */
  shape: number[];
  /** The dtype. */
  dtype: DType;
  /** The values, row-major; non-finite floats as the strings "nan", "inf", "-inf". */
  data: (number | string)[];
}

/**
 * A module's state: parameter and buffer names (`"fc.weight"`) to tensors, in torch's order.
 * `JSON.stringify(state)` writes each tensor as a {@linkcode TensorRecord}, and
 * `load_state_dict` takes the parsed result back.
 */
export type StateDict = Record<string, Tensor>;

/** The unregistered state of a module (kept off the object, so its own keys are the user's). */
interface Registry {
  buffers: Map<string, boolean>; // name → persistent
}

const registries = new WeakMap<object, Registry>();

function registry(m: Module): Registry {
  let r = registries.get(m);
  if (r === undefined) {
    r = { buffers: new Map() };
    registries.set(m, r);
  }
  return r;
}

/** What {@linkcode Module.load_state_dict} returns: the keys that did not match. */
export interface IncompatibleKeys {
  /** Keys the module has that the state lacked. */
  missing_keys: string[];
  /** Keys the state had that the module lacks. */
  unexpected_keys: string[];
}

type Forward = (...args: unknown[]) => unknown;

/**
 * A module instance is callable: `model(x)` runs `model.forward(x)`. (`forward` itself is not
 * declared on Module's type, so a subclass declares it without `override`, as in Python.)
 */
export interface Module {
  // deno-lint-ignore no-explicit-any
  (...args: any[]): any;
}

/**
 * Base class of models, like `torch.nn.Module`: extend it, set layers and parameters as
 * properties in the constructor, define `forward`, and call the instance.
 *
 * @example A two-layer model
 * ```ts
 * import { manual_seed, nn, type Tensor, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * class Net extends nn.Module {
 *   fc1 = nn.Linear(4, 8);
 *   fc2 = nn.Linear(8, 2);
 *   forward(x: Tensor): Tensor {
 *     return this.fc2(this.fc1(x).clamp(0));
 *   }
 * }
 * manual_seed(0);
 * const model = new Net();
 * assert.deepEqual(model(zeros(3, 4)).shape, [3, 2]);
 * assert.deepEqual([...model.named_parameters()].map(([k]) => k), [
 *   "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias",
 * ]);
 * ```
 */
export class Module {
  /** Whether the module is in training mode (see `train()` / `eval()`). */
  declare training: boolean;

  /** Builds the (callable) module; subclasses call `super()` first, as in torch. */
  constructor() {
    // An arrow function has no `prototype` property; `name` and `length` are configurable and
    // removed so that subclasses may use those names for their own fields.
    const self = (...args: unknown[]) => (self as unknown as { forward: Forward }).forward(...args);
    delete (self as { name?: string }).name;
    delete (self as { length?: number }).length;
    Object.setPrototypeOf(self, new.target.prototype);
    (self as unknown as Module).training = true;
    return self as unknown as Module;
  }

  /**
   * Registers a parameter (or null) under `name`, like `register_parameter`.
   *
   * @param name The attribute name.
   * @param param A tensor (made a Parameter if it is not one) or null.
   * @returns Nothing.
   */
  register_parameter(name: string, param: Tensor | null): void {
    checkName(name, "register_parameter");
    if (param !== null) {
      requireTensor(param, "register_parameter");
      markParameter(param);
    }
    (this as unknown as Record<string, unknown>)[name] = param;
  }

  /**
   * Registers a buffer (state that is not a parameter: running statistics, fixed tables) under
   * `name`, like `register_buffer`. It appears in `state_dict()` unless `persistent` is false.
   *
   * @param name The attribute name.
   * @param tensor The buffer, or null.
   * @param persistent Whether `state_dict()` includes it (default true).
   * @returns Nothing.
   */
  register_buffer(name: string, tensor: Tensor | null, persistent: boolean = true): void {
    checkName(name, "register_buffer");
    if (tensor !== null) requireTensor(tensor, "register_buffer");
    registry(this).buffers.set(name, persistent);
    (this as unknown as Record<string, unknown>)[name] = tensor;
  }

  /**
   * Registers a sub-module under `name`, like `add_module`.
   *
   * @param name The attribute name.
   * @param module The sub-module, or null.
   * @returns Nothing.
   */
  add_module(name: string, module: Module | null): void {
    checkName(name, "add_module");
    if (module !== null && !(module instanceof Module)) {
      throw new TypeError(`add_module: ${name} is not a Module subclass`);
    }
    (this as unknown as Record<string, unknown>)[name] = module;
  }

  /**
   * The direct sub-modules with their names, in registration order, like `named_children()`.
   *
   * @returns `[name, module]` pairs.
   */
  named_children(): [string, Module][] {
    const out: [string, Module][] = [];
    for (const [k, v] of Object.entries(this)) if (v instanceof Module) out.push([k, v]);
    return out;
  }

  /**
   * The direct sub-modules, like `children()`.
   *
   * @returns The sub-modules.
   */
  children(): Module[] {
    return this.named_children().map(([, m]) => m);
  }

  /**
   * This module and all below it, depth first, like `modules()` (a module reached twice is
   * listed once, as torch's).
   *
   * @returns The modules.
   */
  modules(): Module[] {
    return this.named_modules().map(([, m]) => m);
  }

  /**
   * This module and all below it with dotted names, depth first, like `named_modules(memo=None,
   * prefix='', remove_duplicate=True)`: the module itself comes first, named `prefix`; a
   * module reached twice is listed once unless `remove_duplicate` is false.
   *
   * @param args `memo, prefix, remove_duplicate` by position or in an options object (`memo`
   *   is a Set of modules already listed).
   * @returns `[name, module]` pairs.
   *
   * @example
   * ```ts
   * import { nn } from "@kldiv/kldiv";
   * import assert from "node:assert/strict";
   *
   * const model = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.ReLU()));
   * assert.deepEqual(model.named_modules().map(([k]) => k), ["", "0", "1", "1.0"]);
   * ```
   */
  named_modules(
    ...args:
      | []
      | [memo?: Set<Module> | null, prefix?: string, remove_duplicate?: boolean]
      | [NamedModulesOptions]
      | [memo: Set<Module> | null, options: NamedModulesOptions]
      | [memo: Set<Module> | null, prefix: string, options: NamedModulesOptions]
  ): [string, Module][] {
    const b = bind("named_modules", NAMED_MODULES, args);
    const memo = (b.memo as Set<Module> | null) ?? new Set<Module>();
    const removeDuplicate = b.remove_duplicate as boolean;
    const out: [string, Module][] = [];
    const walk = (m: Module, prefix: string) => {
      if (memo.has(m)) return;
      if (removeDuplicate) memo.add(m);
      out.push([prefix, m]);
      for (const [k, child] of m.named_children()) {
        walk(child, prefix === "" ? k : `${prefix}.${k}`);
      }
    };
    walk(this as Module, b.prefix as string);
    return out;
  }

  /**
   * Moves and/or casts the parameters and buffers, like `to(device=None, dtype=None,
   * non_blocking=False)`, `to(dtype)` and `to(tensor)`. The device may be `"cpu"` (or a device
   * whose `type` is `"cpu"`): kldiv computes on the CPU, and asking for `"cuda"` is an error
   * that says so. A float dtype converts every floating-point parameter and buffer (others are
   * left alone, as in torch). Unlike torch, which swaps `param.data` and keeps the Parameter
   * object, the converted parameters are new Parameter tensors (with the same `requires_grad`
   * and a converted `.grad`): convert a model before building its optimiser, as torch advises.
   *
   * @param args A device, a dtype, a tensor (its dtype is taken), or `{ device, dtype,
   *   non_blocking }`, in torch's positions.
   * @returns This module.
   *
   * @example
   * ```ts
   * import { manual_seed, nn } from "@kldiv/kldiv";
   * import assert from "node:assert/strict";
   *
   * manual_seed(0);
   * const model = nn.Linear(2, 1).to("cpu").to("float64");
   * assert.equal(model.weight.dtype, "float64");
   * assert.throws(() => model.to("cuda"), /computes on the CPU/);
   * ```
   */
  to(...args: unknown[]): this {
    const { dtype } = parseModuleTo(args);
    if (dtype !== null) convertFloats(this as Module, dtype);
    return this;
  }

  /**
   * Casts floating-point parameters and buffers to float32, like `float()`.
   *
   * @returns This module.
   */
  float(): this {
    return this.to("float32");
  }

  /**
   * Casts floating-point parameters and buffers to float64, like `double()`.
   *
   * @returns This module.
   */
  double(): this {
    return this.to("float64");
  }

  /**
   * Kept on the CPU, like `cpu()` (kldiv computes on the CPU).
   *
   * @returns This module.
   */
  cpu(): this {
    return this;
  }

  /**
   * The parameters of this module and its sub-modules with dotted names, like
   * `named_parameters()`: each module's own parameters in registration order, then each
   * sub-module's; a parameter shared by two modules is listed once.
   *
   * @param prefix Prepended to every name.
   * @param recurse Include sub-modules (default true).
   * @returns `[name, parameter]` pairs.
   */
  named_parameters(prefix: string = "", recurse: boolean = true): [string, Tensor][] {
    const seen = new Set<Tensor>();
    const out: [string, Tensor][] = [];
    const walk = (m: Module, pre: string) => {
      for (const [k, v] of Object.entries(m)) {
        if (isParameter(v) && !seen.has(v)) {
          seen.add(v);
          out.push([pre + k, v]);
        }
      }
      if (recurse) { for (const [k, child] of m.named_children()) walk(child, `${pre}${k}.`); }
    };
    walk(this, prefix === "" ? "" : `${prefix}.`);
    return out;
  }

  /**
   * The parameters, in `named_parameters()` order, like `parameters()` (pass them to an
   * optimiser).
   *
   * @param recurse Include sub-modules (default true).
   * @returns The parameters.
   */
  parameters(recurse: boolean = true): Tensor[] {
    return this.named_parameters("", recurse).map(([, p]) => p);
  }

  /**
   * The buffers with dotted names, like `named_buffers()`.
   *
   * @returns `[name, buffer]` pairs.
   */
  named_buffers(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const walk = (m: Module, pre: string) => {
      for (const name of registry(m).buffers.keys()) {
        const b = (m as unknown as Record<string, Tensor | null>)[name];
        if (b !== null && b !== undefined) out.push([pre + name, b]);
      }
      for (const [k, child] of m.named_children()) walk(child, `${pre}${k}.`);
    };
    walk(this, "");
    return out;
  }

  /**
   * The buffers, like `buffers()`.
   *
   * @returns The buffers.
   */
  buffers(): Tensor[] {
    return this.named_buffers().map(([, b]) => b);
  }

  /**
   * Calls `fn` on every sub-module (depth first, children before their parent) and then on
   * this module, like `apply(fn)`; typically used to initialise weights.
   *
   * @param fn Called with each module.
   * @returns This module.
   *
   * @example Zero every Linear bias
   * ```ts
   * import { nn } from "@kldiv/kldiv";
   * import assert from "node:assert/strict";
   *
   * const model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1));
   * model.apply((m) => {
   *   if (m instanceof nn.Linear && m.bias !== null) nn.init.zeros_(m.bias);
   * });
   * assert.deepEqual(model[0].parameters()[1].tolist(), [0, 0, 0]);
   * ```
   */
  apply(fn: (module: Module) => void): this {
    if (typeof fn !== "function") {
      throw new TypeError(`apply: expected a function of a module, got ${typeof fn}`);
    }
    for (const child of this.children()) child.apply(fn);
    fn(this as Module);
    return this;
  }

  /**
   * Sets `requires_grad` on every parameter, like `requires_grad_(requires_grad=True)` (freeze
   * a model with `requires_grad_(false)`).
   *
   * @param requires_grad Default true.
   * @returns This module.
   */
  requires_grad_(requires_grad: boolean = true): this {
    for (const p of this.parameters()) p.requires_grad_(requires_grad);
    return this;
  }

  /**
   * Resets the parameters' gradients, like torch 1.13's `zero_grad(set_to_none=False)`: each
   * existing `.grad` is detached and filled with zeros in place (so references to it see
   * zeros); with `set_to_none` true, `.grad` becomes null.
   *
   * @param set_to_none Set grads to null instead of zeroing them (default false, as torch 1.13).
   * @returns Nothing.
   */
  zero_grad(set_to_none: boolean = false): void {
    zeroGrads(this.parameters(), set_to_none);
  }

  /**
   * Sets training mode on this module and all below it, like `train(mode=True)`.
   *
   * @param mode Default true.
   * @returns This module.
   */
  train(mode: boolean = true): this {
    if (typeof mode !== "boolean") {
      throw new TypeError(`train: mode is expected to be a boolean, got ${typeof mode}`);
    }
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /**
   * Sets evaluation mode, like `eval()` (= `train(false)`).
   *
   * @returns This module.
   */
  eval(): this {
    return this.train(false);
  }

  /**
   * The parameters and persistent buffers by dotted name, in torch's order (each module's
   * parameters, then its buffers, then its sub-modules'), like `state_dict()`. The tensors are
   * detached and share storage with the module's. `JSON.stringify` on the result writes
   * `{ "fc.weight": { shape, dtype, data }, ... }`, which `load_state_dict` accepts back.
   *
   * @returns The state.
   *
   * @example Round trip through JSON
   * ```ts
   * import { manual_seed, nn } from "@kldiv/kldiv";
   * import assert from "node:assert/strict";
   *
   * manual_seed(0);
   * const a = nn.Linear(3, 2);
   * const b = nn.Linear(3, 2);
   * b.load_state_dict(JSON.parse(JSON.stringify(a.state_dict())));
   * assert.deepEqual(b.weight.tolist(), a.weight.tolist());
   * ```
   */
  state_dict(): StateDict {
    const out: StateDict = {};
    const walk = (m: Module, pre: string) => {
      const own = m as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(m)) if (isParameter(v)) out[pre + k] = v.detach();
      for (const [name, persistent] of registry(m).buffers) {
        const b = own[name];
        if (persistent && b !== null && b !== undefined) out[pre + name] = (b as Tensor).detach();
      }
      for (const [k, child] of m.named_children()) walk(child, `${pre}${k}.`);
    };
    walk(this, "");
    Object.defineProperty(out, "toJSON", { value: () => stateToJSON(out), enumerable: false });
    return out;
  }

  /**
   * Copies a state into the module's parameters and buffers, like `load_state_dict`. Values
   * may be tensors or the `{ shape, dtype, data }` records that `JSON.stringify(state_dict())`
   * writes. With `strict` (the default), missing and unexpected keys are an error, as are
   * shape mismatches always.
   *
   * @param state_dict The state.
   * @param strict Require exactly the module's keys (default true).
   * @returns The missing and unexpected keys.
   */
  load_state_dict(
    state_dict: Readonly<Record<string, Tensor | TensorRecord>>,
    strict: boolean = true,
  ): IncompatibleKeys {
    if (typeof state_dict !== "object" || state_dict === null || Array.isArray(state_dict)) {
      throw new TypeError(
        `Expected state_dict to be dict-like (an object of name → tensor), got ${typeof state_dict}`,
      );
    }
    const own = this.state_dict();
    const missing = Object.keys(own).filter((k) => !Object.hasOwn(state_dict, k));
    const unexpected = Object.keys(state_dict).filter((k) => !Object.hasOwn(own, k));
    const errors: string[] = [];
    if (strict && unexpected.length > 0) {
      errors.push(
        `Unexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(", ")}. `,
      );
    }
    if (strict && missing.length > 0) {
      errors.push(`Missing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(", ")}. `);
    }
    const values: [Tensor, Tensor][] = [];
    for (const [k, target] of Object.entries(own)) {
      if (!Object.hasOwn(state_dict, k)) continue;
      const v = toTensor(state_dict[k], k);
      if (v.shape.length !== target.shape.length || v.shape.some((s, i) => s !== target.shape[i])) {
        errors.push(
          `size mismatch for ${k}: copying a param with shape ${
            sizeString(v.shape)
          } from checkpoint, the shape in current model is ${sizeString(target.shape)}.`,
        );
        continue;
      }
      values.push([target, v]);
    }
    if (errors.length > 0) {
      throw new Error(
        `Error(s) in loading state_dict for ${this.constructor.name}:\n\t${errors.join("\n\t")}`,
      );
    }
    no_grad(() => {
      for (const [target, v] of values) target.copy_(v);
    });
    return { missing_keys: strict ? [] : missing, unexpected_keys: strict ? [] : unexpected };
  }

  /**
   * The text between the parentheses of this module's repr, like torch's `extra_repr()`;
   * layers override it (`in_features=3, out_features=2, bias=True`).
   *
   * @returns The text (empty by default).
   */
  extra_repr(): string {
    return "";
  }

  /** torch's repr: the class name, `extra_repr()`, and each child on its own line. */
  toString(): string {
    const children = this.named_children();
    const extra = this.extra_repr();
    const lines = extra === "" ? [] : extra.split("\n");
    // torch: a one-line extra_repr without children stays on the name's line.
    if (children.length === 0 && lines.length <= 1) return `${this.constructor.name}(${extra})`;
    for (const [k, m] of children) lines.push(`(${k}): ${String(m).replaceAll("\n", "\n  ")}`);
    return `${this.constructor.name}(\n  ${lines.join("\n  ")}\n)`;
  }

  /** Makes `console.log(model)` print the repr. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

// The default forward, for a subclass that defines none.
Object.defineProperty(Module.prototype, "forward", {
  value: function (this: Module): never {
    throw new Error(
      `Module [${this.constructor.name}] is missing the required "forward" function`,
    );
  },
  writable: true,
  configurable: true,
});

/** Options of {@linkcode Module.named_modules}. */
export interface NamedModulesOptions {
  /** Modules already listed (skipped). */
  memo?: Set<Module> | null;
  /** Prepended to every name. */
  prefix?: string;
  /** List a module reached twice only once (default true). */
  remove_duplicate?: boolean;
}

const NAMED_MODULES: Signature = [
  { name: "memo", kind: (v) => (v instanceof Set ? null : "a Set of modules"), default: null },
  { name: "prefix", kind: "string", default: "" },
  { name: "remove_duplicate", kind: "bool", default: true },
];

/** The message for a device this module cannot compute on. */
function deviceError(device: unknown): Error {
  const name = typeof device === "string" ? device : String((device as { type?: unknown })?.type);
  return new Error(
    `Module.to(): device ${
      JSON.stringify(name)
    } is not available: kldiv computes on the CPU only (torch: "Torch not compiled with CUDA enabled"); use "cpu", or cuda.is_available() ? "cuda" : "cpu"`,
  );
}

/** Whether `v` is a device: a device string ("cpu", "cuda:0", ...) or a device object. */
function isDevice(v: unknown): boolean {
  if (typeof v === "string") return /^(cpu|cuda|mps|meta|xla|xpu)(:\d+)?$/.test(v);
  // A device object (torch.device's fields: type and index), whatever class made it.
  return typeof v === "object" && v !== null && !(v instanceof Tensor) && !Array.isArray(v) &&
    typeof (v as { type?: unknown }).type === "string" &&
    Object.keys(v).every((k) => k === "type" || k === "index");
}

function checkDevice(v: unknown): void {
  const type = typeof v === "string" ? v.split(":")[0] : (v as { type: string }).type;
  if (type !== "cpu") throw deviceError(v);
}

/** torch's Module.to argument parsing: (device, dtype, non_blocking), (dtype), (tensor), options. */
function parseModuleTo(args: readonly unknown[]): { dtype: DType | null } {
  let rest = [...args];
  let options: Record<string, unknown> = {};
  const last = rest[rest.length - 1];
  if (
    rest.length > 0 && typeof last === "object" && last !== null && !(last instanceof Tensor) &&
    !isDevice(last) && Object.getPrototypeOf(last) === Object.prototype
  ) {
    options = last as Record<string, unknown>;
    rest = rest.slice(0, -1);
  }
  for (const k of Object.keys(options)) {
    if (!["device", "dtype", "non_blocking", "memory_format", "copy"].includes(k)) {
      throw new TypeError(
        `to() got an unexpected keyword argument ${
          JSON.stringify(k)
        }; expected "device", "dtype", "non_blocking"`,
      );
    }
  }
  let device: unknown = options.device ?? null;
  let dtype: unknown = options.dtype ?? null;
  for (const a of rest) {
    if (a === null || a === undefined || typeof a === "boolean") continue; // non_blocking
    if (a instanceof Tensor) {
      dtype = a.dtype;
    } else if (isDevice(a)) {
      if (device !== null) throw new TypeError("to() received an invalid combination of arguments");
      device = a;
    } else {
      if (dtype !== null) throw new TypeError("to() received an invalid combination of arguments");
      dtype = a;
    }
  }
  if (device !== null) {
    if (!isDevice(device)) {
      throw new TypeError(`to(): expected a device ("cpu") or a dtype, got ${describe(device)}`);
    }
    checkDevice(device);
  }
  if (dtype === null) return { dtype: null };
  const d = checkDType(dtype, "Module.to()");
  if (!isFloating(d)) {
    throw new TypeError(
      `nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.${d}`,
    );
  }
  return { dtype: d };
}

/** Replaces every floating-point parameter and buffer below `root` by its `dtype` copy. */
function convertFloats(root: Module, dtype: DType): void {
  const done = new Map<Tensor, Tensor>();
  const convert = (t: Tensor): Tensor => {
    const seen = done.get(t);
    if (seen !== undefined) return seen;
    let out = t;
    if (isFloating(t.dtype) && t.dtype !== dtype) {
      out = no_grad(() => t.to(dtype));
      if (isParameter(t)) {
        const grad = t.grad;
        out = out.detach().requires_grad_(t.requires_grad);
        markParameter(out);
        if (grad !== null) out.grad = no_grad(() => grad.to(dtype));
      }
    }
    done.set(t, out);
    return out;
  };
  for (const m of root.modules()) {
    const own = m as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(m)) if (isParameter(v)) own[k] = convert(v);
    for (const name of registry(m).buffers.keys()) {
      const b = own[name];
      if (b instanceof Tensor) own[name] = convert(b);
    }
  }
}

function checkName(name: unknown, where: string): void {
  if (typeof name !== "string") {
    throw new TypeError(`${where}: name should be a string, got ${typeof name}`);
  }
  if (name === "" || name.includes(".")) {
    throw new RangeError(
      `${where}: name can't be empty or contain ".", got ${JSON.stringify(name)}`,
    );
  }
}

function encode(v: number): number | string {
  if (Number.isFinite(v)) return v;
  return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
}

function decode(v: number | string, key: string): number {
  if (typeof v === "number") return v;
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  throw new TypeError(
    `load_state_dict: ${key}: expected numbers or "nan"/"inf"/"-inf" in data, got ${
      JSON.stringify(v)
    }`,
  );
}

function stateToJSON(state: StateDict): Record<string, TensorRecord> {
  const out: Record<string, TensorRecord> = {};
  for (const [k, t] of Object.entries(state)) {
    out[k] = { shape: [...t.shape], dtype: t.dtype, data: Array.from(t.toTypedArray(), encode) };
  }
  return out;
}

function toTensor(v: Tensor | TensorRecord, key: string): Tensor {
  if (typeof v === "object" && v !== null && "shape" in v && "data" in v && !("grad_fn" in v)) {
    const rec = v as TensorRecord;
    const dtype = checkDType(rec.dtype, `load_state_dict: ${key}`);
    if (!Array.isArray(rec.data) || !Array.isArray(rec.shape)) {
      throw new TypeError(
        `load_state_dict: ${key}: expected { shape: number[], dtype, data: number[] }`,
      );
    }
    const n = rec.shape.reduce((a, b) => a * b, 1);
    if (rec.data.length !== n) {
      throw new RangeError(
        `load_state_dict: ${key}: shape [${
          rec.shape.join(", ")
        }] holds ${n} values but data has ${rec.data.length}`,
      );
    }
    const data: Data = dtype === "float32"
      ? new Float32Array(n)
      : dtype === "bool"
      ? new Uint8Array(n)
      : new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = decode(rec.data[i], key);
    return fromData(data, rec.shape, dtype);
  }
  requireTensor(v, `load_state_dict: ${key}`);
  return v;
}

// Node's console.log prints what Deno's does (lib/tensor/inspect.ts).
addNodeInspect(Module);
