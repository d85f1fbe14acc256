// `npm run test:real`: the provider end to end, real Pulumi engine and the repository's program,
// against a real LINSTOR 1.34 controller with three satellites (scripts/real-linstor.sh). The
// satellites run the STORAGE layer only (no DRBD module here), with FILE_THIN pools on loop devices.
// One stack is taken through a cluster's life; each step checks the controller itself afterwards.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../provider/cli";
import { checkStackFile } from "../../provider/stack";
import { scratchYamlStack, type ScratchStack } from "../../scripts/gitops";
import { assertEmpty, live, realClient, realCluster, useRealStack } from "./cluster";

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

async function replicaNodes(rd: string): Promise<string[]> {
  return (await live()).resources.filter((r) => same(r.resource, rd) && !r.deleting && !r.diskless).map((r) => r.node).sort();
}

/** The stack file of this suite: three nodes, a FILE_THIN pool on each, a group, two definitions. */
function stackYaml(opts: {
  nodes?: string[]; dataNodes?: string[]; dataSize?: string; dataProps?: Record<string, string>;
  snapshot?: boolean; backingPool?: (dir: string) => string; webNodes?: string[];
} = {}): string {
  const sats = realCluster().satellites.filter((s) => (opts.nodes ?? ["n1", "n2", "n3"]).includes(s.name));
  const props = Object.entries(opts.dataProps ?? { "Aux/owner": "ops" }).map(([k, v]) => `${k}: ${v}`).join(", ");
  return [
    "nodes:",
    ...sats.map((s) => `  ${s.name}: { address: ${s.address}, onRemove: evacuate }`),
    "storagePools:",
    "  thin:",
    "    providerKind: FILE_THIN",
    "    nodes:",
    ...sats.map((s) => `      ${s.name}: { backingPool: ${(opts.backingPool ?? ((d) => d))(s.poolDir)} }`),
    "resourceGroups:",
    "  grp:",
    "    placement: { placeCount: 2, storagePools: [thin] }",
    "    props: { Aux/team: storage }",
    "resources:",
    "  data:",
    "    layers: [storage]",
    `    volumes: [${opts.dataSize ?? "20m"}]`,
    `    nodes: [${(opts.dataNodes ?? ["n1", "n2"]).join(", ")}]`,
    "    storagePool: thin",
    `    props: { ${props} }`,
    ...(opts.snapshot ? ["    snapshots:", "      s1: {}"] : []),
    "  web:",
    "    group: grp",
    "    layers: [storage]",
    "    volumes: [16m]",
    ...(opts.webNodes
      ? [`    nodes: [${opts.webNodes.join(", ")}]`, "    storagePool: thin"]
      : ["    autoPlace: { count: 1, storagePools: [thin], doNotPlaceWith: [data] }"]),
    "",
  ].join("\n");
}

describe("the provider against a real LINSTOR controller (STORAGE layer, FILE_THIN pools)", function () {
  this.timeout(900_000);
  const s = useRealStack("provider", () => stackYaml(), { destroy: false });

  it("a pool directory the controller would refuse (a dot in its path) stops validate and preview before any write", async () => {
    s().write(stackYaml({ backingPool: (d) => `${d}/pools.d` }));
    const check = checkStackFile(s().file);
    assert.ok(!check.ok, "validate accepted a backing pool with a dot");
    assert.ok(check.problems.some((p) => /cannot be a backing pool: LINSTOR allows only letters, digits/.test(p.message)),
      check.problems.map((p) => p.message).join("\n"));
    await assert.rejects(s().stack.preview(), /cannot be a backing pool/);
    await assertEmpty();
  });

  it("up: nodes, FILE_THIN pools, a group with props, STORAGE-only replicas on explicit nodes and auto-placed", async () => {
    s().write(stackYaml());
    await s().stack.up();
    const l = await live();
    assert.deepStrictEqual(l.nodes.map((n) => `${n.name}:${n.connectionStatus}`).sort(), ["n1:ONLINE", "n2:ONLINE", "n3:ONLINE"]);
    assert.deepStrictEqual(l.storagePools.filter((p) => p.name === "thin").map((p) => `${p.node}:${p.providerKind}`).sort(),
      ["n1:FILE_THIN", "n2:FILE_THIN", "n3:FILE_THIN"]);
    const grp = l.resourceGroups.find((g) => g.name === "grp");
    assert.strictEqual(grp?.props["Aux/team"], "storage", "the group's props (LINSTOR drops them from the create call)");
    assert.strictEqual(grp?.placement.placeCount, 2);
    assert.deepStrictEqual(await replicaNodes("data"), ["n1", "n2"]);
    for (const r of l.resources.filter((x) => same(x.resource, "data"))) {
      assert.deepStrictEqual(r.layers, ["STORAGE"]);
      assert.ok(r.volumes[0]?.devicePath, `data on ${r.node} has no device`);
    }
    assert.deepStrictEqual(await replicaNodes("web"), ["n3"], "web is placed where data is not");
    // The stack places both definitions' replicas: the controller's balancer is switched off in the
    // definition's create call (LINSTOR 1.34 takes props there), and the key is not claimed as the
    // stack's own (the definition's later updates never remove it).
    for (const name of ["data", "web"]) {
      const rd = l.resourceDefinitions.find((d) => same(d.name, name));
      assert.strictEqual(rd?.props.BalanceResourcesEnabled, "false", `${name}: ${JSON.stringify(rd?.props)}`);
      assert.ok(!(rd?.props["Aux/pulumi-linstor/managed-props"] ?? "").includes("BalanceResourcesEnabled"), `${name} claims the balance key`);
    }
  });

  it("a second up changes nothing: props the controller adds (NodeUname, CurStltConnName, quorum) are not drift", async () => {
    const node = await realClient().nodes.get("n1");
    assert.ok(node.props?.NodeUname, "the controller adds NodeUname");
    const preview = await s().stack.preview();
    const changes = Object.entries(preview.changeSummary).filter(([op, n]) => op !== "same" && (n ?? 0) > 0);
    assert.deepStrictEqual(changes, [], `a no-op preview proposes ${JSON.stringify(preview.changeSummary)}`);
    const refreshed = await s().stack.refresh();
    assert.deepStrictEqual(Object.entries(refreshed.summary.resourceChanges ?? {}).filter(([op, n]) => op !== "same" && (n ?? 0) > 0), []);
  });

  it("grow: the volume definition grows in place", async () => {
    s().write(stackYaml({ dataSize: "30m" }));
    await s().stack.up();
    const rd = (await live()).resourceDefinitions.find((d) => same(d.name, "data"));
    assert.strictEqual(rd?.volumes[0]?.sizeKib, 30 * 1024);
  });

  it("move: a replica moves from n2 to n3 (added, ready, then removed)", async () => {
    s().write(stackYaml({ dataSize: "30m", dataNodes: ["n1", "n3"] }));
    await s().stack.up();
    assert.deepStrictEqual(await replicaNodes("data"), ["n1", "n3"]);
  });

  it("props set by others are kept when the stack changes its own", async () => {
    await realClient().resourceDefinitions.modify("data", { override_props: { "Aux/foreign": "keep" } });
    s().write(stackYaml({ dataSize: "30m", dataNodes: ["n1", "n3"], dataProps: { "Aux/owner": "dev" } }));
    await s().stack.up();
    const rd = (await live()).resourceDefinitions.find((d) => same(d.name, "data"));
    assert.strictEqual(rd?.props["Aux/owner"], "dev");
    assert.strictEqual(rd?.props["Aux/foreign"], "keep");
  });

  it("drift: a replica deleted by hand shows in refresh and comes back with the next up", async () => {
    // The satellite may report a clean-up error for the loop device while the replica goes anyway.
    await realClient().resources.delete("data", "n3").catch((err: Error) => console.log(`      (the controller answered the delete with: ${err.message})`));
    for (let i = 0; i < 60 && (await replicaNodes("data")).includes("n3"); i++) await new Promise((r) => setTimeout(r, 500));
    assert.deepStrictEqual(await replicaNodes("data"), ["n1"], "the replica deleted by hand is still there");
    const refreshed = await s().stack.refresh();
    assert.ok((refreshed.summary.resourceChanges?.update ?? 0) >= 1, `refresh saw no drift: ${JSON.stringify(refreshed.summary.resourceChanges)}`);
    await s().stack.up();
    assert.deepStrictEqual(await replicaNodes("data"), ["n1", "n3"]);
  });

  it("snapshots: the controller refuses them on FILE_THIN here; the refusal is reported and nothing is left behind", async () => {
    s().write(stackYaml({ dataSize: "30m", dataNodes: ["n1", "n3"], dataProps: { "Aux/owner": "dev" }, snapshot: true }));
    await assert.rejects(s().stack.up(), /does not support snapshots/);
    assert.deepStrictEqual((await live()).snapshots, []);
    s().write(stackYaml({ dataSize: "30m", dataNodes: ["n1", "n3"], dataProps: { "Aux/owner": "dev" } }));
    await s().stack.up();
  });

  it("export writes the live cluster as a stack that a second stack adopts without recreating anything", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pl-real-export-"));
    const file = path.join(dir, "exported.yaml");
    const lines: string[] = [];
    const code = await main(["export", "--endpoint", realCluster().endpoint, "-o", file], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    assert.strictEqual(code, 0, lines.join("\n"));
    const check = checkStackFile(file);
    assert.ok(check.ok, check.ok ? "" : check.problems.map((p) => p.message).join("\n"));
    const uuids = async (): Promise<string[]> => (await realClient().resources.view({})).map((r) => `${r.name}/${r.node_name}/${r.uuid}`).sort();
    const before = await uuids();
    let adopter: ScratchStack | undefined;
    try {
      adopter = await scratchYamlStack(realCluster().endpoint, file, "real-adopt");
      await adopter.stack.up();
      assert.deepStrictEqual(await uuids(), before, "adopting recreated replicas");
      const again = await adopter.stack.preview();
      assert.deepStrictEqual(Object.entries(again.changeSummary).filter(([op, n]) => op !== "same" && (n ?? 0) > 0), []);
    } finally {
      await adopter?.dispose(); // its state only: the objects stay with the first stack
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("node removal with onRemove: evacuate is refused for a volume without DRBD (its data could not move); taken out of the stack by hand, the node goes", async () => {
    assert.deepStrictEqual(await replicaNodes("web"), ["n3"]);
    s().write(stackYaml({ nodes: ["n1", "n2"], dataSize: "30m", dataNodes: ["n1", "n2"], dataProps: { "Aux/owner": "dev" } }));
    await assert.rejects(s().stack.up(), /(node n3|storage pool thin on n3) cannot be evacuated: web has no DRBD layer, so LINSTOR cannot move its data/);
    assert.deepStrictEqual((await live()).nodes.map((n) => n.name).sort(), ["n1", "n2", "n3"], "nothing was changed");
    assert.deepStrictEqual(await replicaNodes("web"), ["n3"]);
    // The user places web on n1 (its data on n3 is deleted: the plan and a warning say so) and drops n3.
    s().write(stackYaml({ nodes: ["n1", "n2"], dataSize: "30m", dataNodes: ["n1", "n2"], dataProps: { "Aux/owner": "dev" }, webNodes: ["n1"] }));
    await s().stack.up();
    const l = await live();
    assert.deepStrictEqual(l.nodes.map((n) => n.name).sort(), ["n1", "n2"]);
    assert.deepStrictEqual(await replicaNodes("data"), ["n1", "n2"]);
    assert.deepStrictEqual(await replicaNodes("web"), ["n1"]);
  });

  it("destroy leaves the controller empty", async () => {
    await s().stack.destroy();
    await assertEmpty();
  });
});
