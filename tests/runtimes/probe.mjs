/**
 * One program run by Deno (on the TypeScript sources), by Node and by a browser page (on bundles
 * of them): the document's four methods (examples/four_methods.ts, whose printed lines it
 * captures), a port from tests/ports/ on its PyTorch fixture (outputs, then gradients), and a
 * tensor, a module, a loss and a named tuple as the runtime's own inspector prints them. tests/runtimes_test.ts
 * compares the lines each runtime returns. Plain JavaScript, so Node and a browser run it as is.
 *
 * @module
 */

/**
 * Runs the program and returns the lines it prints.
 *
 * @param {object} env What the runtime provides.
 * @param {any} env.kldiv The module (mod.ts, or its bundle).
 * @param {string} env.fourMethods The URL of examples/four_methods.ts (or its bundle).
 * @param {{ run(inputs: Record<string, any>): Record<string, any> }} env.port A port module.
 * @param {any} env.fixture The port's fixture (tests/ports/fixtures/<name>.json).
 * @param {(x: unknown) => string} env.inspect The runtime's inspector (Deno.inspect, util.inspect, String).
 * @returns {Promise<string[]>} The printed lines.
 */
export async function probe({ kldiv, fourMethods, port, fixture, inspect }) {
  const lines = [];
  const log = console.log;
  console.log = (...args) => lines.push(args.map(String).join(" "));
  try {
    await import(fourMethods);
  } finally {
    console.log = log;
  }
  const text = lines.join("\n").split("\n");
  const out = [...text, "", `port ${fixture.name}:`];
  const inputs = {};
  for (const [k, rec] of Object.entries(fixture.inputs)) inputs[k] = build(kldiv, rec);
  const outputs = port.run(inputs);
  for (const k of Object.keys(outputs).sort()) out.push(`${k} = ${outputs[k]}`);
  let total = null;
  for (const [k, rec] of Object.entries(fixture.grad_weights)) {
    const term = outputs[k].mul(build(kldiv, rec)).sum();
    total = total === null ? term : total.add(term);
  }
  total.backward();
  for (const k of Object.keys(fixture.grads).sort()) out.push(`${k}.grad = ${inputs[k].grad}`);
  out.push("", "inspect:");
  out.push(inspect(kldiv.tensor([[0.25, -1], [3, 4.5]], { requires_grad: true })));
  out.push(inspect(kldiv.nn.Linear(4, 2)));
  out.push(inspect(kldiv.nn.KLDivLoss({ reduction: "batchmean" })));
  out.push(inspect(kldiv.tensor([[1, 5, 2], [7, 0, 3]]).max(1)));
  return out.join("\n").split("\n");
}

function decode(v) {
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  if (v === "nan") return NaN;
  return v;
}

function nest(flat, shape) {
  if (shape.length === 0) return flat[0];
  const [n, ...rest] = shape;
  const step = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, i) => nest(flat.slice(i * step, (i + 1) * step), rest));
}

function build(kldiv, rec) {
  return kldiv.tensor(nest(rec.data.map(decode), rec.shape), {
    dtype: rec.dtype,
    requires_grad: rec.requires_grad ?? false,
  });
}
