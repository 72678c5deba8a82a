// POST /sessions (BEHAVIOR.md §1.2, §2): API key + secret → a JWT. Every failure is the same 400, so a caller cannot
// tell a wrong secret from an unknown or disabled key.
import { timingSafeEqual } from "node:crypto";
import { badRequest } from "../errors";
import { signToken } from "../jwt";
import { created, validated, type PublicContext, type Route } from "./context";

const INVALID = "Invalid authentication information";

function sameSecret(sent: string, stored: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}

function createSession(ctx: PublicContext) {
  let input;
  try {
    input = validated(ctx, "sessions-input", ctx.body, { secretFields: ["secret"] });
  } catch (error) {
    // Keep the field names (never the values) so a caller sees what was missing.
    throw badRequest(INVALID, (error as { errors?: Record<string, unknown> }).errors);
  }
  const { type, key, secret } = input as { type: string; key: string; secret: string };
  const apiKey = ctx.store.state.apiKeys.get(key);
  if (type !== "api-key" || !apiKey || !apiKey.enabled || !sameSecret(secret, apiKey.secret)) throw badRequest(INVALID);
  const iat = Math.floor(ctx.now / 1000);
  const accessToken = signToken(
    { sub: apiKey.id, organization_id: apiKey.organization_id, iat, exp: iat + ctx.settings.tokenTtlSeconds },
    ctx.store.state.signingKey,
  );
  return created(ctx, { type, key, access_token: accessToken });
}

export const sessionRoutes: Route[] = [{ method: "POST", path: "/v1/sessions", public: true, handler: createSession }];
