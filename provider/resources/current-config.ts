// Refresh and destroy use the provider config the user has now, or stop and say how to get it.
//
// When the program does not run (a plain `pulumi refresh` or `pulumi destroy`), the engine configures
// providers from the state: the `linstor:*` values of the last `up`. After `pulumi config set
// linstor:endpoint …` that would send the refresh to the old controller. So, in such a run, the
// config handed over is compared with the stack's current config; when they differ the operation
// fails with one line naming the changed keys and the command that passes the current config
// (`--run-program`, or PULUMI_RUN_PROGRAM=true).
//
// Refusing rather than switching to the current values, because the dynamic-provider process sees
// the current config only as `Pulumi.<stack>.yaml` on disk: secrets there are ciphertext it cannot
// open, and values from an ESC environment or `--config-file` not at all. Switching would pair a
// new endpoint with the old credentials, or act on a half-read config; one re-run with the flag
// acts on exactly what the engine decrypted. The plugin gets the engine's own current config
// (PULUMI_CONFIG) and follows the same rule, so both ways of using the package behave alike.
//
// A YAML stack's `controller` block is the exception: it holds no secret and its file is all there
// is to it, so every operation uses the block as the file has it now (currentControllerBlock).

import { CONTROLLER_ACCESS_INPUT, type ControllerAccess } from "../model/controller-access";
import { CONFIG_KEYS, handedConfig } from "./context";
import { programRuns } from "./engine-rpc";

/** A secret's value is unknown here; only whether it is set. */
export const SECRET = Symbol("secret");

export interface CurrentConfig {
  /** `endpoint` → value, for the `linstor:*` keys set now. */
  values: Record<string, string | typeof SECRET>;
  /** False when keys may come from elsewhere (an ESC environment): then a missing key is not a removal. */
  complete: boolean;
  /** The YAML stack file the program reads now (config `linstor:stack`), resolved; dynamic resources only. */
  stackFile?: string;
}

/** Set by the plugin: its default provider's current config, or null for an explicit provider. */
let engineConfig: CurrentConfig | null | undefined;

/**
 * The plugin: the engine starts it with the current stack config of its package in PULUMI_CONFIG
 * (decrypted, environments applied), the exact values to compare with. An explicit provider's
 * config comes from the program, not the stack config, so there is nothing to compare.
 */
export function useEngineConfig(json: string | undefined, defaultProvider: boolean): void {
  if (!defaultProvider || !json) {
    engineConfig = null;
    return;
  }
  const values: CurrentConfig["values"] = {};
  const all = JSON.parse(json) as Record<string, unknown>;
  for (const key of CONFIG_KEYS) if (all[key] !== undefined && all[key] !== "") values[key] = String(all[key]);
  engineConfig = { values, complete: true };
}

/**
 * The stack's files as they are now (Pulumi.yaml, Pulumi.<stack>.yaml, the YAML stack file): read by
 * provider/stack/files-now.ts, which the provider process's entry (impl.ts) hands in here, so this
 * module needs neither a YAML parser nor the stack loader.
 */
export interface StackFilesNow {
  /** The stack's config as its files hold it now; undefined when the project folder is not found. */
  config(urn: string): CurrentConfig | undefined;
  /** The `controller` block of a YAML stack file now (undefined: none), or unreadable (missing, or with problems the next `up` reports). */
  controllerBlock(file: string): { readable: boolean; block: ControllerAccess | undefined };
}

let files: StackFilesNow | undefined;

export function useStackFilesNow(reader: StackFilesNow): void {
  files = reader;
}

/** The stack files as they are now, read once per process (the engine starts one per operation). */
let onDisk: { urn: string; config: CurrentConfig | undefined } | undefined;
function configOnDiskOnce(urn: string): CurrentConfig | undefined {
  if (onDisk?.urn.split("::")[0] !== urn.split("::")[0]) onDisk = { urn, config: files?.config(urn) };
  return onDisk.config;
}

/** The stack file's block as it is now (undefined: it has none), or unreadable (missing, or with problems the next `up` reports). */
let blockNow: { file: string; readable: boolean; block: ControllerAccess | undefined } | undefined;

/**
 * The controller block an operation uses. A YAML stack's block travels in every resource's inputs
 * (model/controller-access.ts), so a refresh or destroy would get the block of the last `up`, with
 * or without the program (a read or delete gets the state's inputs, never the program's). The
 * block holds no secret (it names environment variables), so the file read now is the whole truth
 * and is used as it is; the carried one only when the file cannot be read.
 */
export function currentControllerBlock(raw: Record<string, unknown>): unknown {
  const carried = raw[CONTROLLER_ACCESS_INPUT];
  const urn = raw.__urn as string | undefined;
  // Only resources of a YAML stack with a block carry one; other programs may not read that file at all.
  if (carried === undefined || !urn) return carried;
  const file = configOnDiskOnce(urn)?.stackFile;
  if (!file) return carried;
  if (blockNow?.file !== file && files) blockNow = { file, ...files.controllerBlock(file) };
  if (blockNow?.file !== file) return carried;
  return blockNow.readable ? blockNow.block : carried;
}

/** What differs between the config handed over and the current one, as `linstor:key …` phrases. */
export function configChanges(handed: Readonly<Record<string, string>>, current: CurrentConfig): string[] {
  const changes: string[] = [];
  for (const key of CONFIG_KEYS) {
    const now = current.values[key];
    const was = handed[key];
    if (now === SECRET) {
      if (was === undefined) changes.push(`linstor:${key} was set`);
    } else if (now !== undefined) {
      if (now !== was) changes.push(`linstor:${key} is ${JSON.stringify(now)}, was ${was === undefined ? "unset" : JSON.stringify(was)}`);
    } else if (was !== undefined && current.complete) {
      changes.push(`linstor:${key} was removed`);
    }
  }
  return changes;
}

const verdicts = new Map<string, Promise<string[]>>();

/** The config changes a run without the program would miss (none when the program ran). */
function missedChanges(urn: string): Promise<string[]> {
  let verdict = verdicts.get(urn.split("::")[0]);
  if (!verdict) {
    verdict = (async () => {
      // When the program runs, the config handed over is the current one; the plugin compares anyway
      // (a Pulumi YAML program leaves no sign that it runs, and its comparison is exact).
      const runs = await programRuns();
      if (runs === true || (runs === undefined && !engineConfig)) return [];
      const current = engineConfig === undefined ? configOnDiskOnce(urn) : engineConfig;
      return current ? configChanges(handedConfig(), current) : [];
    })();
    verdicts.set(urn.split("::")[0], verdict);
  }
  return verdict;
}

/** Throws, before anything is read or deleted, when this refresh or destroy got an outdated config. */
export async function requireCurrentConfig(command: "refresh" | "destroy", urn: string | undefined): Promise<void> {
  if (!urn) return;
  const changes = await missedChanges(urn);
  if (changes.length === 0) return;
  throw new Error(`the provider config changed since the last \`pulumi up\` (${changes.join("; ")}), and a ${command} ` +
    `that does not run the program gets the old values from the engine: run \`pulumi ${command} --run-program\` ` +
    "(or set PULUMI_RUN_PROGRAM=true) to use the current ones");
}
