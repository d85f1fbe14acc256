// The scale stack as a plain REST script would make it (what a user compares pulumi-linstor
// with): per definition create it with balancing off, its volume, its three replicas in one call,
// several definitions at a time; then one poll of the replica view until every volume is UpToDate.
// Same cluster, same end state as the Pulumi run.

import { pollUntil } from "../provider/apply/poll";
import type { LinstorClient } from "../provider/client";
import { toLiveReplica } from "../provider/client/live";
import { definitionName, POOL } from "./scale-program";

/** Definitions in flight at once (what `xargs -P 8` over a list would give). */
const CONCURRENCY = 8;

async function createOne(c: LinstorClient, i: number, nodes: string[]): Promise<void> {
  const name = definitionName(i);
  await c.resourceDefinitions.create({
    resource_definition: { name, layer_data: [{ type: "DRBD" }, { type: "STORAGE" }], props: { BalanceResourcesEnabled: "false" } },
  });
  await c.volumeDefinitions.create(name, { volume_definition: { size_kib: 10 * 1024 } });
  const on = [0, 1, 2].map((k) => nodes[(i + k) % nodes.length]);
  await c.resources.create(name, on.map((node_name) => ({ resource: { node_name, props: { StorPoolName: POOL } } })));
}

export async function rawScale(c: LinstorClient, definitions: number, nodes: string[]): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < definitions; i = next++) await createOne(c, i, nodes);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  await pollUntil({
    kind: "synced", resource: "*", what: "every replica UpToDate", budgetMs: 600_000,
    check: async () => {
      const rs = (await c.resources.view()).map(toLiveReplica);
      const done = rs.length === definitions * 3 && rs.every((r) => r.volumes.length > 0 && r.volumes.every((v) => v.diskState === "UpToDate"));
      return { done, state: done ? "UpToDate" : "syncing" };
    },
  });
}
