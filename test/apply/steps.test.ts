// Step kinds run through the model-typed client: a test fakes the one method a step calls.

import * as assert from "assert";
import { apply, ApplyError, ConflictError } from "../../provider/apply";
import type { LinstorClient } from "../../provider/client";
import type { ClusterApi } from "../../provider/client/cluster-api";
import type { Plan, Step } from "../../provider/plan/steps";

const plan = (...steps: Step[]): Plan => ({ steps, notes: [] });
/** No HTTP: every call a step makes goes to the fake. */
const noClient = {} as LinstorClient;
const fake = (parts: Record<string, Record<string, unknown>>): ClusterApi => parts as unknown as ClusterApi;

describe("step kinds over a faked client service", () => {
  it("deleting a replica that is already gone is 'already' after one read", async () => {
    const reads: string[] = [];
    const api = fake({ replicas: { read: async (rd: string, node: string) => { reads.push(`${rd}/${node}`); return undefined; } } });
    const r = await apply(plan({ op: "deleteReplica", resource: "r1", node: "n1", description: "remove n1" }), noClient, { api });
    assert.deepStrictEqual(r.steps.map((s) => s.outcome), ["already"]);
    assert.deepStrictEqual(reads, ["r1/n1"]);
  });

  it("a node that exists with another address is a conflict naming the field", async () => {
    const { MASK_ERROR, rcMask, Codes, decodeRc } = await import("../../provider/client/rc");
    const { LinstorApiError } = await import("../../provider/client/errors");
    const exists = new LinstorApiError([decodeRc({ ret_code: rcMask(MASK_ERROR, Codes.FAIL_EXISTS_NODE), message: "exists" })], 500, { method: "POST", path: "/v1/nodes" });
    const api = fake({
      nodes: {
        create: async () => { throw exists; },
        read: async () => ({ name: "n1", type: "SATELLITE", address: "10.0.0.9", port: 3366, connectionStatus: "ONLINE", flags: [], props: {} }),
      },
      pools: { onNode: async () => [] },
    });
    await assert.rejects(apply(plan({ op: "createNode", node: { name: "n1", address: "10.0.0.1" }, description: "create node n1" }), noClient, { api }), (e: unknown) => {
      assert.ok(e instanceof ApplyError && e.reason instanceof ConflictError, String(e));
      assert.match(e.message, /node n1 already exists but differs: address is "10.0.0.9", wanted "10.0.0.1"/);
      return true;
    });
  });
});
