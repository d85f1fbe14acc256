// Records the conformance sequences' answers from a real LINSTOR controller:
//   scripts/real-linstor.sh start --controller 127.0.0.3:3370 --satellite-base 127.0.0.31
//   eval "$(scripts/real-linstor.sh env --controller 127.0.0.3:3370)"
//   npm run conformance:record [-- sequence-name …]
// writes test/conformance/recorded/controller.json and recorded/<sequence>.json.
import * as path from "node:path";
import * as fs from "node:fs";
import { discoverCluster, registerRealCluster } from "./cluster";
import { RECORDED_DIR, RecordingMeta, writeJson } from "./fixtures";
import { capable, SEQUENCES } from "./sequences";
import { Conn } from "./wire";

async function main(): Promise<void> {
  const endpoint = (process.env.LINSTOR_ENDPOINT ?? "").replace(/\/$/, "");
  if (!endpoint) throw new Error("set LINSTOR_ENDPOINT to the controller's REST URL, e.g. http://127.0.0.3:3370");
  const only = process.argv.slice(2);
  const probe = new Conn(endpoint);
  // scripts/real-linstor.sh starts bare satellites: register them first (REAL_LINSTOR_CLUSTER=its cluster.json)
  if (process.env.REAL_LINSTOR_CLUSTER) await registerRealCluster(probe, JSON.parse(fs.readFileSync(process.env.REAL_LINSTOR_CLUSTER, "utf8")));
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
    if (!capable(cluster, seq)) {
      console.log(`skip   ${seq.name}: this cluster cannot show it (needs ${seq.needs?.join(", ")}; expectations stay from the facts file)`);
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
