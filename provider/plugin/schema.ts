// The package schema the plugin serves (`pulumi package get-schema`, read by `pulumi package
// gen-sdk`): the kinds and the provider config as provider/model derives them from the
// declarations, plus the plugin's look-up functions (./functions).

import { packageSchema, PACKAGE_NAME, type PackageSchema } from "../model/package-schema";
import { FUNCTIONS, type FunctionField } from "./functions";

type Json = Record<string, unknown>;

const token = (name: string): string => `${PACKAGE_NAME}:index:${name}`;

function fieldsSpec(fields: Record<string, FunctionField>): { properties: Json; required: string[] } {
  const properties: Json = {};
  for (const [k, f] of Object.entries(fields)) {
    const t = { type: f.type };
    properties[k] = { ...(f.list ? { type: "array", items: t } : t), description: f.description };
  }
  return { properties, required: Object.keys(fields).filter((k) => fields[k].required) };
}

/** Adds every function, with the object type of its result items, to `schema`. */
function withFunctions(schema: PackageSchema): PackageSchema {
  for (const [name, d] of Object.entries(FUNCTIONS)) {
    const itemType = token(`${name.replace(/^get/, "")}Item`);
    schema.types[itemType] = { type: "object", ...fieldsSpec(d.item) } as PackageSchema["types"][string];
    schema.functions[token(name)] = {
      description: d.description,
      inputs: fieldsSpec(d.inputs),
      outputs: {
        properties: { items: { type: "array", items: { $ref: `#/types/${itemType}` }, description: "One entry per object." } },
        required: ["items"],
      },
    };
  }
  return schema;
}

let cached: string | undefined;
/** The schema as JSON text, for the plugin's version (package.json). */
export function packageSchemaText(): string {
  cached ??= JSON.stringify(withFunctions(packageSchema({ version: require("../../../package.json").version as string })), null, 2);
  return cached;
}
