// The scale workload: `definitions` resource definitions, each with one 10 MiB volume and three
// explicit replicas spread round-robin over 6 nodes, on a cluster made through the client first
// (what an installer leaves behind). Every contender starts from that cluster; the Pulumi one
// declares it in its YAML stack with `adopt: true` and adds the definitions.

import { stringify } from "yaml";
import type { LinstorClient } from "../provider/client";
import type { SimHandle } from "../harness/sim";
import { startBenchSim } from "./sim";

export const POOL = "thinpool";
export const NODES = 6;
const BACKING = "drbdpool/thinpool";

export function nodeNames(count = NODES): string[] {
  return Array.from({ length: count }, (_, i) => `bench-node-${String(i + 1).padStart(2, "0")}`);
}

const address = (i: number): string => `10.0.0.${i + 10}`;

/** Nodes with an LVM_THIN pool each, made through the REST client. */
export async function makeCluster(c: LinstorClient, nodes: string[] = nodeNames()): Promise<void> {
  for (const [i, name] of nodes.entries()) {
    await c.nodes.create({
      name, type: "SATELLITE",
      net_interfaces: [{ name: "default", address: address(i), satellite_port: 3366, satellite_encryption_type: "PLAIN" }],
    });
    await c.storagePools.create(name, { storage_pool_name: POOL, provider_kind: "LVM_THIN", props: { "StorDriver/StorPoolName": BACKING } });
  }
}

/** Runs fn on a fresh simulator (balancing off) holding the cluster, and stops it afterwards. */
export async function withCluster<T>(fn: (sim: SimHandle) => Promise<T>): Promise<T> {
  const sim = await startBenchSim({ seedCluster: false });
  try {
    await makeCluster(sim.client());
    return await fn(sim);
  } finally {
    await sim.stop();
  }
}

export function definitionName(i: number): string {
  return `bench-${String(i).padStart(4, "0")}`;
}

/** Where definition i has its replicas: three neighbouring nodes. */
export function placement(i: number, nodes: string[] = nodeNames()): string[] {
  return [0, 1, 2].map((k) => nodes[(i + k) % nodes.length]);
}

/** The move workload: definition i's replica on its first node goes to the node opposite. */
export function moveOf(i: number, nodes: string[] = nodeNames()): { from: string; to: string } {
  return { from: nodes[i % nodes.length], to: nodes[(i + 3) % nodes.length] };
}

/** After the move: the moved replica first, where it was. */
export function movedPlacement(i: number, nodes: string[] = nodeNames()): string[] {
  return [moveOf(i, nodes).to, ...placement(i, nodes).slice(1)];
}

/**
 * The same definitions as a Pulumi YAML program served by the provider plugin at `pluginDir` (the
 * front door a large stack can take instead of the Node SDK; its program side is
 * pulumi-language-yaml). It declares no nodes or pools: the cluster is there already.
 */
export function scalePluginProgram(definitions: number, pluginDir: string): string {
  const lines = ["name: pulumi-linstor-scale", "runtime: yaml", "plugins:", "  providers:", "    - name: linstor", `      path: ${pluginDir}`, "resources:"];
  for (let i = 0; i < definitions; i++) {
    const name = definitionName(i);
    lines.push(
      `  ${name}:`, "    type: linstor:index:ResourceDefinition", `    properties: { name: ${name}, layerStack: [DRBD, STORAGE] }`,
      `  ${name}-0:`, "    type: linstor:index:VolumeDefinition", `    properties: { resource: "\${${name}.name}", size: 10m }`,
      `  ${name}-replicas:`, "    type: linstor:index:Resource", `    properties: { resource: "\${${name}.name}", nodes: [${placement(i).join(", ")}], storagePool: ${POOL} }`,
      `    options: { dependsOn: ["\${${name}-0}"] }`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The YAML stack (config linstor:stack) of the cluster and `definitions` definitions placed by `place`. */
export function scaleStackYaml(definitions: number, place: (i: number) => string[] = (i) => placement(i)): string {
  const nodes = nodeNames();
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < definitions; i++) {
    resources[definitionName(i)] = { layers: ["drbd", "storage"], volumes: ["10m"], nodes: place(i), storagePool: POOL };
  }
  return stringify({
    adopt: true,
    nodes: Object.fromEntries(nodes.map((n, i) => [n, { address: address(i) }])),
    storagePools: { [POOL]: { providerKind: "LVM_THIN", backingPool: BACKING, nodes } },
    ...(definitions > 0 ? { resources } : {}),
  });
}
