// The scale stack: `definitions` resource definitions, each with one 10 MiB volume and three
// explicit replicas spread round-robin over the nodes, on a cluster made through the client
// first (the nodes and pools are not part of the stack).

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

/** The Pulumi program: 3 × definitions resources (RD, VD, replica set). */
export function scaleProgram(definitions: number, nodes: string[]): () => Promise<Record<string, unknown>> {
  return async () => {
    for (let i = 0; i < definitions; i++) {
      const name = definitionName(i);
      const rd = new linstor.ResourceDefinition(name, { name, layerStack: ["DRBD", "STORAGE"] });
      const vd = new linstor.VolumeDefinition(`${name}-0`, { resource: rd.name, size: "10m" });
      const on = [0, 1, 2].map((k) => nodes[(i + k) % nodes.length]);
      new linstor.Resource(`${name}-replicas`, { resource: rd.name, nodes: on, storagePool: POOL }, { dependsOn: [vd] });
    }
    return {};
  };
}
