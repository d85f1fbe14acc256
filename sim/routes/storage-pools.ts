// Storage pools and storage-pool definitions.
import { code, RcError } from "../apicallrc";
import { sleep } from "../core";
import { addPool, poolApplied, PoolBody, rewriteLegacyPoolProps } from "../domain/storage-pools";
import { applyPropChanges, body, json, mutate, paginate, propsMatch, qAll, read, Route, route } from "../http";
import { checkName, key } from "../names";
import { renderStorPool } from "../render";
import { Props, sortedValues, StorPoolRec, uuid } from "../state";
function poolsView(c: Parameters<Route["handler"]>[0], onlyNode?: string): StorPoolRec[] {
  const names = qAll(c, "nodes").map(key);
  const pools = qAll(c, "storage_pools").map(key);
  const props = qAll(c, "props");
  const out: StorPoolRec[] = [];
  for (const n of sortedValues(c.sim.state.nodes)) {
    if (onlyNode && key(n.name) !== key(onlyNode)) continue;
    if (names.length && !names.includes(key(n.name))) continue;
    for (const p of c.sim.poolsOf(n.name)) if ((!pools.length || pools.includes(key(p.name))) && propsMatch(p.props, props)) out.push(p);
  }
  return out;
}

export const storagePoolRoutes: Route[] = [
  route("GET", "/v1/view/storage-pools", (c) => json(200, paginate(c, poolsView(c)).map((p) => renderStorPool(c.sim, p)))),
  route("GET", "/v1/nodes/{node}/storage-pools", (c) =>
    read({ op: "MOD", obj: "STOR_POOL" }, () => {
      c.sim.node(c.params.node);
      return paginate(c, poolsView(c, c.params.node)).map((p) => renderStorPool(c.sim, p));
    }),
  ),
  route("GET", "/v1/nodes/{node}/storage-pools/{sp}", (c) =>
    read({ op: "MOD", obj: "STOR_POOL" }, () => {
      const p = c.sim.pool(c.params.node, c.params.sp);
      if (!p) throw new RcError("FAIL_NOT_FOUND_STOR_POOL", `Storage pool '${c.params.sp}' on node '${c.params.node}' not found.`);
      return renderStorPool(c.sim, p);
    }),
  ),
  route("POST", "/v1/nodes/{node}/storage-pools", (c) =>
    mutate(c, { op: "CRT", obj: "STOR_POOL" }, 201, async (rc) => {
      const b = body<PoolBody>(c, "StoragePool");
      const n = c.sim.node(c.params.node);
      const p = addPool(c.sim, n, b);
      const refs = { StorPoolDfn: p.name, Node: n.name };
      const given = Object.keys(b.props ?? {}).filter((k) => k !== "Sim/CapacityKib");
      if (given.length) rc.add(code("CREATED", "CRT", "STOR_POOL"), `Successfully set property key(s): ${given.join(",")}`, { obj_refs: refs });
      rc.add(code("CREATED", "CRT", "STOR_POOL"), `New storage pool '${p.name}' on node '${n.name}' registered.`, {
        details: `Storage pool '${p.name}' on node '${n.name}' UUID is: ${p.uuid}`,
        obj_refs: { UUID: p.uuid, ...refs },
      });
      await sleep(c.sim.cfg.satelliteDelayMs);
      poolApplied(c.sim, p, "CRT", rc);
    }),
  ),
  route("PUT", "/v1/nodes/{node}/storage-pools/{sp}", (c) =>
    mutate(c, { op: "MOD", obj: "STOR_POOL" }, 200, (rc) => {
      const b = body<{ override_props?: Props; delete_props?: string[]; delete_namespaces?: string[] }>(c, "StoragePoolDefinitionModify");
      const p = c.sim.pool(c.params.node, c.params.sp);
      if (!p) throw new RcError("FAIL_NOT_FOUND_STOR_POOL", `Storage pool '${c.params.sp}' on node '${c.params.node}' not found.`);
      const refs = { StorPoolDfn: p.name, Node: p.node };
      const set = Object.keys(b.override_props ?? {});
      p.props = rewriteLegacyPoolProps({ ...p.props, ...(b.override_props ?? {}) });
      applyPropChanges(p.props, { delete_props: b.delete_props, delete_namespaces: b.delete_namespaces });
      if (set.length) rc.add(code("CREATED", "CRT", "STOR_POOL"), `Successfully set property key(s): ${set.join(",")}`, { obj_refs: refs });
      if (b.delete_props?.length) rc.add(code("DELETED", "DEL", "STOR_POOL"), `Successfully deleted property key(s): ${b.delete_props.join(",")}`, { obj_refs: refs });
      rc.add(code("MODIFIED", "MOD", "STOR_POOL"), `Storage pool '${p.name}' on node '${p.node}' modified.`, {
        details: `Storage pool '${p.name}' on node '${p.node}' UUID is: ${p.uuid}`,
        obj_refs: { UUID: p.uuid, ...refs },
      });
      poolApplied(c.sim, p, "MOD", rc);
    }),
  ),
  route("DELETE", "/v1/nodes/{node}/storage-pools/{sp}", (c) =>
    mutate(c, { op: "DEL", obj: "STOR_POOL" }, 200, async (rc) => {
      const p = c.sim.pool(c.params.node, c.params.sp);
      const desc = `Node: ${c.params.node}, Storage pool name: ${c.params.sp}`;
      if (!p) {
        throw new RcError("WARN_NOT_FOUND", `Deletion of storage pool '${c.params.sp}' on node '${c.params.node}' had no effect.`, { cause: `Storage pool '${c.params.sp}' on node '${c.params.node}' does not exist.`, details: desc, obj_refs: { StorPoolDfn: c.params.sp, Node: c.params.node } });
      }
      if (c.sim.volumesInPool(p.node, p.name).length || c.sim.snapshotsInPool(p.node, p.name)) {
        throw new RcError("FAIL_IN_USE", `The specified storage pool '${p.name}' on node '${p.node}' cannot be deleted as volumes / snapshot-volumes are still using it.`, {
          details: "Volumes / snapshot-volumes that are still using the storage pool: ...",
          correction: "Delete the listed volumes and snapshot-volumes first.",
        });
      }
      await sleep(c.sim.cfg.satelliteDelayMs);
      delete c.sim.state.storPools[key(p.node)][key(p.name)];
      const d = `Node: ${p.node}, Storage pool name: ${p.name}`;
      rc.add(code("DELETED", "DEL", "STOR_POOL"), `${d} deleted.`, { details: `${d} UUID was: ${p.uuid}`, obj_refs: { UUID: p.uuid, StorPoolDfn: p.name, Node: p.node } });
      c.sim.event("pool-deleted", { node: p.node, detail: p.name });
    }),
  ),
  route("GET", "/v1/stats/storage-pools", (c) => json(200, { count: Object.values(c.sim.state.storPools).reduce((a, m) => a + Object.keys(m).length, 0) })),

  // storage pool definitions
  route("GET", "/v1/storage-pool-definitions", (c) => json(200, paginate(c, sortedValues(c.sim.state.storPoolDfns)).map((d) => ({ storage_pool_name: d.name, props: d.props })))),
  route("GET", "/v1/storage-pool-definitions/{sp}", (c) =>
    read({ op: "MOD", obj: "STOR_POOL_DFN" }, () => {
      const d = c.sim.state.storPoolDfns[key(c.params.sp)];
      if (!d) throw new RcError("FAIL_NOT_FOUND_STOR_POOL_DFN", `Storage pool definition '${c.params.sp}' not found.`);
      return { storage_pool_name: d.name, props: d.props };
    }),
  ),
  route("POST", "/v1/storage-pool-definitions", (c) =>
    mutate(c, { op: "CRT", obj: "STOR_POOL_DFN" }, 201, (rc) => {
      const b = body<{ storage_pool_name?: string; props?: Props }>(c, "StoragePoolDefinition");
      const name = checkName("storPool", b.storage_pool_name);
      if (c.sim.state.storPoolDfns[key(name)]) throw new RcError("FAIL_EXISTS_STOR_POOL_DFN", `A storage pool definition with the name '${name}' already exists.`);
      const d = { name, props: b.props ?? {}, uuid: uuid() };
      c.sim.state.storPoolDfns[key(name)] = d;
      rc.add(code("CREATED", "CRT", "STOR_POOL_DFN"), `New storage pool definition '${name}' created.`, { details: `Storage pool definition '${name}' UUID is: ${d.uuid}` });
    }),
  ),
  route("PUT", "/v1/storage-pool-definitions/{sp}", (c) =>
    mutate(c, { op: "MOD", obj: "STOR_POOL_DFN" }, 200, (rc) => {
      const b = body<{ override_props?: Props; delete_props?: string[]; delete_namespaces?: string[] }>(c, "StoragePoolDefinitionModify");
      const d = c.sim.state.storPoolDfns[key(c.params.sp)];
      if (!d) throw new RcError("FAIL_NOT_FOUND_STOR_POOL_DFN", `Storage pool definition '${c.params.sp}' not found.`);
      applyPropChanges(d.props, b, rc);
      rc.add(code("MODIFIED", "MOD", "STOR_POOL_DFN"), `Storage pool definition '${d.name}' modified.`);
    }),
  ),
  route("DELETE", "/v1/storage-pool-definitions/{sp}", (c) =>
    mutate(c, { op: "DEL", obj: "STOR_POOL_DFN" }, 200, (rc) => {
      const d = c.sim.state.storPoolDfns[key(c.params.sp)];
      if (!d) throw new RcError("WARN_NOT_FOUND", `Storage pool definition '${c.params.sp}' not found.`);
      if (Object.keys(c.sim.state.storPools).some((n) => c.sim.state.storPools[n][key(d.name)])) {
        throw new RcError("FAIL_IN_USE", `Storage pool definition '${d.name}' is still in use by storage pools.`);
      }
      delete c.sim.state.storPoolDfns[key(d.name)];
      rc.add(code("DELETED", "DEL", "STOR_POOL_DFN"), `Storage pool definition '${d.name}' deleted.`);
    }),
  ),
];
