// Where each object of a loaded stack is written (file, line, column, path).

import type { ControllerAccess } from "../model/controller-access";

/** How to reach the controller, as the stack's `controller` block says (secrets only by reference). */
export type StackController = ControllerAccess;

export interface SourcePosition {
  line: number;
  col: number;
  /** The stack path, e.g. `resources.SharedData.volumes[0]`. */
  path: string;
}

/**
 * Where each object of the desired state is written, so later layers (planner errors, Pulumi
 * resources) can say `file:line:col path` too. `objects` is keyed by objectKey() of provider/model.
 */
export interface StackPositions {
  file: string;
  objects: Record<string, SourcePosition>;
}
