// The Pulumi package schema of the `linstor` package, derived from the kinds' declarations: every
// kind a resource `linstor:index:<Kind>`, nested objects as `linstor:index:<typeName>` types, the
// provider config from kinds/provider-config.ts. The provider plugin serves it (get-schema) and
// SDKs are generated from it. Plain data: no Pulumi import.

import type { Field, FieldSet, KindDeclaration } from "./declaration";
import { DECLARATIONS } from "./kinds";
import { providerConfigFields } from "./kinds/provider-config";

export const PACKAGE_NAME = "linstor";

/** The resource token of a kind: `linstor:index:Node`. */
export function resourceToken(kind: string): string {
  return `${PACKAGE_NAME}:index:${kind}`;
}

export interface PropertySpec {
  type?: string;
  $ref?: string;
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
  description?: string;
  secret?: boolean;
  replaceOnChanges?: boolean;
  default?: string | number | boolean;
}

export interface ObjectTypeSpec {
  type: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

export interface ResourceSpec {
  description: string;
  properties: Record<string, PropertySpec>;
  required: string[];
  inputProperties: Record<string, PropertySpec>;
  requiredInputs: string[];
}

export interface PackageSchema {
  name: string;
  displayName: string;
  version?: string;
  description: string;
  keywords: string[];
  license: string;
  repository?: string;
  config: { variables: Record<string, PropertySpec> };
  provider: { description: string; inputProperties: Record<string, PropertySpec> };
  resources: Record<string, ResourceSpec>;
  types: Record<string, ObjectTypeSpec>;
  functions: Record<string, unknown>;
  language: Record<string, unknown>;
}

/** Builds the `types` section while it converts fields. */
class SchemaWriter {
  readonly types: Record<string, ObjectTypeSpec> = {};

  property(field: Field, options: { input: boolean }): PropertySpec {
    const out: PropertySpec = { ...this.typeOf(field, options), description: describe(field) };
    if (field.secret) out.secret = true;
    if (options.input && field.replaceOnChange) out.replaceOnChanges = true;
    if (field.default !== undefined && field.type !== "object" && field.type !== "list") out.default = field.default;
    return out;
  }

  properties(fields: FieldSet, options: { input: boolean }): Record<string, PropertySpec> {
    const out: Record<string, PropertySpec> = {};
    for (const [key, field] of Object.entries(fields)) out[key] = this.property(field, options);
    return out;
  }

  private typeOf(field: Field, options: { input: boolean }): PropertySpec {
    switch (field.type) {
      case "string": case "name": case "enum": case "size": return { type: "string" };
      case "integer": return { type: "integer" };
      case "boolean": return { type: "boolean" };
      case "props": return { type: "object", additionalProperties: { type: "string" } };
      case "list": return { type: "array", items: this.typeOf(field.items, options) };
      case "object": {
        const token = `${PACKAGE_NAME}:index:${field.typeName}`;
        this.types[token] ??= {
          type: "object",
          description: field.doc,
          properties: this.properties(field.fields, { input: false }),
          required: requiredKeys(field.fields),
        };
        return { $ref: `#/types/${token}` };
      }
    }
  }
}

function describe(field: Field): string {
  const words = field.type === "enum" ? ` One of: ${field.values.join(", ")}.` : "";
  const unit = field.type === "size" ? " Units: K/KiB, M/MiB, G/GiB, T/TiB, P/PiB, B, S." : "";
  const range = field.type === "integer" && field.max < Number.MAX_SAFE_INTEGER ? ` ${field.min} to ${field.max}.` : "";
  const fallback = field.default !== undefined ? ` Default: ${String(field.default)}.` : "";
  return `${field.doc}${words}${unit}${range}${fallback}`;
}

function requiredKeys(fields: FieldSet): string[] {
  return Object.keys(fields).filter((k) => fields[k].required);
}

function resourceSpec(decl: KindDeclaration, writer: SchemaWriter): ResourceSpec {
  const inputs = writer.properties(decl.inputs, { input: true });
  // Outputs carry the inputs (without secrets, which never come back) plus what is observed.
  const publicInputs = Object.fromEntries(Object.entries(writer.properties(decl.inputs, { input: false })).filter(([, p]) => !p.secret));
  return {
    description: `${decl.doc}\n\nImport id: \`${decl.idFormat}\`.`,
    properties: { ...publicInputs, ...writer.properties(decl.outputs, { input: false }) },
    required: [...requiredKeys(decl.inputs).filter((k) => !decl.inputs[k].secret), ...requiredKeys(decl.outputs)],
    inputProperties: inputs,
    requiredInputs: requiredKeys(decl.inputs),
  };
}

/** The package schema of every declared kind; `version` is the plugin's version when it has one. */
export function packageSchema(options: { version?: string } = {}): PackageSchema {
  const writer = new SchemaWriter();
  const resources: Record<string, ResourceSpec> = {};
  for (const decl of Object.values(DECLARATIONS)) resources[resourceToken(decl.kind)] = resourceSpec(decl, writer);
  const config = writer.properties(providerConfigFields, { input: true });
  return {
    name: PACKAGE_NAME,
    displayName: "LINSTOR",
    ...(options.version ? { version: options.version } : {}),
    description: "Declarative management of LINSTOR storage clusters (nodes, storage pools, resource groups, resources, snapshots).",
    keywords: ["pulumi", "linstor", "drbd", "storage", "category/infrastructure"],
    license: "Apache-2.0",
    config: { variables: config },
    provider: { description: "The connection to a LINSTOR controller.", inputProperties: config },
    resources,
    types: writer.types,
    functions: {},
    language: {
      nodejs: { packageName: "@pulumi-linstor/linstor" },
      python: { packageName: "pulumi_linstor" },
      go: { importBasePath: "github.com/pulumi-linstor/pulumi-linstor/sdk/go/linstor" },
    },
  };
}
