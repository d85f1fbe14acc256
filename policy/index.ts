// The policy pack: each rule of rules.ts as a Pulumi stack policy (it sees every LINSTOR object of
// the preview at once, which spread, capacity and deletion checks need). Run it with
//   pulumi preview --policy-pack policy [--policy-pack-config team-policy.json]
// or through examples/gitops/pipeline.sh, which also fills the deletion rule's `holdingData`.
import { PolicyPack, StackValidationPolicy } from "@pulumi/policy";
import { viewOf } from "./model";
import { RULES, withDefaults } from "./rules";

const policies: StackValidationPolicy[] = RULES.map((rule) => ({
  name: rule.name,
  description: rule.description,
  enforcementLevel: rule.enforcementLevel,
  configSchema: rule.configSchema as StackValidationPolicy["configSchema"],
  validateStack: (args, reportViolation) => {
    const view = viewOf(args.resources);
    for (const message of rule.check(view, withDefaults(rule, args.getConfig()))) reportViolation(message);
  },
}));

new PolicyPack("pulumi-linstor", { policies });
