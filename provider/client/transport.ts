// One HTTP exchange with Didomi, over got: no retries, no auth, no rate limit (the client layers those on top).
//
// got 14 is ESM-only; `import got from "got"` compiles to `require("got")`, which Node ≥ 20.19 allows. The got
// instance is made by `createTransport`, called lazily by `getClient`, never when a module is imported.
import type { IncomingHttpHeaders } from "node:http";
import got, { type Got } from "got";
import { ConnectionError, TimeoutError } from "./errors";
import { BASE_URL_SOURCES, settingName } from "./settings";

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
  /** The base URL as messages show it: without a user or password, without a trailing slash. */
  readonly baseUrl: string;
  readonly #http: Got;
  readonly #basePath: string;
  readonly #scrub: (text: string) => string;
  /** Operations (`GET /secrets`: method and first path segment) whose last attempt got no response. */
  readonly #unanswered = new Set<string>();

  constructor(baseUrl: string, scrub: (text: string) => string) {
    this.#http = got.extend({
      prefixUrl: baseUrl,
      throwHttpErrors: false,
      retry: { limit: 0 },
      followRedirect: false,
      responseType: "text",
      headers: { "user-agent": "pulumi-didomi", accept: "application/json" },
    });
    const url = new URL(baseUrl);
    url.username = url.password = "";
    this.baseUrl = url.href.replace(/\/+$/, "");
    this.#basePath = url.pathname.replace(/\/+$/, "");
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
      this.#unanswered.delete(operationOf(request));
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
    const operation = operationOf(request);
    const repeated = this.#unanswered.has(operation);
    this.#unanswered.add(operation);
    return new ConnectionError(
      `${details.method} ${details.path} → no response (${errorCode}${reason}) from ${this.baseUrl}${request.path}. ` +
        `Check the base URL (${BASE_URL_SOURCES}) and that the Didomi API is reachable from here`,
      { ...details, code: errorCode, repeated },
    );
  }
}

/** `GET /secrets`, `POST /widgets`: the unit whose connection failures are logged once while they last. */
function operationOf(request: HttpRequest): string {
  return `${request.method} /${request.path.split("/")[1]}`;
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
