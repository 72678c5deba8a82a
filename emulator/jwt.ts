// HS256 JSON Web Tokens with node:crypto: enough for session tokens (BEHAVIOR.md §1.2), no library needed.
import { createHmac, timingSafeEqual } from "node:crypto";

export interface SessionClaims {
  /** The API key id. */
  sub: string;
  organization_id: string;
  iat: number;
  exp: number;
}

const HEADER = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");

function signature(signingKey: string, unsigned: string): Buffer {
  return createHmac("sha256", signingKey).update(unsigned).digest();
}

export function signToken(claims: SessionClaims, signingKey: string): string {
  const unsigned = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
  return `${unsigned}.${signature(signingKey, unsigned).toString("base64url")}`;
}

/** The claims of a token this emulator signed, expired or not; or why it is not one. */
export type SignatureCheck = { claims: SessionClaims } | { problem: "jwt malformed" | "invalid signature" };

export function checkSignature(token: string, signingKey: string): SignatureCheck {
  const parts = token.split(".");
  if (parts.length !== 3) return { problem: "jwt malformed" };
  const [header, payload, sent] = parts;
  const expected = signature(signingKey, `${header}.${payload}`);
  const given = Buffer.from(sent, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { problem: "invalid signature" };
  try {
    return { claims: JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) };
  } catch {
    return { problem: "jwt malformed" };
  }
}

/** Verified, unexpired claims, or the reason the token is refused (Feathers/jsonwebtoken wording). */
export type TokenCheck = SignatureCheck | { problem: "jwt expired" };

export function verifyToken(token: string, signingKey: string, nowSeconds: number): TokenCheck {
  const check = checkSignature(token, signingKey);
  if ("problem" in check) return check;
  if (typeof check.claims.exp !== "number" || nowSeconds >= check.claims.exp) return { problem: "jwt expired" };
  return check;
}
