// Pulumi program of the TypeScript walkthrough: `pulumi config set step 3 && pulumi up`.
import * as pulumi from "@pulumi/pulumi";
import { walkthrough } from "./walkthrough";

const step = new pulumi.Config().getNumber("step") ?? 1;
// Only the outputs this step has (localData until step 3, snap1 from step 5, ...): a name exported
// with no value would make Pulumi warn that it "will not show as a stack output".
export = walkthrough(step);
