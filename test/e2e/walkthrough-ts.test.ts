// Issue 5: the seed article, one `pulumi up` per step, with the real engine against the simulator.
// The TypeScript program is examples/typescript/walkthrough.ts (dynamic resources); the assertions
// are shared with the Pulumi YAML walkthrough (walkthrough-suite.ts).
import { walkthrough } from "../../examples/typescript/walkthrough";
import { TestStack } from "../../harness/pulumi";
import { walkthroughSuite } from "./walkthrough-suite";

let step = 1;
walkthroughSuite("seed walkthrough in TypeScript (real engine + simulator)", {
  create: (url) => TestStack.create({ program: async () => walkthrough(step), config: { "linstor:endpoint": url } }),
  setStep: (s) => { step = s; },
});
