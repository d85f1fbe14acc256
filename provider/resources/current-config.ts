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

import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { CONTROLLER_ACCESS_INPUT, type ControllerAccess } from "../model/controller-access";
import { checkStackFile } from "../stack/load";
import { CONFIG_KEYS, handedConfig } from "./context";
import { programRuns } from "./engine-rpc";

/** A secret's value is unknown here; only whether it is set. */
const SECRET = Symbol("secret");

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

function findUp(dir: string, names: string[]): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const hit = names.map((n) => path.join(d, n)).find((p) => fs.existsSync(p));
    if (hit || path.dirname(d) === d) return hit;
  }
}

/** `linstor:*` config entries of a project or stack file's `config:` block. */
function linstorEntries(block: unknown, projectLevel: boolean): CurrentConfig["values"] {
  const out: CurrentConfig["values"] = {};
  if (!block || typeof block !== "object") return out;
  for (const [k, raw] of Object.entries(block as Record<string, unknown>)) {
    const key = k.startsWith("linstor:") ? k.slice("linstor:".length) : undefined;
    if (!key || !(CONFIG_KEYS as readonly string[]).includes(key)) continue;
    // A project file declares `{ value }` or `{ default }`; a stack file a value or `{ secure }`.
    const v = projectLevel && raw && typeof raw === "object" ? ((raw as Record<string, unknown>).value ?? (raw as Record<string, unknown>).default) : raw;
    if (v && typeof v === "object" && "secure" in v) out[key] = SECRET;
    else if (v !== undefined && v !== null && v !== "") out[key] = String(v);
  }
  return out;
}

/**
 * The stack's config as its files hold it now: Pulumi.yaml above the provider's folder (the engine
 * starts it in the program's folder), the stack's name from a resource URN
 * (`urn:pulumi:<stack>::<project>::…`), Pulumi.<stack>.yaml beside it or in `stackConfigDir`.
 */
export function configOnDisk(urn: string, from = process.cwd()): CurrentConfig | undefined {
  const [, stack, project] = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn) ?? [];
  const projectFile = stack ? findUp(from, ["Pulumi.yaml", "Pulumi.yml"]) : undefined;
  if (!projectFile) return undefined;
  const proj = (parse(fs.readFileSync(projectFile, "utf8")) ?? {}) as Record<string, unknown>;
  if (proj.name !== project) return undefined;
  const dir = path.resolve(path.dirname(projectFile), typeof proj.stackConfigDir === "string" ? proj.stackConfigDir : ".");
  const stackFile = [`Pulumi.${stack}.yaml`, `Pulumi.${stack}.yml`].map((n) => path.join(dir, n)).find((p) => fs.existsSync(p));
  const st = (stackFile ? parse(fs.readFileSync(stackFile, "utf8")) ?? {} : {}) as Record<string, unknown>;
  const stackConfig = { ...(proj.config as object), ...(st.config as object) } as Record<string, unknown>;
  const yamlStack = stackConfig["linstor:stack"];
  return {
    values: { ...linstorEntries(proj.config, true), ...linstorEntries(st.config, false) },
    complete: st.environment === undefined,
    // As the program resolves it: relative to its folder, where the engine starts this process too.
    stackFile: path.resolve(from, typeof yamlStack === "string" ? yamlStack : "stack.yaml"),
  };
}

/** The stack files as they are now, read once per process (the engine starts one per operation). */
let onDisk: { urn: string; config: CurrentConfig | undefined } | undefined;
function configOnDiskOnce(urn: string): CurrentConfig | undefined {
  if (onDisk?.urn.split("::")[0] !== urn.split("::")[0]) onDisk = { urn, config: configOnDisk(urn) };
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
  if (blockNow?.file !== file) {
    const check = fs.existsSync(file) ? checkStackFile(file) : undefined;
    blockNow = { file, readable: check?.ok === true, block: check?.ok ? check.stack.controller : undefined };
  }
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
