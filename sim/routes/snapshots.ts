// Snapshots: create (suspend → snapshot → resume), list, delete, restore of volume definitions
// and resources into another definition, rollback. Each snapshot freezes a copy of the bytes.
import { code, Rc, RcError } from "../apicallrc";
import { SimCore, sleep } from "../core";
import { addVlmDfn } from "../domain/resource-definitions";
import { deleteSnapshot, restoreResources, rollback, snapErr, takeSnapshot } from "../domain/snapshots";
import { body, json, mutate, paginate, qAll, read, Route, route } from "../http";
import { key } from "../names";
import { renderSnapshot } from "../render";
import { Props, SnapshotRec, sortedValues } from "../state";
function viewSnapshots(sim: SimCore, nodes: string[], rscs: string[]): SnapshotRec[] {
  const out: SnapshotRec[] = [];
  for (const rd of sortedValues(sim.state.rscDfns)) {
    if (rscs.length && !rscs.includes(key(rd.name))) continue;
    for (const s of sortedValues(rd.snapshots)) {
      if (nodes.length && !s.nodes.some((n) => nodes.includes(key(n.node)))) continue;
      out.push(s);
    }
  }
  return out;
}

export const snapshotRoutes: Route[] = [
  route("GET", "/v1/view/snapshots", (c) => json(200, paginate(c, viewSnapshots(c.sim, qAll(c, "nodes").map(key), qAll(c, "resources").map(key))).map((s) => renderSnapshot(c.sim, s)))),
  route("GET", "/v1/resource-definitions/{rd}/snapshots", (c) =>
    read({ op: "MOD", obj: "SNAPSHOT" }, () => paginate(c, sortedValues(c.sim.rd(c.params.rd).snapshots)).map((s) => renderSnapshot(c.sim, s))),
  ),
  route("GET", "/v1/resource-definitions/{rd}/snapshots/{snap}", (c) =>
    read({ op: "MOD", obj: "SNAPSHOT" }, () => renderSnapshot(c.sim, c.sim.snapshot(c.sim.rd(c.params.rd), c.params.snap))),
  ),
  route("POST", "/v1/resource-definitions/{rd}/snapshots", (c) =>
    mutate(c, { op: "CRT", obj: "SNAPSHOT" }, 201, async (rc) => {
      const b = body<{ name?: string; nodes?: string[]; snapshot_definition_props?: Props; props?: Props }>(c, "Snapshot");
      const rd = c.sim.rd(c.params.rd);
      takeSnapshot(c.sim, rd, b.name ?? "", b.nodes ?? [], { ...(b.props ?? {}), ...(b.snapshot_definition_props ?? {}) }, rc);
      await sleep(c.sim.cfg.satelliteDelayMs);
    }),
  ),
  route("POST", "/v1/actions/snapshot/multi", (c) =>
    mutate(c, { op: "CRT", obj: "SNAPSHOT" }, 201, async (rc) => {
      const b = body<{ snapshots?: { name?: string; resource_name?: string; nodes?: string[] }[] }>(c, "CreateMultiSnapshotRequest");
      for (const s of b.snapshots ?? []) takeSnapshot(c.sim, c.sim.rd(s.resource_name ?? ""), s.name ?? "", s.nodes ?? [], {}, rc);
      await sleep(c.sim.cfg.satelliteDelayMs);
    }),
  ),
  route("DELETE", "/v1/resource-definitions/{rd}/snapshots/{snap}", (c) =>
    mutate(c, { op: "DEL", obj: "SNAPSHOT" }, 200, async (rc) => {
      const rd = c.sim.findRd(c.params.rd);
      const s = rd?.snapshots[key(c.params.snap)];
      if (!rd || !s) throw new RcError("WARN_NOT_FOUND", `Snapshot '${c.params.snap}' of resource '${c.params.rd}' not found.`);
      await sleep(c.sim.cfg.satelliteDelayMs);
      deleteSnapshot(c.sim, rd, s, qAll(c, "nodes"), rc);
    }),
  ),
  route("POST", "/v1/resource-definitions/{rd}/snapshot-restore-volume-definition/{snap}", (c) =>
    mutate(c, { op: "CRT", obj: "RSC_DFN" }, 200, (rc) => {
      const b = body<{ to_resource?: string }>(c, "SnapshotRestore");
      const rd = c.sim.rd(c.params.rd);
      const s = c.sim.snapshot(rd, c.params.snap);
      const target = c.sim.rd(b.to_resource ?? "");
      if (target.vlmDfns.length) throw new RcError("FAIL_EXISTS_VLM_DFN", `Resource definition '${target.name}' already has volume definitions.`, { correction: "Restore into a resource definition without volume definitions." });
      const sub = new Rc();
      for (const v of s.vds) addVlmDfn(c.sim, target, { size_kib: v.sizeKib, volume_number: v.vlmNr }, undefined, sub);
      rc.add(code("DELETED", "CRT", "VLM_DFN"), `Volume definitions of resource definition '${target.name}' restored from resource '${rd.name}', snapshot '${s.name}'.`, { obj_refs: { RscDfn: target.name } });
      c.sim.event("snapshot-vd-restored", { resource: target.name, detail: `from ${rd.name}/${s.name}` });
    }),
  ),
  route("POST", "/v1/resource-definitions/{rd}/snapshot-restore-resource/{snap}", (c) =>
    mutate(c, { op: "CRT", obj: "RSC" }, 200, async (rc) => {
      const b = body<{ to_resource?: string; nodes?: string[]; stor_pool_rename?: Record<string, string> }>(c, "SnapshotRestore");
      const rd = c.sim.rd(c.params.rd);
      await restoreResources(c.sim, rd, c.sim.snapshot(rd, c.params.snap), c.sim.rd(b.to_resource ?? ""), b.nodes ?? [], b.stor_pool_rename ?? {}, rc);
    }),
  ),
  route("POST", "/v1/resource-definitions/{rd}/snapshot-rollback/{snap}", (c) =>
    mutate(c, { op: "MOD", obj: "SNAPSHOT" }, 200, async (rc) => {
      body<unknown>(c, "SnapshotRollback");
      const sim = c.sim;
      const rd = sim.rd(c.params.rd);
      const s = rd.snapshots[key(c.params.snap)];
      if (!s) throw snapErr("FAIL_NOT_FOUND_SNAPSHOT_DFN", `Snapshot '${c.params.snap}' of resource '${rd.name}' not found.`, rd.name, c.params.snap);
      await rollback(sim, rd, s, rc);
      sim.event("snapshot-rollback", { resource: rd.name, detail: s.name });
    }),
  ),
];
