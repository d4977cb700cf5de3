/**
 * Printing in Node as in Deno (lib/tensor/inspect.ts): the classes users print get Node's
 * inspect hook beside Deno's, and Node's `util.inspect` prints what `Deno.inspect` prints.
 */
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { device, nn, tensor } from "../mod.ts";
import { NODE_INSPECT } from "../lib/tensor/inspect.ts";

Deno.test("Node's inspect hook returns what Deno's prints", () => {
  const values: unknown[] = [
    tensor([[0.25, -1], [3, 4.5]], { requires_grad: true }),
    nn.Linear(4, 2),
    nn.KLDivLoss({ reduction: "batchmean" }),
    device("cpu"),
    tensor([[1, 5, 2], [7, 0, 3]]).max(1),
  ];
  for (const v of values) {
    const hook = (v as Record<symbol, () => string>)[NODE_INSPECT];
    assert.equal(typeof hook, "function", `${Deno.inspect(v)}: no Node hook`);
    assert.equal(hook.call(v), Deno.inspect(v));
    assert.equal(inspect(v), Deno.inspect(v));
  }
});
