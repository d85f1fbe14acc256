// Records the conformance sequences' answers from a real LINSTOR controller:
//   LINSTOR_ENDPOINT=http://127.0.0.3:3370 npm run conformance:record [-- sequence-name …]
// writes test/conformance/recorded/controller.json and recorded/<sequence>.json.
import * as path from "node:path";
import { discoverCluster } from "./cluster";
import { RECORDED_DIR, RecordingMeta, writeJson } from "./fixtures";
import { SEQUENCES } from "./sequences";
import { Conn } from "./wire";

async function main(): Promise<void> {
  const endpoint = (process.env.LINSTOR_ENDPOINT ?? "").replace(/\/$/, "");
  if (!endpoint) throw new Error("set LINSTOR_ENDPOINT to the controller's REST URL, e.g. http://127.0.0.3:3370");
  const only = process.argv.slice(2);
  const probe = new Conn(endpoint);
  const version = await probe.get<RecordingMeta["controller"]>("/v1/controller/version");
  const cluster = await discoverCluster(probe);
  const now = new Date().toISOString();
  writeJson(path.join(RECORDED_DIR, "controller.json"), {
    controller: { version: version.version, git_hash: version.git_hash, rest_api_version: version.rest_api_version },
    recorded_at: now,
    endpoint,
    cluster,
  });
  let failed = 0;
  for (const seq of SEQUENCES) {
    if (only.length && !only.includes(seq.name)) continue;
    if (seq.needs?.includes("drbd") && !cluster.drbd) {
      console.log(`skip   ${seq.name}: the satellites have no DRBD (expectations stay from the facts file)`);
      continue;
    }
    const conn = new Conn(endpoint);
    let error: string | undefined;
    try {
      await seq.run(conn, cluster);
    } catch (e) {
      error = (e as Error).stack ?? String(e);
      failed++;
    }
    writeJson(path.join(RECORDED_DIR, `${seq.name}.json`), { sequence: seq.name, recorded_at: now, controller_version: version.version, calls: conn.tape });
    console.log(`${error ? "FAILED" : "ok    "} ${seq.name} (${conn.tape.length} calls)${error ? `\n${error}` : ""}`);
  }
  if (failed) process.exitCode = 1;
}

void main().catch((e) => {
  console.error((e as Error).message);
  process.exit(2);
});
