// Issue 7 end to end: Node and StoragePool with an ssh block, through the real Pulumi engine, the
// LINSTOR simulator and a real OpenSSH server whose LVM/DRBD commands are recording doubles.
// The dynamic provider runs the emitted JavaScript: `npx tsc -p .` before running this file.
import assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as linstor from "../../provider";
import type { PoolPrepareInput as PrepareInputs } from "../../provider/model/types";
import { thinPoolKib } from "../../provider/resources/kinds/node-host";
import { nodeKind } from "../../provider/resources/kinds/node";
import { storagePoolKind } from "../../provider/resources/kinds/storage-pool";
import { KindOperations } from "../../provider/resources/operations";
import { maskSecrets, withoutSecrets } from "../../provider/resources/secrets";
import { parseStack } from "../../provider/stack";
import { declareStack } from "../../provider/stack/declare";
import { TestStack } from "../../harness/pulumi";
import { useSimulator } from "../../harness/sim";
import { useTestHost } from "./fixture";

const PASSWORD = "pw-Secret-Password-5120";
const NODE = "saturn";

/** What the program declares; each test sets it before its `up`. */
interface Scene {
  fingerprint: string;
  satelliteService?: string;
  thinPool?: { props?: Record<string, string> };
  /** A plain LVM pool on a device that holds a file system. */
  lvmPoolOnUsedDevice?: boolean;
}

/** The recorded calls that change the host. */
function changes(calls: string[]): string[] {
  return calls.filter((c) => /^(vgcreate|lvcreate|pvcreate|vgextend|lvextend|wipefs (?!.*--no-act))/.test(c));
}

/** The password, the passphrase and every substantial line of the private key. */
function secretPieces(key: { privateKey: string; passphrase?: string }): string[] {
  const pieces = [PASSWORD, key.passphrase as string];
  for (const line of key.privateKey.split("\n")) if (line.length >= 16 && !line.startsWith("-----")) pieces.push(line);
  return pieces;
}

function assertNoSecrets(what: string, text: string, pieces: string[]): void {
  for (const p of pieces) assert.ok(!text.includes(p), `${what} holds a secret (${p.slice(0, 6)}…)`);
  assert.ok(!/PRIVATE KEY-----/.test(text), `${what} holds a private key header`);
}

interface StateResource { urn: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }

/** The LINSTOR resources in the state file (refresh updates these, not the stack outputs). */
function linstorResources(state: string): StateResource[] {
  return (JSON.parse(state) as { checkpoint: { latest: { resources: StateResource[] } } }).checkpoint.latest.resources.filter((r) => r.urn.includes("dynamic/linstor:"));
}

function outputsOf(state: string, name: string): Record<string, unknown> {
  const r = linstorResources(state).find((x) => x.urn.endsWith(`::${name}`));
  assert.ok(r, `no resource ${name} in the state`);
  return r.outputs ?? {};
}

/** The engine's message of a failed operation (checked to be free of secrets). */
async function failure(p: Promise<unknown>, pieces: string[]): Promise<string> {
  try {
    await p;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    assertNoSecrets("the error", message, pieces);
    return message;
  }
  throw new Error("expected the operation to fail, but it succeeded");
}

describe("Node and StoragePool over SSH (real engine + simulator + real sshd)", function () {
  this.timeout(300_000);
  const host = useTestHost();
  const sim = useSimulator({ seedCluster: true });
  let scene: Scene;
  let stack: TestStack;

  before(async () => {
    const h = host();
    h.resetStorage();
    h.setService("linstor-satellite", "active");
    h.addDevice("/dev/fake-vdb", 4 * 1024 * 1024);
    h.addDevice("/dev/fake-vdc", 1024 * 1024, "ext4 0x438");
    stack = await TestStack.create({
      program: async () => {
        const node = new linstor.Node(NODE, {
          name: NODE,
          address: "127.0.0.1",
          ssh: {
            port: h.port,
            user: h.user,
            privateKey: h.client.privateKey,
            passphrase: h.client.passphrase,
            // sshd refuses passwords; it is here to prove it stays out of the state.
            password: PASSWORD,
            hostKeyFingerprint: scene.fingerprint,
            satelliteService: scene.satelliteService,
          },
        });
        const out: Record<string, unknown> = {
          drbdVersion: node.drbdVersion,
          drbdKernelVersion: node.drbdKernelVersion,
          hostKeyFingerprint: node.hostKeyFingerprint,
          satelliteActive: node.satelliteActive,
        };
        if (scene.thinPool) {
          const pool = new linstor.StoragePool(`${NODE}-thin`, {
            node: node.name,
            name: "thinpool",
            providerKind: "LVM_THIN",
            backingPool: "drbdpool/thinpool",
            ssh: node.sshAccess,
            prepare: { devices: ["/dev/fake-vdb"], thinPoolSize: "1G" },
            props: scene.thinPool.props,
          }, { dependsOn: [node] });
          out.thinPoolSizeKib = pool.hostThinPoolSizeKib;
          out.thinPoolFreeKib = pool.hostThinPoolFreeKib;
        }
        if (scene.lvmPoolOnUsedDevice) {
          new linstor.StoragePool(`${NODE}-lvm`, {
            node: node.name,
            name: "lvmpool",
            providerKind: "LVM",
            backingPool: "datavg",
            ssh: node.sshAccess,
            prepare: { devices: ["/dev/fake-vdc"] },
          }, { dependsOn: [node] });
        }
        return out;
      },
      config: { "linstor:endpoint": sim().url },
      env: { PULUMI_LINSTOR_HOME: path.resolve(__dirname, "../..") },
    });
  });
  after(async () => {
    await stack?.dispose();
  });

  /** LINSTOR writes (not GETs) the simulator received since the last clear. */
  async function writes(): Promise<string[]> {
    return (await sim().requests()).log.filter((l) => l.method !== "GET" && l.path.startsWith("/v1/")).map((l) => `${l.method} ${l.path}`);
  }

  async function nodeNames(): Promise<string[]> {
    return (await sim().client().nodes.list()).map((n) => n.name.toLowerCase());
  }

  it("preview of a node with ssh neither registers it nor runs anything on the host", async () => {
    const h = host();
    scene = { fingerprint: h.hostKeyFingerprint };
    h.clearCalls();
    await sim().clearRequests();
    const p = await stack.preview();
    assert.deepStrictEqual(p.ops[NODE], ["create"]);
    assert.deepStrictEqual(h.calls(), []);
    assert.deepStrictEqual(await writes(), []);
  });

  it("refuses a host with a different host key: the up fails with both fingerprints and nothing is registered", async () => {
    const h = host();
    const other = h.makeKey("other-host", "", false).fingerprint;
    scene = { fingerprint: other };
    h.clearCalls();
    await sim().clearRequests();
    const message = await failure(stack.up(), secretPieces(h.client));
    assert.match(message, /does not match the pinned fingerprint/);
    assert.ok(message.includes(`expected ${other}`), message);
    assert.ok(message.includes(h.hostKeyFingerprint), `the offered fingerprint is named:\n${message}`);
    assert.deepStrictEqual(await writes(), [], "no LINSTOR change after a refused host key");
    assert.ok(!(await nodeNames()).includes(NODE));
    assert.deepStrictEqual(h.calls(), [], "no command ran on a host that failed the key check");
  });

  it("reports an inactive satellite and a missing drbdadm in one error, before registering the node", async () => {
    const h = host();
    scene = { fingerprint: h.hostKeyFingerprint };
    h.setService("linstor-satellite", "failed");
    h.removeCommand("drbdadm");
    await sim().clearRequests();
    try {
      const message = await failure(stack.up(), secretPieces(h.client));
      // One error that lists both problems under one heading.
      assert.match(message,
        /checking the node host on [^\n]+ failed:\n\s*- satellite service linstor-satellite is not active[^\n]*"failed"[^\n]*\n\s*- drbdadm is not installed/);
      assert.deepStrictEqual(await writes(), []);
      assert.ok(!(await nodeNames()).includes(NODE));
    } finally {
      h.setService("linstor-satellite", "active");
      h.restoreCommand("drbdadm");
    }
  });

  it("registers the node once its host is ready and outputs what the host reports", async () => {
    const h = host();
    scene = { fingerprint: h.hostKeyFingerprint };
    const r = await stack.up();
    assert.deepStrictEqual(r.ops[NODE], ["create"]);
    assert.strictEqual(r.outputs.drbdVersion.value, "9.27.0");
    assert.strictEqual(r.outputs.drbdKernelVersion.value, "9.2.8");
    assert.strictEqual(r.outputs.hostKeyFingerprint.value, h.hostKeyFingerprint);
    assert.strictEqual(r.outputs.satelliteActive.value, true);
    assert.ok((await nodeNames()).includes(NODE));
  });

  it("prepares the VG and thin pool once before registering the pool; a second up changes nothing", async () => {
    const h = host();
    scene = { fingerprint: h.hostKeyFingerprint, thinPool: {} };
    h.clearCalls();
    const first = await stack.up();
    assert.deepStrictEqual(first.ops[`${NODE}-thin`], ["create"]);
    assert.deepStrictEqual(changes(h.calls()), [
      "vgcreate drbdpool /dev/fake-vdb",
      "lvcreate --type thin-pool -L 1048576k -n thinpool drbdpool",
    ]);
    assert.strictEqual(first.outputs.thinPoolSizeKib.value, 1024 * 1024);
    assert.strictEqual(first.outputs.thinPoolFreeKib.value, 1024 * 1024);
    const pool = await sim().client().storagePools.get(NODE, "thinpool");
    assert.strictEqual(pool.provider_kind, "LVM_THIN");

    h.clearCalls();
    await sim().clearRequests();
    const second = await stack.up();
    assert.deepStrictEqual(second.ops[`${NODE}-thin`], ["same"]);
    assert.deepStrictEqual(second.ops[NODE], ["same"]);
    assert.deepStrictEqual(changes(h.calls()), []);
    assert.deepStrictEqual(await writes(), []);
  });

  it("an update of the pool prepares again, idempotently: the host is inspected, not changed", async () => {
    const h = host();
    scene = { fingerprint: h.hostKeyFingerprint, thinPool: { props: { "Aux/team": "storage" } } };
    h.clearCalls();
    const r = await stack.up();
    assert.deepStrictEqual(r.ops[`${NODE}-thin`], ["update"]);
    assert.ok(h.calls().some((c) => c.startsWith("lvs ")), `the update looked at the thin pool:\n${h.calls().join("\n")}`);
    assert.deepStrictEqual(changes(h.calls()), []);
    const pool = await sim().client().storagePools.get(NODE, "thinpool");
    assert.strictEqual(pool.props?.["Aux/team"], "storage");
  });

  it("a changed ssh block updates the node in place (no replacement) and only verifies the host again", async () => {
    const h = host();
    scene = { fingerprint: h.hostKeyFingerprint, satelliteService: "linstor-satellite.service", thinPool: { props: { "Aux/team": "storage" } } };
    h.setService("linstor-satellite.service", "active");
    h.clearCalls();
    await sim().clearRequests();
    const r = await stack.up();
    assert.deepStrictEqual(r.ops[NODE], ["update"]);
    assert.deepStrictEqual(r.ops[`${NODE}-thin`], ["update"], "the pool's ssh is the node's, so it prepares again");
    assert.ok(h.calls().includes("systemctl is-active linstor-satellite.service"), h.calls().join("\n"));
    assert.deepStrictEqual(changes(h.calls()), []);
    assert.deepStrictEqual(await writes(), [], "nothing to change on the controller");
  });

  it("refuses a device that holds a signature before anything changes on the host or the controller", async () => {
    const h = host();
    scene = { ...scene, lvmPoolOnUsedDevice: true };
    h.clearCalls();
    await sim().clearRequests();
    const message = await failure(stack.up(), secretPieces(h.client));
    assert.match(message, /\/dev\/fake-vdc/);
    assert.match(message, /signature|ext4/i);
    assert.deepStrictEqual(changes(h.calls()), []);
    assert.deepStrictEqual(await writes(), []);
    assert.ok(!(await sim().client().storagePools.listOnNode(NODE)).some((p) => p.storage_pool_name === "lvmpool"));
  });

  it("the hooks alone: trust on first use reports the host key; a key file reference logs in; pool facts", async () => {
    const h = host();
    const keyFile = path.join(h.dir, "client"); // written by the fixture (passphrase-protected)
    const ssh = { host: "127.0.0.1", port: h.port, user: h.user, privateKeyFile: keyFile, passphrase: h.client.passphrase, trustOnFirstUse: true };
    assert.ok(fs.existsSync(keyFile));
    const node = nodeKind.normalize({ name: NODE, address: "127.0.0.1", ssh });
    assert.deepStrictEqual(node.problems, []);
    const line = await nodeKind.host?.before?.(node.inputs, "create");
    assert.match(line ?? "", new RegExp(`host key ${h.hostKeyFingerprint.replace(/[+/]/g, "\\$&")} \\(trust-on-first-use\\)`));
    const facts = await nodeKind.host?.facts?.(node.inputs);
    assert.deepStrictEqual(facts, { drbdVersion: "9.27.0", drbdKernelVersion: "9.2.8", hostKeyFingerprint: h.hostKeyFingerprint, satelliteActive: true });
    const pool = storagePoolKind.normalize({ node: NODE, name: "thinpool", providerKind: "LVM_THIN", backingPool: "drbdpool/thinpool", ssh });
    h.setThinUsage("drbdpool", "thinpool", 25);
    assert.deepStrictEqual(await storagePoolKind.host?.facts?.(pool.inputs), {
      hostVgSizeKib: 4 * 1024 * 1024, hostVgFreeKib: 3 * 1024 * 1024,
      hostThinPoolSizeKib: 1024 * 1024, hostThinPoolFreeKib: 768 * 1024, hostThinPoolDataPercent: 25,
    });
  });

  it("keeps the private key, its passphrase and the password out of the state, also after a refresh; the fingerprint is there", async () => {
    const h = host();
    scene = { ...scene, lvmPoolOnUsedDevice: false };
    await stack.refresh();
    const state = await stack.stateText();
    assertNoSecrets("the state", state, secretPieces(h.client));
    assert.ok(state.includes(h.hostKeyFingerprint), "the pinned fingerprint is in the state");
    // The secrets are encrypted inputs only: no output of the node or the pool carries them at all.
    const resources = linstorResources(state);
    assert.strictEqual(resources.length, 2);
    for (const r of resources) {
      const outSsh = r.outputs?.ssh as Record<string, unknown>;
      assert.deepStrictEqual(["password", "passphrase", "privateKey"].filter((k) => k in outSsh), [], r.urn);
      assert.strictEqual(outSsh.hostKeyFingerprint, h.hostKeyFingerprint);
    }
    // Refresh cannot log in with an inline key (the state keeps it only as an encrypted input): facts are kept.
    assert.strictEqual(outputsOf(state, NODE).hostKeyFingerprint, h.hostKeyFingerprint);
    assert.strictEqual(outputsOf(state, NODE).drbdVersion, "9.27.0");
    assert.strictEqual(outputsOf(state, `${NODE}-thin`).hostThinPoolSizeKib, 1024 * 1024);
  });
});

describe("a YAML stack's ssh block (secret references) through declareStack, Node and StoragePool (real engine + simulator + real sshd)", function () {
  this.timeout(300_000);
  const host = useTestHost();
  const sim = useSimulator({ seedCluster: false });
  let stack: TestStack;

  before(async () => {
    const h = host();
    h.resetStorage();
    h.setService("linstor-satellite", "active");
    h.addDevice("/dev/fake-vdd", 2 * 1024 * 1024);
    const yaml = [
      "nodes:",
      "  titan:",
      "    address: 127.0.0.1",
      "    ssh:",
      `      port: ${h.port}`,
      `      user: ${h.user}`,
      "      privateKeyEnv: PL_TEST_SSH_KEY",
      "      passphraseEnv: PL_TEST_SSH_PASSPHRASE",
      `      hostKeyFingerprint: "${h.hostKeyFingerprint}"`,
      "storagePools:",
      "  thinpool:",
      "    providerKind: LVM_THIN",
      "    backingPool: drbdpool/thinpool",
      "    nodes:",
      "      titan:",
      "        prepare: { devices: [/dev/fake-vdd], thinPoolSize: 512M }",
      "",
    ].join("\n");
    const loaded = parseStack(yaml, "ssh-stack.yaml");
    stack = await TestStack.create({
      program: async () => {
        declareStack(loaded);
      },
      config: { "linstor:endpoint": sim().url },
      env: {
        PULUMI_LINSTOR_HOME: path.resolve(__dirname, "../.."),
        PL_TEST_SSH_KEY: h.client.privateKey,
        PL_TEST_SSH_PASSPHRASE: h.client.passphrase as string,
      },
    });
  });
  after(async () => {
    await stack?.dispose();
  });

  it("prepares and registers with the key from the environment; refresh reads the host again", async () => {
    const h = host();
    const r = await stack.up();
    assert.deepStrictEqual([r.ops.titan, r.ops["titan/thinpool"]], [["create"], ["create"]]);
    assert.deepStrictEqual(changes(h.calls()), [
      "vgcreate drbdpool /dev/fake-vdd",
      "lvcreate --type thin-pool -L 524288k -n thinpool drbdpool",
    ]);
    const created = await stack.stateText();
    assert.strictEqual(outputsOf(created, "titan").drbdVersion, "9.27.0");
    assert.strictEqual(outputsOf(created, "titan/thinpool").hostThinPoolFreeKib, 512 * 1024);
    assert.ok((await sim().client().nodes.list()).some((n) => n.name === "titan"));

    // References survive in the outputs, so a refresh can log in and report what changed on the host.
    h.setThinUsage("drbdpool", "thinpool", 50);
    await stack.refresh();
    const state = await stack.stateText();
    assert.strictEqual(outputsOf(state, "titan/thinpool").hostThinPoolFreeKib, 256 * 1024);
    assert.strictEqual(outputsOf(state, "titan/thinpool").hostThinPoolDataPercent, 50);
    assertNoSecrets("the state", state, secretPieces(h.client).filter((p) => p !== PASSWORD));
    assert.ok(state.includes("PL_TEST_SSH_KEY"));
  });
});

describe("ssh inputs of Node and StoragePool (no I/O)", () => {
  const key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0\n-----END OPENSSH PRIVATE KEY-----\n";
  const fingerprint = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";

  it("checks the ssh and prepare blocks without connecting", () => {
    const problems = (raw: Record<string, unknown>) => storagePoolKind.normalize(raw).problems.map((p) => `${p.property}: ${p.reason}`);
    const base = { node: NODE, name: "thinpool", providerKind: "LVM_THIN", backingPool: "vg/tp" };
    assert.deepStrictEqual(problems({ ...base, prepare: { devices: ["/dev/vdb"] } }), [
      "prepare: needs SSH access to node saturn: set ssh (e.g. ssh: node.sshAccess)",
    ]);
    assert.deepStrictEqual(problems({ ...base, providerKind: "ZFS", backingPool: "tank", ssh: { host: "h", agent: true }, prepare: { devices: ["/dev/vdb"] } }), [
      "prepare: only creates LVM volume groups and thin pools, not ZFS pools (remove prepare)",
    ]);
    assert.deepStrictEqual(problems({ ...base, ssh: { host: "h", agent: true }, prepare: { devices: [], thinPoolSize: "lots" } }).map((p) => p.split(":")[0]), [
      "prepare.devices", "prepare.thinPoolSize",
    ]);
    assert.deepStrictEqual(problems({ ...base, ssh: { host: "h", agent: true }, prepare: { devices: ["/dev/vdb"], thinPoolSize: "1G", thinPoolSizeKib: 5 } }), [
      "prepare.thinPoolSizeKib: set only one of thinPoolSize and thinPoolSizeKib",
    ]);
    // provider/model's PoolPrepareSpec (what a YAML stack loads to) passes through as it is.
    const fromStack = storagePoolKind.normalize({ ...base, ssh: { host: "h", agent: true }, prepare: { devices: ["/dev/vdb"], thinPoolSizeKib: 524288 } });
    assert.deepStrictEqual(fromStack.problems, []);
    assert.strictEqual(thinPoolKib(fromStack.inputs.prepare as PrepareInputs), 524288);
    assert.throws(() => thinPoolKib({ devices: [], thinPoolSize: 2 }), /has no unit .*write 2G for 2 GiB/, "a bare number is refused");
    const node = nodeKind.normalize({ name: NODE, address: "10.0.0.1", ssh: { privateKey: key, privateKeyEnv: "K", hostKeyFingerprint: "SHA256:short", trustOnFirstUse: true } });
    assert.deepStrictEqual(node.problems.map((p) => p.property), ["ssh.hostKeyFingerprint", "ssh.trustOnFirstUse", "ssh.privateKeyEnv"]);
    assert.strictEqual(nodeKind.normalize({ name: NODE, address: "10.0.0.1", ssh: { agent: true } }).inputs.ssh?.host, "10.0.0.1", "host defaults to the address");
  });

  it("diff ignores the secrets the engine never hands back, and the ssh block never replaces the node", async () => {
    const ops = new KindOperations(nodeKind);
    const news = { name: NODE, address: "10.0.0.1", ssh: { host: "10.0.0.1", privateKey: key, passphrase: "pp", hostKeyFingerprint: fingerprint } };
    const olds = { ...news, ssh: { host: "10.0.0.1", hostKeyFingerprint: fingerprint }, connectionStatus: "ONLINE", drbdVersion: "9.27.0" };
    assert.deepStrictEqual(await ops.diff(NODE, olds, news), { changes: false, replaces: [], deleteBeforeReplace: true, changed: [] });
    assert.deepStrictEqual(nodeKind.replaceOn.includes("ssh"), false);
  });

  it("outputs and messages lose the secrets, also line by line", () => {
    const raw = { name: NODE, ssh: { host: "h", privateKey: key, passphrase: "pp-1234", password: "pw" }, other: 1 };
    assert.deepStrictEqual(withoutSecrets(raw, ["ssh.privateKey", "ssh.passphrase", "ssh.password"]), { name: NODE, ssh: { host: "h" }, other: 1 });
    assert.deepStrictEqual(withoutSecrets({ ssh: { password: "pw" } }, ["ssh.password"]), {});
    const line = key.split("\n")[1];
    assert.strictEqual(maskSecrets(`bad key ${line.slice(0, 40)}... and ${line} with pp-1234`, [key, "pp-1234"]),
      `bad key ${line.slice(0, 40)}... and [secret] with [secret]`);
  });
});
