/**
 * The probe in a browser page: loads the bundles beside it, runs the probe and the pool probe,
 * and posts the lines (or the error) to the test's server at `/report`.
 *
 * @module
 */

import { probe } from "./probe.mjs";

let report;
try {
  const lines = await probe({
    kldiv: await import("./kldiv.mjs"),
    fourMethods: new URL("./four_methods.mjs", import.meta.url).href,
    port: await import("./port.mjs"),
    fixture: await (await fetch("./fixture.json")).json(),
    inspect: (x) => String(x),
  });
  const pool = await (await import("./pool_probe.mjs")).poolProbe();
  report = {
    lines,
    pool,
    isolated: globalThis.crossOriginIsolated === true,
    // From navigation start to the end of the probe: loading the bundles and running it all.
    ms: Math.round(performance.now()),
  };
} catch (e) {
  report = { error: `${e?.stack ?? e}` };
}
await fetch("/report", { method: "POST", body: JSON.stringify(report) });
