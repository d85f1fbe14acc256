// The campaign's judges on made-up inputs, so a real dip, orphan, leaked secret or unpositioned
// error is counted (the campaign's zeros mean something), and the mutator is repeatable.
import * as assert from "assert";
import * as crypto from "crypto";
import { emptyCluster, withDefinition, withReplica, withSnapshot } from "../helpers/cluster-model";
import { orphans, missing, redundancyDips } from "../../bench/campaigns/checks";
import { mutate, MUTATION_KINDS } from "../../bench/campaigns/mutate";
import { Rng } from "../../bench/campaigns/random";
import { makeSecrets, secretPieces, SecretScanner } from "../../bench/campaigns/secrets";


describe("campaign checks", () => {
  it("a removal that leaves fewer UpToDate replicas than asked is a dip; other events are not", () => {
    const events = [
      { seq: 1, type: "resource-created", resource: "Mv", node: "romulus", upToDate: 2 },
      { seq: 2, type: "resync-done", resource: "Mv", node: "romulus", upToDate: 3 },
      { seq: 3, type: "resource-flagged-delete", resource: "mv", node: "kronos", upToDate: 2 },
      { seq: 4, type: "resource-deleted", resource: "Other", node: "kronos", upToDate: 0 },
    ];
    assert.deepStrictEqual(redundancyDips(events, "Mv", 3).map((d) => d.seq), [3]);
    assert.deepStrictEqual(redundancyDips(events, "Mv", 2), []);
  });

  it("orphans: definitions, replicas and snapshots the expected state does not hold; tiebreakers are fine", () => {
    const live = withDefinition(withDefinition(emptyCluster(), "Mv", [8192]), "Stray", [8192]);
    for (const n of ["vulcan", "kronos", "romulus"]) withReplica(live, "Mv", n);
    withReplica(live, "Mv", "remus", { tieBreaker: true });
    withReplica(live, "Stray", "vulcan");
    withSnapshot(live, "Mv", "old", []);
    const expected = { definitions: { Mv: { diskful: ["vulcan", "kronos"], volumes: 1 } }, snapshots: [] };
    assert.deepStrictEqual(orphans(live, expected).sort(), ["definition Stray", "diskful replica Mv on romulus", "replica Stray on vulcan", "snapshot Mv/old"]);
    assert.deepStrictEqual(missing(live, { definitions: { Mv: { diskful: ["vulcan", "remus"], volumes: 1 } }, snapshots: ["Mv/s1"] }), ["diskful Mv on remus", "snapshot Mv/s1"]);
  });

  it("the scanner finds a secret and a key line anywhere in a text", () => {
    // any multi-line key text will do here; the campaign uses an ssh-keygen key its sshd authorizes
    const pem = crypto.generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const secrets = makeSecrets("t", () => ({ privateKey: pem, fingerprint: "" }));
    const scanner = new SecretScanner(secretPieces(secrets));
    scanner.scan("clean", "nothing here");
    scanner.scan("password", `error: auth failed for admin:${secrets.password}`);
    scanner.scan("key line", `x ${secrets.sshPrivateKey.split("\n")[1]} y`);
    assert.deepStrictEqual(scanner.findings.map((f) => f.where), ["password", "key line"]);
    assert.strictEqual(scanner.scanned, 3);
  });

  it("the mutator is repeatable per seed and covers every kind", () => {
    const text = "nodes:\n  vulcan: { address: 10.0.0.1 }\nresources:\n  Data: { volumes: [10m], nodes: [vulcan] }\n";
    for (const kind of MUTATION_KINDS) {
      const a = mutate(text, new Rng(5), kind);
      const b = mutate(text, new Rng(5), kind);
      assert.deepStrictEqual(a, b, kind);
      assert.notStrictEqual(a.text, text, `${kind} changed nothing`);
    }
  });
});
