/**
 * Storage: the typed array a tensor and all its views read and write, with the version
 * counter that autograd checks.
 *
 * @module
 */

import type { Data } from "./dtype.ts";

/**
 * The memory behind one or more tensors. Views share it; every in-place op bumps `version`,
 * and a tensor saved for backward remembers the version it saw, as torch's `VariableVersion`.
 */
export class Storage {
  /** The elements, in the typed array of the tensors' dtype. */
  readonly data: Data;
  /** Bumped by every in-place write. */
  version = 0;

  /** @param data The typed array. */
  constructor(data: Data) {
    this.data = data;
  }
}
