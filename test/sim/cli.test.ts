// linstor-sim command-line flags → SimOptions.
import { strict as assert } from "node:assert";
import { parseArgs } from "../../sim/cli";

describe("linstor-sim command line", () => {
  it("maps every flag, including repeated --fault rules and --flag=value", () => {
    const o = parseArgs([
      "--host", "0.0.0.0", "--port=3371", "--state", "/tmp/x", "--seed-cluster", "--resync-rate", "1024",
      "--satellite-delay", "5", "--no-balance", "--balance-interval", "100", "--balance-grace", "7", "--fault-seed", "9",
      "--fault", '{"kind":"error","status":503,"count":1}', "--fault", '{"kind":"stall-resync"}',
    ]);
    assert.deepEqual(o, {
      host: "0.0.0.0",
      port: 3371,
      stateDir: "/tmp/x",
      seedCluster: true,
      resyncRateKibPerSec: 1024,
      satelliteDelayMs: 5,
      balance: false,
      balanceIntervalMs: 100,
      balanceGraceMs: 7,
      faultSeed: 9,
      faults: [{ kind: "error", status: 503, count: 1 }, { kind: "stall-resync" }],
    });
  });

  it("maps the credential and TLS flags (default: none)", () => {
    assert.deepEqual(parseArgs(["--basic-auth", "admin:pa:ss", "--tls-cert", "s.pem", "--tls-key", "s.key", "--tls-client-ca", "ca.pem"]), {
      basicAuth: { username: "admin", password: "pa:ss" },
      tls: { cert: "s.pem", key: "s.key", clientCa: "ca.pem" },
    });
    assert.deepEqual(parseArgs(["--bearer-token=abc"]), { bearerToken: "abc" });
    assert.deepEqual(parseArgs([]), {});
    assert.throws(() => parseArgs(["--basic-auth", "nocolon"]), /--basic-auth needs USER:PASSWORD/);
    assert.throws(() => parseArgs(["--tls-cert", "s.pem"]), /--tls-cert and --tls-key go together/);
  });

  it("refuses unknown flags, missing values and non-numbers", () => {
    assert.throws(() => parseArgs(["--nope"]), /unknown option --nope/);
    assert.throws(() => parseArgs(["--port"]), /--port needs a value/);
    assert.throws(() => parseArgs(["--port", "abc"]), /--port needs a number/);
  });
});
