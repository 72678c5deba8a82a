// pulumi-didomi/provider: the implementation that the serialized provider shim (sdk/provider-shim.ts)
// loads by package name inside Pulumi's dynamic-provider process. One provider per resource kind.
import type * as pulumi from "@pulumi/pulumi";
import { apiKeyProvider } from "./resources/api-key";
import { deploymentProvider } from "./resources/deployment";
import { domainProvider } from "./resources/domain";
import { noticeProvider } from "./resources/notice";
import { noticeConfigProvider } from "./resources/notice-config";
import { secretProvider } from "./resources/secret";

export { configure } from "./config";

export const providers = {
  Domain: domainProvider,
  ApiKey: apiKeyProvider,
  Secret: secretProvider,
  Notice: noticeProvider,
  NoticeConfig: noticeConfigProvider,
  Deployment: deploymentProvider,
} satisfies Record<string, pulumi.dynamic.ResourceProvider>;

export type ResourceKind = keyof typeof providers;
