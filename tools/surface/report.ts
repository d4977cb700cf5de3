// Which names of PyTorch 1.13's surface (torch_surface.txt beside this file, a copy of the
// project's shared list) kldiv has, and which of those the op table checks against torch:
//
//   deno run -R tools/surface/report.ts [--tier 1|2] [--missing] [--unchecked]
//
// "present": the mapped value exists (as ../shared/surface/check.ts counts). "in the table": a
// case of tests/fixtures/opinfo/*.json calls it (torch.X, Tensor.X, torch.nn.X, ...). Names
// checked by a family's own test instead (tests/*_test.ts) count as present only.
// deno-lint-ignore-file no-explicit-any
import * as th from "../../mod.ts";

const args = Deno.args;
const tier = args.includes("--tier") ? args[args.indexOf("--tier") + 1] : null;
const spaces: Record<string, string[]> = {
  "torch": [],
  "torch.nn.functional": ["F"],
  "torch.nn": ["nn"],
  "torch.nn.init": ["nn", "init"],
  "torch.nn.utils": ["nn", "utils"],
  "torch.nn.utils.rnn": ["nn", "utils", "rnn"],
  "torch.distributions": ["distributions"],
  "torch.distributions.transforms": ["distributions", "transforms"],
  "torch.optim": ["optim"],
  "torch.optim.lr_scheduler": ["optim", "lr_scheduler"],
  "torch.autograd": ["autograd"],
  "torch.autograd.functional": ["autograd", "functional"],
  "torch.special": ["special"],
  "torch.linalg": ["linalg"],
  "torch.cuda": ["cuda"],
};
const instances: Record<string, () => any> = {
  "torch.Tensor": () => th.tensor([1, 2]),
  "torch.nn.Module": () => new th.nn.Linear(1, 1),
  "torch.optim.Optimizer": () =>
    new th.optim.SGD([th.tensor([1], { requires_grad: true })], { lr: 0.1 }),
};
const dunder: Record<string, string | symbol> = {
  __getitem__: "index",
  __setitem__: "index_put_",
  __iter__: Symbol.iterator,
};

function present(ns: string, name: string): boolean {
  try {
    if (ns in instances) {
      const obj = instances[ns]();
      const key = dunder[name] ?? name;
      return obj[key] !== undefined || key in obj;
    }
    return [...spaces[ns], name].reduce((o: any, k) => o?.[k], th) !== undefined;
  } catch {
    return false;
  }
}

const calls = new Set<string>();
const dir = new URL("../../tests/fixtures/opinfo/", import.meta.url);
for (const f of Deno.readDirSync(dir)) {
  if (!f.name.endsWith(".json")) continue;
  const fx = JSON.parse(Deno.readTextFileSync(new URL(f.name, dir)));
  for (const c of [...fx.cases, ...fx.errors]) {
    calls.add(c.call.startsWith("Tensor.") ? `torch.${c.call}` : c.call);
  }
}

const rows = Deno.readTextFileSync(new URL("torch_surface.txt", import.meta.url))
  .split("\n").filter((l) => l && !l.startsWith("#")).map((l) => l.split(" "));
const byNs = new Map<
  string,
  { all: number; have: number; table: number; missing: string[]; unchecked: string[] }
>();
for (const [ns, name, t] of rows) {
  if (tier !== null && t !== tier) continue;
  const key = `${ns} (tier ${t})`;
  const r = byNs.get(key) ?? { all: 0, have: 0, table: 0, missing: [], unchecked: [] };
  r.all++;
  const path = ns === "torch.nn.Module" || ns === "torch.optim.Optimizer" ? null : `${ns}.${name}`;
  if (present(ns, name)) {
    r.have++;
    if (path !== null && calls.has(path)) r.table++;
    else r.unchecked.push(name);
  } else r.missing.push(name);
  byNs.set(key, r);
}
let all = 0, have = 0, table = 0;
console.log(`${"namespace".padEnd(40)} present  in the table`);
for (const [ns, r] of byNs) {
  all += r.all, have += r.have, table += r.table;
  console.log(
    `${ns.padEnd(40)} ${`${r.have}/${r.all}`.padStart(7)}  ${String(r.table).padStart(5)}`,
  );
  if (args.includes("--missing") && r.missing.length) {
    console.log(`    missing: ${r.missing.join(" ")}`);
  }
  if (args.includes("--unchecked") && r.unchecked.length) {
    console.log(`    not in the table: ${r.unchecked.join(" ")}`);
  }
}
console.log(`surface: ${have}/${all} present, ${table} in the op table`);
