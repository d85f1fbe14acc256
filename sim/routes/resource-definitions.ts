// Resource definitions, volume definitions (incl. resize and sync-status) and clone.
import { code, RcError } from "../apicallrc";
import { sleep } from "../core";
import { fixLayerStack } from "../domain/replicas";
import { addRscDfn, addVlmDfn, checkLayers, cloneRd, deleteRscDfn, removeVolumeFile, resizeVd } from "../domain/resource-definitions";
import { applyPropChanges, body, json, mutate, paginate, propsMatch, qAll, read, Route, route } from "../http";
import { key } from "../names";
import { renderRscDfn, renderVlmDfn } from "../render";
import { satellitesOfRd } from "../satellites";
import { isDiskless, Props, sortedValues } from "../state";
interface RdCreateBody {
  resource_definition?: { name?: string; external_name?: string; props?: Props; resource_group_name?: string; layer_data?: { type: string }[] };
  drbd_port?: number;
  drbd_secret?: string;
  drbd_peer_slots?: number;
  drbd_transport_type?: string;
}

export const resourceDefinitionRoutes: Route[] = [
  route("GET", "/v1/resource-definitions", (c) => {
    const names = qAll(c, "resource_definitions").map(key);
    const props = qAll(c, "props");
    const withVds = c.query.get("with_volume_definitions") === "true";
    const list = sortedValues(c.sim.state.rscDfns).filter((rd) => (!names.length || names.includes(key(rd.name))) && propsMatch(rd.props, props));
    return json(200, paginate(c, list).map((rd) => renderRscDfn(rd, withVds)));
  }),
  route("GET", "/v1/resource-definitions/{rd}", (c) => read({ op: "MOD", obj: "RSC_DFN" }, () => renderRscDfn(c.sim.rd(c.params.rd), c.query.get("with_volume_definitions") === "true"))),
  route("POST", "/v1/resource-definitions", (c) =>
    mutate(c, { op: "CRT", obj: "RSC_DFN" }, 201, (rc) => {
      const b = body<RdCreateBody>(c, "ResourceDefinitionCreate");
      const d = b.resource_definition ?? {};
      addRscDfn(
        c.sim,
        {
          name: d.name ?? "",
          externalName: d.external_name,
          props: d.props,
          rscGrp: d.resource_group_name,
          layers: d.layer_data?.map((l) => l.type),
          peerSlots: b.drbd_peer_slots,
          secret: b.drbd_secret,
          transport: b.drbd_transport_type,
        },
        rc,
      );
    }),
  ),
  route("PUT", "/v1/resource-definitions/{rd}", (c) =>
    mutate(c, { op: "MOD", obj: "RSC_DFN", objRefs: { RscDfn: c.params.rd } }, 200, (rc) => {
      const b = body<{ override_props?: Props; delete_props?: string[]; delete_namespaces?: string[]; layer_stack?: string[]; resource_group?: string; drbd_peer_slots?: number }>(c, "ResourceDefinitionModify");
      const rd = c.sim.rd(c.params.rd);
      if (b.layer_stack?.length) {
        const layers = checkLayers(b.layer_stack, rc);
        if (Object.keys(rd.resources).length && layers.join() !== rd.layerStack.join()) {
          throw new RcError("FAIL_EXISTS_RSC", `Cannot change the layer stack of resource definition '${rd.name}' while it has resources.`);
        }
        rd.layerStack = [];
        fixLayerStack(c.sim, rd, layers);
      }
      if (b.resource_group) rd.rscGrp = c.sim.rg(b.resource_group).name;
      if (b.drbd_peer_slots !== undefined) rd.peerSlots = b.drbd_peer_slots;
      applyPropChanges(rd.props, b, rc);
      rc.add(code("MODIFIED", "MOD", "RSC_DFN"), `Resource definition '${rd.name}' modified.`, { details: `Resource definition '${rd.name}' UUID is: ${rd.uuid}`, obj_refs: { UUID: rd.uuid, RscDfn: rd.name } });
      c.sim.event("rd-modified", { resource: rd.name });
      satellitesOfRd(c.sim, rd, "MOD", rc);
    }),
  ),
  route("DELETE", "/v1/resource-definitions/{rd}", (c) =>
    mutate(c, { op: "DEL", obj: "RSC_DFN" }, 200, async (rc) => {
      const rd = c.sim.findRd(c.params.rd);
      if (!rd) throw new RcError("WARN_NOT_FOUND", `Resource definition: ${c.params.rd} not found.`, { details: `Resource definition: ${c.params.rd}`, obj_refs: { RscDfn: c.params.rd } });
      await deleteRscDfn(c.sim, rd, rc);
    }),
  ),
  route("GET", "/v1/resource-definitions/{rd}/sync-status", (c) =>
    read({ op: "MOD", obj: "RSC_DFN" }, () => {
      const rd = c.sim.rd(c.params.rd);
      const diskful = Object.values(rd.resources).filter((r) => !isDiskless(r));
      return { synced_on_all: diskful.every((r) => r.vlms.every((v) => v.disk === "UpToDate")) };
    }),
  ),
  route("GET", "/v1/stats/resource-definitions", (c) => json(200, { count: Object.keys(c.sim.state.rscDfns).length })),

  // volume definitions
  route("GET", "/v1/resource-definitions/{rd}/volume-definitions", (c) => read({ op: "MOD", obj: "VLM_DFN" }, () => c.sim.rd(c.params.rd).vlmDfns.map(renderVlmDfn))),
  route("GET", "/v1/resource-definitions/{rd}/volume-definitions/{vlmNr}", (c) =>
    read({ op: "MOD", obj: "VLM_DFN" }, () => renderVlmDfn(c.sim.vd(c.sim.rd(c.params.rd), Number(c.params.vlmNr)))),
  ),
  route("POST", "/v1/resource-definitions/{rd}/volume-definitions", (c) =>
    mutate(c, { op: "CRT", obj: "VLM_DFN" }, 200, async (rc) => {
      const b = body<{ volume_definition?: { size_kib?: number; volume_number?: number; props?: Props; flags?: string[] }; drbd_minor_number?: number }>(c, "VolumeDefinitionCreate");
      const rd = c.sim.rd(c.params.rd);
      addVlmDfn(c.sim, rd, b.volume_definition ?? {}, b.drbd_minor_number, rc);
      if (Object.keys(rd.resources).length) await sleep(c.sim.cfg.satelliteDelayMs);
    }),
  ),
  route("PUT", "/v1/resource-definitions/{rd}/volume-definitions/{vlmNr}", (c) =>
    mutate(c, { op: "MOD", obj: "VLM_DFN" }, 200, async (rc) => {
      const b = body<{ size_kib?: number; override_props?: Props; delete_props?: string[]; delete_namespaces?: string[]; flags?: string[] }>(c, "VolumeDefinitionModify");
      const rd = c.sim.rd(c.params.rd);
      const vd = c.sim.vd(rd, Number(c.params.vlmNr));
      applyPropChanges(vd.props, b, rc);
      for (const f of b.flags ?? []) {
        if (f.startsWith("-")) vd.flags = vd.flags.filter((x) => x !== f.slice(1));
        else if (!vd.flags.includes(f)) vd.flags.push(f);
      }
      if (b.size_kib !== undefined && b.size_kib !== null && Number(b.size_kib) !== vd.sizeKib) {
        await sleep(c.sim.cfg.satelliteDelayMs);
        resizeVd(c.sim, rd, vd, Number(b.size_kib), rc);
        return;
      }
      if (b.size_kib !== undefined && b.size_kib !== null) resizeVd(c.sim, rd, vd, Number(b.size_kib), rc);
      rc.add(code("MODIFIED", "MOD", "VLM_DFN"), `Volume definition with number '${vd.vlmNr}' of resource definition '${rd.name}' modified.`, {
        details: `Volume definition with number '${vd.vlmNr}' of resource definition '${rd.name}' UUID is: ${vd.uuid}`,
        obj_refs: { UUID: vd.uuid, RscDfn: rd.name, VlmNr: String(vd.vlmNr) },
      });
    }),
  ),
  route("DELETE", "/v1/resource-definitions/{rd}/volume-definitions/{vlmNr}", (c) =>
    mutate(c, { op: "DEL", obj: "VLM_DFN" }, 200, async (rc) => {
      const rd = c.sim.rd(c.params.rd);
      const nr = Number(c.params.vlmNr);
      const vd = rd.vlmDfns.find((v) => v.vlmNr === nr);
      if (!vd) throw new RcError("WARN_NOT_FOUND", `Volume definition with number '${nr}' of resource definition '${rd.name}' not found.`);
      await sleep(c.sim.cfg.satelliteDelayMs);
      for (const r of Object.values(rd.resources)) {
        removeVolumeFile(c.sim, rd, r.node, nr);
        r.vlms = r.vlms.filter((v) => v.vlmNr !== nr);
      }
      rd.vlmDfns = rd.vlmDfns.filter((v) => v !== vd);
      rc.add(code("DELETED", "DEL", "VLM_DFN"), `Volume definition with number '${nr}' of resource definition '${rd.name}' deleted.`, { obj_refs: { RscDfn: rd.name, VlmNr: String(nr) } });
      c.sim.event("vd-deleted", { resource: rd.name, volume: nr });
    }),
  ),
  route("POST", "/v1/resource-definitions/{rd}/clone", (c) => {
    let name = "";
    // the answer is a CloneStarted object with the RC list inside (R/ResourceDefinitions.cloneResourceDefinition)
    return mutate(
      c,
      { op: "CRT", obj: "RSC_DFN" },
      201,
      async (rc) => {
        const b = body<{ name?: string; resource_group?: string; layer_list?: string[] }>(c, "ResourceDefinitionCloneRequest");
        name = b.name ?? "";
        const src = c.sim.rd(c.params.rd);
        const rd = await cloneRd(c.sim, src, b, rc);
        (c.sim.state.clones ??= {})[key(rd.name)] = { source: src.name, clone: rd.name, status: "COMPLETE" };
      },
      (entries) => cloneStarted(c.params.rd, name, entries),
    );
  }),
  route("GET", "/v1/resource-definitions/{rd}/clone/{clone}", (c) =>
    read(undefined, () => {
      const x = c.sim.state.clones?.[key(c.params.clone)];
      if (!x || key(x.source) !== key(c.params.rd)) throw new RcError("FAIL_NOT_FOUND_RSC_DFN", "Cloned resource not found.");
      return { status: x.status };
    }),
  ),
];

function cloneStarted(rd: string, clone: string, messages: unknown[]): Record<string, unknown> {
  return { location: `/v1/resource-definitions/${rd}/clone/${clone}`, source_name: rd, clone_name: clone, messages };
}
