// filterLive answers a scoped reader from the cached snapshot: by scanning its lists for the first
// INDEX_AFTER_SCANS readers, through a per-snapshot index of the definitions' entries after that.
// Both must give what the controller's filters give (case-insensitive names, the list's own
// order), and a new snapshot must never be answered from an older one's index.
import * as assert from "assert";
import { filterLive, INDEX_AFTER_SCANS } from "../../provider/client/live";
import type { LiveCluster } from "../../provider/model/types";

/** A snapshot with only the fields filterLive looks at; definitions' entries interleaved. */
function snapshot(replicaNames: string[]): LiveCluster {
  return {
    nodes: [{ name: "alpha" }, { name: "Beta" }],
    storagePools: [{ node: "alpha", name: "p" }, { node: "beta", name: "p" }],
    resourceGroups: [{ name: "rg1" }, { name: "RG2" }],
    resourceDefinitions: ["data", "Logs", "web"].map((name) => ({ name })),
    resources: replicaNames.map((resource, i) => ({ resource, node: `n${i}` })),
    snapshots: [{ resource: "data", name: "s1" }, { resource: "WEB", name: "s1" }, { resource: "Data", name: "s2" }],
    controllerProps: { a: "1" },
    controllerVersion: "1.34.0",
  } as unknown as LiveCluster;
}

/** The same scope by scanning every list: what the index must reproduce. */
function scanned(c: LiveCluster, names: string[]): Pick<LiveCluster, "resourceDefinitions" | "resources" | "snapshots"> {
  const wanted = new Set(names.map((n) => n.toUpperCase()));
  const has = (n: string): boolean => wanted.has(n.toUpperCase());
  return {
    resourceDefinitions: c.resourceDefinitions.filter((d) => has(d.name)),
    resources: c.resources.filter((r) => has(r.resource)),
    snapshots: c.snapshots.filter((s) => has(s.resource)),
  };
}

describe("filterLive", () => {
  const replicas = ["data", "web", "DATA", "logs", "Web", "data"];

  for (const names of [["data"], ["WEB"], ["logs", "data"], ["web", "Data", "LOGS"], ["absent"], ["data", "absent"]]) {
    it(`definitions ${names.join(", ")}: the entries the list scan finds, in the list's order, scanned and indexed`, () => {
      const c = snapshot(replicas);
      // The same snapshot read past the point where it gets its index: every answer the same.
      for (let read = 0; read <= INDEX_AFTER_SCANS + 1; read++) {
        const got = filterLive(c, { resources: names });
        assert.deepStrictEqual(
          { resourceDefinitions: got.resourceDefinitions, resources: got.resources, snapshots: got.snapshots },
          scanned(c, names),
          `read ${read + 1}`,
        );
        assert.strictEqual(got.controllerVersion, "1.34.0");
      }
    });
  }

  it("a new snapshot is answered from its own lists, not from the index of the one before", () => {
    const first = snapshot(replicas);
    for (let read = 0; read <= INDEX_AFTER_SCANS; read++) assert.strictEqual(filterLive(first, { resources: ["logs"] }).resources.length, 1);
    const second = { ...first, resources: [...first.resources, { resource: "LOGS", node: "n9" }] } as LiveCluster;
    assert.deepStrictEqual(filterLive(second, { resources: ["logs"] }).resources.map((r) => r.node), ["n3", "n9"]);
    assert.strictEqual(filterLive(first, { resources: ["logs"] }).resources.length, 1);
  });

  it("nodes and groups filter their own lists and leave the definitions' lists whole", () => {
    const c = snapshot(replicas);
    const got = filterLive(c, { nodes: ["BETA"], resourceGroups: ["rg2"] });
    assert.deepStrictEqual(got.nodes.map((n) => n.name), ["Beta"]);
    assert.deepStrictEqual(got.storagePools.map((p) => p.node), ["beta"]);
    assert.deepStrictEqual(got.resourceGroups.map((g) => g.name), ["RG2"]);
    assert.strictEqual(got.resources.length, replicas.length);
    assert.strictEqual(got.resourceDefinitions.length, 3);
  });
});
