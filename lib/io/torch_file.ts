/**
 * `torch.save` and `torch.load`: PyTorch's file format (a zip of `data.pkl`, one record per
 * storage under `data/`, and `version`) read and written, so teacher logits, a model's
 * `state_dict` or an optimiser's state move between PyTorch and this module both ways.
 *
 * Loading executes nothing: the pickle is read by a restricted machine (lib/io/pickle.ts) that
 * allows only tensors, parameters, storages and containers, whatever `weights_only` says.
 * Views keep sharing storage. dtypes this module has no kernels for are widened without loss
 * (float16 and bfloat16 to float32; int8, uint8, int16, int32 to int64); complex and quantized
 * tensors are refused.
 *
 * @module
 */

import { Storage } from "../tensor/storage.ts";
import { allocate, checkInt64, describe, type DType } from "../tensor/dtype.ts";
import { makeTensor, requireTensor, storageOf, Tensor } from "../tensor/tensor.ts";
import { isParameter } from "../nn/registry.ts";
import { Parameter } from "../nn/parameter.ts";
import { checkOptionKeys } from "../tensor/options.ts";
import {
  newDict,
  pickle,
  type PickleGlobal,
  PyGlobal,
  PyPersistent,
  PyReduce,
  PyTuple,
  unpickle,
} from "./pickle.ts";
import { readZip, writeZip } from "./zip.ts";

/** What `load` and `save` accept as a file: a path, a URL, or (load only) the bytes. */
export type FileLike = string | URL | Uint8Array | ArrayBuffer;

/** Options of {@linkcode load}, with torch's keys. */
export interface LoadOptions {
  /** Where tensors go: `"cpu"`, a cpu device, or null (the file's own location must be the CPU). */
  map_location?: unknown;
  /** Accepted for torch's signature; loading is always restricted to tensors and containers. */
  weights_only?: boolean;
}

interface FileSystem {
  readFileSync(path: string): Uint8Array;
  writeFileSync(path: string, data: Uint8Array): void;
}

/** The runtime's synchronous file functions (Deno's, or Node's fs), or null in a browser. */
function fileSystem(): FileSystem | null {
  // deno-lint-ignore no-explicit-any
  const g = globalThis as any;
  if (g.Deno?.readFileSync) {
    return {
      readFileSync: (p) => g.Deno.readFileSync(p),
      writeFileSync: (p, d) => g.Deno.writeFileSync(p, d),
    };
  }
  const fs = g.process?.getBuiltinModule?.("fs");
  return fs ? { readFileSync: (p) => fs.readFileSync(p), writeFileSync: fs.writeFileSync } : null;
}

function pathOf(f: string | URL): string {
  if (f instanceof URL) {
    if (f.protocol !== "file:") throw new TypeError(`only file: URLs are files, got ${f.href}`);
    return decodeURIComponent(f.pathname);
  }
  return f;
}

function readBytes(f: FileLike, where: string): Uint8Array {
  if (f instanceof Uint8Array) return f;
  if (f instanceof ArrayBuffer) return new Uint8Array(f);
  if (typeof f !== "string" && !(f instanceof URL)) {
    throw new TypeError(
      `${where}: expected a path, a file URL, a Uint8Array or an ArrayBuffer, got ${describe(f)}`,
    );
  }
  const fs = fileSystem();
  if (fs === null) {
    throw new Error(`${where}: this runtime has no file system; pass the file's bytes instead`);
  }
  return fs.readFileSync(pathOf(f));
}

interface StorageType {
  readonly dtype: DType;
  /** Bytes per element in the file. */
  readonly size: number;
  /** The file's element i, as this module stores it. */
  readonly read: (view: DataView, i: number) => number;
}

const STORAGES: Record<string, StorageType> = {
  FloatStorage: { dtype: "float32", size: 4, read: (v, i) => v.getFloat32(i * 4, true) },
  DoubleStorage: { dtype: "float64", size: 8, read: (v, i) => v.getFloat64(i * 8, true) },
  HalfStorage: { dtype: "float32", size: 2, read: (v, i) => half(v.getUint16(i * 2, true)) },
  BFloat16Storage: {
    dtype: "float32",
    size: 2,
    read: (v, i) => new Float32Array(new Uint32Array([v.getUint16(i * 2, true) << 16]).buffer)[0],
  },
  LongStorage: {
    dtype: "int64",
    size: 8,
    read: (v, i) => {
      const x = v.getBigInt64(i * 8, true);
      return checkInt64(Number(x), "load", x);
    },
  },
  IntStorage: { dtype: "int64", size: 4, read: (v, i) => v.getInt32(i * 4, true) },
  ShortStorage: { dtype: "int64", size: 2, read: (v, i) => v.getInt16(i * 2, true) },
  CharStorage: { dtype: "int64", size: 1, read: (v, i) => v.getInt8(i) },
  ByteStorage: { dtype: "int64", size: 1, read: (v, i) => v.getUint8(i) },
  BoolStorage: { dtype: "bool", size: 1, read: (v, i) => (v.getUint8(i) === 0 ? 0 : 1) },
};

/** An IEEE half-precision value from its bits. */
function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** A storage type marker the unpickler's globals return for `torch.FloatStorage` etc. */
class StorageClass {
  constructor(readonly name: string, readonly type: StorageType) {}
}

function isCpu(location: unknown): boolean {
  return location === "cpu" ||
    (typeof location === "object" && location !== null &&
      (location as { type?: unknown }).type === "cpu");
}

function checkMapLocation(map: unknown, where: string): void {
  if (map === undefined || map === null || isCpu(map)) return;
  if (typeof map === "object" && !Array.isArray(map)) {
    for (const v of Object.values(map as object)) {
      if (!isCpu(v)) {
        throw new Error(
          `${where}: map_location maps to ${
            describe(v)
          }; this module computes on the CPU, so every location must map to "cpu"`,
        );
      }
    }
    return;
  }
  throw new Error(
    `${where}: map_location must be "cpu", device("cpu"), an object mapping locations to "cpu", or null; got ${
      describe(map)
    } (this module computes on the CPU)`,
  );
}

/**
 * Reads a file written by `torch.save` (PyTorch 1.6 and later), like `torch.load(f)`.
 *
 * @param f A path, a file URL, or the file's bytes.
 * @param options `map_location` (`"cpu"`: tensors saved on a GPU are loaded to the CPU) and
 *   `weights_only` (accepted; loading is always restricted).
 * @returns The saved object: tensors, numbers, strings, booleans, null, arrays (lists and
 *   tuples) and plain objects (dicts, with their keys as strings).
 *
 * @example
 * ```ts
 * import { load, save, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const bytes = save({ logits: tensor([[1.5, -2]]), step: 3 });
 * const back = load(bytes) as { logits: ReturnType<typeof tensor>; step: number };
 * assert.equal(String(back.logits), "tensor([[ 1.5000, -2.0000]])");
 * assert.equal(back.step, 3);
 * ```
 */
export function load(f: FileLike, options?: LoadOptions): unknown {
  const where = "load";
  checkOptionKeys(options, ["map_location", "weights_only"], where);
  const map = options?.map_location;
  checkMapLocation(map, where);
  const records = readZip(readBytes(f, where), where);
  let prefix: string | null = null;
  for (const name of records.keys()) {
    if (name.endsWith("/data.pkl") && name.indexOf("/") === name.length - "/data.pkl".length) {
      prefix = name.slice(0, -"/data.pkl".length);
    }
  }
  if (prefix === null) {
    throw new Error(`${where}: the archive has no data.pkl: not a torch.save file`);
  }
  // One Storage per record, so views keep sharing it; its dtype beside it (int64 and float64
  // both live in a Float64Array).
  const storages = new Map<string, { storage: Storage; dtype: DType }>();
  const persistentLoad = (pid: unknown): unknown => {
    if (!Array.isArray(pid) || pid[0] !== "storage" || !(pid[1] instanceof StorageClass)) {
      throw new Error(`${where}: unsupported persistent id ${describe(pid)}`);
    }
    const [, cls, key, location, numel] = pid as [string, StorageClass, string, string, number];
    if (!isCpu(location) && (map === undefined || map === null)) {
      throw new Error(
        `${where}: Attempting to deserialize object on a CUDA device but cuda.is_available() is false. If you are running on a CPU-only machine, please use load with { map_location: "cpu" } to map your storages to the CPU.`,
      );
    }
    const cached = storages.get(key);
    if (cached !== undefined) return cached;
    const bytes = records.get(`${prefix}/data/${key}`);
    if (bytes === undefined) throw new Error(`${where}: the archive lacks storage ${key}`);
    if (bytes.length < numel * cls.type.size) {
      throw new Error(
        `${where}: storage ${key} holds ${bytes.length} bytes, fewer than ${numel} elements`,
      );
    }
    const data = allocate(cls.type.dtype, numel);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < numel; i++) data[i] = cls.type.read(view, i);
    const entry = { storage: new Storage(data), dtype: cls.type.dtype };
    storages.set(key, entry);
    return entry;
  };
  const rebuild = (
    storage: unknown,
    offset: unknown,
    size: unknown,
    stride: unknown,
    requiresGrad: unknown,
  ): Tensor => {
    const s = storage as { storage?: unknown; dtype: DType };
    if (
      !(s?.storage instanceof Storage) || typeof offset !== "number" || !Array.isArray(size) ||
      !Array.isArray(stride) || size.length !== stride.length
    ) {
      throw new Error(`${where}: corrupt tensor record`);
    }
    let last = offset;
    for (let d = 0; d < size.length; d++) last += Math.max(size[d] - 1, 0) * stride[d];
    if (size.every((n) => n > 0) && last >= s.storage.data.length) {
      throw new Error(`${where}: a tensor runs past its storage`);
    }
    const t = makeTensor(s.storage, size as number[], stride as number[], offset, s.dtype);
    return requiresGrad === true ? t.requires_grad_(true) : t;
  };
  const functions = new Map<string, PickleGlobal>([
    ["collections OrderedDict", () => newDict()],
    [
      "torch._utils _rebuild_tensor_v2",
      (s, o, size, stride, rg) => rebuild(s, o, size, stride, rg),
    ],
    ["torch._utils _rebuild_tensor", (s, o, size, stride) => rebuild(s, o, size, stride, false)],
    ["torch._utils _rebuild_parameter", (data, rg) => {
      requireTensor(data, where);
      return Parameter(data, rg !== false);
    }],
  ]);
  const env = {
    where,
    find: (module: string, name: string): unknown =>
      module === "torch" && Object.hasOwn(STORAGES, name)
        ? new StorageClass(name, STORAGES[name])
        : functions.get(`${module} ${name}`),
    persistentLoad,
  };
  return unpickle(records.get(`${prefix}/data.pkl`)!, env);
}

const WRITE_STORAGE: Record<DType, { name: string; size: number }> = {
  float32: { name: "FloatStorage", size: 4 },
  float64: { name: "DoubleStorage", size: 8 },
  int64: { name: "LongStorage", size: 8 },
  bool: { name: "BoolStorage", size: 1 },
};

/**
 * Writes `obj` in `torch.save`'s format, which PyTorch 1.13's `torch.load` reads, like
 * `torch.save(obj, f)`. Tensors keep their dtype, shape, strides and shared storage; plain
 * objects and Maps become dicts (keys that are non-negative integers become Python ints, as an
 * optimiser's state_dict needs), arrays become lists.
 *
 * @param obj Tensors, numbers, strings, booleans, null, arrays, Maps and plain objects.
 * @param f A path or file URL to write; omitted: the file's bytes are returned.
 * @returns The bytes written.
 *
 * @example
 * ```ts
 * import { load, nn, save } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const model = nn.Linear(2, 1);
 * const state = load(save(model.state_dict())) as Record<string, unknown>;
 * assert.deepEqual(Object.keys(state), ["weight", "bias"]);
 * ```
 */
export function save(obj: unknown, f?: string | URL): Uint8Array {
  const where = "save";
  const keys = new Map<Storage, string>();
  const records: [string, Uint8Array][] = [];
  const path = f === undefined ? null : pathOf(f);
  const stem = path === null
    ? "archive"
    : (path.split(/[\\/]/).pop() ?? "archive").replace(/\.[^.]*$/, "") || "archive";
  const prefix = /^[A-Za-z0-9_.-]+$/.test(stem) ? stem : "archive";
  const convert = (v: unknown): unknown => {
    if (!(v instanceof Tensor)) return undefined;
    const storage = storageOf(v);
    const kind = WRITE_STORAGE[v.dtype];
    let key = keys.get(storage);
    if (key === undefined) {
      key = String(keys.size);
      keys.set(storage, key);
      records.push([`${prefix}/data/${key}`, storageBytes(storage, v.dtype, kind.size)]);
    }
    const pid = new PyPersistent(
      new PyTuple(["storage", new PyGlobal("torch", kind.name), key, "cpu", storage.data.length]),
    );
    const tensor = new PyReduce(new PyGlobal("torch._utils", "_rebuild_tensor_v2"), [
      pid,
      v.storage_offset(),
      new PyTuple(v.shape),
      new PyTuple(v.stride() as number[]),
      v.requires_grad && !isParameter(v),
      new PyReduce(new PyGlobal("collections", "OrderedDict"), []),
    ]);
    if (!isParameter(v)) return tensor;
    return new PyReduce(new PyGlobal("torch._utils", "_rebuild_parameter"), [
      tensor,
      v.requires_grad,
      new PyReduce(new PyGlobal("collections", "OrderedDict"), []),
    ]);
  };
  const pkl = pickle(obj, convert, where);
  const bytes = writeZip([
    [`${prefix}/data.pkl`, pkl],
    ...records,
    [`${prefix}/version`, new TextEncoder().encode("3\n")],
  ]);
  if (path !== null) {
    const fs = fileSystem();
    if (fs === null) {
      throw new Error(`${where}: this runtime has no file system; call save(obj) for the bytes`);
    }
    fs.writeFileSync(path, bytes);
  }
  return bytes;
}

function storageBytes(storage: Storage, dtype: DType, size: number): Uint8Array {
  const data = storage.data;
  const out = new Uint8Array(data.length * size);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) {
    if (dtype === "float32") view.setFloat32(i * 4, data[i], true);
    else if (dtype === "float64") view.setFloat64(i * 8, data[i], true);
    else if (dtype === "int64") view.setBigInt64(i * 8, BigInt(data[i]), true);
    else out[i] = data[i] === 0 ? 0 : 1;
  }
  return out;
}
