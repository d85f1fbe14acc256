// The seed walkthrough as an operator would type it: one `linstor` command after another through
// the raw REST client, no planning, no Pulumi. Waits are what a careful script does: poll the
// resource list (with the provider's own backoff) until the new replica is UpToDate before the
// old one goes.

import { pollUntil } from "../provider/apply/poll";
import type { LinstorClient } from "../provider/client";
import { toLiveReplica } from "../provider/client/live";
import type { LiveReplica } from "../provider/model/types";

const SIZE_KIB = 150 * 1024;
const POOL = { StorPoolName: "thinpool" };

/** Waits until every diskful replica of rd on `nodes` has all volumes UpToDate. */
async function waitUpToDate(c: LinstorClient, rd: string, nodes: string[]): Promise<void> {
  await pollUntil({
    kind: "synced", resource: rd, what: `${rd} UpToDate on ${nodes.join(", ")}`, budgetMs: 120_000,
    check: async () => {
      // The view, not /v1/resource-definitions/{rd}/resources: only the view carries volume states.
      const rs = (await c.resources.view({ resources: [rd] })).map(toLiveReplica);
      const upToDate = (r: LiveReplica): boolean => r.volumes.length > 0 && r.volumes.every((v) => v.diskState === "UpToDate");
      const done = nodes.every((n) => rs.some((r) => r.node === n && !r.diskless && upToDate(r)));
      return { done, state: done ? "UpToDate" : "syncing" };
    },
  });
}

/** Deletes a replica; the controller may turn the last but two into a tiebreaker: delete that too. */
async function deleteReplica(c: LinstorClient, rd: string, node: string): Promise<void> {
  await c.resources.delete(rd, node);
  const left = (await c.resources.list(rd)).find((r) => r.node_name === node);
  if (left) await c.resources.delete(rd, node);
}

async function createDefinition(c: LinstorClient, name: string, layers: string[]): Promise<void> {
  await c.resourceDefinitions.create({ resource_definition: { name, layer_data: layers.map((type) => ({ type })) } });
  await c.volumeDefinitions.create(name, { volume_definition: { size_kib: SIZE_KIB } });
}

/** Step n (1-based) of the walkthrough, on the seed cluster, as plain client calls. */
export async function rawStep(c: LinstorClient, step: number): Promise<void> {
  switch (step) {
    case 1: // linstor rd c LocalData --layer-list storage; vd c LocalData 150M; r c vulcan kronos LocalData -s thinpool
      await createDefinition(c, "LocalData", ["STORAGE"]);
      await c.resources.create("LocalData", ["vulcan", "kronos"].map((node_name) => ({ resource: { node_name, props: POOL } })));
      return;
    case 2: // linstor rd c SharedData; vd c SharedData 150M; r c SharedData --auto-place 3 -s thinpool
      await createDefinition(c, "SharedData", ["DRBD", "STORAGE"]);
      await c.resources.autoPlace("SharedData", { layer_list: ["DRBD", "STORAGE"], select_filter: { place_count: 3, storage_pool: "thinpool" } });
      await waitUpToDate(c, "SharedData", await diskfulNodes(c, "SharedData"));
      return;
    case 3: // add vulcan, wait for the resync, remove kronos
      await c.resources.create("SharedData", [{ resource: { node_name: "vulcan", props: POOL } }]);
      await waitUpToDate(c, "SharedData", ["vulcan"]);
      await deleteReplica(c, "SharedData", "kronos");
      return;
    case 4:
      await c.resourceDefinitions.delete("LocalData");
      return;
    case 5:
      await c.snapshots.create("SharedData", { name: "Snap1", nodes: ["romulus", "remus"] });
      return;
    case 6:
      await c.resourceDefinitions.create({ resource_definition: { name: "SharedData_Restore", layer_data: [{ type: "DRBD" }, { type: "STORAGE" }] } });
      await c.snapshots.restoreVolumeDefinitions("SharedData", "Snap1", "SharedData_Restore");
      await c.snapshots.restoreResource("SharedData", "Snap1", { to_resource: "SharedData_Restore", nodes: ["romulus", "remus"] });
      return;
    case 7: // vulcan lacks Snap1: remove it, roll back, add it again and let it resync
      await deleteReplica(c, "SharedData", "vulcan");
      await c.snapshots.rollback("SharedData", "Snap1");
      await c.resources.create("SharedData", [{ resource: { node_name: "vulcan", props: POOL } }]);
      await waitUpToDate(c, "SharedData", ["vulcan"]);
      return;
    case 8: // every replica is back after step 7: linstor resource list
      await c.resources.list("SharedData");
      return;
    default:
      throw new Error(`no step ${step}`);
  }
}

async function diskfulNodes(c: LinstorClient, rd: string): Promise<string[]> {
  return (await c.resources.list(rd)).map(toLiveReplica).filter((r) => !r.diskless).map((r) => r.node);
}

export const RAW_STEPS = 8;
