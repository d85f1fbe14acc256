import assert from "assert";
import { NodeHostError, preparePool } from "../../provider/ssh";
import { rejection, specFor, useTestHost } from "./fixture";

/** The recorded calls that change the host. */
function changes(calls: string[]): string[] {
  return calls.filter((c) => /^(vgcreate|lvcreate|pvcreate|vgextend|lvextend|wipefs (?!.*--no-act))/.test(c));
}

describe("provider/ssh preparePool (real sshd, LVM doubles with file state)", () => {
  const host = useTestHost();

  beforeEach(() => {
    host().resetStorage();
  });

  it("creates the VG and the thin pool once and leaves them alone the second time", async () => {
    const h = host();
    h.addDevice("/dev/fake-vdb", 4 * 1024 * 1024);
    h.addDevice("/dev/fake-vdc", 4 * 1024 * 1024);
    const pool = {
      providerKind: "LVM_THIN",
      backingPool: "drbdpool/thinpool",
      prepare: { devices: ["/dev/fake-vdb", "/dev/fake-vdc"], thinPoolSizeKib: 6 * 1024 * 1024 },
    };

    const first = await preparePool(specFor(h), pool);
    assert.strictEqual(first.changed, true);
    assert.deepStrictEqual(first.actions, [
      "vgcreate drbdpool /dev/fake-vdb /dev/fake-vdc",
      "lvcreate --type thin-pool -L 6291456k -n thinpool drbdpool",
    ]);
    assert.deepStrictEqual(changes(h.calls()), first.actions);
    // Both devices were inspected read-only before anything was created.
    assert.deepStrictEqual(h.calls().filter((c) => c.startsWith("wipefs")), [
      "wipefs --no-act --noheadings --output TYPE,OFFSET /dev/fake-vdb",
      "wipefs --no-act --noheadings --output TYPE,OFFSET /dev/fake-vdc",
    ]);

    h.clearCalls();
    const second = await preparePool(specFor(h), pool);
    assert.strictEqual(second.changed, false);
    assert.deepStrictEqual(second.actions, []);
    assert.match(second.summary, /^nothing to do: volume group drbdpool and thin pool drbdpool\/thinpool already present/);
    assert.deepStrictEqual(changes(h.calls()), []);
    assert.ok(h.calls().some((c) => c.startsWith("lvs ")), "the second run looked at the thin pool");
  });

  it("creates a plain LVM volume group, and a thin pool over all free space when no size is given", async () => {
    const h = host();
    h.addDevice("/dev/fake-vdd", 1024 * 1024);
    h.addDevice("/dev/fake-vde", 1024 * 1024);
    const lvm = await preparePool(specFor(h), { providerKind: "LVM", backingPool: "lvmpool", prepare: { devices: ["/dev/fake-vdd"] } });
    assert.deepStrictEqual(lvm.actions, ["vgcreate lvmpool /dev/fake-vdd"]);
    assert.strictEqual(lvm.thinPool, undefined);
    const thin = await preparePool(specFor(h), { providerKind: "LVM_THIN", backingPool: "vg2/tp", prepare: { devices: ["/dev/fake-vde"] } });
    assert.deepStrictEqual(thin.actions, ["vgcreate vg2 /dev/fake-vde", "lvcreate --type thin-pool -l 100%FREE -n tp vg2"]);
  });

  it("adds the thin pool to a volume group that already exists", async () => {
    const h = host();
    h.addDevice("/dev/fake-vdb", 1024 * 1024);
    await preparePool(specFor(h), { providerKind: "LVM", backingPool: "drbdpool", prepare: { devices: ["/dev/fake-vdb"] } });
    h.clearCalls();
    const report = await preparePool(specFor(h), {
      providerKind: "LVM_THIN", backingPool: "drbdpool/thin", prepare: { devices: ["/dev/fake-vdb"], thinPoolSizeKib: 512 * 1024 },
    });
    assert.deepStrictEqual(report.actions, ["lvcreate --type thin-pool -L 524288k -n thin drbdpool"]);
    assert.deepStrictEqual(changes(h.calls()), report.actions);
  });

  it("refuses a device that holds a signature and changes nothing", async () => {
    const h = host();
    h.addDevice("/dev/fake-vdb", 1024 * 1024);
    h.addDevice("/dev/fake-vdc", 1024 * 1024, "ext4 0x438");
    const err = await rejection(preparePool(specFor(h), {
      providerKind: "LVM_THIN", backingPool: "drbdpool/thin", prepare: { devices: ["/dev/fake-vdb", "/dev/fake-vdc"] },
    }));
    assert.ok(err instanceof NodeHostError);
    assert.deepStrictEqual(err.problems.map((p) => p.code), ["device-has-signature"]);
    assert.match(err.message, /device \/dev\/fake-vdc holds data \(ext4 at offset 0x438\): refusing to touch it/);
    assert.deepStrictEqual(changes(h.calls()), []);
  });

  it("refuses a device of another volume group and a missing device, in one error", async () => {
    const h = host();
    h.addDevice("/dev/fake-vdb", 1024 * 1024);
    await preparePool(specFor(h), { providerKind: "LVM", backingPool: "other", prepare: { devices: ["/dev/fake-vdb"] } });
    h.clearCalls();
    const err = await rejection(preparePool(specFor(h), {
      providerKind: "LVM", backingPool: "drbdpool", prepare: { devices: ["/dev/fake-vdb", "/dev/fake-nope"] },
    }));
    assert.ok(err instanceof NodeHostError);
    assert.deepStrictEqual(err.problems.map((p) => p.code), ["device-in-other-vg", "device-missing"]);
    assert.match(err.message, /\/dev\/fake-vdb already belongs to volume group other/);
    assert.match(err.message, /\/dev\/fake-nope does not exist/);
    assert.deepStrictEqual(changes(h.calls()), []);
  });

  it("refuses an existing logical volume that is not a thin pool", async () => {
    const h = host();
    h.addDevice("/dev/fake-vdb", 1024 * 1024);
    await preparePool(specFor(h), { providerKind: "LVM", backingPool: "drbdpool", prepare: { devices: ["/dev/fake-vdb"] } });
    h.addLinearLv("drbdpool", "data", 1024);
    h.clearCalls();
    const err = await rejection(preparePool(specFor(h), {
      providerKind: "LVM_THIN", backingPool: "drbdpool/data", prepare: { devices: ["/dev/fake-vdb"] },
    }));
    assert.ok(err instanceof NodeHostError && err.has("lv-not-thin-pool"), err.message);
    assert.deepStrictEqual(changes(h.calls()), []);
  });

  it("notes a device outside an existing VG and a smaller thin pool instead of growing them", async () => {
    const h = host();
    h.addDevice("/dev/fake-vdb", 1024 * 1024);
    h.addDevice("/dev/fake-vdc", 1024 * 1024);
    await preparePool(specFor(h), {
      providerKind: "LVM_THIN", backingPool: "drbdpool/thin", prepare: { devices: ["/dev/fake-vdb"], thinPoolSizeKib: 1024 },
    });
    h.clearCalls();
    const report = await preparePool(specFor(h), {
      providerKind: "LVM_THIN", backingPool: "drbdpool/thin", prepare: { devices: ["/dev/fake-vdb", "/dev/fake-vdc"], thinPoolSizeKib: 2048 },
    });
    assert.strictEqual(report.changed, false);
    assert.strictEqual(report.notes.length, 2, report.notes.join("\n"));
    assert.match(report.notes[0], /\/dev\/fake-vdc is not part of the existing volume group drbdpool/);
    assert.match(report.notes[1], /has 1024 KiB, less than the 2048 KiB asked for; not resized/);
    assert.deepStrictEqual(changes(h.calls()), []);
  });

  it("refuses names that are not LVM names or /dev paths without connecting", async () => {
    const h = host();
    h.clearCalls();
    const cases = [
      { providerKind: "LVM", backingPool: "vg;touch /tmp/x", prepare: { devices: ["/dev/fake-vdb"] } },
      { providerKind: "LVM_THIN", backingPool: "vg", prepare: { devices: ["/dev/fake-vdb"] } },
      { providerKind: "LVM", backingPool: "vg", prepare: { devices: ["/dev/x $(reboot)"] } },
      { providerKind: "LVM", backingPool: "vg", prepare: { devices: ["relative"] } },
      { providerKind: "ZFS", backingPool: "tank", prepare: { devices: ["/dev/fake-vdb"] } },
      { providerKind: "LVM", backingPool: "vg", prepare: { devices: [] } },
    ];
    for (const pool of cases) {
      const err = await rejection(preparePool(specFor(h, { port: 1 }), pool));
      assert.ok(err instanceof NodeHostError, String(err));
      assert.deepStrictEqual([...new Set(err.problems.map((p) => p.code))], ["invalid-spec"], err.message);
    }
    assert.deepStrictEqual(h.calls(), []);
  });
});
