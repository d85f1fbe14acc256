// `npm run campaign [-- --seed 42 --runs 200 --stacks 1000 ...]`: the reliability campaigns of
// issue 8 against the simulator on loopback. Faults (randomized replica moves and walkthroughs
// with injected faults and provider crashes, then convergence), bad input (mutated stacks) and a
// secret search over everything both leave behind. Prints a table, writes
// bench/results/campaign-<time>-seed<N>.json, exits 1 when a count that must be 0 is not.
import * as fs from "fs";
import * as path from "path";
import { ensureSshd, startTestHost } from "../harness/sshd";
import { engineInstalled, repoRoot } from "../scripts/engine";
import { runBadInputCampaign } from "./campaigns/bad-input";
import { FaultCampaignOptions, runFaultCampaign } from "./campaigns/faults";
import { CampaignReport, table, violations } from "./campaigns/report";
import { makeSecrets, secretPieces, SecretScanner } from "./campaigns/secrets";

export interface CampaignOptions {
  seed: number;
  /** Fault runs (default 200). */
  runs: number;
  /** Every Nth fault run is a whole seed walkthrough (0: none). */
  walkthroughEvery: number;
  /** Mutated stacks (default 1000). */
  stacks: number;
  /** Rejected mutants also run through `pulumi up` (default 20). */
  engineSample: number;
  /** Fault lanes side by side (default 3: engine runs wait on resyncs and faults, so a third lane fills two cores). */
  parallel: number;
  resyncRateKibPerSec: number;
  maxConvergeUps: number;
}

export const DEFAULTS: CampaignOptions = {
  seed: 1, runs: 200, walkthroughEvery: 50, stacks: 1000, engineSample: 20, parallel: 3, resyncRateKibPerSec: 16 * 1024, maxConvergeUps: 4,
};

const FLAGS: Record<string, keyof CampaignOptions> = {
  "--seed": "seed", "--runs": "runs", "--walkthrough-every": "walkthroughEvery", "--stacks": "stacks",
  "--engine-sample": "engineSample", "--parallel": "parallel", "--resync-rate": "resyncRateKibPerSec", "--converge-ups": "maxConvergeUps",
};

export function parseArgs(argv: string[]): CampaignOptions {
  const o = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const key = FLAGS[flag];
    const value = inline ?? argv[++i];
    if (!key || value === undefined || !/^\d+$/.test(value)) {
      throw new Error(`usage: npm run campaign -- [${Object.keys(FLAGS).map((f) => `${f} N`).join("] [")}] (bad: ${argv[i] ?? flag})`);
    }
    o[key] = Number(value);
  }
  return o;
}

export async function runCampaign(o: CampaignOptions & Pick<FaultCampaignOptions, "kindsFor" | "slowReplace">, log: (line: string) => void = (l) => console.log(l)): Promise<CampaignReport> {
  const started = Date.now();
  // The SSH key goes into a Node's ssh inputs, and the provider logs in with it: a real sshd.
  const why = ensureSshd();
  if (why) throw new Error(`the campaign plants its SSH key where the provider uses it and needs sshd: ${why}`);
  const host = await startTestHost();
  host.setService("linstor-satellite", "active");
  try {
    const secrets = makeSecrets(`seed-${o.seed}`, (passphrase) => host.makeKey("campaign", passphrase, true));
    const scanner = new SecretScanner(secretPieces(secrets));
    log(`bad input: ${o.stacks} mutated stacks, ${o.engineSample} through the engine`);
    const badInput = await runBadInputCampaign({ seed: o.seed, stacks: o.stacks, engineSample: o.engineSample, secrets, scanner, log });
    log(`faults: ${o.runs} runs, ${o.parallel} lanes`);
    const sshHost = { host: "127.0.0.1", port: host.port, user: host.user, hostKeyFingerprint: host.hostKeyFingerprint };
    const faults = await runFaultCampaign({
      seed: o.seed, runs: o.runs, walkthroughEvery: o.walkthroughEvery, resyncRateKibPerSec: o.resyncRateKibPerSec,
      maxConvergeUps: o.maxConvergeUps, parallel: o.parallel, kindsFor: o.kindsFor, slowReplace: o.slowReplace, secrets, scanner, sshHost, log,
    });
    const base = {
      seed: o.seed, startedAt: new Date(started).toISOString(), seconds: (Date.now() - started) / 1000,
      options: Object.fromEntries(Object.keys(DEFAULTS).map((k) => [k, o[k as keyof CampaignOptions]])), faults, badInput,
      security: {
        textsScanned: scanner.scanned, secretsFound: scanner.findings.length, findings: scanner.findings,
        // proof that the planted key was used: commands the provider ran on the host over SSH
        sshCommandsRun: host.calls().length,
      },
    };
    return { ...base, violations: violations(base) };
  } finally {
    await host.stop();
  }
}

export function writeReport(r: CampaignReport, dir = path.join(repoRoot, "bench", "results")): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `campaign-${r.startedAt.replace(/[:.]/g, "-")}-seed${r.seed}.json`);
  fs.writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
  return file;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  if (!engineInstalled()) throw new Error("the Pulumi engine is missing: npm run engine");
  const report = await runCampaign(o);
  console.log(`\n${table(report)}`);
  console.log(`results: ${path.relative(repoRoot, writeReport(report))}`);
  process.exitCode = report.violations.length ? 1 : 0;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(2);
  });
}
