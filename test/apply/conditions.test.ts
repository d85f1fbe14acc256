// The readiness conditions of the waits, table-driven on controller answers: first the answers a
// real LINSTOR 1.34 gave (test/fixtures, test/conformance/recorded), read through the client's own
// conversion and not-found rule; then DRBD states in the simulator's shape (the real recording has
// no DRBD layer). Like pulumi-kubernetes tests its await conditions on recorded objects.

import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
  definitionGoneCondition, nodeGoneCondition, replicaGoneCondition, snapshotGoneCondition, snapshotSuccessfulCondition,
  syncedCondition,
} from "../../provider/apply/conditions";
import { WaitFailedError } from "../../provider/apply/errors";
import type { Observation } from "../../provider/apply/poll";
import { isNotFound, LinstorApiError } from "../../provider/client/errors";
import { toLiveNode, toLiveReplica, toLiveResourceDefinition, toLiveSnapshot } from "../../provider/client/live";
import { decodeRc, RawApiCallRc } from "../../provider/client/rc";
import type * as rest from "../../provider/client/types";
import { readRecorded } from "../conformance/fixtures";

/** One recorded call's answer as the client reads it: the object, or undefined for a not-found error. */
function recorded<W, L>(sequence: string, id: string, to: (w: W) => L): L | undefined {
  const call = readRecorded(sequence)?.calls.find((c) => c.id === id);
  if (!call) throw new Error(`no recorded call ${sequence}/${id}`);
  if (call.status >= 400) {
    const err = new LinstorApiError((call.body as unknown as RawApiCallRc[]).map(decodeRc), call.status, { method: call.method, path: call.path });
    assert.ok(isNotFound(err), `${sequence}/${id} is a not-found answer`);
    return undefined;
  }
  return to(call.body as unknown as W);
}

const storageOnly = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "real-1.34", "storage-only-replica.json"), "utf8")) as { before: rest.Resource; after: rest.Resource };

interface Case {
  name: string;
  check: () => Observation;
  /** Expected observation (fields compared when given), or the error the condition throws. */
  want: Partial<Observation> | RegExp;
}

const recordedCases: Case[] = [
  {
    name: "synced: a STORAGE-only replica the satellite has not reported yet is not ready",
    check: () => syncedCondition("data", "data", [toLiveReplica(storageOnly.before)], ["n1"]),
    want: { done: false, state: "n1: volume 0 not created yet" },
  },
  {
    name: "synced: the same replica with its device path is ready (no DRBD: nothing reports UpToDate)",
    check: () => syncedCondition("data", "data", [toLiveReplica(storageOnly.after)], ["n1"]),
    want: { done: true, state: "all UpToDate" },
  },
  {
    name: "synced: the recorded view of a created STORAGE volume is ready on every diskful replica",
    check: () => syncedCondition("cfvol", "cfvol", recorded<rest.Resource[], rest.Resource[]>("storage-volumes", "view-resource", (b) => b)?.map(toLiveReplica) ?? []),
    want: { done: true },
  },
  {
    name: "synced: a named node without a diskful replica fails at once",
    check: () => syncedCondition("cfvol on n2", "cfvol", recorded<rest.Resource[], rest.Resource[]>("storage-volumes", "view-resource", (b) => b)?.map(toLiveReplica) ?? [], ["n2"]),
    want: /no diskful replica of cfvol on n2/,
  },
  {
    name: "definition gone: a definition the controller still returns is not gone",
    check: () => definitionGoneCondition(recorded("create-and-place", "rd-get", toLiveResourceDefinition), []),
    want: { done: false, state: "flags none" },
  },
  {
    name: "definition gone: the controller's 404 after a delete means gone",
    check: () => definitionGoneCondition(recorded("rd-delete", "get-deleted", toLiveResourceDefinition), []),
    want: { done: true, state: "gone" },
  },
  {
    name: "replica gone: the controller's 404 for a replica means gone",
    check: () => replicaGoneCondition("n1", recorded("http-errors", "get-missing-rsc", toLiveReplica)),
    want: { done: true, state: "gone" },
  },
  {
    name: "node gone: the controller's 404 for a node means gone",
    check: () => nodeGoneCondition(recorded("http-errors", "get-missing-node", toLiveNode)),
    want: { done: true, state: "gone" },
  },
];

// DRBD replicas and snapshots in the simulator's answer shape.
const drbd = (node: string, disk: string | undefined, extra: Partial<rest.Resource> = {}, repl?: Record<string, { replication_state: string; done_percentage?: number }>): rest.Resource => ({
  name: "SharedData", node_name: node, flags: [], props: { StorPoolName: "thinpool" },
  volumes: [{ volume_number: 0, storage_pool_name: "thinpool", state: disk === undefined ? undefined : { disk_state: disk, replication_states: repl } }],
  ...extra,
});
const tiebreaker = drbd("remus", "Diskless", { flags: ["DISKLESS", "DRBD_DISKLESS", "TIE_BREAKER"] });
const snapshot = (flags: string[]): rest.Snapshot => ({ name: "s1", resource_name: "SharedData", nodes: ["kronos"], flags });
const synced = (replicas: rest.Resource[], nodes?: string[]) => () => syncedCondition("SharedData", "SharedData", replicas.map(toLiveReplica), nodes);

const drbdCases: Case[] = [
  { name: "synced: Inconsistent names the node", check: synced([drbd("kronos", "UpToDate"), drbd("vulcan", "Inconsistent")]), want: { done: false, state: "vulcan: volume 0 Inconsistent", node: "vulcan" } },
  { name: "synced: SyncTarget(12.50%) reports the percent", check: synced([drbd("vulcan", "SyncTarget(12.50%)")]), want: { done: false, node: "vulcan", percent: 12.5 } },
  {
    name: "synced: the peer's replication state gives the percent when the disk state has none",
    check: synced([drbd("kronos", "UpToDate"), drbd("vulcan", "Inconsistent", {}, { kronos: { replication_state: "SyncTarget", done_percentage: 80 } })]),
    want: { done: false, percent: 80 },
  },
  { name: "synced: the slowest replica holds the wait up", check: synced([drbd("a", "SyncTarget(90.00%)"), drbd("b", "SyncTarget(10.00%)")]), want: { node: "b", percent: 10 } },
  { name: "synced: an offline node (no volume state) is not ready", check: synced([drbd("vulcan", undefined)]), want: { done: false, state: "vulcan: volume 0 unknown (no report)" } },
  { name: "synced: tiebreakers and diskless replicas are not waited for", check: synced([drbd("kronos", "UpToDate"), tiebreaker]), want: { done: true } },
  { name: "synced: a replica being deleted is not waited for", check: synced([drbd("kronos", "UpToDate"), drbd("vulcan", "Inconsistent", { flags: ["DELETE"] })]), want: { done: true } },
  { name: "replica gone: DELETE-flagged is still deleting", check: () => replicaGoneCondition("kronos", toLiveReplica(drbd("kronos", "UpToDate", { flags: ["DELETE"] }))), want: { done: false, state: "kronos: deleting (DELETE)", node: "kronos" } },
  { name: "replica gone: a tiebreaker left behind is not gone", check: () => replicaGoneCondition("remus", toLiveReplica(tiebreaker)), want: { done: false, state: "remus: tiebreaker (DISKLESS,DRBD_DISKLESS,TIE_BREAKER)" } },
  { name: "replica gone: a tiebreaker the step keeps ends the wait", check: () => replicaGoneCondition("remus", toLiveReplica(tiebreaker), true), want: { done: true, state: "remus: kept as tiebreaker" } },
  {
    name: "definition gone: a replica left names the node that holds the delete up",
    check: () => definitionGoneCondition(toLiveResourceDefinition({ name: "SharedData", flags: ["DELETE"] }), [toLiveReplica(drbd("kronos", "UpToDate", { flags: ["DELETE"] }))]),
    want: { done: false, state: "replicas left on kronos (deleting)", node: "kronos" },
  },
  { name: "snapshot: SUCCESSFUL ends the wait", check: () => snapshotSuccessfulCondition(toLiveSnapshot(snapshot(["SUCCESSFUL"]))), want: { done: true } },
  { name: "snapshot: still being taken", check: () => snapshotSuccessfulCondition(toLiveSnapshot(snapshot(["SHIPPING"]))), want: { done: false, state: "flags SHIPPING on kronos" } },
  { name: "snapshot: a FAILED flag fails the wait", check: () => snapshotSuccessfulCondition(toLiveSnapshot(snapshot(["FAILED_DEPLOYMENT"]))), want: /snapshot s1 of SharedData failed \(FAILED_DEPLOYMENT\)/ },
  { name: "snapshot gone: present, then gone", check: () => snapshotGoneCondition(toLiveSnapshot(snapshot(["DELETE"]))), want: { done: false, state: "flags DELETE" } },
  { name: "snapshot gone: absent", check: () => snapshotGoneCondition(undefined), want: { done: true, state: "gone" } },
  { name: "node gone: an evacuating node is not gone", check: () => nodeGoneCondition(toLiveNode({ name: "kronos", type: "SATELLITE", connection_status: "OFFLINE", flags: ["DELETE"] })), want: { done: false, state: "OFFLINE, flags DELETE", node: "kronos" } },
];

function run(c: Case): void {
  if (c.want instanceof RegExp) {
    assert.throws(c.check, (e: unknown) => e instanceof WaitFailedError && (c.want as RegExp).test(e.message));
    return;
  }
  const o = c.check();
  for (const [k, v] of Object.entries(c.want)) assert.deepStrictEqual(o[k as keyof Observation], v, `${k} of ${JSON.stringify(o)}`);
}

describe("wait conditions on answers of a real LINSTOR 1.34", () => {
  for (const c of recordedCases) it(c.name, () => run(c));
});

describe("wait conditions on DRBD states (simulator shape)", () => {
  for (const c of drbdCases) it(c.name, () => run(c));
});
