// The REST requests one definition costs when the provider creates it (definition, volume, three
// replicas), counted by the simulator over HTTP: a regression in the live cache or the plans
// (a list read again, a write the plan already knew) fails here. Not a timing test.

import * as assert from "assert";
import { useSimulator } from "../../harness/sim";
import { configure, liveCache } from "../../provider/resources/context";
import { resourceDefinitionKind } from "../../provider/resources/kinds/resource-definition";
import { resourceKind } from "../../provider/resources/kinds/resource";
import { volumeDefinitionKind } from "../../provider/resources/kinds/volume-definition";
import { KindOperations } from "../../provider/resources/operations";
import { PLACES_REPLICAS_INPUT } from "../../provider/model/props";

const definitions = new KindOperations(resourceDefinitionKind);
const volumes = new KindOperations(volumeDefinitionKind);
const replicas = new KindOperations(resourceKind);
const urn = (type: string, name: string): string => `urn:pulumi:requests::counts::linstor:index:${type}::${name}`;

/**
 * Creates one definition with one volume and three replicas as the engine would, in dependency
 * order; the definition carries the hint a YAML stack gives it (it declares the replica set too).
 */
async function createOne(name: string, hinted = true, storagePool = "thinpool"): Promise<Record<string, unknown>> {
  const hint = hinted ? { [PLACES_REPLICAS_INPUT]: true } : {};
  await definitions.create({ name, layerStack: ["DRBD", "STORAGE"], __urn: urn("ResourceDefinition", name), ...hint });
  await volumes.create({ resource: name, size: "10m", __urn: urn("VolumeDefinition", `${name}-0`) });
  const { outs } = await replicas.create({ resource: name, nodes: ["vulcan", "kronos", "remus"], storagePool, __urn: urn("Resource", `${name}-replicas`) });
  return outs;
}

describe("requests of one definition create (operations layer, simulator over HTTP)", function () {
  this.timeout(60_000);
  const sim = useSimulator({ seedCluster: true, balance: false });

  before(() => configure({ endpoint: sim().url }));
  after(() => configure({}));

  /** What the simulator answered since the last clear, by method and route pattern. */
  async function routes(): Promise<Record<string, number>> {
    const r = await sim().requests();
    await sim().clearRequests();
    return r.byRoute;
  }

  it("three writes, the two outputs of the definition and the volume, one poll of the replicas; nothing read twice", async () => {
    await liveCache().read(); // the one full read of the process, shared by every resource
    await sim().clearRequests();
    const outs = await createOne("counted1");
    const got = await routes();
    const polls = got["GET /v1/view/resources"] ?? 0;
    assert.ok(polls >= 1, "the resync wait polls the one definition");
    assert.deepStrictEqual({ ...got, "GET /v1/view/resources": 1 }, {
      "POST /v1/resource-definitions": 1,
      "POST /v1/resource-definitions/{rd}/volume-definitions": 1,
      "POST /v1/resource-definitions/{rd}/resources": 1,
      // the definition's outputs after its create, the volume's (its minor number) after its create
      "GET /v1/resource-definitions": 2,
      // the wait's poll of the definition's replicas; the replica set's outputs come from its last answer
      "GET /v1/view/resources": 1,
    }, `requests of one definition: ${JSON.stringify(got)}`);
    assert.deepStrictEqual((outs.diskfulNodes as string[]).slice().sort(), ["kronos", "remus", "vulcan"]);
    assert.strictEqual(outs.upToDate, true, "the outputs show the state the wait ended on");
    const rd = (await liveCache().read({ resources: ["counted1"] })).resourceDefinitions[0];
    assert.strictEqual(rd.props.BalanceResourcesEnabled, "false", "the definition's create switched balancing off");
  });

  it("without the hint (a TypeScript program's definition), the replica set switches balancing off by a modify", async () => {
    await createOne("counted0", false);
    const got = await routes();
    assert.strictEqual(got["PUT /v1/resource-definitions/{rd}"], 1, JSON.stringify(got));
  });

  it("the pools are not read again before placing in thin pools (a create leaves their free capacity); the version never", async () => {
    await createOne("counted2");
    const got = await routes();
    assert.strictEqual(got["GET /v1/view/storage-pools"], undefined, `counted1's replicas changed no free capacity the pre-flight reads: ${JSON.stringify(got)}`);
    assert.strictEqual(got["GET /v1/controller/version"], undefined);
    assert.strictEqual(Object.entries(got).reduce((n, [route, k]) => n + (route === "GET /v1/view/resources" ? 1 : k), 0), 6);
  });

  it("concurrent creates share their reads: one list call for several definitions' outputs, one poll for several waits", async () => {
    const names = ["shared1", "shared2", "shared3", "shared4"];
    await createOne("warmup"); // its replicas changed the pools' capacity, as an earlier create would
    await routes();
    const outs = await Promise.all(names.map((n) => createOne(n)));
    const got = await routes();
    const serial = `(one at a time: 8 definition lists): ${JSON.stringify(got)}`;
    // The engine starts them together: each write is in flight before any answer comes back.
    assert.strictEqual(got["GET /v1/resource-definitions"], 2, `the four definitions' outputs in one list call, the four volumes' in another ${serial}`);
    assert.strictEqual(got["GET /v1/view/storage-pools"], undefined, `thin pools: no pre-flight reads the pools again ${serial}`);
    assert.ok((got["GET /v1/view/resources"] ?? 0) <= names.length, `a wait polls only with the others it meets: ${JSON.stringify(got)}`);
    for (const w of ["POST /v1/resource-definitions", "POST /v1/resource-definitions/{rd}/volume-definitions", "POST /v1/resource-definitions/{rd}/resources"]) {
      assert.strictEqual(got[w], names.length, w);
    }
    assert.strictEqual(got["PUT /v1/resource-definitions/{rd}"], undefined);
    assert.ok(outs.every((o) => o.upToDate === true && (o.diskfulNodes as string[]).length === 3), "each set's outputs show its own replicas");
  });

  it("with thick pools, each pre-flight after a create reads the pools again, and concurrent ones share that read", async () => {
    for (const node of ["vulcan", "kronos", "remus"]) {
      await sim().client().storagePools.create(node, { storage_pool_name: "thick", provider_kind: "LVM", props: { "StorDriver/StorPoolName": "drbdpool" } });
    }
    liveCache().invalidate(); // pools made outside the provider: its next read is a full one
    await createOne("thick0", true, "thick");
    await routes();
    await createOne("thick1", true, "thick");
    const one = await routes();
    assert.strictEqual(one["GET /v1/view/storage-pools"], 1, `thick0's replicas took space the pre-flight must see: ${JSON.stringify(one)}`);
    await Promise.all(["thick2", "thick3", "thick4"].map((n) => createOne(n, true, "thick")));
    const three = await routes();
    assert.strictEqual(three["GET /v1/view/storage-pools"], 1, `three pre-flights, one pool list: ${JSON.stringify(three)}`);
  });
});
