// Resources declared for a YAML stack (provider/index.ts declaringForStack) get outputs for only
// the fields the stack reads and no input left unset; a program's resources keep every output.
// Checked on the SDK's mocks, in a Node.js process of its own (the mocks are process-wide).
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import { repoRoot } from "../../scripts/engine";

const script = `
const pulumi = require("@pulumi/pulumi");
pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: (a) => a.inputs }, "p", "s", false);
const linstor = require(${JSON.stringify(path.join(repoRoot, "bin", "provider", "index.js"))});
const args = { resource: "r", nodes: ["n1", "n2"], props: undefined, storagePool: undefined };
const inStack = linstor.declaringForStack({ reads: { Resource: ["diskfulNodes", "upToDate"] } }, () => new linstor.Resource("in-stack", args));
const inProgram = new linstor.Resource("in-program", args);
const fields = ["resource", "nodes", "props", "storagePool", "diskfulNodes", "upToDate", "replicas", "devicePath"];
const has = (r) => fields.filter((f) => pulumi.Output.isInstance(r[f]));
console.log(JSON.stringify({ stack: has(inStack), program: has(inProgram) }));
`;

describe("resources declared for a YAML stack", () => {
  it("have outputs for the inputs set and the outputs the stack reads, a program's for every field", () => {
    const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: repoRoot, encoding: "utf8", stdio: "pipe" })) as Record<string, string[]>;
    assert.deepStrictEqual(out.stack, ["resource", "nodes", "diskfulNodes", "upToDate"]);
    assert.deepStrictEqual(out.program, ["resource", "nodes", "props", "storagePool", "diskfulNodes", "upToDate", "replicas", "devicePath"]);
  });
});
