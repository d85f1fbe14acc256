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
  };
}

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
  }
}
