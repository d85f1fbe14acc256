// Messages from the provider to the Pulumi engine, attached to a resource, so `pulumi preview`
// shows the ordered plan under the resource and `pulumi up` shows resync progress.
//
// Dynamic providers have no logging API of their own and their stderr is not shown; the engine's
// Log RPC (engine-rpc.ts) is what every provider uses.

import { engineClient } from "./engine-rpc";

type Severity = "debug" | "info" | "warning";

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
