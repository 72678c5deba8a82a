// One HTTP exchange with Didomi, over got: no retries, no auth, no rate limit (the client layers those on top).
//
// got 14 is ESM-only; `import got from "got"` compiles to `require("got")`, which Node ≥ 20.19 allows. The got
// instance is made by `createTransport`, called lazily by `getClient`, never when a module is imported.
import type { IncomingHttpHeaders } from "node:http";
import got, { type Got } from "got";
import { ConnectionError, TimeoutError } from "./errors";
import { settingName } from "./settings";

export interface HttpRequest {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Relative to the base URL, starting with "/": "/domains", "/widgets/notices/configs/abc". */
  path: string;
  query?: URLSearchParams;
  headers: Record<string, string>;
  body?: Record<string, unknown>;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, the raw text when the body is not JSON, or undefined when empty. */
  body: unknown;
}

export class Transport {
  readonly #http: Got;
  readonly #basePath: string;
  readonly #scrub: (text: string) => string;

  constructor(baseUrl: string, scrub: (text: string) => string) {
    this.#http = got.extend({
      prefixUrl: baseUrl,
      throwHttpErrors: false,
      retry: { limit: 0 },
      followRedirect: false,
      responseType: "text",
      headers: { "user-agent": "pulumi-didomi", accept: "application/json" },
    });
    this.#basePath = new URL(baseUrl).pathname.replace(/\/+$/, "");
    this.#scrub = scrub;
  }

  /** The path as the server sees it (`/v1/domains`): what error messages show. */
  displayPath(path: string): string {
    return `${this.#basePath}${path}`;
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    try {
      const response = await this.#http(request.path.slice(1), {
        method: request.method,
        headers: request.headers,
        ...(request.query ? { searchParams: request.query } : {}),
        ...(request.body ? { json: request.body } : {}),
        timeout: { request: request.timeoutMs },
      });
      return { status: response.statusCode, headers: response.headers, body: parseBody(response.body) };
    } catch (error) {
      // got's errors carry the request options, headers included: never rethrow or attach them.
      throw this.#noResponseError(request, error);
    }
  }

  #noResponseError(request: HttpRequest, error: unknown): ConnectionError | TimeoutError {
    const details = { method: request.method, path: this.displayPath(request.path) };
    const { name, code, message } = (error ?? {}) as { name?: unknown; code?: unknown; message?: unknown };
    if (name === "TimeoutError") {
      const limit = `${request.timeoutMs / 1000} s, the limit set by ${settingName("requestTimeoutSeconds")}`;
      return new TimeoutError(`${details.method} ${details.path} → no response within ${limit}`, details);
    }
    const errorCode = typeof code === "string" ? code : "UNKNOWN";
    const reason = typeof message === "string" ? `: ${this.#scrub(message)}` : "";
    return new ConnectionError(`${details.method} ${details.path} → no response (${errorCode}${reason})`, { ...details, code: errorCode });
  }
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
