// How to reach the controller as a YAML stack's `controller` block says it. Every resource the
// stack declares carries it to the provider (as the bookkeeping input below); the provider reads
// the file's current block only where the state's could be the last `up`'s (resources/
// current-config.ts). Secrets are only named (environment variables), never held.

export interface ControllerAccess {
  /** Controller URLs in failover order, as written (http://, https://, linstor://, linstor+ssl://, host[:port]). */
  endpoints?: string[];
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
  /** Names of environment variables, never their values. */
  auth?: { tokenEnv?: string; usernameEnv?: string; passwordEnv?: string };
  timeoutSeconds?: number;
}

/** The resource input that carries a YAML stack's ControllerAccess (engine bookkeeping: never compared, never sent to LINSTOR). */
export const CONTROLLER_ACCESS_INPUT = "__controller";
