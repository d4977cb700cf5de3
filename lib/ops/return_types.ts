/**
 * torch's named tuples (`torch.return_types.*`): a fixed list of tensors with field names that
 * destructures (`const [Q, R] = linalg.qr(A)`), indexes (`out[0]`), reads by name
 * (`out.Q`) and prints as torch does.
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";

/**
 * The base of torch's named tuples: subclasses declare their fields (`declare readonly Q:
 * Tensor`) and pass the names and values here.
 */
export class ReturnTuple implements Iterable<Tensor> {
  /** The tensors by position, as torch's tuple indexes them. */
  readonly [index: number]: Tensor;
  /** torch's name for the tuple type, e.g. `"linalg_qr"`. */
  readonly name: string;
  /** The field names, in order. */
  readonly fields: readonly string[];
  /** How many tensors the tuple holds. */
  readonly length: number;

  /**
   * Builds the tuple (done by the ops, not by users).
   *
   * @param name torch's tuple name.
   * @param fields The field names, in order.
   * @param values One tensor per field.
   */
  constructor(name: string, fields: readonly string[], values: readonly Tensor[]) {
    this.name = name;
    this.fields = fields;
    this.length = values.length;
    values.forEach((v, i) => {
      Object.defineProperty(this, i, { value: v, enumerable: false });
      Object.defineProperty(this, fields[i], { value: v, enumerable: true });
    });
  }

  /** Yields the tensors in field order, so the tuple destructures as torch's does. */
  *[Symbol.iterator](): Iterator<Tensor> {
    for (let i = 0; i < this.length; i++) yield this[i];
  }

  /** torch's repr: `torch.return_types.linalg_qr(\nQ=...,\nR=...)`. */
  toString(): string {
    const parts = this.fields.map((f, i) => `${f}=${this[i]}`);
    return `torch.return_types.${this.name}(\n${parts.join(",\n")})`;
  }

  /** Makes `console.log` print torch's repr. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}
