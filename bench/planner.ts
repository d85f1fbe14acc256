// Section 4: the planner alone (no HTTP, no engine) on a synthetic cluster of `replicas` replicas
// (definitions × 3 over 12 nodes): a plan where nothing changes, and one where 1 % of the
// definitions move a replica and 1 % are new.

import type { DesiredState, LiveCluster, LiveReplica, LiveResourceDefinition } from "../provider/model/types";
import { plan } from "../provider/plan";
import type { BenchConfig } from "./config";
import { median, round, since } from "./stats";

export interface PlannerResult {
  replicas: number;
  definitions: number;
  noop: { ms: number[]; medianMs: number; steps: number };
  changes: { ms: number[]; medianMs: number; steps: number };
}

const NODES = Array.from({ length: 12 }, (_, i) => `n${String(i + 1).padStart(2, "0")}`);
const SIZE_KIB = 10 * 1024;
const name = (i: number): string => `rd-${String(i).padStart(5, "0")}`;
const placed = (i: number): string[] => [0, 1, 2].map((k) => NODES[(i + k * 4) % NODES.length]);

export function syntheticLive(definitions: number): LiveCluster {
  const resourceDefinitions: LiveResourceDefinition[] = [];
  const resources: LiveReplica[] = [];
  for (let i = 0; i < definitions; i++) {
    resourceDefinitions.push({
      name: name(i), resourceGroup: "DfltRscGrp", layerStack: ["DRBD", "STORAGE"], flags: [],
      // What the provider leaves on a definition whose replica set it decides: balancing off.
      props: { BalanceResourcesEnabled: "false", "Aux/pulumi-linstor/managed-props": "BalanceResourcesEnabled" },
      volumes: [{ number: 0, sizeKib: SIZE_KIB, minor: 1000 + i, props: {}, flags: [] }],
    });
    placed(i).forEach((node, k) => resources.push({
      resource: name(i), node, storagePool: "thinpool", diskless: false, tieBreaker: false, flags: [],
      props: { StorPoolName: "thinpool" }, ports: [7000 + i], nodeId: k, deleting: false,
      volumes: [{ number: 0, diskState: "UpToDate", storagePool: "thinpool", minor: 1000 + i, devicePath: `/dev/drbd${1000 + i}` }],
    }));
  }
  return {
    nodes: NODES.map((n, i) => ({ name: n, type: "SATELLITE", address: `10.0.0.${i + 1}`, port: 3366, encryption: "PLAIN", connectionStatus: "ONLINE", flags: [], props: {} })),
    storagePools: NODES.map((node) => ({
      node, name: "thinpool", providerKind: "LVM_THIN", backingPool: "drbdpool/thinpool", props: { "StorDriver/StorPoolName": "drbdpool/thinpool" },
      freeKib: 1 << 40, totalKib: 1 << 40, thin: true, supportsSnapshots: true,
    })),
    resourceGroups: [{ name: "DfltRscGrp", placement: {}, props: {} }],
    resourceDefinitions, resources, snapshots: [],
  };
}

/** The stack that matches syntheticLive; `changeEvery` > 0 moves a replica of every n-th definition and adds as many new ones. */
export function syntheticDesired(definitions: number, changeEvery = 0): DesiredState {
  const d: Required<Pick<DesiredState, "resourceDefinitions" | "volumeDefinitions" | "resources">> = { resourceDefinitions: [], volumeDefinitions: [], resources: [] };
  const add = (i: number, nodes: string[]): void => {
    d.resourceDefinitions.push({ name: name(i), layerStack: ["DRBD", "STORAGE"] });
    d.volumeDefinitions.push({ resource: name(i), number: 0, sizeKib: SIZE_KIB });
    d.resources.push({ resource: name(i), nodes, storagePool: "thinpool" });
  };
  let extra = 0;
  for (let i = 0; i < definitions; i++) {
    const nodes = placed(i);
    if (changeEvery > 0 && i % changeEvery === 0) {
      nodes[0] = NODES[(NODES.indexOf(nodes[0]) + 1) % NODES.length]; // one replica moves to the next node
      extra++;
    }
    add(i, nodes);
  }
  for (let k = 0; k < extra; k++) add(definitions + k, placed(definitions + k));
  return d;
}

function measure(desired: DesiredState, live: LiveCluster, runs: number): { ms: number[]; steps: number } {
  const ms: number[] = [];
  let steps = 0;
  plan(desired, live); // warm-up (JIT)
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    steps = plan(desired, live).steps.length;
    ms.push(since(start));
  }
  return { ms, steps };
}

export function benchPlanner(cfg: BenchConfig, log: (s: string) => void): PlannerResult {
  const definitions = Math.ceil(cfg.plannerReplicas / 3);
  const live = syntheticLive(definitions);
  const noop = measure(syntheticDesired(definitions), live, cfg.plannerRuns);
  const changes = measure(syntheticDesired(definitions, 100), live, cfg.plannerRuns);
  const result = {
    replicas: definitions * 3, definitions,
    noop: { ...noop, medianMs: round(median(noop.ms)) },
    changes: { ...changes, medianMs: round(median(changes.ms)) },
  };
  log(`planner, ${result.replicas} replicas: no-op ${result.noop.medianMs} ms (${noop.steps} steps), 1 % changed ${result.changes.medianMs} ms (${changes.steps} steps)`);
  return result;
}
