// What a YAML stack's replica set depends on (real engine + simulator): its definition, volumes and
// nodes, and the pools it can use. Explicit replicas can use their pool on their own nodes only; an
// auto-placed set may land anywhere. Each dependency is a URN in the state, so depending on the pool
// of every node made each replica set's record grow with the cluster. The same run checks that the
// state holds every output the provider returns, also those the stack's program does not read (its
// resources declare only those it reads: provider/index.ts declaringForStack). A node whose pool is
// a dependency comes first through the pool (a pool depends on its node): only a node without one,
// such as a diskless replica's, is a dependency of its own.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadStack } from "../../provider/stack";
import { declareStack } from "../../provider/stack/declare";
import { TestStack } from "../../harness/pulumi";
import { useSimulator } from "../../harness/sim";

interface StateResource { urn: string; dependencies?: string[]; outputs?: Record<string, unknown> }

describe("a YAML stack's replica sets depend on the pools they can use (real engine + simulator)", function () {
  this.timeout(300_000);
  const sim = useSimulator({ seedCluster: true });

  it("explicit replicas: the pools of their nodes; auto-placed: every pool of that name", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pl-deps-"));
    const file = path.join(dir, "stack.yaml");
    fs.writeFileSync(file, [
      "adopt: true",
      "nodes:",
      "  vulcan: { address: 192.168.122.11 }",
      "  kronos: { address: 192.168.122.12 }",
      "  remus: { address: 192.168.122.13 }",
      "  romulus: { address: 192.168.122.14 }",
      "storagePools:",
      "  thinpool: { providerKind: LVM_THIN, backingPool: drbdpool/thinpool, nodes: [vulcan, kronos, remus, romulus] }",
      "resources:",
      "  Pinned:",
      "    volumes: [32m]",
      "    layers: [drbd, storage]",
      "    nodes: [vulcan, kronos]",
      "    diskless: [remus]",
      "    storagePool: thinpool",
      "  Placed:",
      "    volumes: [32m]",
      "    autoPlace: { count: 2, storagePools: [thinpool] }",
      "",
    ].join("\n"));
    const stack = await TestStack.create({
      program: async () => declareStack(loadStack(file)),
      config: { "linstor:stack": file, "linstor:endpoint": sim().url },
      env: { LINSTOR_ENDPOINT: "", LS_CONTROLLERS: "" },
    });
    try {
      await stack.up();
      const resources = (JSON.parse(await stack.stateText()) as { checkpoint: { latest: { resources: StateResource[] } } }).checkpoint.latest.resources;
      const dependenciesOf = (set: string, kind: string): string[] => {
        const r = resources.find((x) => x.urn.endsWith(`:Resource::${set}`));
        assert.ok(r, `${set} is in the state`);
        return (r.dependencies ?? []).filter((u) => u.includes(`:${kind}::`)).map((u) => u.slice(u.indexOf(`:${kind}::`) + kind.length + 3)).sort();
      };
      assert.deepStrictEqual(dependenciesOf("Pinned", "StoragePool"), ["kronos/thinpool", "vulcan/thinpool"]);
      assert.deepStrictEqual(dependenciesOf("Pinned", "Node"), ["remus"], "the diskless replica's node; the others come through their pools");
      assert.deepStrictEqual(dependenciesOf("Placed", "StoragePool"), ["kronos/thinpool", "remus/thinpool", "romulus/thinpool", "vulcan/thinpool"]);
      assert.deepStrictEqual(dependenciesOf("Placed", "Node"), []);
      const outputsOf = (suffix: string): Record<string, unknown> => resources.find((x) => x.urn.endsWith(suffix))?.outputs ?? {};
      const replicas = (outputsOf(":Resource::Pinned").replicas ?? []) as { node: string; tieBreaker?: boolean }[];
      assert.deepStrictEqual(replicas.filter((r) => !r.tieBreaker).map((r) => r.node).sort(), ["kronos", "remus", "vulcan"], "a replica set's replicas");
      assert.deepStrictEqual(outputsOf(":ResourceDefinition::Pinned").flags, [], "a definition's flags (none on a new one)");
      assert.strictEqual(outputsOf(":VolumeDefinition::Pinned/0").sizeText, "32 MiB", "a volume's size");
      assert.strictEqual(outputsOf(":Node::vulcan").nodeType, "SATELLITE", "a node's type");
      await stack.destroy();
    } finally {
      await stack.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
