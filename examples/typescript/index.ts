// Pulumi program of the TypeScript walkthrough: `pulumi config set step 3 && pulumi up`.
import * as pulumi from "@pulumi/pulumi";
import { walkthrough } from "./walkthrough";

const step = new pulumi.Config().getNumber("step") ?? 1;
const outputs = walkthrough(step);
export const localData = outputs.localData;
export const sharedData = outputs.sharedData;
export const snap1 = outputs.snap1;
export const sharedDataRestore = outputs.sharedDataRestore;
