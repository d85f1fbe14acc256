// Bad-input campaign: mutants of the seed walkthrough's YAML stacks, each checked by the loader
// (every problem must carry `file:line:col path:`, nothing may throw), and a sample of the rejected
// ones through the real engine with the repository's program against a simulator, which must see
// no request that changes anything.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkStackText, formatProblem } from "../../provider/stack";
import { repoRoot } from "../../scripts/engine";
import { scratchYamlStack } from "../../scripts/gitops";
import { startSim } from "../../harness/sim";
import { mutate, Mutant, MUTATION_KINDS, MutationKind } from "./mutate";
import { Rng } from "./random";
import { CampaignSecrets, SecretScanner } from "./secrets";

const EXAMPLES = path.join(repoRoot, "examples", "seed-walkthrough");

export interface BadInputOptions {
  seed: number;
  stacks: number;
  /** Rejected mutants also run through `pulumi up` of the repository program. */
  engineSample: number;
  secrets: CampaignSecrets;
  scanner: SecretScanner;
  log: (line: string) => void;
}

export interface BadInputFailure {
  index: number;
  kind: MutationKind;
  what: string;
  reason: string;
}

export interface BadInputReport {
  mutants: number;
  rejected: number;
  /** Mutants that are still a valid stack: not failures. */
  stillValid: number;
  /** Rejected without a position on every problem, or an exception: must be 0. */
  unpositioned: number;
  uncaught: number;
  byKind: Record<MutationKind, { mutants: number; rejected: number; stillValid: number }>;
  engine: { runs: number; rejectedWithPosition: number; writes: number; failures: number };
  failures: BadInputFailure[];
  seconds: number;
}

function exampleTexts(): { name: string; text: string }[] {
  return fs.readdirSync(EXAMPLES).filter((f) => f.endsWith(".yaml")).sort().map((f) => ({ name: f, text: fs.readFileSync(path.join(EXAMPLES, f), "utf8") }));
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every problem line is `file:line:col path: message` with a line inside the file (or just after its end). */
function unpositioned(lines: string[], file: string, lineCount: number): string | undefined {
  const re = new RegExp(`^${escape(file)}:(\\d+):(\\d+) (\\S.*?): \\S`);
  for (const l of lines) {
    const m = re.exec(l);
    if (!m) return `no position: ${l}`;
    if (Number(m[1]) < 1 || Number(m[1]) > lineCount + 1 || Number(m[2]) < 1) return `position outside the file: ${l}`;
  }
  return lines.length === 0 ? "rejected without any problem" : undefined;
}

export async function runBadInputCampaign(o: BadInputOptions): Promise<BadInputReport> {
  const started = Date.now();
  const rng = new Rng(o.seed ^ 0x5bd1e995);
  const examples = exampleTexts();
  const byKind = Object.fromEntries(MUTATION_KINDS.map((k) => [k, { mutants: 0, rejected: 0, stillValid: 0 }])) as BadInputReport["byKind"];
  const failures: BadInputFailure[] = [];
  const rejectedMutants: { index: number; mutant: Mutant; lines: string[] }[] = [];
  let rejected = 0;
  let stillValid = 0;
  let unpos = 0;
  let uncaught = 0;

  for (let index = 1; index <= o.stacks; index++) {
    const source = examples[(index - 1) % examples.length];
    // Kinds in turn, so every kind gets its share whatever the count.
    const mutant = mutate(source.text, rng, MUTATION_KINDS[Math.floor((index - 1) / examples.length) % MUTATION_KINDS.length]);
    const stat = byKind[mutant.kind];
    stat.mutants++;
    const file = `mutant-${index}-${source.name}`;
    try {
      const check = checkStackText(mutant.text, file);
      if (check.ok) { stillValid++; stat.stillValid++; continue; }
      rejected++;
      stat.rejected++;
      const lines = check.problems.map(formatProblem);
      const bad = unpositioned(lines, file, mutant.text.split("\n").length);
      if (bad) { unpos++; failures.push({ index, kind: mutant.kind, what: mutant.what, reason: bad }); continue; }
      rejectedMutants.push({ index, mutant, lines });
    } catch (err) {
      uncaught++;
      failures.push({ index, kind: mutant.kind, what: mutant.what, reason: `uncaught: ${(err as Error)?.stack ?? String(err)}` });
    }
  }

  const engine = await engineSample(rejectedMutants, o, rng, failures);
  return {
    mutants: o.stacks, rejected, stillValid, unpositioned: unpos, uncaught, byKind, engine, failures, seconds: (Date.now() - started) / 1000,
  };
}

/** A spread sample of rejected mutants through `pulumi up` of the repository program: each fails with its positioned lines, no write reaches the simulator. */
async function engineSample(
  rejected: { index: number; mutant: Mutant; lines: string[] }[], o: BadInputOptions, rng: Rng, failures: BadInputFailure[],
): Promise<BadInputReport["engine"]> {
  const result = { runs: 0, rejectedWithPosition: 0, writes: 0, failures: 0 };
  const count = Math.min(o.engineSample, rejected.length);
  if (count === 0) return result;
  const sample = rng.sample(rejected, count).sort((a, b) => a.index - b.index);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pl-campaign-mutants-"));
  const sim = await startSim({ seedCluster: true, resyncRateKibPerSec: 1 << 20 });
  const run = await scratchYamlStack(sim.url, path.join(EXAMPLES, "01-localdata.yaml"), "campaign");
  try {
    await run.stack.setConfig("linstor:password", { value: o.secrets.password, secret: true });
    await run.stack.setConfig("linstor:bearerToken", { value: o.secrets.bearerToken, secret: true });
    // The cluster holds something the broken stacks could damage: step 1 of the walkthrough.
    await run.stack.up();
    for (const { index, mutant, lines } of sample) {
      const file = path.join(dir, `mutant-${index}.yaml`);
      fs.writeFileSync(file, mutant.text);
      await sim.clearRequests();
      await run.stack.setConfig("linstor:stack", { value: file });
      result.runs++;
      let message = "";
      const ok = await run.stack.up({ onOutput: (s) => { message += s; } }).then(() => true, (err: unknown) => { message += String((err as Error)?.message ?? err); return false; });
      o.scanner.scan(`bad input ${index} engine output`, message);
      const writes = (await sim.requests()).log.filter((l) => l.method !== "GET" && l.path.startsWith("/v1/"));
      result.writes += writes.length;
      const expected = lines.map((l) => file + l.slice(l.indexOf(":")));
      const missingLine = expected.find((l) => !message.includes(l));
      const reason = ok ? "pulumi up succeeded" : writes.length ? `${writes.length} writes: ${JSON.stringify(writes.slice(0, 3))}` : missingLine ? `the engine's error lacks: ${missingLine}` : undefined;
      if (reason) { result.failures++; failures.push({ index, kind: mutant.kind, what: mutant.what, reason: `engine: ${reason}` }); }
      else result.rejectedWithPosition++;
      o.log(`  mutant ${String(index).padStart(4)} ${mutant.kind.padEnd(11)} through the engine: ${reason ?? "rejected with its positions, no write"}`);
    }
  } finally {
    await run.dispose();
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return result;
}
