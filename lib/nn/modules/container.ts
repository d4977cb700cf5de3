/**
 * The containers of `torch.nn`: `ModuleList`, `ModuleDict`, `ParameterList`, `ParameterDict`.
 * Their entries are the module's own properties (`list[0]`, `dict.fc`), so parameters,
 * `state_dict()` keys (`layers.0.weight`), `to()`, `train()` and printing reach them as in torch.
 *
 * @module
 */

import { Module } from "../module.ts";
import { Parameter } from "../parameter.ts";
import { isParameter } from "../registry.ts";
import { describe, tensorTypeName } from "../../tensor/dtype.ts";
import { Tensor } from "../../tensor/tensor.ts";

function requireModule(m: unknown, where: string): Module {
  if (!(m instanceof Module)) {
    throw new TypeError(`${where}: ${describe(m)} is not a Module subclass`);
  }
  return m;
}

/** The own numeric-keyed entries of `self`, in index order. */
function indexed<T>(self: object, pick: (v: unknown) => v is T): T[] {
  const out: T[] = [];
  for (let i = 0;; i++) {
    const v = (self as Record<string, unknown>)[String(i)];
    if (!Object.hasOwn(self, String(i)) || !pick(v)) return out;
    out.push(v);
  }
}

/** Re-keys `self`'s numeric entries as `items` (0..n−1), dropping the old ones. */
function rekey(self: object, items: readonly unknown[]): void {
  const rec = self as Record<string, unknown>;
  for (const k of Object.keys(rec)) if (/^\d+$/.test(k)) delete rec[k];
  items.forEach((m, i) => (rec[String(i)] = m));
}

function normIndex(idx: number, n: number, what: string): number {
  if (!Number.isInteger(idx)) {
    throw new TypeError(`${what} indices must be integers, got ${describe(idx)}`);
  }
  const i = idx < 0 ? idx + n : idx;
  if (i < 0 || i >= n) throw new RangeError(`index ${idx} is out of range`);
  return i;
}

/**
 * A list of sub-modules, like `torch.nn.ModuleList(modules=None)`: indexable (`list[0]`),
 * iterable, with `append`, `extend`, `insert`, `pop`, and registered so that its modules'
 * parameters are the owner's (`layers.0.weight`).
 *
 * @example
 * ```ts
 * import { manual_seed, nn, ones } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const layers = nn.ModuleList([nn.Linear(2, 2), nn.ReLU()]);
 * layers.append(nn.Linear(2, 1));
 * let x = ones(1, 2);
 * for (const layer of layers) x = layer(x);
 * assert.deepEqual(x.shape, [1, 1]);
 * assert.equal(layers.length, 3);
 * assert.equal(String(layers[1]), "ReLU()");
 * ```
 */
export class ModuleList extends Module {
  /** Positional access, as `list[i]` in torch. */
  [index: number]: Module;

  /**
   * Builds the list.
   *
   * @param modules The initial modules (default none).
   */
  constructor(modules?: Iterable<Module> | null) {
    super();
    if (modules !== undefined && modules !== null) this.extend(modules);
  }

  #items(): Module[] {
    return indexed(this, (v): v is Module => v instanceof Module);
  }

  /** The number of modules, as `len(list)`. */
  override get length(): number {
    return this.#items().length;
  }

  /** Iterates the modules in order, as `for m in list`. */
  *[Symbol.iterator](): IterableIterator<Module> {
    yield* this.#items();
  }

  /**
   * The module at `idx` (negative counts from the end), as `list[idx]`.
   *
   * @param idx The index.
   * @returns The module.
   */
  at(idx: number): Module {
    const items = this.#items();
    return items[normIndex(idx, items.length, "ModuleList")];
  }

  /**
   * Appends a module, like `append(module)`.
   *
   * @param module The module.
   * @returns This list.
   */
  append(module: Module): this {
    const items = this.#items();
    this.add_module(String(items.length), requireModule(module, "ModuleList.append"));
    return this;
  }

  /**
   * Appends modules, like `extend(modules)`.
   *
   * @param modules The modules.
   * @returns This list.
   */
  extend(modules: Iterable<Module>): this {
    if (modules === null || typeof (modules as Iterable<Module>)[Symbol.iterator] !== "function") {
      throw new TypeError(
        `ModuleList.extend should be called with an iterable, but got ${describe(modules)}`,
      );
    }
    for (const m of modules) this.append(m);
    return this;
  }

  /**
   * Inserts a module before `index`, like `insert(index, module)`.
   *
   * @param index The position (negative counts from the end).
   * @param module The module.
   * @returns Nothing.
   */
  insert(index: number, module: Module): void {
    const items = this.#items();
    const n = items.length;
    let i = index < 0 ? Math.max(index + n, 0) : Math.min(index, n);
    if (!Number.isInteger(i)) i = n;
    items.splice(i, 0, requireModule(module, "ModuleList.insert"));
    rekey(this, items);
  }

  /**
   * Removes and returns the module at `key`, like `pop(key)`.
   *
   * @param key The index (negative counts from the end).
   * @returns The module removed.
   */
  pop(key: number): Module {
    const items = this.#items();
    const [m] = items.splice(normIndex(key, items.length, "ModuleList"), 1);
    rekey(this, items);
    return m;
  }

  /**
   * Calling a ModuleList is an error, as in torch (it has no forward).
   *
   * @returns Never.
   */
  forward(): never {
    throw new Error(`Module [ModuleList] is missing the required "forward" function`);
  }
}

/** A key of a dict container must not hide one of the module's own attributes. */
function checkKey(self: Module, key: unknown, where: string): string {
  if (typeof key !== "string") {
    throw new TypeError(`${where} keys must be strings, got ${describe(key)}`);
  }
  if (key in self && !Object.hasOwn(self, key)) {
    throw new Error(`attribute '${key}' already exists`);
  }
  return key;
}

function entriesOf<T>(src: Iterable<[string, T]> | Record<string, T>): [string, T][] {
  if (src === null || typeof src !== "object") {
    throw new TypeError(
      `expected an object or an iterable of [key, value] pairs, got ${describe(src)}`,
    );
  }
  if (typeof (src as Iterable<[string, T]>)[Symbol.iterator] === "function") {
    return [...(src as Iterable<[string, T]>)];
  }
  return Object.entries(src as Record<string, T>);
}

/**
 * Sub-modules by name, like `torch.nn.ModuleDict(modules=None)`: `dict.name` reaches one,
 * `keys()`, `values()`, `items()`, `update()`, `pop()` work as in torch, and the names
 * appear in parameter names (`heads.policy.weight`).
 *
 * @example
 * ```ts
 * import { manual_seed, nn } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const heads = nn.ModuleDict({ policy: nn.Linear(4, 2), value: nn.Linear(4, 1) });
 * assert.deepEqual(heads.keys(), ["policy", "value"]);
 * assert.equal(String(heads.value), "Linear(in_features=4, out_features=1, bias=True)");
 * assert.deepEqual(Object.keys(heads.state_dict()), [
 *   "policy.weight", "policy.bias", "value.weight", "value.bias",
 * ]);
 * ```
 */
export class ModuleDict extends Module {
  /** Access by name, as `dict[name]` in torch (typed loosely so that `dict.name(x)` compiles). */
  // deno-lint-ignore no-explicit-any
  [name: string]: any;

  /**
   * Builds the dict.
   *
   * @param modules An object of name → module, or `[name, module]` pairs.
   */
  constructor(modules?: Record<string, Module> | Iterable<[string, Module]> | null) {
    super();
    if (modules !== undefined && modules !== null) this.update(modules);
  }

  /**
   * The names, like `keys()`.
   *
   * @returns The names in insertion order.
   */
  keys(): string[] {
    return this.named_children().map(([k]) => k);
  }

  /**
   * The modules, like `values()`.
   *
   * @returns The modules.
   */
  values(): Module[] {
    return this.children();
  }

  /**
   * The `[name, module]` pairs, like `items()`.
   *
   * @returns The pairs.
   */
  items(): [string, Module][] {
    return this.named_children();
  }

  /** The number of modules, as `len(dict)`. */
  override get length(): number {
    return this.named_children().length;
  }

  /**
   * Adds or replaces modules, like `update(modules)`.
   *
   * @param modules An object of name → module, or `[name, module]` pairs.
   * @returns Nothing.
   */
  update(modules: Record<string, Module> | Iterable<[string, Module]>): void {
    for (const [k, m] of entriesOf(modules)) {
      this.add_module(checkKey(this, k, "ModuleDict"), requireModule(m, "ModuleDict.update"));
    }
  }

  /**
   * Removes and returns a module, like `pop(key)`.
   *
   * @param key The name.
   * @returns The module.
   */
  pop(key: string): Module {
    const m = this[key];
    if (!(m instanceof Module)) throw new RangeError(`KeyError: '${key}'`);
    delete this[key];
    return m;
  }

  /**
   * Removes every module, like `clear()`.
   *
   * @returns Nothing.
   */
  clear(): void {
    for (const k of this.keys()) delete this[k];
  }

  /**
   * Calling a ModuleDict is an error, as in torch (it has no forward).
   *
   * @returns Never.
   */
  forward(): never {
    throw new Error(`Module [ModuleDict] is missing the required "forward" function`);
  }
}

/** torch's line for one parameter in ParameterList / ParameterDict's repr. */
function paramLine(key: string, p: unknown, typeName: (t: Tensor) => string): string {
  if (p instanceof Tensor) {
    const kind = isParameter(p) ? "Parameter" : "Tensor";
    return `  (${key}): ${kind} containing: [${typeName(p)} of size ${p.shape.join("x")}]`;
  }
  return `  (${key}): Object of type: ${describe(p)}`;
}

function asParameter(v: Tensor): Tensor {
  if (!(v instanceof Tensor)) {
    throw new TypeError(`expected a Tensor or Parameter, got ${describe(v)}`);
  }
  return isParameter(v) ? v : Parameter(v);
}

/**
 * A list of parameters, like `torch.nn.ParameterList(values=None)`: tensors given are made
 * parameters; indexable, iterable, with `append` and `extend`.
 *
 * @example
 * ```ts
 * import { nn, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const params = nn.ParameterList([zeros(2, 3), zeros(3)]);
 * assert.equal(params.parameters().length, 2);
 * assert.equal(params[0].requires_grad, true);
 * assert.equal(String(params), [
 *   "ParameterList(",
 *   "    (0): Parameter containing: [torch.float32 of size 2x3]",
 *   "    (1): Parameter containing: [torch.float32 of size 3]",
 *   ")",
 * ].join("\n"));
 * ```
 */
export class ParameterList extends Module {
  /** Positional access, as `list[i]` in torch. */
  [index: number]: Tensor;

  /**
   * Builds the list.
   *
   * @param values The initial tensors (default none).
   */
  constructor(values?: Iterable<Tensor> | null) {
    super();
    if (values !== undefined && values !== null) this.extend(values);
  }

  #items(): Tensor[] {
    return indexed(this, (v): v is Tensor => v instanceof Tensor);
  }

  /** The number of parameters, as `len(list)`. */
  override get length(): number {
    return this.#items().length;
  }

  /** Iterates the parameters in order. */
  *[Symbol.iterator](): IterableIterator<Tensor> {
    yield* this.#items();
  }

  /**
   * The parameter at `idx` (negative counts from the end), as `list[idx]`.
   *
   * @param idx The index.
   * @returns The parameter.
   */
  at(idx: number): Tensor {
    const items = this.#items();
    return items[normIndex(idx, items.length, "ParameterList")];
  }

  /**
   * Appends a tensor (made a parameter), like `append(value)`.
   *
   * @param value The tensor.
   * @returns This list.
   */
  append(value: Tensor): this {
    const n = this.#items().length;
    (this as unknown as Record<string, Tensor>)[String(n)] = asParameter(value);
    return this;
  }

  /**
   * Appends tensors, like `extend(values)`.
   *
   * @param values The tensors.
   * @returns This list.
   */
  extend(values: Iterable<Tensor>): this {
    if (values === null || typeof (values as Iterable<Tensor>)[Symbol.iterator] !== "function") {
      throw new TypeError(
        `ParameterList.extend should be called with an iterable, but got ${describe(values)}`,
      );
    }
    for (const v of values) this.append(v);
    return this;
  }

  override extra_repr(): string {
    // torch 1.13 prints the dtype here (`torch.float32`), unlike ParameterDict.
    return this.#items().map((p, i) => paramLine(String(i), p, (t) => `torch.${t.dtype}`)).join(
      "\n",
    );
  }

  /**
   * Calling a ParameterList is an error, as in torch (it has no forward).
   *
   * @returns Never.
   */
  forward(): never {
    throw new Error(`Module [ParameterList] is missing the required "forward" function`);
  }
}

/**
 * Parameters by name, like `torch.nn.ParameterDict(parameters=None)`: tensors given are made
 * parameters; `dict.name` reaches one; `keys()`, `values()`, `items()`, `update()`, `pop()`.
 *
 * @example
 * ```ts
 * import { nn, zeros } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const params = nn.ParameterDict({ scale: zeros(2) });
 * assert.deepEqual(params.keys(), ["scale"]);
 * assert.equal(String(params), "ParameterDict(  (scale): Parameter containing: [torch.FloatTensor of size 2])");
 * ```
 */
export class ParameterDict extends Module {
  /** Access by name, as `dict[name]` in torch (typed loosely so that `dict.name(x)` compiles). */
  // deno-lint-ignore no-explicit-any
  [name: string]: any;

  /**
   * Builds the dict.
   *
   * @param parameters An object of name → tensor, or `[name, tensor]` pairs.
   */
  constructor(parameters?: Record<string, Tensor> | Iterable<[string, Tensor]> | null) {
    super();
    if (parameters !== undefined && parameters !== null) this.update(parameters);
  }

  /**
   * The names, like `keys()`.
   *
   * @returns The names in insertion order.
   */
  keys(): string[] {
    return Object.keys(this).filter((k) => isParameter(this[k]));
  }

  /**
   * The parameters, like `values()`.
   *
   * @returns The parameters.
   */
  values(): Tensor[] {
    return this.keys().map((k) => this[k] as Tensor);
  }

  /**
   * The `[name, parameter]` pairs, like `items()`.
   *
   * @returns The pairs.
   */
  items(): [string, Tensor][] {
    return this.keys().map((k) => [k, this[k] as Tensor]);
  }

  /** The number of parameters, as `len(dict)`. */
  override get length(): number {
    return this.keys().length;
  }

  /**
   * Adds or replaces parameters (tensors are made parameters), like `update(parameters)`.
   *
   * @param parameters An object of name → tensor, or `[name, tensor]` pairs.
   * @returns Nothing.
   */
  update(parameters: Record<string, Tensor> | Iterable<[string, Tensor]>): void {
    for (const [k, v] of entriesOf(parameters)) {
      this[checkKey(this, k, "ParameterDict")] = asParameter(v);
    }
  }

  /**
   * Removes and returns a parameter, like `pop(key)`.
   *
   * @param key The name.
   * @returns The parameter.
   */
  pop(key: string): Tensor {
    const p = this[key];
    if (!isParameter(p)) throw new RangeError(`KeyError: '${key}'`);
    delete this[key];
    return p;
  }

  override extra_repr(): string {
    return this.items().map(([k, p]) => paramLine(k, p, (t) => tensorTypeName(t.dtype))).join(
      "\n",
    );
  }

  /**
   * Calling a ParameterDict is an error, as in torch (it has no forward).
   *
   * @returns Never.
   */
  forward(): never {
    throw new Error(`Module [ParameterDict] is missing the required "forward" function`);
  }
}
