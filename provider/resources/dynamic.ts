// Adapts the kinds to Pulumi's dynamic resources: every class in provider/index.ts is one of these.

import * as pulumi from "@pulumi/pulumi";
import { providerText } from "./shim";

export const TYPE_MODULE = "linstor";

/**
 * A LINSTOR object served by Pulumi's Node dynamic-provider process. What `pulumi.dynamic.Resource`
 * does, with the `__provider` text written by shim.ts instead of a serialized closure: the same
 * type token and protocol, a tenth of the bytes in the state. `outputNames` are declared as outputs
 * (set to undefined so the engine fills them from the provider's results).
 */
export abstract class LinstorResource extends pulumi.CustomResource {
  protected constructor(kind: string, name: string, args: object, outputNames: readonly string[], opts?: pulumi.CustomResourceOptions) {
    const type = `pulumi-nodejs:dynamic/${TYPE_MODULE}:${kind}`;
    const props: Record<string, unknown> = { ...args };
    if ("__provider" in props) throw new Error(`${kind} ${name}: __provider is reserved`);
    for (const o of outputNames) if (!(o in props)) props[o] = undefined;
    // The provider needs the URN to attach plan lines and progress to this resource in the engine's output.
    props.__urn = pulumi.createUrn(name, type, opts?.parent);
    props.__provider = providerText(kind);
    super(type, name, props, opts);
  }
}
