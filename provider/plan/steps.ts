// The steps of a plan: plain data that the planner produces and the executor (provider/apply) runs.
// Each step carries a human-readable line, shown by `pulumi preview` before anything runs.

// A change the controller carries out later (a delete, a snapshot, a resync) is followed by its own
// wait step, so a report of an interrupted apply says exactly which change landed and which wait
// did not finish.

import type {
  NodeSpec, PlacementSpec, PropChange, Props, ReplicaPlacement, ResourceDefinitionSpec, ResourceGroupSpec,
  StoragePoolSpec, VolumeDefinitionSpec,
} from "../model/types";

export type StepOp =
  | { op: "createNode"; node: NodeSpec }
  | { op: "modifyNode"; name: string; props: PropChange }
  | { op: "deleteNode"; name: string }
  /** Verify the node holds no replica and no snapshot any more (after an evacuation). */
  | { op: "assertNodeEmpty"; name: string }
  | { op: "createStoragePool"; pool: StoragePoolSpec }
  | { op: "modifyStoragePool"; node: string; name: string; props: PropChange }
  | { op: "deleteStoragePool"; node: string; name: string }
  | { op: "createResourceGroup"; group: ResourceGroupSpec }
  /**
   * `groupDescription` is the group's new description (Step.description is the preview line).
   */
  | { op: "modifyResourceGroup"; name: string; groupDescription?: string; placement?: PlacementSpec; props: PropChange }
  | { op: "deleteResourceGroup"; name: string }
  | { op: "createResourceDefinition"; definition: ResourceDefinitionSpec }
  | { op: "modifyResourceDefinition"; name: string; props: PropChange; resourceGroup?: string }
  | { op: "deleteResourceDefinition"; name: string }
  | { op: "createVolumeDefinition"; volume: VolumeDefinitionSpec }
  /** Grow only; the planner refuses shrinking and orders a waitSynced first. */
  | { op: "resizeVolumeDefinition"; resource: string; number: number; sizeKib: number }
  | { op: "modifyVolumeDefinition"; resource: string; number: number; props: PropChange }
  | { op: "deleteVolumeDefinition"; resource: string; number: number }
  /** All new replicas of one definition in one call (so the controller places tiebreakers once). */
  | { op: "createReplicas"; resource: string; replicas: ReplicaPlacement[] }
  /**
   * Let the controller place replicas until `placeCount` diskful ones exist. `avoidNodes`: nodes the
   * controller must not pick because the plan removes them (the client names every other node instead).
   * `replicaProps`: props to set on every replica of the resource that lacks them, after placing
   * (the autoplace call itself cannot carry resource props).
   */
  | { op: "autoPlace"; resource: string; placement: PlacementSpec & { placeCount: number }; avoidNodes?: string[]; replicaProps?: Props }
  /** toggle-disk: a diskless replica gets a disk (the plan waits for its resync next) or gives its disk up. */
  | { op: "toggleDisk"; resource: string; node: string; into: "diskful" | "diskless"; storagePool?: string }
  | { op: "modifyReplica"; resource: string; node: string; props: PropChange }
  /** Wait until every volume of the named replicas (all diskful ones when nodes is absent) is UpToDate. */
  | { op: "waitSynced"; resource: string; nodes?: string[] }
  /** Delete one replica (waitReplicaGone follows). */
  | { op: "deleteReplica"; resource: string; node: string; keepTiebreaker?: boolean }
  /**
   * Wait until the controller reports the replica gone. If it turned it into a tiebreaker instead
   * (the 3→2 boundary), delete it again unless `keepTiebreaker`.
   */
  | { op: "waitReplicaGone"; resource: string; node: string; keepTiebreaker?: boolean }
  | { op: "waitDefinitionGone"; name: string }
  | { op: "waitNodeGone"; name: string }
  | { op: "waitSnapshotSuccessful"; resource: string; name: string }
  | { op: "waitSnapshotGone"; resource: string; name: string }
  | { op: "createSnapshot"; resource: string; name: string; nodes?: string[] }
  | { op: "deleteSnapshot"; resource: string; name: string }
  | { op: "restoreVolumeDefinitions"; from: string; snapshot: string; to: string }
  | { op: "restoreReplicas"; from: string; snapshot: string; to: string; nodes?: string[] }
  | { op: "rollback"; resource: string; snapshot: string };

export type StepKindName = StepOp["op"];
/** The step of one kind. */
export type StepOf<K extends StepKindName> = Extract<StepOp, { op: K }>;

export type Step = StepOp & {
  /** One line a reviewer reads in the preview, e.g. "add replica of SharedData on vulcan (pool thinpool)". */
  description: string;
};

export interface Plan {
  steps: Step[];
  /** Things the planner noticed but does not act on (a tiebreaker it reports, foreign props it keeps, ...). */
  notes: string[];
  /** What the plan does that loses data a reader may not expect; shown as warnings by preview and up. */
  warnings?: string[];
}
