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

/** False in the plugin: a Pulumi YAML program runs without registering a root resource. */
let rootMeansProgram = true;

export function rootResourceIsNoSign(): void {
  rootMeansProgram = false;
}

/**
 * Whether a program runs in this engine operation: its stack resource is the engine's root
 * resource, which a plain `pulumi refresh` or `pulumi destroy` has not. Undefined when that cannot
 * tell (outside an engine; in the plugin without a root resource).
 */
export async function programRuns(): Promise<boolean | undefined> {
  const root = await engineRootResource();
  if (root === undefined) return undefined;
  return root !== "" ? true : rootMeansProgram ? false : undefined;
}

let root: Promise<string | undefined> | undefined;

/** Asked once per process: the engine starts a provider process per operation, whose root does not change. */
function engineRootResource(): Promise<string | undefined> {
  const e = engineClient();
  if (!e) return Promise.resolve(undefined);
  const proto = e.proto as { GetRootResourceRequest: new () => unknown };
  root ??= new Promise((resolve) => e.client.getRootResource(new proto.GetRootResourceRequest(), (err, resp) => resolve(err ? undefined : resp?.getUrn() ?? "")));
  return root;
}
