// Resource groups: select-filter normalisation and adjust (autoplace for definitions below the count).
import { code, Rc, RcError } from "../apicallrc";
import { SimCore } from "../core";
import { autoPlace } from "./placement";
import { addRscDfn, addVlmDfn } from "./resource-definitions";
import { key } from "../names";
import { isDeleting, isTieBreaker, Props, RscGrpRec, SelectFilter, sortedValues } from "../state";
/** A select filter as the controller keeps it: empties dropped, storage_pool folded into the list. */
export function normFilter(f: SelectFilter | undefined): SelectFilter {
  const out: SelectFilter = {};
  for (const [k, v] of Object.entries(f ?? {})) {
    if (v === null || v === undefined) continue;
    if (Array.isArray(v) && !v.length) continue;
    (out as Record<string, unknown>)[k] = v;
  }
  if (out.storage_pool && !out.storage_pool_list) out.storage_pool_list = [out.storage_pool];
  delete out.storage_pool;
  if (out.place_count !== undefined && out.place_count < 1) throw new RcError("FAIL_INVLD_PLACE_COUNT", `The place count '${out.place_count}' is invalid.`, { cause: "The place count has to be at least 1." });
  return out;
}

/**
 * A place_count in an RG modify re-runs autoplace for every definition of the group whose
 * resources (diskless included, tie-breakers not) are fewer, also for definitions without any.
 */
export async function adjustGroup(sim: SimCore, rg: RscGrpRec, rc: Rc): Promise<void> {
  const pc = rg.selectFilter.place_count ?? 2;
  for (const rd of sortedValues(sim.state.rscDfns)) {
    if (key(rd.rscGrp) !== key(rg.name) || !rd.vlmDfns.length) continue;
    if (Object.values(rd.resources).filter((r) => !isTieBreaker(r) && !isDeleting(r)).length >= pc) continue;
    try {
      await autoPlace(sim, rd, {}, false, undefined, rc);
    } catch (e) {
      if (e instanceof RcError) rc.plain("WARN_NOT_ENOUGH_NODES_FOR_TIE_BREAKER", `Could not adjust resource '${rd.name}': ${e.message}`);
      else throw e;
    }
  }
}

/** A ResourceGroupSpawn body. */
export interface SpawnBody {
  resource_definition_name?: string;
  resource_definition_external_name?: string;
  volume_sizes?: number[];
  select_filter?: SelectFilter;
  partial?: boolean;
  definitions_only?: boolean;
  peer_slots?: number;
  resource_definition_props?: Props;
}

/** Spawn (CtrlRscGrpApiCallHandler.spawn): a definition with one volume per size, then autoplace unless definitions only. */
export async function spawn(sim: SimCore, rg: RscGrpRec, b: SpawnBody, rc: Rc): Promise<void> {
  const refs = { RscDfn: b.resource_definition_name ?? "", RscGrp: rg.name };
  if (rc.ctx?.objRefs) Object.assign(rc.ctx.objRefs, refs);
  const sizes = b.volume_sizes ?? [];
  if (!rg.vlmGrps.length) rc.add(code("INFO_PLAIN", "CRT", "RSC_GRP"), "Resource-group doesn't have any volume-groups, automatically assume partial mode.", { obj_refs: refs });
  else if (sizes.length !== rg.vlmGrps.length && !b.partial) {
    throw new RcError("FAIL_INVLD_VLM_SIZES", `The resource group '${rg.name}' has ${rg.vlmGrps.length} volume groups, but ${sizes.length} sizes were given.`);
  }
  // CtrlRscGrpApiCallHandler.spawn: volume definitions are reported before the definition
  const vdRc = new Rc(rc.ctx);
  const rd = addRscDfn(sim, { name: b.resource_definition_name ?? "", externalName: b.resource_definition_external_name, rscGrp: rg.name, props: b.resource_definition_props, peerSlots: b.peer_slots, layers: rg.selectFilter.layer_stack }, vdRc);
  const rdEntries = vdRc.entries.splice(0);
  sizes.forEach((s, i) => addVlmDfn(sim, rd, { size_kib: s, volume_number: rg.vlmGrps[i]?.vlmNr ?? i }, undefined, vdRc));
  for (const e of vdRc.entries) {
    if (e.ret_code === code("CREATED", "CRT", "VLM_DFN")) {
      const nr = e.obj_refs?.VlmNr ?? "0";
      rc.add(e.ret_code, `Volume definition with number '${nr}' successfully  created in resource definition '${rd.name}'.`, { obj_refs: { RscDfn: rd.name, VlmNr: nr, RscGrp: rg.name } });
    } else rc.concat([e]);
  }
  for (const e of rdEntries) rc.concat([{ ...e, obj_refs: { ...(e.obj_refs ?? {}), RscGrp: rg.name } }]);
  if (b.definitions_only) {
    rc.add(code("INFO_NO_RSC_SPAWNED", "CRT", "RSC_GRP"), `Resource definition ${rd.name} and ${sizes.length} created but no resources deployed`, { cause: "--definitions-only was set", obj_refs: refs });
    return;
  }
  const f = { ...rg.selectFilter, ...normFilter(b.select_filter) };
  await autoPlace(sim, rd, b.select_filter ? normFilter(b.select_filter) : undefined, f.diskless_on_remaining === true, f.layer_stack, rc);
}

/** adjustall: every group's definitions below its place count get autoplaced. */
export async function adjustAll(sim: SimCore, rc: Rc): Promise<void> {
  for (const rg of sortedValues(sim.state.rscGrps)) {
    const pc = rg.selectFilter.place_count ?? 2;
    for (const rd of sortedValues(sim.state.rscDfns)) {
      if (key(rd.rscGrp) !== key(rg.name) || !rd.vlmDfns.length) continue;
      if (Object.values(rd.resources).filter((r) => !r.flags.includes("TIE_BREAKER") && !r.flags.includes("DELETE")).length >= pc) continue;
      await autoPlace(sim, rd, {}, false, undefined, rc);
    }
  }
}
