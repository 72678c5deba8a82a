// Per-collection reads for one operation (issue 15). The engine starts the provider plugin for each command, so
// what this process has read is what this operation has read. The first read of a view fetches the whole
// organization's collection (100 per page); later reads of that view are served from it. A refresh of N notices
// then costs about N/100 requests per collection, at any --parallel, instead of one batch per engine burst.
//
// Never older than our own writes: a write by this process updates its own collection's view (the response is the
// new object), and marks the keys it names (`id`, `notice_id`, the path's id) as stale in every other view of the
// organization that it can change (`changedBy`); their next read goes over the network. A write whose outcome is
// unknown (an error, a lost response), and any DELETE, whose side effects have no key to name (a purpose leaves
// its vendors), drop every other view of the organization: its next read fetches again.
import type { Query } from "./query";

/** How a collection is read whole: its path, the filter all its reads share, and the field they look up by. */
export interface CollectionView {
  /** "/widgets/notices/configs" */
  readonly path: string;
  /** The field reads look objects up by: "id", or "notice_id" for a notice's draft. */
  readonly key: string;
  /** What every object of the view matches (`{ deployed_at: null }`: drafts only). */
  readonly filter?: Readonly<Record<string, string | null>>;
  /**
   * Keep only the newest object per key (a notice's latest deployment), read newest first by this field, page
   * after page, only as far as the keys asked for need: the history behind them is never downloaded.
   */
  readonly newestBy?: string;
  /**
   * The other collections whose writes can change this view's objects (a deployment makes a new draft). Unset: any
   * write can, which is always safe; naming them spares reads that a write elsewhere cannot make necessary.
   */
  readonly changedBy?: readonly string[];
}

/** The view of a collection by object id. */
export const byId = (path: string): CollectionView => ({ path, key: "id" });

/** Past this many objects, a view is not kept: its reads go back to `$in` batches (memory, and a first page wasted). */
export const MAX_VIEW_OBJECTS = 1000;

type ApiObject = Record<string, unknown>;

/**
 * Reads the view's collection with `query` from object `skip` on, page after page until `isComplete` (given what
 * was read and the list's total, when Didomi sends one) or the end.
 */
export type PageReader = (query: Query, isComplete: (objects: ApiObject[], total: number | undefined) => boolean, skip?: number) => Promise<ApiObject[]>;

/** One view of one organization, as far as it has been read. */
export class ViewState {
  /** Objects by key, for the keys the view holds (for a newest-first view, the keys seen so far). */
  readonly #byKey = new Map<string, ApiObject[]>();
  /** Keys written by this process since the view was read: their next read goes over the network. */
  readonly #stale = new Set<string>();
  /** Writes per key, so that a network read that raced with a write is not kept. */
  readonly #writes = new Map<string, number>();
  #loading?: Promise<void>;
  /** Newest-first views: read to the end of the collection. */
  #complete = false;
  #tooLarge = false;
  /** Newest-first views: how many objects have been read. */
  #read = 0;

  constructor(
    readonly view: CollectionView,
    readonly organizationId: string,
    private readonly readPages: PageReader,
  ) {}

  /**
   * The view's objects with this key, or `undefined` when the view cannot say (the key is stale, or the view too
   * large to keep): the caller then reads the key over the network and may `remember` what it found.
   */
  async lookUp(key: string): Promise<ApiObject[] | undefined> {
    if (this.#stale.has(key)) return undefined;
    if (this.view.newestBy) return this.#newest(key);
    await this.#loadedWhole();
    if (this.#tooLarge) return undefined;
    return this.#byKey.get(key) ?? [];
  }

  /** Every object of the view (for lookups by fields it has no key for), or undefined when it is too large. */
  async all(): Promise<ApiObject[] | undefined> {
    if (this.view.newestBy) throw new TypeError(`a newest-first view of ${this.view.path} cannot be listed whole`);
    await this.#loadedWhole();
    return this.#tooLarge ? undefined : [...this.#byKey.values()].flat();
  }

  /** How many writes touched `key`: pass it to `remember`. */
  writesTo(key: string): number {
    return this.#writes.get(key) ?? 0;
  }

  /** Keeps what a network read found for a key (as `keptOf` left it), unless a write touched it since `writesBefore`. */
  remember(key: string, objects: ApiObject[], writesBefore: number): void {
    if (this.writesTo(key) !== writesBefore || this.#tooLarge) return;
    this.#byKey.set(key, objects);
    this.#stale.delete(key);
  }

  /** This process wrote `object` to the view's own collection (POST or PATCH response). */
  wroteOwn(object: ApiObject): void {
    const key = object[this.view.key];
    if (typeof key !== "string") return;
    this.#touch(key);
    if (!matches(object, this.view.filter ?? {})) {
      // it left the view (a draft that is now published): what replaced it is read over the network
      this.#dropObject(String(object.id));
      this.#stale.add(key);
      return;
    }
    const kept = this.view.newestBy ? [] : (this.#byKey.get(key) ?? []).filter((other) => other.id !== object.id);
    this.#byKey.set(key, [object, ...kept]);
    this.#stale.delete(key);
  }

  /** This process wrote to another collection: what the write names may have changed here too. */
  staleKeys(keys: readonly string[]): void {
    for (const key of keys) {
      this.#touch(key);
      this.#stale.add(key);
    }
  }

  #touch(key: string): void {
    this.#writes.set(key, this.writesTo(key) + 1);
  }

  #dropObject(id: string): void {
    for (const [key, objects] of this.#byKey) this.#byKey.set(key, objects.filter((object) => object.id !== id));
  }

  /** One load for all readers; a failed one is tried again by the next read rather than failing them all. */
  #loadedWhole(): Promise<void> {
    this.#loading ??= this.#loadWhole().catch((error: unknown) => {
      this.#loading = undefined;
      throw error;
    });
    return this.#loading;
  }

  async #loadWhole(): Promise<void> {
    // the first page's total tells at once whether the view may be kept
    const tooLarge = (read: ApiObject[], total: number | undefined) => (total ?? read.length) > MAX_VIEW_OBJECTS;
    let total: number | undefined;
    const objects = await this.readPages({ ...this.view.filter }, (read, listTotal) => tooLarge(read, (total = listTotal)));
    if (tooLarge(objects, total)) {
      this.#tooLarge = true;
      return;
    }
    for (const object of objects) this.#add(object);
  }

  /** Reads newest-first pages until the key shows up, the collection ends, or the view would grow too large. */
  async #newest(key: string): Promise<ApiObject[] | undefined> {
    while (!this.#byKey.has(key) && !this.#complete) {
      if (this.#read >= MAX_VIEW_OBJECTS) return undefined;
      await (this.#loading ??= this.#readNextPage().finally(() => (this.#loading = undefined)));
    }
    return this.#byKey.get(key) ?? [];
  }

  async #readNextPage(): Promise<void> {
    const newestFirst = { [`$sort[${this.view.newestBy}]`]: -1 };
    const page = await this.readPages({ ...this.view.filter, ...newestFirst }, () => true, this.#read);
    for (const object of page) this.#add(object);
    this.#read += page.length;
    if (page.length === 0) this.#complete = true;
  }

  /** An object a read found; keys this process wrote keep what the write (or the read after it) said. */
  #add(object: ApiObject): void {
    const key = object[this.view.key];
    if (typeof key !== "string" || this.#writes.has(key)) return;
    const objects = this.#byKey.get(key);
    if (!objects) this.#byKey.set(key, [object]);
    else if (!this.view.newestBy) objects.push(object); // newest first: the first object seen is the newest
  }
}

/** Equality filters as Didomi applies them: `null` matches an absent or null field. */
export function matches(object: ApiObject, filter: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(filter).every(([field, value]) => (value === null ? object[field] == null : object[field] === value));
}

function newestFirst(objects: ApiObject[], field: string): ApiObject[] {
  return [...objects].sort((a, b) => Date.parse(String(b[field] ?? "")) - Date.parse(String(a[field] ?? "")));
}

/** What a view keeps of a key's objects: all of them, or for a newest-first view the newest one. */
export function keptOf(view: CollectionView, objects: ApiObject[]): ApiObject[] {
  return view.newestBy ? newestFirst(objects, view.newestBy).slice(0, 1) : objects;
}
