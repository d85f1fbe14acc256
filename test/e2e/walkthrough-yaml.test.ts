// Issue 14: the seed walkthrough as Pulumi YAML programs (examples/pulumi-yaml), run by the real
// engine with the Pulumi YAML language host and the provider plugin pulumi-resource-linstor,
// against the simulator. Same assertions as the TypeScript walkthrough (walkthrough-suite.ts).
import { TestStack } from "../../harness/pulumi";
import { useStep, yamlLanguageHostInstalled, yamlProject } from "../../harness/pulumi-yaml";
import { walkthroughSuite } from "./walkthrough-suite";

const dir = yamlProject();
walkthroughSuite("seed walkthrough as Pulumi YAML programs with the provider plugin (real engine + simulator)", {
  create: (url) => {
    if (!yamlLanguageHostInstalled()) throw new Error("pulumi-language-yaml is not in .pulumi-engine/bin: run scripts/install-pulumi.sh (npm test does)");
    return TestStack.forProgramDir({ workDir: dir, config: { "linstor:endpoint": url } });
  },
  setStep: (s) => useStep(dir, s),
});
