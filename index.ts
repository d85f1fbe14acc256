// The Pulumi program of this repository: applies the YAML stack named by config `linstor:stack`
// (default stack.yaml, relative to this folder). Every problem of the file is reported with its
// line and column before any resource is declared, so nothing reaches the controller.
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { declareStack } from "./provider/stack/declare";
import { loadStack, StackError } from "./provider/stack";

const config = new pulumi.Config("linstor");
const file = path.resolve(config.get("stack") ?? "stack.yaml");

function load() {
  try {
    return loadStack(file);
  } catch (err) {
    // The engine prints the message as is: one `file:line:col path: problem` line each.
    if (err instanceof StackError) throw new pulumi.RunError(err.message);
    throw err;
  }
}

const outputs = declareStack(load(), { adopt: config.getBoolean("adopt") });
export const nodes = outputs.nodes;
export const storagePools = outputs.storagePools;
export const resources = outputs.resources;
