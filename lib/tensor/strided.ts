/**
 * Row-major copies of strided views without an index array: a 2-D view (a transposed matrix,
 * a column slice) is copied in 32×32 blocks, so both the reads and the writes stay in cache;
 * higher ranks walk their innermost dim in a plain loop under an odometer over the others.
 *
 * @module
 */

import type { Data } from "./dtype.ts";

/** The block edge of the 2-D copy: 32×32 elements of 8 bytes read and written, 16 KiB. */
const BLOCK = 32;

/**
 * Copies the view (shape, strides, offset) of `data` into `out` in row-major order.
 *
 * @param data The storage.
 * @param shape The view's shape.
 * @param strides Its element strides.
 * @param offset Its storage offset.
 * @param out The destination, of the view's element count.
 */
export function gatherStrided(
  data: Data,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  out: Data,
): void {
  const nd = shape.length;
  const n = out.length;
  if (n === 0) return;
  if (nd === 0) {
    out[0] = data[offset];
    return;
  }
  if (nd === 2) {
    const [rows, cols] = shape;
    const [rs, cs] = strides;
    for (let i0 = 0; i0 < rows; i0 += BLOCK) {
      const i1 = Math.min(rows, i0 + BLOCK);
      for (let j0 = 0; j0 < cols; j0 += BLOCK) {
        const j1 = Math.min(cols, j0 + BLOCK);
        for (let i = i0; i < i1; i++) {
          let src = offset + i * rs + j0 * cs;
          let dst = i * cols + j0;
          for (let j = j0; j < j1; j++) {
            out[dst++] = data[src];
            src += cs;
          }
        }
      }
    }
    return;
  }
  const inner = shape[nd - 1];
  const step = strides[nd - 1];
  const counter = new Array<number>(nd - 1).fill(0);
  let pos = offset;
  for (let dst = 0; dst < n; dst += inner) {
    let src = pos;
    for (let j = 0; j < inner; j++) {
      out[dst + j] = data[src];
      src += step;
    }
    for (let d = nd - 2; d >= 0; d--) {
      counter[d]++;
      pos += strides[d];
      if (counter[d] < shape[d]) break;
      pos -= strides[d] * counter[d];
      counter[d] = 0;
    }
  }
}
