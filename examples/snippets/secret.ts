// Secret: Didomi generates the value; it is a secret output (encrypted in the state, never logged).
import * as didomi from "pulumi-didomi";

export const userIdHashing = new didomi.Secret("user-id-hashing", {
  name: "user-id-hashing",
  description: "Hashes user ids for SDK user authentication",
});
