// Issue 6: `npm run demo`'s walkthrough runs to the end and shows the move with the resync between.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../../scripts/engine";

describe("the demo (seed walkthrough through the repo's own Pulumi program)", function () {
  this.timeout(900_000);
  it("runs every step, exits 0, and shows SharedData moving from kronos to vulcan with the resync in between", () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "pl-demo-"));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, PULUMI_LINSTOR_DEMO_DIR: work };
      delete env.LINSTOR_ENDPOINT;
      delete env.LS_CONTROLLERS;
      const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(repoRoot, "scripts", "demo.ts")], {
        cwd: repoRoot, encoding: "utf8",
        env,
      });
      const out = run.stdout;
      assert.strictEqual(run.status, 0, `demo failed:\n${out}\n${run.stderr}`);
      for (const step of ["01-localdata", "02-shareddata", "03-move", "04-delete-localdata", "05-snapshot", "06-restore", "07-rollback", "08-readd"]) {
        assert.ok(out.includes(`━━ ${step}.yaml`), `step ${step} missing`);
      }
      const move = out.slice(out.indexOf("━━ 03-move"), out.indexOf("━━ 04-"));
      const added = move.indexOf("+ SharedData on vulcan");
      const syncing = move.indexOf("SharedData on vulcan: SyncTarget");
      const synced = move.indexOf("SharedData on vulcan: UpToDate");
      const removed = move.indexOf("- SharedData on kronos");
      assert.ok(added >= 0 && syncing > added && synced > syncing && removed > synced, `move not shown as add → resync → remove:\n${move}`);
      // Issue 17 point 12: a two-line step title is shown whole; each block of a step names one resource.
      assert.ok(out.includes("━━ 07-rollback.yaml: roll SharedData back to Snap1. LINSTOR refuses a rollback while a replica sits on a node " +
        "without the snapshot (vulcan), so the article removes it, rolls back and re-creates it\n"), "the step-7 header is cut");
      for (const section of out.split("━━ ").slice(1)) {
        const headers = section.split("\n").filter((l) => /^ {3}\S[^:]*:$/.test(l));
        assert.deepStrictEqual(headers, [...new Set(headers)], `two blocks with the same header in:\n${section}`);
      }
      // LocalData has no DRBD layer: like the linstor CLI, the table says "Created", not "Unknown".
      assert.match(out, /LocalData +kronos +diskful +thinpool +Created /);
      assert.ok(!/\bUnknown\b/.test(out), "a replica shown in state Unknown");
      assert.ok(!/data differs/.test(out));
      assert.ok(out.includes("Walkthrough complete."));
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
