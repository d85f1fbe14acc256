// schema/stack.schema.json describes the kinds' declared fields (node, ssh, prepare, placement
// rules) exactly as scripts/gen-stack-schema.ts generates them from provider/model/kinds.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { nodeDeclaration } from "../../provider/model/kinds";
import { applyDeclarations, formatSchema } from "../../provider/stack/schema-from-declarations";

const FILE = join(__dirname, "..", "..", "schema", "stack.schema.json");

describe("schema/stack.schema.json from the declarations", () => {
  const text = readFileSync(FILE, "utf8");
  const committed = JSON.parse(text) as Record<string, unknown>;

  it("is the generated file (run scripts/gen-stack-schema.ts after changing a declaration)", () => {
    assert.equal(text, `${formatSchema(applyDeclarations(committed))}\n`);
  });

  it("a node's fields are the declared ones, without the name (the map key) and the stack-level options", () => {
    const node = (committed.definitions as Record<string, { properties: Record<string, unknown> }>).node;
    const declared = Object.keys(nodeDeclaration.inputs).filter((k) => !["name", "adopt", "onDestroy", "timeouts"].includes(k));
    assert.deepEqual(Object.keys(node.properties).sort(), declared.sort());
  });

  it("a hand edit of a generated part does not survive the generator", () => {
    const changed = applyDeclarations(JSON.parse(text.replace('"title": "satellite port"', '"title": "edited by hand"')));
    assert.equal(`${formatSchema(changed)}\n`, text, "a hand edit of a generated part is overwritten");
  });
});
