// Where a deletion's plan is shown. The engine prints its Diagnostics section grouped per resource
// in no particular order, so per-resource plans of a `destroy` read as if a definition went before
// its replicas. Deletions run in dependency order, so their plans go, in the order they run, under
// the stack resource, each headed by the object it removes.

/** The URN of the stack a resource belongs to (`urn:pulumi:STACK::PROJECT::pulumi:pulumi:Stack::PROJECT-STACK`). */
export function stackUrnOf(urn: string): string | undefined {
  const [head, project] = urn.split("::");
  if (!head?.startsWith("urn:pulumi:") || !project) return undefined;
  const stack = head.slice("urn:pulumi:".length);
  return `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`;
}

/** The plan text headed by the kind and name of the resource it deletes: "delete ResourceDefinition LocalData:". */
export function deletionPlanText(urn: string, plan: string): string {
  const [type = "", name = ""] = urn.split("::").slice(-2);
  return `delete ${type.split(":").pop()} ${name}:\n${plan.replace(/^plan:\n/, "")}`;
}
