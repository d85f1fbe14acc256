// The cluster model that judges the planner in the property tests must itself be able to say no:
// these tests show it refuses what a controller refuses and catches an unsafe order of steps.

import { strict as assert } from "assert";
import type { Step, StepOp } from "../../provider/plan";
import { ClusterModel, ModelError, emptyCluster, withDefinition, withNodes, withReplica, withSnapshot } from "../helpers/cluster-model";

const GIB = 1024 * 1024;
const step = (s: StepOp): Step => ({ ...s, description: "test" });

function threeReplicas() {
  const live = withNodes(emptyCluster(), ["n1", "n2", "n3", "n4"]);
  withDefinition(live, "r1", [GIB]);
  for (const n of ["n1", "n2", "n3"]) withReplica(live, "r1", n);
  return live;
}

describe("cluster model (judge of the planner)", () => {
  it("records the dip of a naive delete-before-add move (the unsafe order linstor-server#130 warns about)", () => {
    const model = new ClusterModel(threeReplicas());
    model.apply(step({ op: "deleteReplica", resource: "r1", node: "n1", keepTiebreaker: false }));
    model.apply(step({ op: "createReplicas", resource: "r1", replicas: [{ node: "n4", storagePool: "thin" }] }));
    model.apply(step({ op: "waitSynced", resource: "r1", nodes: ["n4"] }));
    assert.equal(model.upToDate("r1"), 3);
    assert.equal(model.minUpToDate.get("R1"), 2, "the dip to two UpToDate replicas is recorded");
  });

  it("new diskful replicas are not UpToDate until a wait covers them", () => {
    const model = new ClusterModel(threeReplicas());
    model.apply(step({ op: "createReplicas", resource: "r1", replicas: [{ node: "n4", storagePool: "thin" }] }));
    assert.equal(model.upToDate("r1"), 3);
    assert.equal(model.read().resources.find((r) => r.node === "n4")?.volumes[0].diskState, "Inconsistent");
    model.apply(step({ op: "waitSynced", resource: "r1" }));
    assert.equal(model.upToDate("r1"), 4);
  });

  it("refuses what the controller refuses", () => {
    const live = threeReplicas();
    live.resources[0].volumes[0].diskState = "Inconsistent";
    withSnapshot(live, "r1", "s1", ["n2"]);
    const model = new ClusterModel(live);
    const refuses = (s: Step, re: RegExp) => assert.throws(() => model.apply(s), (e: Error) => e instanceof ModelError && re.test(e.message));
    refuses(step({ op: "resizeVolumeDefinition", resource: "r1", number: 0, sizeKib: 2 * GIB }), /non-UpToDate/);
    refuses(step({ op: "resizeVolumeDefinition", resource: "r1", number: 0, sizeKib: GIB / 2 }), /Shrinking/);
    refuses(step({ op: "deleteResourceDefinition", name: "r1" }), /because it has snapshots/);
    refuses(step({ op: "deleteStoragePool", node: "n2", name: "thin" }), /still holds volumes/);
    refuses(step({ op: "createSnapshot", resource: "r1", name: "s2" }), /non-UpToDate/);
    refuses(step({ op: "deleteNode", name: "n1" }), /still has resources/);
    refuses(step({ op: "assertNodeEmpty", name: "n2" }), /still holds replicas/);
    refuses(step({ op: "rollback", resource: "r1", snapshot: "s1" }), /snapshot s1 not on n1/);
    refuses(step({ op: "createResourceDefinition", definition: { name: "R1" } }), /exists/);
  });

  it("keeps a replica deleted at the 3→2 boundary as tiebreaker unless told not to", () => {
    const model = new ClusterModel(threeReplicas());
    model.apply(step({ op: "deleteReplica", resource: "r1", node: "n3", keepTiebreaker: true }));
    const tb = model.read().resources.find((r) => r.node === "n3");
    assert.ok(tb?.tieBreaker && tb.diskless);
    const again = new ClusterModel(threeReplicas());
    again.apply(step({ op: "deleteReplica", resource: "r1", node: "n3", keepTiebreaker: false }));
    assert.equal(again.read().resources.find((r) => r.node === "n3"), undefined);
  });

  it("refuses to delete the last diskful replica while diskless ones remain", () => {
    const live = withNodes(emptyCluster(), ["n1", "n2"]);
    withDefinition(live, "r1");
    withReplica(live, "r1", "n1");
    withReplica(live, "r1", "n2", { diskless: true });
    assert.throws(() => new ClusterModel(live).apply(step({ op: "deleteReplica", resource: "r1", node: "n1" })), /Last resource of 'r1' with disk/);
  });

  it("auto-places on the nodes with the most free space, away from avoided nodes, and fails when too few qualify", () => {
    const live = withNodes(emptyCluster(), ["n1", "n2", "n3"]);
    live.storagePools.find((p) => p.node === "n3" && p.name === "thin")!.freeKib = 500 * GIB;
    withDefinition(live, "r1");
    const model = new ClusterModel(live);
    model.apply(step({ op: "autoPlace", resource: "r1", placement: { placeCount: 2 }, avoidNodes: ["n1"], replicaProps: { "Aux/x": "1" } }));
    assert.deepEqual(model.read().resources.map((r) => [r.node, r.props["Aux/x"]]), [["n3", "1"], ["n2", "1"]]);
    assert.throws(() => model.apply(step({ op: "autoPlace", resource: "r1", placement: { placeCount: 3 }, avoidNodes: ["n1"] })), /Not enough available nodes/);
  });
});
