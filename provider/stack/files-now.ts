// The stack's files as they are now, for a provider process that runs without the program (a
// plain refresh or destroy): the project's and the stack's config files, and a YAML stack's
// `controller` block. Handed to resources/current-config.ts by the provider process's entry.

import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import type { ControllerAccess } from "../model/controller-access";
import { PROVIDER_CONFIG_KEYS as CONFIG_KEYS } from "../model/kinds/provider-config";
import { SECRET, type CurrentConfig, type StackFilesNow } from "../resources/current-config";
import { checkStackFile } from "./load";

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

/** The `controller` block of a YAML stack file as it is now. */
export function controllerBlockInFile(file: string): { readable: boolean; block: ControllerAccess | undefined } {
  const check = fs.existsSync(file) ? checkStackFile(file) : undefined;
  return { readable: check?.ok === true, block: check?.ok ? check.stack.controller : undefined };
}

export const stackFilesNow: StackFilesNow = { config: (urn) => configOnDisk(urn), controllerBlock: controllerBlockInFile };
