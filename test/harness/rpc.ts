// The gRPC pieces the engine needs, taken from the installed @pulumi/pulumi so that the harness speaks exactly the
// protocol the SDK and the plugin speak.
import { createRequire } from "node:module";
import * as engineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineProto from "@pulumi/pulumi/proto/engine_pb";
import * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import * as resourceGrpc from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resourceProto from "@pulumi/pulumi/proto/resource_pb";
import * as statusProto from "@pulumi/pulumi/proto/status_pb";
import * as emptyProto from "google-protobuf/google/protobuf/empty_pb";
import * as structProto from "google-protobuf/google/protobuf/struct_pb";

// The generated stubs register their services with the @grpc/grpc-js they require themselves. Load that very
// instance (not whatever our own resolution finds) so servers and clients built here accept those definitions.
const requireFromStubs = createRequire(require.resolve("@pulumi/pulumi/proto/resource_grpc_pb"));
export const grpc: typeof import("@grpc/grpc-js") = requireFromStubs("@grpc/grpc-js");

export {
  emptyProto,
  engineGrpc,
  engineProto,
  providerGrpc,
  providerProto,
  resourceGrpc,
  resourceProto,
  statusProto,
  structProto,
};

type JsonWire = ReturnType<structProto.Struct["toJavaScript"]>;

/** Plain JS object → protobuf Struct (values must already be wire values: JSON-compatible). */
export function toStruct(value: Record<string, unknown>): structProto.Struct {
  return structProto.Struct.fromJavaScript(value as JsonWire);
}

/** Binds a gRPC server on a free loopback port and returns it with its address. */
export async function startServer(
  register: (server: import("@grpc/grpc-js").Server) => void,
): Promise<{ server: import("@grpc/grpc-js").Server; address: string }> {
  // The SDK may send very large requests (a __provider per resource); allow what the engine allows.
  const maxMessage = 400 * 1024 * 1024;
  const server = new grpc.Server({
    "grpc.max_receive_message_length": maxMessage,
    "grpc.max_send_message_length": maxMessage,
  });
  register(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return { server, address: `127.0.0.1:${port}` };
}

/** The text of a gRPC error as the Go engine sees it: the status message, without Node's "2 UNKNOWN: " prefix. */
export function grpcErrorMessage(err: unknown): string {
  if (err && typeof err === "object" && "details" in err && typeof err.details === "string") return err.details;
  return err instanceof Error ? err.message : String(err);
}
