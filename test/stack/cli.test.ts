// `pulumi-linstor validate`, run as a process the way a pre-commit hook or a pipeline gate runs it.
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { checkStackFile } from "../../provider/stack";
import { COMMANDS, main } from "../../provider/cli";
import { useSimulator } from "../../harness/sim";

const ROOT = join(__dirname, "../..");
const EXAMPLES = readdirSync(join(ROOT, "examples/seed-walkthrough")).filter((f) => f.endsWith(".yaml")).sort()
  .map((f) => `examples/seed-walkthrough/${f}`);

function cli(...args: string[]) {
  return cliIn(ROOT, ...args);
}

function cliIn(cwd: string, ...args: string[]) {
  const run = spawnSync(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), join(ROOT, "provider/cli.ts"), ...args], {
    cwd, encoding: "utf8", timeout: 60_000, env: { ...process.env, TS_NODE_PROJECT: join(ROOT, "tsconfig.json") },
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe("pulumi-linstor COMMAND --help", () => {
  for (const name of Object.keys(COMMANDS)) {
    it(`${name} --help (and -h) prints its usage and arguments, exit 0`, () => {
      for (const flag of ["--help", "-h"]) {
        const { code, out, err } = cli(name, flag);
        assert.equal(err, "");
        assert.equal(code, 0);
        assert.ok(out.startsWith(`usage: pulumi-linstor ${COMMANDS[name].usage}\n${COMMANDS[name].summary}\n`), out);
        assert.ok(out.trim().split("\n").length > 3, `no argument lines:\n${out}`);
      }
    });
  }
});

describe("pulumi-linstor validate", () => {
  it("exits 0 and prints one ok line per example", () => {
    const { code, out, err } = cli("validate", ...EXAMPLES);
    assert.equal(err, "");
    assert.equal(code, 0);
    assert.deepEqual(out.trim().split("\n"), [
      "examples/seed-walkthrough/01-localdata.yaml: ok (4 nodes, 1 resource)",
      "examples/seed-walkthrough/02-shareddata.yaml: ok (4 nodes, 2 resources)",
      "examples/seed-walkthrough/03-move.yaml: ok (4 nodes, 2 resources)",
      "examples/seed-walkthrough/04-delete-localdata.yaml: ok (4 nodes, 1 resource)",
      "examples/seed-walkthrough/05-snapshot.yaml: ok (4 nodes, 1 resource)",
      "examples/seed-walkthrough/06-restore.yaml: ok (4 nodes, 2 resources)",
      "examples/seed-walkthrough/07-rollback.yaml: ok (4 nodes, 2 resources)",
      "examples/seed-walkthrough/08-readd.yaml: ok (4 nodes, 2 resources)",
    ]);
  });

  it("exits 1 and prints every error of every broken file (and still checks the good ones)", () => {
    const { code, out, err } = cli("validate", "test/stack/broken/move-gone-wrong.yaml", EXAMPLES[0], "test/stack/broken/syntax.yaml", "test/stack/broken/missing.yaml");
    assert.equal(code, 1);
    assert.deepEqual(out.trim().split("\n"), [
      "test/stack/broken/move-gone-wrong.yaml:3:3 nodes.Kronos: node \"Kronos\" is declared twice (also as \"kronos\" at 2:3; LINSTOR names are case-insensitive: keep one)",
      "test/stack/broken/move-gone-wrong.yaml:9:29 storagePools.thinpool.nodes[2]: node \"romulus\" is not declared under nodes (declared: kronos, vulcan, remus)",
      "test/stack/broken/move-gone-wrong.yaml:13:15 resources.SharedData.volumes[0]: size \"150mb2\" is not a size: write whole digits directly followed by a unit, such as 150M, 150MiB or 10G (units: K/KiB, M/MiB, G/GiB, T/TiB, P/PiB (any case), B (bytes), S (512-byte sectors))",
      "test/stack/broken/move-gone-wrong.yaml:14:13 resources.SharedData.nodes[0]: node \"vulkan\" is not declared under nodes (declared: kronos, vulcan, remus)",
      "test/stack/broken/move-gone-wrong.yaml:15:5 resources.SharedData.autoPlace: nodes and autoPlace exclude each other (list the nodes, or let the controller choose them with autoPlace)",
      "test/stack/broken/move-gone-wrong.yaml:16:18 resources.SharedData.storagePool: storage pool \"thinpool\" is not on node \"remus\" (it is on: vulcan, kronos; add the node to storagePools.thinpool.nodes)",
      "test/stack/broken/move-gone-wrong.yaml:19:17 resources.SharedData.snapshots.Snap1.nodes[0]: node \"kronos\" holds no replica of this resource (its replicas are on: remus)",
      "test/stack/broken/move-gone-wrong.yaml:20:9 resources.SharedData.snapshots.Snap1.rolbackTrigger: unknown key (did you mean \"rollbackTrigger\"?)",
      "examples/seed-walkthrough/01-localdata.yaml: ok (4 nodes, 1 resource)",
      "test/stack/broken/syntax.yaml:4:5 yaml: this key appears twice in the same map (keep one; LINSTOR names are case-insensitive too)",
      "test/stack/broken/missing.yaml:1:1 (file): cannot be read: no such file (give the path of a stack YAML file)",
    ]);
    assert.deepEqual(err.trim().split("\n"), [
      "test/stack/broken/move-gone-wrong.yaml: 8 problems",
      "test/stack/broken/syntax.yaml: 1 problem",
      "test/stack/broken/missing.yaml: 1 problem",
    ]);
  });

  it("exits 2 with usage when no file or an unknown command is given", () => {
    const none = cli("validate");
    assert.equal(none.code, 2);
    assert.match(none.err, /name at least one stack file/);
    const unknown = cli("frobnicate");
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown command "frobnicate" \(commands: validate, export\)/);
  });

  describe("--format (in process)", () => {
    async function run(...args: string[]) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
      return { code, out, err };
    }

    it("json prints one array of every problem, and [] for valid files", async () => {
      const broken = await run("validate", "--format", "json", join(ROOT, EXAMPLES[0]), join(ROOT, "test/stack/broken/syntax.yaml"));
      assert.equal(broken.code, 1);
      assert.deepEqual(JSON.parse(broken.out.join("\n")), [{
        file: join(ROOT, "test/stack/broken/syntax.yaml"), line: 4, col: 5, path: "yaml",
        message: "this key appears twice in the same map (keep one; LINSTOR names are case-insensitive too)",
      }]);
      const valid = await run("validate", "--format=json", join(ROOT, EXAMPLES[0]));
      assert.equal(valid.code, 0);
      assert.deepEqual(JSON.parse(valid.out.join("\n")), []);
    });

    it("github prints workflow annotations that point at file, line and column", async () => {
      const { code, out } = await run("validate", "--format", "github", "test/stack/broken/does-not-exist.yaml");
      assert.equal(code, 1);
      assert.deepEqual(out, [
        "::error file=test/stack/broken/does-not-exist.yaml,line=1,col=1::(file): cannot be read: no such file (give the path of a stack YAML file)",
      ]);
    });

    it("refuses an unknown format", async () => {
      const { code, err } = await run("validate", "--format", "xml", "stack.yaml");
      assert.equal(code, 2);
      assert.deepEqual(err, ['pulumi-linstor validate: --format must be one of text, json, github, not "xml"']);
    });
  });
});

describe("pulumi-linstor export (in process, against the simulator)", () => {
  const sim = useSimulator({ seedCluster: true });
  const saved = { LINSTOR_ENDPOINT: process.env.LINSTOR_ENDPOINT, LS_CONTROLLERS: process.env.LS_CONTROLLERS };
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  /** Nothing listens here: a command that picked this endpoint would fail. */
  const DEAD = "http://127.0.0.1:9";

  async function run(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join("\n"), err };
  }

  it("prints the seed cluster's stack: schema line relative to the working directory, adopt, nodes and the pool on all of them", async () => {
    const { code, out, err } = await run("export", "--endpoint", sim().url);
    assert.equal(code, 0, err.join("\n"));
    assert.equal(out.split("\n")[0], "# yaml-language-server: $schema=schema/stack.schema.json");
    const body = out.slice(out.indexOf("\nadopt:") + 1);
    assert.equal(body, [
      "adopt: true",
      "nodes:",
      "  kronos: { address: 192.168.122.12 }",
      "  remus: { address: 192.168.122.13 }",
      "  romulus: { address: 192.168.122.14 }",
      "  vulcan: { address: 192.168.122.11 }",
      "storagePools:",
      "  thinpool:",
      "    providerKind: LVM_THIN",
      "    backingPool: drbdpool/thinpool",
      "    nodes: [ kronos, remus, romulus, vulcan ]",
    ].join("\n"));
  });

  it("finds the controller like the rest: --endpoint, else LINSTOR_ENDPOINT, else LS_CONTROLLERS", async () => {
    process.env.LINSTOR_ENDPOINT = DEAD;
    process.env.LS_CONTROLLERS = DEAD;
    assert.equal((await run("export", `--endpoint=${sim().url}`)).code, 0);
    process.env.LINSTOR_ENDPOINT = sim().url;
    assert.equal((await run("export")).code, 0);
    delete process.env.LINSTOR_ENDPOINT;
    process.env.LS_CONTROLLERS = sim().url;
    assert.equal((await run("export")).code, 0);
  });

  it("writes -o FILE with the schema line relative to the file, and says what it wrote", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pl-cli-export-"));
    try {
      const file = join(dir, "cluster.yaml");
      const { code, out, err } = await run("export", "--endpoint", sim().url, "-o", file);
      assert.equal(code, 0, err.join("\n"));
      assert.equal(out, "");
      assert.deepEqual(err, [`${file}: 4 nodes, 0 resources (adopt: true)`]);
      const schemaRef = /\$schema=(\S+)/.exec(readFileSync(file, "utf8"))?.[1] ?? "";
      assert.equal(resolve(dir, schemaRef), join(ROOT, "schema/stack.schema.json"));
      assert.equal(checkStackFile(file).ok, true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("-o elsewhere/stack.yaml from another folder: the folder is made, the schema line is right from the file", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "pl-cli-cwd-"));
    try {
      // A child process (the simulator runs in this one, so no spawnSync).
      const run = promisify(execFile)(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), join(ROOT, "provider/cli.ts"),
        "export", "--endpoint", sim().url, "-o", "elsewhere/stack.yaml"], { cwd, env: { ...process.env, TS_NODE_PROJECT: join(ROOT, "tsconfig.json") } });
      await run;
      const file = join(cwd, "elsewhere/stack.yaml");
      const schemaRef = /\$schema=(\S+)/.exec(readFileSync(file, "utf8"))?.[1] ?? "";
      assert.equal(resolve(dirname(file), schemaRef), join(ROOT, "schema/stack.schema.json"));
      assert.equal(checkStackFile(file).ok, true);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it("exits 2 on an unknown argument or a flag without its value", async () => {
    const unknown = await run("export", "--verbose");
    assert.equal(unknown.code, 2);
    assert.match(unknown.err.join("\n"), /unknown argument "--verbose" \(usage: pulumi-linstor export \[--endpoint URL\] \[-o FILE\] \[--pulumi-import\]\)/);
    const bare = await run("export", "-o");
    assert.equal(bare.code, 2);
    assert.deepEqual(bare.err, ["pulumi-linstor export: -o needs a value"]);
  });
});
