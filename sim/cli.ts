#!/usr/bin/env node
// linstor-sim: run the LINSTOR controller simulator.
//   linstor-sim [--host H] [--port P] [--state DIR] [--seed-cluster] [--resync-rate KIB_PER_SEC]
//               [--satellite-delay MS] [--no-balance] [--balance-interval MS] [--balance-grace MS] [--fault-seed N]
//               [--linstor-version X.Y.Z]
//               [--fault JSON]...   (JSON as for POST /sim/faults, repeatable)
//               [--basic-auth USER:PASSWORD | --bearer-token TOKEN]
//               [--tls-cert FILE --tls-key FILE [--tls-client-ca FILE]]
import { SimOptions, startSimulator, TlsOptions } from "./index";

const USAGE = `usage: linstor-sim [--host HOST] [--port PORT] [--state DIR] [--seed-cluster]
                   [--resync-rate KIB_PER_SEC] [--satellite-delay MS]
                   [--no-balance] [--balance-interval MS] [--balance-grace MS]
                   [--fault-seed N] [--fault JSON]... [--linstor-version X.Y.Z]
                   [--basic-auth USER:PASSWORD | --bearer-token TOKEN]
                   [--tls-cert FILE --tls-key FILE [--tls-client-ca FILE]]`;

export function parseArgs(argv: string[]): SimOptions {
  const o: SimOptions = {};
  const faults: Record<string, unknown>[] = [];
  const tls: Partial<TlsOptions> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const val = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const num = (): number => {
      const v = Number(val());
      if (!Number.isFinite(v)) throw new Error(`${flag} needs a number`);
      return v;
    };
    switch (flag) {
      case "--host":
        o.host = val();
        break;
      case "--port":
        o.port = num();
        break;
      case "--state":
        o.stateDir = val();
        break;
      case "--seed-cluster":
        o.seedCluster = true;
        break;
      case "--resync-rate":
        o.resyncRateKibPerSec = num();
        break;
      case "--satellite-delay":
        o.satelliteDelayMs = num();
        break;
      case "--no-balance":
        o.balance = false;
        break;
      case "--balance-interval":
        o.balanceIntervalMs = num();
        break;
      case "--balance-grace":
        o.balanceGraceMs = num();
        break;
      case "--linstor-version":
        o.linstorVersion = val();
        break;
      case "--fault-seed":
        o.faultSeed = num();
        break;
      case "--basic-auth": {
        const v = val();
        const colon = v.indexOf(":");
        if (colon < 1) throw new Error("--basic-auth needs USER:PASSWORD");
        o.basicAuth = { username: v.slice(0, colon), password: v.slice(colon + 1) };
        break;
      }
      case "--bearer-token":
        o.bearerToken = val();
        break;
      case "--tls-cert":
        tls.cert = val();
        break;
      case "--tls-key":
        tls.key = val();
        break;
      case "--tls-client-ca":
        tls.clientCa = val();
        break;
      case "--fault":
        faults.push(JSON.parse(val()) as Record<string, unknown>);
        break;
      case "-h":
      case "--help":
        process.stdout.write(USAGE + "\n");
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${a}`);
    }
  }
  if (faults.length) o.faults = faults;
  if (tls.cert || tls.key || tls.clientCa) {
    if (!tls.cert || !tls.key) throw new Error("--tls-cert and --tls-key go together");
    o.tls = { cert: tls.cert, key: tls.key, clientCa: tls.clientCa };
  }
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
