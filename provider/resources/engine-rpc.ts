// The Pulumi engine as a provider process reaches it: its address is the process's last argument
// (the dynamic-provider host and the plugin both get it so), its gRPC service is the SDK's.

export interface EngineClient {
  log(req: unknown, cb: (err: Error | null) => void): void;
  getRootResource(req: unknown, cb: (err: Error | null, resp?: { getUrn(): string }) => void): void;
}

let engine: { client: EngineClient; proto: Record<string, unknown> } | null | undefined;

/** The engine's client and message classes, or null outside a provider process (unit tests). */
export function engineClient(): typeof engine {
  if (engine !== undefined) return engine;
  const addr = process.argv[process.argv.length - 1] ?? "";
  if (!/^[\w.-]+:\d+$/.test(addr)) return (engine = null);
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

/**
 * The URN of the stack resource the program registered in this engine operation; "" when no
 * program ran (a plain `pulumi refresh` or `pulumi destroy`), undefined outside an engine.
 */
export async function engineRootResource(): Promise<string | undefined> {
  const e = engineClient();
  if (!e) return undefined;
  const proto = e.proto as { GetRootResourceRequest: new () => unknown };
  return new Promise((resolve) => e.client.getRootResource(new proto.GetRootResourceRequest(), (err, resp) => resolve(err ? undefined : resp?.getUrn() ?? "")));
}
