// The controller's automatic replica balancing (BalanceResourcesEnabled, on by default since
// LINSTOR 1.26) moves every definition toward its resource group's place count. A replica set the
// stack auto-places with another count (the seed's `--auto-place 3` in DfltRscGrp, place count 2)
// must therefore leave the applied cluster in a state the balancer does not change.

import * as assert from "assert";
import { apply } from "../../provider/apply";
import { readLive } from "../../provider/client";
import type { DesiredState } from "../../provider/model/types";
import { plan } from "../../provider/plan";
import { useSimulator } from "../../harness/sim";

describe("auto-placed replica sets and the controller's balancing (pitfalls: BalanceResourcesEnabled)", function () {
  const sim = useSimulator({ resyncRateKibPerSec: 1 << 30, balance: true, balanceIntervalMs: 200, balanceGraceMs: 0 });

  it("auto-place 3 in a group with place count 2: the applied definition is one the balancer leaves alone", async () => {
    const c = sim().client();
    const desired: DesiredState = {
      resourceDefinitions: [{ name: "SharedData", layerStack: ["DRBD", "STORAGE"] }],
      volumeDefinitions: [{ resource: "SharedData", number: 0, sizeKib: 150 * 1024 }],
      resources: [{ resource: "SharedData", autoPlace: { placeCount: 3, storagePools: ["thinpool"] } }],
    };
    await apply(plan(desired, await readLive(c)), c, { poll: { initialMs: 20, maxMs: 250 } });
    const live = await readLive(c);
    const rd = live.resourceDefinitions.find((d) => d.name === "SharedData");
    assert.ok(rd);
    const group = live.resourceGroups.find((g) => g.name.toUpperCase() === (rd.resourceGroup ?? "DfltRscGrp").toUpperCase());
    const balancingOff = rd.props.BalanceResourcesEnabled?.toLowerCase() === "false";
    assert.ok(balancingOff || group?.placement.placeCount === 3,
      `SharedData has place count 3 but its group ${group?.name} has ${group?.placement.placeCount} and BalanceResourcesEnabled is ${rd.props.BalanceResourcesEnabled ?? "unset"}: the controller will drop a replica`);
  });
});
