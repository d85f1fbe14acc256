// The seed article's cluster: vulcan, kronos, remus, romulus, each ONLINE with an LVM_THIN pool
// "thinpool" on drbdpool/thinpool (plus the automatic DfltDisklessStorPool).
import type { SimCore } from "./core";
import { addNode } from "./domain/nodes";
import { addPool } from "./domain/storage-pools";

export const SEED_NODES = [
  { name: "vulcan", address: "192.168.122.11" },
  { name: "kronos", address: "192.168.122.12" },
  { name: "remus", address: "192.168.122.13" },
  { name: "romulus", address: "192.168.122.14" },
];

export function seedCluster(sim: SimCore): void {
  for (const s of SEED_NODES) {
    if (sim.findNode(s.name)) continue;
    const n = addNode(sim, {
      name: s.name,
      type: "Satellite",
      net_interfaces: [{ name: "default", address: s.address, satellite_port: 3366, satellite_encryption_type: "Plain", is_active: true }],
    });
    addPool(sim, n, { storage_pool_name: "thinpool", provider_kind: "LVM_THIN", props: { "StorDriver/StorPoolName": "drbdpool/thinpool" } });
  }
}
