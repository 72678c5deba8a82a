// Per-organization fixed-window rate limit (BEHAVIOR.md §1.7), with the IETF draft-07 headers Didomi sends on every
// rate-limited response: `RateLimit: limit=100, remaining=60, reset=7` and `RateLimit-Policy: 100;w=15`.
export interface RateLimitDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

export class RateLimiter {
  /** A window starts with the first request after the previous one ended. */
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  take(organizationId: string, now: number, limit: number, windowSeconds: number): RateLimitDecision {
    const windowMs = windowSeconds * 1000;
    let window = this.windows.get(organizationId);
    if (!window || now >= window.startedAt + windowMs) {
      window = { startedAt: now, count: 0 };
      this.windows.set(organizationId, window);
    }
    const allowed = window.count < limit;
    if (allowed) window.count += 1;
    const resetSeconds = Math.max(1, Math.ceil((window.startedAt + windowMs - now) / 1000));
    const headers: Record<string, string> = {
      RateLimit: `limit=${limit}, remaining=${Math.max(0, limit - window.count)}, reset=${resetSeconds}`,
      "RateLimit-Policy": `${limit};w=${windowSeconds}`,
    };
    if (!allowed) headers["Retry-After"] = String(resetSeconds);
    return { allowed, headers };
  }

  reset(): void {
    this.windows.clear();
  }
}
