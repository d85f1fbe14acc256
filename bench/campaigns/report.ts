// The campaign's report: the figures of the three campaigns, the table printed on stdout, and the
// verdict (every count that must be zero is zero, every fault run converged).
import type { BadInputReport } from "./bad-input";
import type { FaultReport } from "./faults";
import type { SecretFinding } from "./secrets";

export interface CampaignReport {
  seed: number;
  startedAt: string;
  seconds: number;
  options: Record<string, number>;
  faults: FaultReport;
  badInput: BadInputReport;
  security: { textsScanned: number; secretsFound: number; findings: SecretFinding[]; sshCommandsRun: number };
  /** Names of the figures that break the rules (empty: the campaign passed). */
  violations: string[];
}

export function violations(r: Omit<CampaignReport, "violations">): string[] {
  const out: string[] = [];
  if (r.faults.converged !== r.faults.runs) out.push(`fault runs not converged: ${r.faults.runs - r.faults.converged}`);
  if (r.faults.bytesLost) out.push(`bytes lost: ${r.faults.bytesLost}`);
  if (r.faults.redundancyDips) out.push(`redundancy dips: ${r.faults.redundancyDips}`);
  if (r.faults.orphans) out.push(`orphans: ${r.faults.orphans}`);
  if (r.badInput.unpositioned) out.push(`bad input rejected without a position: ${r.badInput.unpositioned}`);
  if (r.badInput.uncaught) out.push(`bad input uncaught exceptions: ${r.badInput.uncaught}`);
  if (r.badInput.engine.writes) out.push(`bad input writes reaching the controller: ${r.badInput.engine.writes}`);
  if (r.badInput.engine.failures) out.push(`bad input engine failures: ${r.badInput.engine.failures}`);
  if (r.security.secretsFound) out.push(`secrets found: ${r.security.secretsFound}`);
  return out;
}

export function table(r: CampaignReport): string {
  const f = r.faults;
  const b = r.badInput;
  const rows: [string, string, string][] = [
    ["faults", "runs (moves + walkthroughs)", `${f.runs} (${f.moveRuns} + ${f.walkthroughRuns})`],
    ["faults", "converged", `${f.converged}`],
    ["faults", "bytes lost", `${f.bytesLost}`],
    ["faults", "moments below the asked UpToDate count", `${f.redundancyDips}`],
    ["faults", "orphaned objects on the controller", `${f.orphans}`],
    ["faults", "faulted ups that failed (then converged)", `${f.faultedUpsFailed}`],
    ["faults", "provider processes SIGKILLed", `${f.providerKills}`],
    ["faults", "faults injected", Object.entries(f.faultsInjected).map(([k, v]) => `${k} ${v}`).join(", ")],
    ["faults", "pulumi up runs", `${f.enginesUps}`],
    ["bad input", "mutated stacks", `${b.mutants}`],
    ["bad input", "rejected with positions", `${b.rejected - b.unpositioned}`],
    ["bad input", "still valid (not failures)", `${b.stillValid}`],
    ["bad input", "unpositioned / uncaught", `${b.unpositioned} / ${b.uncaught}`],
    ["bad input", "through the engine: rejected / writes", `${b.engine.rejectedWithPosition} of ${b.engine.runs} / ${b.engine.writes}`],
    ["security", "texts scanned / secrets found", `${r.security.textsScanned} / ${r.security.secretsFound}`],
    ["", "wall time", `${r.seconds.toFixed(0)} s (faults ${f.seconds.toFixed(0)} s, bad input ${b.seconds.toFixed(0)} s)`],
  ];
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  const lines = rows.map(([a, b2, c]) => `| ${a.padEnd(w0)} | ${b2.padEnd(w1)} | ${c}`);
  return [`campaign seed ${r.seed}`, ...lines, r.violations.length ? `FAILED: ${r.violations.join("; ")}` : "PASSED: every count that must be 0 is 0"].join("\n");
}
