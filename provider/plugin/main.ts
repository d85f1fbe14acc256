// pulumi-resource-linstor: the entry point the launcher starts (the engine passes its address as
// the last argument). It serves linstorProvider through `@pulumi/pulumi/provider`'s server.
//
// That server (as of @pulumi/pulumi 3.248) answers two calls in a way a LINSTOR provider cannot use,
// so its handlers for them are replaced when the server registers itself with gRPC:
// - Configure: it drops the provider config, so `linstor:endpoint` and the credentials never reach
//   the provider; it also asks for secrets and resource references wrapped, which the kinds do not
//   read. Ours hands the config to resources/context.ts and asks the engine for plain values (the
//   engine keeps secret inputs secret in the state itself), and tells resources/current-config.ts
//   the current stack config the engine started this process with.
// - Diff: it has no detailed diff, so `pulumi preview --diff` could not say which field forces a
//   replacement. Ours reports every changed field, with replace marks where LINSTOR needs a new object.
// - Read: it fails when the engine sends no properties, which is what `pulumi import` does. Ours
//   reads the object by its id then.

import * as path from "path";
import * as fs from "fs";
import { main } from "@pulumi/pulumi/provider";
import { configure } from "../resources/context";
import { useEngineConfig } from "../resources/current-config";
import { rootResourceIsNoSign } from "../resources/engine-rpc";
import { PACKAGE, linstorProvider, type PluginDiff } from "./provider";
import { packageSchemaText } from "./schema";

/* eslint-disable @typescript-eslint/no-explicit-any */
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
const provproto = require("@pulumi/pulumi/proto/provider_pb");
const structproto = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }));
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");

/** `linstor:config:endpoint` → `endpoint`. */
function configFrom(variables: Map<string, string> | [string, string][]): Record<string, string> {
  const prefix = `${PACKAGE}:config:`;
  const out: Record<string, string> = {};
  for (const [k, v] of variables as Iterable<[string, string]>) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

function configureHandler(call: any, callback: (err: unknown, resp?: unknown) => void): void {
  try {
    configure(configFrom(call.request.getVariablesMap().entries()));
    // A default provider's config is the stack config, which the engine passed in PULUMI_CONFIG as it is now.
    useEngineConfig(process.env.PULUMI_CONFIG, /::pulumi:providers:linstor::default(_[\w]+)?$/.test(call.request.getUrn() ?? ""));
    const resp = new provproto.ConfigureResponse();
    resp.setAcceptsecrets(false);
    resp.setAcceptresources(false);
    resp.setAcceptoutputs(false);
    // Create and Update must never run in a preview: the SDK server ignores the preview flag.
    resp.setSupportspreview(false);
    callback(null, resp);
  } catch (err) {
    callback(err);
  }
}

function propertyDiff(key: string, olds: Record<string, unknown>, news: Record<string, unknown>, replace: boolean): unknown {
  const K = provproto.PropertyDiff.Kind;
  const d = new provproto.PropertyDiff();
  const kind = !(key in olds) || olds[key] === undefined ? (replace ? K.ADD_REPLACE : K.ADD)
    : !(key in news) || news[key] === undefined ? (replace ? K.DELETE_REPLACE : K.DELETE)
      : (replace ? K.UPDATE_REPLACE : K.UPDATE);
  d.setKind(kind);
  d.setInputdiff(true);
  return d;
}

function diffHandler(this: any, call: any, callback: (err: unknown, resp?: unknown) => void): void {
  const req = call.request;
  const olds = req.getOlds()?.toJavaScript() ?? {};
  const news = req.getNews()?.toJavaScript() ?? {};
  (this.provider.diff(req.getId(), req.getUrn(), olds, news) as Promise<PluginDiff>).then((r) => {
    const resp = new provproto.DiffResponse();
    resp.setChanges(r.changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE);
    resp.setReplacesList(r.replaces ?? []);
    resp.setDeletebeforereplace(r.deleteBeforeReplace === true);
    resp.setHasdetaileddiff(true);
    const detailed = resp.getDetaileddiffMap();
    for (const key of r.changed) detailed.set(key, propertyDiff(key, olds, news, (r.replaces ?? []).includes(key)));
    callback(null, resp);
  }, (err: unknown) => callback(err));
}

function readHandler(this: any, call: any, callback: (err: unknown, resp?: unknown) => void): void {
  const req = call.request;
  (this.provider.read(req.getId(), req.getUrn(), req.getProperties()?.toJavaScript() ?? {}) as Promise<any>).then((r) => {
    const resp = new provproto.ReadResponse();
    resp.setId(r.id ?? "");
    resp.setProperties(structproto.Struct.fromJavaScript(r.props ?? {}));
    if (r.inputs) resp.setInputs(structproto.Struct.fromJavaScript(r.inputs));
    callback(null, resp);
  }, (err: unknown) => callback(err));
}

/** Registers the SDK's server with our Configure and Diff in place of its own. */
function replaceHandlers(): void {
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service: unknown, impl: object) {
    if (service !== provrpc.ResourceProviderService) return addService.call(this, service, impl);
    const ours = Object.create(impl);
    ours.configure = configureHandler;
    ours.diff = diffHandler;
    ours.read = readHandler;
    return addService.call(this, service, ours);
  };
}

function version(): string {
  const manifest = path.resolve(__dirname, "..", "..", "..", "package.json");
  return JSON.parse(fs.readFileSync(manifest, "utf8")).version;
}

replaceHandlers();
rootResourceIsNoSign();
main(linstorProvider(version(), packageSchemaText), process.argv.slice(2)).catch((err) => {
  console.error(`pulumi-resource-linstor: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
