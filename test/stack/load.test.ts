// What a stack loads to: the DesiredState of provider/model, the controller block, and positions.
import assert from "node:assert/strict";
import { join } from "node:path";
import { objectKey, type ObjectRef } from "../../provider/model";
import { loadStack, parseStack, whereIs } from "../../provider/stack";

const EVERY_FIELD = join(__dirname, "valid/every-field.yaml");

describe("loadStack", () => {
  it("maps a stack that uses every field to the DesiredState", () => {
    const { desired, controller } = loadStack(EVERY_FIELD);
    assert.deepEqual(controller, {
      endpoints: ["http://10.43.70.1:3370", "linstor+ssl://10.43.70.2"],
      tls: { caFile: "/etc/linstor/ca.pem", certFile: "/etc/linstor/client.pem", keyFile: "/etc/linstor/client.key" },
      auth: { tokenEnv: "LINSTOR_TOKEN" },
      timeoutSeconds: 20,
    });
    assert.deepEqual(desired.nodes, [
      {
        name: "vulcan", address: "10.43.70.1", type: "COMBINED", port: 3367, encryption: "SSL",
        props: { "Aux/rack": "r1", Site: "berlin" }, onRemove: "evacuate",
        ssh: {
          host: "10.43.70.1", port: 2222, user: "root", privateKeyEnv: "VULCAN_KEY", passphraseEnv: "VULCAN_PASSPHRASE",
          hostKeyFingerprint: "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8", satelliteService: "linstor-satellite",
        },
      },
      { name: "kronos", address: "10.43.70.2", ssh: { host: "kronos.lab", privateKeyFile: "/keys/kronos", agent: false, trustOnFirstUse: true } },
      { name: "remus", address: "10.43.70.3", props: { "Aux/rack": "r2" } },
    ]);
    assert.deepEqual(desired.storagePools, [
      {
        node: "vulcan", name: "thinpool", providerKind: "LVM_THIN", backingPool: "drbdpool/thinpool", props: { "Aux/tier": "ssd" },
        prepare: { devices: ["/dev/vdb"], thinPoolSizeKib: 100 * 1024 * 1024 },
      },
      // Per-node settings override the pool's: backing pool, props key by key, prepare as a whole.
      { node: "kronos", name: "thinpool", providerKind: "LVM_THIN", backingPool: "ssd/thin", props: { "Aux/tier": "nvme" }, prepare: { devices: ["/dev/nvme0n1"] } },
      { node: "remus", name: "nodisk", providerKind: "DISKLESS" },
    ]);
    assert.deepEqual(desired.resourceGroups, [{
      name: "replicated", description: "two copies on thin pools",
      placement: {
        placeCount: 2, storagePools: ["thinpool"], disklessStoragePools: ["nodisk"], replicasOnSame: ["Site"],
        replicasOnDifferent: ["Aux/rack"], doNotPlaceWith: ["Scratch"], doNotPlaceWithRegex: "^tmp-",
        layerStack: ["DRBD", "STORAGE"], providerList: ["LVM_THIN"], disklessOnRemaining: false,
      },
      props: { "DrbdOptions/Net/protocol": "C" },
    }]);
    assert.deepEqual(desired.resourceDefinitions, [
      { name: "Database", resourceGroup: "replicated", layerStack: ["DRBD", "STORAGE"], drbdPort: 7100, peerSlots: 4, props: { "DrbdOptions/Resource/quorum": "majority" } },
      { name: "Scratch", resourceGroup: "replicated" },
      { name: "Spread" },
      { name: "DatabaseCopy", resourceGroup: "DfltRscGrp" },
    ]);
    assert.deepEqual(desired.volumeDefinitions, [
      { resource: "Database", number: 0, sizeKib: 10 * 1024 * 1024 },
      { resource: "Database", number: 3, sizeKib: 1.5 * 1024 * 1024, minor: 1200, props: { "FileSystem/Type": "ext4" } },
      { resource: "Database", number: 2, sizeKib: 2 * 1024 * 1024 }, // a plain number is GiB, numbered by position
      { resource: "Scratch", number: 0, sizeKib: 512 * 1024 },
      { resource: "Spread", number: 0, sizeKib: 100 * 1024 },
    ]);
    assert.deepEqual(desired.resources, [
      // References keep the declared spelling (Vulcan → vulcan).
      { resource: "Database", nodes: ["vulcan", "kronos"], storagePool: "thinpool", diskless: ["remus"], props: { "Aux/backup": "daily" } },
      // No placement of its own: the group's placeCount places it, as `resource-group spawn` would.
      { resource: "Scratch", autoPlace: { placeCount: 2 } },
      { resource: "Spread", autoPlace: { placeCount: 2, storagePools: ["thinpool"], replicasOnDifferent: ["Aux/rack"], disklessOnRemaining: true } },
      { resource: "DatabaseCopy", restoreFrom: { resource: "Database", snapshot: "before_upgrade" } },
    ]);
    assert.deepEqual(desired.snapshots, [
      { resource: "Database", name: "nightly" },
      { resource: "Database", name: "before_upgrade", nodes: ["vulcan"], rollbackTrigger: "7" },
    ]);
  });

  it("gives a position for every object it returns", () => {
    const { desired, positions } = loadStack(EVERY_FIELD);
    const refs: ObjectRef[] = [
      ...(desired.nodes ?? []).map((n): ObjectRef => ({ kind: "Node", name: n.name })),
      ...(desired.storagePools ?? []).map((p): ObjectRef => ({ kind: "StoragePool", node: p.node, name: p.name })),
      ...(desired.resourceGroups ?? []).map((g): ObjectRef => ({ kind: "ResourceGroup", name: g.name })),
      ...(desired.resourceDefinitions ?? []).map((d): ObjectRef => ({ kind: "ResourceDefinition", name: d.name })),
      ...(desired.volumeDefinitions ?? []).map((v): ObjectRef => ({ kind: "VolumeDefinition", resource: v.resource, number: v.number })),
      ...(desired.resources ?? []).map((r): ObjectRef => ({ kind: "Resource", resource: r.resource })),
      ...(desired.snapshots ?? []).map((s): ObjectRef => ({ kind: "Snapshot", resource: s.resource, name: s.name })),
    ];
    assert.equal(Object.keys(positions.objects).length, refs.length);
    for (const ref of refs) assert.ok(positions.objects[objectKey(ref)], `no position for ${objectKey(ref)}`);
    assert.deepEqual(positions.objects["StoragePool/KRONOS/THINPOOL"], { line: 37, col: 7, path: "storagePools.thinpool.nodes.kronos" });
    assert.deepEqual(positions.objects["VolumeDefinition/DATABASE/3"], { line: 64, col: 9, path: "resources.Database.volumes[1]" });
    assert.deepEqual(positions.objects["Snapshot/DATABASE/NIGHTLY"], { line: 74, col: 7, path: "resources.Database.snapshots.nightly" });
    assert.equal(whereIs(positions, { kind: "Resource", resource: "spread" }), `${EVERY_FIELD}:79:3 resources.Spread`);
    assert.equal(whereIs(positions, { kind: "Node", name: "romulus" }), undefined);
  });

  it("reads YAML anchors and aliases like plain values", () => {
    const { desired } = parseStack([
      "nodes:",
      "  vulcan: &node { address: 10.43.70.1, props: { Aux/rack: r1 } }",
      "  kronos: *node",
      "storagePools:",
      "  thinpool: { providerKind: LVM_THIN, backingPool: drbdpool/thinpool, nodes: &all [vulcan, kronos] }",
      "resources:",
      "  SharedData: { volumes: [150m], nodes: *all, storagePool: thinpool }",
    ].join("\n"));
    assert.deepEqual(desired.nodes?.map((n) => n.props), [{ "Aux/rack": "r1" }, { "Aux/rack": "r1" }]);
    assert.deepEqual(desired.resources?.[0].nodes, ["vulcan", "kronos"]);
  });

  it("names the file it was given in every error", () => {
    assert.throws(() => parseStack("nodes: {}\nresources: { X1: { volumes: [1q], nodes: [a1] } }\n", "clusters/prod.yaml"), {
      name: "StackError",
      message: [
        "clusters/prod.yaml:2:30 resources.X1.volumes[0]: size \"1q\" has an unknown unit 'q': use one of K/KiB, M/MiB, G/GiB, T/TiB, P/PiB (any case), B (bytes), S (512-byte sectors)",
        "clusters/prod.yaml:2:43 resources.X1.nodes[0]: node \"a1\" is not declared under nodes (declared: none)",
      ].join("\n"),
    });
  });
  it("carries the stack-level adopt flag (absent when the stack does not say it)", () => {
    const nodes = "nodes:\n  vulcan: { address: 10.43.70.1 }\n";
    assert.equal(parseStack(`adopt: true\n${nodes}`).adopt, true);
    assert.equal(parseStack(`adopt: false\n${nodes}`).adopt, false);
    assert.equal(parseStack(nodes).adopt, undefined);
    assert.throws(() => parseStack(`adopt: "yes"\n${nodes}`), { name: "StackError", message: `stack.yaml:1:8 adopt: is the text "yes", must be true or false (e.g. true)` });
  });
});
