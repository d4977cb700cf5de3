/**
 * Printing in Node as in Deno: every class (or object) with Deno's inspect hook also gets Node's
 * through lib/tensor/inspect.ts's printInNode, and Node's hook returns Deno's text.
 */
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { finfo, nn, tensor } from "../mod.ts";
import { NODE_INSPECT } from "../lib/tensor/inspect.ts";

Deno.test("every file that defines Deno's inspect hook also calls printInNode", async () => {
  const missing: string[] = [];
  const walk = async (dir: URL): Promise<void> => {
    for await (const e of Deno.readDir(dir)) {
      if (e.isDirectory) await walk(new URL(`${e.name}/`, dir));
      else if (e.name.endsWith(".ts") && e.name !== "inspect.ts") {
        const text = await Deno.readTextFile(new URL(e.name, dir));
        const hooks = text.match(/\[Symbol\.for\("Deno\.customInspect"\)\]/g)?.length ?? 0;
        const calls = text.match(/printInNode\(/g)?.length ?? 0;
        if (hooks > calls) {
          missing.push(`${new URL(e.name, dir).pathname}: ${hooks} hooks, ${calls} calls`);
        }
      }
    }
  };
  await walk(new URL("../lib/", import.meta.url));
  assert.deepEqual(missing, [], "add printInNode(Class.prototype) after each class");
});

Deno.test("Node's inspect hook returns what Deno's prints", () => {
  const values: unknown[] = [
    tensor([[0.25, -1], [3, 4.5]], { requires_grad: true }),
    nn.Linear(4, 2),
    nn.KLDivLoss({ reduction: "batchmean" }),
    finfo("float32"),
    tensor([[1, 5, 2], [7, 0, 3]]).max(1),
  ];
  for (const v of values) {
    const hook = (v as Record<symbol, () => string>)[NODE_INSPECT];
    assert.equal(typeof hook, "function", `${Deno.inspect(v)}: no Node hook`);
    assert.equal(hook.call(v), Deno.inspect(v));
    assert.equal(inspect(v), Deno.inspect(v));
  }
});
