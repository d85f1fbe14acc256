// The one mechanism behind every kind: check, diff, create, read, update and delete, each built
// from the kind's descriptor, the planner and the executor. Nothing here knows Pulumi's
// dynamic-provider API; dynamic.ts adapts these operations to it.

import { isDeepStrictEqual } from "util";
import { apply, formatProgress, preflight, WaitKind } from "../apply";
import { objectKey, describeRef } from "../model/keys";
import type { DesiredState, LiveCluster, ObjectRef } from "../model/types";
import { plan as makePlan, PlanError } from "../plan";
import type { Plan } from "../plan/steps";
import { liveCache, linstorClient } from "./context";
import { engineLog } from "./engine-log";
import { deletionPlanText, stackUrnOf } from "./deletion-log";
import type { CommonInputs, HostPhase, InputProblem, KindDescriptor, Timeouts } from "./kind";
import { maskError, maskSecrets, secretValues, withoutSecrets } from "./secrets";

/** What Pulumi sends for a value that is not known yet (preview of a dependent output). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** Engine bookkeeping carried in the inputs, never compared or sent to LINSTOR. */
const BOOKKEEPING = new Set(["__provider", "__urn"]);

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

export class KindOperations<I extends CommonInputs, O extends object> {
  constructor(private readonly desc: KindDescriptor<I, O>) {}

  /** Input errors before anything changes; unknown values are left alone until they are known. */
  async check(olds: Raw | undefined, news: Raw): Promise<{ inputs: Raw; failures: InputProblem[] }> {
    const raw = withoutBookkeeping(news);
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
    if (isCreate) await this.logPlan(inputs as I, undefined, news.__urn as string | undefined);
    return { inputs: { ...(inputs as Raw), __urn: news.__urn }, failures: [] };
  }

  /** Which fields change, which of those need a new object; the planned steps go to the preview. */
  async diff(_id: string, olds: Raw, news: Raw): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }> {
    const ignore = new Set([...BOOKKEEPING, ...(this.desc.ignoreInDiff ?? [])]);
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
    const replaces = changed.filter((k) => this.desc.replaceOn.includes(k));
    if (changed.length > 0 && replaces.length === 0 && !containsUnknown(news)) {
      const { inputs } = this.desc.normalize(withoutBookkeeping(news));
      await this.logPlan(inputs, oldInputs, news.__urn as string | undefined);
    }
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: true };
  }

  create(raw: Raw): Promise<{ id: string; outs: Raw }> {
    return this.masking(raw, () => this.createObject(raw));
  }

  private async createObject(raw: Raw): Promise<{ id: string; outs: Raw }> {
    const inputs = this.normalized(raw);
    const ref = this.desc.ref(inputs);
    const live = await liveCache().read(this.desc.scope(inputs));
    if (this.desc.exists(inputs, live)) {
      if (!inputs.adopt) {
        throw new Error(`${describeRef(ref)} already exists on the controller. Set adopt: true to take it over ` +
          `(it is then managed by this stack and deleted with it), or choose another name.`);
      }
      const mismatch = this.desc.adoptMismatch?.(inputs, live) ?? [];
      if (mismatch.length > 0) {
        throw new Error(`cannot adopt ${describeRef(ref)}: it differs from the inputs:\n- ${mismatch.join("\n- ")}`);
      }
    }
    const urn = raw.__urn as string | undefined;
    await this.hostBefore(inputs, "create", urn);
    try {
      await this.converge(this.desiredFor(inputs, undefined), live, inputs, urn);
    } catch (err) {
      await this.failPartially(err, inputs, raw, ref);
    }
    const outs = await this.outputs(inputs, raw);
    return { id: idOf(ref), outs };
  }

  update(_id: string, olds: Raw, news: Raw): Promise<{ outs: Raw }> {
    return this.masking(news, () => this.updateObject(olds, news));
  }

  private async updateObject(olds: Raw, news: Raw): Promise<{ outs: Raw }> {
    const inputs = this.normalized(news);
    const live = await liveCache().read(this.desc.scope(inputs));
    await this.hostBefore(inputs, "update", news.__urn as string | undefined);
    await this.converge(this.desiredFor(inputs, this.inputsOf(olds)), live, inputs, news.__urn as string | undefined);
    return { outs: await this.outputs(inputs, news) };
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
    const keep = { __urn: props.__urn };
    return {
      id,
      props: this.public({ ...keep, ...(liveInputs as Raw), ...observed, ...facts }),
      inputs: this.public({ ...keep, ...(liveInputs as Raw) }),
    };
  }

  async delete(_id: string, props: Raw): Promise<void> {
    const inputs = this.inputsOf(props);
    const ref = this.desc.ref(inputs);
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

  private desiredFor(inputs: I, previous: I | undefined): DesiredState {
    const desired = this.desc.desired(inputs, previous);
    const key = objectKey(this.desc.ref(inputs));
    // Props we set last time: those we no longer want are removed, foreign ones never.
    if (previous?.props) desired.previousProps = { ...desired.previousProps, [key]: Object.keys(previous.props) };
    return desired;
  }

  private async converge(desired: DesiredState, live: LiveCluster, inputs: I, urn: string | undefined, deleting = false): Promise<void> {
    const steps = makePlan(desired, live, this.desc.planOptions?.(inputs));
    if (steps.steps.length === 0) return;
    const stack = deleting && urn ? stackUrnOf(urn) : undefined;
    if (stack) await engineLog("info", deletionPlanText(urn as string, renderPlan(steps)), stack);
    else await logPlanOnce(renderPlan(steps), urn);
    await apply(steps, linstorClient(), {
      live, // the pre-flight checks placements against what we just read
      timeouts: waitBudgets(inputs.timeouts),
      onProgress: (e) => void engineLog("info", formatProgress(e), urn, true),
    });
  }

  private async outputs(inputs: I, raw: Raw): Promise<Raw> {
    const live = await liveCache().read(this.desc.scope(inputs));
    const observed = this.desc.observe(inputs, live);
    if (!observed) throw new Error(`${describeRef(this.desc.ref(inputs))} is not on the controller after the apply`);
    const facts = await this.hostFacts(inputs, raw.__urn as string | undefined);
    return this.public({ __urn: raw.__urn, ...(inputs as Raw), ...observed, ...facts });
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
        this.public({ __provider: raw.__provider, __urn: raw.__urn, ...(inputs as Raw), ...observed }), [message]);
    }
    throw err;
  }

  /** Shows the ordered plan under the resource in preview (nothing runs). */
  private async logPlan(inputs: I, previous: I | undefined, urn: string | undefined): Promise<void> {
    if (!urn) return;
    try {
      const live = await liveCache().read(this.desc.scope(inputs));
      const steps = makePlan(this.desiredFor(inputs, previous), live, this.desc.planOptions?.(inputs));
      if (steps.steps.length > 0) {
        try { preflight(steps, live); } catch (err) { await engineLog("warning", (err as Error).message, urn); }
        await logPlanOnce(renderPlan(steps), urn);
      }
    } catch (err) {
      // Each resource is planned on its own against the controller as it is now, so in a preview an
      // object that an earlier resource of the same run creates looks missing. Such a refusal is a
      // warning here (the plan runs again at `up`, against the cluster as it then is); any other
      // refusal (a shrink, a last replica) fails the preview with its reasons.
      if (err instanceof PlanError && !err.problems.every(isMissingReference)) throw err;
      const reason = err instanceof PlanError ? err.message : `could not plan against the controller: ${(err as Error).message}`;
      await engineLog("warning", `${reason} (if this depends on objects this run creates first, it is planned again when it runs)`, urn);
    }
  }
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

/** A refusal because something the object needs is not on the controller (yet). */
function isMissingReference(problem: string): boolean {
  return /which is neither in the stack nor on the controller|does not exist on node/.test(problem);
}

/** The plan last shown per resource in this process: `up` calls diff and then update, one display is enough. */
const shownPlans = new Map<string, string>();
async function logPlanOnce(text: string, urn: string | undefined): Promise<void> {
  if (urn && shownPlans.get(urn) === text) return;
  if (urn) shownPlans.set(urn, text);
  await engineLog("info", text, urn);
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
