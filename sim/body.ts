// Strict request-body parsing like the controller's Jackson ObjectMapper: invalid JSON or an
// unknown field anywhere gives HTTP 400 with API_CALL_PARSE_ERROR "Unable to parse input json.".
import { API_CALL_PARSE_ERROR, RcError } from "./apicallrc";
import { BODY_SCHEMAS } from "./bodyschemas";

export class ParseError extends RcError {
  constructor(detail: string) {
    super(API_CALL_PARSE_ERROR, "Unable to parse input json.", { details: detail });
  }
}

function javaClass(schema: string): string {
  return `com.linbit.linstor.api.rest.v1.serializer.JsonGenTypes$${schema}`;
}

function check(value: unknown, type: string, where: string): void {
  if (value === null || value === undefined) return;
  if (type === "any") return;
  if (type.startsWith("array:")) {
    if (!Array.isArray(value)) throw new ParseError(`Cannot deserialize value of type \`java.util.ArrayList\` from ${describe(value)} (through reference chain: ${where})`);
    value.forEach((v, i) => check(v, type.slice(6), `${where}[${i}]`));
    return;
  }
  if (type.startsWith("ref:")) {
    checkSchema(value, type.slice(4), where);
    return;
  }
  if (type === "map") {
    if (typeof value !== "object" || Array.isArray(value)) throw new ParseError(`Cannot deserialize value of type \`java.util.HashMap\` from ${describe(value)} (through reference chain: ${where})`);
    return;
  }
  // scalars: Jackson coerces between scalar kinds, but never from objects or arrays
  if (typeof value === "object") throw new ParseError(`Cannot deserialize value of type \`${type}\` from ${describe(value)} (through reference chain: ${where})`);
  if ((type === "integer" || type === "number") && typeof value === "string" && !/^-?\d+(\.\d+)?$/.test(value)) {
    throw new ParseError(`Cannot deserialize value of type \`${type === "integer" ? "long" : "double"}\` from String "${value}": not a valid representation (through reference chain: ${where})`);
  }
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return "Array value (token `JsonToken.START_ARRAY`)";
  if (typeof v === "object") return "Object value (token `JsonToken.START_OBJECT`)";
  return `${typeof v} value`;
}

export function checkSchema(value: unknown, schema: string, where = javaClass(schema)): void {
  const fields = BODY_SCHEMAS[schema];
  if (!fields) return;
  if (fields.__type) {
    check(value, fields.__type, where);
    return;
  }
  if (value === null || value === undefined) return;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new ParseError(`Cannot construct instance of \`${javaClass(schema)}\`: no suitable creator for ${describe(value)}`);
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const t = fields[k];
    if (!t) {
      throw new ParseError(
        `Unrecognized field "${k}" (class ${javaClass(schema)}), not marked as ignorable (${Object.keys(fields).length} known properties: ${Object.keys(fields)
          .map((f) => `"${f}"`)
          .join(", ")}])`,
      );
    }
    check(v, t, `${javaClass(schema)}["${k}"]`);
  }
}

/** Parses a request body against a schema name (or "array:Schema"). Empty body → undefined. */
export function parseBody(raw: Buffer, schema: string): unknown {
  const text = raw.toString("utf8");
  if (text.trim() === "") return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ParseError((e as Error).message);
  }
  if (schema.startsWith("array:")) check(v, `array:ref:${schema.slice(6)}`, "java.util.ArrayList");
  else checkSchema(v, schema);
  return v;
}
