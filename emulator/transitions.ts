// Asynchronous status changes (domain provisioning and deletion, deployments), applied lazily: each pending
// transition has a due time and is applied by the first request that reads or writes state after it (no timers,
// so tests are deterministic). From half its delay a transition shows its intermediate status.
import type { PendingTransition, State } from "./store";

interface TransitionKind {
  collection: "domains" | "deployments";
  /** Status while in progress (from half the delay). */
  running: string;
  /** Final status; `null` removes the record. */
  success: string | null;
  failure: string;
}

const KINDS: Record<PendingTransition["kind"], TransitionKind> = {
  "domain-provision": { collection: "domains", running: "deploying", success: "ready", failure: "failed" },
  "domain-delete": { collection: "domains", running: "deleting", success: null, failure: "failed" },
  deployment: { collection: "deployments", running: "running", success: "success", failure: "failure" },
};

export interface TransitionChange {
  kind: PendingTransition["kind"];
  id: string;
  from: string;
  /** The new status, or "removed". */
  to: string;
}

/** The status a transition ends in; `null`: the record is removed. */
export function finalStatus(kind: PendingTransition["kind"], outcome: PendingTransition["outcome"]): string | null {
  return outcome === "success" ? KINDS[kind].success : KINDS[kind].failure;
}

/** Replaces any pending transition of the same record. */
export function scheduleTransition(
  state: State,
  transition: Omit<PendingTransition, "startedAt" | "dueAt">,
  delayMs: number,
  now: number,
): void {
  state.pending = state.pending.filter((pending) => pending.id !== transition.id || pending.kind !== transition.kind);
  state.pending.push({ ...transition, startedAt: now, dueAt: now + delayMs });
}

/** Applies what is due at `now` (everything when `completeAll`), and intermediate statuses. */
export function applyTransitions(state: State, now: number, completeAll = false): TransitionChange[] {
  const changes: TransitionChange[] = [];
  const stillPending: PendingTransition[] = [];
  const at = new Date(now).toISOString();
  for (const transition of state.pending) {
    const kind = KINDS[transition.kind];
    const collection = state[kind.collection] as Map<string, { status: string; updated_at: string; version: number }>;
    const record = collection.get(transition.id);
    if (!record) continue; // deleted meanwhile (managed-domain DELETE, notice cascade)
    const setStatus = (status: string) => {
      changes.push({ kind: transition.kind, id: transition.id, from: record.status, to: status });
      record.status = status;
      record.updated_at = at;
      record.version += 1;
    };
    if (completeAll || now >= transition.dueAt) {
      const final = finalStatus(transition.kind, transition.outcome);
      if (final === null) {
        collection.delete(transition.id);
        changes.push({ kind: transition.kind, id: transition.id, from: record.status, to: "removed" });
      } else {
        setStatus(final);
      }
      continue;
    }
    if (now >= (transition.startedAt + transition.dueAt) / 2 && record.status !== kind.running) setStatus(kind.running);
    stillPending.push(transition);
  }
  state.pending = stillPending;
  return changes;
}

/** Forgets the pending transitions of a record that is being removed (its id may be reused, e.g. a domain FQDN). */
export function cancelTransitions(state: State, id: string): void {
  state.pending = state.pending.filter((pending) => pending.id !== id);
}
