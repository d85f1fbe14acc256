// The seed walkthrough in TypeScript: the cluster as it should be after each step. A real project
// imports "pulumi-linstor"; this example imports the source next door so it runs in this repo.

import * as pulumi from "@pulumi/pulumi";
import * as linstor from "../../provider";

/** The seed cluster's nodes (as the simulator's --seed-cluster registers them). */
export const SEED_NODES: Record<string, string> = {
  vulcan: "192.168.122.11",
  kronos: "192.168.122.12",
  remus: "192.168.122.13",
  romulus: "192.168.122.14",
};

export const STEPS = [
  "LocalData on vulcan and kronos (storage layer only)",
  "SharedData, DRBD, auto-placed on three nodes",
  "move SharedData from kronos to vulcan",
  "delete LocalData",
  "snapshot Snap1 of SharedData on romulus and remus",
  "restore Snap1 into SharedData_Restore",
  "roll SharedData back to Snap1",
  "every replica back: SharedData on vulcan, remus and romulus, the rollback not repeated",
] as const;

/** Builds the resources of step `step` (1-based) and returns the stack outputs. */
export function walkthrough(step: number): Record<string, pulumi.Output<unknown>> {
  const outputs: Record<string, pulumi.Output<unknown>> = {};
  // The nodes and their pools exist before the walkthrough starts: the stack adopts them.
  const pools: linstor.StoragePool[] = [];
  for (const [name, address] of Object.entries(SEED_NODES)) {
    const node = new linstor.Node(name, { name, address, adopt: true });
    pools.push(new linstor.StoragePool(`${name}-thinpool`, {
      node: node.name, name: "thinpool", providerKind: "LVM_THIN", backingPool: "drbdpool/thinpool", adopt: true,
    }, { dependsOn: [node] }));
  }

  if (step < 4) {
    const rd = new linstor.ResourceDefinition("LocalData", { name: "LocalData", layerStack: ["STORAGE"] });
    const vd = new linstor.VolumeDefinition("LocalData-0", { resource: rd.name, size: "150m" });
    const r = new linstor.Resource("LocalData-replicas", {
      resource: rd.name, nodes: ["vulcan", "kronos"], storagePool: "thinpool",
    }, { dependsOn: [vd, ...pools] });
    outputs.localData = pulumi.all([r.diskfulNodes, r.backingVolumes]).apply(([nodes, backing]) => ({ nodes, backing }));
  }

  if (step >= 2) {
    const rd = new linstor.ResourceDefinition("SharedData", { name: "SharedData", layerStack: ["DRBD", "STORAGE"] });
    const vd = new linstor.VolumeDefinition("SharedData-0", { resource: rd.name, size: "150m" });
    const placement = step === 2
      ? { autoPlace: { placeCount: 3, storagePools: ["thinpool"] } }
      : { nodes: ["vulcan", "remus", "romulus"], storagePool: "thinpool" };
    const r = new linstor.Resource("SharedData-replicas", {
      resource: rd.name, ...placement,
    }, { dependsOn: [vd, ...pools] });
    outputs.sharedData = pulumi.all([r.diskfulNodes, r.disklessNodes, r.port, r.minor, r.devicePath, r.backingVolumes])
      .apply(([nodes, diskless, port, minor, device, backing]) => ({ nodes, diskless, port, minor, device, backing }));

    if (step >= 5) {
      const snap = new linstor.Snapshot("Snap1", {
        resource: rd.name, name: "Snap1", nodes: ["romulus", "remus"],
        // Step 7 sets the trigger: SharedData goes back to Snap1 (vulcan, which lacks it, is moved out and back).
        // Step 8 keeps it unchanged, so the rollback is not repeated; any replica still missing is re-added.
        rollbackTrigger: step >= 7 ? "rollback-1" : undefined,
      }, { dependsOn: [r] });
      outputs.snap1 = snap.snapshotNodes;

      if (step >= 6) {
        const restoreRd = new linstor.ResourceDefinition("SharedData_Restore", { name: "SharedData_Restore", layerStack: ["DRBD", "STORAGE"] });
        const restored = new linstor.Resource("SharedData_Restore-replicas", {
          resource: restoreRd.name, nodes: ["romulus", "remus"], storagePool: "thinpool",
          restoreFrom: { resource: "SharedData", snapshot: "Snap1" },
        }, { dependsOn: [snap, restoreRd] });
        outputs.sharedDataRestore = pulumi.all([restored.diskfulNodes, restored.devicePath])
          .apply(([nodes, device]) => ({ nodes, device }));
      }
    }
  }
  return outputs;
}
