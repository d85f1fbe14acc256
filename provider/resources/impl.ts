// What the serialized shim loads at call time: the operations of every kind, and the stack config.
// Kept free of @pulumi/pulumi imports so a provider plugin could serve the same kinds later.

import { CONTROLLER_ACCESS_INPUT, type ControllerAccess } from "../model/controller-access";
import { configure, CONFIG_KEYS, useControllerAccess } from "./context";
import { stackFilesNow } from "../stack/files-now";
import { currentControllerBlock, requireCurrentConfig, useStackFilesNow } from "./current-config";
import { noteRead } from "./stale-outputs";
import type { KindDescriptor } from "./kind";
import { nodeKind } from "./kinds/node";
import { resourceKind } from "./kinds/resource";
import { resourceDefinitionKind } from "./kinds/resource-definition";
import { resourceGroupKind } from "./kinds/resource-group";
import { snapshotKind } from "./kinds/snapshot";
import { storagePoolKind } from "./kinds/storage-pool";
import { volumeDefinitionKind } from "./kinds/volume-definition";
import { KindOperations, PartialInitError } from "./operations";
import { reportedOnce } from "./reported-once";

// This module is the provider process's entry (the `__provider` loader requires it), and so the
// one place under resources/ that reaches into stack/: it hands in the reader of the stack's files
// as they are now (refresh and destroy without the program; current-config.ts).
useStackFilesNow(stackFilesNow);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const KINDS: Record<string, KindDescriptor<any, any>> = {
  Node: nodeKind,
  StoragePool: storagePoolKind,
  ResourceGroup: resourceGroupKind,
  ResourceDefinition: resourceDefinitionKind,
  VolumeDefinition: volumeDefinitionKind,
  Resource: resourceKind,
  Snapshot: snapshotKind,
};

/** The kinds this package serves, by name (Node, StoragePool, ...). */
export const KIND_NAMES = Object.keys(KINDS);

/** The descriptor of one kind. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function descriptorOf(kind: string): KindDescriptor<any, any> {
  const desc = KINDS[kind];
  if (!desc) throw new Error(`pulumi-linstor: unknown resource kind '${kind}' (this state was written by a newer version?)`);
  return desc;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const operations = new Map<string, KindOperations<any, any>>();

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function operationsFor(kind: string): KindOperations<any, any> {
  const desc = descriptorOf(kind);
  let ops = operations.get(kind);
  if (!ops) operations.set(kind, (ops = quiet(new KindOperations(desc))));
  return ops;
}

/**
 * Every operation first takes the YAML stack's controller access its inputs carry (the last
 * argument is always the inputs or state of the call), as the stack file has it now; read and
 * delete check first that the provider config is the current one (current-config.ts). The
 * expected errors of check, diff, read and delete the engine shows once, without a stack trace.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function quiet(ops: KindOperations<any, any>): KindOperations<any, any> {
  for (const name of ["check", "diff", "create", "read", "update", "delete"] as const) {
    const operation = ops[name].bind(ops) as (...args: unknown[]) => Promise<unknown>;
    // Read and delete are what a refresh and a destroy run without the program: their config may be the last `up`'s.
    const command = name === "read" ? "refresh" : name === "delete" ? "destroy" : undefined;
    const connected = async (...args: unknown[]) => {
      const raw = args[args.length - 1] as Record<string, unknown> | undefined;
      if (command && raw) await requireCurrentConfig(command, raw.__urn as string | undefined);
      // A YAML stack's block as its file has it now (the state's may be the last `up`'s); a read records it.
      const block = raw && currentControllerBlock(raw);
      if (name === "read" && raw && block !== raw[CONTROLLER_ACCESS_INPUT]) args[args.length - 1] = { ...raw, [CONTROLLER_ACCESS_INPUT]: block };
      useControllerAccess(block as ControllerAccess | undefined);
      const result = await operation(...args);
      if (name === "read" && raw) await noteRead(args[args.length - 1] as Record<string, unknown>, result as { id: string; props: Record<string, unknown> });
      return result;
    };
    const reported = name === "create" || name === "update" ? connected : (...args: unknown[]) => reportedOnce(() => connected(...args));
    Object.defineProperty(ops, name, { value: reported });
  }
  return ops;
}

/** Receives the stack config (`linstor:endpoint`, ...) from the engine. */
export function configureFrom(config: { get(key: string): string | undefined }): void {
  const values: Record<string, string | undefined> = {};
  for (const key of CONFIG_KEYS) values[key] = config.get(`linstor:${key}`);
  configure(values);
}

export { PartialInitError };

/**
 * The provider object the dynamic-provider process gets from the `__provider` loader (shim.ts):
 * Pulumi's configure, then the operations of one kind.
 */
export function providerFor(kind: string): object {
  const ops = () => operationsFor(kind);
  return {
    configure: async (req: { config: { get(key: string): string | undefined } }) => configureFrom(req.config),
    check: (olds: Raw, news: Raw) => ops().check(olds, news),
    diff: (id: string, olds: Raw, news: Raw) => ops().diff(id, olds, news),
    create: (inputs: Raw) => ops().create(inputs),
    read: (id: string, props: Raw) => ops().read(id, props),
    update: (id: string, olds: Raw, news: Raw) => ops().update(id, olds, news),
    delete: (id: string, props: Raw) => ops().delete(id, props),
  };
}

type Raw = Record<string, unknown>;
