// Messages from the provider to the Pulumi engine, attached to a resource, so `pulumi preview`
// shows the ordered plan under the resource and `pulumi up` shows resync progress.
//
// Dynamic providers have no logging API of their own and their stderr is not shown; the engine's
// address is the provider process's last argument, and its Log RPC is what every provider uses.

type Severity = "debug" | "info" | "warning";

interface EngineClient {
  log(req: unknown, cb: (err: Error | null) => void): void;
}

let engine: { client: EngineClient; proto: Record<string, unknown> } | null | undefined;

function engineClient(): typeof engine {
  if (engine !== undefined) return engine;
  const addr = process.argv[process.argv.length - 1] ?? "";
  if (!/^[\w.-]+:\d+$/.test(addr)) return (engine = null); // not inside a provider process (unit tests)
  try {
    const pulumiDir = require.resolve("@pulumi/pulumi");
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
    const rpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
    const proto = require("@pulumi/pulumi/proto/engine_pb");
    engine = { client: new rpc.EngineClient(addr, grpc.credentials.createInsecure()), proto };
  } catch {
    engine = null;
  }
  return engine;
}

/** Sends one message to the engine; never throws (logging must not fail an operation). */
export async function engineLog(severity: Severity, message: string, urn?: string, ephemeral = false): Promise<void> {
  const e = engineClient();
  if (!e) return;
  const proto = e.proto as {
    LogRequest: new () => { setSeverity(s: number): void; setMessage(m: string): void; setUrn(u: string): void; setEphemeral(b: boolean): void };
    LogSeverity: Record<string, number>;
  };
  const req = new proto.LogRequest();
  req.setSeverity(proto.LogSeverity[severity.toUpperCase()]);
  req.setMessage(message);
  if (urn) req.setUrn(urn);
  req.setEphemeral(ephemeral);
  await new Promise<void>((resolve) => e.client.log(req, () => resolve()));
}
