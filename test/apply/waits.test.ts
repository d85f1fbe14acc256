// Readiness checkers against recorded state transitions (a fake client plays back what the
// controller answered, poll by poll), like pulumi-kubernetes tests its await conditions.

import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ProgressEvent, WaitTimeoutError } from "../../provider/apply";
import { DEFAULT_BUDGETS, waitReplicaGone, waitSynced, WaitContext } from "../../provider/apply/waits";
import type { ClusterApi } from "../../provider/client/cluster-api";
import { toLiveReplica } from "../../provider/client/live";
import type * as rest from "../../provider/client/types";

const replica = (node: string, disk: string | undefined, extra: Partial<rest.Resource> = {}, repl?: Record<string, { replication_state: string; done_percentage?: number }>): rest.Resource => ({
  name: "SharedData", node_name: node, flags: [], props: { StorPoolName: "thinpool" },
  volumes: [{ volume_number: 0, storage_pool_name: "thinpool", state: disk === undefined ? undefined : { disk_state: disk, replication_states: repl } }],
  ...extra,
});

/** The three methods the waits call, answering from recorded rounds (the last one repeats). */
function playback(rounds: rest.Resource[][]): { client: ClusterApi; polls: () => number } {
  let i = 0;
  const current = (): rest.Resource[] => rounds[Math.min(i, rounds.length - 1)];
  const client = {
    replicas: {
      withStates: async () => { const r = current(); i++; return r.map(toLiveReplica); },
      read: async (_rd: string, node: string) => {
        const r = current().find((x) => x.node_name === node);
        i++;
        return r && toLiveReplica(r);
      },
    },
    definitions: { syncedOnAll: async () => false },
  } as unknown as ClusterApi;
  return { client, polls: () => i };
}

const ctx = (api: ClusterApi, events: ProgressEvent[], budgets = {}): WaitContext => ({
  api, budgets: { ...DEFAULT_BUDGETS, ...budgets }, poll: { initialMs: 1, factor: 1, maxMs: 1 }, onProgress: (e) => events.push(e),
});

describe("wait conditions on recorded state transitions", () => {
  it("synced: a STORAGE-only replica of a real 1.34 controller (state {}, no disk state) is ready once its volume has a device", async () => {
    const recorded = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "real-1.34", "storage-only-replica.json"), "utf8")) as { before: rest.Resource; after: rest.Resource };
    const rename = (r: rest.Resource): rest.Resource => ({ ...r, name: "SharedData" });
    const { client, polls } = playback([[rename(recorded.before)], [rename(recorded.before)], [rename(recorded.after)]]);
    const events: ProgressEvent[] = [];
    await waitSynced(ctx(client, events), "SharedData", ["n1"]);
    assert.strictEqual(polls(), 3);
    assert.match(String((events[0] as { state?: string } | undefined)?.state), /n1: volume 0 not created yet/);
    // Without a DRBD layer nothing ever reports UpToDate: the wait must not ask for it.
    assert.strictEqual(recorded.after.volumes?.[0]?.state, undefined);
  });


  it("synced: Inconsistent → SyncTarget(x%) → UpToDate, reporting percent and the node that holds it up", async () => {
    const { client } = playback([
      [replica("kronos", "UpToDate"), replica("vulcan", "Inconsistent")],
      [replica("kronos", "UpToDate"), replica("vulcan", "SyncTarget(12.50%)")],
      [replica("kronos", "UpToDate"), replica("vulcan", "Inconsistent", {}, { kronos: { replication_state: "SyncTarget", done_percentage: 80 } })],
      [replica("kronos", "UpToDate"), replica("vulcan", "UpToDate")],
    ]);
    const events: ProgressEvent[] = [];
    await waitSynced(ctx(client, events), "SharedData", ["vulcan"]);
    const waits = events.filter((e): e is Extract<ProgressEvent, { type: "wait" }> => e.type === "wait");
    assert.deepStrictEqual(waits.map((w) => [w.state, w.node, w.percent]), [
      ["vulcan: volume 0 Inconsistent", "vulcan", undefined],
      ["vulcan: volume 0 SyncTarget(12.50%)", "vulcan", 12.5],
      ["vulcan: volume 0 Inconsistent", "vulcan", 80],
      ["all UpToDate", undefined, undefined],
    ]);
  });

  it("synced: an offline node (no volume state) holds the wait up until the budget ends", async () => {
    const { client } = playback([[replica("kronos", "UpToDate"), replica("vulcan", undefined)]]);
    await assert.rejects(waitSynced(ctx(client, [], { synced: 30 }), "SharedData"), (e: unknown) => {
      assert.ok(e instanceof WaitTimeoutError);
      assert.strictEqual(e.node, "vulcan");
      assert.strictEqual(e.kind, "synced");
      assert.match(e.lastState, /vulcan: volume 0 unknown \(no report\)/);
      assert.match(e.message, /^timed out after 30 ms waiting for SharedData to be UpToDate on all diskful replicas \(held up by vulcan\)/);
      return true;
    });
  });

  it("synced: diskless replicas and tiebreakers are not waited for", async () => {
    const { client, polls } = playback([[replica("kronos", "UpToDate"), replica("remus", "Diskless", { flags: ["DISKLESS", "DRBD_DISKLESS", "TIE_BREAKER"] })]]);
    await waitSynced(ctx(client, []), "SharedData");
    assert.strictEqual(polls(), 1);
  });

  it("replica gone: DELETE flag → gone; a tiebreaker left behind is handed to the caller", async () => {
    const { client } = playback([
      [replica("kronos", "UpToDate", { flags: ["DELETE"] })],
      [replica("kronos", "Diskless", { flags: ["DISKLESS", "DRBD_DISKLESS", "TIE_BREAKER"] })],
      [],
    ]);
    const seen: string[] = [];
    await waitReplicaGone(ctx(client, []), "SharedData", "kronos", async (r) => {
      seen.push(r.flags.join(","));
      return "continue";
    });
    assert.deepStrictEqual(seen, ["DISKLESS,DRBD_DISKLESS,TIE_BREAKER"]);
  });
});
