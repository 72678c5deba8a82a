// The shape of emulator/contract/schemas.json: what scripts/generate-emulator-contract.ts writes and
// emulator/contract/index.ts reads. Only what validation needs; no prose from openapi.yml.

export interface FieldContract {
  type: "string" | "number" | "integer" | "boolean" | "object" | "array";
  /** `null` is accepted in place of a value. */
  nullable?: boolean;
  /** The only values accepted (never contains null: a null in openapi.yml's enum becomes `nullable`). */
  enum?: Array<string | number | boolean>;
  /** The one format the emulator checks. */
  format?: "date-time";
  /** Arrays: the contract of every item. */
  items?: FieldContract;
  /** Objects: declared fields. Absent means an opaque object (`config`, `custom_json`) that accepts any JSON object. */
  properties?: Record<string, FieldContract>;
  /** Objects: fields that must be present (skipped in partial mode). */
  required?: string[];
}
