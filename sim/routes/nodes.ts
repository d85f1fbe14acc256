// Node endpoints: list, create, modify, delete (also lost), reconnect, evacuate, restore.
import { code, RcError } from "../apicallrc";
import { sleep } from "../core";
import { addNode, deleteNode, evacuate, NODE_TYPES, NodeBody, removeNode } from "../domain/nodes";
import { applyPropChanges, body, json, mutate, paginate, propsMatch, qAll, read, Route, route } from "../http";
import { key } from "../names";
import { renderNode } from "../render";
import { satellitesForNodeChange } from "../satellites";
import { NodeRec, Props, sortedValues } from "../state";
function filteredNodes(c: Parameters<Route["handler"]>[0]): NodeRec[] {
  const names = qAll(c, "nodes").map(key);
  const props = qAll(c, "props");
  return sortedValues(c.sim.state.nodes).filter((n) => (!names.length || names.includes(key(n.name))) && propsMatch(n.props, props));
}

export const nodeRoutes: Route[] = [
  route("GET", "/v1/nodes", (c) => json(200, paginate(c, filteredNodes(c)).map((n) => renderNode(c.sim, n)))),
  route("GET", "/v1/nodes/{node}", (c) => read({ op: "MOD", obj: "NODE" }, () => renderNode(c.sim, c.sim.node(c.params.node)))),
  route("POST", "/v1/nodes", (c) =>
    mutate(c, { op: "CRT", obj: "NODE" }, 201, async (rc) => {
      const n = addNode(c.sim, body<NodeBody>(c, "Node"));
      rc.add(code("CREATED", "CRT", "NODE"), `New node '${n.name}' registered.`, { details: `Node '${n.name}' UUID is: ${n.uuid}`, obj_refs: { Node: n.name, UUID: n.uuid } });
      await sleep(c.sim.cfg.satelliteDelayMs);
      rc.add(code("CREATED", "CRT", "NODE"), `Node '${n.name}' authenticated`, { obj_refs: { Node: n.name } });
    }),
  ),
  route("PUT", "/v1/nodes/{node}", (c) =>
    mutate(c, { op: "MOD", obj: "NODE", objRefs: { Node: c.params.node } }, 200, (rc) => {
      const b = body<{ node_type?: string; override_props?: Props; delete_props?: string[]; delete_namespaces?: string[] }>(c, "NodeModify");
      const n = c.sim.node(c.params.node);
      if (b.node_type) {
        const t = b.node_type.toUpperCase();
        if (!NODE_TYPES.includes(t)) throw new RcError("FAIL_INVLD_NODE_TYPE", `The specified node type '${b.node_type}' is invalid.`);
        n.type = t;
      }
      applyPropChanges(n.props, b, rc);
      rc.add(code("MODIFIED", "MOD", "NODE"), `Node '${n.name}' modified.`, { details: `Node '${n.name}' UUID is: ${n.uuid}`, obj_refs: { UUID: n.uuid, Node: n.name } });
      c.sim.event("node-modified", { node: n.name });
      satellitesForNodeChange(c.sim, n.name, rc);
    }),
  ),
  route("DELETE", "/v1/nodes/{node}", (c) =>
    mutate(c, { op: "DEL", obj: "NODE" }, 200, async (rc) => {
      const n = c.sim.findNode(c.params.node);
      if (!n) throw new RcError("WARN_NOT_FOUND", `Deletion of node '${c.params.node}' had no effect.`, { cause: `Node '${c.params.node}' does not exist.`, details: `Node: ${c.params.node}`, obj_refs: { Node: c.params.node } });
      await deleteNode(c.sim, n, rc);
    }),
  ),
  route("DELETE", "/v1/nodes/{node}/lost", (c) =>
    mutate(c, { op: "DEL", obj: "NODE" }, 200, (rc) => {
      const n = c.sim.findNode(c.params.node);
      if (!n) throw new RcError("WARN_NOT_FOUND", `Deletion of node '${c.params.node}' had no effect.`, { cause: `Node '${c.params.node}' does not exist.` });
      removeNode(c.sim, n);
      rc.add(code("DELETED", "DEL", "NODE"), `Node '${n.name}' deleted.`, { obj_refs: { Node: n.name } });
    }),
  ),
  route("PUT", "/v1/nodes/{node}/reconnect", (c) =>
    mutate(c, { op: "MOD", obj: "NODE" }, 200, (rc) => {
      const n = c.sim.node(c.params.node);
      rc.add(code("MODIFIED", "MOD", "NODE"), `Node '${n.name}' reconnecting.`, { obj_refs: { Node: n.name } });
    }),
  ),
  route("PUT", "/v1/nodes/{node}/evacuate", (c) =>
    mutate(c, { op: "MOD", obj: "NODE" }, 200, async (rc) => {
      const b = body<{ target?: string[]; do_not_target?: string[] }>(c, "NodeEvacuate");
      await evacuate(c.sim, c.sim.node(c.params.node), b.target ?? [], b.do_not_target ?? [], rc);
    }),
  ),
  route("PUT", "/v1/nodes/{node}/restore", (c) =>
    mutate(c, { op: "MOD", obj: "NODE" }, 200, (rc) => {
      body<unknown>(c, "NodeRestore");
      const n = c.sim.node(c.params.node);
      n.flags = n.flags.filter((f) => f !== "EVACUATE" && f !== "EVICTED");
      rc.add(code("MODIFIED", "MOD", "NODE"), `Node '${n.name}' restored.`, { obj_refs: { Node: n.name } });
      c.sim.event("node-restored", { node: n.name });
    }),
  ),
  route("GET", "/v1/stats/nodes", (c) => json(200, { count: Object.keys(c.sim.state.nodes).length })),
];
