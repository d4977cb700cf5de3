/**
 * torch.Size, the type of `t.size()`: a tuple of ints that the legacy constructors
 * (`torch.Tensor(x.size())`, `x.new(x.size())`) read as sizes, where a list is data. kldiv's
 * `size()` returns a plain array marked as a size (a non-enumerable symbol, invisible to
 * `deepEqual` and `JSON`), so `Tensor(x.size())` makes a tensor of that shape as in torch
 * instead of a tensor holding the sizes.
 *
 * @module
 */

const SIZE: unique symbol = Symbol.for("kldiv.torch.Size");

/** Marks `sizes` as a torch.Size (in place) and returns it. */
export function markSize<T extends number[]>(sizes: T): T {
  Object.defineProperty(sizes, SIZE, { value: true, enumerable: false });
  return sizes;
}

/**
 * Whether `value` is a torch.Size, not data: an array returned by `size()`, or a tensor's
 * `shape` (a frozen array; arrays a user writes are not frozen), so `Tensor(x.shape)` makes a
 * tensor of x's shape as `torch.Tensor(x.shape)` does.
 */
export function isSize(value: unknown): value is number[] {
  if (!Array.isArray(value)) return false;
  if ((value as unknown as Record<symbol, unknown>)[SIZE] === true) return true;
  return value.length > 0 && Object.isFrozen(value) && value.every(Number.isInteger);
}
