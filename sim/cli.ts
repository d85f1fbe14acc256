#!/usr/bin/env node
// linstor-sim: run the LINSTOR controller simulator.
//   linstor-sim [--host H] [--port P] [--state DIR] [--seed-cluster] [--resync-rate KIB_PER_SEC]
//               [--satellite-delay MS] [--no-balance] [--balance-interval MS] [--balance-grace MS] [--fault-seed N]
//               [--linstor-version X.Y.Z]
//               [--fault JSON]...   (JSON as for POST /sim/faults, repeatable)
//               [--basic-auth USER:PASSWORD | --bearer-token TOKEN]
//               [--tls-cert FILE --tls-key FILE [--tls-client-ca FILE]]
import { parseArgs as parseArgvStrict } from "node:util";
import { SimOptions, startSimulator, TlsOptions } from "./index";

const USAGE = `usage: linstor-sim [--host HOST] [--port PORT] [--state DIR] [--seed-cluster]
                   [--resync-rate KIB_PER_SEC] [--satellite-delay MS]
                   [--no-balance] [--balance-interval MS] [--balance-grace MS]
                   [--fault-seed N] [--fault JSON]... [--linstor-version X.Y.Z]
                   [--basic-auth USER:PASSWORD | --bearer-token TOKEN]
                   [--tls-cert FILE --tls-key FILE [--tls-client-ca FILE]]`;

/** The flags, as node:util's parseArgs reads them (strings; numbers are converted below). */
const FLAGS = {
  host: { type: "string" }, port: { type: "string" }, state: { type: "string" },
  "seed-cluster": { type: "boolean" }, "resync-rate": { type: "string" }, "satellite-delay": { type: "string" },
  "no-balance": { type: "boolean" }, "balance-interval": { type: "string" }, "balance-grace": { type: "string" },
  "linstor-version": { type: "string" }, "fault-seed": { type: "string" }, fault: { type: "string", multiple: true },
  "basic-auth": { type: "string" }, "bearer-token": { type: "string" },
  "tls-cert": { type: "string" }, "tls-key": { type: "string" }, "tls-client-ca": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof readFlags>;

function readFlags(argv: string[]) {
  try {
    return parseArgvStrict({ args: argv, options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    // Say it the way the rest of the project does: the flag, then what is wrong with it.
    const err = e as Error & { code?: string };
    const flag = /'(-[-\w]+)/.exec(err.message)?.[1];
    if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new Error(`unknown option ${flag ?? err.message}`, { cause: e });
    if (err.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && flag) throw new Error(`${flag} needs a value`, { cause: e });
    throw e;
  }
}

function numberOf(v: Values, key: "port" | "resync-rate" | "satellite-delay" | "balance-interval" | "balance-grace" | "fault-seed"): number | undefined {
  const text = v[key];
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n)) throw new Error(`--${key} needs a number`);
  return n;
}

function credentialsOf(v: Values): Pick<SimOptions, "basicAuth" | "bearerToken" | "tls"> {
  const out: Pick<SimOptions, "basicAuth" | "bearerToken" | "tls"> = {};
  const auth = v["basic-auth"];
  if (auth !== undefined) {
    const colon = auth.indexOf(":");
    if (colon < 1) throw new Error("--basic-auth needs USER:PASSWORD");
    out.basicAuth = { username: auth.slice(0, colon), password: auth.slice(colon + 1) };
  }
  if (v["bearer-token"] !== undefined) out.bearerToken = v["bearer-token"];
  const [cert, key, clientCa] = [v["tls-cert"], v["tls-key"], v["tls-client-ca"]];
  if (cert || key || clientCa) {
    if (!cert || !key) throw new Error("--tls-cert and --tls-key go together");
    out.tls = { cert, key, clientCa } satisfies TlsOptions;
  }
  return out;
}

export function parseArgs(argv: string[]): SimOptions {
  const v = readFlags(argv);
  if (v.help) {
    process.stdout.write(USAGE + "\n");
    process.exit(0);
  }
  const o: SimOptions = {
    host: v.host, port: numberOf(v, "port"), stateDir: v.state, seedCluster: v["seed-cluster"],
    resyncRateKibPerSec: numberOf(v, "resync-rate"), satelliteDelayMs: numberOf(v, "satellite-delay"),
    balance: v["no-balance"] ? false : undefined, balanceIntervalMs: numberOf(v, "balance-interval"),
    balanceGraceMs: numberOf(v, "balance-grace"), linstorVersion: v["linstor-version"], faultSeed: numberOf(v, "fault-seed"),
    ...credentialsOf(v),
  };
  if (v.fault?.length) o.faults = v.fault.map((f) => JSON.parse(f) as Record<string, unknown>);
  for (const k of Object.keys(o) as (keyof SimOptions)[]) if (o[k] === undefined) delete o[k];
  return o;
}

async function main(): Promise<void> {
  let opts: SimOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`linstor-sim: ${(e as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const sim = await startSimulator(opts);
  process.stdout.write(`linstor-sim listening on ${sim.url}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void sim.stop().then(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`linstor-sim: ${(e as Error).message}\n`);
    process.exit(1);
  });
}
