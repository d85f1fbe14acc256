// Simulator-only endpoints under /sim/ (no real client uses them): health, event log, request
// counts, the data plane, faults, node online/offline and run-time configuration.
import { SimCore } from "../core";
import { nodeOffline, nodeOnline } from "../domain/nodes";
import { Ctx, plainJson, Route, route } from "../http";
import { key } from "../names";
import { isDiskless, RscDfnRec } from "../state";

function bad(status: number, error: string) {
  return plainJson(status, { error });
}

function jsonBody(c: Ctx): Record<string, unknown> | undefined {
  const t = c.raw.toString("utf8").trim();
  if (!t) return {};
  try {
    const v = JSON.parse(t);
    return v && typeof v === "object" && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The replica volume a data-plane call names, or an error text. */
function replica(sim: SimCore, c: Ctx): { rd: RscDfnRec; node: string; vlmNr: number; sizeBytes: number } | string {
  const rd = sim.findRd(c.params.rd);
  if (!rd) return `resource definition '${c.params.rd}' not found`;
  const r = rd.resources[key(c.params.node)];
  if (!r) return `resource '${c.params.rd}' on node '${c.params.node}' not found`;
  const vlmNr = Number(c.params.vlmNr);
  const vd = rd.vlmDfns.find((v) => v.vlmNr === vlmNr);
  const v = r.vlms.find((x) => x.vlmNr === vlmNr);
  if (!vd || !v) return `volume ${c.params.vlmNr} of '${c.params.rd}' on '${c.params.node}' not found`;
  if (isDiskless(r)) return `resource '${rd.name}' on node '${r.node}' is diskless`;
  return { rd, node: r.node, vlmNr, sizeBytes: vd.sizeKib * 1024 };
}

export const simControlRoutes: Route[] = [
  route("GET", "/sim/health", () => plainJson(200, { ok: true })),
  route("GET", "/sim/events", (c) => {
    const since = Number(c.query.get("since") ?? 0);
    return plainJson(200, c.sim.state.events.filter((e) => e.seq > since));
  }),
  route("GET", "/sim/requests", (c) => plainJson(200, c.sim.requests.snapshot())),
  route("DELETE", "/sim/requests", (c) => {
    c.sim.requests.reset();
    return plainJson(200, { ok: true });
  }),
  route("GET", "/sim/config", (c) => plainJson(200, c.sim.cfg)),
  route("POST", "/sim/config", (c) => {
    const b = jsonBody(c);
    if (!b) return bad(400, "body must be a JSON object");
    const cfg = c.sim.cfg;
    for (const k of Object.keys(b)) if (!["resyncRateKibPerSec", "satelliteDelayMs", "seed", "balance"].includes(k)) return bad(400, `unknown config field '${k}'`);
    if (b.resyncRateKibPerSec !== undefined) cfg.resyncRateKibPerSec = Number(b.resyncRateKibPerSec);
    if (b.satelliteDelayMs !== undefined) cfg.satelliteDelayMs = Number(b.satelliteDelayMs);
    if (b.seed !== undefined) {
      cfg.seed = Number(b.seed);
      c.sim.faults.setSeed(cfg.seed);
    }
    if (b.balance !== undefined) {
      if (typeof b.balance === "boolean") cfg.balanceEnabled = b.balance;
      else if (b.balance && typeof b.balance === "object") {
        const bb = b.balance as Record<string, unknown>;
        if (bb.enabled !== undefined) cfg.balanceEnabled = Boolean(bb.enabled);
        if (bb.intervalMs !== undefined) cfg.balanceIntervalMs = Number(bb.intervalMs);
        if (bb.graceMs !== undefined) cfg.balanceGraceMs = Number(bb.graceMs);
      } else return bad(400, "balance must be a boolean or {enabled?, intervalMs?, graceMs?}");
    }
    return plainJson(200, cfg);
  }),
  // a node's satellite going away or coming back
  route("POST", "/sim/nodes/{node}/{state}", (c) =>
    c.sim.lock.run(async () => {
      const toggle = new Map([["online", nodeOnline], ["offline", nodeOffline]]).get(c.params.state);
      if (!toggle) return bad(404, `no such node state '${c.params.state}' (online or offline)`);
      if (!c.sim.findNode(c.params.node)) return bad(404, `node '${c.params.node}' not found`);
      toggle(c.sim, c.params.node);
      c.sim.save();
      return plainJson(200, { ok: true });
    }),
  ),

  // a replica in use (DRBD Primary, e.g. mounted): lets clients meet FAIL_IN_USE
  route("POST", "/sim/resources/{rd}/{node}/in-use", (c) =>
    c.sim.lock.run(async () => {
      const b = jsonBody(c);
      if (!b || typeof b.inUse !== "boolean") return bad(400, "body must be {inUse: boolean}");
      const rd = c.sim.findRd(c.params.rd);
      const r = rd?.resources[key(c.params.node)];
      if (!rd || !r) return bad(404, `resource '${c.params.rd}' on node '${c.params.node}' not found`);
      r.inUse = b.inUse;
      c.sim.event("in-use", { resource: rd.name, node: r.node, detail: String(b.inUse) });
      c.sim.save();
      return plainJson(200, { ok: true });
    }),
  ),

  // faults
  route("GET", "/sim/faults", (c) => plainJson(200, c.sim.faults.list())),
  route("POST", "/sim/faults", (c) => {
    const b = jsonBody(c);
    if (!b) return bad(400, "body must be a JSON object");
    const r = c.sim.faults.add(b);
    if (typeof r === "string") return bad(400, r);
    c.sim.event("fault-added", { detail: `${r.kind} #${r.id}`, ...(r.resource ? { resource: r.resource } : {}), ...(r.node ? { node: r.node } : {}) });
    return plainJson(201, { id: r.id });
  }),
  route("DELETE", "/sim/faults", (c) => {
    c.sim.faults.clear();
    c.sim.event("faults-cleared");
    return plainJson(200, { ok: true });
  }),
  route("DELETE", "/sim/faults/{id}", (c) => {
    if (!c.sim.faults.remove(c.params.id)) return bad(404, `fault '${c.params.id}' not found`);
    c.sim.event("fault-removed", { detail: `#${c.params.id}` });
    return plainJson(200, { ok: true });
  }),

  // data plane
  route("GET", "/sim/data/{rd}/{node}/{vlmNr}/checksum", (c) => {
    const rep = replica(c.sim, c);
    if (typeof rep === "string") return bad(404, rep);
    return plainJson(200, { sha256: c.sim.data.checksum(c.sim.volFile(rep.rd, rep.node, rep.vlmNr), rep.sizeBytes) });
  }),
  route("GET", "/sim/data/{rd}/{node}/{vlmNr}", (c) => {
    const rep = replica(c.sim, c);
    if (typeof rep === "string") return bad(404, rep);
    const offset = Number(c.query.get("offset") ?? 0);
    const length = Number(c.query.get("length") ?? rep.sizeBytes - offset);
    if (!(offset >= 0) || !(length >= 0) || offset + length > rep.sizeBytes) return bad(400, `range ${offset}+${length} outside the volume (${rep.sizeBytes} bytes)`);
    if (length > 256 * 1024 * 1024) return bad(400, "length too large (max 256 MiB per read)");
    return { status: 200, body: c.sim.data.read(c.sim.volFile(rep.rd, rep.node, rep.vlmNr), offset, length), contentType: "application/octet-stream" };
  }),
  route("PUT", "/sim/data/{rd}/{node}/{vlmNr}", (c) =>
    c.sim.lock.run(async () => {
      const rep = replica(c.sim, c);
      if (typeof rep === "string") return bad(404, rep);
      const data = c.raw;
      const offset = Number(c.query.get("offset") ?? 0);
      if (!(offset >= 0) || offset + data.length > rep.sizeBytes) return bad(400, `range ${offset}+${data.length} outside the volume (${rep.sizeBytes} bytes)`);
      const sim = c.sim;
      const rd = rep.rd;
      const here = rd.resources[key(rep.node)];
      const hv = here.vlms.find((v) => v.vlmNr === rep.vlmNr);
      if (!sim.findNode(rep.node)?.online) return bad(409, `node '${rep.node}' is offline`);
      if (hv?.disk !== "UpToDate") return bad(409, `volume ${rep.vlmNr} of '${rd.name}' on '${rep.node}' is ${hv?.disk}, writes need an UpToDate replica`);
      // protocol C: the write reaches every connected UpToDate diskful peer before it completes;
      // peers that are offline miss it and come back Outdated
      const written: string[] = [];
      // without DRBD the replicas are independent volumes: the write stays here
      const drbd = rd.layerStack.includes("DRBD");
      for (const r of Object.values(rd.resources)) {
        if (isDiskless(r) || (!drbd && r !== here)) continue;
        const v = r.vlms.find((x) => x.vlmNr === rep.vlmNr);
        if (!v) continue;
        const online = sim.findNode(r.node)?.online ?? false;
        if (online && v.disk === "UpToDate") {
          sim.data.write(sim.volFile(rd, r.node, rep.vlmNr), offset, data, rep.sizeBytes);
          sim.refreshAllocated(rd, r);
          written.push(r.node);
        } else if (!online && v.disk === "UpToDate") {
          v.disk = "Outdated";
          v.sync = { doneKib: 0, totalKib: rep.sizeBytes / 1024 };
          sim.event("disk-state", { resource: rd.name, node: r.node, volume: rep.vlmNr, detail: "Outdated" });
        }
      }
      sim.save();
      return plainJson(200, { written: data.length, replicas: written });
    }),
  ),
];
