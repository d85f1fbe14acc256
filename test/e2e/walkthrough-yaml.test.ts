// Issue 14: the seed walkthrough as Pulumi YAML programs (examples/pulumi-yaml), run by the real
// engine with the Pulumi YAML language host and the provider plugin pulumi-resource-linstor,
// against the simulator. Same assertions as the TypeScript walkthrough (walkthrough-suite.ts).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { engineBin, repoRoot } from "../../scripts/engine";
import { TestStack } from "../helpers/pulumi";
import { walkthroughSuite } from "./walkthrough-suite";

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

const dir = yamlProject();
walkthroughSuite("seed walkthrough as Pulumi YAML programs with the provider plugin (real engine + simulator)", {
  create: (url) => {
    if (!yamlLanguageHostInstalled()) throw new Error("pulumi-language-yaml is not in .pulumi-engine/bin: run scripts/install-pulumi.sh (npm test does)");
    return TestStack.forProgramDir({ workDir: dir, config: { "linstor:endpoint": url } });
  },
  setStep: (s) => useStep(dir, s),
});
