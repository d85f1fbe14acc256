// The connection of the provider process: endpoint and credentials come from the stack config
// (`linstor:*`, delivered through configure) or the environment, read here at call time. They are
// never resource inputs, so they never land in the Pulumi state.

import { LinstorClient } from "../client/client";
import { LiveCache } from "../client/live";

/** Stack config keys the provider reads (all under the `linstor:` namespace). */
export const CONFIG_KEYS = [
  "endpoint", "caCert", "clientCert", "clientKey", "bearerToken", "username", "password", "timeoutMs",
] as const;

let config: Record<string, string> = {};
let shared: { client: LinstorClient; cache: LiveCache } | undefined;

/** Called once per provider process with the stack config (`linstor:endpoint` → key `endpoint`). */
export function configure(values: Record<string, string | undefined>): void {
  const next: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== "") next[k] = v;
  if (JSON.stringify(next) !== JSON.stringify(config)) shared = undefined;
  config = next;
}

function connection(): { client: LinstorClient; cache: LiveCache } {
  if (!shared) {
    // LINSTOR_ENDPOINT is this project's own shortcut; LS_CONTROLLERS is read by the client itself.
    const endpoint = config.endpoint ?? process.env.LINSTOR_ENDPOINT;
    const client = new LinstorClient({
      endpoint,
      config: { get: (key: string) => config[key] },
      timeoutMs: config.timeoutMs ? Number(config.timeoutMs) : undefined,
    });
    shared = { client, cache: new LiveCache(client) };
  }
  return shared;
}

/** The one client of this process. */
export function linstorClient(): LinstorClient {
  return connection().client;
}

/**
 * Live reads shared by all resources of one engine operation: many resources asking at once get
 * one list call per kind, and any write through the client invalidates it.
 */
export function liveCache(): LiveCache {
  return connection().cache;
}
