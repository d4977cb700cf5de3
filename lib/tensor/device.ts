/**
 * Devices, as `torch.device`, and the `cuda` namespace.
 *
 * kldiv computes on the CPU only. `device("cpu")`, the string `"cpu"` (or `"cpu:0"`) and a
 * `device` option are accepted wherever torch takes them, so code written for "cuda if
 * available, else cpu" runs as it is: `cuda.is_available()` is false. Asking for another device
 * where a tensor would live there (`x.to("cuda")`, `zeros(2, { device: "cuda:0" })`,
 * `x.cuda()`) is an error that says so. A `device("cuda")` object itself can be made, as in
 * torch, where only using it fails.
 *
 * Equal devices are one object: `x.device === device("cpu")` holds, as `x.device ==
 * torch.device("cpu")` does in Python.
 *
 * @module
 */

import { addNodeInspect } from "./inspect.ts";
import { describe } from "./dtype.ts";

/** The device types torch's parser knows, in its error message's order. */
const TYPES = [
  "cpu",
  "cuda",
  "ipu",
  "xpu",
  "mkldnn",
  "opengl",
  "opencl",
  "ideep",
  "hip",
  "ve",
  "fpga",
  "ort",
  "xla",
  "lazy",
  "vulkan",
  "mps",
  "meta",
  "hpu",
  "privateuseone",
];

const interned = new Map<string, DeviceClass>();
let constructing = false;

/** A device: its `type` ("cpu", "cuda", ...) and optional `index`. See {@linkcode device}. */
export class DeviceClass {
  /** The device type, e.g. `"cpu"`. */
  readonly type: string;
  /** The device index, or null when none was given. */
  readonly index: number | null;

  /**
   * Use {@linkcode device} (`device("cpu")`), which returns the one object per device.
   *
   * @param type The device type.
   * @param index The index, or null.
   */
  constructor(type: string, index: number | null) {
    if (!constructing) {
      throw new TypeError('device: call device("cpu") (with or without new)');
    }
    this.type = type;
    this.index = index;
    Object.freeze(this);
  }

  /** Python's `str(device)`: `"cpu"`, or `"cuda:0"` with an index. */
  toString(): string {
    return this.index === null ? this.type : `${this.type}:${this.index}`;
  }

  /** Python's `repr(device)`: `device(type='cpu')`, `device(type='cuda', index=0)`. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.index === null
      ? `device(type='${this.type}')`
      : `device(type='${this.type}', index=${this.index})`;
  }
}

function parse(spec: string, where: string): [string, number | null] {
  const m = /^([a-z_]+)(?::(\d+))?$/.exec(spec);
  const type = m?.[1];
  if (m === null || type === undefined || !TYPES.includes(type)) {
    const head = /^[a-z_]*/.exec(spec)?.[0] ?? spec;
    if (m !== null && !TYPES.includes(head)) {
      throw new Error(
        `${where}: Expected one of ${
          TYPES.join(", ")
        } device type at start of device string: ${spec}`,
      );
    }
    throw new Error(`${where}: Invalid device string: '${spec}'`);
  }
  return [type, m[2] === undefined ? null : Number(m[2])];
}

function make(type: string, index: number | null): DeviceClass {
  const key = index === null ? type : `${type}:${index}`;
  let d = interned.get(key);
  if (d === undefined) {
    constructing = true;
    try {
      d = new DeviceClass(type, index);
    } finally {
      constructing = false;
    }
    interned.set(key, d);
  }
  return d;
}

/**
 * Builds a device from `"cpu"`, `"cpu:0"`, `("cpu", 0)` or another device.
 *
 * @param spec The device string, type or device.
 * @param index The index, when `spec` is a type without one.
 * @returns The device (one shared object per device).
 */
function deviceOf(spec: unknown, index?: unknown): DeviceClass {
  if (spec instanceof DeviceClass && index === undefined) return spec;
  if (typeof spec !== "string") {
    throw new TypeError(
      `device(): expected a string such as "cpu" or a device, got ${describe(spec)}`,
    );
  }
  const [type, i] = parse(spec, "device()");
  if (index === undefined || index === null) return make(type, i);
  if (i !== null) {
    throw new Error(
      `device(): type (string) must not include an index because index was passed explicitly: ${spec}`,
    );
  }
  if (!Number.isInteger(index) || (index as number) < 0) {
    throw new Error(`device(): Device index must not be negative, got ${describe(index)}`);
  }
  return make(type, index as number);
}

/** `device("cpu")` or `new device("cpu")`, like `torch.device`. */
export interface DeviceConstructor {
  /** The device for a string (`"cpu"`, `"cuda:0"`), a type and an index, or a device. */
  (spec: string | DeviceClass, index?: number): DeviceClass;
  /** The device for a string (`"cpu"`, `"cuda:0"`), a type and an index, or a device. */
  new (spec: string | DeviceClass, index?: number): DeviceClass;
  /** The prototype of devices (for `instanceof device`). */
  readonly prototype: DeviceClass;
}

/**
 * A device, like `torch.device("cpu")`; with or without `new`. `String(d)` is Python's
 * `str(d)` (`"cpu"`), `console.log(d)` prints its repr (`device(type='cpu')`). Equal devices
 * are the same object, so `x.device === device("cpu")`. A CUDA or MPS device can be described
 * but not used: kldiv computes on the CPU.
 *
 * @example
 * ```ts
 * import { device, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const cpu = device("cpu");
 * assert.equal(String(cpu), "cpu");
 * assert.equal(Deno.inspect(cpu), "device(type='cpu')");
 * assert.equal(tensor([1, 2]).device, cpu);
 * assert.ok(cpu instanceof device);
 * assert.equal(device("cuda", 0).index, 0);
 * ```
 */
export const device: DeviceConstructor = new Proxy(DeviceClass, {
  apply: (_target, _this, args: unknown[]) => deviceOf(args[0], args[1]),
  construct: (_target, args: unknown[]) => deviceOf(args[0], args[1]),
}) as unknown as DeviceConstructor;

/** A device object, as `torch.device`. */
export type device = DeviceClass;

/** The one device kldiv computes on. */
export const CPU: DeviceClass = make("cpu", null);

/**
 * Checks a `device` argument (a string, a device or null) and returns the CPU device, or
 * throws the "computes on the CPU" error for any other device.
 *
 * @param value The argument received.
 * @param where The function's name for messages.
 * @returns The CPU device.
 */
export function checkDevice(value: unknown, where: string): DeviceClass {
  if (value === undefined || value === null) return CPU;
  if (typeof value === "number" && Number.isInteger(value)) {
    // torch reads a bare integer as a CUDA ordinal.
    throw notCpu(`cuda:${value}`, where);
  }
  if (typeof value !== "string" && !(value instanceof DeviceClass)) {
    throw new TypeError(
      `${where}: device must be a string such as "cpu" or a device, got ${describe(value)}`,
    );
  }
  const d = value instanceof DeviceClass ? value : deviceOf(value);
  if (d.type !== "cpu") throw notCpu(String(d), where);
  return CPU;
}

/** Whether `value` names a device (a device, or a string that parses as one). */
export function isDeviceLike(value: unknown): boolean {
  if (value instanceof DeviceClass) return true;
  if (typeof value !== "string") return false;
  const m = /^([a-z_]+)(?::\d+)?$/.exec(value);
  return m !== null && TYPES.includes(m[1]);
}

/** The error for a device other than the CPU. */
export function notCpu(name: string, where: string): Error {
  return new Error(
    `${where}: device "${name}" is not available: kldiv computes on the CPU only, as a torch not compiled with CUDA enabled (cuda.is_available() is false, so code written as \`device = cuda.is_available() ? "cuda" : "cpu"\` runs as it is; pass "cpu" or leave the device out)`,
  );
}

// Node's console.log prints what Deno's does (lib/tensor/inspect.ts).
addNodeInspect(DeviceClass);
