// The guardrail rules of policy/ on stacks as a policy sees them (inputs of new objects, outputs of
// existing ones, values not known during a preview); the pack in the engine is covered by
// test/e2e/gitops-policy.test.ts.
import * as assert from "assert";
import { SeenResource, viewOf } from "../../policy/model";
import { dataDeletionReview, minDiskfulReplicas, replicasOnDifferent, snapshotPools, thickPoolOvercommit, withDefaults } from "../../policy/rules";

const T = (kind: string) => `pulumi-nodejs:dynamic/linstor:${kind}`;
const node = (name: string, rack?: string): SeenResource => ({ type: T("Node"), name, props: { name, props: rack ? { "Aux/rack": rack } : {} } });
const pool = (node: string, name: string, providerKind: string, extra: Record<string, unknown> = {}): SeenResource =>
  ({ type: T("StoragePool"), name: `${node}/${name}`, props: { node, name, providerKind, ...extra } });
const definition = (name: string, extra: Record<string, unknown> = {}): SeenResource => ({ type: T("ResourceDefinition"), name, props: { name, ...extra } });
const volume = (resource: string, size: string): SeenResource => ({ type: T("VolumeDefinition"), name: `${resource}/0`, props: { resource, number: 0, size } });
const replicas = (resource: string, props: Record<string, unknown>): SeenResource => ({ type: T("Resource"), name: resource, props: { resource, ...props } });

const racks = [node("vulcan", "r1"), node("kronos", "r1"), node("remus", "r2"), node("romulus", "r3")];

describe("policy rules", () => {
  it("minimum diskful replicas: counts nodes or the place count, skips storage-only definitions and exemptions", () => {
    const view = viewOf([
      definition("A"), replicas("A", { nodes: ["vulcan"] }),
      definition("B"), replicas("B", { autoPlace: { placeCount: 1 } }),
      definition("Local", { layerStack: ["STORAGE"] }), replicas("Local", { nodes: ["vulcan"] }),
      definition("Ok"), replicas("Ok", { nodes: ["vulcan", "remus"] }),
    ]);
    assert.deepStrictEqual(minDiskfulReplicas.check(view, withDefaults(minDiskfulReplicas)).map((m) => m.split(";")[0]),
      ["A would have 1 diskful replica (on vulcan)", "B would have 1 diskful replica"]);
    assert.strictEqual(minDiskfulReplicas.check(view, withDefaults(minDiskfulReplicas, { exempt: ["a", "b"] })).length, 0);
  });

  it("replicas on different racks: off until a property is set; same rack, missing property and unspread auto-placement are violations", () => {
    const view = viewOf([...racks, node("saturn"),
      replicas("Same", { nodes: ["vulcan", "kronos", "remus"] }),
      replicas("Spread", { nodes: ["vulcan", "remus", "romulus"] }),
      replicas("Unknown", { nodes: ["saturn", "remus"] }),
      replicas("Auto", { autoPlace: { placeCount: 2 } }),
      replicas("AutoSpread", { autoPlace: { placeCount: 2, replicasOnDifferent: ["rack"] } }),
      definition("ByGroup", { resourceGroup: "racked" }), replicas("ByGroup", { autoPlace: { placeCount: 3 } }),
      { type: T("ResourceGroup"), name: "racked", props: { name: "racked", placement: { replicasOnDifferent: ["Aux/rack"] } } },
    ]);
    assert.deepStrictEqual(replicasOnDifferent.check(view, withDefaults(replicasOnDifferent)), []);
    const found = replicasOnDifferent.check(view, withDefaults(replicasOnDifferent, { property: "rack" }));
    assert.strictEqual(found.length, 3, found.join("\n"));
    assert.match(found[0], /^Same has 2 replicas in Aux\/rack=r1 \(vulcan, kronos\)/);
    assert.match(found[1], /^Unknown: node saturn has no Aux\/rack property/);
    assert.match(found[2], /^Auto is auto-placed without replicasOnDifferent: \[Aux\/rack\]/);
  });

  it("thick pool over-commit: per node and pool, with the controller's capacity or a configured one; thin pools are not checked", () => {
    const resources = [
      pool("remus", "tank", "ZFS", { totalCapacityKib: 100 * 1024 * 1024 }), pool("romulus", "tank", "ZFS"),
      pool("remus", "thin", "LVM_THIN", { totalCapacityKib: 1024 }),
      volume("A", "60G"), replicas("A", { nodes: ["remus", "romulus"], storagePool: "tank" }),
      volume("B", "50G"), replicas("B", { nodes: ["remus", "romulus"], storagePool: "tank" }),
      volume("C", "10G"), replicas("C", { nodes: ["remus"], storagePool: "thin" }),
    ];
    const view = viewOf(resources);
    const found = thickPoolOvercommit.check(view, withDefaults(thickPoolOvercommit));
    assert.deepStrictEqual(found.map((m) => m.split(" (rule")[0]),
      ["thick pool tank on remus is over-committed: 110 GiB of volumes (A 60 GiB, B 50 GiB) in 100 GiB"]);
    const configured = thickPoolOvercommit.check(view, withDefaults(thickPoolOvercommit, { capacities: { "romulus/tank": "100G", tank: "200G" } }));
    assert.deepStrictEqual(configured.map((m) => m.split(":")[0]), ["thick pool tank on romulus is over-committed"]);
  });

  it("snapshot pools: a snapshot on a pool outside the allowed kinds, or one the controller says cannot snapshot", () => {
    const view = viewOf([
      pool("remus", "tank", "ZFS"), pool("remus", "thin", "LVM_THIN", { supportsSnapshots: false }), pool("remus", "ok", "LVM_THIN"),
      replicas("A", { nodes: ["remus"], storagePool: "tank" }), { type: T("Snapshot"), name: "A/s1", props: { resource: "A", name: "s1" } },
      replicas("B", { nodes: ["remus"], storagePool: "thin" }), { type: T("Snapshot"), name: "B/s1", props: { resource: "B", name: "s1" } },
      replicas("C", { nodes: ["remus"], storagePool: "ok" }), { type: T("Snapshot"), name: "C/s1", props: { resource: "C", name: "s1" } },
    ]);
    assert.deepStrictEqual(snapshotPools.check(view, withDefaults(snapshotPools)).map((m) => m.split(":")[0]), ["snapshot B/s1"]);
    assert.deepStrictEqual(snapshotPools.check(view, withDefaults(snapshotPools, { providerKinds: ["LVM_THIN"] })).map((m) => m.split(":")[0]),
      ["snapshot A/s1", "snapshot B/s1"]);
  });

  it("deletion review: a definition holding data that is gone, or left without replicas, needs an approval", () => {
    const view = viewOf([definition("Kept"), replicas("Kept", { nodes: ["remus"] }), definition("Emptied"), replicas("Emptied", { nodes: [] })]);
    const found = dataDeletionReview.check(view, withDefaults(dataDeletionReview, { holdingData: ["Kept", "Emptied", "Gone"] }));
    assert.deepStrictEqual(found.map((m) => m.split(", which")[0]),
      ["this change deletes every diskful replica of Emptied", "this change deletes resource definition Gone"]);
    assert.deepStrictEqual(dataDeletionReview.check(view, withDefaults(dataDeletionReview, { holdingData: ["Gone"], approved: ["gone"] })), []);
  });

  it("deletion review in a preview: the objects about to be deleted are still listed, the stack file's own list decides", () => {
    const view = viewOf([definition("Archive"), replicas("Archive", { nodes: ["remus"] }), definition("Kept"), replicas("Kept", { nodes: ["remus"] })]);
    const config = withDefaults(dataDeletionReview, { holdingData: ["Archive", "Kept"], kept: ["Kept"], keptWithReplicas: ["Kept"] });
    assert.deepStrictEqual(dataDeletionReview.check(view, config).map((m) => m.split(", which")[0]), ["this change deletes resource definition Archive"]);
  });

  it("values not known during a preview are skipped, the logical names stand in for them", () => {
    const unknown = (props: Record<string, unknown>, keys: string[]) => {
      for (const k of keys) Object.defineProperty(props, k, { enumerable: true, get: () => { throw new Error(`string value at .${k} can't be known during preview`); } });
      return props;
    };
    const view = viewOf([
      { type: T("StoragePool"), name: "remus/tank", props: unknown({ name: "tank", providerKind: "ZFS" }, ["node", "totalCapacityKib"]) },
      { type: T("Resource"), name: "A", props: unknown({ nodes: ["remus"], storagePool: "tank" }, ["resource", "replicas"]) },
    ]);
    assert.deepStrictEqual(view.pools, [{ node: "remus", name: "tank", providerKind: "ZFS", totalKib: undefined, supportsSnapshots: undefined }]);
    assert.strictEqual(view.replicaSets[0].resource, "A");
    assert.deepStrictEqual(view.replicaSets[0].nodes, ["remus"]);
  });
});
