// The scale stack: `definitions` resource definitions, each with one 10 MiB volume and three
// explicit replicas spread round-robin over the nodes, on a cluster made through the client
// first (the nodes and pools are not part of the stack).

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as linstor from "../provider";
import type { LinstorClient } from "../provider/client";

export const POOL = "thinpool";

export function nodeNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `bench-node-${String(i + 1).padStart(2, "0")}`);
}

/** Nodes with an LVM_THIN pool each, made through the REST client (what an installer leaves behind). */
export async function makeCluster(c: LinstorClient, nodes: string[]): Promise<void> {
  for (const [i, name] of nodes.entries()) {
    await c.nodes.create({
      name, type: "SATELLITE",
      net_interfaces: [{ name: "default", address: `10.0.0.${i + 10}`, satellite_port: 3366, satellite_encryption_type: "PLAIN" }],
    });
    await c.storagePools.create(name, { storage_pool_name: POOL, provider_kind: "LVM_THIN", props: { "StorDriver/StorPoolName": "drbdpool/thinpool" } });
  }
}

export function definitionName(i: number): string {
  return `bench-${String(i).padStart(4, "0")}`;
}

/** What the scale stack holds: per definition its name and the three nodes of its replicas. */
export function scaleLayout(definitions: number, nodes: string[]): { name: string; on: string[] }[] {
  return Array.from({ length: definitions }, (_, i) => ({ name: definitionName(i), on: [0, 1, 2].map((k) => nodes[(i + k) % nodes.length]) }));
}

/** The Pulumi program (dynamic resources): 3 × definitions resources (RD, VD, replica set). */
export function scaleProgram(definitions: number, nodes: string[]): () => Promise<Record<string, unknown>> {
  return async () => {
    for (const { name, on } of scaleLayout(definitions, nodes)) {
      const rd = new linstor.ResourceDefinition(name, { name, layerStack: ["DRBD", "STORAGE"] });
      const vd = new linstor.VolumeDefinition(`${name}-0`, { resource: rd.name, size: "10m" });
      new linstor.Resource(`${name}-replicas`, { resource: rd.name, nodes: on, storagePool: POOL }, { dependsOn: [vd] });
    }
    return {};
  };
}

/**
 * The same stack as a Pulumi YAML program served by the provider plugin of this checkout: a
 * project folder in a temporary directory (the front door a large stack can take instead of
 * TypeScript; the program side is pulumi-language-yaml, not the Node SDK).
 */
export function scaleYamlProject(definitions: number, nodes: string[], pluginDir: string): string {
  const lines = ["name: pulumi-linstor-scale", "runtime: yaml", "plugins:", "  providers:", "    - name: linstor", `      path: ${pluginDir}`, "resources:"];
  for (const { name, on } of scaleLayout(definitions, nodes)) {
    lines.push(
      `  ${name}:`, "    type: linstor:index:ResourceDefinition", `    properties: { name: ${name}, layerStack: [DRBD, STORAGE] }`,
      `  ${name}-0:`, "    type: linstor:index:VolumeDefinition", `    properties: { resource: "\${${name}.name}", size: 10m }`,
      `  ${name}-replicas:`, "    type: linstor:index:Resource", `    properties: { resource: "\${${name}.name}", nodes: [${on.join(", ")}], storagePool: ${POOL} }`,
      `    options: { dependsOn: ["\${${name}-0}"] }`,
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pl-scale-yaml-"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), lines.join("\n") + "\n");
  return dir;
}
