// A kind's descriptor from its declaration (provider/model/kinds) and its behaviour: the shape
// check, the cross-field rules, replace-on-change, the fields diff ignores and the secrets all come
// from the declaration; the kind's file adds only what the fields do.

import { notComparedInputs, replaceOnChanges, secretInputs, type KindDeclaration } from "../../model/declaration";
import { kindRuleProblems } from "../../model/kind-rules";
import { lifecycleInputs } from "../../model/kinds";
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

type LifecycleKey = keyof typeof lifecycleInputs;

/**
 * The desired-state spec of the inputs: the kind's declared input fields (not, e.g., the owner
 * mark a kind without props does not declare), without the resource's lifecycle options and the
 * fields the resource handles itself (`leaveOut`, e.g. a node's ssh block).
 */
export function specOf<I extends object, K extends keyof I = never>(decl: KindDeclaration, inputs: I, ...leaveOut: K[]): Omit<I, K | LifecycleKey> {
  const skip = new Set<string>([...Object.keys(lifecycleInputs), ...(leaveOut as string[])]);
  const keep = (k: string, v: unknown) => k in decl.inputs && !skip.has(k) && v !== undefined;
  return Object.fromEntries(Object.entries(inputs).filter(([k, v]) => keep(k, v))) as Omit<I, K | LifecycleKey>;
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
