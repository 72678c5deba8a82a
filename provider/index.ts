// pulumi-didomi/provider: the implementation that the serialized provider shim (sdk/provider-shim.ts)
// loads by package name inside Pulumi's dynamic-provider process. One provider per resource kind.
import type * as pulumi from "@pulumi/pulumi";
import { resourceFields, type ResourceKind } from "../fields";
import { secretPaths } from "../fields/define";
import { rememberSecret, scrubSecrets } from "./client/redact";
import { compact } from "./lifecycle";
import { apiKeyProvider } from "./resources/api-key";
import { deploymentProvider } from "./resources/deployment";
import { domainProvider } from "./resources/domain";
import { noticeProvider } from "./resources/notice";
import { noticeConfigProvider } from "./resources/notice-config/provider";
import { noticeTemplateProvider } from "./resources/notice-template";
import { purposeProvider } from "./resources/purpose";
import { purposeGroupProvider } from "./resources/purpose-group";
import { secretProvider } from "./resources/secret";
import { vendorProvider } from "./resources/vendor";

export { configure } from "./config";
export { lookups } from "./lookups";

type Method = "check" | "diff" | "create" | "read" | "update" | "delete";

/** Remembers the values at `paths` (`value`, `connection.apiSecret`) in each argument (old outputs, new inputs). */
function rememberSecretFields(args: unknown[], paths: readonly string[]): void {
  for (const arg of args) {
    for (const path of paths) {
      rememberSecret(path.split(".").reduce<unknown>((value, key) => (value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined), arg));
    }
  }
}

/**
 * The provider as the plugin sees it; two guarantees hold here, once, for every resource:
 * - Results cross the plugin's protobuf Struct, which cannot carry `undefined`: one absent optional value (an
 *   organization id left unset) and the plugin fails with "Unexpected struct type" instead of showing our message.
 * - The plugin prints a failed call's error and stack. The secret outputs held in the state (the fields with the
 *   `secret` trait, read back in a new process) are remembered before each call, and every error is scrubbed of every known secret.
 */
function forThePlugin<I, O>(kind: ResourceKind, provider: pulumi.dynamic.ResourceProvider<I, O>): pulumi.dynamic.ResourceProvider<I, O> {
  const resource = resourceFields[kind];
  const secrets = [...secretPaths(resource.inputs), ...secretPaths(resource.outputs)];
  const safe: Record<string, unknown> = {};
  for (const [method, implementation] of Object.entries(provider) as [Method, (...args: unknown[]) => Promise<unknown>][]) {
    safe[method] = async (...args: unknown[]) => {
      rememberSecretFields(args, secrets);
      try {
        return compact(await implementation(...args));
      } catch (error) {
        if (error instanceof Error) {
          error.message = scrubSecrets(error.message);
          if (error.stack) error.stack = scrubSecrets(error.stack);
          // a partial create's reasons travel to the engine too (lifecycle.ts partialCreate)
          const partial = error as Error & { reasons?: unknown };
          if (Array.isArray(partial.reasons)) partial.reasons = partial.reasons.map((reason) => scrubSecrets(String(reason)));
        }
        throw error;
      }
    };
  }
  return safe as unknown as pulumi.dynamic.ResourceProvider<I, O>;
}

export const providers = {
  Domain: forThePlugin("Domain", domainProvider),
  ApiKey: forThePlugin("ApiKey", apiKeyProvider),
  Secret: forThePlugin("Secret", secretProvider),
  Notice: forThePlugin("Notice", noticeProvider),
  NoticeConfig: forThePlugin("NoticeConfig", noticeConfigProvider),
  Deployment: forThePlugin("Deployment", deploymentProvider),
  Vendor: forThePlugin("Vendor", vendorProvider),
  Purpose: forThePlugin("Purpose", purposeProvider),
  PurposeGroup: forThePlugin("PurposeGroup", purposeGroupProvider),
  NoticeTemplate: forThePlugin("NoticeTemplate", noticeTemplateProvider),
} satisfies Record<ResourceKind, pulumi.dynamic.ResourceProvider>;

export type { ResourceKind } from "../fields";
