// Net interfaces of a node (CtrlNetIfApiCallHandler).
import { code, RcError } from "../apicallrc";
import { activeStltConn, NetIfBody } from "../domain/nodes";
import { body, mutate, read, Route, route } from "../http";
import { checkName, key } from "../names";
import { errorReportId } from "../parseerrors";
import { uuid } from "../state";
export const netInterfaceRoutes: Route[] = [
  route("GET", "/v1/nodes/{node}/net-interfaces", (c) => read({ op: "MOD", obj: "NET_IF" }, () => c.sim.node(c.params.node).netIfs)),
  route("GET", "/v1/nodes/{node}/net-interfaces/{netif}", (c) =>
    read({ op: "MOD", obj: "NET_IF" }, () => {
      const i = c.sim.node(c.params.node).netIfs.find((x) => key(x.name) === key(c.params.netif));
      if (!i) throw new RcError("FAIL_NOT_FOUND_NET_IF", `Net interface '${c.params.netif}' on node '${c.params.node}' not found.`);
      return i;
    }),
  ),
  route("POST", "/v1/nodes/{node}/net-interfaces", (c) =>
    mutate(c, { op: "CRT", obj: "NET_IF" }, 201, (rc) => {
      const b = body<NetIfBody>(c, "NetInterface");
      const n = c.sim.node(c.params.node);
      const name = checkName("netIf", b.name);
      if (n.netIfs.some((x) => key(x.name) === key(name))) throw new RcError("FAIL_EXISTS_NET_IF", `Net interface '${name}' on node '${n.name}' already exists.`);
      const i = { name, address: b.address ?? "", satellite_port: b.satellite_port, satellite_encryption_type: b.satellite_encryption_type?.toUpperCase(), is_active: b.is_active ?? false, uuid: uuid() };
      n.netIfs.push(i);
      rc.add(code("CREATED", "CRT", "NET_IF"), `New netInterface '${name}' on node '${n.name}' registered.`, { details: `NetInterface '${name}' on node '${n.name}' UUID is: ${i.uuid}`, obj_refs: { UUID: i.uuid, Node: n.name } });
    }),
  ),
  route("PUT", "/v1/nodes/{node}/net-interfaces/{netif}", (c) =>
    mutate(c, { op: "MOD", obj: "NET_IF" }, 200, (rc) => {
      const b = body<{ name?: string; address?: string; satellite_port?: number; satellite_encryption_type?: string; is_active?: boolean }>(c, "NetInterface");
      const n = c.sim.node(c.params.node);
      const i = n.netIfs.find((x) => key(x.name) === key(c.params.netif));
      if (!i) {
        throw new RcError("FAIL_NOT_FOUND_NET_IF", `Node '${n.name}' has no network interface named '${c.params.netif}'.`, {
          details: `Node: '${n.name}', NetIfName: ${c.params.netif}'`,
          error_report_ids: [errorReportId()],
          obj_refs: { Node: n.name },
        });
      }
      if (b.address !== undefined) i.address = b.address;
      // port and encryption change only together
      if (b.satellite_port !== undefined && b.satellite_encryption_type !== undefined) {
        i.satellite_port = b.satellite_port;
        i.satellite_encryption_type = b.satellite_encryption_type.toUpperCase();
      }
      if (b.is_active === true) {
        if (i.satellite_port === undefined || i.satellite_encryption_type === undefined) {
          throw new RcError(BigInt.asIntN(64, 0xc000000000000000n | 211n | 212n), `Net interface '${i.name}' on node '${n.name}' cannot be the active satellite connection: it has no satellite port and encryption type.`);
        }
        for (const x of n.netIfs) x.is_active = x === i;
        n.props["CurStltConnName"] = i.name;
      }
      rc.add(code("MODIFIED", "MOD", "NET_IF"), `NetInterface '${i.name}' on node '${n.name}' modified.`, { details: `NetInterface '${i.name}' on node '${n.name}' UUID is: ${i.uuid}`, obj_refs: { UUID: i.uuid, Node: n.name } });
      c.sim.event("node-modified", { node: n.name, detail: `net interface ${i.name}` });
    }),
  ),
  route("DELETE", "/v1/nodes/{node}/net-interfaces/{netif}", (c) =>
    mutate(c, { op: "DEL", obj: "NET_IF" }, 200, (rc) => {
      const n = c.sim.node(c.params.node);
      const i = n.netIfs.find((x) => key(x.name) === key(c.params.netif));
      if (!i) {
        throw new RcError("WARN_NOT_FOUND", `Deletion of netInterface '${c.params.netif}' on node '${n.name}' had no effect.`, {
          cause: `NetInterface '${c.params.netif}' on node '${n.name}' does not exist.`,
          details: `Node: '${n.name}', NetIfName: ${c.params.netif}'`,
          obj_refs: { Node: n.name },
        });
      }
      n.netIfs = n.netIfs.filter((x) => x !== i);
      rc.add(code("DELETED", "DEL", "NET_IF"), `NetInterface '${i.name}' on node '${n.name}' deleted.`, { details: `NetInterface '${i.name}' on node '${n.name}' UUID was: ${i.uuid}`, obj_refs: { UUID: i.uuid, Node: n.name } });
      // the active connection fails over to another satellite-capable interface, if any
      const next = activeStltConn(n);
      if (next) n.props["CurStltConnName"] = next;
      else {
        delete n.props["CurStltConnName"];
        rc.plain("WARN_NO_STLT_CONN_DEFINED", `The deleted net interface '${i.name}' was the last connection to the satellite! The controller cannot reach node '${n.name}' anymore.`);
      }
      c.sim.event("node-modified", { node: n.name, detail: `net interface ${i.name} deleted` });
    }),
  ),
];
