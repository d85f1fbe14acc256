// What a loaded stack gives the layers above it, beyond the DesiredState of provider/model.

/** How to reach the controller, as the stack's `controller` block says (secrets only by reference). */
export interface StackController {
  /** Controller URLs in failover order, as written (http://, https://, linstor://, linstor+ssl://, host[:port]). */
  endpoints?: string[];
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
  /** Names of environment variables, never their values. */
  auth?: { tokenEnv?: string; usernameEnv?: string; passwordEnv?: string };
  timeoutSeconds?: number;
}

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
