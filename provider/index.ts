// pulumi-linstor: LINSTOR objects as Pulumi resources.
//
//   import * as linstor from "pulumi-linstor";
//   const rd = new linstor.ResourceDefinition("shared", { name: "SharedData", layerStack: ["DRBD", "STORAGE"] });
//   new linstor.VolumeDefinition("shared-0", { resource: rd.name, size: "150m" });
//   new linstor.Resource("shared", { resource: rd.name, autoPlace: { placeCount: 3 } }, { dependsOn: [rd] });
//
// The controller comes from stack config `linstor:endpoint` (a comma list fails over in order),
// else LINSTOR_ENDPOINT or LS_CONTROLLERS, else http://localhost:3370. TLS and credentials:
// `linstor:caCert`, `linstor:clientCert`, `linstor:clientKey`, `linstor:bearerToken` (secret),
// `linstor:username`/`linstor:password` (secret), or the LS_* variables the linstor tools read.
// None of them ever lands in the state.

import * as pulumi from "@pulumi/pulumi";
import { CONTROLLER_ACCESS_INPUT, type ControllerAccess } from "./model/controller-access";
import {
  fieldPaths, outputNames, type Flat, type HoldsSecret, type KindDeclaration, type OptionalKeys, type RequiredKeys, type ValueOf,
} from "./model/declaration";
import {
  nodeDeclaration, resourceDeclaration, resourceDefinitionDeclaration, resourceGroupDeclaration, snapshotDeclaration, sshField,
  storagePoolDeclaration, volumeDefinitionDeclaration,
} from "./model/kinds";
import type { Kind, LayerKind, NodeType, PlacementSpec, ProviderKind } from "./model/types";
import { LinstorResource } from "./resources/dynamic";
import type { ReplicaOutput } from "./resources/kinds/resource";

export type { LayerKind, NodeType, PlacementSpec, ProviderKind, ReplicaOutput };

// Every class below is derived from its kind's declaration (provider/model/kinds): the Args are the
// declared inputs (each value may be a Pulumi Input), the outputs are the declared outputs plus the
// public inputs. The declarations document every field (and the package schema carries the docs).

type In<T> = pulumi.Input<T>;

/** A declared field as a Pulumi input: nested lists and objects accept Inputs at every level. */
type ArgValue<F> =
  F extends { type: "list"; items: infer I } ? In<ArgValue<I>[]> :
  F extends { type: "object"; fields: infer S } ? In<ArgsOf<S>> :
  F extends { type: "props" } ? In<Record<string, In<string>>> :
  In<ValueOf<F>>;

/** The Args of a declared field set. */
export type ArgsOf<S> = Flat<{ [K in RequiredKeys<S>]: ArgValue<S[K]> } & { [K in OptionalKeys<S>]?: ArgValue<S[K]> }>;

type PublicInputKeys<S> = { [K in keyof S]: HoldsSecret<S[K]> extends true ? never : K }[keyof S];
type OutputValue<S, K extends keyof S> = pulumi.Output<K extends RequiredKeys<S> ? ValueOf<S[K]> : ValueOf<S[K]> | undefined>;

/** What a resource of a declared kind outputs: its public inputs and its declared outputs. */
export type OutputsOfKind<D extends KindDeclaration> =
  { readonly [K in PublicInputKeys<D["inputs"]>]: OutputValue<D["inputs"], K> } &
  { readonly [K in keyof D["outputs"]]: OutputValue<D["outputs"], K> };

/**
 * How to reach a node's host over SSH. privateKey, passphrase and password are made Pulumi
 * secrets by the resource and never appear in outputs or errors; the *Env/*File variants name an
 * environment variable or file that holds them instead (what YAML stacks use).
 */
export type NodeSshArgs = ArgsOf<typeof sshField.fields>;

/** The ssh block stays a plain object (not an Input): its secret fields are wrapped one by one. */
type WithSsh<A> = Omit<A, "ssh"> & { ssh?: NodeSshArgs };

const SSH_SECRETS = fieldPaths(sshField.fields, (field) => field.secret === true) as (keyof NodeSshArgs)[];

/** The ssh block with its secret values wrapped as Pulumi secrets (encrypted in the state's inputs). */
function sshWithSecrets(ssh: NodeSshArgs | undefined): NodeSshArgs | undefined {
  if (!ssh) return undefined;
  const out: Record<string, unknown> = { ...ssh };
  for (const k of SSH_SECRETS) if (out[k] !== undefined) out[k] = pulumi.secret(out[k] as In<string>);
  return out as NodeSshArgs;
}

/** Stack outputs that stay true when an `up` fails: `export = settledOutputs({ ... })`. */
export { NOT_DONE, settledOutputs } from "./stack/settled-outputs";

/**
 * How resources declared for a YAML stack (provider/stack/declare.ts) differ from a program's: they
 * carry the stack's `controller` block to the provider (endpoints, TLS files, names of the variables
 * holding secrets), so it connects where the stack says; and they are objects only the stack itself
 * reads, so each gets an output for just the fields the stack reads (`reads`, per kind) and no
 * input left unset. The SDK keeps about 45 promises per output until the resource is done: at 300
 * definitions the outputs nobody reads held over 100 MiB of the program. The state is the same:
 * the engine records what the provider returns, declared or not.
 */
export interface StackDeclaration {
  access?: ControllerAccess;
  reads: Partial<Record<Kind, readonly string[]>>;
}

let declaringStack: StackDeclaration | undefined;

/** Runs `declare` with the resources it declares made for a YAML stack (see StackDeclaration). */
export function declaringForStack<T>(how: StackDeclaration, declare: () => T): T {
  const outer = declaringStack;
  declaringStack = how;
  try {
    return declare();
  } finally {
    declaringStack = outer;
  }
}

/** The args a stack's resource is registered with: the inputs it sets, and the stack's controller block. */
function stackArgs(args: object, how: StackDeclaration): object {
  const set = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
  return how.access ? { ...set, [CONTROLLER_ACCESS_INPUT]: how.access } : set;
}

type ResourceClass<D extends KindDeclaration, A> = new (name: string, args: A, opts?: pulumi.CustomResourceOptions) => LinstorResource & OutputsOfKind<D>;

/** The resource class of a declared kind: every declared input and output is readable as an output. */
function resourceClass<D extends KindDeclaration, A extends object = ArgsOf<D["inputs"]>>(decl: D): ResourceClass<D, A> {
  const outputs = [...Object.keys(decl.inputs), ...outputNames(decl)];
  return class extends LinstorResource {
    constructor(name: string, args: A, opts?: pulumi.CustomResourceOptions) {
      const stack = declaringStack;
      super(decl.kind, name, stack ? stackArgs(args, stack) : args, stack ? stack.reads[decl.kind] ?? [] : outputs, opts);
    }
  } as unknown as ResourceClass<D, A>;
}

// ------------------------------------------------------------------------------------------------

export type NodeArgs = WithSsh<ArgsOf<typeof nodeDeclaration.inputs>>;

/** A LINSTOR node (usually a satellite) and its default net interface; with `ssh`, its host is checked first. */
export class Node extends resourceClass<typeof nodeDeclaration, NodeArgs>(nodeDeclaration) {
  /**
   * The ssh block as given (host defaulted to the address, secrets kept secret), to hand to the
   * `ssh` of this node's storage pools that use `prepare`.
   */
  readonly sshAccess: NodeSshArgs | undefined;
  constructor(name: string, args: NodeArgs, opts?: pulumi.CustomResourceOptions) {
    const ssh = sshWithSecrets(args.ssh);
    super(name, { ...args, ssh }, opts);
    this.sshAccess = ssh && { ...ssh, host: ssh.host ?? args.address };
  }
}

export type StoragePoolArgs = WithSsh<ArgsOf<typeof storagePoolDeclaration.inputs>>;

/** A storage pool on one node; with `prepare` (and `ssh`), its LVM volume group and thin pool are created first. */
export class StoragePool extends resourceClass<typeof storagePoolDeclaration, StoragePoolArgs>(storagePoolDeclaration) {
  constructor(name: string, args: StoragePoolArgs, opts?: pulumi.CustomResourceOptions) {
    super(name, { ...args, ssh: sshWithSecrets(args.ssh) }, opts);
  }
}

export type ResourceGroupArgs = ArgsOf<typeof resourceGroupDeclaration.inputs>;
export type ResourceDefinitionArgs = ArgsOf<typeof resourceDefinitionDeclaration.inputs>;
export type VolumeDefinitionArgs = ArgsOf<typeof volumeDefinitionDeclaration.inputs>;
export type ResourceArgs = ArgsOf<typeof resourceDeclaration.inputs>;
export type SnapshotArgs = ArgsOf<typeof snapshotDeclaration.inputs>;

/** A resource group: placement rules and properties shared by its definitions. */
export const ResourceGroup = resourceClass(resourceGroupDeclaration);
/** A resource definition: volumes and replicas belong to it. */
export const ResourceDefinition = resourceClass(resourceDefinitionDeclaration);
/** One volume of a definition; growing `size` resizes every replica, it never shrinks. */
export const VolumeDefinition = resourceClass(volumeDefinitionDeclaration);
/** The replica set of one definition: explicit nodes or auto-placement, diskless clients, or a restore. */
export const Resource = resourceClass(resourceDeclaration);
/** A snapshot of a definition; changing `rollbackTrigger` rolls the definition back to it, once. */
export const Snapshot = resourceClass(snapshotDeclaration);

export type ResourceGroup = InstanceType<typeof ResourceGroup>;
export type ResourceDefinition = InstanceType<typeof ResourceDefinition>;
export type VolumeDefinition = InstanceType<typeof VolumeDefinition>;
export type Resource = InstanceType<typeof Resource>;
export type Snapshot = InstanceType<typeof Snapshot>;
