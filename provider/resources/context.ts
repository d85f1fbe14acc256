// The connection of the provider process: endpoint and credentials come from the stack config
// (`linstor:*`, delivered through configure) or the environment, read here at call time. They are
// never resource inputs, so they never land in the Pulumi state.

import * as path from "path";
import { LinstorClient } from "../client/client";
import { LiveCache } from "../client/live";

/** Stack config keys the provider reads (all under the `linstor:` namespace). */
export const CONFIG_KEYS = [
  "endpoint", "caCert", "clientCert", "clientKey", "bearerToken", "username", "password", "timeoutMs",
  // The YAML stack the program applies: its `controller` block is read here too.
  "stack",
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

/**
 * The connection settings of a YAML stack's `controller` block, as config keys. Secrets are only
 * named there (environment variable names); their values are read from the environment here.
 */
function fromStackFile(file: string | undefined): Record<string, string> {
  if (!file) return {};
  const { checkStackFile } = require("../stack/load") as typeof import("../stack/load");
  const checked = checkStackFile(path.resolve(file));
  const c = checked.ok ? checked.stack.controller : undefined;
  if (!c) return {};
  const env = (name: string | undefined): string | undefined => (name ? process.env[name] : undefined);
  const out: Record<string, string | undefined> = {
    endpoint: c.endpoints?.join(","),
    caCert: c.tls?.caFile, clientCert: c.tls?.certFile, clientKey: c.tls?.keyFile,
    bearerToken: env(c.auth?.tokenEnv), username: env(c.auth?.usernameEnv), password: env(c.auth?.passwordEnv),
    timeoutMs: c.timeoutSeconds !== undefined ? String(c.timeoutSeconds * 1000) : undefined,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined && v !== "")) as Record<string, string>;
}

function connection(): { client: LinstorClient; cache: LiveCache } {
  if (!shared) {
    // Precedence: stack config, then LINSTOR_ENDPOINT (this project's shortcut), then the YAML
    // stack's controller block, then LS_CONTROLLERS (read by the client itself), then localhost.
    const stack = fromStackFile(config.stack);
    const settings = { ...stack, ...config };
    const endpoint = config.endpoint || process.env.LINSTOR_ENDPOINT || stack.endpoint || undefined;
    const client = new LinstorClient({
      endpoint,
      config: { get: (key: string) => (key === "endpoint" ? undefined : settings[key]) },
      timeoutMs: settings.timeoutMs ? Number(settings.timeoutMs) : undefined,
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
