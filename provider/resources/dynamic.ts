// Adapts the kinds to Pulumi's dynamic resources: every class in provider/index.ts is one of these.

import * as pulumi from "@pulumi/pulumi";
import { shimFor } from "./shim";

export const TYPE_MODULE = "linstor";

/**
 * A LINSTOR object managed through the shim. `outputNames` are declared as outputs (set to
 * undefined so the engine fills them from the provider's results).
 */
export abstract class LinstorResource extends pulumi.dynamic.Resource {
  protected constructor(kind: string, name: string, args: object, outputNames: readonly string[], opts?: pulumi.CustomResourceOptions) {
    const type = `pulumi-nodejs:dynamic/${TYPE_MODULE}:${kind}`;
    const props: Record<string, unknown> = { ...args };
    for (const o of outputNames) if (!(o in props)) props[o] = undefined;
    // The provider needs the URN to attach plan lines and progress to this resource in the engine's output.
    props.__urn = pulumi.createUrn(name, type, opts?.parent);
    super(shimFor(kind), name, props, opts, TYPE_MODULE, kind);
  }
}
