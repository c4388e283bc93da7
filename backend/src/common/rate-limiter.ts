/**
 * A per-key fixed-window rate limiter kept in memory (per instance): sign-in attempts per client IP,
 * uploads per member and JSON-RPC relay requests per client IP. Several instances each apply the limit, so the effective limit scales with them.
 */
import { ApiErrorCode, ApiException } from "../api/api.exception";

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    /** What is limited, for the error message ("sign-in attempts"). */
    private readonly what: string,
    private readonly perWindow: number,
    private readonly windowMs = 60_000,
  ) {}

  /**
   * Counts `count` calls for `key`; throws RATE_LIMITED (with `retryAfter` seconds) past the limit. Calls
   * refused still count, so a client that keeps trying stays refused until its window ends.
   */
  hit(key: string, now = Date.now(), count = 1): void {
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
      if (this.windows.size > 10_000) this.prune(now);
    }
    window.count += count;
    if (window.count > this.perWindow) {
      const retryAfter = Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
      throw new ApiException(
        ApiErrorCode.RATE_LIMITED,
        `too many ${this.what}: at most ${this.perWindow} per ${this.windowMs / 1000} s; retry in ${retryAfter} s`,
        { retryAfter },
      );
    }
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) if (now - window.start >= this.windowMs) this.windows.delete(key);
  }
}
