// The Pulumi package schema of pulumi-resource-linstor (what `pulumi package get-schema` prints and
// `pulumi package gen-sdk` reads): the provider config, one resource per kind, the shared object
// types, and the look-up functions. Field declarations come from ./declarations; replace marks from
// each kind's descriptor (replaceOn), so the schema and the diff agree.

import { CONFIG, KIND_DOCS, TYPES, type Field } from "./declarations";
import { FUNCTIONS, type FunctionField } from "./functions";
import { ID_FORMATS } from "./imported";
import { descriptorOf, KIND_NAMES } from "../resources/impl";
import { MODULE, PACKAGE } from "./provider";

type Json = Record<string, unknown>;

const token = (name: string): string => `${PACKAGE}:${MODULE}:${name}`;

function typeOf(f: Field): Json {
  switch (f.type) {
    case "list": return { type: "array", items: typeOf(f.items) };
    case "map": return { type: "object", additionalProperties: typeOf(f.items) };
    case "ref": return { $ref: `#/types/${token(f.name)}` };
    default: return { type: f.type };
  }
}

function property(f: Field, replaceOnChanges = false): Json {
  return {
    ...typeOf(f),
    description: f.description,
    ...(f.secret ? { secret: true } : {}),
    ...(f.enum ? { description: `${f.description} One of: ${f.enum.join(", ")}.` } : {}),
    ...(replaceOnChanges ? { replaceOnChanges: true } : {}),
  };
}

function properties(fields: Record<string, Field>, replaceOn: readonly string[] = []): { properties: Json; required: string[] } {
  const props: Json = {};
  for (const [k, f] of Object.entries(fields)) props[k] = property(f, replaceOn.includes(k));
  return { properties: props, required: Object.keys(fields).filter((k) => fields[k].required) };
}

function functionField(f: FunctionField): Json {
  const t = { type: f.type };
  return { ...(f.list ? { type: "array", items: t } : t), description: f.description };
}

function functionSchema(name: string): Json {
  const d = FUNCTIONS[name];
  const fields = (fs: Record<string, FunctionField>): Json => Object.fromEntries(Object.entries(fs).map(([k, f]) => [k, functionField(f)]));
  const required = (fs: Record<string, FunctionField>): string[] => Object.keys(fs).filter((k) => fs[k].required);
  const itemType = token(`${name.replace(/^get/, "")}Item`);
  return {
    description: d.description,
    inputs: { properties: fields(d.inputs), required: required(d.inputs) },
    outputs: {
      properties: { items: { type: "array", items: { $ref: `#/types/${itemType}` }, description: "One entry per object." } },
      required: ["items"],
    },
    __itemType: [itemType, { type: "object", properties: fields(d.item), required: required(d.item) }],
  };
}

export function packageSchema(version: string): Json {
  const resources: Json = {};
  for (const kind of KIND_NAMES) {
    const doc = KIND_DOCS[kind];
    const replaceOn = descriptorOf(kind).replaceOn;
    const inputs = properties(doc.inputs, replaceOn);
    const outputs = properties({ ...doc.inputs, ...doc.outputs });
    resources[token(kind)] = {
      description: `${doc.description}\n\n## Import\n\nThe id of a ${kind} is \`${ID_FORMATS[kind]}\`:\n\n` +
        "```sh\n" + `pulumi import ${token(kind)} <name> ${ID_FORMATS[kind].split(" ")[0]}\n` + "```",
      inputProperties: inputs.properties,
      requiredInputs: inputs.required,
      // Secret inputs never come back as outputs.
      properties: Object.fromEntries(Object.entries(outputs.properties).filter(([k]) => !(doc.inputs[k]?.secret))),
      required: doc.alwaysOutputs,
    };
  }
  const types: Json = {};
  for (const [name, fields] of Object.entries(TYPES)) types[token(name)] = { type: "object", ...properties(fields) };
  const functions: Json = {};
  for (const name of Object.keys(FUNCTIONS)) {
    const { __itemType, ...f } = functionSchema(name) as Json & { __itemType: [string, Json] };
    functions[token(name)] = f;
    types[__itemType[0]] = __itemType[1];
  }
  const config = properties(CONFIG);
  return {
    name: PACKAGE,
    displayName: "LINSTOR",
    version,
    description: "Declarative management of LINSTOR storage clusters (LINBIT's controller for DRBD block storage).",
    keywords: ["pulumi", "linstor", "drbd", "storage", "category/infrastructure"],
    license: "Apache-2.0",
    publisher: "pulumi-linstor",
    meta: { moduleFormat: "(.*)" },
    config: { variables: config.properties },
    provider: { description: "The connection to a LINSTOR controller.", inputProperties: config.properties },
    resources,
    types,
    functions,
    language: {
      go: { importBasePath: "github.com/pulumi-linstor/pulumi-linstor/sdk/go/linstor", generateResourceContainerTypes: false },
      python: { packageName: "pulumi_linstor" },
    },
  };
}

let cached: string | undefined;
/** The schema as JSON text for the plugin's version (package.json). */
export function packageSchemaText(): string {
  if (!cached) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const version = require("../../../package.json").version as string;
    cached = JSON.stringify(packageSchema(version), null, 2);
  }
  return cached;
}
