// The linstor CLI contender of `npm run bench` against the simulator: its shell script must leave
// the same replicas as the raw REST script, and its moves must wait for the resync before they
// delete the old replica. Needs the CLI (scripts/install-linstor-cli.sh, from a linstor-client
// checkout), so it is not part of `npm test` and CI, which cannot get the checkout:
//   npx mocha test/contenders/linstor-cli.contender.ts
import * as assert from "assert";
import { pattern, SimHandle } from "../../harness/sim";
import { findLinstorCli, LINSTOR_CLI_INSTALL, runLinstorScript } from "../../bench/contenders/linstor-cli";
import { rawMove, rawScale } from "../../bench/contenders/raw-rest";
import { endState } from "../../bench/end-state";
import { moveTimes } from "../../bench/move-events";
import { definitionName, moveOf, placement, withCluster } from "../../bench/scale-program";
import { requirePrerequisite } from "../helpers/prerequisites";

const N = 4;

describe("linstor CLI contender (bench)", function () {
  this.timeout(300_000);
  let cli: string;
  before(function () {
    const found = findLinstorCli();
    requirePrerequisite(this, found !== undefined, LINSTOR_CLI_INSTALL);
    cli = found as string;
  });

  const createLines = Array.from({ length: N }, (_, i) => [definitionName(i), ...placement(i)].join(" "));
  const moveLines = Array.from({ length: N }, (_, i) => `${definitionName(i)} ${moveOf(i).from} ${moveOf(i).to}`);

  /** Creates, writes data, moves (with a resync of 5 s each, longer than a careless script takes to delete); end states and events. */
  async function scenario(create: (sim: SimHandle) => Promise<void>, move: (sim: SimHandle) => Promise<void>) {
    return withCluster(async (sim) => {
      await create(sim);
      const created = await endState(sim.client());
      for (let i = 0; i < N; i++) await sim.writeData(definitionName(i), placement(i)[1], 0, 0, pattern("cli", 4096));
      await sim.configure({ resyncRateKibPerSec: 2 * 1024 });
      const mark = (await sim.events()).reduce((m, e) => Math.max(m, e.seq), 0);
      await move(sim);
      return { created, moved: await endState(sim.client()), events: await sim.events(mark) };
    });
  }

  it("creates and moves to the same end state as the raw REST script, deleting only after each resync", async () => {
    const raw = await scenario((sim) => rawScale(sim.client(), N), (sim) => rawMove(sim.client(), N));
    const viaCli = await scenario(
      (sim) => runLinstorScript(cli, sim.url, "create", createLines),
      (sim) => runLinstorScript(cli, sim.url, "move", moveLines),
    );
    assert.strictEqual(raw.created.length, N * 3, raw.created.join("\n"));
    assert.deepStrictEqual(viaCli.created, raw.created);
    assert.deepStrictEqual(viaCli.moved, raw.moved);
    for (let i = 0; i < N; i++) {
      const { from, to } = moveOf(i);
      const t = moveTimes(viaCli.events, definitionName(i), from, to);
      assert.ok(t.done <= t.deleted, `${definitionName(i)}: the replica on ${from} went before ${to} was UpToDate`);
    }
  });
});
