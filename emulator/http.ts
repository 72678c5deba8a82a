// Request bodies in, JSON responses out: shared by the API (server.ts) and the control endpoints (control.ts).
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError } from "./errors";

/** A response ready to send: the body is serialized when the handler returns, so later changes cannot leak in. */
export interface Outgoing {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function jsonOutgoing(status: number, body: unknown, headers: Record<string, string> = {}): Outgoing {
  return { status, headers: { "Content-Type": "application/json; charset=utf-8", ...headers }, body: JSON.stringify(body) };
}

export function send(res: ServerResponse, outgoing: Outgoing): void {
  if (res.destroyed) return;
  res.writeHead(outgoing.status, { ...outgoing.headers, "Content-Length": Buffer.byteLength(outgoing.body) });
  res.end(outgoing.body);
}

/** The raw body, or `tooLarge` once it passes `maxBytes` (the rest is read and discarded). */
function readBody(req: IncomingMessage, maxBytes: number): Promise<{ text: string; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on("end", () => resolve({ text: Buffer.concat(chunks).toString("utf8"), tooLarge: size > maxBytes }));
    req.on("error", reject);
  });
}

/** Parses a request body: empty → undefined; malformed JSON → 400; too large → 413. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const { text, tooLarge } = await readBody(req, maxBytes);
  if (tooLarge) throw new ApiError(413, `Request body is larger than ${maxBytes} bytes (setting maxBodyBytes)`);
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, `Malformed JSON body: ${(error as Error).message}`);
  }
}

/** 404 for a path no route template matches, 405 (with `Allow`) for a method the template does not support. */
export function unrouted(method: string, path: string, match: { template?: string; allowed: string[] }): ApiError {
  if (!match.template) return new ApiError(404, `Page not found: ${path}`);
  const allowed = match.allowed.join(", ");
  return new ApiError(405, `Method ${method} is not allowed on ${match.template} (allowed: ${allowed})`, {}, { Allow: allowed });
}
