import * as pulumi from "@pulumi/pulumi";
import type { AdoptField, ConnectionFields } from "../fields/common";
import { outputNames, secretOutputs, secretPaths, type ArgsOf, type Fields, type ResourceFields } from "../fields/define";
import type { ResourceKind } from "../fields";
import { providerShim } from "./provider-shim";

/** Arguments every Didomi resource accepts, on top of its own. */
export type DidomiResourceArgs = ArgsOf<ConnectionFields>;

/** Arguments of resources whose existing objects can be taken over by Pulumi. */
export type AdoptableArgs = ArgsOf<AdoptField>;

/** The Pulumi type module of every resource: tokens read `pulumi-nodejs:dynamic/didomi:<Kind>`. */
export const TYPE_MODULE = "didomi";

/**
 * The arguments of `pulumi.dynamic.Resource`'s constructor for a resource of this package, from its field table:
 * - the props list every output (as undefined, filled in by the provider), then the user's arguments, because a
 *   dynamic resource exposes exactly the keys of its props as outputs;
 * - the secret outputs are stored encrypted, and so are inputs that hold a secret (`connection`, for its
 *   `apiSecret`), whether or not the program marked them secret.
 */
export function dynamicResource(
  fields: ResourceFields<Fields, Fields>,
  name: string,
  args: object,
  opts: pulumi.CustomResourceOptions | undefined,
): [pulumi.dynamic.ResourceProvider, string, Record<string, unknown>, pulumi.CustomResourceOptions, string, string] {
  const secretInputs = new Set(secretPaths(fields.inputs).map((path) => path.split(".")[0]!));
  const inputs = Object.fromEntries(
    Object.entries(args).map(([name, value]) => [name, secretInputs.has(name) && value !== undefined ? pulumi.secret(value) : value]),
  );
  const props = { ...Object.fromEntries(outputNames(fields).map((output) => [output, undefined])), ...inputs };
  const secrets = secretOutputs(fields);
  const options = secrets.length > 0 ? pulumi.mergeOptions(opts, { additionalSecretOutputs: secrets }) : (opts ?? {});
  return [providerShim(fields.kind as ResourceKind), name, props, options, TYPE_MODULE, fields.kind];
}
