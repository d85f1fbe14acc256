import assert from "assert";
import { preparePool, readHostFacts } from "../../provider/ssh";
import { specFor, useTestHost } from "./fixture";

describe("provider/ssh readHostFacts (real sshd, doubles)", () => {
  const host = useTestHost();

  before(() => {
    const h = host();
    h.resetStorage();
    h.setService("linstor-satellite", "active");
    h.addDevice("/dev/fake-vdb", 8 * 1024 * 1024);
  });

  it("reads back DRBD versions, the satellite state and the thin pool's size and free space", async () => {
    const h = host();
    await preparePool(specFor(h), {
      providerKind: "LVM_THIN", backingPool: "drbdpool/thin", prepare: { devices: ["/dev/fake-vdb"], thinPoolSizeKib: 4 * 1024 * 1024 },
    });
    h.setThinUsage("drbdpool", "thin", 25);
    const facts = await readHostFacts(specFor(h), { providerKind: "LVM_THIN", backingPool: "drbdpool/thin" });
    assert.strictEqual(facts.satelliteActive, true);
    assert.deepStrictEqual(facts.drbd, { utils: "9.27.0", kernel: "9.2.8" });
    assert.strictEqual(facts.hostKey.fingerprint, h.hostKeyFingerprint);
    assert.deepStrictEqual(facts.pool, {
      vg: "drbdpool",
      vgExists: true,
      vgSizeKib: 8 * 1024 * 1024,
      vgFreeKib: 4 * 1024 * 1024,
      thinPool: "thin",
      thinPoolExists: true,
      thinPoolSizeKib: 4 * 1024 * 1024,
      thinPoolDataPercent: 25,
      thinPoolFreeKib: 3 * 1024 * 1024,
    });
  });

  it("reports a missing VG and an inactive satellite as facts, not errors", async () => {
    const h = host();
    h.setService("linstor-satellite", "inactive");
    const facts = await readHostFacts(specFor(h), { providerKind: "LVM_THIN", backingPool: "nosuchvg/thin" });
    assert.strictEqual(facts.satelliteActive, false);
    assert.deepStrictEqual(facts.pool, { vg: "nosuchvg", vgExists: false, thinPool: "thin", thinPoolExists: false });
  });

  it("reads node facts without a pool", async () => {
    const h = host();
    const facts = await readHostFacts(specFor(h));
    assert.strictEqual(facts.pool, undefined);
    assert.strictEqual(facts.drbd.utils, "9.27.0");
    const zfs = await readHostFacts(specFor(h), { providerKind: "ZFS_THIN", backingPool: "tank" });
    assert.strictEqual(zfs.pool, undefined);
  });
});
