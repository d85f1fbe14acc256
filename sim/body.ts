// Strict request-body parsing like the controller's Jackson ObjectMapper: invalid JSON or an
// unknown field anywhere gives API_CALL_PARSE_ERROR "Unable to parse input json." (400 or 500 by
// handler, parseerrors.ts); scalars are coerced to the field's type as Jackson does.
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

/**
 * Checks one value against a schema type and returns it coerced as Jackson's default mapper does
 * (MapperFeature.ALLOW_COERCION_OF_SCALARS): "2" → 2 for numbers, "true" → true for booleans,
 * scalars → strings for string fields and property maps; "2.5" for an integer is an error.
 */
function check(value: unknown, type: string, where: string): unknown {
  if (value === null || value === undefined) return value;
  if (type === "any") return value;
  if (type.startsWith("array:")) {
    if (!Array.isArray(value)) throw new ParseError(`Cannot deserialize value of type \`java.util.ArrayList\` from ${describe(value)} (through reference chain: ${where})`);
    return value.map((v, i) => check(v, type.slice(6), `${where}[${i}]`));
  }
  if (type.startsWith("ref:")) return checkSchema(value, type.slice(4), where);
  if (type === "map") {
    if (typeof value !== "object" || Array.isArray(value)) throw new ParseError(`Cannot deserialize value of type \`java.util.HashMap\` from ${describe(value)} (through reference chain: ${where})`);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = v !== null && typeof v !== "object" ? String(v) : v;
    return out;
  }
  // scalars: Jackson coerces between scalar kinds, but never from objects or arrays
  if (typeof value === "object") throw new ParseError(`Cannot deserialize value of type \`${javaType(type)}\` from ${describe(value)} (through reference chain: ${where})`);
  if (type === "integer") {
    const n = typeof value === "string" ? (/^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN) : typeof value === "number" ? value : typeof value === "boolean" ? NaN : NaN;
    if (typeof value === "number" && !Number.isInteger(value)) return Math.trunc(value); // Jackson truncates a JSON float for an int field
    if (Number.isNaN(n)) throw new ParseError(`Cannot deserialize value of type \`java.lang.Integer\` from ${typeof value === "string" ? `String "${value}": not a valid \`java.lang.Integer\` value` : describe(value)} (through reference chain: ${where})`);
    return n;
  }
  if (type === "number") {
    const n = typeof value === "string" ? Number(value) : value;
    if (typeof n !== "number" || Number.isNaN(n)) throw new ParseError(`Cannot deserialize value of type \`java.lang.Double\` from String "${String(value)}": not a valid \`Double\` value (through reference chain: ${where})`);
    return n;
  }
  if (type === "boolean") {
    if (typeof value === "boolean") return value;
    if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === "true";
    if (typeof value === "number") return value !== 0;
    throw new ParseError(`Cannot deserialize value of type \`java.lang.Boolean\` from String "${String(value)}": only "true" or "false" recognized (through reference chain: ${where})`);
  }
  if (type === "string") return typeof value === "string" ? value : String(value);
  return value;
}

function javaType(type: string): string {
  return { integer: "java.lang.Integer", number: "java.lang.Double", boolean: "java.lang.Boolean", string: "java.lang.String" }[type] ?? type;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return "Array value (token `JsonToken.START_ARRAY`)";
  if (typeof v === "object") return "Object value (token `JsonToken.START_OBJECT`)";
  return `${typeof v} value`;
}

export function checkSchema(value: unknown, schema: string, where = javaClass(schema)): unknown {
  const fields = BODY_SCHEMAS[schema];
  if (!fields) return value;
  if (fields.__type) return check(value, fields.__type, where);
  if (value === null || value === undefined) return value;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new ParseError(`Cannot construct instance of \`${javaClass(schema)}\`: no suitable creator for ${describe(value)}`);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const t = fields[k];
    if (!t) {
      throw new ParseError(
        `Unrecognized field "${k}" (class ${javaClass(schema)}), not marked as ignorable (${Object.keys(fields).length} known properties: ${Object.keys(fields)
          .map((f) => `"${f}"`)
          .join(", ")}])`,
      );
    }
    out[k] = check(v, t, `${javaClass(schema)}["${k}"]`);
  }
  return out;
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
  if (schema.startsWith("array:")) return check(v, `array:ref:${schema.slice(6)}`, "java.util.ArrayList");
  return checkSchema(v, schema);
}
