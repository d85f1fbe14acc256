// The vocabulary every kind is declared in (provider/model/kinds/*): fields with their type, docs,
// marks and defaults. Everything else about a kind's fields is derived from its declaration: the
// TypeScript input and output types (Shape below), the shape check of inputs (shape.ts), the
// dynamic resources' Args, secrets and replace marks, the Pulumi package schema and the parts of
// the YAML stack schema that describe the same fields. No Pulumi, no ajv here: plain data.

import type { NameKind } from "./names";
import type { Kind } from "./types";

/** What every field says about itself. */
export interface FieldMarks {
  /** What the field means: shown in editors, SDK docs, the package schema and the YAML schema. */
  doc: string;
  /** A short label (the YAML schema's `title`); defaults to the field's key. */
  title?: string;
  /** One value as a user writes it (editor hovers, the YAML schema's `examples`). */
  example?: unknown;
  /** The object cannot exist without it. */
  required?: boolean;
  /** A Pulumi secret: encrypted in the state, never an output, masked in every message. */
  secret?: boolean;
  /** Changing it needs a new object (delete, then create). */
  replaceOnChange?: boolean;
  /** Never compared by diff: bookkeeping, or a field that only matters at create. */
  notCompared?: boolean;
  /** The value LINSTOR or the provider uses when the field is left out (documentation and schemas). */
  default?: string | number | boolean;
}

export interface StringField extends FieldMarks {
  type: "string";
  /** A regular expression the whole text must match, and what it means in words (shown when it does not). */
  pattern?: string;
  patternHint?: string;
}
/** A LINSTOR object name, checked by the naming rules of its kind (model/names.ts). */
export interface NameField extends FieldMarks { type: "name"; name: NameKind }
export interface IntegerField extends FieldMarks { type: "integer"; min: number; max: number }
export interface BooleanField extends FieldMarks { type: "boolean" }
/** One of fixed words; matched case-insensitively and kept in the declared spelling. */
export interface EnumField<V extends string = string> extends FieldMarks { type: "enum"; values: readonly V[] }
/** A size as the linstor client reads it ("150M", "10GiB"); parsed into KiB by model/sizes.ts (a bare number is refused with a hint). */
export interface SizeField extends FieldMarks { type: "size" }
/** LINSTOR properties: a flat map of string values, each checked against the controller's rule. */
export interface PropsField extends FieldMarks { type: "props" }
export interface ListField<I extends Field = Field> extends FieldMarks { type: "list"; items: I; minItems?: number }
export interface ObjectField<F extends FieldSet = FieldSet> extends FieldMarks {
  type: "object";
  /** Name of the object type in the package schema and SDKs (`linstor:index:<typeName>`). */
  typeName: string;
  fields: F;
}

export type Field = StringField | NameField | IntegerField | BooleanField | EnumField | SizeField | PropsField | ListField | ObjectField;
export type FieldSet = Readonly<Record<string, Field>>;

/** One kind, declared once. */
export interface KindDeclaration<I extends FieldSet = FieldSet, O extends FieldSet = FieldSet> {
  kind: Kind;
  doc: string;
  /** How the Pulumi id (and the import id) of an object is written, e.g. `<node>/<name>`. */
  idFormat: string;
  /** What a program gives. */
  inputs: I;
  /** What the provider reports besides the inputs (read from the controller or the host). */
  outputs: O;
}

// ------------------------------------------------------------------------------------------------
// Builders: a field is `f.<type>(doc, marks)`; the marks' literal types flow into Shape.
// ------------------------------------------------------------------------------------------------

type Marks = Omit<FieldMarks, "doc">;

export const f = {
  string: <const M extends Marks & { pattern?: string; patternHint?: string }>(doc: string, marks?: M) =>
    ({ type: "string", doc, ...marks }) as StringField & M,
  name: <const M extends Marks>(name: NameKind, doc: string, marks?: M) => ({ type: "name", name, doc, ...marks }) as NameField & M,
  integer: <const M extends Marks>(min: number, max: number, doc: string, marks?: M) =>
    ({ type: "integer", min, max, doc, ...marks }) as IntegerField & M,
  boolean: <const M extends Marks>(doc: string, marks?: M) => ({ type: "boolean", doc, ...marks }) as BooleanField & M,
  enum: <const V extends string, const M extends Marks>(values: readonly V[], doc: string, marks?: M) =>
    ({ type: "enum", values, doc, ...marks }) as EnumField<V> & M,
  size: <const M extends Marks>(doc: string, marks?: M) => ({ type: "size", doc, ...marks }) as SizeField & M,
  props: <const M extends Marks>(doc: string, marks?: M) => ({ type: "props", doc, ...marks }) as PropsField & M,
  list: <I extends Field, const M extends Marks & { minItems?: number }>(items: I, doc: string, marks?: M) =>
    ({ type: "list", items, doc, ...marks }) as ListField<I> & M,
  object: <F extends FieldSet, const M extends Marks>(typeName: string, fields: F, doc: string, marks?: M) =>
    ({ type: "object", typeName, fields, doc, ...marks }) as ObjectField<F> & M,
};

// ------------------------------------------------------------------------------------------------
// Types derived from declarations.
// ------------------------------------------------------------------------------------------------

/** The TypeScript value of one field (as normalized: enums in the declared spelling). */
export type ValueOf<F> =
  F extends { type: "string" | "name" } ? string :
  F extends { type: "integer" } ? number :
  F extends { type: "boolean" } ? boolean :
  F extends { type: "enum"; values: readonly (infer V)[] } ? V :
  F extends { type: "size" } ? string | number :
  F extends { type: "props" } ? Record<string, string> :
  F extends { type: "list"; items: infer I } ? ValueOf<I>[] :
  F extends { type: "object"; fields: infer S } ? Shape<S> :
  never;

/** Keys of the fields marked required. */
export type RequiredKeys<S> = { [K in keyof S]: S[K] extends { required: true } ? K : never }[keyof S];
export type OptionalKeys<S> = Exclude<keyof S, RequiredKeys<S>>;
export type Flat<T> = { [K in keyof T]: T[K] };
/** True when the field is secret or holds a secret field below it. */
export type HoldsSecret<F> =
  F extends { secret: true } ? true :
  F extends { type: "object"; fields: infer S } ? (true extends { [K in keyof S]: HoldsSecret<S[K]> }[keyof S] ? true : false) :
  false;

/** The object a field set describes: required fields present, the others optional. */
export type Shape<S> = Flat<{ [K in RequiredKeys<S>]: ValueOf<S[K]> } & { [K in OptionalKeys<S>]?: ValueOf<S[K]> }>;

/** The inputs of a declared kind, as its normalize returns them. */
export type InputsOf<D extends KindDeclaration> = Shape<D["inputs"]>;
/** The outputs of a declared kind besides its inputs. */
export type OutputsOf<D extends KindDeclaration> = Shape<D["outputs"]>;

// ------------------------------------------------------------------------------------------------
// Lists derived from declarations (dot paths for nested fields: `ssh.privateKey`).
// ------------------------------------------------------------------------------------------------

/** Dot paths of the fields (at any depth below objects) whose marks satisfy `test`. */
export function fieldPaths(fields: FieldSet, test: (field: Field) => boolean, prefix = ""): string[] {
  const out: string[] = [];
  for (const [key, field] of Object.entries(fields)) {
    if (test(field)) out.push(prefix + key);
    if (field.type === "object") out.push(...fieldPaths(field.fields, test, `${prefix}${key}.`));
  }
  return out;
}

/** Top-level input fields whose change replaces the object. */
export function replaceOnChanges(decl: KindDeclaration): string[] {
  return Object.keys(decl.inputs).filter((k) => decl.inputs[k].replaceOnChange);
}

/** Secret input fields as dot paths. */
export function secretInputs(decl: KindDeclaration): string[] {
  return fieldPaths(decl.inputs, (field) => field.secret === true);
}

/** Top-level input fields diff never compares. */
export function notComparedInputs(decl: KindDeclaration): string[] {
  return Object.keys(decl.inputs).filter((k) => decl.inputs[k].notCompared);
}

/** Names of the outputs a kind reports besides its inputs. */
export function outputNames(decl: KindDeclaration): string[] {
  return Object.keys(decl.outputs);
}
