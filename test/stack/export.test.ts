// exportStack: a LiveCluster → the YAML stack that describes it (adopt: true), which the loader
// accepts and which maps back to the same objects. Pure: no controller here (test/e2e/export covers
// the controller and the engine).
import assert from "node:assert/strict";
import type { LiveCluster, LiveReplica } from "../../provider/model/types";
import { checkStackText, parseStack } from "../../provider/stack";
import { exportStack, sizeText, userProps } from "../../provider/stack/export";

const node = (name: string, address: string, props: Record<string, string> = {}) => ({
  name, type: "SATELLITE", address, port: 3366, encryption: "PLAIN", connectionStatus: "ONLINE", flags: [],
  props: { CurStltConnName: "default", NodeUname: name, ...props },
});
const pool = (nodeName: string, name: string, backing: string | undefined, kind = "LVM_THIN", props: Record<string, string> = {}) => ({
  node: nodeName, name, providerKind: kind, backingPool: backing,
  props: { ...(backing ? { "StorDriver/StorPoolName": backing } : {}), ...props }, thin: true, supportsSnapshots: kind !== "DISKLESS",
});
const replica = (resource: string, nodeName: string, kind: "diskful" | "client" | "tiebreaker", props: Record<string, string> = {}): LiveReplica => ({
  resource, node: nodeName, storagePool: kind === "diskful" ? "thinpool" : "DfltDisklessStorPool",
  diskless: kind !== "diskful", tieBreaker: kind === "tiebreaker", flags: [], props: { StorPoolName: "thinpool", ...props },
  ports: [7000], deleting: false, volumes: [],
});

const LIVE: LiveCluster = {
  nodes: [node("vulcan", "10.0.0.1", { "Aux/rack": "r1" }), node("kronos", "10.0.0.2"), node("remus", "10.0.0.3"),
    { ...node("romulus", "10.0.0.4"), type: "COMBINED", port: 3367, encryption: "SSL" }],
  storagePools: [
    pool("vulcan", "thinpool", "drbdpool/thinpool", "LVM_THIN", { "Aux/tier": "ssd" }), pool("kronos", "thinpool", "drbdpool/thinpool", "LVM_THIN", { "Aux/tier": "ssd" }),
    pool("remus", "thinpool", "ssdpool/thin", "LVM_THIN", { "Aux/tier": "ssd", "Aux/note": "other vg" }), pool("romulus", "thinpool", "drbdpool/thinpool"),
    pool("vulcan", "DfltDisklessStorPool", undefined, "DISKLESS"), pool("kronos", "DfltDisklessStorPool", undefined, "DISKLESS"),
  ],
  resourceGroups: [
    { name: "DfltRscGrp", placement: {}, props: {} },
    { name: "replicated", description: "three copies", placement: { placeCount: 3, storagePools: ["thinpool"], layerStack: ["DRBD", "STORAGE"] }, props: { "Aux/team": "storage" } },
  ],
  resourceDefinitions: [
    {
      name: "SharedData", resourceGroup: "replicated", layerStack: ["DRBD", "STORAGE"], flags: [],
      props: { "DrbdOptions/Net/protocol": "C", "Internal/Drbd/QuorumSetBy": "linstor", "DrbdOptions/Resource/quorum": "majority",
        BalanceResourcesEnabled: "false", "Aux/pulumi-linstor/managed-props": "DrbdOptions/Net/protocol" },
      volumes: [{ number: 0, sizeKib: 153600, minor: 1000, props: {}, flags: [] }, { number: 2, sizeKib: 1048576, minor: 1001, props: { "Aux/use": "logs" }, flags: [] }],
    },
    { name: "Pair", resourceGroup: "DfltRscGrp", layerStack: ["DRBD", "STORAGE"], flags: [], props: {}, volumes: [{ number: 0, sizeKib: 1000, props: {}, flags: [] }] },
    { name: "Empty", layerStack: [], flags: [], props: {}, volumes: [] },
    { name: "Going", layerStack: ["STORAGE"], flags: ["DELETE"], props: {}, volumes: [{ number: 0, sizeKib: 1024, props: {}, flags: [] }] },
  ],
  resources: [
    replica("SharedData", "vulcan", "diskful", { "Aux/backup": "daily" }), replica("SharedData", "remus", "diskful", { "Aux/backup": "daily" }),
    replica("SharedData", "romulus", "diskful", { "Aux/backup": "daily", "Aux/only": "here" }), replica("SharedData", "kronos", "client", { "Aux/backup": "daily" }),
    replica("Pair", "remus", "diskful"), replica("Pair", "romulus", "diskful"), replica("Pair", "vulcan", "tiebreaker"),
  ],
  snapshots: [
    { resource: "SharedData", name: "Snap1", nodes: ["romulus", "remus"], flags: ["SUCCESSFUL"], successful: true, volumes: [] },
    { resource: "SharedData", name: "Old", nodes: ["kronos"], flags: ["SUCCESSFUL"], successful: true, volumes: [] },
    { resource: "SharedData", name: "safety-snap-1", nodes: ["remus"], flags: [], successful: true, volumes: [] },
  ],
};

describe("exportStack", () => {
  const { text, notes } = exportStack(LIVE, { schemaRef: "../schema/stack.schema.json", source: "http://ctrl:3370" });

  it("starts with the schema line and says adopt: true; the loader accepts it", () => {
    assert.equal(text.split("\n")[0], "# yaml-language-server: $schema=../schema/stack.schema.json");
    const check = checkStackText(text, "export.yaml");
    assert.ok(check.ok, check.ok ? "" : check.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`).join("\n"));
    assert.equal(check.stack.adopt, true);
  });

  const { desired } = parseStack(text, "export.yaml");

  it("nodes with their addresses, non-default type, port and encryption, and only user props", () => {
    assert.deepEqual(desired.nodes, [
      { name: "kronos", address: "10.0.0.2" },
      { name: "remus", address: "10.0.0.3" },
      { name: "romulus", address: "10.0.0.4", type: "COMBINED", encryption: "SSL" },
      { name: "vulcan", address: "10.0.0.1", props: { "Aux/rack": "r1" } },
    ]);
  });

  it("one pool entry per name; what differs per node (backing pool, props) goes to that node; the default diskless pool stays out", () => {
    assert.deepEqual(desired.storagePools, [
      { node: "kronos", name: "thinpool", providerKind: "LVM_THIN", backingPool: "drbdpool/thinpool", props: { "Aux/tier": "ssd" } },
      { node: "remus", name: "thinpool", providerKind: "LVM_THIN", backingPool: "ssdpool/thin", props: { "Aux/note": "other vg", "Aux/tier": "ssd" } },
      { node: "romulus", name: "thinpool", providerKind: "LVM_THIN", backingPool: "drbdpool/thinpool" },
      { node: "vulcan", name: "thinpool", providerKind: "LVM_THIN", backingPool: "drbdpool/thinpool", props: { "Aux/tier": "ssd" } },
    ]);
  });

  it("resource groups except the built-in one, with placement and props", () => {
    assert.deepEqual(desired.resourceGroups, [{
      name: "replicated", description: "three copies",
      placement: { placeCount: 3, storagePools: ["thinpool"], layerStack: ["DRBD", "STORAGE"] }, props: { "Aux/team": "storage" },
    }]);
  });

  it("resources: layers, volumes (numbers and props kept), explicit diskful nodes, diskless clients, never tie-breakers", () => {
    assert.deepEqual(desired.resourceDefinitions, [
      { name: "Pair", layerStack: ["DRBD", "STORAGE"] },
      { name: "SharedData", resourceGroup: "replicated", layerStack: ["DRBD", "STORAGE"], props: { "DrbdOptions/Net/protocol": "C" } },
    ]);
    assert.deepEqual(desired.volumeDefinitions, [
      { resource: "Pair", number: 0, sizeKib: 1000 },
      { resource: "SharedData", number: 0, sizeKib: 153600 },
      { resource: "SharedData", number: 2, sizeKib: 1048576, props: { "Aux/use": "logs" } },
    ]);
    assert.deepEqual(desired.resources, [
      { resource: "Pair", nodes: ["remus", "romulus"], storagePool: "thinpool" },
      { resource: "SharedData", nodes: ["remus", "romulus", "vulcan"], storagePool: "thinpool", diskless: ["kronos"], props: { "Aux/backup": "daily" } },
    ]);
  });

  it("snapshots with their nodes; LINSTOR's safety snapshots and snapshots on nodes without a replica are left out and named", () => {
    assert.deepEqual(desired.snapshots, [{ resource: "SharedData", name: "Snap1", nodes: ["remus", "romulus"] }]);
    assert.ok(notes.some((n) => n.includes("SharedData/Old") && n.includes("kronos")), notes.join("\n"));
    assert.ok(notes.some((n) => n.includes("resource Empty has no diskful replica")), notes.join("\n"));
    for (const note of notes) assert.ok(text.includes(`# Not exported: ${note}`));
    assert.ok(!/Going|safety-snap/.test(text));
  });

  it("never writes the controller's internal props, LINSTOR-managed quorum, or our own marker", () => {
    for (const key of ["CurStltConnName", "NodeUname", "StorDriver/", "StorPoolName", "Internal/", "quorum", "pulumi-linstor/", "BalanceResourcesEnabled"]) {
      assert.ok(!text.includes(key), `${key} in:\n${text}`);
    }
    assert.deepEqual(userProps({ "DrbdOptions/Resource/quorum": "majority", "Internal/Drbd/QuorumSetBy": "user" }), { "DrbdOptions/Resource/quorum": "majority" }, "a user's own quorum setting stays");
    // A real 1.34 controller writes quorum=off on a new definition with no QuorumSetBy at all: that is LINSTOR's.
    assert.deepEqual(userProps({ "DrbdOptions/Resource/quorum": "off" }), undefined, "auto-quorum without QuorumSetBy is LINSTOR's");
    assert.deepEqual(userProps({ DrbdCurrentGi: "506C3C8B51C790" }), undefined, "the controller's generation id is not exported");
  });

  it("sizes as the shortest exact text", () => {
    assert.deepEqual([153600, 1048576, 1000, 2048].map(sizeText), ["150m", "1g", "1000k", "2m"]);
  });
});
