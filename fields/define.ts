// How a resource's fields are declared: once each, with a zod type, TSDoc and lifecycle traits. The SDK's
// argument and output types, the provider's validation and diff rules, and the reference docs
// (scripts/generate-docs.ts) all derive from these tables. Neither sdk/ nor provider/ is imported here.
//
// A table is a class whose properties are fields (like a Go struct with tags in pulumi-go-provider's `infer`):
// a class, not an object literal, because TypeScript keeps the TSDoc of a class's properties in the SDK's `.d.ts`
// (an IDE hover shows it) and drops that of an object literal's spread properties.
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

/** What the provider does with a field, beyond validating it. */
export interface Traits {
  /** A change cannot be applied in place: the object is replaced. */
  replaceOnChange?: boolean;
  /**
   * Part of the key by which the object is found (adoption, lost responses) and that Didomi holds unique: a
   * replacement that keeps it deletes the old object first.
   */
  naturalKey?: boolean;
  /** Steers the provider only (`adopt`, timeouts, `baseUrl`): never sent to Didomi, kept as is by a refresh. */
  providerOnly?: boolean;
  /** Removing the field from the program clears it in Didomi (sends `null`); otherwise the server value stays. */
  clearable?: boolean;
  /** An array whose order carries no meaning (a set). */
  unordered?: boolean;
  /** An object Didomi stores verbatim, passed through: its keys are neither checked nor converted to snake_case. */
  opaque?: boolean;
  /** A secret: stored encrypted in the state and scrubbed from every message. */
  secret?: boolean;
  /** Didomi's name for the field, when it is not the field's name in snake_case (`purposeIds` → `default_purposes_id`). */
  apiName?: string;
}

export interface Field<S extends z.ZodType = z.ZodType> {
  schema: S;
  traits: Traits;
  /** For a nested object ({@link group}) or a list of them ({@link listOf}): their own field table. */
  fields?: Fields;
}

/** A field table as the runtime reads it (generic code takes any object whose values are fields, classes included). */
export type FieldTable = Record<string, Field>;
/** The constraint of a field table in types: classes (whose TSDoc survives declaration emit) have no index signature. */
export type Fields = object;

/** Declares one field. */
export function field<S extends z.ZodType>(schema: S, traits: Traits = {}): Field<S> {
  return { schema, traits };
}

/** An optional nested object (a vendor's namespaces), declared as a field table of its own. */
export function group<F extends Fields>(fields: F, traits: Traits = {}): Field<z.ZodOptional<z.ZodObject<ShapeOf<F>>>> & { fields: F } {
  return { schema: objectOf(fields).optional(), traits, fields };
}

/** An optional list of nested objects (regulation configurations), each declared as a field table of its own. */
export function listOf<F extends Fields>(fields: F): Field<z.ZodOptional<z.ZodArray<z.ZodObject<ShapeOf<F>>>>> & { fields: F } {
  return { schema: z.array(objectOf(fields)).optional(), traits: {}, fields };
}

/** The zod shape of a field table. */
export type ShapeOf<F extends Fields> = { [K in keyof F]: F[K] extends Field<infer S> ? S : never };

/** The zod object of a field table. */
export function objectOf<F extends Fields>(fields: F): z.ZodObject<ShapeOf<F>> {
  return z.object(Object.fromEntries(Object.entries(fields as FieldTable).map(([name, f]) => [name, f.schema])) as ShapeOf<F>);
}

/** One resource: its Pulumi type name, its inputs, and the outputs Didomi computes (or that differ in type from the input's). */
export interface ResourceFields<I extends Fields = FieldTable, O extends Fields = FieldTable> {
  kind: string;
  inputs: I;
  outputs: O;
  /** Whether the natural key is unique within the organization (it then includes `organizationId`) or across Didomi. */
  uniqueWithin: "organization" | "didomi";
}

// ---- types derived from a table --------------------------------------------------------------------------

/** The plain values a table accepts (what the provider receives, once the engine has resolved every input). */
export type PlainInputs<F extends Fields> = z.input<z.ZodObject<ShapeOf<F>>>;

/** `pulumi.Input` at every depth: a value, a promise or an output, for each field, array item and nested field. */
export type DeepInput<T> = pulumi.Input<Deep<T>>;
type Deep<T> = T extends readonly (infer E)[]
  ? DeepInput<E>[]
  : T extends Record<string, unknown>
    ? { [K in keyof T]: DeepInput<Exclude<T[K], undefined>> }
    : T;

/** The SDK arguments of a table: each field a `pulumi.Input`, nested ones too; optional fields stay optional. */
export type ArgsOf<F extends Fields> = { [K in keyof PlainInputs<F>]: DeepInput<Exclude<PlainInputs<F>[K], undefined>> };

type PlainOutputs<R extends ResourceFields<Fields, Fields>> = Omit<z.output<z.ZodObject<ShapeOf<R["inputs"]>>>, keyof R["outputs"]> &
  z.output<z.ZodObject<ShapeOf<R["outputs"]>>>;

/** The outputs of a resource, as the SDK class exposes them: every input, then what Didomi computes. */
export type OutputsOf<R extends ResourceFields<Fields, Fields>> = { readonly [K in keyof PlainOutputs<R>]-?: pulumi.Output<PlainOutputs<R>[K]> };

/** The plain inputs of a resource, as its provider receives them. */
export type InputsOf<R extends ResourceFields<Fields, Fields>> = PlainInputs<R["inputs"]>;

/** The values a provider holds as outputs (state). */
export type StateOf<R extends ResourceFields<Fields, Fields>> = PlainInputs<R["inputs"]> & z.output<z.ZodObject<ShapeOf<R["outputs"]>>>;

// ---- lists derived from a table ----------------------------------------------------------------------------

/** The names of the fields of `fields` that have `trait`. */
export function withTrait(fields: Fields, trait: keyof Traits): string[] {
  return Object.entries(fields as FieldTable).filter(([, f]) => f.traits[trait]).map(([name]) => name);
}

/** Every output name of a resource, inputs first: a dynamic resource exposes exactly the keys of its props. */
export function outputNames(resource: ResourceFields<Fields, Fields>): string[] {
  return [...new Set([...Object.keys(resource.inputs), ...Object.keys(resource.outputs)])];
}

/** The paths of secret fields, nested ones included: `value`, `connection.apiSecret`. */
export function secretPaths(fields: Fields): string[] {
  return Object.entries(fields as FieldTable).flatMap(([name, f]) => [
    ...(f.traits.secret ? [name] : []),
    ...(f.fields ? secretPaths(f.fields).map((path) => `${name}.${path}`) : []),
  ]);
}

/** The outputs Pulumi must store encrypted: each secret field, and each object holding one (`connection`). */
export function secretOutputs(resource: ResourceFields<Fields, Fields>): string[] {
  return [...new Set([...secretPaths(resource.inputs), ...secretPaths(resource.outputs)].map((path) => path.split(".")[0]!))];
}

/** The names of opaque fields at every depth: their contents keep their keys as they are. */
export function opaqueFields(fields: Fields): string[] {
  return [...new Set(Object.entries(fields as FieldTable).flatMap(([name, f]) => [...(f.traits.opaque ? [name] : []), ...(f.fields ? opaqueFields(f.fields) : [])]))];
}
