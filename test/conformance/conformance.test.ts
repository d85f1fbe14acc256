// The conformance suite: every sequence of sequences.ts against linstor-sim (default) or any
// controller (LINSTOR_ENDPOINT=http://host:3370, its cluster discovered). Against the simulator,
// each conversation is also compared with the answers recorded from a real LINSTOR controller
// (recorded/*.json, written by `npm run conformance:record`).
import * as assert from "node:assert/strict";
import { useSimulator } from "../../harness/sim";
import { requirePrerequisite } from "../helpers/prerequisites";
import { Cluster, createCluster, DEFAULT_CLUSTER, discoverCluster, simCluster } from "./cluster";
import { compareTapes } from "./compare";
import { readMeta, readRecorded } from "./fixtures";
import { capable, SEQUENCES } from "./sequences";
import { Conn } from "./wire";

const endpoint = process.env.LINSTOR_ENDPOINT;

describe(`conformance: LINSTOR 1.34 answers (${endpoint ?? "linstor-sim"})`, function () {
  this.timeout(120000);
  const meta = readMeta();
  const sim = endpoint ? undefined : useSimulator({ seedCluster: false });
  let cl: Cluster;
  let url: string;

  before(async () => {
    if (endpoint) {
      url = endpoint.replace(/\/$/, "");
      cl = await discoverCluster(new Conn(url));
    } else {
      url = sim!().url;
      const recordedOn = meta?.cluster ?? DEFAULT_CLUSTER;
      await createCluster(new Conn(url), recordedOn);
      cl = simCluster(recordedOn);
    }
  });

  for (const seq of SEQUENCES) {
    const recorded = readRecorded(seq.name);
    it(`${seq.name}${seq.facts ? ` (expectations from the facts file, ${seq.facts})` : ""}`, async function () {
      requirePrerequisite(this, capable(cl, seq), `a cluster with what sequence '${seq.name}' needs (nodes, pools, DRBD): the controller at ${url} lacks it`);
      const conn = new Conn(url);
      await seq.run(conn, cl);
      if (!endpoint && recorded) {
        const diffs = compareTapes(recorded.calls, conn.tape);
        assert.deepEqual(diffs, [], `answers differ from LINSTOR ${recorded.controller_version} (recorded ${recorded.recorded_at})`);
      }
    });
  }

  it("fixtures were recorded from a real controller for every sequence it can show", function () {
    requirePrerequisite(this, !endpoint && !!meta, endpoint ? "the recorded fixtures are compared against the simulator only (unset LINSTOR_ENDPOINT)" : "test/conformance/recorded/meta.json: record the fixtures from a real controller (npm run conformance:record)");
    const missing = SEQUENCES.filter((s) => capable(meta!.cluster, s) && !readRecorded(s.name)).map((s) => s.name);
    assert.deepEqual(missing, []);
  });
});
