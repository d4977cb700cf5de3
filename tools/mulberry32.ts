/**
 * A small seeded generator (mulberry32) for tests and benchmarks that need the same numbers on
 * every run without touching the library's global generator (`manual_seed`).
 *
 * @module
 */

/**
 * A stream of uniform numbers in [0, 1) determined by `seed`.
 *
 * @param seed Any 32-bit integer.
 * @returns The next number on each call.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
