/**
 * How the bot's REST requests are retried, on top of @discordjs/rest (which retries 5xx and timeouts up to 3
 * times and waits out every 429):
 * - an interaction callback is never sent after Discord's 3 s window, counted from the interaction's
 *   creation (its snowflake): a 429 whose wait would end past it fails at once, a request still running at
 *   the deadline is aborted, and no retry starts after it — the user would never see the answer, and Discord
 *   answers 10062 "Unknown interaction";
 * - a connection reset before the answer (a keep-alive connection the other side dropped) is retried once,
 *   at once: undici reports it as "other side closed", which @discordjs/rest does not retry. (Should the first
 *   attempt have reached Discord after all, a callback's retry is refused — an interaction is acknowledged once —
 *   while a follow-up message could appear twice: rare, and better than no answer.)
 */
import { DefaultRestOptions, type RESTOptions } from 'discord.js';

/** Discord drops an interaction not acknowledged within 3 s of its creation. */
export const INTERACTION_WINDOW_MS = 3_000;

const DISCORD_EPOCH_MS = 1_420_070_400_000n;

/** When Discord created the object with this snowflake id (ms since 1970). */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH_MS);
}

const CALLBACK_URL = /\/interactions\/(\d{1,20})\/[^/]+\/callback(?:\?|$)/;

/** The end of the window for a callback URL (`/interactions/{id}/{token}/callback`); undefined for any other. */
export function callbackDeadline(url: string): number | undefined {
  const id = CALLBACK_URL.exec(url)?.[1];
  return id === undefined ? undefined : snowflakeTime(id) + INTERACTION_WINDOW_MS;
}

/** A callback that would reach Discord after the interaction's window. */
export class InteractionWindowClosedError extends Error {
  constructor(why = 'had closed; not sent') {
    super(`Discord's 3 s window to answer this interaction ${why}`);
    this.name = 'InteractionWindowClosedError';
  }
}

/** undici's and Node's names for a connection that broke before the answer. */
function isConnectionReset(error: unknown): boolean {
  const codes = [(error as { code?: unknown })?.code, (error as { cause?: { code?: unknown } })?.cause?.code];
  return codes.some((code) => code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE');
}

/** The default request, aborted after `ms` as well as by its own signal (one timer; AbortSignal.any costs more). */
type MakeRequest = RESTOptions['makeRequest'];

async function sendBefore(ms: number, ...[url, init]: Parameters<MakeRequest>): ReturnType<MakeRequest> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  const timer = setTimeout(abort, ms);
  init.signal?.addEventListener('abort', abort, { once: true });
  try {
    return await DefaultRestOptions.makeRequest(url, { ...init, signal: controller.signal });
  } finally {
    clearTimeout(timer);
    init.signal?.removeEventListener('abort', abort);
  }
}

/** The REST options that apply the policy above; `now` is for tests. */
export function restPolicy(now: () => number = Date.now): Pick<RESTOptions, 'makeRequest' | 'rejectOnRateLimit'> {
  const send = DefaultRestOptions.makeRequest;
  return {
    makeRequest: async (url, init) => {
      const deadline = callbackDeadline(url);
      for (let attempt = 1; ; attempt++) {
        if (deadline !== undefined && now() >= deadline) throw new InteractionWindowClosedError();
        try {
          return await (deadline === undefined ? send(url, init) : sendBefore(deadline - now(), url, init));
        } catch (error) {
          if (deadline !== undefined && now() >= deadline && !init.signal?.aborted) throw new InteractionWindowClosedError('closed before the answer was through');
          if (attempt === 1 && isConnectionReset(error) && !init.signal?.aborted) continue;
          throw error;
        }
      }
    },
    // A callback rate-limited past its window fails now instead of waiting (the others wait, as usual). Thrown
    // here rather than returning true, which would throw a RateLimitError with an empty message.
    rejectOnRateLimit: ({ url, retryAfter }) => {
      const deadline = callbackDeadline(url);
      if (deadline !== undefined && now() + retryAfter >= deadline) throw new InteractionWindowClosedError(`would close during a ${retryAfter} ms rate limit; not sent`);
      return false;
    },
  };
}
