// Pulumi program of the TypeScript walkthrough: `pulumi config set step 3 && pulumi up`.
import * as pulumi from "@pulumi/pulumi";
import { settledOutputs } from "../../provider";
import { walkthrough } from "./walkthrough";

const step = new pulumi.Config().getNumber("step") ?? 1;
// Only the outputs this step has (localData until step 3, snap1 from step 5, ...): a name exported
// with no value would make Pulumi warn that it "will not show as a stack output". Settled: after a
// failed `up` they show what is done, and NOT_DONE for what the run did not finish.
export = settledOutputs(walkthrough(step));
