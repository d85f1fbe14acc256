// Proves the ground: the real Pulumi engine runs a dynamic resource through create, update,
// replace and delete, and the harness reports what the engine did. Fails if the engine is missing.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { TestStack } from "../../harness/pulumi";

interface NoteInputs { dir: string; name: string; text: string }

// A tiny dynamic resource: a file named `name` in `dir` holding `text`. Changing `text` updates the
// file in place; changing `name` replaces it (new file first, then the old one removed).
const noteProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: NoteInputs) {
    const fsm = require("fs"), pathm = require("path");
    const file = pathm.join(inputs.dir, inputs.name);
    fsm.writeFileSync(file, inputs.text);
    return { id: file, outs: { ...inputs, length: inputs.text.length } };
  },
  async diff(_id: string, olds: NoteInputs, news: NoteInputs) {
    const replaces = olds.name !== news.name || olds.dir !== news.dir ? ["name"] : [];
    return { changes: replaces.length > 0 || olds.text !== news.text, replaces };
  },
  async update(id: string, _olds: NoteInputs, news: NoteInputs) {
    require("fs").writeFileSync(id, news.text);
    return { outs: { ...news, length: news.text.length } };
  },
  async delete(id: string) {
    require("fs").rmSync(id, { force: true });
  },
};

class Note extends pulumi.dynamic.Resource {
  declare readonly length: pulumi.Output<number>;
  constructor(name: string, args: NoteInputs) {
    super(noteProvider, name, { ...args, length: undefined }, {});
  }
}

describe("engine harness (real pulumi CLI + dynamic provider)", function () {
  this.timeout(300_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pl-note-"));
  let desired: NoteInputs = { dir, name: "a.txt", text: "hello" };
  let stack: TestStack;

  before(async () => {
    stack = await TestStack.create({
      program: async () => {
        const note = new Note("note", desired);
        return { length: note.length, id: note.id };
      },
    });
  });
  after(async () => { await stack?.dispose(); fs.rmSync(dir, { recursive: true, force: true }); });

  it("creates", async () => {
    const r = await stack.up();
    assert.deepStrictEqual(r.ops.note, ["create"]);
    assert.strictEqual(r.outputs.length.value, 5);
    assert.strictEqual(fs.readFileSync(path.join(dir, "a.txt"), "utf8"), "hello");
  });

  it("previews an update without applying it, then updates in place", async () => {
    desired = { ...desired, text: "hello, world" };
    const p = await stack.preview();
    assert.deepStrictEqual(p.ops.note, ["update"]);
    assert.strictEqual(fs.readFileSync(path.join(dir, "a.txt"), "utf8"), "hello");
    const r = await stack.up();
    assert.deepStrictEqual(r.ops.note, ["update"]);
    assert.strictEqual(r.outputs.length.value, 12);
    assert.strictEqual(fs.readFileSync(path.join(dir, "a.txt"), "utf8"), "hello, world");
  });

  it("replaces when the name changes", async () => {
    desired = { ...desired, name: "b.txt" };
    const r = await stack.up();
    assert.ok(r.ops.note.includes("create-replacement") && r.ops.note.includes("delete-replaced"),
      `ops were ${JSON.stringify(r.ops.note)}`);
    assert.ok(fs.existsSync(path.join(dir, "b.txt")));
    assert.ok(!fs.existsSync(path.join(dir, "a.txt")));
  });

  it("is quiet when nothing changed", async () => {
    const r = await stack.up();
    assert.deepStrictEqual(r.ops.note, ["same"]);
  });

  it("deletes on destroy", async () => {
    const r = await stack.destroy();
    assert.deepStrictEqual(r.ops.note, ["delete"]);
    assert.deepStrictEqual(fs.readdirSync(dir), []);
  });
});
