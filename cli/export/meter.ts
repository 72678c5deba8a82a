// Counts the HTTP requests an export sends to Didomi and the 429s it gets back, from Node's own HTTP client
// diagnostics channels: every request the shared client makes (session, pages, retries) is counted, without
// the client having to know about it.
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { ClientRequest, IncomingMessage } from "node:http";

export class RequestMeter {
  requests = 0;
  rateLimited = 0;
  readonly #host: string;
  readonly #onRequest = ({ request }: { request: ClientRequest }) => {
    if (request.host === this.#host) this.requests++;
  };
  readonly #onResponse = ({ request, response }: { request: ClientRequest; response: IncomingMessage }) => {
    if (request.host === this.#host && response.statusCode === 429) this.rateLimited++;
  };

  /** Counts requests to the host of `baseUrl` until `stop`. */
  constructor(baseUrl: string) {
    this.#host = new URL(baseUrl).hostname;
    subscribe("http.client.request.start", this.#onRequest as (message: unknown) => void);
    subscribe("http.client.response.finish", this.#onResponse as (message: unknown) => void);
  }

  stop(): void {
    unsubscribe("http.client.request.start", this.#onRequest as (message: unknown) => void);
    unsubscribe("http.client.response.finish", this.#onResponse as (message: unknown) => void);
  }
}
