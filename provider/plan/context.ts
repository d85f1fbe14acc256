// The planner's working context: the desired state indexed by identity, the projection, and the
// plan being written (steps, notes, refusals).

import type {
  DesiredState, Kind, LiveCluster, NodeSpec, ObjectRef, ResourceDefinitionSpec, ResourceGroupSpec,
  ResourceSpec, SnapshotSpec, StoragePoolSpec, VolumeDefinitionSpec,
} from "../model/types";
import { objectKey } from "../model/keys";
import { nameKey } from "../model/names";
import type { Step, StepOp } from "./steps";
import { WorkingState } from "./state";
import { settlingWait } from "./effects";

export interface PlanOptions {
  /**
   * What removing a node does while it still holds replicas, keyed by nameKey(node) (the last
   * known `onRemove` of a node that is now in desired.absent). Default "refuse".
   */
  nodeOnRemove?: Record<string, "evacuate" | "refuse">;
  /**
   * What removing a storage pool does while replicas still use it, keyed by objectKey of the pool
   * (its last known `onRemove`). Default "refuse".
   */
  poolOnRemove?: Record<string, "evacuate" | "refuse">;
  /**
   * Where an evacuated replica goes, keyed by objectKey of the Resource ("Resource/SHAREDDATA"):
   * node names in order of preference. Without it the planner picks the node with the most free space.
   */
  evacuationTargets?: Record<string, string[]>;
}

/** Specs of one kind, keyed by objectKey, in the order the caller gave them. */
export class SpecIndex<T> {
  readonly byKey = new Map<string, T>();
  constructor(readonly kind: Kind, private readonly ref: (spec: T) => ObjectRef) {}
  add(spec: T): string | undefined {
    const key = objectKey(this.ref(spec));
    if (this.byKey.has(key)) return key;
    this.byKey.set(key, spec);
    return undefined;
  }
  get(ref: ObjectRef): T | undefined {
    return this.byKey.get(objectKey(ref));
  }
  values(): T[] {
    return [...this.byKey.values()];
  }
}

export class PlanContext {
  readonly state: WorkingState;
  readonly steps: Step[] = [];
  readonly notes: string[] = [];
  readonly warnings: string[] = [];
  readonly problems: string[] = [];

  readonly nodes = new SpecIndex<NodeSpec>("Node", (s) => ({ kind: "Node", name: s.name }));
  readonly pools = new SpecIndex<StoragePoolSpec>("StoragePool", (s) => ({ kind: "StoragePool", node: s.node, name: s.name }));
  readonly groups = new SpecIndex<ResourceGroupSpec>("ResourceGroup", (s) => ({ kind: "ResourceGroup", name: s.name }));
  readonly definitions = new SpecIndex<ResourceDefinitionSpec>("ResourceDefinition", (s) => ({ kind: "ResourceDefinition", name: s.name }));
  readonly volumes = new SpecIndex<VolumeDefinitionSpec>("VolumeDefinition", (s) => ({ kind: "VolumeDefinition", resource: s.resource, number: s.number }));
  readonly resources = new SpecIndex<ResourceSpec>("Resource", (s) => ({ kind: "Resource", resource: s.resource }));
  readonly snapshots = new SpecIndex<SnapshotSpec>("Snapshot", (s) => ({ kind: "Snapshot", resource: s.resource, name: s.name }));
  /** Objects that must be gone, keyed by objectKey. */
  readonly absent = new Map<string, ObjectRef>();

  /** The controller's version as live state reported it (absent when unknown). */
  readonly controllerVersion: string | undefined;

  constructor(readonly desired: DesiredState, live: LiveCluster, readonly options: PlanOptions) {
    this.state = new WorkingState(live);
    this.controllerVersion = live.controllerVersion;
  }

  /** Add a step and project it; a change the controller finishes later is followed by its wait step. */
  emit(op: StepOp, description: string): void {
    const wait = settlingWait(op, this.state);
    for (const step of [{ ...op, description } as Step, wait]) {
      if (!step) continue;
      this.steps.push(step);
      this.state.apply(step);
    }
  }

  refuse(problem: string): void {
    if (!this.problems.includes(problem)) this.problems.push(problem);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  /** A step of this plan loses data a reader may not expect (said once, as a warning). */
  warn(text: string): void {
    if (!this.warnings.includes(text)) this.warnings.push(text);
  }

  isAbsent(ref: ObjectRef): boolean {
    return this.absent.has(objectKey(ref));
  }

  /** A node the stack removes in this plan. */
  nodeLeaving(name: string): boolean {
    return this.isAbsent({ kind: "Node", name });
  }

  absentOf<K extends ObjectRef["kind"]>(kind: K): Extract<ObjectRef, { kind: K }>[] {
    return [...this.absent.values()].filter((r): r is Extract<ObjectRef, { kind: K }> => r.kind === kind);
  }

  onRemove(node: string): "evacuate" | "refuse" {
    return this.options.nodeOnRemove?.[nameKey(node)] ?? "refuse";
  }

  poolOnRemove(node: string, pool: string): "evacuate" | "refuse" {
    return this.options.poolOnRemove?.[objectKey({ kind: "StoragePool", node, name: pool })] ?? "refuse";
  }

  previousProps(ref: ObjectRef): string[] | undefined {
    return this.desired.previousProps?.[objectKey(ref)];
  }

  /** Display spelling of a node: the stack's, else the controller's, else as given. */
  nodeName(name: string): string {
    return this.nodes.get({ kind: "Node", name })?.name ?? this.state.node(name)?.name ?? name;
  }

  resourceName(name: string): string {
    return this.definitions.get({ kind: "ResourceDefinition", name })?.name
      ?? this.resources.get({ kind: "Resource", resource: name })?.resource
      ?? this.state.definition(name)?.name ?? name;
  }
}
