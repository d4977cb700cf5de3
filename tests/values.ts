/**
 * `elems(t)`: a tensor's elements in row-major order, cached per tensor until its storage is
 * written, so test loops can index them without copying the tensor once per element.
 */
import type { Tensor } from "../mod.ts";
import type { Data } from "../lib/tensor/dtype.ts";

const cache = new WeakMap<Tensor, { version: number; data: Data }>();

/** The elements of `t`, row-major (a copy owned by the cache; do not write to it). */
export function elems(t: Tensor): Data {
  const hit = cache.get(t);
  if (hit !== undefined && hit.version === t._version) return hit.data;
  const data = t.toTypedArray();
  cache.set(t, { version: t._version, data });
  return data;
}
