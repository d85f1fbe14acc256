// The conformance sequences: request sequences with the status, ret-code masks and JSON shapes a
// LINSTOR 1.34 controller gives. Each runs against any controller URL (see conformance.test.ts,
// record.ts). Calls made with `conn.call` form the recorded conversation; `conn.peek` is setup,
// polling and cleanup. Objects are named `cf…` and removed at the start and the end.
//
// `needs: ["drbd"]` marks what a satellite-less or DRBD-less controller cannot show: those
// expectations are taken from ../../shared/reference/linstor-1.34-facts.md (section in `facts`)
// and they are checked against linstor-sim only unless the recorded cluster has DRBD.
import * as assert from "node:assert/strict";
import type { Cluster } from "./cluster";
import { entries, expectHas, expectRc, FAIL_UNKNOWN_ERROR, PARSE_ERROR, rc } from "./rc";
import type { Answer, Conn, Json } from "./wire";

export interface Sequence {
  name: string;
  needs?: ("drbd" | "lvm" | "snapshots")[];
  /** where the expectations come from when no controller of the recorded kind can show them */
  facts?: string;
  run(conn: Conn, cl: Cluster): Promise<void>;
}

type Obj = Record<string, Json>;
const SATELLITE = "satellite answers name nodes; their text depends on the satellite's layers";

/** Whether a cluster can show what a sequence needs. */
export function capable(cl: Cluster, seq: Sequence): boolean {
  return (seq.needs ?? []).every((n) => (n === "drbd" ? cl.drbd : n === "snapshots" ? !!cl.snapshotPool : !!cl.lvmPool));
}

// ---- small helpers ------------------------------------------------------------------------------

async function dropRd(conn: Conn, rd: string): Promise<void> {
  const a = await conn.peek("GET", `/v1/resource-definitions/${rd}/snapshots`);
  if (a.status === 200) for (const s of a.body as Obj[]) await conn.peek("DELETE", `/v1/resource-definitions/${rd}/snapshots/${s.name}`);
  await conn.peek("DELETE", `/v1/resource-definitions/${rd}`);
  await conn.until(`${rd} gone`, async () => (await conn.peek("GET", `/v1/resource-definitions/${rd}`)).status === 404);
}

async function makeRd(conn: Conn, cl: Cluster, rd: string, sizeKib: number, nodes: string[], layers: string[] = ["STORAGE"]): Promise<void> {
  await dropRd(conn, rd);
  await ok(conn.peek("POST", "/v1/resource-definitions", { resource_definition: { name: rd } }));
  await ok(conn.peek("POST", `/v1/resource-definitions/${rd}/volume-definitions`, { volume_definition: { size_kib: sizeKib } }));
  if (nodes.length) await ok(conn.peek("POST", `/v1/resource-definitions/${rd}/resources`, nodes.map((n) => ({ resource: { node_name: n, props: { StorPoolName: cl.pool } }, layer_list: layers }))));
}

async function ok(p: Promise<Answer>): Promise<Answer> {
  const a = await p;
  if (a.status >= 300) throw new Error(`setup call failed: HTTP ${a.status}: ${JSON.stringify(a.body, (_k, v) => (typeof v === "bigint" ? String(v) : v)).slice(0, 500)}`);
  return a;
}

function obj(a: Answer): Obj {
  assert.ok(a.body && typeof a.body === "object" && !Array.isArray(a.body), `expected a JSON object, got ${String(a.body).slice(0, 200)}`);
  return a.body as Obj;
}

function sev(code: bigint): string {
  const top = BigInt.asUintN(64, code) >> 62n;
  return ["SUCCESS", "INFO", "WARN", "ERROR"][Number(top)];
}

function num(code: bigint): number {
  return Number(BigInt.asUintN(64, code) & 0x7fffn);
}

// ---- sequences ----------------------------------------------------------------------------------

const httpErrors: Sequence = {
  name: "http-errors",
  async run(conn, cl) {
    const n0 = cl.nodes[0].name;
    await makeRd(conn, cl, "cfhttp", 10240, []);
    // unknown path and method: JSON RC lists (LinstorMapper), not the web server's HTML
    let a = await conn.call("unknown-path", "GET", "/v1/no-such-thing");
    expectRc(a, 404, [FAIL_UNKNOWN_ERROR], ["Path '/v1/no-such-thing' not found on server."]);
    a = await conn.call("wrong-method", "DELETE", "/v1/controller/version");
    expectRc(a, 405, [FAIL_UNKNOWN_ERROR], ["Method 'DELETE' not allowed on path '/v1/controller/version'."]);
    // single-object GETs: 404 with the bare FAIL_NOT_FOUND_* code
    a = await conn.call("get-missing-node", "GET", "/v1/nodes/cfnope");
    expectRc(a, 404, [rc("ERROR", 300)], ["Node 'cfnope' not found."]);
    a = await conn.call("get-missing-rd", "GET", "/v1/resource-definitions/cfnope");
    expectRc(a, 404, [rc("ERROR", 301)], ["Resource definition 'cfnope' not found."]);
    a = await conn.call("get-missing-rg", "GET", "/v1/resource-groups/cfnope");
    expectRc(a, 404, [rc("ERROR", 317)], ["Resource group 'cfnope' not found."]);
    a = await conn.call("get-missing-rsc", "GET", `/v1/resource-definitions/cfhttp/resources/${n0}`);
    expectRc(a, 404, [rc("ERROR", 302)], [`Resource 'cfhttp' on '${n0}' not found.`]);
    // parse errors: 400 from handlers that catch them, 500 from the PUTs that do not
    a = await conn.call("post-rd-broken", "POST", "/v1/resource-definitions", undefined, { raw: "{", ignore: { "0.details": "Jackson's message text" } });
    expectRc(a, 400, [PARSE_ERROR], ["Unable to parse input json."]);
    a = await conn.call("post-rg-unknown-field", "POST", "/v1/resource-groups", { name: "cfx", bogus: 1 }, { ignore: { "0.details": "Jackson's message text" } });
    expectRc(a, 400, [PARSE_ERROR]);
    for (const [id, path] of [
      ["put-node-broken", `/v1/nodes/${n0}`],
      ["put-rd-broken", "/v1/resource-definitions/cfhttp"],
      ["put-rg-broken", "/v1/resource-groups/DfltRscGrp"],
      ["put-vd-broken", "/v1/resource-definitions/cfhttp/volume-definitions/0"],
      ["put-spd-broken", `/v1/storage-pool-definitions/${cl.pool}`],
      ["put-sp-broken", `/v1/nodes/${n0}/storage-pools/${cl.pool}`],
    ]) {
      a = await conn.call(id, "PUT", path, undefined, { raw: "{", ignore: { "0.details": "Jackson's message text" } });
      expectRc(a, 500, [PARSE_ERROR], ["Unable to parse input json."]);
    }
    // deleting what does not exist: a warning, 200
    a = await conn.call("delete-missing-rd", "DELETE", "/v1/resource-definitions/cfnope");
    assert.equal(a.status, 200);
    assert.deepEqual(entries(a).map((e) => [sev(e.ret_code), num(e.ret_code)]), [["WARN", 3000]]);
    a = await conn.call("delete-missing-node", "DELETE", "/v1/nodes/cfnope");
    assert.equal(a.status, 200);
    assert.deepEqual(entries(a).map((e) => [sev(e.ret_code), num(e.ret_code)]), [["WARN", 3000]]);
    await dropRd(conn, "cfhttp");
  },
};

const coercion: Sequence = {
  name: "coercion-and-rg-defaults",
  async run(conn) {
    await dropRd(conn, "cfspawned");
    for (const rg of ["cfcoerce", "cfplain", "cfbad"]) await conn.peek("DELETE", `/v1/resource-groups/${rg}`);
    // every group has place_count 2 (AutoSelectorConfig), props on create are dropped
    let a = await conn.call("create-plain", "POST", "/v1/resource-groups", { name: "cfplain", props: { "Aux/cf": "dropped" } });
    expectRc(a, 201, [rc("SUCCESS", 1, "CRT", "RSC_GRP")]);
    a = await conn.call("get-plain", "GET", "/v1/resource-groups/cfplain");
    assert.equal(obj(a).select_filter && (obj(a).select_filter as Obj).place_count, 2);
    assert.equal(Object.keys((obj(a).props as Obj) ?? {}).length, 0, "RG props are not taken on create");
    a = await conn.call("get-default", "GET", "/v1/resource-groups/DfltRscGrp");
    assert.equal((obj(a).select_filter as Obj).place_count, 2);
    // numbers and booleans sent as strings are coerced (Jackson ALLOW_COERCION_OF_SCALARS)
    a = await conn.call("create-string-count", "POST", "/v1/resource-groups", { name: "cfcoerce", select_filter: { place_count: "3", layer_stack: ["STORAGE"] } });
    expectRc(a, 201, [rc("SUCCESS", 1, "CRT", "RSC_GRP")]);
    a = await conn.call("get-string-count", "GET", "/v1/resource-groups/cfcoerce");
    assert.equal((obj(a).select_filter as Obj).place_count, 3);
    a = await conn.call("create-fraction", "POST", "/v1/resource-groups", { name: "cfbad", select_filter: { place_count: "2.5" } }, { ignore: { "0.details": "Jackson's message text" } });
    expectRc(a, 400, [PARSE_ERROR]);
    a = await conn.call("spawn-string-bool", "POST", "/v1/resource-groups/cfcoerce/spawn", { resource_definition_name: "cfspawned", volume_sizes: ["10240"], definitions_only: "true" });
    assert.equal(a.status, 201, JSON.stringify(entries(a).map((e) => e.message)));
    a = await conn.call("spawned-resources", "GET", "/v1/resource-definitions/cfspawned/resources");
    assert.deepEqual(a.body, []);
    a = await conn.call("spawned-vds", "GET", "/v1/resource-definitions/cfspawned/volume-definitions", undefined, { ignore: { "0.props.DrbdCurrentGi": "a random DRBD generation id" } });
    assert.equal(((a.body as Obj[])[0] as Obj).size_kib, 10240);
    await dropRd(conn, "cfspawned");
    for (const rg of ["cfcoerce", "cfplain"]) await conn.peek("DELETE", `/v1/resource-groups/${rg}`);
  },
};

const propChanges: Sequence = {
  name: "prop-changes",
  async run(conn, cl) {
    const [n0, n1] = cl.nodes.map((n) => n.name);
    await makeRd(conn, cl, "cfprops", 10240, [n0, n1]);
    let a = await conn.call("rd-set-and-delete", "PUT", "/v1/resource-definitions/cfprops", { override_props: { "Aux/cf-a": "1" }, delete_props: ["Aux/cf-missing"] }, { ignore: { "*.message": SATELLITE } });
    let list = entries(a);
    assert.equal(a.status, 200);
    assert.deepEqual(list.slice(0, 3).map((e) => e.ret_code), [rc("SUCCESS", 1, "CRT", "RSC_DFN"), rc("SUCCESS", 2, "DEL", "RSC_DFN"), rc("SUCCESS", 3, "MOD", "RSC_DFN")]);
    assert.equal(list[0].message, "Successfully set property key(s): Aux/cf-a");
    assert.equal(list[1].message, "Successfully deleted property key(s): Aux/cf-missing");
    assert.equal(list[2].message, "Resource definition 'cfprops' modified.");
    assert.ok(!list.some((e) => sev(e.ret_code) === "WARN"), "no warning for a missing key");
    assert.equal(list.filter((e) => /^\(/.test(e.message)).length, 2, "one answer per satellite with a resource");
    a = await conn.call("rd-get", "GET", "/v1/resource-definitions/cfprops");
    assert.equal((obj(a).props as Obj)["Aux/cf-a"], "1");
    a = await conn.call("node-set", "PUT", `/v1/nodes/${n0}`, { override_props: { "Aux/cf-n": "x" } });
    list = entries(a);
    assert.equal(a.status, 200);
    assert.deepEqual(list.slice(0, 2).map((e) => e.ret_code), [rc("SUCCESS", 1, "CRT", "NODE"), rc("SUCCESS", 3, "MOD", "NODE")]);
    assert.ok(list.some((e) => e.message === `(${n0}) Node changes applied.`), "the node's satellite answers");
    a = await conn.call("node-delete-prop", "PUT", `/v1/nodes/${n0}`, { delete_props: ["Aux/cf-n"] });
    assert.deepEqual(entries(a).slice(0, 2).map((e) => e.ret_code), [rc("SUCCESS", 2, "DEL", "NODE"), rc("SUCCESS", 3, "MOD", "NODE")]);
    a = await conn.call("ctrl-set", "POST", "/v1/controller/properties", { override_props: { "Aux/cf-ctrl": "v" } });
    list = entries(a);
    assert.equal(a.status, 201);
    assert.equal(list[0].ret_code, rc("SUCCESS", 1, "CRT", "CTRL_CONF"));
    assert.equal(list[0].message, "Successfully set property 'Aux/cf-ctrl' to value 'v'");
    a = await conn.call("ctrl-delete", "DELETE", "/v1/controller/properties/Aux/cf-ctrl");
    assert.equal(a.status, 200);
    await dropRd(conn, "cfprops");
  },
};

const storageVolumes: Sequence = {
  name: "storage-volumes",
  async run(conn, cl) {
    const [n0, n1] = cl.nodes.map((n) => n.name);
    await makeRd(conn, cl, "cfvol", 153600, [n0]);
    let a = await conn.call("create-again", "POST", "/v1/resource-definitions/cfvol/resources", [{ resource: { node_name: n0, props: { StorPoolName: cl.pool } }, layer_list: ["STORAGE"] }]);
    assert.equal(a.status, 201);
    assert.deepEqual(entries(a).map((e) => [sev(e.ret_code), num(e.ret_code)]), [["INFO", 10008]]);
    a = await conn.call("volumes", "GET", `/v1/resource-definitions/cfvol/resources/${n0}/volumes`, undefined, {
      ignore: { "0.allocated_size_kib": "thin allocation depends on the file system", "0.layer_data_list.0.data.allocated_size_kib": "thin allocation depends on the file system",
        "0.layer_data_list.0.data.usable_size_kib": "a FILE_THIN satellite reports the loop file's allocation (8 KiB) as usable size", "0.device_path": "loop device numbers", "0.layer_data_list.0.data.device_path": "loop device numbers" },
    });
    const v = (a.body as Obj[])[0];
    assert.deepEqual(Object.keys(v).sort(), ["allocated_size_kib", "device_path", "flags", "layer_data_list", "props", "provider_kind", "reports", "state", "storage_pool_name", "uuid", "volume_number"].filter((k) => k in v).sort());
    assert.equal(v.usable_size_kib, undefined, "the top-level usable_size_kib is never set");
    assert.equal(v.provider_kind, cl.provider);
    // a STORAGE-only resource has no DRBD state: an empty resource state, no volume state
    a = await conn.call("view-resource", "GET", `/v1/view/resources?resources=cfvol`, undefined, {
      ignore: {
        "0.create_timestamp": "time",
        "0.layer_object.storage.storage_volumes.0.device_path": "loop device numbers",
        "0.layer_object.storage.storage_volumes.0.allocated_size_kib": "thin allocation depends on the file system",
        "0.layer_object.storage.storage_volumes.0.usable_size_kib": "a FILE_THIN satellite reports the loop file's allocation (8 KiB) as usable size",
        "0.volumes.0.allocated_size_kib": "thin allocation depends on the file system",
        "0.volumes.0.device_path": "loop device numbers",
        "0.volumes.0.layer_data_list.0.data.allocated_size_kib": "thin allocation depends on the file system",
        "0.volumes.0.layer_data_list.0.data.usable_size_kib": "a FILE_THIN satellite reports the loop file's allocation (8 KiB) as usable size",
        "0.volumes.0.layer_data_list.0.data.device_path": "loop device numbers",
      },
    });
    assert.deepEqual(((a.body as Obj[])[0] as Obj).state, {});
    assert.equal((((a.body as Obj[])[0].volumes as Obj[])[0] as Obj).state, undefined);
    a = await conn.call("sync-status", "GET", "/v1/resource-definitions/cfvol/sync-status");
    assert.deepEqual(a.body, { synced_on_all: true });
    a = await conn.call("rsc-connection-get", "GET", `/v1/resource-definitions/cfvol/resource-connections`);
    assert.equal(a.status, 200);
    await ok(conn.peek("POST", "/v1/resource-definitions/cfvol/resources", [{ resource: { node_name: n1, props: { StorPoolName: cl.pool } }, layer_list: ["STORAGE"] }]));
    a = await conn.call("rsc-connection-put", "PUT", `/v1/resource-definitions/cfvol/resource-connections/${n0}/${n1}`, { override_props: { "Aux/cf": "1" } }, { ignore: { "*.message": SATELLITE } });
    assert.equal(a.status, 200);
    a = await conn.call("rsc-connection-get-one", "GET", `/v1/resource-definitions/cfvol/resource-connections/${n0}/${n1}`);
    assert.equal(a.status, 200);
    await dropRd(conn, "cfvol");
  },
};

const rdDelete: Sequence = {
  name: "rd-delete",
  async run(conn, cl) {
    const [n0, n1] = cl.nodes.map((n) => n.name);
    await makeRd(conn, cl, "cfdel", 10240, [n0, n1]);
    // two phases: marked for deletion (resources first), then gone
    const a = await conn.call("delete", "DELETE", "/v1/resource-definitions/cfdel", undefined, { ignore: { "*.message": SATELLITE } });
    assert.equal(a.status, 200);
    const msgs = entries(a).map((e) => e.message);
    assert.equal(msgs[0], "Resource definition 'cfdel' marked for deletion.");
    for (const n of [n0, n1]) assert.ok(msgs.includes(`Resource 'cfdel' on '${n}' marked for deletion`), msgs.join(" | "));
    assert.equal(msgs[msgs.length - 1], "Resource definition 'cfdel' deleted.");
    assert.equal((await conn.call("get-deleted", "GET", "/v1/resource-definitions/cfdel")).status, 404);
  },
};

const snapshotRefusals: Sequence = {
  name: "snapshot-refusals",
  async run(conn, cl) {
    const n0 = cl.nodes[0].name;
    await makeRd(conn, cl, "cfsnapempty", 10240, []);
    let a = await conn.call("snapshot-without-resources", "POST", "/v1/resource-definitions/cfsnapempty/snapshots", { name: "s0" });
    expectRc(a, 500, [rc("ERROR", 995, "CRT", "SNAPSHOT")], ["No diskful connected satellite for snapshot or no resources."]);
    a = await conn.call("rollback-missing", "POST", "/v1/resource-definitions/cfsnapempty/snapshot-rollback/nope");
    assert.equal(a.status, 404);
    assert.equal(num(entries(a)[0].ret_code), 313);
    await dropRd(conn, "cfsnapempty");
    if (cl.provider !== "FILE_THIN") return;
    // FILE_THIN volumes cannot be snapshotted (DeviceProviderKind), though the pool's trait says so
    await makeRd(conn, cl, "cfsnapfile", 10240, [n0]);
    a = await conn.call("snapshot-file-thin", "POST", "/v1/resource-definitions/cfsnapfile/snapshots", { name: "s1" });
    expectRc(a, 500, [rc("ERROR", 994, "CRT", "SNAPSHOT")], ["Storage driver 'FILE_THIN' does not support snapshots."]);
    await dropRd(conn, "cfsnapfile");
  },
};

/** Snapshot create, restore and rollback need a pool kind that supports snapshots (LVM_THIN here). */
const snapshotLifecycle: Sequence = {
  name: "snapshot-lifecycle",
  needs: ["snapshots"],
  facts: "facts §2, §10, §11",
  async run(conn, cl) {
    const [n0, n1] = cl.nodes.map((n) => n.name);
    const pool = cl.snapshotPool as string;
    const lvm: Cluster = { ...cl, pool };
    await dropRd(conn, "cfsnapr");
    await dropRd(conn, "cfsnapbig");
    await makeRd(conn, lvm, "cfsnap", 10240, [n0, n1]);
    let a = await conn.call("snapshot-one-node", "POST", "/v1/resource-definitions/cfsnap/snapshots", { name: "s1", nodes: [n0] });
    assert.equal(a.status, 201);
    a = await conn.call("delete-refused", "DELETE", "/v1/resource-definitions/cfsnap");
    const list = expectRc(a, 500, [rc("ERROR", 514, "DEL", "RSC_DFN")], ["Cannot delete resource definition 'cfsnap' because it has snapshots."]);
    assert.equal(list[0].cause, undefined);
    // restore wants equal volume sizes
    await ok(conn.peek("POST", "/v1/resource-definitions", { resource_definition: { name: "cfsnapbig" } }));
    await ok(conn.peek("POST", "/v1/resource-definitions/cfsnapbig/volume-definitions", { volume_definition: { size_kib: 20480 } }));
    a = await conn.call("restore-bigger", "POST", "/v1/resource-definitions/cfsnap/snapshot-restore-resource/s1", { to_resource: "cfsnapbig" });
    assert.equal(a.status, 500);
    expectHas(a, rc("ERROR", 206, "CRT", "RSC"), /^Snapshot size does not match for volume number 0; snapshot size: 10240KiB, required size: 20480KiB/);
    await dropRd(conn, "cfsnapbig");
    // rollback (1.31+): restore-based, the replica on the node without the snapshot is recreated
    a = await conn.call("rollback", "POST", "/v1/resource-definitions/cfsnap/snapshot-rollback/s1");
    assert.equal(a.status, 200, JSON.stringify(entries(a).map((e) => e.message)));
    const rs = await conn.until("resources back", async () => {
      const r = await conn.get<Obj[]>("/v1/resource-definitions/cfsnap/resources");
      return r.length === 2 && r;
    });
    assert.deepEqual(rs.map((r) => r.node_name).sort(), [n0, n1].sort());
    await dropRd(conn, "cfsnap");
  },
};

const toggleDisk: Sequence = {
  name: "toggle-disk-parsing",
  async run(conn, cl) {
    const n0 = cl.nodes[0].name;
    await makeRd(conn, cl, "cftoggle", 10240, [n0]);
    let a = await conn.call("no-operation", "PUT", `/v1/resource-definitions/cftoggle/resources/${n0}/toggle-disk`, {});
    expectRc(a, 400, [PARSE_ERROR], ["No toggle operation type was specified"]);
    a = await conn.call("bad-operation", "PUT", `/v1/resource-definitions/cftoggle/resources/${n0}/toggle-disk`, { operation: "sideways" });
    assert.equal(a.status, 400);
    assert.match(entries(a)[0].message, /^Could not parse 'sideways'/);
    await dropRd(conn, "cftoggle");
  },
};

const netIfs: Sequence = {
  name: "net-interfaces",
  async run(conn, cl) {
    const n0 = cl.nodes[0].name;
    await conn.peek("DELETE", `/v1/nodes/${n0}/net-interfaces/cfif`);
    let a = await conn.call("create", "POST", `/v1/nodes/${n0}/net-interfaces`, { name: "cfif", address: "127.0.0.99" });
    assert.equal(a.status, 201);
    a = await conn.call("modify", "PUT", `/v1/nodes/${n0}/net-interfaces/cfif`, { name: "cfif", address: "127.0.0.98" });
    expectRc(a, 200, [rc("SUCCESS", 3, "MOD", "NET_IF")], [`NetInterface 'cfif' on node '${n0}' modified.`]);
    a = await conn.call("get", "GET", `/v1/nodes/${n0}/net-interfaces/cfif`);
    assert.equal(obj(a).address, "127.0.0.98");
    a = await conn.call("modify-missing", "PUT", `/v1/nodes/${n0}/net-interfaces/cfnope`, { address: "127.0.0.97" });
    assert.equal(a.status, 404);
    assert.equal(entries(a)[0].message, `Node '${n0}' has no network interface named 'cfnope'.`);
    a = await conn.call("delete", "DELETE", `/v1/nodes/${n0}/net-interfaces/cfif`);
    expectRc(a, 200, [rc("SUCCESS", 2, "DEL", "NET_IF")], [`NetInterface 'cfif' on node '${n0}' deleted.`]);
    a = await conn.call("delete-again", "DELETE", `/v1/nodes/${n0}/net-interfaces/cfif`);
    assert.equal(a.status, 200);
    assert.equal(entries(a)[0].message, `Deletion of netInterface 'cfif' on node '${n0}' had no effect.`);
  },
};

const kvs: Sequence = {
  name: "key-value-store",
  async run(conn) {
    await conn.peek("DELETE", "/v1/key-value-store/cfkvs");
    let a = await conn.call("put", "PUT", "/v1/key-value-store/cfkvs", { override_props: { a: "1", "b/c": "2" } });
    assert.equal(a.status, 200);
    a = await conn.call("get", "GET", "/v1/key-value-store/cfkvs");
    assert.equal(a.status, 200);
    a = await conn.call("list", "GET", "/v1/key-value-store");
    assert.ok((a.body as Obj[]).some((x) => x.name === "cfkvs"));
    a = await conn.call("delete", "DELETE", "/v1/key-value-store/cfkvs");
    assert.equal(a.status, 200);
    a = await conn.call("get-deleted", "GET", "/v1/key-value-store/cfkvs");
    expectRc(a, 404, [rc("ERROR", 316)], ["Could not find key value store instance 'cfkvs'."]);
  },
};

const makeAvailableAndClone: Sequence = {
  name: "make-available-and-clone",
  async run(conn, cl) {
    const [n0, n1] = cl.nodes.map((n) => n.name);
    await dropRd(conn, "cfclone");
    await makeRd(conn, cl, "cfavail", 10240, [n0]);
    let a = await conn.call("make-available-existing", "POST", `/v1/resource-definitions/cfavail/resources/${n0}/make-available`, { diskful: true, layer_list: ["STORAGE"] }, { ignore: { "*.message": SATELLITE } });
    assert.equal(a.status, 200);
    a = await conn.call("make-available-new", "POST", `/v1/resource-definitions/cfavail/resources/${n1}/make-available`, { diskful: true, layer_list: ["STORAGE"] }, { ignore: { "*.message": SATELLITE } });
    assert.ok([200, 201].includes(a.status), JSON.stringify(entries(a).map((e) => e.message)));
    a = await conn.call("clone-status-missing", "GET", "/v1/resource-definitions/cfavail/clone/cfclone");
    expectRc(a, 404, [rc("ERROR", 301)], ["Cloned resource not found."]);
    a = await conn.call("clone", "POST", "/v1/resource-definitions/cfavail/clone", { name: "cfclone" });
    if (cl.provider === "FILE_THIN") {
      // FILE_THIN cannot be cloned: a CloneStarted body with the error inside
      assert.equal(a.status, 500);
      assert.equal(obj(a).location, "/v1/resource-definitions/cfavail/clone/cfclone");
      assert.equal(((obj(a).messages as Obj[])[0] as Obj).message, "Clone source contains unsupported storage pools");
      a = await conn.call("clone-status-failed", "GET", "/v1/resource-definitions/cfavail/clone/cfclone");
      assert.equal(a.status, 404);
    }
    await dropRd(conn, "cfclone");
    await dropRd(conn, "cfavail");
  },
};

const createAndPlace: Sequence = {
  name: "create-and-place",
  async run(conn, cl) {
    const [n0, n1, n2] = cl.nodes.map((n) => n.name);
    await dropRd(conn, "cfplace");
    await dropRd(conn, "cfspawn");
    await conn.peek("DELETE", "/v1/resource-groups/cfrg");
    let a = await conn.call("rd-create", "POST", "/v1/resource-definitions", { resource_definition: { name: "cfplace", props: { "Aux/x": "1" } } });
    assert.equal(a.status, 201);
    a = await conn.call("vd-create", "POST", "/v1/resource-definitions/cfplace/volume-definitions", { volume_definition: { size_kib: 10240 } });
    assert.equal(a.status, 200);
    a = await conn.call("rsc-create", "POST", "/v1/resource-definitions/cfplace/resources", [n0, n1].map((n) => ({ resource: { node_name: n, props: { StorPoolName: cl.pool } }, layer_list: ["STORAGE"] })));
    assert.equal(a.status, 201);
    a = await conn.call("autoplace-already", "POST", "/v1/resource-definitions/cfplace/autoplace", { select_filter: { place_count: 2 } });
    assert.equal(a.status, 201);
    assert.equal(num(entries(a)[0].ret_code), 1006);
    a = await conn.call("autoplace-too-many", "POST", "/v1/resource-definitions/cfplace/autoplace", { select_filter: { place_count: 5, storage_pool_list: [cl.pool] }, layer_list: ["STORAGE"] });
    expectRc(a, 500, [rc("ERROR", 996, "CRT", "RSC")], ["Not enough available nodes"]);
    a = await conn.call("autoplace-third", "POST", "/v1/resource-definitions/cfplace/autoplace", { select_filter: { place_count: 3, storage_pool_list: [cl.pool] }, layer_list: ["STORAGE"] });
    assert.equal(a.status, 201);
    expectHas(a, rc("SUCCESS", 1, "CRT", "RSC"), "Resource 'cfplace' successfully autoplaced on 1 nodes");
    a = await conn.call("rd-get", "GET", "/v1/resource-definitions/cfplace");
    a = await conn.call("vd-resize", "PUT", "/v1/resource-definitions/cfplace/volume-definitions/0", { size_kib: 20480 });
    assert.equal(a.status, 200);
    a = await conn.call("rsc-delete", "DELETE", `/v1/resource-definitions/cfplace/resources/${n2}`);
    assert.equal(a.status, 200);
    a = await conn.call("rsc-delete-missing", "DELETE", `/v1/resource-definitions/cfplace/resources/${n2}`);
    assert.equal(a.status, 200);
    assert.equal(num(entries(a)[0].ret_code), 3000);
    a = await conn.call("rg-create", "POST", "/v1/resource-groups", { name: "cfrg", select_filter: { place_count: 2, storage_pool_list: [cl.pool], layer_stack: ["STORAGE"] } });
    assert.equal(a.status, 201);
    a = await conn.call("rg-modify", "PUT", "/v1/resource-groups/cfrg", { override_props: { "Aux/team": "t" }, description: "d" });
    assert.equal(a.status, 200);
    a = await conn.call("rg-get", "GET", "/v1/resource-groups/cfrg");
    a = await conn.call("spawn", "POST", "/v1/resource-groups/cfrg/spawn", { resource_definition_name: "cfspawn", volume_sizes: [10240] });
    assert.equal(a.status, 201);
    assert.equal((await conn.get<Obj[]>("/v1/resource-definitions/cfspawn/resources")).length, 2);
    await dropRd(conn, "cfspawn");
    await dropRd(conn, "cfplace");
    a = await conn.call("rg-delete", "DELETE", "/v1/resource-groups/cfrg");
    assert.equal(a.status, 200);
  },
};

const poolsAndNodes: Sequence = {
  name: "pools",
  async run(conn, cl) {
    const n0 = cl.nodes[0].name;
    await conn.peek("DELETE", `/v1/nodes/${n0}/storage-pools/cfpool`);
    // a second pool in the directory of the cluster's pool (it must exist on the satellite)
    const dir = String(((await conn.get<Obj>(`/v1/nodes/${n0}/storage-pools/${cl.pool}`)).props as Obj)["StorDriver/StorPoolName"]);
    let a = await conn.call("pool-create", "POST", `/v1/nodes/${n0}/storage-pools`, { storage_pool_name: "cfpool", provider_kind: "FILE_THIN", props: { "StorDriver/StorPoolName": dir } }, { ignore: { "*.details": "UUIDs and the pool directory of the recording host" } });
    assert.equal(a.status, 201);
    a = await conn.call("pool-get", "GET", `/v1/nodes/${n0}/storage-pools/cfpool`, undefined, {
      ignore: { free_capacity: "the recording host's disk", total_capacity: "the recording host's disk", "props.StorDriver/StorPoolName": "the pool directory of the recording host" },
    });
    assert.equal(a.status, 200);
    a = await conn.call("pool-modify", "PUT", `/v1/nodes/${n0}/storage-pools/cfpool`, { override_props: { "Aux/p": "1" } });
    assert.equal(a.status, 200);
    a = await conn.call("pool-delete", "DELETE", `/v1/nodes/${n0}/storage-pools/cfpool`);
    assert.equal(a.status, 200);
    a = await conn.call("pool-delete-missing", "DELETE", `/v1/nodes/${n0}/storage-pools/cfpool`);
    assert.equal(a.status, 200);
    a = await conn.call("spd-get", "GET", `/v1/storage-pool-definitions/${cl.pool}`);
    assert.equal(a.status, 200);
  },
};

// ---- what only a DRBD cluster can show (expectations from the facts file) ---------------------

async function layout(conn: Conn, rd: string): Promise<string[]> {
  const rs = await conn.get<Obj[]>(`/v1/resource-definitions/${rd}/resources`);
  return rs
    .map((r) => {
      const f = (r.flags as string[]) ?? [];
      return `${r.node_name}:${f.includes("TIE_BREAKER") ? "tiebreaker" : f.includes("DISKLESS") ? "diskless" : "disk"}`;
    })
    .sort();
}

const drbdSizesLvm: Sequence = {
  name: "drbd-sizes-lvm",
  needs: ["drbd", "lvm"],
  facts: "facts §12",
  async run(conn, cl) {
    const n0 = cl.nodes[0].name;
    await makeRd(conn, { ...cl, pool: cl.lvmPool as string }, "cfsize", 153600, [n0], ["DRBD", "STORAGE"]);
    const a = await conn.call("volumes", "GET", `/v1/resource-definitions/cfsize/resources/${n0}/volumes`);
    const v = (a.body as Obj[])[0];
    const [drbd, storage] = (v.layer_data_list as Obj[]).map((l) => l.data as Obj);
    // 150 MiB + internal metadata (153672 KiB) rounded up to the 4 MiB extent: a 152 MiB LV
    assert.equal(storage.usable_size_kib, 155648);
    assert.equal(storage.allocated_size_kib, 155648);
    assert.equal(drbd.usable_size_kib, 155576);
    assert.equal(v.usable_size_kib, undefined);
    await dropRd(conn, "cfsize");
  },
};

const toggleDiskDrbd: Sequence = {
  name: "toggle-disk-drbd",
  needs: ["drbd"],
  facts: "facts §0.5, §9",
  async run(conn, cl) {
    const [n0, n1] = cl.nodes.map((n) => n.name);
    const pool = cl.snapshotPool as string;
    await makeRd(conn, { ...cl, pool }, "cftgl", 10240, [n0, n1], ["DRBD", "STORAGE"]);
    const path = (n: string) => `/v1/resource-definitions/cftgl/resources/${n}/toggle-disk`;
    let a = await conn.call("already-diskful", "PUT", path(n0), { operation: "INTO_DRBD_DISKFUL" });
    expectRc(a, 200, [rc("INFO", 10007, "MOD", "RSC")], [`Resource 'cftgl' on node '${n0}' is already diskful`]);
    a = await conn.call("to-diskless", "PUT", path(n1), { operation: "INTO_DRBD_DISKLESS" });
    assert.equal(a.status, 200);
    a = await conn.call("already-diskless", "PUT", path(n1), { operation: "INTO_DRBD_DISKLESS" });
    expectRc(a, 200, [rc("INFO", 10007, "MOD", "RSC")], [`Resource 'cftgl' on node '${n1}' is already diskless`]);
    a = await conn.call("last-disk", "PUT", path(n0), { operation: "INTO_DRBD_DISKLESS" });
    expectRc(a, 500, [rc("ERROR", 991, "MOD", "RSC")], ["Cannot remove the disk from the only online resource with a disk"]);
    // a diskful create on the diskless replica turns it diskful
    a = await conn.call("diskful-create-on-diskless", "POST", "/v1/resource-definitions/cftgl/resources", [{ resource: { node_name: n1, props: { StorPoolName: pool } } }]);
    assert.equal(a.status, 201);
    // two diskful again: the tie-breaker comes back on the third node
    assert.deepEqual(await layout(conn, "cftgl"), [`${n0}:disk`, `${n1}:disk`, `${cl.nodes[2].name}:tiebreaker`]);
    await dropRd(conn, "cftgl");
  },
};

const tieBreakerQuorum: Sequence = {
  name: "tie-breaker-and-quorum",
  needs: ["drbd"],
  facts: "facts §8",
  async run(conn, cl) {
    const [n0, n1, n2] = cl.nodes.map((n) => n.name);
    await makeRd(conn, { ...cl, pool: cl.snapshotPool as string }, "cftb", 10240, [n0, n1], ["DRBD", "STORAGE"]);
    assert.deepEqual(await layout(conn, "cftb"), [`${n0}:disk`, `${n1}:disk`, `${n2}:tiebreaker`]);
    let rd = await conn.get<Obj>("/v1/resource-definitions/cftb");
    assert.equal((rd.props as Obj)["DrbdOptions/Resource/quorum"], "majority", "2 diskful + 1 diskless");
    const a = await conn.call("delete-tiebreaker", "DELETE", `/v1/resource-definitions/cftb/resources/${n2}`);
    assert.equal(a.status, 200);
    expectHas(a, rc("INFO", 10002), "Disabling auto-tiebreaker on resource-definition 'cftb' as tiebreaker resource was manually deleted");
    rd = await conn.get<Obj>("/v1/resource-definitions/cftb");
    assert.equal((rd.props as Obj)["DrbdOptions/auto-add-quorum-tiebreaker"], "False");
    assert.equal((rd.props as Obj)["DrbdOptions/Resource/quorum"], "off", "2 diskful alone have no quorum");
    await dropRd(conn, "cftb");
  },
};

const balancingDefaults: Sequence = {
  name: "balancing-defaults",
  needs: ["drbd"],
  facts: "facts §1",
  async run(conn, cl) {
    // three replicas in DfltRscGrp (place count 2) stay: young replicas are in the 3600 s grace
    // period and the task runs hourly; the simulator's old 2 s period would trim one at once
    await makeRd(conn, { ...cl, pool: cl.snapshotPool as string }, "cfbal", 10240, cl.nodes.map((n) => n.name), ["DRBD", "STORAGE"]);
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal((await layout(conn, "cfbal")).filter((x) => x.endsWith(":disk")).length, 3);
    const ctrl = await conn.get<Obj>("/v1/controller/properties");
    assert.equal(ctrl.BalanceResourcesInterval, undefined, "the defaults are not stored as props");
    await dropRd(conn, "cfbal");
  },
};

export const SEQUENCES: Sequence[] = [createAndPlace, poolsAndNodes, httpErrors, coercion, propChanges, storageVolumes, rdDelete, snapshotRefusals, snapshotLifecycle, toggleDisk, netIfs, kvs, makeAvailableAndClone, drbdSizesLvm, toggleDiskDrbd, tieBreakerQuorum, balancingDefaults];
