// What an editor with yaml-language-server shows for a stack: the schema named in the first line
// is found, valid stacks get no complaint, mistakes are underlined in words, fields are documented
// on hover and offered on completion.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { YamlLanguageServer, type Diagnostic } from "./lsp-client";

const ROOT = join(__dirname, "../..");
const WALKTHROUGH = join(ROOT, "examples/seed-walkthrough");

function lines(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
}

describe("editing a stack with yaml-language-server", function () {
  this.timeout(60_000);
  let server: YamlLanguageServer;

  before(async () => {
    server = new YamlLanguageServer();
    await server.start(ROOT);
  });
  after(() => server.stop());

  it("finds nothing to complain about in the walkthrough steps", async () => {
    for (const step of ["01-localdata.yaml", "06-restore.yaml", "07-rollback.yaml"]) {
      const file = join(WALKTHROUGH, step);
      assert.deepEqual(lines(await server.open(file, readFileSync(file, "utf8"))), [], step);
    }
  });

  it("underlines unknown keys, bad sizes and wrong types in words", async () => {
    // An unsaved buffer beside the examples, so the relative $schema path resolves the same way.
    const file = join(WALKTHROUGH, "unsaved-broken.yaml");
    const text = [
      "# yaml-language-server: $schema=../../schema/stack.schema.json",
      "nodes:",
      "  vulcan: { address: 10.43.70.1, port: fast }",
      "resources:",
      "  SharedData:",
      "    volumes: [150q]",
      "    nodes: [vulcan]",
      "    autoPlase: 3",
      "",
    ].join("\n");
    assert.deepEqual(lines(await server.open(file, text)), [
      "3:40 Incorrect type. Expected \"integer\".",
      "6:15 not a size: whole digits directly followed by a binary unit, e.g. 150M, 150MiB, 10G, 512K (no bare numbers, no decimal MB/GB, no fractions)",
      "8:5 Property autoPlase is not allowed.",
    ]);
  });

  it("documents a field on hover with the field's own title, description and example", async () => {
    const file = join(WALKTHROUGH, "03-move.yaml");
    const text = readFileSync(file, "utf8");
    await server.open(file, text);
    const row = text.split("\n").findIndex((l) => l.includes("nodes: [vulcan, remus, romulus]"));
    const hover = await server.hover(file, row, 6);
    assert.match(hover, /^#### replica nodes\n\nExplicit diskful replicas \(exclusive with autoPlace\)/);
    assert.match(hover, /- vulcan\n- remus\n- romulus/);
  });

  it("offers the keys of a resource on completion", async () => {
    const file = join(WALKTHROUGH, "unsaved-completion.yaml");
    const text = "# yaml-language-server: $schema=../../schema/stack.schema.json\nnodes: {}\nresources:\n  SharedData:\n    \n";
    await server.open(file, text);
    const labels = await server.completions(file, 4, 4);
    for (const key of ["volumes", "layers", "nodes", "autoPlace", "snapshots", "restoreFrom", "storagePool", "diskless"]) {
      assert.ok(labels.includes(key), `${key} not offered (got ${labels.join(", ")})`);
    }
  });
});
