// pulumi-didomi's one Didomi API client: what the provider's resources (and later the export and drift tools) use.
// How it behaves: docs/client.md.
export { DidomiClient, getClient, type ClientOptions, type CreateOptions, type RequestOptions } from "./client";
export type { Query, QueryValue } from "./query";
export { byId, type CollectionView } from "./views";
export type { Log } from "./retry";
export * from "./errors";
export * from "./schemas";
export { camelToSnake, fromApiCase, snakeToCamel, toApiCase } from "./case";

/** `collectionPath/<id>` with the id URL-encoded: callers build item paths with this (a domain id is an FQDN). */
export function itemPath(collectionPath: string, id: string): string {
  return `${collectionPath}/${encodeURIComponent(id)}`;
}
