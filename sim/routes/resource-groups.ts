// Resource groups, volume groups, spawn, adjust and the capacity queries.
import { code, RcError } from "../apicallrc";
import { maxVolumeSize } from "../domain/capacity";
import { adjustAll, adjustGroup, normFilter, spawn, SpawnBody } from "../domain/resource-groups";
import { applyPropChanges, body, json, mutate, paginate, propsMatch, PropsModify, qAll, read, Route, route } from "../http";
import { checkName, key } from "../names";
import { renderRscGrp } from "../render";
import { satellitesOfRd } from "../satellites";
import { Props, RscGrpRec, SelectFilter, sortedValues, uuid } from "../state";
interface RgBody {
  name?: string;
  description?: string;
  props?: Props;
  select_filter?: SelectFilter;
  peer_slots?: number;
}

function volumeGroupRoutes(): Route[] {
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

export const resourceGroupRoutes: Route[] = [
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
      if (b.select_filter?.place_count !== undefined) await adjustGroup(c.sim, rg, rc);
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
      await adjustGroup(c.sim, c.sim.rg(c.params.rg), rc);
    }),
  ),
  route("POST", "/v1/resource-groups/{rg}/spawn", (c) =>
    mutate(c, { op: "CRT", obj: "RSC_GRP", objRefs: { RscGrp: c.params.rg } }, 201, async (rc) => {
      await spawn(c.sim, c.sim.rg(c.params.rg), body<SpawnBody>(c, "ResourceGroupSpawn"), rc);
    }),
  ),
  ...volumeGroupRoutes(),
  route("GET", "/v1/resource-groups/{rg}/volume-groups/{vlmNr}", (c) =>
    read(undefined, () => {
      const rg = c.sim.rg(c.params.rg);
      const v = rg.vlmGrps.find((x) => x.vlmNr === Number(c.params.vlmNr));
      if (!v) throw new RcError("FAIL_NOT_FOUND_VLM_GRP", `Volume group with number '${c.params.vlmNr}' of resource group '${rg.name}' not found.`);
      return { volume_number: v.vlmNr, props: v.props, flags: v.flags, uuid: v.uuid };
    }),
  ),
  route("PUT", "/v1/resource-groups/{rg}/volume-groups/{vlmNr}", (c) =>
    mutate(c, { op: "MOD", obj: "VLM_GRP", objRefs: { RscGrp: c.params.rg, VlmNr: c.params.vlmNr } }, 200, (rc) => {
      const b = body<PropsModify & { flags?: string[] }>(c, "VolumeGroupModify");
      const rg = c.sim.rg(c.params.rg);
      const v = rg.vlmGrps.find((x) => x.vlmNr === Number(c.params.vlmNr));
      if (!v) throw new RcError("FAIL_NOT_FOUND_VLM_GRP", `Volume group with number '${c.params.vlmNr}' of resource group '${rg.name}' not found.`);
      applyPropChanges(v.props, b, rc);
      for (const f of b.flags ?? []) if (f.startsWith("-")) v.flags = v.flags.filter((x) => x !== f.slice(1)); else if (!v.flags.includes(f)) v.flags.push(f);
      rc.add(code("MODIFIED", "MOD", "VLM_GRP"), `Volume group with number '${v.vlmNr}' of resource group '${rg.name}' modified.`, { details: `Volume group UUID is: ${v.uuid}` });
    }),
  ),
  route("POST", "/v1/resource-groups/adjustall", (c) =>
    mutate(c, { op: "MOD", obj: "RSC_GRP" }, 200, async (rc) => {
      body<unknown>(c, "ResourceGroupAdjust");
      await adjustAll(c.sim, rc);
    }),
  ),
  route("GET", "/v1/resource-groups/{rg}/query-max-volume-size", (c) =>
    read(undefined, () => {
      const rg = c.sim.rg(c.params.rg);
      return maxVolumeSize(c.sim, rg.selectFilter.place_count ?? 2, rg.selectFilter.storage_pool_list);
    }),
  ),
  route("GET", "/v1/query-max-volume-size", (c) => json(200, maxVolumeSize(c.sim, Number(c.query.get("place_count") ?? 2) || 2, c.query.getAll("storage_pool")))),
  route("POST", "/v1/resource-groups/{rg}/query-size-info", (c) =>
    read(undefined, () => {
      const rg = c.sim.rg(c.params.rg);
      const m = maxVolumeSize(c.sim, rg.selectFilter.place_count ?? 2, rg.selectFilter.storage_pool_list) as { candidates: { max_volume_size: number; all_thin: boolean }[] };
      const best = m.candidates.sort((a, b) => b.max_volume_size - a.max_volume_size)[0];
      return { space_info: best ? { max_vlm_size_in_kib: best.max_volume_size, available_size_in_kib: best.max_volume_size, capacity_in_kib: best.max_volume_size, default_max_oversubscription_ratio: 20 } : {} };
    }),
  ),
];
