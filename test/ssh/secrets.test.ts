import assert from "assert";
import { inspect } from "util";
import type { NodeSshSpec } from "../../provider/model/types";
import { NodeHostError, preparePool, readHostFacts, verifyNodeHost } from "../../provider/ssh";
import { rejection, specFor, useTestHost } from "./fixture";
import type { ClientKey } from "../../harness/sshd";

const PASSWORD = "pw-Secret-Password-7781";

/** Every secret and every substantial piece of a private key (its base64 lines). */
function secretPieces(...keys: ClientKey[]): string[] {
  const pieces = [PASSWORD];
  for (const k of keys) {
    if (k.passphrase) pieces.push(k.passphrase);
    for (const line of k.privateKey.split("\n")) if (line.length >= 16 && !line.startsWith("-----")) pieces.push(line);
  }
  return pieces;
}

/** Everything a caller, a log line or Pulumi state could show of a value. */
function renderings(value: unknown): string[] {
  const out = [inspect(value, { depth: null, showHidden: true }), JSON.stringify(value) ?? ""];
  if (value instanceof Error) out.push(value.message, value.stack ?? "", String(value));
  return out;
}

function assertClean(what: string, value: unknown, pieces: string[]): void {
  for (const text of renderings(value)) {
    assert.ok(!/PRIVATE KEY-----/.test(text), `${what} shows a private key header:\n${text}`);
    for (const p of pieces) assert.ok(!text.includes(p), `${what} leaks a secret (${p.slice(0, 6)}…):\n${text}`);
  }
}

describe("provider/ssh keeps privateKey, passphrase and password out of errors and results", () => {
  const host = useTestHost();

  it("in every failure and every result", async () => {
    const h = host();
    h.resetStorage();
    h.setService("linstor-satellite", "active");
    const stranger = h.makeKey("stranger", "pp-Stranger-Passphrase-993", false);
    const pieces = secretPieces(h.client, stranger);
    const good = specFor(h, { password: PASSWORD });
    const failures: [string, (s: NodeSshSpec) => Promise<unknown>, NodeSshSpec][] = [];
    const verify = (s: NodeSshSpec) => verifyNodeHost(s, { commandTimeoutMs: 1500 });
    const other = h.makeKey("other-host", "", false).fingerprint;

    failures.push(["host key mismatch", verify, { ...good, hostKeyFingerprint: other }]);
    failures.push(["unknown host key", verify, { ...good, hostKeyFingerprint: undefined }]);
    failures.push(["unknown key, password auth refused", verify, { ...good, privateKey: stranger.privateKey, passphrase: stranger.passphrase }]);
    failures.push(["wrong passphrase", verify, { ...good, passphrase: "pp-Wrong-Passphrase-000" }]);
    failures.push(["encrypted key without passphrase", verify, { ...good, passphrase: undefined, password: undefined }]);
    failures.push(["garbage key", verify, {
      ...good,
      privateKey: `-----BEGIN OPENSSH PRIVATE KEY-----\n${PASSWORD}\n-----END OPENSSH PRIVATE KEY-----\n`,
    }]);
    failures.push(["password only, refused by sshd", verify, { ...good, privateKey: undefined, passphrase: undefined }]);
    failures.push(["unreachable", verify, { ...good, port: 1 }]);
    failures.push(["bad fingerprint text", verify, { ...good, hostKeyFingerprint: PASSWORD }]);
    failures.push(["unset key variable", verify, { ...good, privateKey: undefined, privateKeyEnv: "PL_TEST_UNSET_KEY_VAR" }]);

    for (const [what, call, spec] of failures) {
      const err = await rejection(call(spec));
      assert.ok(err instanceof NodeHostError, `${what}: ${String(err)}`);
      assertClean(what, err, pieces);
    }
    const pieces2 = [...pieces, "pp-Wrong-Passphrase-000"];

    // Failures after connecting: the host's own output passes through the same redaction.
    h.setService("linstor-satellite", "failed");
    h.removeCommand("drbdadm");
    assertClean("satellite + drbdadm", await rejection(verify(good)), pieces2);
    h.restoreCommand("drbdadm");
    h.writeCommand("systemctl", "sleep 3");
    assertClean("timeout", await rejection(verify(good)), pieces2);
    h.restoreCommand("systemctl");
    h.setService("linstor-satellite", "active");
    h.addDevice("/dev/fake-sig", 1024, "xfs 0x0");
    const pool = { providerKind: "LVM", backingPool: "vg", prepare: { devices: ["/dev/fake-sig"] } };
    assertClean("signature refused", await rejection(preparePool(good, pool)), pieces2);
    h.addDevice("/dev/fake-ok", 1024);
    h.writeCommand("vgcreate", `echo "vgcreate failed near ${PASSWORD} and ${h.client.passphrase}" >&2; exit 5`);
    const leaky = await rejection(preparePool(good, { ...pool, prepare: { devices: ["/dev/fake-ok"] } }));
    assert.match(leaky.message, /vgcreate vg \/dev\/fake-ok.* exited with 5: vgcreate failed near \[redacted\]/);
    assertClean("stderr with secrets", leaky, pieces2);
    h.restoreCommand("vgcreate");

    // Results.
    const results: [string, unknown][] = [
      ["verify", await verify(good)],
      ["verify tofu", await verify({ ...good, hostKeyFingerprint: undefined, trustOnFirstUse: true })],
      ["prepare", await preparePool(good, { ...pool, prepare: { devices: ["/dev/fake-ok"] } })],
      ["facts", await readHostFacts(good, { providerKind: "LVM", backingPool: "vg" })],
    ];
    for (const [what, value] of results) assertClean(what, value, pieces2);

    // Even what the host prints into a result is masked.
    h.writeCommand("drbdadm", `echo "DRBDADM_VERSION=${PASSWORD}"`);
    const facts = await readHostFacts(good);
    assert.strictEqual(facts.drbd.utils, "[redacted]");
    h.restoreCommand("drbdadm");
  });

  it("resolves privateKeyEnv, passphraseEnv and privateKeyFile where the connection is made", async () => {
    const h = host();
    h.setService("linstor-satellite", "active");
    process.env.PL_TEST_SSH_KEY = h.client.privateKey;
    process.env.PL_TEST_SSH_PASSPHRASE = h.client.passphrase;
    try {
      const byEnv = await verifyNodeHost(specFor(h, {
        privateKey: undefined, passphrase: undefined, privateKeyEnv: "PL_TEST_SSH_KEY", passphraseEnv: "PL_TEST_SSH_PASSPHRASE",
      }));
      assert.strictEqual(byEnv.hostKey.verifiedBy, "pinned");
      const byFile = await verifyNodeHost(specFor(h, {
        privateKey: undefined, privateKeyFile: `${h.dir}/client`,
      }));
      assert.strictEqual(byFile.hostKey.verifiedBy, "pinned");
      const missing = await rejection(verifyNodeHost(specFor(h, { privateKey: undefined, privateKeyFile: `${h.dir}/nope` })));
      assert.ok(missing instanceof NodeHostError && missing.has("invalid-spec"));
      assert.match(missing.message, /privateKeyFile .*nope cannot be read \(ENOENT\)/);
      const both = await rejection(verifyNodeHost(specFor(h, { privateKeyEnv: "PL_TEST_SSH_KEY" })));
      assert.match(both.message, /only one of ssh.privateKey, ssh.privateKeyEnv and ssh.privateKeyFile/);
    } finally {
      delete process.env.PL_TEST_SSH_KEY;
      delete process.env.PL_TEST_SSH_PASSPHRASE;
    }
  });
});
