// Persistence across a real kill -9 of a linstor-sim child process: the restarted simulator has
// exactly the acknowledged state (definitions, replicas, numbers, bytes) and resumes resyncs.
// Also: a clean SIGTERM shutdown.
import { strict as assert } from "node:assert";
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { call, waitFor } from "./helpers";

const ROOT = path.resolve(__dirname, "../..");

interface Child {
  proc: ChildProcess;
  url: string;
}

function startChild(args: string[]): Promise<Child> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "sim/cli.ts", "--port", "0", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    proc.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = out.match(/^linstor-sim listening on (http:\/\/\S+)$/m);
      if (m) resolve({ proc, url: m[1] });
    });
    proc.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    proc.on("exit", (code) => reject(new Error(`linstor-sim exited early (${code}): ${err}`)));
  });
}

function exited(p: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) resolve({ code: p.exitCode, signal: p.signalCode });
    else p.once("exit", (code, signal) => resolve({ code, signal }));
  });
}

describe("linstor-sim persistence (--state) across kill -9", function () {
  this.timeout(60000);
  let dir: string;
  let child: Child | undefined;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "linstor-sim-state-"));
  });
  after(async () => {
    if (child && child.proc.exitCode === null && child.proc.signalCode === null) {
      child.proc.kill("SIGKILL");
      await exited(child.proc);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("restarts with exactly the acknowledged state and resumes an in-flight resync", async () => {
    child = await startChild(["--state", dir, "--seed-cluster", "--no-balance", "--resync-rate", "1", "--satellite-delay", "1"]);
    const U = child.url;
    await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "Persist", props: { "Aux/k": "v" } } });
    await call(U, "POST", "/v1/resource-definitions/Persist/volume-definitions", { volume_definition: { size_kib: 2048 } });
    await call(U, "POST", "/v1/resource-definitions/Persist/resources", ["vulcan", "kronos"].map((n) => ({ resource: { node_name: n, props: { StorPoolName: "thinpool" } } })));
    await call(U, "PUT", "/sim/data/Persist/vulcan/0?offset=512", "survives kill -9");
    await call(U, "POST", "/v1/resource-definitions/Persist/snapshots", { name: "snap1" });
    // a third replica starts to resync at 1 KiB/s: it cannot finish before the kill
    await call(U, "POST", "/v1/resource-definitions/Persist/resources/romulus", { resource: { props: { StorPoolName: "thinpool" } } });
    const view = (await call(U, "GET", "/v1/view/resources")).text;
    const rds = (await call(U, "GET", "/v1/resource-definitions?with_volume_definitions=true")).json;
    const sum = (await call(U, "GET", "/sim/data/Persist/kronos/0/checksum")).json.sha256;
    child.proc.kill("SIGKILL");
    assert.equal((await exited(child.proc)).signal, "SIGKILL");

    child = await startChild(["--state", dir, "--no-balance", "--resync-rate", "1048576"]);
    const V = child.url;
    assert.deepEqual((await call(V, "GET", "/v1/resource-definitions?with_volume_definitions=true")).json, rds);
    const after = (await call(V, "GET", "/v1/view/resources")).json as { name: string; node_name: string; uuid: string; layer_object: { drbd: { tcp_ports: number[]; node_id: number } } }[];
    const before = JSON.parse(view) as typeof after;
    assert.deepEqual(
      after.map((r) => [r.name, r.node_name, r.uuid, r.layer_object.drbd.tcp_ports, r.layer_object.drbd.node_id]),
      before.map((r) => [r.name, r.node_name, r.uuid, r.layer_object.drbd.tcp_ports, r.layer_object.drbd.node_id]),
    );
    assert.equal((await call(V, "GET", "/sim/data/Persist/kronos/0/checksum")).json.sha256, sum);
    assert.equal((await call(V, "GET", "/v1/view/snapshots")).json[0].name, "snap1");
    await waitFor("the interrupted resync finishes", async () => (await call(V, "GET", "/v1/view/resources?resources=persist&nodes=romulus")).json[0].volumes[0].state.disk_state === "UpToDate");
    assert.equal((await call(V, "GET", "/sim/data/Persist/romulus/0/checksum")).json.sha256, sum);

    child.proc.kill("SIGTERM");
    const e = await exited(child.proc);
    assert.equal(e.code, 0, "clean shutdown on SIGTERM");
  });
});
