// Name checks with the controller's rules (§5.1) and FAIL_INVLD_* codes. Names are
// case-insensitive for identity: key() upper-cases, the original spelling is kept for display.
import { CodeName, RcError } from "./apicallrc";

export function key(name: string): string {
  return name.toUpperCase();
}

/** The key of a connection between two nodes, the same whichever side is named first. */
export function connKey(a: string, b: string): string {
  return [key(a), key(b)].sort().join("/");
}

interface NameRule {
  min: number;
  max: number;
  code: CodeName;
  what: string;
}

const RULES = {
  rsc: { min: 2, max: 48, code: "FAIL_INVLD_RSC_NAME", what: "resource name" },
  rscGrp: { min: 2, max: 48, code: "FAIL_INVLD_RSC_GRP_NAME", what: "resource group name" },
  snap: { min: 2, max: 48, code: "FAIL_INVLD_SNAPSHOT_NAME", what: "snapshot name" },
  storPool: { min: 3, max: 48, code: "FAIL_INVLD_STOR_POOL_NAME", what: "storage pool name" },
  netIf: { min: 3, max: 32, code: "FAIL_INVLD_NET_NAME", what: "net interface name" },
} as const satisfies Record<string, NameRule>;

function genericProblem(name: string, min: number, max: number): string | undefined {
  const len = Buffer.byteLength(name, "utf8");
  if (len < min) return `Invalid name: Name length ${len} is less than minimum length ${min}`;
  if (len > max) return `Invalid name: Name length ${len} is greater than maximum length ${max}`;
  if (!/^[a-zA-Z_]/.test(name)) return `Invalid name: Name '${name}' must start with a letter or an underscore`;
  const bad = name.match(/[^a-zA-Z0-9_-]/);
  if (bad) return `Invalid name: Name contains invalid character '${bad[0]}'`;
  if (!/[a-zA-Z]/.test(name)) return "Invalid name: Name must contain at least one character that matches a group of valid characters";
  return undefined;
}

export function checkName(kind: keyof typeof RULES, name: unknown): string {
  const rule = RULES[kind];
  const s = typeof name === "string" ? name : "";
  const problem = genericProblem(s, rule.min, rule.max);
  if (problem) throw new RcError(rule.code, `The specified ${rule.what} '${s}' is invalid.`, { cause: problem });
  if (kind === "rsc" && ["ALL", "PROXY"].includes(key(s))) {
    throw new RcError(rule.code, `The specified ${rule.what} '${s}' is invalid.`, { cause: `Invalid name: Name '${s}' is reserved` });
  }
  return s;
}

/** Node names follow hostname rules (RFC 1123); underscore is not allowed. */
export function checkNodeName(name: unknown): string {
  const s = typeof name === "string" ? name : "";
  let problem: string | undefined;
  if (s.length < 2) problem = `Invalid name: Name length ${s.length} is less than minimum length 2`;
  else if (s.length > 255) problem = `Invalid name: Name length ${s.length} is greater than maximum length 255`;
  else if (/^[.-]/.test(s) || /-$/.test(s)) problem = "Invalid name: Node name must not start with '.' or '-' or end with '-'";
  else if (/[^a-zA-Z0-9.-]/.test(s)) problem = `Invalid name: Name contains invalid character '${(s.match(/[^a-zA-Z0-9.-]/) as RegExpMatchArray)[0]}'`;
  else if (s.split(".").some((l) => l.length === 0 || l.length > 63)) problem = "Invalid name: Node name labels must be 1 to 63 characters long";
  if (problem) throw new RcError("FAIL_INVLD_NODE_NAME", `The specified node name '${s}' is invalid.`, { cause: problem });
  return s;
}
