// Pulumi YAML projects for end-to-end tests: the walkthrough programs of examples/pulumi-yaml in a
// temporary project folder that uses the provider plugin of this checkout.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { engineBin, repoRoot } from "../scripts/engine";

const examples = path.join(repoRoot, "examples", "pulumi-yaml");

/** A project folder holding examples/pulumi-yaml/Pulumi.yaml, with the plugin path made absolute. */
export function yamlProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pl-yaml-"));
  const project = fs.readFileSync(path.join(examples, "Pulumi.yaml"), "utf8")
    .replace("path: ../../provider/plugin/bin", `path: ${path.join(repoRoot, "provider", "plugin", "bin")}`);
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), project);
  return dir;
}

/** The program of step `step` of the walkthrough (`0N-*.yaml`) as the project's Main.yaml. */
export function useStep(dir: string, step: number): void {
  const file = fs.readdirSync(examples).find((f) => f.startsWith(`0${step}-`));
  if (!file) throw new Error(`no step ${step} in ${examples}`);
  fs.copyFileSync(path.join(examples, file), path.join(dir, "Main.yaml"));
}

export const yamlLanguageHostInstalled = (): boolean => fs.existsSync(path.join(engineBin, "pulumi-language-yaml"));
