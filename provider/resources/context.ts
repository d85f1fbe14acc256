// The connection of the provider process: endpoint and credentials come from the stack config
// (`linstor:*`, delivered through configure), the environment, or a YAML stack's `controller`
// block (carried by its resources; it names secrets, never holds them), read here at call time.
// No secret is ever a resource input, so none lands in the Pulumi state.

import { LinstorClient } from "../client/client";
import { ClusterApi, clusterApi } from "../client/cluster-api";
import { LiveCache } from "../client/live";
import type { ControllerAccess } from "../model/controller-access";
import { PROVIDER_CONFIG_KEYS } from "../model/kinds/provider-config";

/** Stack config keys the provider reads (all under the `linstor:` namespace), as declared in model/kinds/provider-config.ts. */
export const CONFIG_KEYS = PROVIDER_CONFIG_KEYS;

let config: Record<string, string> = {};
/** The connection settings of the YAML stack whose resources this process serves, as config keys. */
let stackSettings: Record<string, string> = {};
let shared: { client: LinstorClient; cache: LiveCache; api: ClusterApi } | undefined;

function nonEmpty(values: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== "") out[k] = v;
  return out;
}

/** Called once per provider process with the stack config (`linstor:endpoint` → key `endpoint`). */
export function configure(values: Record<string, string | undefined>): void {
  const next = nonEmpty(values);
  if (JSON.stringify(next) !== JSON.stringify(config)) shared = undefined;
  config = next;
}

/** The config the engine handed over in configure (`endpoint` → value, set keys only). */
export function handedConfig(): Readonly<Record<string, string>> {
  return config;
}

/**
 * The YAML stack's `controller` block, carried by each of its resources. Secrets are only named
 * there (environment variable names); their values are read from the environment here.
 */
export function useControllerAccess(c: ControllerAccess | undefined): void {
  if (!c) return;
  const env = (name: string | undefined): string | undefined => (name ? process.env[name] : undefined);
  const next = nonEmpty({
    endpoint: c.endpoints?.join(","),
    caCert: c.tls?.caFile, clientCert: c.tls?.certFile, clientKey: c.tls?.keyFile,
    bearerToken: env(c.auth?.tokenEnv), username: env(c.auth?.usernameEnv), password: env(c.auth?.passwordEnv),
    timeoutMs: c.timeoutSeconds !== undefined ? String(c.timeoutSeconds * 1000) : undefined,
  });
  if (JSON.stringify(next) !== JSON.stringify(stackSettings)) shared = undefined;
  stackSettings = next;
}

function connection(): { client: LinstorClient; cache: LiveCache; api: ClusterApi } {
  if (!shared) {
    // Precedence: stack config, then LINSTOR_ENDPOINT (this project's shortcut), then the YAML
    // stack's controller block, then LS_CONTROLLERS (read by the client itself), then localhost.
    const stack = stackSettings;
    const settings = { ...stack, ...config };
    const endpoint = config.endpoint || process.env.LINSTOR_ENDPOINT || stack.endpoint || undefined;
    const client = new LinstorClient({
      endpoint,
      config: { get: (key: string) => (key === "endpoint" ? undefined : settings[key]) },
      timeoutMs: settings.timeoutMs ? Number(settings.timeoutMs) : undefined,
    });
    const cache = new LiveCache(client);
    const api = clusterApi(client);
    // The waits of all resources share the cache's reads (one poll for several definitions).
    shared = { client, cache, api: { ...api, replicas: { ...api.replicas, withStates: (rd, again) => cache.replicasOf(rd, again) } } };
  }
  return shared;
}

/** The model-typed API the executor runs steps through: the client's, with replica states read through the live cache. */
export function sharedApi(): ClusterApi {
  return connection().api;
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
