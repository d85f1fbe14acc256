// The raw REST contender: what a plain script on the REST API does (what a user compares
// pulumi-linstor with), 8 definitions at a time (what `xargs -P 8` over a list would give).
// create: per definition the definition with balancing off, its volume, its three replicas in one
// call; then one poll of the replica view until every volume is UpToDate.
// move: per definition a replica on the new node, a poll of that replica until UpToDate, then the
// delete of the old one.

import { pollUntil } from "../../provider/apply/poll";
import type { LinstorClient } from "../../provider/client";
import { toLiveReplica } from "../../provider/client/live";
import { definitionName, moveOf, placement, POOL } from "../scale-program";

const CONCURRENCY = 8;

async function eachDefinition(definitions: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < definitions; i = next++) await work(i);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
}

const upToDate = (volumes: { diskState?: string }[]): boolean => volumes.length > 0 && volumes.every((v) => v.diskState === "UpToDate");

async function createOne(c: LinstorClient, i: number): Promise<void> {
  const name = definitionName(i);
  await c.resourceDefinitions.create({
    resource_definition: { name, layer_data: [{ type: "DRBD" }, { type: "STORAGE" }], props: { BalanceResourcesEnabled: "false" } },
  });
  await c.volumeDefinitions.create(name, { volume_definition: { size_kib: 10 * 1024 } });
  await c.resources.create(name, placement(i).map((node_name) => ({ resource: { node_name, props: { StorPoolName: POOL } } })));
}

export async function rawScale(c: LinstorClient, definitions: number): Promise<void> {
  await eachDefinition(definitions, (i) => createOne(c, i));
  await pollUntil({
    kind: "synced", resource: "*", what: "every replica UpToDate", budgetMs: 600_000,
    check: async () => {
      const rs = (await c.resources.view()).map(toLiveReplica);
      const done = rs.length === definitions * 3 && rs.every((r) => upToDate(r.volumes));
      return { done, state: done ? "UpToDate" : "syncing" };
    },
  });
}

async function moveOne(c: LinstorClient, i: number): Promise<void> {
  const name = definitionName(i);
  const { from, to } = moveOf(i);
  await c.resources.create(name, [{ resource: { node_name: to, props: { StorPoolName: POOL } } }]);
  await pollUntil({
    kind: "synced", resource: name, what: `${name} UpToDate on ${to}`, budgetMs: 600_000,
    check: async () => {
      // the view: a replica read by itself carries no volumes
      const [r] = (await c.resources.view({ resources: [name], nodes: [to] })).map(toLiveReplica);
      const done = r !== undefined && upToDate(r.volumes);
      return { done, state: done ? "UpToDate" : "syncing" };
    },
  }, { maxMs: 500 });
  await c.resources.delete(name, from);
}

/** Moves one replica of each of the first `definitions` definitions (scale-program moveOf). */
export async function rawMove(c: LinstorClient, definitions: number): Promise<void> {
  await eachDefinition(definitions, (i) => moveOne(c, i));
}
