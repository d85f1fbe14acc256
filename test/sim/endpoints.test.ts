// Endpoints real clients call besides the core CRUD (facts §13) that a FILE_THIN, DRBD-less
// cluster cannot record: activate/deactivate, volume modify, single volume groups, adjustall,
// capacity queries, node connections. (Net interfaces, KVS, resource connections,
// make-available and clone are in test/conformance, checked against LINSTOR 1.34.)
import { strict as assert } from "node:assert";
import { useSimulator } from "../../harness/sim";
import { call } from "./helpers";

describe("linstor-sim: further client endpoints", function () {
  const sim = useSimulator({ seedCluster: true, balance: false, satelliteDelayMs: 1 });
  let U: string;
  before(async () => {
    U = sim().url;
    await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "e1" } });
    await call(U, "POST", "/v1/resource-definitions/e1/volume-definitions", { volume_definition: { size_kib: 10240 } });
    await call(U, "POST", "/v1/resource-definitions/e1/resources", ["vulcan", "kronos"].map((n) => ({ resource: { node_name: n, props: { StorPoolName: "thinpool" } } })));
  });

  it("deactivate sets INACTIVE, activate clears it", async () => {
    assert.equal((await call(U, "POST", "/v1/resource-definitions/e1/resources/vulcan/deactivate")).status, 200);
    assert.ok((await call(U, "GET", "/v1/resource-definitions/e1/resources/vulcan")).json.flags.includes("INACTIVE"));
    assert.equal((await call(U, "POST", "/v1/resource-definitions/e1/resources/vulcan/activate")).status, 200);
    assert.ok(!((await call(U, "GET", "/v1/resource-definitions/e1/resources/vulcan")).json.flags ?? []).includes("INACTIVE"));
  });

  it("volume modify sets props on one replica's volume", async () => {
    const r = await call(U, "PUT", "/v1/resource-definitions/e1/resources/kronos/volumes/0", { override_props: { "Aux/v": "1" } });
    assert.equal(r.status, 200, r.text);
    const v = (await call(U, "GET", "/v1/resource-definitions/e1/resources/kronos/volumes/0")).json;
    assert.equal(v.props["Aux/v"], "1");
  });

  it("single volume groups: GET and PUT; a missing one is 404", async () => {
    await call(U, "POST", "/v1/resource-groups", { name: "eg" });
    await call(U, "POST", "/v1/resource-groups/eg/volume-groups", { volume_number: 0 });
    assert.equal((await call(U, "PUT", "/v1/resource-groups/eg/volume-groups/0", { override_props: { "Aux/g": "x" } })).status, 200);
    assert.equal((await call(U, "GET", "/v1/resource-groups/eg/volume-groups/0")).json.props["Aux/g"], "x");
    assert.equal((await call(U, "GET", "/v1/resource-groups/eg/volume-groups/7")).status, 404);
  });

  it("adjustall places what a group's definitions lack; capacity queries answer per pool", async () => {
    await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "e2" } });
    await call(U, "POST", "/v1/resource-definitions/e2/volume-definitions", { volume_definition: { size_kib: 1024 } });
    assert.equal((await call(U, "POST", "/v1/resource-groups/adjustall", {})).status, 200);
    const rs = (await call(U, "GET", "/v1/resource-definitions/e2/resources")).json as { flags?: string[] }[];
    assert.equal(rs.filter((r) => !(r.flags ?? []).includes("DISKLESS")).length, 2, "DfltRscGrp places 2");
    const q = (await call(U, "GET", "/v1/resource-groups/DfltRscGrp/query-max-volume-size")).json;
    const thin = q.candidates.find((x: { storage_pool: string }) => x.storage_pool === "thinpool");
    assert.ok(thin && thin.all_thin && thin.node_names.length === 2 && thin.max_volume_size > 0);
  });

  it("node connections: PUT props, listed afterwards", async () => {
    const r = await call(U, "PUT", "/v1/node-connections/vulcan/kronos", { override_props: { "Aux/link": "fast" } });
    assert.equal(r.status, 200, r.text);
    const list = (await call(U, "GET", "/v1/node-connections")).json;
    assert.deepEqual(list, [{ node_a: "vulcan", node_b: "kronos", props: { "Aux/link": "fast" } }]);
  });
});
