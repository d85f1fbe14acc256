// Resources: the view, explicit create, auto-place, modify, delete, toggle-disk (+ migrate).
import { API_CALL_PARSE_ERROR, code, Rc, RcError } from "../apicallrc";
import { toggleDisk } from "../domain/disk-toggle";
import { autoPlace, createResources, makeAvailable, RscCreateBody } from "../domain/placement";
import { deleteReplica } from "../domain/replicas";
import { applyPropChanges, body, Ctx, json, mutate, paginate, propsMatch, PropsModify, qAll, read, Route, route } from "../http";
import { key } from "../names";
import { renderResource } from "../render";
import { addFlag, isDeleting, Props, removeFlag, RscDfnRec, RscRec, SelectFilter, sortedValues } from "../state";
interface AutoPlaceBody {
  diskless_on_remaining?: boolean;
  select_filter?: SelectFilter;
  layer_list?: string[];
}

interface ToggleBody {
  operation?: string;
  storage_pool?: string;
  migrate_from?: string;
  layer_list?: string[];
}

/** ToggleOp.parse: a missing or unknown operation escapes the handler as a 400 parse error. */
function opOf(s: string | undefined): "DISKFUL" | "DISKLESS" {
  const bad = (msg: string) => Object.assign(new RcError(API_CALL_PARSE_ERROR, msg), { httpStatus: 400 });
  if (!s) throw bad("No toggle operation type was specified");
  const u = s.toUpperCase();
  if (u === "INTO_DRBD_DISKFUL") return "DISKFUL";
  if (u === "INTO_DRBD_DISKLESS" || u === "INTO_DRBD_CLIENT") return "DISKLESS";
  throw bad(`Could not parse '${s}'. Valid operations: INTO_DRBD_DISKFUL, INTO_DRBD_CLIENT, INTO_DRBD_DISKLESS`);
}

function viewResources(c: Ctx): { rd: RscDfnRec; r: RscRec }[] {
  const nodes = qAll(c, "nodes").map(key);
  const rsc = qAll(c, "resources").map(key);
  const pools = qAll(c, "storage_pools").map(key);
  const props = qAll(c, "props");
  const out: { rd: RscDfnRec; r: RscRec }[] = [];
  for (const rd of sortedValues(c.sim.state.rscDfns)) {
    if (rsc.length && !rsc.includes(key(rd.name))) continue;
    for (const r of sortedValues(rd.resources)) {
      if (nodes.length && !nodes.includes(key(r.node))) continue;
      if (pools.length && !r.vlms.some((v) => pools.includes(key(v.storPool)))) continue;
      if (!propsMatch(r.props, props)) continue;
      out.push({ rd, r });
    }
  }
  return out;
}

const toggleRoute = (c: Ctx, op: "DISKFUL" | "DISKLESS" | undefined, pool?: string, from?: string) =>
  mutate(c, { op: "MOD", obj: "RSC" }, 200, async (rc) => {
    body<unknown>(c, "ToggleDiskDiskful");
    const rd = c.sim.rd(c.params.rd);
    await toggleDisk(c.sim, rd, c.sim.rsc(rd, c.params.node), op, pool, from, rc);
  });

export const resourceRoutes: Route[] = [
  route("GET", "/v1/view/resources", (c) => json(200, paginate(c, viewResources(c)).map((x) => renderResource(c.sim, x.rd, x.r, true)))),
  route("GET", "/v1/resource-definitions/{rd}/resources", (c) =>
    read({ op: "MOD", obj: "RSC" }, () => {
      const rd = c.sim.rd(c.params.rd);
      return paginate(c, sortedValues(rd.resources)).map((r) => renderResource(c.sim, rd, r, false));
    }),
  ),
  route("GET", "/v1/resource-definitions/{rd}/resources/{node}", (c) =>
    read({ op: "MOD", obj: "RSC" }, () => {
      const rd = c.sim.rd(c.params.rd);
      const r = rd.resources[key(c.params.node)];
      if (!r) throw new RcError("FAIL_NOT_FOUND_RSC", `Resource '${c.params.rd}' on '${c.params.node}' not found.`);
      return renderResource(c.sim, rd, r, false);
    }),
  ),
  route("GET", "/v1/resource-definitions/{rd}/resources/{node}/volumes", (c) =>
    read({ op: "MOD", obj: "VLM" }, () => {
      const rd = c.sim.rd(c.params.rd);
      return renderResource(c.sim, rd, c.sim.rsc(rd, c.params.node), true).volumes;
    }),
  ),
  route("GET", "/v1/resource-definitions/{rd}/resources/{node}/volumes/{vlmNr}", (c) =>
    read({ op: "MOD", obj: "VLM" }, () => {
      const rd = c.sim.rd(c.params.rd);
      const vols = renderResource(c.sim, rd, c.sim.rsc(rd, c.params.node), true).volumes as { volume_number: number }[];
      const v = vols.find((x) => x.volume_number === Number(c.params.vlmNr));
      if (!v) throw new RcError("FAIL_NOT_FOUND_VLM", `Volume ${c.params.vlmNr} of resource '${rd.name}' on node '${c.params.node}' not found.`);
      return v;
    }),
  ),
  route("POST", "/v1/resource-definitions/{rd}/resources", (c) =>
    mutate(c, { op: "CRT", obj: "RSC" }, 201, async (rc) => {
      const items = body<RscCreateBody[]>(c, "array:ResourceCreate");
      const rd = c.sim.rd(c.params.rd);
      await createResources(c.sim, rd, Array.isArray(items) ? items : [], rc);
    }),
  ),
  route("POST", "/v1/resource-definitions/{rd}/resources/{node}", (c) =>
    mutate(c, { op: "CRT", obj: "RSC" }, 201, async (rc) => {
      const item = body<RscCreateBody>(c, "ResourceCreate");
      const rd = c.sim.rd(c.params.rd);
      await createResources(c.sim, rd, [{ ...item, resource: { ...(item.resource ?? {}), node_name: c.params.node } }], rc);
    }),
  ),
  route("POST", "/v1/resource-definitions/{rd}/autoplace", (c) =>
    mutate(c, { op: "CRT", obj: "RSC", objRefs: { RscDfn: c.params.rd } }, 201, async (rc) => {
      const b = body<AutoPlaceBody>(c, "AutoPlaceRequest");
      const rd = c.sim.rd(c.params.rd);
      // the REST layer overwrites select_filter.diskless_on_remaining and layer_stack with the top-level fields
      await autoPlace(c.sim, rd, b.select_filter ?? {}, b.diskless_on_remaining === true, b.layer_list, rc);
    }),
  ),
  route("PUT", "/v1/resource-definitions/{rd}/resources/{node}", (c) =>
    mutate(c, { op: "MOD", obj: "RSC" }, 200, (rc) => {
      const b = body<{ override_props?: Props; delete_props?: string[]; delete_namespaces?: string[] }>(c, "ResourceModify");
      const rd = c.sim.rd(c.params.rd);
      const r = c.sim.rsc(rd, c.params.node);
      applyPropChanges(r.props, b, rc);
      rc.add(code("MODIFIED", "MOD", "RSC"), `Resource '${rd.name}' on node '${r.node}' modified.`, { details: `Resource '${rd.name}' on node '${r.node}' UUID is: ${r.uuid}`, obj_refs: { RscDfn: rd.name, Node: r.node } });
    }),
  ),
  route("DELETE", "/v1/resource-definitions/{rd}/resources/{node}", (c) =>
    mutate(c, { op: "DEL", obj: "RSC" }, 200, async (rc) => {
      const rd = c.sim.findRd(c.params.rd);
      const r = rd?.resources[key(c.params.node)];
      if (!rd || !r) throw new RcError("WARN_NOT_FOUND", `Node: ${c.params.node}, Resource: ${c.params.rd} not found.`, { details: `Node: ${c.params.node}, Resource: ${c.params.rd}`, obj_refs: { RscDfn: c.params.rd, Node: c.params.node } });
      if (isDeleting(r) && !c.sim.findNode(r.node)?.online) {
        rc.plain("WARN_NOT_CONNECTED", `No active connection to satellite '${r.node}'`);
        return;
      }
      await deleteReplica(c.sim, rd, r, rc, c.query.get("keep_tiebreaker") === "true");
    }),
  ),
  route("PUT", "/v1/resource-definitions/{rd}/resources/{node}/toggle-disk", (c) =>
    mutate(c, { op: "MOD", obj: "RSC" }, 200, async (rc) => {
      const b = body<ToggleBody>(c, "ToggleDiskRequest");
      const rd = c.sim.rd(c.params.rd);
      await toggleDisk(c.sim, rd, c.sim.rsc(rd, c.params.node), opOf(b.operation), b.storage_pool, b.migrate_from, rc);
    }),
  ),
  route("PUT", "/v1/resource-definitions/{rd}/resources/{node}/toggle-disk/diskful", (c) => toggleRoute(c, "DISKFUL")),
  route("PUT", "/v1/resource-definitions/{rd}/resources/{node}/toggle-disk/diskful/{pool}", (c) => toggleRoute(c, "DISKFUL", c.params.pool)),
  route("PUT", "/v1/resource-definitions/{rd}/resources/{node}/toggle-disk/diskless", (c) => toggleRoute(c, "DISKLESS")),
  route("PUT", "/v1/resource-definitions/{rd}/resources/{node}/toggle-disk/diskless/{pool}", (c) => toggleRoute(c, "DISKLESS")),
  route("PUT", "/v1/resource-definitions/{rd}/resources/{node}/migrate-disk/{from}", (c) => toggleRoute(c, "DISKFUL", undefined, c.params.from)),
  route("PUT", "/v1/resource-definitions/{rd}/resources/{node}/migrate-disk/{from}/{pool}", (c) => toggleRoute(c, "DISKFUL", c.params.pool, c.params.from)),
  route("POST", "/v1/resource-definitions/{rd}/resources/{node}/activate", (c) =>
    mutate(c, { op: "MOD", obj: "RSC" }, 200, (rc: Rc) => {
      const rd = c.sim.rd(c.params.rd);
      const r = c.sim.rsc(rd, c.params.node);
      removeFlag(r.flags, "INACTIVE");
      rc.add(code("MODIFIED", "MOD", "RSC"), `Resource '${rd.name}' on node '${r.node}' activated.`, { obj_refs: { RscDfn: rd.name, Node: r.node } });
    }),
  ),
  route("POST", "/v1/resource-definitions/{rd}/resources/{node}/deactivate", (c) =>
    mutate(c, { op: "MOD", obj: "RSC" }, 200, (rc: Rc) => {
      const rd = c.sim.rd(c.params.rd);
      const r = c.sim.rsc(rd, c.params.node);
      if (r.inUse) throw new RcError("FAIL_IN_USE", `Resource '${rd.name}' on node '${r.node}' is still in use.`);
      addFlag(r.flags, "INACTIVE");
      rc.add(code("MODIFIED", "MOD", "RSC"), `Resource '${rd.name}' on node '${r.node}' deactivated.`, { obj_refs: { RscDfn: rd.name, Node: r.node } });
    }),
  ),
  route("PUT", "/v1/resource-definitions/{rd}/resources/{node}/volumes/{vlmNr}", (c) =>
    mutate(c, { op: "MOD", obj: "VLM", objRefs: { RscDfn: c.params.rd, Node: c.params.node, VlmNr: c.params.vlmNr } }, 200, (rc) => {
      const b = body<PropsModify>(c, "VolumeModify");
      const rd = c.sim.rd(c.params.rd);
      const r = c.sim.rsc(rd, c.params.node);
      const v = r.vlms.find((x) => x.vlmNr === Number(c.params.vlmNr));
      if (!v) throw new RcError("FAIL_NOT_FOUND_VLM", `Volume ${c.params.vlmNr} of resource '${rd.name}' on node '${r.node}' not found.`);
      applyPropChanges((v.props ??= {}), b, rc);
      rc.add(code("MODIFIED", "MOD", "VLM"), `Volume with number '${v.vlmNr}' on resource '${rd.name}' on node '${r.node}' modified.`, { details: `Volume UUID is: ${v.uuid}` });
    }),
  ),
  route("POST", "/v1/resource-definitions/{rd}/resources/{node}/make-available", (c) =>
    mutate(c, { op: "CRT", obj: "RSC", objRefs: { RscDfn: c.params.rd, Node: c.params.node } }, 200, async (rc) => {
      const b = body<{ diskful?: boolean; layer_list?: string[] }>(c, "ResourceMakeAvailable");
      await makeAvailable(c.sim, c.sim.rd(c.params.rd), c.params.node, b.diskful === true, b.layer_list, rc);
    }),
  ),
];
