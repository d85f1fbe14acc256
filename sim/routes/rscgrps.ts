// Resource groups, volume groups and spawn.
import { code, Rc, RcError } from "../apicallrc";
import { applyPropChanges, body, json, mutate, paginate, propsMatch, qAll, read, route, Route } from "../http";
import { checkName, key } from "../names";
import { renderRscGrp } from "../render";
import { Props, RscGrpRec, SelectFilter, sortedValues, uuid } from "../state";
import { autoPlace } from "./resources";
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

/** Raising place_count places more replicas for the group's existing definitions. */
async function adjust(sim: SimCore, rg: RscGrpRec, rc: Rc): Promise<void> {
  for (const rd of sortedValues(sim.state.rscDfns)) {
    if (key(rd.rscGrp) !== key(rg.name) || !Object.keys(rd.resources).length || !rd.vlmDfns.length) continue;
    try {
      await autoPlace(sim, rd, undefined, false, undefined, rc);
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
      const rg: RscGrpRec = { name, description: b.description, props: b.props ?? {}, selectFilter: normFilter(b.select_filter), uuid: uuid(), peerSlots: b.peer_slots, vlmGrps: [] };
      c.sim.state.rscGrps[key(name)] = rg;
      rc.add(code("CREATED", "CRT", "RSC_GRP"), `New resource group '${name}' created.`, { details: `Resource group '${name}' UUID is: ${rg.uuid}`, obj_refs: { ResourceGroup: name } });
      c.sim.event("rg-created", { detail: name });
    }),
  ),
  route("PUT", "/v1/resource-groups/{rg}", (c) =>
    mutate(c, { op: "MOD", obj: "RSC_GRP" }, 200, async (rc) => {
      const b = body<{ description?: string; override_props?: Props; delete_props?: string[]; delete_namespaces?: string[]; select_filter?: SelectFilter; peer_slots?: number }>(c, "ResourceGroupModify");
      const rg = c.sim.rg(c.params.rg);
      const oldCount = rg.selectFilter.place_count ?? 0;
      if (b.description !== undefined) rg.description = b.description;
      if (b.peer_slots !== undefined) rg.peerSlots = b.peer_slots;
      applyPropChanges(rg.props, b, rc);
      if (b.select_filter) rg.selectFilter = { ...rg.selectFilter, ...normFilter(b.select_filter) };
      rc.add(code("MODIFIED", "MOD", "RSC_GRP"), `Resource group '${rg.name}' modified.`, { details: `Resource group '${rg.name}' UUID is: ${rg.uuid}` });
      c.sim.event("rg-modified", { detail: rg.name });
      if ((rg.selectFilter.place_count ?? 0) > oldCount) await adjust(c.sim, rg, rc);
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
      rc.add(code("DELETED", "DEL", "RSC_GRP"), `Resource group '${rg.name}' deleted.`, { details: `Resource group '${rg.name}' UUID was: ${rg.uuid}` });
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
    mutate(c, { op: "CRT", obj: "RSC_DFN" }, 201, async (rc) => {
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
      const rd = addRscDfn(c.sim, { name: b.resource_definition_name ?? "", externalName: b.resource_definition_external_name, rscGrp: rg.name, props: b.resource_definition_props, peerSlots: b.peer_slots, layers: rg.selectFilter.layer_stack }, rc);
      const sizes = b.volume_sizes ?? [];
      if (rg.vlmGrps.length && sizes.length !== rg.vlmGrps.length && !b.partial) {
        throw new RcError("FAIL_INVLD_VLM_SIZES", `The resource group '${rg.name}' has ${rg.vlmGrps.length} volume groups, but ${sizes.length} sizes were given.`);
      }
      sizes.forEach((s, i) => addVlmDfn(c.sim, rd, { size_kib: s, volume_number: rg.vlmGrps[i]?.vlmNr ?? i }, undefined, rc));
      const f = { ...rg.selectFilter, ...normFilter(b.select_filter) };
      if (b.definitions_only || f.place_count === undefined) {
        const why = b.definitions_only ? "--definitions-only was set" : "No autoplace configuration in the given resource group (at least place-count required)";
        rc.plain("INFO_NO_RSC_SPAWNED", `Resource definition ${rd.name} and ${sizes.length} created but no resources deployed`, { cause: why });
        return;
      }
      await autoPlace(c.sim, rd, normFilter(b.select_filter), f.diskless_on_remaining === true, f.layer_stack, rc);
    }),
  ),
  ...vgRoutesFor(),
];
