// The kinds' declarations (provider/model/kinds) and what is derived from them: types, marks and
// the Pulumi package schema the provider plugin serves.
import assert from "node:assert/strict";
import { fieldPaths, notComparedInputs, replaceOnChanges, secretInputs, type InputsOf, type OutputsOf } from "../../provider/model/declaration";
import { DECLARATIONS, nodeDeclaration, resourceDeclaration } from "../../provider/model/kinds";
import { packageSchema, resourceToken } from "../../provider/model/package-schema";
import { KINDS } from "../../provider/model/types";

// Type-level checks: these lines fail to compile when the derived types drift.
const node: InputsOf<typeof nodeDeclaration> = { name: "vulcan", address: "10.0.0.1", type: "SATELLITE", ssh: { host: "h", port: 22 } };
// @ts-expect-error address is required
const nodeWithoutAddress: InputsOf<typeof nodeDeclaration> = { name: "vulcan" };
// @ts-expect-error an auto-placed set needs its placeCount
const noCount: InputsOf<typeof resourceDeclaration>["autoPlace"] = { storagePools: ["thinpool"] };
const volume: OutputsOf<typeof resourceDeclaration>["replicas"][number]["volumes"][number] = { number: 0, diskState: "UpToDate" };
void [node, nodeWithoutAddress, noCount, volume];

describe("kind declarations", () => {
  it("declare all seven kinds, keyed by their kind", () => {
    assert.deepEqual(Object.keys(DECLARATIONS), [...KINDS]);
    for (const [kind, decl] of Object.entries(DECLARATIONS)) assert.equal(decl.kind, kind);
  });

  it("document every field with an example", () => {
    const missing: string[] = [];
    for (const decl of Object.values(DECLARATIONS)) {
      for (const path of fieldPaths({ ...decl.inputs, ...decl.outputs }, (f) => f.doc.trim().length < 10)) missing.push(`${decl.kind}.${path}: doc`);
      for (const path of fieldPaths(decl.inputs, (f) => f.example === undefined)) missing.push(`${decl.kind}.${path}: example`);
    }
    assert.deepEqual(missing, []);
  });

  it("derive the marks the dynamic resources use", () => {
    assert.deepEqual(replaceOnChanges(DECLARATIONS.Node), ["name", "type"]);
    assert.deepEqual(replaceOnChanges(DECLARATIONS.StoragePool), ["node", "name", "providerKind", "backingPool"]);
    assert.deepEqual(replaceOnChanges(DECLARATIONS.VolumeDefinition), ["resource", "number", "minor"]);
    assert.deepEqual(replaceOnChanges(DECLARATIONS.Snapshot), ["resource", "name", "nodes"]);
    assert.deepEqual(secretInputs(DECLARATIONS.Node), ["ssh.privateKey", "ssh.passphrase", "ssh.password"]);
    assert.deepEqual(secretInputs(DECLARATIONS.ResourceGroup), []);
    assert.deepEqual(notComparedInputs(DECLARATIONS.Resource), ["restoreFrom", "adopt", "onDestroy", "timeouts"]);
  });
});

describe("Pulumi package schema", () => {
  const schema = packageSchema({ version: "0.1.0" });

  it("has one resource per kind under linstor:index", () => {
    assert.equal(schema.name, "linstor");
    assert.deepEqual(Object.keys(schema.resources), KINDS.map(resourceToken));
  });

  it("marks secrets, replacements and required inputs", () => {
    const node = schema.resources["linstor:index:Node"];
    assert.deepEqual(node.requiredInputs, ["name", "address"]);
    assert.equal(node.inputProperties.name.replaceOnChanges, true);
    assert.equal(node.inputProperties.address.replaceOnChanges, undefined);
    const ssh = schema.types["linstor:index:NodeSsh"];
    assert.equal(ssh.properties.privateKey.secret, true);
    assert.equal(schema.config.variables.bearerToken.secret, true);
    assert.equal(schema.config.variables.password.secret, true);
  });

  it("lists outputs beside the inputs, never a secret input", () => {
    const pool = schema.resources["linstor:index:StoragePool"];
    assert.ok(pool.properties.freeCapacityKib && pool.properties.providerKind);
    assert.ok(pool.required.includes("thin"));
    for (const res of Object.values(schema.resources)) {
      for (const p of Object.values(res.properties)) assert.notEqual(p.secret, true);
    }
  });

  it("resolves every type reference", () => {
    const refs = JSON.stringify(schema).match(/#\/types\/[^"]+/g) ?? [];
    for (const ref of refs) assert.ok(schema.types[ref.slice("#/types/".length)], ref);
  });
});
