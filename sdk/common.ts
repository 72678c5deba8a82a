import type * as pulumi from "@pulumi/pulumi";

/** Arguments every Didomi resource accepts, on top of its own. */
export interface DidomiResourceArgs {
  /**
   * The Didomi organization that owns the object.
   *
   * @default the stack config `didomi:organizationId`, else the environment variable `DIDOMI_ORGANIZATION_ID`
   * @example "acme-staging"
   *
   * Caution: changing it replaces the object (it is deleted from the old organization and created in the new one).
   */
  organizationId?: pulumi.Input<string>;
  /**
   * The Didomi API base URL, to target the local emulator or another Didomi environment for this resource only.
   *
   * @default the stack config `didomi:baseUrl`, else `DIDOMI_BASE_URL`, else `https://api.didomi.io/v1`
   * @example "http://127.0.0.1:8787/v1"
   */
  baseUrl?: pulumi.Input<string>;
}

/** Arguments of resources whose existing objects can be taken over by Pulumi. */
export interface AdoptableArgs {
  /**
   * Take over an object that already exists with the same natural key instead of failing. Only used at
   * creation; `pulumi import` cannot work for dynamic providers, so this is how existing objects come under
   * Pulumi's management.
   *
   * @default false
   */
  adopt?: pulumi.Input<boolean>;
}

/** The Pulumi type module of every resource: tokens read `pulumi-nodejs:dynamic/didomi:<Kind>`. */
export const TYPE_MODULE = "didomi";

/**
 * The props of a dynamic resource: a dynamic resource exposes exactly the keys of its props as outputs,
 * so every output is listed (as undefined, filled in by the provider), then the user's arguments.
 */
export function propsWithOutputs(args: object, outputs: readonly string[]): Record<string, unknown> {
  return { ...Object.fromEntries(outputs.map((name) => [name, undefined])), ...args };
}
