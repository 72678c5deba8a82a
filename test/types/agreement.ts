// Type-level agreement between an SDK argument type and the provider's input schema: the same keys, and values
// that each side accepts the other's. Used by args-match-schema.ts for every resource, and by the fixtures in
// test/fixtures/types/ that show it fails when a field is dropped from either side.
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";

type Keys<T> = keyof T & string;
/** The schema's input, unwrapped the same way as the arguments (pulumi.Unwrap turns `unknown` values into its own type). */
type SchemaInput<Schema extends z.ZodType> = pulumi.Unwrap<z.input<Schema>>;

/** The keys whose values one side accepts and the other refuses. */
type TypedDifferently<A, B> = {
  [K in Keys<A> & Keys<B>]-?: [A[K]] extends [B[K]] ? ([B[K]] extends [A[K]] ? never : K) : K;
}[Keys<A> & Keys<B>];

/**
 * `true` when the SDK arguments (unwrapped) and the schema's input agree; otherwise a type naming the fields
 * that only one side has, or that the two sides type differently, so the compiler's message says what broke.
 */
export type Agrees<Args, Schema extends z.ZodType> =
  [Exclude<Keys<pulumi.Unwrap<Args>>, Keys<SchemaInput<Schema>>>, Exclude<Keys<SchemaInput<Schema>>, Keys<pulumi.Unwrap<Args>>>] extends [never, never]
    ? [TypedDifferently<pulumi.Unwrap<Args>, SchemaInput<Schema>>] extends [never]
      ? true
      : { typedDifferently: TypedDifferently<pulumi.Unwrap<Args>, SchemaInput<Schema>> }
    : {
        onlyInArgs: Exclude<Keys<pulumi.Unwrap<Args>>, Keys<SchemaInput<Schema>>>;
        onlyInSchema: Exclude<Keys<SchemaInput<Schema>>, Keys<pulumi.Unwrap<Args>>>;
      };
