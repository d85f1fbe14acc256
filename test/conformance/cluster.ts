// The cluster a conformance run works on. Against a real controller it is discovered (online
// satellites sharing one thin storage pool); against linstor-sim it is created from the cluster
// the fixtures were recorded on, so both answer about the same names.
import type { Conn, Json } from "./wire";

export interface ClusterNode {
  name: string;
  type: string;
  address: string;
  satellite_port: number;
  satellite_encryption_type: string;
}

export interface Cluster {
  nodes: ClusterNode[];
  /** a storage pool present on every node of `nodes` */
  pool: string;
  provider: string;
  /** the satellites can run the DRBD layer */
  drbd: boolean;
  /** a pool on every node that supports snapshots (LVM_THIN), if any */
  snapshotPool?: string;
  /** a thick LVM pool on every node, if any */
  lvmPool?: string;
}

/** The cluster the suite uses when no fixtures exist yet (and names the real harness uses). */
export const DEFAULT_CLUSTER: Cluster = {
  nodes: ["cf-a", "cf-b", "cf-c"].map((name, i) => ({ name, type: "SATELLITE", address: `127.0.0.${31 + i}`, satellite_port: 3366, satellite_encryption_type: "PLAIN" })),
  pool: "thin",
  provider: "FILE_THIN",
  drbd: false,
};

type Obj = Record<string, Json>;

export async function discoverCluster(conn: Conn): Promise<Cluster> {
  const nodes = ((await conn.get<Obj[]>("/v1/nodes")) ?? []).filter((n) => n.connection_status === "ONLINE" && ["SATELLITE", "COMBINED"].includes(String(n.type)));
  const pools = (await conn.get<Obj[]>("/v1/view/storage-pools")) ?? [];
  const thin = ["FILE_THIN", "LVM_THIN", "ZFS_THIN"];
  const byName = new Map<string, Obj[]>();
  for (const p of pools) if (thin.includes(String(p.provider_kind))) byName.set(String(p.storage_pool_name), [...(byName.get(String(p.storage_pool_name)) ?? []), p]);
  let best: [string, Obj[]] | undefined;
  for (const e of byName) if (!best || e[1].length > best[1].length) best = e;
  if (!best) throw new Error("the controller has no online satellite with a thin storage pool");
  const poolNodes = new Set(best[1].map((p) => String(p.node_name)));
  const used = nodes.filter((n) => poolNodes.has(String(n.name))).sort((a, b) => String(a.name).localeCompare(String(b.name)));
  if (used.length < 3) throw new Error(`the conformance suite needs 3 online satellites sharing a thin pool; found ${used.map((n) => n.name).join(", ")}`);
  return {
    nodes: used.map((n) => {
      const netIfs = (n.net_interfaces as Obj[]) ?? [];
      const i = netIfs.find((x) => x.satellite_port !== undefined) ?? netIfs[0];
      return {
        name: String(n.name),
        type: String(n.type),
        address: String(i?.address ?? ""),
        satellite_port: Number(i?.satellite_port ?? 3366),
        satellite_encryption_type: String(i?.satellite_encryption_type ?? "PLAIN"),
      };
    }),
    pool: best[0],
    provider: String(best[1][0].provider_kind),
    drbd: used.every((n) => ((n.resource_layers as string[]) ?? []).includes("DRBD")),
    snapshotPool: commonPool(pools, used, ["LVM_THIN", "ZFS_THIN", "ZFS"]),
    lvmPool: commonPool(pools, used, ["LVM"]),
  };
}

function commonPool(pools: Obj[], nodes: Obj[], kinds: string[]): string | undefined {
  const names = new Set(pools.filter((p) => kinds.includes(String(p.provider_kind))).map((p) => String(p.storage_pool_name)));
  return [...names].find((n) => nodes.every((x) => pools.some((p) => p.node_name === x.name && p.storage_pool_name === n)));
}

/** Pools the simulator adds for the sequences a FILE_THIN cluster cannot show (see `needs`). */
export const SIM_EXTRA_POOLS = [
  { name: "cfthin", kind: "LVM_THIN", backing: "cfvg/cfthin", role: "snapshotPool" },
  { name: "cflvm", kind: "LVM", backing: "cfvg", role: "lvmPool" },
] as const;

/** Registers the cluster's nodes and pools on an empty linstor-sim. */
export async function createCluster(conn: Conn, cl: Cluster): Promise<void> {
  for (const n of cl.nodes) {
    const a = await conn.peek("POST", "/v1/nodes", {
      name: n.name,
      type: n.type,
      net_interfaces: [{ name: "default", address: n.address, satellite_port: n.satellite_port, satellite_encryption_type: n.satellite_encryption_type }],
    });
    if (a.status !== 201) throw new Error(`creating node ${n.name}: HTTP ${a.status}`);
    const p = await conn.peek("POST", `/v1/nodes/${n.name}/storage-pools`, {
      storage_pool_name: cl.pool,
      provider_kind: cl.provider,
      props: { "StorDriver/StorPoolName": `/var/lib/linstor-pools/${cl.pool}` },
    });
    if (p.status !== 201) throw new Error(`creating pool on ${n.name}: HTTP ${p.status}`);
    for (const x of SIM_EXTRA_POOLS) {
      const e = await conn.peek("POST", `/v1/nodes/${n.name}/storage-pools`, { storage_pool_name: x.name, provider_kind: x.kind, props: { "StorDriver/StorPoolName": x.backing } });
      if (e.status !== 201) throw new Error(`creating pool ${x.name} on ${n.name}: HTTP ${e.status}`);
    }
  }
}

/** The cluster as the simulator has it after createCluster: with the extra pools. */
export function simCluster(cl: Cluster): Cluster {
  const out: Cluster = { ...cl, drbd: true };
  for (const x of SIM_EXTRA_POOLS) out[x.role] = x.name;
  return out;
}

/**
 * Registers the satellites that scripts/real-linstor.sh started (its cluster.json) as nodes with a
 * FILE_THIN pool `pool` in their pool directory, where that is not done yet.
 */
export async function registerRealCluster(conn: Conn, clusterJson: { satellites: { name: string; address: string; port: number; poolDir: string }[] }, pool = "thin"): Promise<void> {
  for (const s of clusterJson.satellites) {
    if ((await conn.peek("GET", `/v1/nodes/${s.name}`)).status === 404) {
      const a = await conn.peek("POST", "/v1/nodes", { name: s.name, type: "SATELLITE", net_interfaces: [{ name: "default", address: s.address, satellite_port: s.port, satellite_encryption_type: "PLAIN" }] });
      if (a.status !== 201) throw new Error(`node ${s.name}: HTTP ${a.status} ${JSON.stringify(a.body, (_k, v) => (typeof v === "bigint" ? String(v) : v))}`);
    }
    await conn.until(`${s.name} online`, async () => (await conn.get<Record<string, Json>>(`/v1/nodes/${s.name}`)).connection_status === "ONLINE", 120000);
    if ((await conn.peek("GET", `/v1/nodes/${s.name}/storage-pools/${pool}`)).status === 404) {
      const a = await conn.peek("POST", `/v1/nodes/${s.name}/storage-pools`, { storage_pool_name: pool, provider_kind: "FILE_THIN", props: { "StorDriver/StorPoolName": s.poolDir } });
      if (a.status !== 201) throw new Error(`pool on ${s.name}: HTTP ${a.status} ${JSON.stringify(a.body, (_k, v) => (typeof v === "bigint" ? String(v) : v))}`);
    }
  }
}
