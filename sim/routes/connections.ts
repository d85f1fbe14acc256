// Node connections and resource connections: properties between two nodes.
import { code } from "../apicallrc";
import { applyPropChanges, body, json, mutate, PropsModify, read, Route, route } from "../http";
import { connKey } from "../names";
import { satellitesForNodeChange, satellitesOfRd } from "../satellites";
import { Props, sortedValues, uuid } from "../state";
function renderConn(x: { nodeA: string; nodeB: string; props: Props }): Record<string, unknown> {
  return { node_a: x.nodeA, node_b: x.nodeB, props: x.props };
}


export const connectionRoutes: Route[] = [
  route("GET", "/v1/resource-definitions/{rd}/resource-connections", (c) =>
    read(undefined, () => sortedValues(c.sim.rd(c.params.rd).rscConns ?? {}).map(renderConn)),
  ),
  route("GET", "/v1/resource-definitions/{rd}/resource-connections/{nodeA}/{nodeB}", (c) =>
    read(undefined, () => {
      const rd = c.sim.rd(c.params.rd);
      const a = c.sim.rsc(rd, c.params.nodeA);
      const b = c.sim.rsc(rd, c.params.nodeB);
      const x = rd.rscConns?.[connKey(a.node, b.node)];
      return renderConn(x ?? { nodeA: a.node, nodeB: b.node, props: {} });
    }),
  ),
  route("PUT", "/v1/resource-definitions/{rd}/resource-connections/{nodeA}/{nodeB}", (c) =>
    mutate(c, { op: "MOD", obj: "RSC_CONN", objRefs: { FirstNode: c.params.nodeA, SecondNode: c.params.nodeB, RscDfn: c.params.rd } }, 200, (rc) => {
      const b = body<PropsModify>(c, "GenericPropsModify");
      const rd = c.sim.rd(c.params.rd);
      const a = c.sim.rsc(rd, c.params.nodeA);
      const z = c.sim.rsc(rd, c.params.nodeB);
      const conns = (rd.rscConns ??= {});
      const x = (conns[connKey(a.node, z.node)] ??= { nodeA: a.node, nodeB: z.node, props: {}, uuid: uuid() });
      applyPropChanges(x.props, b, rc);
      const refs = { FirstNode: c.params.nodeA, SecondNode: c.params.nodeB, RscDfn: c.params.rd };
      const what = `Resource connection between nodes '${x.nodeA}' and '${x.nodeB}' for resource '${rd.name}'`;
      rc.add(code("MODIFIED", "MOD", "RSC_CONN"), `${what} modified.`, { details: `${what} UUID is: ${x.uuid}`, obj_refs: { ...refs, UUID: x.uuid } });
      // both resources are updated, each update reaching both satellites
      satellitesOfRd(c.sim, rd, "MOD", rc, refs);
      satellitesOfRd(c.sim, rd, "MOD", rc, refs);
    }),
  ),
  route("GET", "/v1/node-connections", (c) =>
    json(200, sortedValues(c.sim.state.nodeConns ?? {}).map((x) => ({ node_a: x.nodeA, node_b: x.nodeB, props: x.props }))),
  ),
  route("PUT", "/v1/node-connections/{nodeA}/{nodeB}", (c) =>
    mutate(c, { op: "MOD", obj: "NODE", objRefs: { FirstNode: c.params.nodeA, SecondNode: c.params.nodeB } }, 200, (rc) => {
      const b = body<PropsModify>(c, "GenericPropsModify");
      const a = c.sim.node(c.params.nodeA);
      const z = c.sim.node(c.params.nodeB);
      const conns = (c.sim.state.nodeConns ??= {});
      const x = (conns[connKey(a.name, z.name)] ??= { nodeA: a.name, nodeB: z.name, props: {}, uuid: uuid() });
      applyPropChanges(x.props, b, rc);
      rc.add(code("MODIFIED", "MOD", "NODE"), `Node connection between nodes '${x.nodeA}' and '${x.nodeB}' modified.`, { details: `Node connection between nodes '${x.nodeA}' and '${x.nodeB}' UUID is: ${x.uuid}` });
      satellitesForNodeChange(c.sim, a.name, rc);
    }),
  ),
];
