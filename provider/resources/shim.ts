// The dynamic provider Pulumi serializes into the state. It is deliberately tiny and captures only
// the kind's name: every call loads the implementation installed where the program runs, so a
// `destroy` or `refresh` after an upgrade runs today's code, and no client, credential or endpoint
// is ever captured (pitfalls: dynamic providers #1–#3).

import type * as pulumi from "@pulumi/pulumi";

/**
 * One shim object per kind: Pulumi caches the serialized provider per object, so sharing it means
 * one closure serialization per kind instead of one per resource (at 1,000 resources that was most
 * of the time of a no-op `up`).
 */
const shims = new Map<string, pulumi.dynamic.ResourceProvider>();

export function shimFor(kind: string): pulumi.dynamic.ResourceProvider {
  let shim = shims.get(kind);
  if (!shim) {
    shim = makeShim(kind);
    shims.set(kind, shim);
  }
  return shim;
}

function makeShim(kind: string): pulumi.dynamic.ResourceProvider {
  const load = () => {
    const path = require("path");
    const fs = require("fs");
    const fromEnv = process.env.PULUMI_LINSTOR_HOME;
    const candidates: string[] = fromEnv ? [fromEnv] : [];
    for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
      candidates.push(path.join(dir, "node_modules", "pulumi-linstor"), dir);
      if (path.dirname(dir) === dir) break;
    }
    for (const root of candidates) {
      const manifest = path.join(root, "package.json");
      if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === "pulumi-linstor") {
        return require(path.join(root, "bin", "provider", "resources", "impl.js"));
      }
    }
    throw new Error(`pulumi-linstor is not installed where this program runs (${process.cwd()}); ` +
      "install it there or set PULUMI_LINSTOR_HOME");
  };
  const ops = () => load().operationsFor(kind);
  return {
    configure: async (req) => load().configureFrom(req.config),
    check: (olds, news) => ops().check(olds, news),
    diff: (id, olds, news) => ops().diff(id, olds, news),
    create: (inputs) => ops().create(inputs),
    read: (id, props) => ops().read(id, props),
    update: (id, olds, news) => ops().update(id, olds, news),
    delete: (id, props) => ops().delete(id, props),
  };
}
