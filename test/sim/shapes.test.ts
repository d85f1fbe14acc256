// Every field the simulator writes exists in the controller's REST OpenAPI document (the field
// lists in sim/bodyschemas.ts come from it): checked with the same strict checker that guards
// request bodies, over a populated cluster.
import { strict as assert } from "node:assert";
import { useSimulator } from "../../harness/sim";
import { checkSchema } from "../../sim/body";
import { call } from "./helpers";

function strict(value: unknown, schema: string, what: string): void {
  try {
    checkSchema(value, schema);
  } catch (e) {
    assert.fail(`${what} does not fit ${schema}: ${(e as { entries?: { details?: string }[] }).entries?.[0]?.details ?? e}`);
  }
}

describe("linstor-sim response shapes match the REST API document", function () {
  const sim = useSimulator({ balance: false, satelliteDelayMs: 1 });
  let U: string;
  before(async () => {
    U = sim().url;
    await call(U, "POST", "/v1/resource-groups", { name: "rgx", select_filter: { place_count: 2, storage_pool: "thinpool", replicas_on_different: ["Aux/site"] } });
    await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "shape", props: { "Aux/a": "1" } } });
    await call(U, "POST", "/v1/resource-definitions/shape/volume-definitions", { volume_definition: { size_kib: 2048 } });
    await call(U, "POST", "/v1/resource-definitions/shape/resources", ["vulcan", "kronos"].map((n) => ({ resource: { node_name: n, props: { StorPoolName: "thinpool" } } })));
    await call(U, "POST", "/v1/resource-definitions/shape/snapshots", { name: "s1" });
    await call(U, "POST", "/sim/nodes/romulus/offline");
  });

  it("nodes, storage pools, resource groups, definitions, volume definitions, snapshots", async () => {
    for (const n of (await call(U, "GET", "/v1/nodes")).json) strict(n, "Node", `node ${n.name}`);
    for (const p of (await call(U, "GET", "/v1/view/storage-pools")).json) strict(p, "StoragePool", `pool ${p.node_name}/${p.storage_pool_name}`);
    for (const g of (await call(U, "GET", "/v1/resource-groups")).json) strict(g, "ResourceGroup", `group ${g.name}`);
    for (const d of (await call(U, "GET", "/v1/resource-definitions?with_volume_definitions=true")).json) strict(d, "ResourceDefinition", `definition ${d.name}`);
    for (const v of (await call(U, "GET", "/v1/resource-definitions/shape/volume-definitions")).json) strict(v, "VolumeDefinition", "volume definition");
    for (const s of (await call(U, "GET", "/v1/view/snapshots")).json) strict(s, "Snapshot", `snapshot ${s.name}`);
  });

  it("resources with their layer tree and volumes' layer data; ApiCallRc entries", async () => {
    const view = (await call(U, "GET", "/v1/view/resources")).json as Record<string, unknown>[];
    assert.ok(view.length >= 3);
    for (const r of view) {
      const { volumes, ...rsc } = r as { volumes: { layer_data_list: { type: string; data: unknown }[]; [k: string]: unknown }[] };
      strict(rsc, "Resource", `resource ${String(r.node_name)}`);
      for (const v of volumes) {
        const keys = Object.keys(v).filter((k) => !["volume_number", "storage_pool_name", "provider_kind", "device_path", "allocated_size_kib", "usable_size_kib", "props", "flags", "state", "layer_data_list", "uuid", "reports"].includes(k));
        assert.deepEqual(keys, [], "Volume fields");
        for (const l of v.layer_data_list) strict(l.data, l.type === "DRBD" ? "DrbdVolume" : "StorageVolume", `${l.type} volume`);
      }
    }
    const rc = await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "shape" } });
    for (const e of rc.json) strict(e, "ApiCallRc", "RC entry");
  });
});
