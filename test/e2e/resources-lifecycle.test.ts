// Issue 5: drift, adoption, faults, refusals and credentials, with the real engine and simulator.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as linstor from "../../provider";
import { TestStack } from "../../harness/pulumi";
import { useSimulator } from "../../harness/sim";


describe("resource lifecycle (real engine + simulator)", function () {
  this.timeout(600_000);
  const sim = useSimulator({ seedCluster: true, resyncRateKibPerSec: 200 * 1024 });

  describe("refresh shows a replica deleted behind the engine's back; the next up repairs it", () => {
    let stack: TestStack;
    before(async () => {
      stack = await TestStack.create({
        program: async () => {
          const rd = new linstor.ResourceDefinition("Drift", { name: "Drift", layerStack: ["DRBD", "STORAGE"] });
          const vd = new linstor.VolumeDefinition("Drift/0", { resource: rd.name, size: "64m" });
          const r = new linstor.Resource("Drift", { resource: rd.name, nodes: ["vulcan", "remus", "romulus"], storagePool: "thinpool" }, { dependsOn: [vd] });
          return { nodes: r.diskfulNodes };
        },
        config: { "linstor:endpoint": sim().url },
      });
    });
    after(async () => { await stack?.destroy().catch(() => undefined); await stack?.dispose(); });

    it("creates, drifts, refreshes, repairs", async () => {
      await stack.up();
      await sim().client().resources.delete("Drift", "romulus");
      const refreshed = await stack.refresh();
      assert.deepStrictEqual(refreshed.ops["Resource:Drift"], ["update"], `refresh ops: ${JSON.stringify(refreshed.ops)}`);
      const state = JSON.parse(await stack.stateText());
      const res = state.checkpoint.latest.resources.find((r: { urn: string }) => r.urn.endsWith("linstor:Resource::Drift"));
      assert.deepStrictEqual(res.outputs.diskfulNodes, ["vulcan", "remus"], "refresh records the live replicas");
      const repaired = await stack.up();
      assert.deepStrictEqual(repaired.ops["Resource:Drift"], ["update"]);
      assert.deepStrictEqual(repaired.outputs.nodes.value, ["vulcan", "remus", "romulus"]);
      const live = await sim().client().resources.list("Drift");
      assert.deepStrictEqual(live.map((r) => r.node_name).sort(), ["remus", "romulus", "vulcan"]);
    });
  });

  describe("adopt: true takes over an existing definition without create calls; foreign props survive", () => {
    let stack: TestStack;
    let props: Record<string, string> = { "Aux/team": "storage" };
    before(async () => {
      // Made by hand before the stack existed; the controller's balancer (DfltRscGrp places 2)
      // would trim the third replica before the stack adopts it, so it is off for this part.
      await fetch(`${sim().url}/sim/config`, { method: "POST", body: JSON.stringify({ balance: false }), headers: { "Content-Type": "application/json" } });
      const c = sim().client();
      await c.resourceDefinitions.create({ resource_definition: { name: "Existing", layer_data: [{ type: "DRBD" }, { type: "STORAGE" }], props: { "Aux/owner": "ops-by-hand" } } });
      await c.volumeDefinitions.create("Existing", { volume_definition: { size_kib: 65536 } });
      await c.resources.create("Existing", ["vulcan", "kronos", "remus"].map((n) => ({ resource: { node_name: n, props: { StorPoolName: "thinpool" } } })));
      stack = await TestStack.create({
        program: async () => {
          const rd = new linstor.ResourceDefinition("Existing", { name: "Existing", layerStack: ["DRBD", "STORAGE"], props, adopt: true });
          const vd = new linstor.VolumeDefinition("Existing/0", { resource: rd.name, size: "64m", adopt: true });
          new linstor.Resource("Existing", { resource: rd.name, nodes: ["vulcan", "kronos", "remus"], storagePool: "thinpool", adopt: true }, { dependsOn: [vd] });
        },
        config: { "linstor:endpoint": sim().url },
      });
    });
    after(async () => {
      await stack?.dispose();
      await fetch(`${sim().url}/sim/config`, { method: "POST", body: JSON.stringify({ balance: true }), headers: { "Content-Type": "application/json" } });
    });

    it("adopts with no create call", async () => {
      await sim().clearRequests();
      const r = await stack.up();
      assert.deepStrictEqual(Object.values(r.ops).flat().filter((o) => o !== "create"), []);
      const creates = (await sim().requests()).log.filter((l) => l.method === "POST" && /\/v1\/(resource-definitions|nodes)(\/[^/]+\/(resources|volume-definitions))?$/.test(l.path));
      assert.deepStrictEqual(creates, [], "adopting must not create anything");
    });

    it("an update of the managed props keeps the foreign one", async () => {
      props = { "Aux/team": "platform" };
      await stack.up();
      const rd = await sim().client().resourceDefinitions.get("Existing");
      assert.strictEqual(rd.props?.["Aux/team"], "platform");
      assert.strictEqual(rd.props?.["Aux/owner"], "ops-by-hand", "a property set by hand must survive");
    });

    it("adopting something that differs is refused", async () => {
      const other = await TestStack.create({
        program: async () => { new linstor.Resource("Existing", { resource: "Existing", nodes: ["romulus"], adopt: true }); },
        // Another stack: one of the same project and stack name would be recognised as the owner.
        stackName: "other",
        config: { "linstor:endpoint": sim().url },
      });
      try {
        await assert.rejects(other.up(), /cannot adopt replicas of Existing[\s\S]*no diskful replica on romulus/);
      } finally { await other.dispose(); }
    });
  });

  describe("faults and refusals", () => {
    let size = "2T";
    let stack: TestStack;
    before(async () => {
      stack = await TestStack.create({
        program: async () => {
          const rd = new linstor.ResourceDefinition("Faulty", { name: "Faulty", layerStack: ["DRBD", "STORAGE"] });
          const vd = new linstor.VolumeDefinition("Faulty/0", { resource: rd.name, size });
          new linstor.Resource("Faulty", { resource: rd.name, nodes: ["kronos", "remus"], storagePool: "thinpool" }, { dependsOn: [vd] });
        },
        // Credentials as secret config (or LS_* environment variables): the engine keeps provider
        // config in the state, encrypted only when it is a secret.
        config: { "linstor:endpoint": sim().url, "linstor:username": "admin", "linstor:password": { value: "s3cr3t-pa55word", secret: true } },
      });
    });
    after(async () => { await stack?.destroy().catch(() => undefined); await stack?.dispose(); await sim().clearFaults(); });

    it("a placement that cannot fit fails the up with the criterion and changes no replica", async () => {
      const err = await stack.up().then(() => undefined, (e: Error) => e);
      assert.ok(err, "the up should fail");
      assert.match(String(err), /kronos[^\n]*(free|over-commit estimate)/i, "the error names the node and the capacity criterion");
      // The definition exists now: a preview runs the same pre-flight and fails the same way, not with a warning.
      await sim().clearRequests();
      await assert.rejects(stack.preview(), /place Faulty on kronos, remus: kronos: pool thinpool can take [^\n]* needs 2 TiB/);
      assert.deepStrictEqual((await sim().requests()).log.filter((l) => l.method !== "GET"), [], "a preview writes nothing");
      assert.deepStrictEqual(await sim().client().resources.list("Faulty").catch(() => []), []);
    });

    it("injected 503s and dropped connections are retried and the up succeeds after fixing the input", async () => {
      size = "64m";
      await sim().fault({ kind: "error", status: 503, path: "^/v1/view/", count: 3 });
      await sim().fault({ kind: "drop", path: "^/v1/resource-definitions", method: "GET", count: 2 });
      await sim().fault({ kind: "error", status: 503, method: "POST", path: "/resources$", count: 1 });
      const r = await stack.up();
      assert.ok(Object.values(r.ops).flat().some((o) => o === "update" || o === "create"));
      const live = await sim().client().resources.list("Faulty");
      const diskful = live.filter((x) => !(x.flags ?? []).includes("DISKLESS"));
      assert.deepStrictEqual(diskful.map((x) => x.node_name).sort(), ["kronos", "remus"]);
      const hits = (await sim().requests()).log.filter((l) => l.status === 503 || l.status === 0);
      assert.ok(hits.length >= 3, "the faults were really injected");
    });

    it("the state holds no controller credential", async () => {
      const text = await stack.stateText();
      assert.ok(!text.includes("s3cr3t-pa55word"), "password in the state");
    });
  });

  it("a create whose resync wait runs out is recorded (partial initialization); the next up continues it instead of creating again", async () => {
    const c = sim().client();
    // Thick LVM pools do a full initial sync, which a stalled resync holds up.
    for (const node of ["vulcan", "kronos"]) {
      await c.storagePools.create(node, { storage_pool_name: "thick", provider_kind: "LVM", props: { "StorDriver/StorPoolName": "drbdpool" } });
    }
    await sim().fault({ kind: "stall-resync", resource: "Slow" });
    let sync = 2;
    const stack = await TestStack.create({
      program: async () => {
        const rd = new linstor.ResourceDefinition("Slow", { name: "Slow", layerStack: ["DRBD", "STORAGE"] });
        const vd = new linstor.VolumeDefinition("Slow/0", { resource: rd.name, size: "16m" });
        new linstor.Resource("Slow", { resource: rd.name, nodes: ["vulcan", "kronos"], storagePool: "thick", timeouts: { syncSeconds: sync } }, { dependsOn: [vd] });
      },
      config: { "linstor:endpoint": sim().url },
    });
    try {
      await assert.rejects(stack.up(), /Slow[\s\S]*(timed out|not complete)/);
      const state = JSON.parse(await stack.stateText());
      assert.ok(state.checkpoint.latest.resources.some((r: { urn: string }) => r.urn.endsWith("linstor:Resource::Slow")),
        "the accepted replicas are in the state although the wait failed");
      await sim().clearFaults();
      sync = 600;
      await sim().clearRequests();
      const r = await stack.up();
      assert.deepStrictEqual(r.ops["Resource:Slow"], ["update"]);
      const creates = (await sim().requests()).log.filter((l) => l.method === "POST" && l.path.endsWith("/resources"));
      assert.deepStrictEqual(creates, [], "no replica is created twice");
      await stack.destroy();
    } finally {
      await stack.dispose();
      await sim().clearFaults();
      for (const node of ["vulcan", "kronos"]) await c.storagePools.delete(node, "thick").catch(() => undefined);
    }
  });

  it("replicas created by a run that died before Pulumi recorded them carry the stack's owner mark; the next up finishes them instead of refusing \"already exists; set adopt\" (real-controller finding)", async () => {
    const c = sim().client();
    const program = async () => {
      const rd = new linstor.ResourceDefinition("Orphan", { name: "Orphan", layerStack: ["DRBD", "STORAGE"] });
      const vd = new linstor.VolumeDefinition("Orphan/0", { resource: rd.name, size: "16m" });
      new linstor.Resource("Orphan", { resource: rd.name, nodes: ["vulcan", "kronos"], storagePool: "thinpool" }, { dependsOn: [vd] });
    };
    const stack = await TestStack.create({ program, config: { "linstor:endpoint": sim().url } });
    try {
      await stack.up();
      const replicas = (await c.resources.list("Orphan")).filter((r) => !(r.flags ?? []).includes("TIE_BREAKER"));
      const owner = `${"pulumi-linstor-test"}/${stack.stack.name}`;
      assert.deepStrictEqual(replicas.map((r) => r.props?.["Aux/pulumi-linstor/owner"]), [owner, owner], "each replica carries the owner mark");
      // The run "dies" before the engine records the replica set: drop it from the state.
      const state = await stack.stack.exportStack();
      const deployment = state.deployment as { resources: { urn: string }[] };
      deployment.resources = deployment.resources.filter((r) => !r.urn.endsWith("linstor:Resource::Orphan"));
      await stack.stack.importStack(state);
      await sim().clearRequests();
      const r = await stack.up();
      assert.deepStrictEqual(r.ops["Resource:Orphan"], ["create"]);
      assert.ok((r.diagnostics.Orphan ?? []).some((m) => /was created by this stack .* finishing it/.test(m)), JSON.stringify(r.diagnostics.Orphan));
      const creates = (await sim().requests()).log.filter((l) => l.method === "POST" && l.path.endsWith("/resources"));
      assert.deepStrictEqual(creates, [], "no replica is created twice");
      // Somebody else's replicas with the same name are still refused.
      await c.resourceDefinitions.create({ resource_definition: { name: "Foreign" } });
      await c.volumeDefinitions.create("Foreign", { volume_definition: { size_kib: 16 * 1024 } });
      await c.resources.create("Foreign", [{ resource: { node_name: "vulcan", props: { StorPoolName: "thinpool", "Aux/pulumi-linstor/owner": "other/prod" } } }]);
      const foreign = await TestStack.create({
        program: async () => { new linstor.Resource("Foreign", { resource: "Foreign", nodes: ["vulcan"], storagePool: "thinpool" }); },
        config: { "linstor:endpoint": sim().url },
      });
      try {
        await assert.rejects(foreign.up(), /replicas of Foreign already exists on the controller\.( It was made by stack other\/prod\.)? Set adopt: true/);
      } finally {
        await foreign.dispose();
      }
      await c.resourceDefinitions.delete("Foreign");
      await stack.destroy();
    } finally {
      await stack.dispose();
    }
  });

  it("a preview of a stack that creates a definition and its replicas in one run succeeds and changes nothing", async () => {
    const stack = await TestStack.create({
      program: async () => {
        const rd = new linstor.ResourceDefinition("Fresh", { name: "Fresh", layerStack: ["DRBD", "STORAGE"] });
        const vd = new linstor.VolumeDefinition("Fresh/0", { resource: "Fresh", size: "32m" }, { dependsOn: [rd] });
        new linstor.Resource("Fresh", { resource: "Fresh", nodes: ["vulcan", "kronos", "remus"], storagePool: "thinpool" }, { dependsOn: [vd] });
      },
      config: { "linstor:endpoint": sim().url },
    });
    try {
      await sim().clearRequests();
      const p = await stack.preview();
      assert.deepStrictEqual(p.ops["ResourceDefinition:Fresh"], ["create"]);
      assert.match(p.stdout, /create resource definition Fresh/);
      assert.deepStrictEqual((await sim().requests()).log.filter((l) => l.method !== "GET" && l.path.startsWith("/v1/")), []);
    } finally { await stack.dispose(); }
  });

  it("outputs are usable in a program (port, minor, device)", async () => {
    const stack = await TestStack.create({
      program: async () => {
        const rd = new linstor.ResourceDefinition("Outs", { name: "Outs", layerStack: ["DRBD", "STORAGE"] });
        const vd = new linstor.VolumeDefinition("Outs/0", { resource: rd.name, size: "32m" });
        const r = new linstor.Resource("Outs", { resource: rd.name, autoPlace: { placeCount: 2, storagePools: ["thinpool"] } }, { dependsOn: [vd] });
        return { device: vd.devicePath, port: r.port, backing: r.backingVolumes, tie: r.tieBreakerNodes, n: pulumi.output(r.diskfulNodes).apply((x) => x.length) };
      },
      config: { "linstor:endpoint": sim().url },
    });
    try {
      const r = await stack.up();
      assert.match(String(r.outputs.device.value), /^\/dev\/drbd\d+$/);
      assert.ok((r.outputs.port.value as number) >= 7000);
      assert.deepStrictEqual(r.outputs.backing.value, ["Outs_00000"]);
      assert.strictEqual(r.outputs.n.value, 2);
      assert.strictEqual((r.outputs.tie.value as string[]).length, 1, "two diskful replicas get a tiebreaker, reported not fought");
      const again = await stack.up();
      assert.ok(Object.values(again.ops).every((o) => o.every((x) => x === "same")), "the tiebreaker is not drift");
      await stack.destroy();
    } finally { await stack.dispose(); }
  });
});
