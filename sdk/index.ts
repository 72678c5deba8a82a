// pulumi-didomi: the resource classes used in Pulumi programs (`import * as didomi from "pulumi-didomi"`).
export {};
