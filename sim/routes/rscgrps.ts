// Resource groups, volume groups and spawn.
import { code, Rc, RcError } from "../apicallrc";
import { applyPropChanges, body, json, mutate, paginate, propsMatch, qAll, read, route, Route } from "../http";
import { checkName, key } from "../names";
import { renderRscGrp } from "../render";
import { isDeleting, isTieBreaker, Props, RscGrpRec, SelectFilter, sortedValues, uuid } from "../state";
import { autoPlace } from "./resources";
import { satellitesOfRd } from "../satellites";
import { addRscDfn, addVlmDfn } from "./rscdfns";
import type { SimCore } from "../core";

interface RgBody {
  name?: string;
  description?: string;
  props?: Props;
  select_filter?: SelectFilter;
  peer_slots?: number;
}

function normFilter(f: SelectFilter | undefined): SelectFilter {
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

function vgRoutesFor(): Route[] {
  return [
    route("GET", "/v1/resource-groups/{rg}/volume-groups", (c) =>
      read({ op: "MOD", obj: "VLM_GRP" }, () => c.sim.rg(c.params.rg).vlmGrps.map((v) => ({ volume_number: v.vlmNr, props: v.props, flags: v.flags, uuid: v.uuid }))),
    ),
    route("POST", "/v1/resource-groups/{rg}/volume-groups", (c) =>
      mutate(c, { op: "CRT", obj: "VLM_GRP" }, 201, (rc) => {
        const b = body<{ volume_number?: number; props?: Props; flags?: string[] }>(c, "VolumeGroup");
        const rg = c.sim.rg(c.params.rg);
        let nr = b.volume_number ?? 0;
        if (b.volume_number === undefined) while (rg.vlmGrps.some((v) => v.vlmNr === nr)) nr++;
        if (rg.vlmGrps.some((v) => v.vlmNr === nr)) throw new RcError("FAIL_EXISTS_VLM_GRP", `Volume group with number '${nr}' already exists in resource group '${rg.name}'.`);
        rg.vlmGrps.push({ vlmNr: nr, props: b.props ?? {}, flags: b.flags ?? [], uuid: uuid() });
        rg.vlmGrps.sort((a, b2) => a.vlmNr - b2.vlmNr);
        rc.add(code("CREATED", "CRT", "VLM_GRP"), `New volume group with number '${nr}' of resource group '${rg.name}' created.`);
      }),
    ),
    route("DELETE", "/v1/resource-groups/{rg}/volume-groups/{vlmNr}", (c) =>
      mutate(c, { op: "DEL", obj: "VLM_GRP" }, 200, (rc) => {
        const rg = c.sim.rg(c.params.rg);
        const nr = Number(c.params.vlmNr);
        if (!rg.vlmGrps.some((v) => v.vlmNr === nr)) throw new RcError("WARN_NOT_FOUND", `Volume group with number '${nr}' of resource group '${rg.name}' not found.`);
        rg.vlmGrps = rg.vlmGrps.filter((v) => v.vlmNr !== nr);
        rc.add(code("DELETED", "DEL", "VLM_GRP"), `Volume group with number '${nr}' of resource group '${rg.name}' deleted.`);
      }),
    ),
  ];
}

/**
 * A place_count in an RG modify re-runs autoplace for every definition of the group whose
 * resources (diskless included, tie-breakers not) are fewer, also for definitions without any.
 */
async function adjust(sim: SimCore, rg: RscGrpRec, rc: Rc): Promise<void> {
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

export const rscGrpRoutes: Route[] = [
  route("GET", "/v1/resource-groups", (c) => {
    const names = qAll(c, "resource_groups").map(key);
    const props = qAll(c, "props");
    const list = sortedValues(c.sim.state.rscGrps).filter((g) => (!names.length || names.includes(key(g.name))) && propsMatch(g.props, props));
    return json(200, paginate(c, list).map(renderRscGrp));
  }),
  route("GET", "/v1/resource-groups/{rg}", (c) => read({ op: "MOD", obj: "RSC_GRP" }, () => renderRscGrp(c.sim.rg(c.params.rg)))),
  route("POST", "/v1/resource-groups", (c) =>
    mutate(c, { op: "CRT", obj: "RSC_GRP" }, 201, (rc) => {
      const b = body<RgBody>(c, "ResourceGroup");
      const name = checkName("rscGrp", b.name);
      if (c.sim.state.rscGrps[key(name)]) {
        throw new RcError("FAIL_EXISTS_RSC_GRP", `A resource group with the name '${name}' already exists`, { cause: `The resource group '${name}' already exists.`, correction: "Specify another name for the new resource group" });
      }
      // props are not taken on create (R/ResourceGroups.java passes an empty map); every group
      // places 2 unless told otherwise (AutoSelectorConfig)
      const filter = normFilter(b.select_filter);
      filter.place_count ??= 2;
      const rg: RscGrpRec = { name, description: b.description, props: {}, selectFilter: filter, uuid: uuid(), peerSlots: b.peer_slots, vlmGrps: [] };
      c.sim.state.rscGrps[key(name)] = rg;
      rc.add(code("CREATED", "CRT", "RSC_GRP"), `New resource group '${name}' created.`, { details: `Resource group '${name}' UUID is: ${rg.uuid}`, obj_refs: { UUID: rg.uuid, RscGrp: name } });
      c.sim.event("rg-created", { detail: name });
    }),
  ),
  route("PUT", "/v1/resource-groups/{rg}", (c) =>
    mutate(c, { op: "MOD", obj: "RSC_GRP", objRefs: { RscGrp: c.params.rg } }, 200, async (rc) => {
      const b = body<{ description?: string; override_props?: Props; delete_props?: string[]; delete_namespaces?: string[]; select_filter?: SelectFilter; peer_slots?: number }>(c, "ResourceGroupModify");
      const rg = c.sim.rg(c.params.rg);
      const oldCount = rg.selectFilter.place_count ?? 0;
      if (b.description !== undefined) rg.description = b.description;
      if (b.peer_slots !== undefined) rg.peerSlots = b.peer_slots;
      applyPropChanges(rg.props, b, rc, "RSC_DFN");
      if (b.select_filter) rg.selectFilter = { ...rg.selectFilter, ...normFilter(b.select_filter) };
      // LINSTOR 1.34 answers an RG modify with CRT op bits
      rc.add(code("MODIFIED", "CRT", "RSC_GRP"), `Resource group '${rg.name}' modified.`, { details: `Resource group '${rg.name}' UUID is: ${rg.uuid}`, obj_refs: { UUID: rg.uuid, RscGrp: rg.name } });
      c.sim.event("rg-modified", { detail: rg.name });
      // every definition of the group is updated on its satellites
      for (const rd of sortedValues(c.sim.state.rscDfns)) {
        if (key(rd.rscGrp) !== key(rg.name)) continue;
        satellitesOfRd(c.sim, rd, "MOD", rc);
        for (const r of sortedValues(rd.resources)) if (c.sim.findNode(r.node)?.online) rc.add(code("MODIFIED", "MOD", "RSC_GRP"), `Updated Resource definition '${rd.name}' on '${r.node}'`, { obj_refs: { RscDfn: rd.name } });
      }
      // any PUT carrying a place_count re-runs autoplace for definitions below it (CtrlRscGrpApiCallHandler:597)
      void oldCount;
      if (b.select_filter?.place_count !== undefined) await adjust(c.sim, rg, rc);
    }),
  ),
  route("DELETE", "/v1/resource-groups/{rg}", (c) =>
    mutate(c, { op: "DEL", obj: "RSC_GRP" }, 200, (rc) => {
      const rg = c.sim.state.rscGrps[key(c.params.rg)];
      if (!rg) throw new RcError("WARN_NOT_FOUND", `Resource group '${c.params.rg}' not found.`);
      const users = sortedValues(c.sim.state.rscDfns).filter((d) => key(d.rscGrp) === key(rg.name));
      if (users.length) {
        throw new RcError("FAIL_EXISTS_RSC_DFN", `Cannot delete resource group '${rg.name}' because it has existing resource definitions.`, {
          details: `Resource definitions still using it: ${users.map((u) => u.name).join(", ")}`,
        });
      }
      delete c.sim.state.rscGrps[key(rg.name)];
      rc.add(code("DELETED", "CRT", "RSC_GRP"), `Resource group '${rg.name}' deleted.`, { details: `Resource group '${rg.name}' UUID was: ${rg.uuid}`, obj_refs: { UUID: rg.uuid, RscGrp: rg.name } });
      c.sim.event("rg-deleted", { detail: rg.name });
    }),
  ),
  route("POST", "/v1/resource-groups/{rg}/adjust", (c) =>
    mutate(c, { op: "MOD", obj: "RSC_GRP" }, 200, async (rc) => {
      body<unknown>(c, "ResourceGroupAdjust");
      await adjust(c.sim, c.sim.rg(c.params.rg), rc);
    }),
  ),
  route("POST", "/v1/resource-groups/{rg}/spawn", (c) =>
    mutate(c, { op: "CRT", obj: "RSC_GRP", objRefs: { RscGrp: c.params.rg } }, 201, async (rc) => {
      const b = body<{
        resource_definition_name?: string;
        resource_definition_external_name?: string;
        volume_sizes?: number[];
        select_filter?: SelectFilter;
        partial?: boolean;
        definitions_only?: boolean;
        peer_slots?: number;
        resource_definition_props?: Props;
      }>(c, "ResourceGroupSpawn");
      const rg = c.sim.rg(c.params.rg);
      const refs = { RscDfn: b.resource_definition_name ?? "", RscGrp: rg.name };
      if (rc.ctx?.objRefs) Object.assign(rc.ctx.objRefs, refs);
      const sizes = b.volume_sizes ?? [];
      if (!rg.vlmGrps.length) rc.add(code("INFO_PLAIN", "CRT", "RSC_GRP"), "Resource-group doesn't have any volume-groups, automatically assume partial mode.", { obj_refs: refs });
      else if (sizes.length !== rg.vlmGrps.length && !b.partial) {
        throw new RcError("FAIL_INVLD_VLM_SIZES", `The resource group '${rg.name}' has ${rg.vlmGrps.length} volume groups, but ${sizes.length} sizes were given.`);
      }
      // CtrlRscGrpApiCallHandler.spawn: volume definitions are reported before the definition
      const vdRc = new Rc(rc.ctx);
      const rd = addRscDfn(c.sim, { name: b.resource_definition_name ?? "", externalName: b.resource_definition_external_name, rscGrp: rg.name, props: b.resource_definition_props, peerSlots: b.peer_slots, layers: rg.selectFilter.layer_stack }, vdRc);
      const rdEntries = vdRc.entries.splice(0);
      sizes.forEach((s, i) => addVlmDfn(c.sim, rd, { size_kib: s, volume_number: rg.vlmGrps[i]?.vlmNr ?? i }, undefined, vdRc));
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
      await autoPlace(c.sim, rd, b.select_filter ? normFilter(b.select_filter) : undefined, f.diskless_on_remaining === true, f.layer_stack, rc);
    }),
  ),
  ...vgRoutesFor(),
];
