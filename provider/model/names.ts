// LINSTOR's naming rules (reference §5.1). Identity is case-insensitive: the controller
// upper-cases names for comparison and keeps the spelling given at creation for display.

export type NameKind = "node" | "resource" | "resourceGroup" | "storagePool" | "snapshot" | "netInterface";

interface NameRule {
  label: string;
  min: number;
  max: number;
}

const RULES: Record<NameKind, NameRule> = {
  node: { label: "node name", min: 2, max: 255 },
  resource: { label: "resource name", min: 2, max: 48 },
  resourceGroup: { label: "resource group name", min: 2, max: 48 },
  snapshot: { label: "snapshot name", min: 2, max: 48 },
  storagePool: { label: "storage pool name", min: 3, max: 48 },
  netInterface: { label: "net interface name", min: 3, max: 32 },
};

/** Resource definition names the controller reserves for its own use. */
const RESERVED_RESOURCE_NAMES = ["ALL", "PROXY"];
const HOSTNAME_LABEL_MAX = 63;

/** Why `name` is not a valid LINSTOR name of this kind, or undefined when it is valid. */
export function nameProblem(kind: NameKind, name: string): string | undefined {
  const rule = RULES[kind];
  const shown = `${rule.label} '${name}'`;
  if (typeof name !== "string") return `${rule.label} must be a string, got ${typeof name}`;
  const length = Buffer.byteLength(name, "utf8");
  if (length < rule.min) {
    return `${shown} is too short: ${length} character${length === 1 ? "" : "s"}, LINSTOR needs ${rule.min} to ${rule.max}`;
  }
  if (length > rule.max) {
    return `${shown} is too long: ${length} characters, LINSTOR allows ${rule.min} to ${rule.max}`;
  }
  return kind === "node" ? hostnameProblem(shown, name) : identifierProblem(kind, shown, name);
}

function identifierProblem(kind: NameKind, shown: string, name: string): string | undefined {
  if (!/^[a-zA-Z_]/.test(name)) {
    return `${shown} must start with a letter or '_', not '${name[0]}'`;
  }
  const bad = /[^a-zA-Z0-9_-]/.exec(name);
  if (bad) {
    return `${shown} contains '${bad[0]}' at position ${bad.index + 1}: only letters, digits, '_' and '-' are allowed`;
  }
  if (!/[a-zA-Z]/.test(name)) {
    return `${shown} must contain at least one letter`;
  }
  if (kind === "resource" && RESERVED_RESOURCE_NAMES.includes(nameKey(name))) {
    return `${shown} is reserved by LINSTOR (reserved: ${RESERVED_RESOURCE_NAMES.map((n) => n.toLowerCase()).join(", ")})`;
  }
  return undefined;
}

/** Node names follow hostname rules (RFC 1123); underscores are not allowed. */
function hostnameProblem(shown: string, name: string): string | undefined {
  const bad = /[^a-zA-Z0-9.-]/.exec(name);
  if (bad) {
    return `${shown} contains '${bad[0]}' at position ${bad.index + 1}: node names follow hostname rules (letters, digits, '-' and '.')`;
  }
  const labels = name.split(".");
  for (const label of labels) {
    if (label === "") return `${shown} has an empty label: dots must separate non-empty parts`;
    if (label.length > HOSTNAME_LABEL_MAX) {
      return `${shown} has a part of ${label.length} characters ('${label.slice(0, 12)}...'): hostname parts are at most ${HOSTNAME_LABEL_MAX}`;
    }
    if (label.startsWith("-") || label.endsWith("-")) {
      return `${shown} has a part that starts or ends with '-' ('${label}'): not allowed in hostnames`;
    }
  }
  return undefined;
}

/** The identity of a name: LINSTOR compares names upper-cased. */
export function nameKey(name: string): string {
  return name.toUpperCase();
}

export function sameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}

/**
 * Whether a controller version ("1.34.0", "1.34.0-rc.1-8-3e9306a9d", "v1.30.2") is at least
 * `wanted` ("1.31.0"), comparing major.minor.patch; a pre-release counts as its release.
 * Undefined or unreadable versions give undefined.
 */
export function versionAtLeast(version: string | undefined, wanted: string): boolean | undefined {
  const parse = (v: string): number[] | undefined => {
    const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v.trim());
    return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
  };
  const have = version === undefined ? undefined : parse(version);
  const want = parse(wanted);
  if (!have || !want) return undefined;
  for (let i = 0; i < 3; i++) if (have[i] !== want[i]) return have[i] > want[i];
  return true;
}
