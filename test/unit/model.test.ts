// Unit tests of provider/model: sizes as the linstor client reads them, LINSTOR's naming rules,
// identity keys, the managed-props marker and the offline spec checks.

import { strict as assert } from "assert";
import {
  SizeError, parseSizeKib, formatKib, nameProblem, nameKey, sameName, objectKey, specProblems,
  MANAGED_PROPS_KEY, parseManagedProps, formatManagedProps, withManagedMarker,
} from "../../provider/model";

describe("model: sizes", () => {
  // The linstor client's binary units (any case), whole digits directly followed by the unit.
  const cases: [string, number][] = [
    ["150m", 153600], ["150MiB", 153600], ["150mib", 153600], ["150M", 153600],
    ["1536M", 1572864], ["1g", 1048576], ["10GiB", 10485760],
    ["512K", 512], ["512KiB", 512], ["100S", 50], ["1S", 1], ["4096B", 4], ["1B", 1],
    ["2T", 2 * 1024 ** 3], ["1P", 1024 ** 4], [" 10GiB ", 10 * 1048576],
  ];
  for (const [input, kib] of cases) {
    it(`${JSON.stringify(input)} is ${kib} KiB`, () => assert.equal(parseSizeKib(input), kib));
  }

  /** Refused with a message that names the input and says how to write it. */
  const refused: [string | number, RegExp][] = [
    ["150", /size "150" has no unit \(the linstor client reads a bare number as GiB\): write 150G for 150 GiB or 150M for 150 MiB/],
    [150, /size 150 has no unit .*write 150G for 150 GiB or 150M for 150 MiB/],
    ["150MB", /size "150MB" is ambiguous: the linstor client reads 150MB as decimal, 150000000 bytes \(146485 KiB\), not 150MiB; write 150M or 150MiB for binary units, or 146485K for the decimal size/],
    ["150 MB", /size "150 MB" is ambiguous: .*write 150M or 150MiB/],
    ["1GB", /decimal, 1000000000 bytes \(976563 KiB\).*write 1G or 1GiB/],
    ["1kB", /is ambiguous/],
    ["150 MiB", /size "150 MiB" has a space before its unit, which the linstor client refuses: write 150MiB/],
    ["1.5G", /size "1.5G" has a fraction, which the linstor client refuses: write whole units, e.g. 1536M/],
    ["ten gigs", /size "ten gigs" is not a size: write whole digits directly followed by a unit, such as 150M/],
    ["150X", /size "150X" has an unknown unit 'X': use one of K\/KiB/],
    ["0M", /is zero: LINSTOR needs at least 1 KiB/],
    ["1.5.5G", /is not a size/],
    ["99999999999P", /too large/],
    [-1, /has no unit/], [Number.NaN, /has no unit/], [0.5, /has no unit/],
  ];
  for (const [input, message] of refused) {
    it(`refuses ${JSON.stringify(input)}, saying how to write it`, () => {
      assert.throws(() => parseSizeKib(input), (e: Error) => e instanceof SizeError && message.test(e.message));
    });
  }

  it("formats KiB with binary units", () => {
    assert.equal(formatKib(153600), "150 MiB");
    assert.equal(formatKib(1572864), "1.50 GiB");
    assert.equal(formatKib(512), "512 KiB");
    assert.equal(formatKib(1048576), "1 GiB");
    assert.equal(formatKib(3 * 1024 ** 3), "3 TiB");
    assert.equal(formatKib(0), "0 KiB");
  });
});

describe("model: names (LINSTOR naming rules)", () => {
  it("accepts valid names of every kind", () => {
    assert.equal(nameProblem("resource", "SharedData"), undefined);
    assert.equal(nameProblem("resource", "_x1"), undefined);
    assert.equal(nameProblem("resource", "pvc-1234-abcd"), undefined);
    assert.equal(nameProblem("storagePool", "thinpool"), undefined);
    assert.equal(nameProblem("node", "vulcan"), undefined);
    assert.equal(nameProblem("node", "node-1.example.com"), undefined);
    assert.equal(nameProblem("node", "10.0.0.1"), undefined);
    assert.equal(nameProblem("netInterface", "default"), undefined);
  });

  it("says precisely why a name is invalid", () => {
    assert.equal(nameProblem("resource", "x"), "resource name 'x' is too short: 1 character, LINSTOR needs 2 to 48");
    assert.equal(nameProblem("storagePool", "sp"), "storage pool name 'sp' is too short: 2 characters, LINSTOR needs 3 to 48");
    assert.equal(nameProblem("resource", "a".repeat(49)), `resource name '${"a".repeat(49)}' is too long: 49 characters, LINSTOR allows 2 to 48`);
    assert.equal(nameProblem("resourceGroup", "1abc"), "resource group name '1abc' must start with a letter or '_', not '1'");
    assert.equal(nameProblem("snapshot", "snap.1"), "snapshot name 'snap.1' contains '.' at position 5: only letters, digits, '_' and '-' are allowed");
    assert.equal(nameProblem("resource", "__"), "resource name '__' must contain at least one letter");
    assert.equal(nameProblem("resource", "ALL"), "resource name 'ALL' is reserved by LINSTOR (reserved: all, proxy)");
    assert.equal(nameProblem("resourceGroup", "all"), undefined, "only definition names are reserved");
    assert.equal(nameProblem("netInterface", "a".repeat(33)), `net interface name '${"a".repeat(33)}' is too long: 33 characters, LINSTOR allows 3 to 32`);
  });

  it("node names follow hostname rules", () => {
    assert.match(nameProblem("node", "node_1") ?? "", /contains '_' at position 5: node names follow hostname rules/);
    assert.match(nameProblem("node", "-node") ?? "", /starts or ends with '-'/);
    assert.match(nameProblem("node", "node-") ?? "", /starts or ends with '-'/);
    assert.match(nameProblem("node", "a..b") ?? "", /empty label/);
    assert.match(nameProblem("node", "a" + "b".repeat(63) + ".c") ?? "", /part of 64 characters/);
  });

  it("identity is case-insensitive", () => {
    assert.equal(nameKey("SharedData"), "SHAREDDATA");
    assert.ok(sameName("Vulcan", "vULCAN"));
    assert.ok(!sameName("vulcan", "kronos"));
  });
});

describe("model: keys", () => {
  it("builds one key per object, case-insensitive", () => {
    assert.equal(objectKey({ kind: "StoragePool", node: "vulcan", name: "thinpool" }), "StoragePool/VULCAN/THINPOOL");
    assert.equal(objectKey({ kind: "Resource", resource: "SharedData" }), "Resource/SHAREDDATA");
    assert.equal(objectKey({ kind: "Node", name: "kronos" }), "Node/KRONOS");
    assert.equal(objectKey({ kind: "ResourceGroup", name: "rg" }), "ResourceGroup/RG");
    assert.equal(objectKey({ kind: "ResourceDefinition", name: "r1" }), "ResourceDefinition/R1");
    assert.equal(objectKey({ kind: "VolumeDefinition", resource: "r1", number: 2 }), "VolumeDefinition/R1/2");
    assert.equal(objectKey({ kind: "Snapshot", resource: "r1", name: "Snap" }), "Snapshot/R1/SNAP");
  });
});

describe("model: managed-props marker", () => {
  it("is a sorted comma list stored under Aux/pulumi-linstor/managed-props", () => {
    assert.equal(MANAGED_PROPS_KEY, "Aux/pulumi-linstor/managed-props");
    assert.equal(formatManagedProps(["b", "a", "a", MANAGED_PROPS_KEY]), "a,b");
    assert.deepEqual(parseManagedProps("a, b,,c"), ["a", "b", "c"]);
    assert.deepEqual(parseManagedProps(undefined), []);
    assert.deepEqual(withManagedMarker({ x: "1", [MANAGED_PROPS_KEY]: "stale" }), { x: "1", [MANAGED_PROPS_KEY]: "x" });
  });
});

describe("model: spec checks", () => {
  it("a valid spec of each kind has no problems", () => {
    assert.deepEqual(specProblems("Node", { name: "vulcan", address: "10.0.0.1", type: "SATELLITE", port: 3366, onRemove: "evacuate" }), []);
    assert.deepEqual(specProblems("StoragePool", { node: "vulcan", name: "thinpool", providerKind: "LVM_THIN", backingPool: "vg/thin" }), []);
    assert.deepEqual(specProblems("StoragePool", { node: "vulcan", name: "DfltDisklessStorPool", providerKind: "DISKLESS" }), []);
    assert.deepEqual(specProblems("ResourceGroup", { name: "rg", placement: { placeCount: 2, storagePools: ["thinpool"], doNotPlaceWithRegex: "^tmp" } }), []);
    assert.deepEqual(specProblems("ResourceDefinition", { name: "r1", layerStack: ["DRBD", "STORAGE"], peerSlots: 7 }), []);
    assert.deepEqual(specProblems("VolumeDefinition", { resource: "r1", number: 0, sizeKib: 153600 }), []);
    assert.deepEqual(specProblems("Resource", { resource: "r1", nodes: ["a1", "b1"], storagePool: "thinpool", diskless: ["c1"] }), []);
    assert.deepEqual(specProblems("Resource", { resource: "r1", autoPlace: { placeCount: 2 } }), []);
    assert.deepEqual(specProblems("Resource", { resource: "r2", restoreFrom: { resource: "r1", snapshot: "s1" } }), []);
    assert.deepEqual(specProblems("Snapshot", { resource: "r1", name: "s1", rollbackTrigger: "1" }), []);
  });

  it("lists every problem of a spec, each naming the field", () => {
    const problems = specProblems("Resource", {
      resource: "r", nodes: ["n1", "N1", "bad_node"], autoPlace: { placeCount: 0 }, diskless: ["n1"], storagePool: "sp",
    });
    const expect = [
      /Resource r: 'resource': resource name 'r' is too short/,
      /'nodes\[1\]': names 'N1' twice/,
      /'nodes\[2\]': node name 'bad_node' contains '_'/,
      /'autoPlace': give either nodes or autoPlace, not both/,
      /'autoPlace.placeCount': is 0, LINSTOR allows 1 to 32/,
      /node 'n1' is listed in both nodes and diskless/,
      /storage pool name 'sp' is too short/,
      /'storagePool': applies to explicit nodes/,
    ];
    for (const re of expect) assert.ok(problems.some((p) => re.test(p)), `${re} in ${JSON.stringify(problems, null, 1)}`);
  });

  it("checks counts, sizes, kinds and required fields", () => {
    const all = [
      ...specProblems("VolumeDefinition", { resource: "r1", number: 70000, sizeKib: 0, minor: -1 }),
      ...specProblems("ResourceDefinition", { name: "r1", peerSlots: 32, layerStack: ["DRBD"], drbdPort: 70000 }),
      ...specProblems("StoragePool", { node: "n1", name: "pool", providerKind: "LVM" }),
      ...specProblems("StoragePool", { node: "n1", name: "pool", providerKind: "LVM_THIN", backingPool: "vg" }),
      ...specProblems("StoragePool", { node: "n1", name: "pool", providerKind: "ZFS", backingPool: "tank", prepare: { devices: [] } }),
      ...specProblems("Node", { name: "n1", type: "SATELITE", props: { "Aux/x": 1 } }),
      ...specProblems("Snapshot", { resource: "r1", name: "s1", nodes: [] }),
      ...specProblems("Resource", { resource: "r1" }),
      ...specProblems("ResourceGroup", { name: "rg", placement: { doNotPlaceWithRegex: "(" } }),
      ...specProblems("Node", "vulcan"),
    ];
    const expect = [
      /'number': is 70000, LINSTOR allows 0 to 65534/, /'sizeKib': is 0/, /'minor': is -1/,
      /'peerSlots': is 32, LINSTOR allows 1 to 31/, /'layerStack': must end with STORAGE/, /'drbdPort': is 70000/,
      /'backingPool': is required for LVM/, /"vg" is not a thin pool: LVM_THIN needs volumegroup\/thinpool/,
      /'prepare': only creates LVM volume groups and thin pools, not ZFS/, /'prepare.devices': is an empty list \(list at least 1/,
      /'type': is "SATELITE", expected one of SATELLITE/, /'address': is required/, /'props.Aux\/x': must be a string, got 1 \(quote it\)/,
      /'nodes': is an empty list \(list at least 1, or leave it out\)/, /say where the replicas go/, /not a valid regular expression/, /Node: the spec must be a map, got string/,
    ];
    for (const re of expect) assert.ok(all.some((p) => re.test(p)), `${re} in ${JSON.stringify(all, null, 1)}`);
  });
});
