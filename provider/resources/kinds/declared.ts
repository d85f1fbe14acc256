// A kind's descriptor from its declaration (provider/model/kinds) and its behaviour: the shape
// check, the cross-field rules, replace-on-change, the fields diff ignores and the secrets all come
// from the declaration; the kind's file adds only what the fields do.

import { notComparedInputs, replaceOnChanges, secretInputs, type KindDeclaration } from "../../model/declaration";
import { kindRuleProblems } from "../../model/kind-rules";
import { checkShape } from "../../model/shape";
import type { CommonInputs, KindDescriptor } from "../kind";

type Raw = Record<string, unknown>;
type Derived = "kind" | "normalize" | "replaceOn" | "ignoreInDiff" | "secretInputs";

export interface KindBehaviour<I extends CommonInputs, O extends object> extends Omit<KindDescriptor<I, O>, Derived> {
  /**
   * After the shape check: defaults and derived fields (e.g. a volume's size in KiB), and rules
   * about inputs only a resource has (`report` adds a problem for an input property).
   */
  complete?(inputs: I, raw: Raw, report: (property: string, reason: string) => void): I;
}

export function declaredKind<I extends CommonInputs, O extends object>(decl: KindDeclaration, behaviour: KindBehaviour<I, O>): KindDescriptor<I, O> {
  return {
    ...behaviour,
    kind: decl.kind,
    replaceOn: replaceOnChanges(decl),
    ignoreInDiff: notComparedInputs(decl),
    secretInputs: secretInputs(decl),
    normalize(raw) {
      const { value, problems } = checkShape(decl.inputs, raw);
      problems.push(...kindRuleProblems(decl.kind, value, raw));
      const report = (path: string, reason: string) => void problems.push({ path, reason });
      const inputs = behaviour.complete ? behaviour.complete(value as unknown as I, raw, report) : (value as unknown as I);
      return { inputs, problems: problems.map((p) => ({ property: p.path, reason: p.reason })) };
    },
  };
}
