import assert from "assert";
import { createServer } from "net";
import { NodeHostError, verifyNodeHost } from "../../provider/ssh";
import { rejection, specFor, useTestHost } from "./fixture";

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((ok) => srv.listen(0, "127.0.0.1", ok));
  const addr = srv.address();
  await new Promise((ok) => srv.close(ok));
  return typeof addr === "object" && addr ? addr.port : 1;
}

describe("provider/ssh verifyNodeHost (real sshd, host command doubles)", () => {
  const host = useTestHost();

  beforeEach(() => {
    const h = host();
    h.clearCalls();
    h.setService("linstor-satellite", "active");
    h.restoreCommand("drbdadm");
    h.restoreCommand("systemctl");
  });

  it("accepts the host key pinned as ssh-keygen -lf prints it and reports satellite and DRBD", async () => {
    const h = host();
    const report = await verifyNodeHost(specFor(h));
    assert.deepStrictEqual(report.hostKey, { type: "ssh-ed25519", fingerprint: h.hostKeyFingerprint, verifiedBy: "pinned" });
    assert.deepStrictEqual(report.satellite, { service: "linstor-satellite", state: "active" });
    assert.match(report.drbdadm, /\/drbdadm$/);
    assert.deepStrictEqual(report.drbd, { utils: "9.27.0", kernel: "9.2.8" });
    assert.deepStrictEqual(h.calls(), ["systemctl is-active linstor-satellite", "drbdadm --version"]);
  });

  it("refuses a changed host key, naming the host and both fingerprints, and runs nothing", async () => {
    const h = host();
    const other = h.makeKey("other-host", "", false).fingerprint;
    const err = await rejection(verifyNodeHost(specFor(h, { hostKeyFingerprint: other })));
    assert.ok(err instanceof NodeHostError);
    assert.deepStrictEqual(err.problems.map((p) => p.code), ["host-key-mismatch"]);
    assert.ok(err.message.includes(`127.0.0.1:${h.port}`), err.message);
    assert.ok(err.message.includes(`expected ${other}`), err.message);
    assert.ok(err.message.includes(`offered ssh-ed25519 ${h.hostKeyFingerprint}`), err.message);
    assert.deepStrictEqual(h.calls(), []);
  });

  it("refuses a changed host key even with trustOnFirstUse", async () => {
    const h = host();
    const other = h.makeKey("other-host-2", "", false).fingerprint;
    const err = await rejection(verifyNodeHost(specFor(h, { hostKeyFingerprint: other, trustOnFirstUse: true })));
    assert.ok(err instanceof NodeHostError && err.has("host-key-mismatch"), err.message);
  });

  it("refuses an unknown (unpinned) host key and tells the fingerprint to pin", async () => {
    const h = host();
    const err = await rejection(verifyNodeHost(specFor(h, { hostKeyFingerprint: undefined })));
    assert.ok(err instanceof NodeHostError);
    assert.deepStrictEqual(err.problems.map((p) => p.code), ["host-key-unknown"]);
    assert.ok(err.message.includes(h.hostKeyFingerprint), err.message);
    assert.match(err.message, /trustOnFirstUse/);
    assert.deepStrictEqual(h.calls(), []);
  });

  it("accepts an unknown host key with trustOnFirstUse and reports it for pinning", async () => {
    const h = host();
    const report = await verifyNodeHost(specFor(h, { hostKeyFingerprint: undefined, trustOnFirstUse: true }));
    assert.deepStrictEqual(report.hostKey, { type: "ssh-ed25519", fingerprint: h.hostKeyFingerprint, verifiedBy: "trust-on-first-use" });
  });

  it("accepts a pinned fingerprint with base64 padding and blanks around it", async () => {
    const h = host();
    const report = await verifyNodeHost(specFor(h, { hostKeyFingerprint: ` ${h.hostKeyFingerprint}= ` }));
    assert.strictEqual(report.hostKey.verifiedBy, "pinned");
  });

  it("rejects a malformed fingerprint before connecting", async () => {
    const h = host();
    const err = await rejection(verifyNodeHost(specFor(h, { hostKeyFingerprint: "MD5:aa:bb:cc" })));
    assert.ok(err instanceof NodeHostError && err.has("invalid-spec"), err.message);
    assert.match(err.message, /SHA256:/);
  });

  it("reports an inactive satellite and a missing drbdadm in one error", async () => {
    const h = host();
    h.setService("linstor-satellite", "failed");
    h.removeCommand("drbdadm");
    const err = await rejection(verifyNodeHost(specFor(h)));
    assert.ok(err instanceof NodeHostError);
    assert.deepStrictEqual(err.problems.map((p) => p.code), ["satellite-inactive", "drbdadm-missing"]);
    assert.match(err.message, /linstor-satellite is not active .*"failed"/);
    assert.match(err.message, /drbdadm is not installed/);
  });

  it("checks the satellite unit named in the spec", async () => {
    const h = host();
    const err = await rejection(verifyNodeHost(specFor(h, { satelliteService: "linstor-satellite-test" })));
    assert.ok(err instanceof NodeHostError);
    assert.deepStrictEqual(err.problems.map((p) => p.code), ["satellite-inactive"]);
    assert.match(err.message, /linstor-satellite-test is not active/);
    assert.deepStrictEqual(h.calls()[0], "systemctl is-active linstor-satellite-test");
  });

  it("names an unreachable host", async () => {
    const h = host();
    const port = await closedPort();
    const err = await rejection(verifyNodeHost(specFor(h, { port })));
    assert.ok(err instanceof NodeHostError);
    assert.deepStrictEqual(err.problems.map((p) => p.code), ["unreachable"]);
    assert.ok(err.message.includes(`127.0.0.1:${port}`), err.message);
  });

  it("reports failed authentication with a key the host does not know", async () => {
    const h = host();
    const stranger = h.makeKey("stranger", "", false);
    const err = await rejection(verifyNodeHost(specFor(h, { privateKey: stranger.privateKey, passphrase: undefined })));
    assert.ok(err instanceof NodeHostError);
    assert.deepStrictEqual(err.problems.map((p) => p.code), ["auth-failed"]);
  });

  it("gives up on a command that does not finish within its timeout", async () => {
    const h = host();
    h.writeCommand("systemctl", "sleep 5; echo active");
    const err = await rejection(verifyNodeHost(specFor(h), { commandTimeoutMs: 500 }));
    assert.ok(err instanceof NodeHostError);
    assert.deepStrictEqual(err.problems.map((p) => p.code), ["command-timeout"]);
    assert.match(err.message, /systemctl is-active linstor-satellite.*did not finish/);
  });
});
