// Coalescing reads by key: `getMany` (one object by id) and `listBy` (the objects whose field has a value, e.g.
// a notice's configurations) calls for the same collection, organization, headers, query and field made within a
// short window share one list call `GET <collection>?<field>[$in]=…`, at most 100 keys each. A refresh of N
// objects then costs about N/100 requests instead of N, which matters at 100 requests per 15 s.

/**
 * How long a batch waits for company before it is sent; a lone read is delayed by this much. 10 ms closed batches
 * after 7–8 of a refresh's reads; 50 ms gathers what the engine runs at once (issue 15's measurements).
 */
const BATCH_WINDOW_MS = 50;
/** Didomi's largest page: a batch with this many keys is sent at once. */
const MAX_IDS_PER_CALL = 100;

/** Fetches what each key stands for; keys missing from the result have nothing. */
export type FetchByIds = (ids: string[]) => Promise<ReadonlyMap<string, unknown>>;

interface Batch {
  readonly waiters: Map<string, Array<{ resolve: (value: unknown) => void; reject: (error: unknown) => void }>>;
  readonly fetch: FetchByIds;
  readonly timer: NodeJS.Timeout;
}

export class ReadCoalescer {
  readonly #open = new Map<string, Batch>();

  /** Resolves with the object, or undefined when it does not exist. `fetch` is used if this call opens a batch. */
  read(batchKey: string, id: string, fetch: FetchByIds): Promise<unknown> {
    let batch = this.#open.get(batchKey);
    if (!batch) {
      const opened: Batch = { waiters: new Map(), fetch, timer: setTimeout(() => this.#send(batchKey, opened), BATCH_WINDOW_MS) };
      this.#open.set(batchKey, opened);
      batch = opened;
    }
    const result = new Promise<unknown>((resolve, reject) => {
      const waiters = batch.waiters.get(id) ?? [];
      waiters.push({ resolve, reject });
      batch.waiters.set(id, waiters);
    });
    if (batch.waiters.size >= MAX_IDS_PER_CALL) this.#send(batchKey, batch);
    return result;
  }

  #send(batchKey: string, batch: Batch): void {
    clearTimeout(batch.timer);
    if (this.#open.get(batchKey) === batch) this.#open.delete(batchKey);
    batch.fetch([...batch.waiters.keys()]).then(
      (found) => {
        for (const [id, waiters] of batch.waiters) for (const waiter of waiters) waiter.resolve(found.get(id));
      },
      (error: unknown) => {
        for (const waiters of batch.waiters.values()) for (const waiter of waiters) waiter.reject(error);
      },
    );
  }
}
