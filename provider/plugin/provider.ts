// The LINSTOR kinds as a Pulumi provider plugin (`@pulumi/pulumi/provider`'s Provider). Every call
// goes to the same operations as the dynamic resources (resources/operations.ts: planner, executor,
// client); this file only maps the plugin protocol onto them: the resource's kind comes from its
// type token, its URN from the call instead of an input, and an import reads the object by id.

import type * as provider from "@pulumi/pulumi/provider";
import { liveCache } from "../resources/context";
import { operationsFor } from "../resources/impl";
import type { DiffOutcome } from "../resources/operations";
import { importInputs } from "./imported";
import { invoke } from "./functions";

type Raw = Record<string, unknown>;

/** Package name, and the module of every type token (`linstor:index:Node`). */
export const PACKAGE = "linstor";
export const MODULE = "index";

/** The kind of a resource from its URN (`urn:pulumi:stack::project::[parent$]linstor:index:Node::name`). */
export function kindOf(urn: string): string {
  const type = urn.split("::")[2]?.split("$").pop() ?? "";
  const [pkg, , kind] = type.split(":");
  if (pkg !== PACKAGE || !kind) throw new Error(`pulumi-resource-linstor: not a linstor resource: ${urn}`);
  return kind;
}

/** The URN travels as an input on the dynamic path; here it is added for the call and never stored. */
const withUrn = (raw: Raw | undefined, urn: string): Raw => ({ ...(raw ?? {}), __urn: urn });
function stored(raw: Raw | undefined): Raw {
  const out: Raw = { ...(raw ?? {}) };
  delete out.__urn;
  delete out.__provider;
  return out;
}

/** What the plugin's diff hands to the engine besides the SDK's DiffResult: the changed fields. */
export type PluginDiff = provider.DiffResult & { changed: string[] };

export function linstorProvider(version: string, schema: () => string): provider.Provider {
  const ops = (urn: string) => operationsFor(kindOf(urn));
  return {
    version,
    getSchema: async () => schema(),

    async check(urn, olds, news) {
      const r = await ops(urn).check(olds && Object.keys(olds).length ? withUrn(olds, urn) : olds, withUrn(news, urn));
      return { inputs: stored(r.inputs), failures: r.failures };
    },

    async diff(id, urn, olds, news): Promise<PluginDiff> {
      const r: DiffOutcome = await ops(urn).diff(id, withUrn(olds, urn), withUrn(news, urn));
      return r;
    },

    async create(urn, inputs) {
      try {
        const r = await ops(urn).create(withUrn(inputs, urn));
        return { id: r.id, outs: stored(r.outs) };
      } catch (err) {
        // A partial create carries the properties the engine records: without the bookkeeping.
        if (err && typeof err === "object" && "properties" in err) (err as { properties: Raw }).properties = stored((err as { properties: Raw }).properties);
        throw err;
      }
    },

    async read(id, urn, props) {
      let current = props as Raw | undefined;
      if (!current || Object.keys(current).length === 0) {
        // `pulumi import`: only the id is known; the inputs are the live object's.
        current = importInputs(kindOf(urn), id, await liveCache().read({}));
      }
      const r = await ops(urn).read(id, withUrn(current, urn));
      return { id: r.id, props: stored(r.props), inputs: r.inputs && stored(r.inputs) };
    },

    async update(id, urn, olds, news) {
      const r = await ops(urn).update(id, withUrn(olds, urn), withUrn(news, urn));
      return { outs: stored(r.outs) };
    },

    async delete(id, urn, props) {
      await ops(urn).delete(id, withUrn(props, urn));
    },

    invoke: (token, args) => invoke(token, args ?? {}),
  };
}
