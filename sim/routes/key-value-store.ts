// The key-value store (CtrlKvsApiCallHandler).
import { code, RcError } from "../apicallrc";
import { SimCore } from "../core";
import { applyPropChanges, body, json, mutate, PropsModify, read, Route, route } from "../http";
import { checkName, key } from "../names";
import { sortedValues, uuid } from "../state";
function kvsOf(sim: SimCore) {
  return (sim.state.kvs ??= {});
}

export const keyValueStoreRoutes: Route[] = [
  route("GET", "/v1/key-value-store", (c) => json(200, sortedValues(kvsOf(c.sim)).map((k) => ({ name: k.name, props: k.props })))),
  route("GET", "/v1/key-value-store/{kvs}", (c) =>
    read(undefined, () => {
      const k = kvsOf(c.sim)[key(c.params.kvs)];
      if (!k) throw new RcError("FAIL_NOT_FOUND_KVS", `Could not find key value store instance '${c.params.kvs}'.`);
      return [{ name: k.name, props: k.props }];
    }),
  ),
  route("PUT", "/v1/key-value-store/{kvs}", (c) =>
    mutate(c, { op: "MOD", obj: "CTRL_CONF" }, 200, (rc) => {
      const b = body<PropsModify>(c, "GenericPropsModify");
      const name = checkName("rsc", c.params.kvs);
      const k = (kvsOf(c.sim)[key(name)] ??= { name, props: {}, uuid: uuid() });
      applyPropChanges(k.props, b);
      rc.add(code("MODIFIED", "MOD", "CTRL_CONF"), "Successfully updated properties");
    }),
  ),
  route("DELETE", "/v1/key-value-store/{kvs}", (c) =>
    mutate(c, { op: "DEL", obj: "KVS" }, 200, (rc) => {
      const k = kvsOf(c.sim)[key(c.params.kvs)];
      if (!k) throw new RcError("WARN_NOT_FOUND", `Kvs '${c.params.kvs}' not found.`);
      delete kvsOf(c.sim)[key(k.name)];
      rc.add(code("DELETED"), `Kvs '${k.name}' deleted.`, { details: `Kvs '${k.name}' UUID was: ${k.uuid}` });
    }),
  ),
];
