// The provider object that Pulumi serializes into the stack state (the `__provider` input of every
// resource) and evaluates in its dynamic-provider process. It must stay tiny and capture nothing but the
// resource kind: no schema, no HTTP client, no credential, no absolute path (DESIGN.md §1). At call time it
// loads the real implementation by package name; require() there resolves from the Pulumi project
// directory, so state written on one machine works on another, and upgrading the package upgrades
// `read` and `delete` of existing resources.
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../fields";

const shims = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

/** One shim per kind, so Pulumi serializes it once per program run (it caches by object). */
export function providerShim(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  let shim = shims.get(kind);
  if (!shim) {
    shim = makeShim(kind);
    shims.set(kind, shim);
  }
  return shim;
}

function makeShim(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  const call = (method: "check" | "diff" | "create" | "read" | "update" | "delete", args: unknown[]) =>
    require("pulumi-didomi/provider").providers[kind][method](...args);
  return {
    async configure(request: pulumi.dynamic.ConfigureRequest) {
      require("pulumi-didomi/provider").configure((key: string) => request.config.get(key));
    },
    check: (...args) => call("check", args),
    diff: (...args) => call("diff", args),
    create: (...args) => call("create", args),
    read: (...args) => call("read", args),
    update: (...args) => call("update", args),
    delete: (...args) => call("delete", args),
  };
}
