// The plans of creates a preview has shown: a resource of one definition is planned against the
// shared ones (nodes, pools, groups) and those of its own definitions, in the order shown.

import * as assert from "assert";
import type { Step } from "../../provider/plan/steps";
import { forgetPlannedCreate, plannedCreatesBefore, rememberPlannedCreate } from "../../provider/resources/planned-creates";

const group = { op: "createResourceGroup", group: { name: "gold" } } as unknown as Step;
const definition = (name: string) => ({ op: "createResourceDefinition", definition: { name } }) as unknown as Step;
const volume = (resource: string) => ({ op: "createVolumeDefinition", volume: { resource, number: 0, sizeKib: 1024 } }) as unknown as Step;
const ops = (steps: Step[]) => steps.map((s) => `${s.op}${"definition" in s ? `:${s.definition.name}` : "volume" in s ? `:${s.volume.resource}` : ""}`);

describe("planned creates of a preview", () => {
  const urns = ["urn:g", "urn:a", "urn:b", "urn:a0", "urn:x"];
  afterEach(() => urns.forEach(forgetPlannedCreate));

  it("a resource of a definition gets the shared plans and its own definition's, in the order shown", () => {
    rememberPlannedCreate("urn:a", [definition("DataA")]);
    rememberPlannedCreate("urn:g", [group]);
    rememberPlannedCreate("urn:b", [definition("DataB")]);
    rememberPlannedCreate("urn:a0", [volume("DataA")]);
    assert.deepStrictEqual(ops(plannedCreatesBefore("urn:x", ["dataa"])), ["createResourceDefinition:DataA", "createResourceGroup", "createVolumeDefinition:DataA"]);
    assert.deepStrictEqual(ops(plannedCreatesBefore("urn:a0", ["DataA"])), ["createResourceDefinition:DataA", "createResourceGroup"], "not its own plan");
    assert.deepStrictEqual(ops(plannedCreatesBefore("urn:x")), [
      "createResourceDefinition:DataA", "createResourceGroup", "createResourceDefinition:DataB", "createVolumeDefinition:DataA",
    ], "no definitions given: every plan");
  });

  it("a create that runs leaves the plans", () => {
    rememberPlannedCreate("urn:a", [definition("DataA")]);
    rememberPlannedCreate("urn:g", [group]);
    forgetPlannedCreate("urn:a");
    forgetPlannedCreate("urn:g");
    assert.deepStrictEqual(plannedCreatesBefore("urn:x", ["DataA"]), []);
    assert.deepStrictEqual(plannedCreatesBefore("urn:x"), []);
  });
});
