// The one mechanism behind every kind: check, diff, create, read, update and delete, each built
// from the kind's descriptor, the planner and the executor. Nothing here knows Pulumi's
// dynamic-provider API; dynamic.ts adapts these operations to it.

import { isDeepStrictEqual } from "util";
import { apply, formatProgress, PlacementError, preflight, WaitKind } from "../apply";
import { LinstorApiError, LinstorConnectionError, LinstorHttpError } from "../client/errors";
import { CONTROLLER_ACCESS_INPUT } from "../model/controller-access";
import { objectKey, describeRef } from "../model/keys";
import { OWNER_KEY, ownerFromUrn, PLACES_REPLICAS_INPUT } from "../model/props";
import type { DesiredState, LiveCluster, ObjectRef } from "../model/types";
import { plan as makePlan, PlanError, projectSteps } from "../plan";
import type { Plan } from "../plan/steps";
import { liveCache, linstorClient, sharedApi } from "./context";
import { forgetPlannedCreate, plannedCreatesBefore, rememberPlannedCreate } from "./planned-creates";
import { engineLog } from "./engine-log";
import { deletionPlanText, stackUrnOf } from "./deletion-log";
import type { CommonInputs, HostPhase, InputProblem, KindDescriptor, Timeouts } from "./kind";
import { maskError, maskSecrets, secretValues, withoutSecrets } from "./secrets";

/** What Pulumi sends for a value that is not known yet (preview of a dependent output). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** Engine bookkeeping carried in the inputs, never compared or sent to LINSTOR. */
const BOOKKEEPING = new Set(["__provider", "__urn", CONTROLLER_ACCESS_INPUT, PLACES_REPLICAS_INPUT]);
/**
 * What `destroy` (or removing the object from the stack) does with it: kept in the state, handled
 * here for every kind. `adopted` is recorded at create when the object existed and was taken over;
 * such an object is released, not deleted, unless `onDestroy: delete` says so.
 */
const LIFECYCLE = ["onDestroy", "adopted"] as const;
type OnDestroy = "keep" | "delete";

function onDestroyOf(raw: Raw | undefined): OnDestroy | undefined {
  const v = raw?.onDestroy;
  return v === "keep" || v === "delete" ? v : undefined;
}

/** Whether deleting the resource leaves the LINSTOR object in place. */
function keepsOnDelete(props: Raw): boolean {
  const mode = onDestroyOf(props);
  return mode === "keep" || (mode === undefined && props.adopted === true);
}

type Raw = Record<string, unknown>;

export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}

function withoutBookkeeping(raw: Raw): Raw {
  const out: Raw = {};
  for (const [k, v] of Object.entries(raw ?? {})) if (!BOOKKEEPING.has(k) && v !== undefined) out[k] = v;
  return out;
}

/** A create whose object LINSTOR accepted before a later step failed: Pulumi records it, the next up updates. */
export class PartialInitError extends Error {
  constructor(message: string, readonly id: string, readonly properties: Raw, readonly reasons: string[]) {
    super(message);
  }
}

/** What diff found: `changed` lists every changed input field (a provider plugin shows them as a detailed diff). */
export interface DiffOutcome {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  changed: string[];
}

/** An existing object that the inputs ask to adopt but that differs from them. */
export class AdoptError extends Error {}

export class KindOperations<I extends CommonInputs, O extends object> {
  constructor(private readonly desc: KindDescriptor<I, O>) {}

  /** Input errors before anything changes; unknown values are left alone until they are known. */
  async check(olds: Raw | undefined, news: Raw): Promise<{ inputs: Raw; failures: InputProblem[] }> {
    const raw = withoutBookkeeping(news);
    if (raw.onDestroy !== undefined && !containsUnknown(raw.onDestroy) && onDestroyOf(raw) === undefined) {
      return { inputs: news, failures: [{ property: "onDestroy", reason: `must be "keep" or "delete", got ${JSON.stringify(raw.onDestroy)}` }] };
    }
    for (const k of LIFECYCLE) delete raw[k];
    const known: Raw = {};
    for (const [k, v] of Object.entries(raw)) if (!containsUnknown(v)) known[k] = v;
    const { inputs, problems } = this.desc.normalize(known);
    // A problem about a field that is still unknown is not a problem yet.
    const failures = problems.filter((p) => !containsUnknown(raw[p.property.split(/[.[]/)[0]]))
      .map((p) => ({ ...p, reason: maskSecrets(p.reason, this.secretsIn(raw)) }));
    if (failures.length > 0 || Object.keys(known).length !== Object.keys(raw).length) {
      return { inputs: news, failures };
    }
    const isCreate = !olds || Object.keys(withoutBookkeeping(olds)).length === 0;
    if (isCreate) await this.logPlan(inputs as I, undefined, news);
    return { inputs: { ...(inputs as Raw), ...carried(news), ...(onDestroyOf(news) ? { onDestroy: onDestroyOf(news) } : {}) }, failures: [] };
  }

  /** Which fields change, which of those need a new object; the planned steps go to the preview. */
  async diff(_id: string, olds: Raw, news: Raw): Promise<DiffOutcome> {
    const ignore = new Set<string>([...BOOKKEEPING, ...LIFECYCLE, ...(this.desc.ignoreInDiff ?? [])]);
    const oldInputs = this.inputsOf(olds);
    // Secrets are not compared: the engine never hands them back in the old state (they are no outputs).
    const oldCmp = this.public(oldInputs as Raw);
    const newCmp = this.public(news);
    const keys = new Set([...Object.keys(withoutBookkeeping(newCmp)), ...Object.keys(oldCmp)]);
    const changed: string[] = [];
    for (const k of keys) {
      if (ignore.has(k)) continue;
      if (containsUnknown(newCmp[k]) || !isDeepStrictEqual(normalizeEmpty(oldCmp[k]), normalizeEmpty(newCmp[k]))) changed.push(k);
    }
    if (onDestroyOf(olds) !== onDestroyOf(news)) changed.push("onDestroy"); // recorded by an update, nothing to plan
    const replaces = changed.filter((k) => this.desc.replaceOn.includes(k));
    if (changed.length > 0 && replaces.length === 0 && !containsUnknown(news)) {
      const { inputs } = this.desc.normalize(withoutBookkeeping(news));
      await this.logPlan(inputs, oldInputs, news);
    }
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: true, changed };
  }

  create(raw: Raw): Promise<{ id: string; outs: Raw }> {
    return this.masking(raw, () => this.createObject(raw));
  }

  private async createObject(raw: Raw): Promise<{ id: string; outs: Raw }> {
    const inputs = this.normalized(raw);
    const ref = this.desc.ref(inputs);
    const live = await liveCache().read(this.desc.scope(inputs));
    const urn = raw.__urn as string | undefined;
    forgetPlannedCreate(urn);
    let adopted = false;
    const exists = this.desc.exists(inputs, live);
    const owner = exists ? this.liveOwner(inputs, live) : undefined;
    if (exists) {
      if (owner !== undefined && owner === ownerFromUrn(urn)) {
        await engineLog("info", `${describeRef(ref)} was created by this stack (${OWNER_KEY}=${owner}) in a run that did not finish; finishing it`, urn);
      } else if (!inputs.adopt) {
        const made = owner ? ` It was made by stack ${owner}.` : "";
        throw new Error(`${describeRef(ref)} already exists on the controller.${made} Set adopt: true to take it over ` +
          `(it is then managed by this stack and deleted with it), or choose another name.`);
      } else {
        this.refuseAdoptMismatch(inputs, live);
        adopted = true;
      }
    }
    await this.hostBefore(inputs, "create", urn);
    try {
      await this.converge(this.desiredFor(inputs, undefined, owner ?? ownerFromUrn(urn), raw), live, inputs, urn);
    } catch (err) {
      await this.failPartially(err, inputs, raw, ref);
    }
    const outs = { ...(await this.outputs(inputs, raw)), ...lifecycle(raw, adopted) };
    return { id: idOf(ref), outs };
  }

  update(_id: string, olds: Raw, news: Raw): Promise<{ outs: Raw }> {
    return this.masking(news, () => this.updateObject(olds, news));
  }

  private async updateObject(olds: Raw, news: Raw): Promise<{ outs: Raw }> {
    const inputs = this.normalized(news);
    const live = await liveCache().read(this.desc.scope(inputs));
    await this.hostBefore(inputs, "update", news.__urn as string | undefined);
    await this.converge(this.desiredFor(inputs, this.inputsOf(olds), this.ownerFor(inputs, live, news.__urn as string | undefined), news), live, inputs, news.__urn as string | undefined);
    return { outs: { ...(await this.outputs(inputs, news)), ...lifecycle(news, olds.adopted === true) } };
  }

  /** Refresh: outputs from the controller, and inputs as live shows them so drift appears in the diff. */
  async read(id: string, props: Raw): Promise<{ id: string; props: Raw; inputs?: Raw }> {
    const inputs = this.inputsOf(props);
    // No invalidate here: the provider process lives for one engine operation and its cache starts
    // empty, so a refresh of n resources reads the controller once (per TTL), not n times; what
    // this process wrote itself is re-read (LiveCache tracks its writes).
    const live = await liveCache().read(this.desc.scope(inputs));
    if (!this.desc.exists(inputs, live)) return { id: "", props: {} };
    const liveInputs = this.desc.liveInputs(inputs, live);
    const observed = this.desc.observe(liveInputs, live) ?? {};
    const facts = await this.hostFacts(liveInputs, props.__urn as string | undefined, props);
    const keep = { ...carried(props), ...lifecycle(props, props.adopted === true) };
    return {
      id,
      props: this.public({ ...keep, ...(liveInputs as Raw), ...observed, ...facts }),
      inputs: this.public({ ...keep, ...(liveInputs as Raw) }),
    };
  }

  async delete(_id: string, props: Raw): Promise<void> {
    const inputs = this.inputsOf(props);
    const ref = this.desc.ref(inputs);
    if (keepsOnDelete(props)) {
      const why = props.adopted === true && onDestroyOf(props) === undefined ? "it was adopted, not created, by this stack" : "onDestroy: keep";
      await engineLog("info", `${describeRef(ref)} is kept on the controller (${why}); the stack lets go of it`, props.__urn as string | undefined);
      return;
    }
    const live = await liveCache().read(this.desc.scope(inputs));
    await this.converge({ absent: [ref] }, live, inputs, props.__urn as string | undefined, true);
  }

  // ----------------------------------------------------------------------------------------------

  private normalized(raw: Raw): I {
    const { inputs, problems } = this.desc.normalize(withoutBookkeeping(raw));
    if (problems.length > 0) throw new Error(problems.map((p) => `${p.property}: ${p.reason}`).join("\n"));
    return inputs;
  }

  /** The inputs recorded in a resource's state (outputs carry the inputs plus observed fields). */
  private inputsOf(props: Raw): I {
    return this.desc.normalize(withoutBookkeeping(props)).inputs;
  }

  /**
   * The desired state of these inputs. The object carries the owner mark of the stack (`urn`) from
   * its create call on, so a run that dies after the create still leaves it recognisably ours.
   */
  private desiredFor(inputs: I, previous: I | undefined, owner: string | undefined, raw: Raw): DesiredState {
    const desired = this.desc.desired(this.marked(inputs, owner), previous && this.marked(previous, owner), carried(raw));
    const key = objectKey(this.desc.ref(inputs));
    // Props we set last time: those we no longer want are removed, foreign ones never.
    if (previous?.props) desired.previousProps = { ...desired.previousProps, [key]: [...Object.keys(previous.props), OWNER_KEY] };
    return desired;
  }

  /**
   * The owner mark the object keeps: the one it already carries (it names the stack that created it,
   * and adopting does not rewrite it), else this stack's (`urn`), set from the create call on.
   */
  private ownerFor(inputs: I, live: LiveCluster, urn: string | undefined): string | undefined {
    return (this.desc.exists(inputs, live) ? this.liveOwner(inputs, live) : undefined) ?? ownerFromUrn(urn);
  }

  /** The inputs with the owner mark among their props (kinds without props ignore it). */
  private marked(inputs: I, owner: string | undefined): I {
    return owner ? { ...inputs, props: { ...(inputs.props ?? {}), [OWNER_KEY]: owner } } : inputs;
  }

  /** Adopting a live object that differs from the inputs is refused, naming each difference. */
  private refuseAdoptMismatch(inputs: I, live: LiveCluster): void {
    const mismatch = this.desc.adoptMismatch?.(inputs, live) ?? [];
    if (mismatch.length > 0) {
      throw new AdoptError(`cannot adopt ${describeRef(this.desc.ref(inputs))}: it differs from the inputs:\n- ${mismatch.join("\n- ")}`);
    }
  }

  /**
   * The owner mark of the live object, as the kind reads its props back. A kind that does not read
   * props from the controller echoes the probe, which then means "unknown", never "ours".
   */
  private liveOwner(inputs: I, live: LiveCluster): string | undefined {
    const probe = "\u0000probe";
    const seen = this.desc.liveInputs({ ...inputs, props: { ...(inputs.props ?? {}), [OWNER_KEY]: probe } }, live).props?.[OWNER_KEY];
    return seen === probe ? undefined : seen;
  }

  private async converge(desired: DesiredState, live: LiveCluster, inputs: I, urn: string | undefined, deleting = false): Promise<void> {
    const steps = makePlan(desired, live, this.desc.planOptions?.(inputs));
    if (steps.steps.length === 0) return;
    const stack = deleting && urn ? stackUrnOf(urn) : undefined;
    if (stack) await engineLog("info", deletionPlanText(urn as string, renderPlan(steps)), stack);
    else await logPlanOnce(steps, urn);
    await apply(steps, linstorClient(), {
      api: sharedApi(),
      live, // the pre-flight checks placements against what we just read
      timeouts: waitBudgets(inputs.timeouts),
      onProgress: (e) => void engineLog("info", formatProgress(e), urn, true),
    });
  }

  private async outputs(inputs: I, raw: Raw): Promise<Raw> {
    // Outputs after an apply: the pools' free capacity may be as of the last pool read.
    const live = await liveCache().read({ ...this.desc.scope(inputs), capacity: "cached", lists: this.desc.observedLists });
    const observed = this.desc.observe(inputs, live);
    if (!observed) throw new Error(`${describeRef(this.desc.ref(inputs))} is not on the controller after the apply`);
    const facts = await this.hostFacts(inputs, raw.__urn as string | undefined);
    return this.public({ ...carried(raw), ...(inputs as Raw), ...observed, ...facts });
  }

  /** The kind's host checks and preparation; runs before any LINSTOR change, never in preview. */
  private async hostBefore(inputs: I, phase: HostPhase, urn: string | undefined): Promise<void> {
    const before = this.desc.host?.before;
    if (!before) return;
    const note = await before.call(this.desc.host, inputs, phase);
    if (note) await engineLog("info", maskSecrets(note, this.secretsIn(inputs as Raw)), urn);
  }

  /**
   * What the host reports, for the outputs. Never fails the operation: on refresh the last facts
   * are kept when the host cannot be asked (e.g. an inline key, which the state holds only as an
   * input, is not available to read), with a warning when it failed.
   */
  private async hostFacts(inputs: I, urn: string | undefined, previous?: Raw): Promise<Raw> {
    const host = this.desc.host;
    if (!host?.facts) return {};
    let facts: Raw | undefined;
    try {
      facts = await host.facts(inputs);
    } catch (err) {
      const message = maskSecrets(err instanceof Error ? err.message : String(err), this.secretsIn(inputs as Raw));
      await engineLog("warning", `host facts not read: ${message}`, urn);
    }
    if (facts) return facts;
    const kept: Raw = {};
    for (const k of host.factKeys ?? []) if (previous?.[k] !== undefined) kept[k] = previous[k];
    return kept;
  }

  /** Without the secret inputs (what may go back to the engine as outputs). */
  private public(raw: Raw): Raw {
    return withoutSecrets(raw, this.desc.secretInputs ?? []);
  }

  private secretsIn(raw: Raw): string[] {
    return secretValues(raw ?? {}, this.desc.secretInputs ?? []);
  }

  /** Runs a write with the secrets of `raw` masked in whatever error it throws. */
  private async masking<T>(raw: Raw, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const secrets = this.secretsIn(raw);
      if (err instanceof PartialInitError) err.reasons.splice(0, err.reasons.length, ...err.reasons.map((r) => maskSecrets(r, secrets)));
      throw maskError(err, secrets);
    }
  }

  /** After a failed apply: if the object exists now, Pulumi must record it (partial initialization). */
  private async failPartially(err: unknown, inputs: I, raw: Raw, ref: ObjectRef): Promise<never> {
    liveCache().invalidate();
    let live: LiveCluster | undefined;
    try { live = await liveCache().read(this.desc.scope(inputs)); } catch { /* the controller is away: report the first error */ }
    const message = err instanceof Error ? err.message : String(err);
    if (live && this.desc.exists(inputs, live)) {
      const observed = this.desc.observe(inputs, live) ?? {};
      throw new PartialInitError(`${describeRef(ref)} was created but is not complete: ${message}`, idOf(ref),
        this.public({ __provider: raw.__provider, ...carried(raw), ...(inputs as Raw), ...observed }), [message]);
    }
    throw err;
  }

  /** Shows the ordered plan under the resource in preview (nothing runs). */
  private async logPlan(inputs: I, previous: I | undefined, news: Raw): Promise<void> {
    const urn = news.__urn as string | undefined;
    const onDestroy = onDestroyOf(news);
    if (!urn) return;
    try {
      const live = await liveCache().read(this.desc.scope(inputs));
      const exists = this.desc.exists(inputs, live);
      const liveOwner = exists ? this.liveOwner(inputs, live) : undefined;
      // An object that cannot be adopted fails the preview with the reason the up would give.
      if (!previous && inputs.adopt && exists && liveOwner !== ownerFromUrn(urn)) this.refuseAdoptMismatch(inputs, live);
      if (!previous && inputs.adopt && onDestroy !== "delete" && exists) {
        await engineLog("info", `${describeRef(this.desc.ref(inputs))} exists and is adopted: \`pulumi destroy\` keeps it (onDestroy: delete deletes it with the stack)`, urn);
      }
      // A first create is planned as if the creates shown before it in this run had happened.
      const earlier = previous ? [] : plannedCreatesBefore(urn, this.desc.scope(inputs).resources);
      const desired = this.desiredFor(inputs, previous, liveOwner ?? ownerFromUrn(urn), news);
      const steps = makePlan(desired, projectSteps(live, earlier), this.desc.planOptions?.(inputs));
      if (!previous) rememberPlannedCreate(urn, steps.steps);
      if (steps.steps.length > 0) {
        // A placement the controller would refuse fails the preview, as it would fail the up.
        preflight(steps, live, earlier);
        await logPlanOnce(steps, urn);
      }
    } catch (err) {
      // Creates of the same run count as present (planned-creates.ts), but an object made by a
      // resource the engine has not reached yet (no dependency declared) still looks missing. Such
      // a refusal is a warning here (the plan runs again at `up`, against the cluster as it then
      // is); any other refusal (a shrink, a last replica) fails the preview with its reasons, and so
      // does a controller that cannot be reached or read: then there is no plan to show at all.
      if (err instanceof PlacementError || err instanceof AdoptError) throw err;
      if (isControllerError(err)) throw new Error(`cannot plan: the LINSTOR controller could not be read: ${err.message}`, { cause: err });
      if (!(err instanceof PlanError)) throw err;
      if (!err.problems.every(isMissingReference)) throw err;
      await engineLog("warning", `${err.message} (if this depends on objects this run creates first, it is planned again when it runs)`, urn);
    }
  }
}

/**
 * The bookkeeping every call hands on: the URN, and what a YAML stack adds: its controller access
 * (read and delete see only the outputs) and whether it places a definition's replicas.
 */
function carried(raw: Raw): Raw {
  const out: Raw = { __urn: raw.__urn };
  for (const k of [CONTROLLER_ACCESS_INPUT, PLACES_REPLICAS_INPUT]) if (raw[k] !== undefined) out[k] = raw[k];
  return out;
}

/** The lifecycle fields an object's outputs carry (see LIFECYCLE). */
function lifecycle(raw: Raw, adopted: boolean): Raw {
  const out: Raw = {};
  const mode = onDestroyOf(raw);
  if (mode) out.onDestroy = mode;
  if (adopted) out.adopted = true;
  return out;
}

function waitBudgets(t: Timeouts | undefined): Partial<Record<WaitKind, number>> | undefined {
  if (!t) return undefined;
  const out: Partial<Record<WaitKind, number>> = {};
  if (t.syncSeconds) out.synced = t.syncSeconds * 1000;
  if (t.deleteSeconds) {
    for (const k of ["replicaGone", "definitionGone", "snapshotGone", "nodeGone"] as const) out[k] = t.deleteSeconds * 1000;
  }
  return out;
}

function normalizeEmpty(v: unknown): unknown {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v) && v.length === 0) return undefined;
  if (typeof v === "object" && Object.keys(v as object).length === 0) return undefined;
  return v;
}

/** The controller could not be reached, or answered a read with an error. */
function isControllerError(err: unknown): err is Error {
  return err instanceof LinstorConnectionError || err instanceof LinstorHttpError || err instanceof LinstorApiError;
}

/** A refusal because something the object needs is not on the controller (yet). */
function isMissingReference(problem: string): boolean {
  return /which is neither in the stack nor on the controller|does not exist on node/.test(problem);
}

/** The plan last shown per resource in this process: `up` calls diff and then update, one display is enough. */
const shownPlans = new Map<string, string>();
/** The plan under its resource (once per text), then what it loses that a reader may not expect, as warnings. */
async function logPlanOnce(p: Plan, urn: string | undefined): Promise<void> {
  const text = renderPlan(p);
  if (urn && shownPlans.get(urn) === text) return;
  if (urn) shownPlans.set(urn, text);
  await engineLog("info", text, urn);
  for (const w of p.warnings ?? []) await engineLog("warning", w, urn);
}

/** The ordered plan as a reviewer reads it. */
export function renderPlan(p: Plan): string {
  const lines = p.steps.map((s, i) => `  ${i + 1}. ${s.description}`);
  const notes = p.notes.map((n) => `  note: ${n}`);
  return ["plan:", ...lines, ...notes].join("\n");
}

/** The Pulumi id: readable and stable (names as given). */
export function idOf(ref: ObjectRef): string {
  switch (ref.kind) {
    case "Node": case "ResourceGroup": case "ResourceDefinition": return ref.name;
    case "StoragePool": return `${ref.node}/${ref.name}`;
    case "VolumeDefinition": return `${ref.resource}/${ref.number}`;
    case "Resource": return ref.resource;
    case "Snapshot": return `${ref.resource}/${ref.name}`;
  }
}
