// The controller's own rules for property values and backing pools (linstor-common's
// properties.json, as the controller is built from it; scripts/gen-linstor-props.ts extracts it
// into linstor-props.json). Checked before anything is sent, so the controller never refuses what
// validate and preview let through.

import type { ProviderKind } from "./types";
import table from "./linstor-props.json";

interface PropRule { type: string; pattern?: string; values?: string[]; min?: number; max?: number }
const RULES = (table as { rules: Record<string, PropRule> }).rules;

/**
 * The controller stores every provider's backing pool (LvmVg, ThinPool, ZPool, FileDir, …) under
 * StorDriver/StorPoolName and checks it against that key's pattern; e.g. a FILE pool directory with a
 * dot in its path is refused.
 */
const BACKING_POOL_KEY = "StorDriver/StorPoolName";

/** The whole value must match (the controller uses Matcher.matches). */
function fullMatch(pattern: string, value: string): boolean {
  return new RegExp(`^(?:${pattern})$`).test(value);
}

/** Why the controller would refuse `value` for `key`, or undefined. Keys it has no rule for are not checked. */
export function propValueProblem(key: string, value: string): string | undefined {
  const rule = RULES[key];
  if (!rule) return undefined;
  switch (rule.type) {
    case "regex":
      return rule.pattern && !fullMatch(rule.pattern, value) ? `'${value}' is not a valid value of ${key}: LINSTOR wants it to match ${rule.pattern}` : undefined;
    case "symbol":
      return rule.values && !rule.values.includes(value) ? `'${value}' is not a valid value of ${key}: one of ${rule.values.join(", ")}` : undefined;
    case "boolean_true_false":
      return /^(true|false)$/i.test(value) ? undefined : `'${value}' is not a valid value of ${key}: true or false`;
    case "long":
      return /^-?\d+$/.test(value) ? undefined : `'${value}' is not a valid value of ${key}: a whole number`;
    case "range":
    case "range-float": {
      const n = Number(value);
      const whole = rule.type === "range" ? /^-?\d+$/.test(value) : value.trim() !== "" && Number.isFinite(n);
      const inRange = (rule.min === undefined || n >= rule.min) && (rule.max === undefined || n <= rule.max);
      if (whole && inRange) return undefined;
      const range = rule.min !== undefined && rule.max !== undefined ? ` from ${rule.min} to ${rule.max}` : "";
      return `'${value}' is not a valid value of ${key}: a ${rule.type === "range" ? "whole " : ""}number${range}`;
    }
    default:
      return undefined;
  }
}

/** Why the controller would refuse `backing` as the backing pool of a `provider` pool, or undefined. */
export function backingPoolProblem(provider: ProviderKind | string | undefined, backing: string): string | undefined {
  if (provider === "DISKLESS") return undefined;
  const rule = RULES[BACKING_POOL_KEY];
  if (!rule?.pattern || fullMatch(rule.pattern, backing)) return undefined;
  const bad = [...backing].find((ch) => !fullMatch(rule.pattern as string, ch));
  return `'${backing}' cannot be a backing pool: LINSTOR allows only letters, digits, '_', '/' and '-' there (${BACKING_POOL_KEY} must match ` +
    `${rule.pattern})${bad ? `, not '${bad}'` : ""}${provider === "FILE" || provider === "FILE_THIN" ? "; use a directory path without such characters" : ""}`;
}
