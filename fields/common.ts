// Fields every resource shares: where its object lives, and adoption.
import { z } from "zod";
import { field, group, type Fields, type ResourceFields } from "./define";

/**
 * Names and external ids are natural keys: the provider looks objects up by them in a URL query before creating
 * one, and HTTP servers refuse URLs of more than a few kilobytes (431). Didomi's contract gives no limit; this
 * one is ours (docs/resources/README.md).
 */
export const MAX_NATURAL_KEY_LENGTH = 255;
export const naturalKey = () => z.string().min(1).max(MAX_NATURAL_KEY_LENGTH);

const baseUrl = () =>
  z
    .url({
      protocol: /^https?$/,
      error: (issue) => `${JSON.stringify(issue.input)} is not an http(s) URL; use one such as "https://api.didomi.io/v1" or "http://127.0.0.1:8787/v1"`,
    })
    .optional();

/** A resource's own credentials and API, for a program that manages several organizations. */
export class ConnectionOverrides {
  /** The organization, when the resource's own `organizationId` is not set. */
  organizationId = field(naturalKey().optional());
  /** The API key id, instead of the stack config's `didomi:apiKey`. A Didomi key belongs to one organization. */
  apiKey = field(z.string().min(1).optional());
  /** The API key's secret, instead of `didomi:apiSecret`; stored encrypted in the state, never logged. */
  apiSecret = field(z.string().min(1).optional(), { secret: true });
  /** The API base URL, when the resource's own `baseUrl` is not set. */
  baseUrl = field(baseUrl());
}

/** Where the object lives: every resource accepts these. */
export class ConnectionFields {
  /**
   * The Didomi organization that owns the object.
   *
   * Caution: changing it replaces the object (it is deleted from the old organization and created in the new one).
   *
   * @default the stack config `didomi:organizationId`, else the environment variable `DIDOMI_ORGANIZATION_ID`
   * @example "acme-staging"
   */
  organizationId = field(naturalKey().optional(), { replaceOnChange: true });
  /**
   * The Didomi API base URL, to target the local emulator or another Didomi environment for this resource only.
   *
   * @default the stack config `didomi:baseUrl`, else `DIDOMI_BASE_URL`, else `https://api.didomi.io/v1`
   * @example "http://127.0.0.1:8787/v1"
   */
  baseUrl = field(baseUrl(), { providerOnly: true });
  /**
   * This resource's own connection to Didomi, field by field over the stack config (which wins over the
   * `DIDOMI_*` environment variables): how one program manages several organizations, each with its own key.
   * A changed key or secret is recorded without a request; another organization replaces the object.
   *
   * @example { organizationId: "brand-b", apiKey: "brand-b-key", apiSecret: config.requireSecret("brandBSecret") }
   */
  connection = group(new ConnectionOverrides(), { providerOnly: true });
}
export const connectionFields = new ConnectionFields();

/** For resources whose existing objects can be taken over by Pulumi. */
export class AdoptField {
  /**
   * Take over an object that already exists with the same natural key instead of failing. Only used at
   * creation; `pulumi import` cannot work for dynamic providers, so this is how existing objects come under
   * Pulumi's management.
   *
   * @default false
   */
  adopt = field(z.boolean().optional(), { providerOnly: true });
}

/** The output every resource has. */
export class OrganizationIdOutput {
  /** The organization that owns the object: the input, else the stack config's. */
  organizationId = field(z.string());
}

/** The output of resources that are Didomi objects of their own (a notice's draft configuration is not). */
export class CreatedAtOutput {
  /** When Didomi created the object (ISO date-time). */
  createdAt = field(z.string());
}


type Adoptable<A> = A extends true ? AdoptField : unknown;
type Created<C> = C extends false ? unknown : CreatedAtOutput;

/**
 * Declares a resource: its own inputs, to which the connection fields are added (and `adopt` when existing
 * objects can be taken over), and the outputs Didomi computes, to which `organizationId` is added (and `createdAt`
 * unless `createdAt` is false).
 */
export function resource<I extends Fields, O extends Fields, A extends boolean = false, C extends boolean = true>(
  kind: string,
  table: { inputs: I; outputs: O; adoptable?: A; createdAt?: C; uniqueWithin?: "organization" | "didomi" },
): ResourceFields<I & ConnectionFields & Adoptable<A>, OrganizationIdOutput & O & Created<C>> {
  return {
    kind,
    inputs: { ...table.inputs, ...connectionFields, ...(table.adoptable ? new AdoptField() : {}) } as I & ConnectionFields & Adoptable<A>,
    outputs: { ...new OrganizationIdOutput(), ...table.outputs, ...(table.createdAt === false ? {} : new CreatedAtOutput()) } as OrganizationIdOutput & O & Created<C>,
    uniqueWithin: table.uniqueWithin ?? "organization",
  };
}

