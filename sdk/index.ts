// pulumi-didomi: Didomi consent configuration as Pulumi resources.
//   import * as didomi from "pulumi-didomi";
export * from "./api-key";
export type { AdoptableArgs, DidomiResourceArgs } from "./common";
export * from "./consent-notice";
export * from "./deployment";
export * from "./domain";
export * from "./lookups";
export * from "./notice";
export * from "./notice-config";
export * from "./notice-template";
export * from "./purpose";
export * from "./purpose-group";
export * from "./secret";
export * from "./vendor";
