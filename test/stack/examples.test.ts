// The seed walkthrough: every step is a valid stack, and says what the article's step does.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { objectKey, type DesiredState } from "../../provider/model";
import { loadStack, type LoadedStack } from "../../provider/stack";

const DIR = join(__dirname, "../../examples/seed-walkthrough");
const STEPS = readdirSync(DIR).filter((f) => f.endsWith(".yaml")).sort();

function step(prefix: string): LoadedStack {
  const file = STEPS.find((f) => f.startsWith(prefix));
  assert.ok(file, `no step ${prefix}`);
  return loadStack(join(DIR, file));
}

function replicas(desired: DesiredState, resource: string) {
  return desired.resources?.find((r) => r.resource === resource);
}

describe("examples/seed-walkthrough", () => {
  it("has the eight steps of the article", () => {
    assert.deepEqual(STEPS, [
      "01-localdata.yaml", "02-shareddata.yaml", "03-move.yaml", "04-delete-localdata.yaml",
      "05-snapshot.yaml", "06-restore.yaml", "07-rollback.yaml", "08-readd.yaml",
    ]);
  });

  for (const file of STEPS) {
    it(`${file} validates and names the schema for editors`, () => {
      const text = readFileSync(join(DIR, file), "utf8");
      assert.equal(text.split("\n")[0], "# yaml-language-server: $schema=../../schema/stack.schema.json");
      const { desired } = loadStack(join(DIR, file));
      assert.deepEqual(desired.nodes?.map((n) => `${n.name}=${n.address}`), ["vulcan=192.168.122.11", "kronos=192.168.122.12", "remus=192.168.122.13", "romulus=192.168.122.14"]);
      assert.deepEqual(desired.storagePools?.map((p) => `${p.node}/${p.name}/${p.providerKind}/${p.backingPool}`), [
        "vulcan/thinpool/LVM_THIN/drbdpool/thinpool", "kronos/thinpool/LVM_THIN/drbdpool/thinpool",
        "remus/thinpool/LVM_THIN/drbdpool/thinpool", "romulus/thinpool/LVM_THIN/drbdpool/thinpool",
      ]);
    });
  }

  it("01: LocalData is a 150m storage-only volume on vulcan and kronos in thinpool", () => {
    const { desired } = step("01");
    assert.deepEqual(desired.resourceDefinitions, [{ name: "LocalData", layerStack: ["STORAGE"] }]);
    assert.deepEqual(desired.volumeDefinitions, [{ resource: "LocalData", number: 0, sizeKib: 153600 }]);
    assert.deepEqual(desired.resources, [{ resource: "LocalData", nodes: ["vulcan", "kronos"], storagePool: "thinpool" }]);
  });

  it("02: SharedData is DRBD over storage, auto-placed three times in thinpool", () => {
    const { desired } = step("02");
    assert.deepEqual(desired.resourceDefinitions?.find((d) => d.name === "SharedData"), { name: "SharedData", layerStack: ["DRBD", "STORAGE"] });
    assert.deepEqual(replicas(desired, "SharedData"), { resource: "SharedData", autoPlace: { placeCount: 3, storagePools: ["thinpool"] } });
    assert.ok(replicas(desired, "LocalData"), "LocalData stays");
  });

  it("03: SharedData is pinned to vulcan, remus and romulus (kronos → vulcan)", () => {
    const { desired } = step("03");
    assert.deepEqual(replicas(desired, "SharedData"), { resource: "SharedData", nodes: ["vulcan", "remus", "romulus"], storagePool: "thinpool" });
  });

  it("04: LocalData is gone, SharedData unchanged", () => {
    const before = step("03").desired;
    const { desired } = step("04");
    assert.equal(desired.resourceDefinitions?.some((d) => d.name === "LocalData"), false);
    assert.equal(desired.volumeDefinitions?.some((v) => v.resource === "LocalData"), false);
    assert.deepEqual(replicas(desired, "SharedData"), replicas(before, "SharedData"));
  });

  it("05: Snap1 of SharedData on romulus and remus, no rollback", () => {
    assert.deepEqual(step("05").desired.snapshots, [{ resource: "SharedData", name: "Snap1", nodes: ["romulus", "remus"] }]);
  });

  it("06: SharedData_Restore is restored from SharedData/Snap1 on the snapshot's nodes, with no volumes of its own", () => {
    const { desired } = step("06");
    assert.deepEqual(replicas(desired, "SharedData_Restore"), {
      resource: "SharedData_Restore", nodes: ["romulus", "remus"], restoreFrom: { resource: "SharedData", snapshot: "Snap1" },
    });
    assert.equal(desired.volumeDefinitions?.some((v) => v.resource === "SharedData_Restore"), false);
    assert.deepEqual(desired.resourceDefinitions?.find((d) => d.name === "SharedData_Restore"), { name: "SharedData_Restore" });
  });

  it("07: only the rollback trigger changes; vulcan stays wanted (the plan removes and re-adds it)", () => {
    const restore = step("06").desired;
    const rollback = step("07").desired;
    assert.deepEqual(rollback.snapshots, [{ resource: "SharedData", name: "Snap1", nodes: ["romulus", "remus"], rollbackTrigger: "1" }]);
    assert.deepEqual({ ...rollback, snapshots: undefined }, { ...restore, snapshots: undefined });
  });

  it("08: the same cluster as 07 with the trigger unchanged (no second rollback)", () => {
    assert.deepEqual(step("08").desired, step("07").desired);
  });

  it("positions point at each object by its model key", () => {
    const { positions } = step("06");
    assert.match(positions.file, /06-restore\.yaml$/);
    const text = readFileSync(join(DIR, "06-restore.yaml"), "utf8").split("\n");
    const at = (key: string) => {
      const p = positions.objects[key];
      assert.ok(p, `no position for ${key}`);
      return { path: p.path, text: text[p.line - 1].slice(p.col - 1) };
    };
    assert.deepEqual(at(objectKey({ kind: "Node", name: "Kronos" })), { path: "nodes.kronos", text: "kronos:  { address: 192.168.122.12 }" });
    assert.equal(at(objectKey({ kind: "StoragePool", node: "remus", name: "thinpool" })).path, "storagePools.thinpool.nodes[2]");
    assert.equal(at(objectKey({ kind: "VolumeDefinition", resource: "SharedData", number: 0 })).text, "150m]");
    assert.equal(at(objectKey({ kind: "Snapshot", resource: "SharedData", name: "Snap1" })).text, "Snap1:");
    assert.equal(at(objectKey({ kind: "Resource", resource: "SharedData_Restore" })).path, "resources.SharedData_Restore");
  });
});
