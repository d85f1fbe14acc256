// What the (simulated) satellites answer after applying an update, as the controller forwards
// it: each entry prefixed "(<node>) " (CtrlSatelliteUpdateCaller.deserializeApiCallRc). Only ONLINE
// satellites answer. Texts as LINSTOR 1.34 satellites send them (recorded in
// test/conformance/recorded/): a STORAGE-only resource reports each volume
// ("Volume number 0 of resource 'r' [FILE THIN] resized"), a DRBD one "Resource 'r' [DRBD] adjusted.".
import { code, Rc, RcContext } from "./apicallrc";
import type { SimCore } from "./core";
import { key } from "./names";
import { isDeleting, RscDfnRec, RscRec, sortedValues } from "./state";

export type SatVerb = "created" | "resized" | "deleted";

const VERB_CODE = { created: "CREATED", resized: "MODIFIED", deleted: "DELETED" } as const;

/** "FILE_THIN" → "FILE THIN", as the storage layer names its provider in messages. */
export function kindLabel(kind: string): string {
  return kind.replace(/_/g, " ");
}

/** One satellite's answer about its replica of `rd` after an update (op: the request's). */
export function satelliteRscAnswer(sim: SimCore, rd: RscDfnRec, r: RscRec, op: RcContext["op"], verb: SatVerb, rc: Rc, refs: Record<string, string> = {}): void {
  if (!sim.findNode(r.node)?.online) return;
  if (rd.layerStack.includes("DRBD")) {
    rc.add(code("MODIFIED", op, "RSC"), `(${r.node}) Resource '${rd.name}' [DRBD] adjusted.`, { obj_refs: { ...refs, RscDfn: rd.name } });
    return;
  }
  for (const v of r.vlms) {
    const pool = sim.pool(r.node, v.storPool);
    rc.add(code(VERB_CODE[verb], op, "VLM"), `(${r.node}) Volume number ${v.vlmNr} of resource '${rd.name}' [${kindLabel(pool?.kind ?? "")}] ${verb}`, {
      obj_refs: { ...refs, RscDfn: rd.name, VlmNr: String(v.vlmNr) },
    });
  }
}

/** Every satellite holding a replica of `rd` re-applies it (RD, RG, connection changes). */
export function satellitesOfRd(sim: SimCore, rd: RscDfnRec, op: RcContext["op"], rc: Rc, refs: Record<string, string> = {}): void {
  for (const r of sortedValues(rd.resources)) if (!isDeleting(r)) satelliteRscAnswer(sim, rd, r, op, "resized", rc, refs);
}

/** The replicas a node holds. */
export function replicasOn(sim: SimCore, node: string): { rd: RscDfnRec; r: RscRec }[] {
  const out: { rd: RscDfnRec; r: RscRec }[] = [];
  for (const rd of sortedValues(sim.state.rscDfns)) {
    const r = rd.resources[key(node)];
    if (r && !isDeleting(r)) out.push({ rd, r });
  }
  return out;
}

/**
 * A node change (CtrlNodeApiCallHandler.modifyInTransaction): the node and every node sharing a
 * resource with it apply "Node changes" and re-apply their replicas.
 */
export function satellitesForNodeChange(sim: SimCore, node: string, rc: Rc): void {
  const contact = new Set([key(node)]);
  for (const { rd } of replicasOn(sim, node)) for (const k of Object.keys(rd.resources)) contact.add(k);
  for (const k of [...contact].sort()) {
    const n = sim.state.nodes[k];
    if (!n?.online) continue;
    rc.add(code("MODIFIED", "MOD", "NODE"), `(${n.name}) Node changes applied.`, { obj_refs: { Node: node } });
    for (const { rd, r } of replicasOn(sim, n.name)) satelliteRscAnswer(sim, rd, r, "MOD", "resized", rc, { Node: node });
  }
}

/** Controller properties go to every online satellite, which re-applies its replicas. */
export function satellitesForCtrlChange(sim: SimCore, rc: Rc): void {
  for (const n of sortedValues(sim.state.nodes)) {
    if (!n.online) continue;
    rc.add(code("INFO_PLAIN", "MOD", "CTRL_CONF"), `(${n.name}) Controller properties applied`);
    for (const { rd, r } of replicasOn(sim, n.name)) satelliteRscAnswer(sim, rd, r, "MOD", "resized", rc);
  }
}
