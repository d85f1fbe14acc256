// What a resource kind is, independent of Pulumi's dynamic-provider API: how its inputs become
// desired state, which live objects it reads, what it outputs, and which input changes force a
// replacement. One file per kind under kinds/ fills this in; operations.ts does everything else.

import type { DefinitionList, LiveScope } from "../client/live";
import type { DesiredState, Kind, LiveCluster, ObjectRef } from "../model/types";
import type { PlanOptions } from "../plan";

/** Wait budgets (dynamic providers never receive customTimeouts, so they are inputs). */
export interface Timeouts {
  /** Resync after adding a replica, default 3600 s. */
  syncSeconds?: number;
  /** A delete to finish on the satellites, default 600 s. */
  deleteSeconds?: number;
}

/** Inputs every kind accepts besides its own fields. */
export interface CommonInputs {
  /** Take over an existing object after checking it matches, instead of failing because it exists. */
  adopt?: boolean;
  timeouts?: Timeouts;
  /** LINSTOR properties of the object. */
  props?: Record<string, string>;
}

export interface InputProblem {
  property: string;
  reason: string;
}

/** Which write a host hook runs before. */
export type HostPhase = "create" | "update";

/**
 * Optional work on the object's host outside LINSTOR (e.g. over SSH). Never called from check,
 * diff or preview: only create and update run `before`, and create, update and read run `facts`.
 */
export interface HostHooks<I> {
  /**
   * Runs before any LINSTOR change of a create or update; throwing refuses the change with nothing
   * changed on the controller. May return one line for the engine log (what it did).
   */
  before?(inputs: I, phase: HostPhase): Promise<string | undefined>;
  /** What the host reports, merged into the outputs; undefined when there is no host to ask. */
  facts?(inputs: I): Promise<Record<string, unknown> | undefined>;
  /** The output keys `facts` fills: kept from the last time when the host cannot be read on refresh. */
  factKeys?: readonly string[];
}

export interface KindDescriptor<I extends CommonInputs, O extends object> {
  kind: Kind;
  /** Reads the raw (already unknown-free) inputs into typed, normalized inputs, or lists what is wrong. */
  normalize(raw: Record<string, unknown>): { inputs: I; problems: InputProblem[] };
  /** The object's identity (also the Pulumi id). */
  ref(inputs: I): ObjectRef;
  /** Input fields whose change needs a new object (the others update in place). */
  replaceOn: readonly string[];
  /** Fields never compared (bookkeeping such as adopt and timeouts). */
  ignoreInDiff?: readonly string[];
  /**
   * Desired state of this one object; `previous` are the inputs of the last apply (undefined on
   * create), `bookkeeping` the engine bookkeeping the call carried (e.g. PLACES_REPLICAS_INPUT).
   */
  desired(inputs: I, previous: I | undefined, bookkeeping?: Record<string, unknown>): DesiredState;
  /** Planner options that depend on the inputs (e.g. a node's onRemove). */
  planOptions?(inputs: I): PlanOptions;
  /** Which part of the cluster to read for this object. */
  scope(inputs: I): LiveScope;
  /** True when live holds the object (for adopt and "already exists" checks). */
  exists(inputs: I, live: LiveCluster): boolean;
  /** What adopting the live object would leave different from the inputs (empty = matches). */
  adoptMismatch?(inputs: I, live: LiveCluster): string[];
  /**
   * The lists of its definitions that `observe` reads (default all): after a write, outputs re-read
   * only those.
   */
  observedLists?: DefinitionList[];
  /** Outputs users look up; undefined when the object is gone. */
  observe(inputs: I, live: LiveCluster): O | undefined;
  /** The inputs as the live object shows them, so refresh reports drift and is quiet otherwise. */
  liveInputs(inputs: I, live: LiveCluster): I;
  /** Checks and preparation of the object's host before LINSTOR changes, and facts for the outputs. */
  host?: HostHooks<I>;
  /**
   * Input fields holding secrets, as dot paths (`ssh.privateKey`): never copied into outputs, never
   * compared in diff (the engine does not hand them back), masked in every error message.
   */
  secretInputs?: readonly string[];
}
