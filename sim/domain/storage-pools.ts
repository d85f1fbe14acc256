// Storage pools: creation (with the satellite's granularity and the simulated capacity), legacy
// backing-pool props, and the satellites' answer to a pool change.
import { code, RcError } from "../apicallrc";
import { SimCore } from "../core";
import { checkName, key } from "../names";
import { defaultGranularity, GRANULARITY_PROP } from "../sizes";
import { NodeRec, Props, StorPoolRec, uuid } from "../state";
const PROVIDERS = ["DISKLESS", "LVM", "LVM_THIN", "ZFS", "ZFS_THIN", "FILE", "FILE_THIN", "SPDK", "REMOTE_SPDK", "EBS_TARGET", "EBS_INIT"];
/** simulated capacity of a new pool unless the prop Sim/CapacityKib says otherwise: 100 GiB */
export const DEFAULT_POOL_KIB = 100 * 1024 * 1024;

export interface PoolBody {
  storage_pool_name?: string;
  provider_kind?: string;
  props?: Props;
  free_space_mgr_name?: string;
  shared_space?: string;
  external_locking?: boolean;
}

/** Legacy backing-pool keys are rewritten into StorDriver/StorPoolName (§1.3). */
export function rewriteLegacyPoolProps(props: Props): Props {
  const out: Props = { ...props };
  const vg = out["StorDriver/LvmVg"];
  const thin = out["StorDriver/ThinPool"];
  const legacy = vg ?? out["StorDriver/ZPool"] ?? out["StorDriver/ZPoolThin"] ?? out["StorDriver/FileDir"];
  if (legacy !== undefined && out["StorDriver/StorPoolName"] === undefined) {
    out["StorDriver/StorPoolName"] = vg !== undefined && thin !== undefined ? `${vg}/${thin}` : legacy;
  }
  for (const k of ["StorDriver/LvmVg", "StorDriver/ThinPool", "StorDriver/ZPool", "StorDriver/ZPoolThin", "StorDriver/FileDir"]) delete out[k];
  return out;
}

export function addPool(sim: SimCore, n: NodeRec, b: PoolBody): StorPoolRec {
  const name = checkName("storPool", b.storage_pool_name);
  const kind = (b.provider_kind ?? "").toUpperCase();
  if (!PROVIDERS.includes(kind)) throw new RcError("FAIL_INVLD_PROVIDER", `The specified provider kind '${b.provider_kind ?? ""}' is invalid.`);
  if (sim.pool(n.name, name)) {
    throw new RcError("FAIL_EXISTS_STOR_POOL", `A storage pool with the name '${name}' already exists on node '${n.name}'.`, {
      cause: `Storage pool '${name}' on node '${n.name}' already exists.`,
    });
  }
  const props = rewriteLegacyPoolProps(b.props ?? {});
  // the satellite reports the pool's allocation granularity (VG extent size for LVM) on connect
  const g = defaultGranularity(kind);
  if (g !== undefined && props[GRANULARITY_PROP] === undefined) props[GRANULARITY_PROP] = String(g);
  let totalKib: number | undefined = kind === "DISKLESS" ? undefined : DEFAULT_POOL_KIB;
  if (props["Sim/CapacityKib"] !== undefined) {
    totalKib = Number(props["Sim/CapacityKib"]);
    delete props["Sim/CapacityKib"];
  }
  const p: StorPoolRec = {
    name,
    node: n.name,
    kind,
    props,
    uuid: uuid(),
    totalKib,
    freeSpaceMgr: b.shared_space ? b.shared_space : undefined,
  };
  if (!sim.state.storPoolDfns[key(name)]) sim.state.storPoolDfns[key(name)] = { name, props: {}, uuid: uuid() };
  (sim.state.storPools[key(n.name)] ??= {})[key(name)] = p;
  sim.event("pool-created", { node: n.name, detail: name });
  return p;
}

/** The pool's satellite applies a change: "(n) Changes applied to storage pool …", "Storage pool updated on 'n'". */
export function poolApplied(sim: SimCore, p: StorPoolRec, op: "CRT" | "MOD", rc: import("../apicallrc").Rc): void {
  const refs = { StorPoolDfn: p.name, Node: p.node };
  if (!sim.findNode(p.node)?.online) {
    rc.plain("WARN_NOT_CONNECTED", `No active connection to satellite '${p.node}'`);
    return;
  }
  rc.add(code("MODIFIED", op, "STOR_POOL"), `(${p.node}) Changes applied to storage pool '${p.name}' of node '${p.node}'`, { obj_refs: refs });
  rc.add(code("MODIFIED", op, "STOR_POOL"), `Storage pool updated on '${p.node}'`, { obj_refs: refs });
}
