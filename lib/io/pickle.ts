/**
 * The subset of Python's pickle that `torch.save` writes, read by a restricted machine that
 * executes nothing: every global the stream names must be one the caller allows (tensors,
 * storages and containers for `load`), and every other global, `BUILD` on an object and the
 * opcodes that call arbitrary code are refused. Python values map to JS: None → null, bool,
 * int → number (bigint beyond 2^53), float → number, str → string, bytes → Uint8Array,
 * list and tuple → array, dict → a plain object (keys as strings).
 *
 * The writer emits protocol 2, as `torch.save` does.
 *
 * @module
 */

/** A global the stream may name: called by REDUCE with its arguments. */
export type PickleGlobal = (...args: unknown[]) => unknown;

/** What the unpickler may use: allowed globals and persistent ids. */
export interface UnpickleEnv {
  /**
   * The value of an allowed global (a function REDUCE may call, or a marker an allowed
   * function or persistent id takes), or undefined to refuse it.
   */
  readonly find: (module: string, name: string) => unknown;
  /** Resolves a persistent id (BINPERSID), e.g. torch's storage tuples. */
  readonly persistentLoad: (pid: unknown) => unknown;
  /** The function name for messages, e.g. `"load"`. */
  readonly where: string;
}

/** A Python dict while it is being filled (keys may be ints), turned into an object at the end. */
class Dict {
  readonly entries = new Map<string, unknown>();
  set(key: unknown, value: unknown, where: string): void {
    if (typeof key !== "string" && typeof key !== "number" && typeof key !== "bigint") {
      throw new Error(`${where}: dict keys must be strings or ints, got ${typeof key}`);
    }
    this.entries.set(String(key), value);
  }
}

function finish(v: unknown, seen: Map<unknown, unknown>): unknown {
  if (v instanceof Dict) {
    const done = seen.get(v);
    if (done !== undefined) return done;
    const out: Record<string, unknown> = {};
    seen.set(v, out);
    for (const [k, x] of v.entries) {
      Object.defineProperty(out, k, {
        value: finish(x, seen),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  if (Array.isArray(v)) {
    const done = seen.get(v);
    if (done !== undefined) return done;
    seen.set(v, v);
    for (let i = 0; i < v.length; i++) v[i] = finish(v[i], seen);
    return v;
  }
  return v;
}

/** A dict the allowed globals may return (OrderedDict()), filled by SETITEM(S). */
export function newDict(): unknown {
  return new Dict();
}

/**
 * Unpickles `bytes` with only the globals of `env`.
 *
 * @param bytes The pickle stream.
 * @param env Allowed globals and the persistent-id resolver.
 * @returns The value.
 */
export function unpickle(bytes: Uint8Array, env: UnpickleEnv): unknown {
  const where = env.where;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const latin1 = new TextDecoder("latin1");
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();
  let at = 0;
  const need = (n: number) => {
    if (at + n > bytes.length) throw new Error(`${where}: truncated pickle stream`);
  };
  const u8 = () => (need(1), bytes[at++]);
  const u16 = () => (need(2), at += 2, view.getUint16(at - 2, true));
  const u32 = () => (need(4), at += 4, view.getUint32(at - 4, true));
  const u64 = () => {
    need(8);
    const v = view.getBigUint64(at, true);
    at += 8;
    if (v > BigInt(bytes.length)) throw new Error(`${where}: truncated pickle stream`);
    return Number(v);
  };
  const take = (n: number) => (need(n), at += n, bytes.subarray(at - n, at));
  const line = () => {
    const end = bytes.indexOf(0x0a, at);
    if (end < 0) throw new Error(`${where}: truncated pickle stream`);
    const s = latin1.decode(bytes.subarray(at, end));
    at = end + 1;
    return s;
  };
  const pop = () => {
    if (stack.length === 0) throw new Error(`${where}: corrupt pickle stream (empty stack)`);
    return stack.pop();
  };
  const popMark = (): unknown[] => {
    const m = marks.pop();
    if (m === undefined) throw new Error(`${where}: corrupt pickle stream (no mark)`);
    return stack.splice(m);
  };
  const top = () => stack[stack.length - 1];
  const global = (module: string, name: string): unknown => {
    const fn = env.find(module, name);
    if (fn === undefined) {
      throw new Error(
        `${where}: refusing to load the global ${module}.${name}: this loader executes nothing and allows only tensors, storages and containers (dicts, lists, tuples, numbers, strings); save plain data (e.g. a state_dict) in PyTorch`,
      );
    }
    return fn;
  };
  const long = (b: Uint8Array): number | bigint => {
    if (b.length === 0) return 0;
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
    if (b[b.length - 1] & 0x80) v -= 1n << BigInt(8 * b.length);
    return v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v;
  };
  const appendTo = (list: unknown, items: unknown[]) => {
    if (!Array.isArray(list)) throw new Error(`${where}: APPEND on a value that is not a list`);
    list.push(...items);
  };
  const setItems = (dict: unknown, items: unknown[]) => {
    if (!(dict instanceof Dict)) throw new Error(`${where}: SETITEM on a value that is not a dict`);
    for (let i = 0; i + 1 < items.length; i += 2) dict.set(items[i], items[i + 1], where);
  };
  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) throw new Error(`${where}: unsupported pickle protocol`);
        break;
      case 0x95: // FRAME
        u64();
        break;
      case 0x2e: // STOP
        return finish(pop(), new Map());
      case 0x28: // MARK
        marks.push(stack.length);
        break;
      case 0x30: // POP
        pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4a: // BININT
        need(4);
        stack.push(view.getInt32(at, true));
        at += 4;
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x8a: // LONG1
        stack.push(long(take(u8())));
        break;
      case 0x8b: // LONG4
        stack.push(long(take(u32())));
        break;
      case 0x49: { // INT (protocol 0)
        const s = line();
        stack.push(s === "01" ? true : s === "00" ? false : Number.parseInt(s, 10));
        break;
      }
      case 0x47: // BINFLOAT
        need(8);
        stack.push(view.getFloat64(at, false));
        at += 8;
        break;
      case 0x58: // BINUNICODE
        stack.push(decoder.decode(take(u32())));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(decoder.decode(take(u8())));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(decoder.decode(take(u64())));
        break;
      case 0x54: // BINSTRING
        stack.push(latin1.decode(take(u32())));
        break;
      case 0x55: // SHORT_BINSTRING
        stack.push(latin1.decode(take(u8())));
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()).slice());
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()).slice());
        break;
      case 0x8e: // BINBYTES8
        stack.push(take(u64()).slice());
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x74: // TUPLE
        stack.push(popMark());
        break;
      case 0x85: // TUPLE1
        stack.push([pop()]);
        break;
      case 0x86: { // TUPLE2
        const b = pop();
        stack.push([pop(), b]);
        break;
      }
      case 0x87: { // TUPLE3
        const c = pop();
        const b = pop();
        stack.push([pop(), b, c]);
        break;
      }
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x61: { // APPEND
        const v = pop();
        appendTo(top(), [v]);
        break;
      }
      case 0x65: { // APPENDS
        const items = popMark();
        appendTo(top(), items);
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push(new Dict());
        break;
      case 0x64: { // DICT
        const d = new Dict();
        setItems(d, popMark());
        stack.push(d);
        break;
      }
      case 0x73: { // SETITEM
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: { // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x63: { // GLOBAL
        const module = line();
        stack.push(global(module, line()));
        break;
      }
      case 0x93: { // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== "string" || typeof name !== "string") {
          throw new Error(`${where}: corrupt pickle stream (STACK_GLOBAL without names)`);
        }
        stack.push(global(module, name));
        break;
      }
      case 0x52: { // REDUCE
        const args = pop();
        const fn = pop();
        if (typeof fn !== "function" || !Array.isArray(args)) {
          throw new Error(`${where}: corrupt pickle stream (REDUCE without a callable global)`);
        }
        stack.push((fn as PickleGlobal)(...args));
        break;
      }
      case 0x62: { // BUILD: only the state torch gives an OrderedDict (a state_dict's
        // `_metadata`, the modules' versions, which a JS object has no place for)
        const state = pop();
        const metadataOnly = state instanceof Dict &&
          [...state.entries.keys()].every((k) => k === "_metadata") && top() instanceof Dict;
        if (state !== null && !metadataOnly) {
          throw new Error(
            `${where}: refusing to set an object's state (pickle BUILD): this loader executes nothing and allows only tensors and containers`,
          );
        }
        break;
      }
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x70: // PUT
        memo.set(Number.parseInt(line(), 10), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
      case 0x6a: // LONG_BINGET
      case 0x67: { // GET
        const key = op === 0x68 ? u8() : op === 0x6a ? u32() : Number.parseInt(line(), 10);
        if (!memo.has(key)) throw new Error(`${where}: corrupt pickle stream (memo ${key})`);
        stack.push(memo.get(key));
        break;
      }
      case 0x51: // BINPERSID
        stack.push(env.persistentLoad(finish(pop(), new Map())));
        break;
      case 0x50: // PERSID
        stack.push(env.persistentLoad(line()));
        break;
      default:
        throw new Error(
          `${where}: refusing pickle opcode 0x${op.toString(16)} at byte ${
            at - 1
          }: only the opcodes torch.save writes for tensors and containers are read`,
        );
    }
  }
}

/** A Python global the writer emits (`module`, `name`), e.g. torch's storage classes. */
export class PyGlobal {
  /**
   * @param module The module, e.g. `"torch"`.
   * @param name The name, e.g. `"FloatStorage"`.
   */
  constructor(readonly module: string, readonly name: string) {}
}

/** A call the writer emits: `func(*args)` (pickle REDUCE). */
export class PyReduce {
  /**
   * @param func The global called.
   * @param args Its arguments (a tuple).
   */
  constructor(readonly func: PyGlobal, readonly args: readonly unknown[]) {}
}

/** A tuple (arrays are written as lists). */
export class PyTuple {
  /** @param items The elements. */
  constructor(readonly items: readonly unknown[]) {}
}

/** A persistent id (BINPERSID), e.g. torch's storage reference. */
export class PyPersistent {
  /** @param id The id (a tuple). */
  constructor(readonly id: PyTuple) {}
}

/** A dict with its entries in order (number keys are written as Python ints). */
export class PyDict {
  /** @param entries Key-value pairs (number keys are written as Python ints). */
  constructor(readonly entries: readonly (readonly [string | number, unknown])[]) {}
}

/**
 * Pickles `value` with protocol 2. `convert` maps values the writer does not know (tensors)
 * to the Py* classes above, or returns undefined to refuse them.
 *
 * @param value The value.
 * @param convert Maps library objects to pickle structures.
 * @param where The function name for messages.
 * @returns The pickle stream.
 */
export function pickle(
  value: unknown,
  convert: (v: unknown) => unknown,
  where: string,
): Uint8Array {
  const out: number[] = [0x80, 2];
  const encoder = new TextEncoder();
  const u32 = (n: number) => out.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24);
  const str = (s: string) => {
    const b = encoder.encode(s);
    out.push(0x58);
    u32(b.length);
    for (const x of b) out.push(x);
  };
  const int = (v: number | bigint) => {
    if (typeof v === "number" && v >= 0 && v < 256) out.push(0x4b, v);
    else if (typeof v === "number" && v >= 0 && v < 65536) out.push(0x4d, v & 0xff, v >>> 8);
    else if (typeof v === "number" && v >= -(2 ** 31) && v < 2 ** 31) {
      out.push(0x4a);
      u32(v >>> 0);
    } else {
      let b = BigInt(v);
      const bytes: number[] = [];
      for (;;) {
        bytes.push(Number(b & 0xffn));
        b >>= 8n;
        const sign = bytes[bytes.length - 1] & 0x80;
        if ((b === 0n && !sign) || (b === -1n && sign)) break;
      }
      out.push(0x8a, bytes.length, ...bytes);
    }
  };
  const stack = new Set<unknown>();
  const write = (v: unknown): void => {
    if (v === null || v === undefined) return void out.push(0x4e);
    if (v === true) return void out.push(0x88);
    if (v === false) return void out.push(0x89);
    if (typeof v === "bigint") return int(v);
    if (typeof v === "number") {
      if (Number.isInteger(v) && !Object.is(v, -0) && Math.abs(v) <= Number.MAX_SAFE_INTEGER) {
        return int(v);
      }
      out.push(0x47);
      const b = new DataView(new ArrayBuffer(8));
      b.setFloat64(0, v, false);
      for (let i = 0; i < 8; i++) out.push(b.getUint8(i));
      return;
    }
    if (typeof v === "string") return str(v);
    if (v instanceof PyGlobal) {
      out.push(0x63, ...encoder.encode(`${v.module}\n${v.name}\n`));
      return;
    }
    if (v instanceof PyTuple) {
      if (v.items.length === 0) return void out.push(0x29);
      out.push(0x28);
      v.items.forEach(write);
      out.push(0x74);
      return;
    }
    if (v instanceof PyReduce) {
      write(v.func);
      write(new PyTuple(v.args));
      out.push(0x52);
      return;
    }
    if (v instanceof PyPersistent) {
      write(v.id);
      out.push(0x51);
      return;
    }
    if (stack.has(v)) throw new TypeError(`${where}: the object contains itself (a cycle)`);
    stack.add(v);
    try {
      if (v instanceof PyDict) {
        out.push(0x7d);
        if (v.entries.length > 0) {
          out.push(0x28);
          for (const [k, x] of v.entries) {
            write(k);
            write(x);
          }
          out.push(0x75);
        }
        return;
      }
      if (Array.isArray(v)) {
        out.push(0x5d);
        if (v.length > 0) {
          out.push(0x28);
          v.forEach(write);
          out.push(0x65);
        }
        return;
      }
      const converted = convert(v);
      if (converted !== undefined) return write(converted);
      const proto = typeof v === "object" ? Object.getPrototypeOf(v) : undefined;
      if (v instanceof Map) {
        return write(new PyDict([...v.entries()] as [string | number, unknown][]));
      }
      if (proto === Object.prototype || proto === null) {
        // Keys that are canonical non-negative integers are written as Python ints, as the
        // state_dict of an optimiser needs them ({0: state of the first parameter}).
        const entries = Object.entries(v as object).map(([k, x]) =>
          [/^(0|[1-9][0-9]{0,15})$/.test(k) ? Number(k) : k, x] as const
        );
        return write(new PyDict(entries));
      }
      throw new TypeError(
        `${where}: cannot save ${
          typeof v === "object" ? (v as object).constructor?.name ?? "an object" : typeof v
        }: expected tensors, numbers, strings, booleans, null, arrays, Maps and plain objects`,
      );
    } finally {
      stack.delete(v);
    }
  };
  write(value);
  out.push(0x2e);
  return Uint8Array.from(out);
}
