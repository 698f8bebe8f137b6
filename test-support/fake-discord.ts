/**
 * FakeDiscord — a local stand-in for Discord's REST API and gateway, for end-to-end tests.
 *
 * Discord is not reachable from the test machine, so the bot's tests run the real discord.js
 * client against this server on 127.0.0.1. One `http.Server` serves both:
 *
 *   - REST under `/api/v{N}/…` (pass `fake.apiBase` as discord.js `rest: { api }` or to @discordjs/rest),
 *   - the gateway WebSocket at `/gateway` (its URL is what `GET /gateway/bot` returns),
 *
 * Everything the client sends is recorded (`requests`, `identifies`, `resumes`, `callbacks`,
 * `frames`) so tests can assert on the exact wire traffic. Interactions are injected with
 * `command()` / `autocomplete()` / `button()` (or `buildCommand()` + `dispatchInteraction()`), and faults
 * with `failNext()`, `route()`, `closeGateway()` and `invalidateSession()`.
 *
 * Typical use:
 *
 *   const fake = await FakeDiscord.start();
 *   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase } });
 *   client.on(Events.InteractionCreate, (i) => { if (i.isChatInputCommand()) void i.reply('pong'); });
 *   await client.login(fake.token);
 *   const { callback } = await fake.command('ping');
 *   expect(callback.body).toEqual({ type: 4, data: expect.objectContaining({ content: 'pong' }) });
 *   await client.destroy();
 *   await fake.close();
 *
 * Behaviour worth knowing (it mirrors Discord or discord.js, see the notes next to each item):
 *   - A request carrying `Authorization: Bot <wrong token>` gets 401; so does a route that needs auth
 *     without the header. Interaction callbacks and webhook routes need no auth (discord.js sends none).
 *   - Message bodies are validated against Discord's main limits (2000-character content, 10 embeds,
 *     6000 embed characters, 25 autocomplete choices, …) and answer 400 code 50035 like Discord.
 *   - A second callback for one interaction answers 400 code 40060 ("already acknowledged").
 *
 * Set FAKE_DISCORD_DEBUG=1 to print every request and gateway frame to stderr.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

// Payloads are loosely typed on purpose: bodies come from the client under test and tests drill into
// them (`callback.data.embeds[0].title`) without casts.
type Json = any;

/* ────────────────────────────────────────── ids & constants ────────────────────────────────────────── */

const DISCORD_EPOCH = 1420070400000n;
let snowflakeIncrement = 0n;

/** A Discord snowflake for the given time (default now). Successive calls give distinct ids. */
export function snowflake(timestampMs: number = Date.now()): string {
  snowflakeIncrement = (snowflakeIncrement + 1n) & 0xfffn;
  return (((BigInt(timestampMs) - DISCORD_EPOCH) << 22n) | (1n << 17n) | snowflakeIncrement).toString();
}

/** The shard Discord routes a guild's events to: `(guild_id >> 22) % shardCount`. */
export function shardIdForGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** Interaction types (`interaction.type`). */
const InteractionKind = { ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4 } as const;

/** Interaction callback types (`callback.type`). */
const CallbackType = {
  Pong: 1,
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  ApplicationCommandAutocompleteResult: 8,
} as const;

/** HELLO's heartbeat_interval (Discord's is ~41250; the client's first beat is jittered). */
const HEARTBEAT_INTERVAL_MS = 45_000;

/** Message flags the fake looks at. */
const MessageFlag = { Ephemeral: 1 << 6, Loading: 1 << 7, IsComponentsV2: 1 << 15 } as const;

/** Gateway opcodes. */
const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
  RequestSoundboardSounds: 31,
} as const;

/** Permissions of an ordinary member: view, send, embed, attach, history, reactions, emojis, slash commands, threads. */
const MEMBER_PERMISSIONS = (
  (1n << 6n) | (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 15n) | (1n << 16n) | (1n << 18n) | (1n << 31n) |
  (1n << 35n) | (1n << 38n)
).toString();

/** The locales Discord accepts as keys of `name_localizations` / `description_localizations`. */
const DISCORD_LOCALES = new Set([
  'id', 'da', 'de', 'en-GB', 'en-US', 'es-ES', 'es-419', 'fr', 'hr', 'it', 'lt', 'hu', 'nl', 'no', 'pl', 'pt-BR',
  'ro', 'fi', 'sv-SE', 'vi', 'tr', 'cs', 'el', 'bg', 'ru', 'uk', 'hi', 'th', 'zh-CN', 'ja', 'zh-TW', 'ko',
]);

const GATEWAY_CLOSE_REASONS: Record<number, string> = {
  4000: 'Unknown error.',
  4001: 'Unknown opcode.',
  4002: 'Decode error.',
  4003: 'Not authenticated.',
  4004: 'Authentication failed.',
  4005: 'Already authenticated.',
  4007: 'Invalid seq.',
  4008: 'Rate limited.',
  4009: 'Session timed out.',
  4010: 'Invalid shard.',
  4011: 'Sharding required.',
  4012: 'Invalid API version.',
  4013: 'Invalid intent(s).',
  4014: 'Disallowed intent(s).',
};

/**
 * Server close codes that end the session here. 4004/4007/4009/4010–4014 are non-resumable on Discord;
 * 1000/1001 are treated the same way because discord.js always re-identifies after them.
 */
const SESSION_ENDING_CLOSE_CODES = new Set([1000, 1001, 4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014]);

/* ────────────────────────────────────────── public types ────────────────────────────────────────── */

export interface FakeDiscordOptions {
  /** The valid bot token. Default: a realistic-looking token whose first part is base64(bot id). */
  token?: string;
  /** Which side checks the token. Default both. With `rest: false` a wrong token gets as far as IDENTIFY (→ 4004). */
  checkToken?: { rest?: boolean; gateway?: boolean };
  /** Recommended shard count returned by GET /gateway/bot. Default 1. */
  shards?: number;
  /**
   * session_start_limit.max_concurrency. Default 1, as for most bots. discord.js's identify throttle
   * then spaces identifies sharing a bucket (shard id % max_concurrency) 5–6.5 s apart — that applies to
   * shard 1 after shard 0, and to any re-IDENTIFY within 5 s of the previous one. Use
   * `maxConcurrency: shards` in sharding tests to identify all shards at once.
   */
  maxConcurrency?: number;
  /** Guilds the bot is in: a count (default 1) or descriptions. Generated ids land on shards 0, 1, 2, … in turn. */
  guilds?: number | Array<Partial<FakeGuild>>;
  /** If set, a callback later than this after dispatch answers 404 10062 "Unknown interaction" (Discord: 3000). */
  callbackDeadlineMs?: number | null;
  /**
   * A login that never completes: 'hello' never sends HELLO, 'ready' takes IDENTIFY but never answers,
   * 'drop' cuts every connection (1006, no close frame) when IDENTIFY arrives.
   */
  stallLogin?: 'hello' | 'ready' | 'drop';
}

export interface FakeGuild {
  id: string;
  name: string;
  /** The guild's one text channel, used as the default interaction channel. */
  channelId: string;
  preferredLocale: string;
  ownerId: string;
}

export interface FakeUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  bot?: boolean;
  public_flags?: number;
  [key: string]: Json;
}

/** One uploaded file part of a multipart/form-data request. */
export interface RecordedFile {
  /** The form field name, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string | null;
  data: Buffer;
}

/** One REST request, exactly as the client sent it, and how the fake answered. */
export interface RecordedRequest {
  /** Position in `fake.requests`. */
  index: number;
  at: number;
  method: string;
  /** The raw request URL as received (path + query, still percent-encoded). */
  url: string;
  /** Decoded path below the API version, e.g. `/webhooks/123/tok/messages/@original`. */
  path: string;
  /** API version from the URL (`10` for `/api/v10/…`), or null. */
  apiVersion: number | null;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The token from `Authorization: Bot <token>`, or null if there was no such header. */
  authToken: string | null;
  contentType: string | null;
  /** Parsed JSON body — for multipart bodies, the parsed `payload_json` part. Undefined if there was none. */
  body: Json;
  /** Non-file multipart fields (including `payload_json` as text). */
  formFields: Record<string, string>;
  /** File parts of a multipart body, with their raw bytes. */
  files: RecordedFile[];
  rawBody: Buffer;
  /** The status answered, or null while the answer is pending (delayed or hung). */
  status: number | null;
  /** The JSON answered (undefined for 204). */
  response: Json;
  /** Set when a `failNext()` fault applied to this request. */
  fault?: FaultSpec;
}

/** A successful interaction callback (`POST /interactions/{id}/{token}/callback`). */
export interface InteractionCallback {
  interactionId: string;
  token: string;
  /** Callback type: 4 reply, 5 defer, 6 deferUpdate, 7 update, 8 autocomplete, 9 modal (see CallbackType). */
  type: number;
  /** `body.data`. */
  data: Json;
  /** The full callback body as sent (for multipart: the parsed payload_json). */
  body: Json;
  /** Uploaded files, if the callback was multipart. */
  files: RecordedFile[];
  request: RecordedRequest;
}

export interface RecordedIdentify {
  at: number;
  connectionId: number;
  token: string;
  tokenValid: boolean;
  /** `[shard_id, num_shards]` as sent, or null. */
  shard: [number, number] | null;
  intents: number;
  properties: Json;
  /** The session created, or null if IDENTIFY was rejected. */
  sessionId: string | null;
  /** The close code IDENTIFY was rejected with, if it was. */
  rejectedWith: number | null;
  raw: Json;
}

export interface RecordedResume {
  at: number;
  connectionId: number;
  sessionId: string;
  seq: number | null;
  accepted: boolean;
  /** How many missed dispatches were replayed. */
  replayed: number;
}

/** One gateway frame in either direction. */
export interface RecordedFrame {
  at: number;
  connectionId: number;
  direction: 'in' | 'out';
  op: number | null;
  t: string | null;
  s: number | null;
  d: Json;
}

export interface GatewayConnectionInfo {
  id: number;
  /** `/gateway` or `/gateway/resume` (the `resume_gateway_url`). */
  path: string;
  query: Record<string, string>;
  openedAt: number;
  closedAt: number | null;
  closeCode: number | null;
  closedBy: 'client' | 'server' | null;
  sessionId: string | null;
  shard: [number, number] | null;
}

/**
 * Which requests a fault or waiter applies to:
 *   - a route template `'POST /interactions/:id/:token/callback'` (method optional; `:x` = one segment,
 *     a trailing `*` = anything), matched against the decoded path below `/api/v{N}`,
 *   - a RegExp tested against `'METHOD /path'`,
 *   - or a predicate.
 */
export type RequestMatcher = string | RegExp | ((req: RecordedRequest) => boolean);

export interface FaultSpec {
  /** Status to answer. Defaults to 429 when `retryAfter` is set; otherwise the request is answered normally. */
  status?: number;
  /** Seconds, for 429: sent as `Retry-After`, `X-RateLimit-Reset-After` and body `retry_after`. Default 1. */
  retryAfter?: number;
  /** A global rate limit (`X-RateLimit-Global`, body `global: true`). */
  global?: boolean;
  /** `X-RateLimit-Scope`. Default 'user' ('global' when `global`). */
  scope?: 'user' | 'global' | 'shared';
  /** Wait this long before answering (the fault, or the normal answer if there is no status). */
  delayMs?: number;
  /**
   * Neither process nor answer the request (as if lost). The socket stays open until `close()`;
   * @discordjs/rest aborts after its 15 s timeout and retries.
   */
  hang?: boolean;
  /** Custom JSON body instead of the default error body. */
  body?: Json;
  /** Reset the connection (the socket is destroyed, no answer): what a dropped keep-alive connection looks like. */
  reset?: boolean;
  /** How many matching requests to affect. Default 1. */
  times?: number;
}

export interface FaultHandle {
  /** The requests this fault was applied to so far. */
  readonly hits: RecordedRequest[];
  /** Remaining applications. */
  readonly remaining: number;
  /** Stop applying the fault. */
  cancel(): void;
}

export interface RouteResult {
  status?: number;
  body?: Json;
  headers?: Record<string, string>;
}

/** A command option as sent in interaction `data.options`. */
export interface CommandOption {
  name: string;
  /** 1 subcommand, 2 group, 3 string, 4 integer, 5 boolean, 6 user, 7 channel, 8 role, 9 mentionable, 10 number, 11 attachment. */
  type: number;
  value?: string | number | boolean;
  options?: CommandOption[];
  focused?: boolean;
}

/** Options either as a full list, or as `{ name: value }` (type inferred: string 3, integer 4, number 10, boolean 5). */
export type CommandOptionsInput = CommandOption[] | Record<string, string | number | boolean>;

/** What an interaction is about and who sends it. Every field is optional. */
export interface InteractionContext {
  /** Guild of the interaction; default the first guild. `null` makes it a DM with the bot. */
  guildId?: string | null;
  /** Overrides for the invoking user. */
  user?: Partial<FakeUser>;
  /** The user's client locale. Default 'en-US'. */
  locale?: string;
  /** member.permissions (string bitfield). Default: ordinary member permissions. */
  memberPermissions?: string;
  /**
   * For components: the message the component sits on. Default: the newest message the bot sent
   * (through this fake) containing a component with this custom_id, else a synthetic bot message.
   */
  message?: Json;
  /** Extra fields merged into the payload last. */
  extra?: Record<string, Json>;
}

export interface ExchangeOptions extends InteractionContext {
  /** How long to wait for the callback. Default 5000 ms. */
  timeoutMs?: number;
}

export interface DispatchResult {
  sessionId: string;
  shardId: number;
  seq: number;
  /**
   * False if the session was disconnected: the event is replayed if the client RESUMEs, and lost (see
   * `droppedDispatches`) if the session ends instead.
   */
  delivered: boolean;
}

export interface InteractionExchange {
  interaction: Json;
  callback: InteractionCallback;
  dispatch: DispatchResult;
}

/* ────────────────────────────────────────── internal types ────────────────────────────────────────── */

interface GatewayConnection {
  /** The public record (also in `fake.connections`). */
  info: GatewayConnectionInfo;
  ws: WebSocket;
  session: GatewaySession | null;
}

interface GatewaySession {
  id: string;
  shard: [number, number];
  seq: number;
  /** Every dispatch of the session, for replay on RESUME. */
  events: Array<{ op: 0; t: string; s: number; d: Json }>;
  conn: GatewayConnection | null;
  state: 'open' | 'resumable' | 'dead';
  /** Dispatches made while disconnected and not yet replayed. */
  undelivered: Array<{ t: string; s: number; d: Json }>;
}

interface StoredInteraction {
  id: string;
  token: string;
  payload: Json;
  createdAt: number;
  callback: InteractionCallback | null;
  original: Json | null;
  followUps: Json[];
}

interface Fault {
  matcher: RequestMatcher;
  spec: FaultSpec;
  remaining: number;
  hits: RecordedRequest[];
}

interface Waiter {
  check(): boolean;
  fail(error: Error): void;
}

type Handler = (req: RecordedRequest, params: Record<string, string>) => RouteResult;

interface BuiltinRoute {
  method: string;
  pattern: RegExp;
  keys: string[];
  auth: boolean;
  handler: Handler;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
  ) {
    super(typeof body?.message === 'string' ? body.message : `HTTP ${status}`);
  }
}

/* ────────────────────────────────────────── the server ────────────────────────────────────────── */

export class FakeDiscord {
  /** The valid bot token. */
  readonly token: string;
  readonly port: number;
  /** `http://127.0.0.1:PORT` */
  readonly baseUrl: string;
  /** `http://127.0.0.1:PORT/api` — discord.js `rest: { api }`. Requests arrive under `/api/v10/…`. */
  readonly apiBase: string;
  /** `ws://127.0.0.1:PORT/gateway` — the `url` of GET /gateway/bot. */
  readonly gatewayUrl: string;
  /** `ws://127.0.0.1:PORT/gateway/resume` — READY's `resume_gateway_url`. */
  readonly resumeGatewayUrl: string;
  readonly applicationId: string;
  readonly botUser: FakeUser;
  readonly testUser: FakeUser;
  readonly guilds: FakeGuild[];

  /** Every REST request, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** Every successful interaction callback, in order. */
  readonly callbacks: InteractionCallback[] = [];
  /** Every IDENTIFY, accepted or not. */
  readonly identifies: RecordedIdentify[] = [];
  /** Every RESUME, accepted or not. */
  readonly resumes: RecordedResume[] = [];
  /** Every gateway frame in both directions. */
  readonly frames: RecordedFrame[] = [];
  /** Every gateway connection, open or closed. */
  readonly connections: GatewayConnectionInfo[] = [];
  /**
   * Dispatches that never reached the client: made while its session was disconnected, and the session
   * then ended instead of resuming (e.g. the client re-identified). Discord loses such events too.
   */
  readonly droppedDispatches: Array<{ sessionId: string; shard: [number, number]; t: string; s: number; d: Json; reason: string }> = [];
  /** Registered global application commands (PUT/POST /applications/{app}/commands). */
  readonly globalCommands: Json[] = [];
  /** Registered guild application commands, by guild id. */
  readonly guildCommands = new Map<string, Json[]>();

  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly options: Required<Pick<FakeDiscordOptions, 'shards' | 'maxConcurrency'>> & FakeDiscordOptions;
  private readonly checkRestToken: boolean;
  private readonly checkGatewayToken: boolean;
  private readonly log: ((line: string) => void) | undefined;
  private readonly conns: GatewayConnection[] = [];
  private readonly sessions = new Map<string, GatewaySession>();
  private readonly interactions = new Map<string, StoredInteraction>();
  private readonly interactionsByToken = new Map<string, StoredInteraction>();
  /** Every message the bot created (interaction replies, follow-ups, channel messages), by id. */
  private readonly messages = new Map<string, Json>();
  private readonly faults: Fault[] = [];
  private readonly customRoutes: Array<{ matcher: RequestMatcher; handler: (req: RecordedRequest) => RouteResult | Promise<RouteResult> }> = [];
  private readonly routes: BuiltinRoute[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private connectionSeq = 0;
  private closed = false;

  private constructor(server: Server, port: number, options: FakeDiscordOptions) {
    this.server = server;
    this.port = port;
    this.options = {
      ...options,
      shards: options.shards ?? 1,
      maxConcurrency: options.maxConcurrency ?? 1,
    };
    this.checkRestToken = options.checkToken?.rest ?? true;
    this.checkGatewayToken = options.checkToken?.gateway ?? true;
    this.log = (process.env.FAKE_DISCORD_DEBUG ? (line) => process.stderr.write(`[fake-discord] ${line}\n`) : undefined);
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.apiBase = `${this.baseUrl}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}/gateway`;
    this.resumeGatewayUrl = `ws://127.0.0.1:${port}/gateway/resume`;

    const botId = snowflake(Date.now() - 400 * 86_400_000);
    this.botUser = {
      id: botId,
      username: 'talk-qa-test',
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: true,
      public_flags: 0,
      flags: 0,
    };
    this.applicationId = botId;
    this.testUser = {
      id: snowflake(Date.now() - 800 * 86_400_000),
      username: 'tester',
      discriminator: '0',
      global_name: 'Tester',
      avatar: null,
      public_flags: 0,
    };
    this.token =
      options.token ??
      `${Buffer.from(botId).toString('base64url')}.${randomBytes(4).toString('base64url')}.${randomBytes(27).toString('base64url')}`;
    this.guilds = this.makeGuilds(options.guilds ?? 1);

    this.wss = new WebSocketServer({ noServer: true });
    this.defineRoutes();
  }

  /** Start a server on 127.0.0.1 with a free port. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    let fake: FakeDiscord | undefined;
    const server = createServer((req, res) => {
      if (fake) void fake.handleHttp(req, res);
      else res.writeHead(503).end();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    fake = new FakeDiscord(server, port, options);
    const self = fake;
    server.on('upgrade', (req, socket, head) => {
      const path = new URL(req.url ?? '/', self.baseUrl).pathname;
      if (self.closed || (path !== '/gateway' && path !== '/gateway/resume')) {
        socket.destroy();
        return;
      }
      self.wss.handleUpgrade(req, socket, head, (ws) => self.onGatewayConnection(ws, req));
    });
    return fake;
  }

  /** Stop everything: open gateway connections are dropped, pending waiters reject, hung requests are cut. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of [...this.waiters]) waiter.fail(new Error('FakeDiscord closed'));
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const conn of this.conns) conn.ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /* ───────────────────────────── fault injection ───────────────────────────── */

  /**
   * Make the next matching REST request(s) fail: 429 (with the headers and body discord.js reads),
   * any other status, a delay, or no answer at all.
   *
   *   fake.failNext('POST /interactions/:id/:token/callback', { status: 429, retryAfter: 0.2 });
   *   fake.failNext('PATCH /webhooks/:app/:token/messages/@original', { status: 500, times: 4 });
   *
   * Note @discordjs/rest retries 5xx up to 3 times and retries 429 after Retry-After, so a single
   * 500 or 429 is invisible to the bot; `times: 4` makes a 500 surface as an error.
   */
  failNext(matcher: RequestMatcher, spec: FaultSpec): FaultHandle {
    const fault: Fault = { matcher, spec, remaining: spec.times ?? 1, hits: [] };
    this.faults.push(fault);
    return {
      hits: fault.hits,
      get remaining() {
        return fault.remaining;
      },
      cancel: () => {
        fault.remaining = 0;
      },
    };
  }

  /** Answer matching requests with a custom handler (checked before the built-in routes, after auth). */
  route(matcher: RequestMatcher, handler: (req: RecordedRequest) => RouteResult | Promise<RouteResult>): void {
    this.customRoutes.push({ matcher, handler });
  }

  /**
   * Close open gateway connections from the server side with `code` (default 4000, resumable).
   * discord.js resumes after 4000-style codes, re-identifies after 1000, and gives up after 4004 and 4010–4014.
   * 1000/1001 and the non-resumable codes end the session here, so later dispatches wait for the new IDENTIFY.
   * `abrupt: true` drops the TCP connection without a close frame (the client sees 1006).
   * Resolves when the connections are closed.
   */
  async closeGateway(code = 4000, options: { shard?: number; reason?: string; abrupt?: boolean } = {}): Promise<void> {
    const targets = this.openConnections(options.shard);
    if (SESSION_ENDING_CLOSE_CODES.has(code)) {
      for (const conn of targets) if (conn.session) this.endSession(conn.session, `server closed with ${code}`);
    }
    await Promise.all(
      targets.map(
        (conn) =>
          new Promise<void>((resolve) => {
            conn.info.closedBy = 'server';
            conn.info.closeCode = options.abrupt ? 1006 : code;
            conn.ws.once('close', () => resolve());
            if (options.abrupt) conn.ws.terminate();
            else conn.ws.close(code, options.reason ?? GATEWAY_CLOSE_REASONS[code] ?? '');
          }),
      ),
    );
  }

  /**
   * Send op 9 INVALID_SESSION. With `resumable` true discord.js RESUMEs on the same connection;
   * with false the session is dropped and the client reconnects and IDENTIFYs again (mind the
   * 5 s identify throttle, see `maxConcurrency`).
   */
  invalidateSession(resumable: boolean, options: { shard?: number } = {}): void {
    for (const conn of this.openConnections(options.shard)) {
      if (!resumable && conn.session) this.endSession(conn.session, 'invalidated (op 9, d: false)');
      this.sendFrame(conn, { op: Op.InvalidSession, d: resumable, s: null, t: null });
    }
  }

  /* ───────────────────────────── interactions: builders ───────────────────────────── */

  /** A realistic slash-command (CHAT_INPUT) INTERACTION_CREATE payload. */
  buildCommand(name: string, options: CommandOptionsInput = [], ctx: InteractionContext = {}): Json {
    const base = this.interactionBase(InteractionKind.ApplicationCommand, ctx);
    const opts = normalizeOptions(options);
    const registered = this.findRegisteredCommand(name, base.guild_id);
    const data: Json = { id: registered?.id ?? snowflake(), name, type: 1 };
    if (opts.length) data.options = opts;
    if (registered?.guild_id) data.guild_id = registered.guild_id;
    return { ...base, data, ...ctx.extra };
  }

  /**
   * An APPLICATION_COMMAND_AUTOCOMPLETE payload. The last option (unless one is already marked
   * `focused`) is marked focused. Discord sends the focused value as typed,
   * i.e. a string even for integer options.
   */
  buildAutocomplete(name: string, options: CommandOptionsInput, ctx: InteractionContext = {}): Json {
    const payload = this.buildCommand(name, options, ctx);
    payload.type = InteractionKind.Autocomplete;
    const leaves = leafOptions(payload.data.options ?? []);
    if (!leaves.some((o) => o.focused)) {
      const target = leaves.at(-1);
      if (!target) throw new Error('buildAutocomplete: no option to focus');
      target.focused = true;
    }
    return payload;
  }

  /** A button-click (MESSAGE_COMPONENT, component_type 2) payload, including the message the button is on. */
  buildButton(customId: string, ctx: InteractionContext = {}): Json {
    return this.buildComponent({ custom_id: customId, component_type: 2 }, ctx);
  }


  /* ───────────────────────────── interactions: sending & waiting ───────────────────────────── */

  /**
   * Send INTERACTION_CREATE over the gateway, to the session of shard `(guild_id >> 22) % num_shards`
   * (shard 0 for DMs). If that session is momentarily disconnected the event is stored and replayed on
   * RESUME; if there is no live session yet it waits up to `sessionTimeoutMs` (default 10000, enough for
   * discord.js's 5–6.5 s identify throttle) for one.
   */
  async dispatchInteraction(payload: Json, options: { sessionTimeoutMs?: number } = {}): Promise<DispatchResult> {
    if (typeof payload?.id !== 'string' || typeof payload?.token !== 'string') {
      throw new Error('dispatchInteraction: payload needs string id and token');
    }
    const stored: StoredInteraction = {
      id: payload.id,
      token: payload.token,
      payload,
      createdAt: Date.now(),
      callback: null,
      original: null,
      followUps: [],
    };
    this.interactions.set(stored.id, stored);
    this.interactionsByToken.set(stored.token, stored);
    return this.dispatch('INTERACTION_CREATE', payload, { guildId: payload.guild_id ?? null, ...options });
  }

  /**
   * Send a dispatch event to the session owning `guildId` (or shard `shard`, default 0), waiting for one.
   * Any payload, even `null` (the fault tests send malformed ones this way).
   */
  async dispatch(
    event: string,
    data: Json,
    options: { guildId?: string | null; shard?: number; sessionTimeoutMs?: number } = {},
  ): Promise<DispatchResult> {
    const session = await this.waitUntil(
      `a live gateway session for ${options.shard !== undefined ? `shard ${options.shard}` : `guild ${options.guildId ?? '(DM)'}`}`,
      options.sessionTimeoutMs ?? 10_000,
      () => this.sessionFor(options.guildId ?? null, options.shard),
    );
    const delivered = session.conn !== null;
    const seq = this.dispatchTo(session, event, data);
    return { sessionId: session.id, shardId: session.shard[0], seq, delivered };
  }

  /** Resolves with the (first successful) callback for the interaction. */
  waitForCallback(interactionId: string, timeoutMs = 5000): Promise<InteractionCallback> {
    return this.waitUntil(`the callback of interaction ${interactionId}`, timeoutMs, () => {
      return this.interactions.get(interactionId)?.callback ?? undefined;
    });
  }

  /**
   * Resolves with the first request (at or after index `since`, default 0 — i.e. including ones already
   * received) that matches. Use `{ since: fake.requests.length }` to wait for a new one only.
   */
  waitForRequest(matcher: RequestMatcher, timeoutMs = 5000, options: { since?: number } = {}): Promise<RecordedRequest> {
    const since = options.since ?? 0;
    return this.waitUntil(`a request matching ${describeMatcher(matcher)}`, timeoutMs, () => {
      for (let i = since; i < this.requests.length; i++) {
        const req = this.requests[i];
        if (req && matches(matcher, req)) return req;
      }
      return undefined;
    });
  }

  /** Resolves with the `nth` (default 0) successful edit (PATCH) of the interaction's original response. */
  waitForEdit(interactionId: string, options: { nth?: number; timeoutMs?: number } = {}): Promise<RecordedRequest> {
    return this.waitForInteractionRequest(interactionId, 'PATCH', '/messages/@original', options);
  }

  /** Resolves with the `nth` (default 0) successful follow-up (POST /webhooks/{app}/{token}) of the interaction. */
  waitForFollowUp(interactionId: string, options: { nth?: number; timeoutMs?: number } = {}): Promise<RecordedRequest> {
    return this.waitForInteractionRequest(interactionId, 'POST', '', options);
  }

  /** Resolves when `count` IDENTIFYs (default 1) have been accepted. */
  waitForIdentifies(count = 1, timeoutMs = 10_000): Promise<RecordedIdentify[]> {
    return this.waitUntil(`${count} accepted IDENTIFY`, timeoutMs, () => {
      const ok = this.identifies.filter((i) => i.sessionId !== null);
      return ok.length >= count ? ok : undefined;
    });
  }

  /** Resolves when `count` RESUMEs (default 1) have been accepted. */
  waitForResumes(count = 1, timeoutMs = 10_000): Promise<RecordedResume[]> {
    return this.waitUntil(`${count} accepted RESUME`, timeoutMs, () => {
      const ok = this.resumes.filter((r) => r.accepted);
      return ok.length >= count ? ok : undefined;
    });
  }

  /** The current state of the interaction's original response message (after replies and edits), if any. */
  originalMessage(interactionId: string): Json | null {
    return this.interactions.get(interactionId)?.original ?? null;
  }

  /** The interaction's follow-up messages, in order. */
  followUps(interactionId: string): Json[] {
    return this.interactions.get(interactionId)?.followUps ?? [];
  }

  /* ───────────────────────────── interactions: conveniences ───────────────────────────── */

  /**
   * Dispatch a slash command and wait for its callback.
   *
   *   const { interaction, callback } = await fake.command('ask', { question: '…' }, { locale: 'zh-CN' });
   */
  async command(name: string, options: CommandOptionsInput = [], ctx: ExchangeOptions = {}): Promise<InteractionExchange> {
    return this.exchange(this.buildCommand(name, options, ctx), ctx.timeoutMs);
  }

  /** Dispatch an autocomplete interaction and wait for its callback (type 8 with `data.choices`). */
  async autocomplete(name: string, options: CommandOptionsInput, ctx: ExchangeOptions = {}): Promise<InteractionExchange> {
    return this.exchange(this.buildAutocomplete(name, options, ctx), ctx.timeoutMs);
  }

  /** Click a button and wait for the callback. */
  async button(customId: string, ctx: ExchangeOptions = {}): Promise<InteractionExchange> {
    return this.exchange(this.buildButton(customId, ctx), ctx.timeoutMs);
  }


  /* ═════════════════════════════════════ internals ═════════════════════════════════════ */

  private async exchange(interaction: Json, timeoutMs = 5000): Promise<InteractionExchange> {
    const dispatch = await this.dispatchInteraction(interaction);
    const callback = await this.waitForCallback(interaction.id, timeoutMs);
    return { interaction, callback, dispatch };
  }

  private waitForInteractionRequest(
    interactionId: string,
    method: string,
    suffix: string,
    options: { nth?: number; timeoutMs?: number },
  ): Promise<RecordedRequest> {
    const nth = options.nth ?? 0;
    return this.waitUntil(`${method} …${suffix} #${nth} for interaction ${interactionId}`, options.timeoutMs ?? 5000, () => {
      const it = this.interactions.get(interactionId);
      if (!it) return undefined;
      const path = `/webhooks/${this.applicationId}/${it.token}${suffix}`;
      const hits = this.requests.filter(
        (r) => r.method === method && r.path === path && r.status !== null && r.status < 300,
      );
      return hits[nth];
    });
  }

  /**
   * Core of every waitFor*: resolves with the first non-undefined result of `probe`, re-evaluated after
   * every state change; rejects after `timeoutMs` with a summary of recent traffic.
   */
  private waitUntil<T>(what: string, timeoutMs: number, probe: () => T | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.closed) {
        reject(new Error(`FakeDiscord closed (while waiting for ${what})`));
        return;
      }
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const waiter: Waiter = {
        check: () => {
          let value: T | undefined;
          try {
            value = probe();
          } catch (error) {
            finish();
            reject(error as Error);
            return true;
          }
          if (value === undefined) return false;
          finish();
          resolve(value);
          return true;
        },
        fail: (error) => {
          finish();
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`FakeDiscord: timed out after ${timeoutMs} ms waiting for ${what}.\n${this.recentActivity()}`));
      }, timeoutMs);
      this.waiters.add(waiter);
      waiter.check();
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter.check();
  }

  private recentActivity(): string {
    const reqs = this.requests.slice(-8).map((r) => `  ${r.method} ${r.path} → ${r.status ?? 'pending'}`);
    const frames = this.frames.slice(-8).map((f) => `  ${f.direction} conn${f.connectionId} op${f.op}${f.t ? ` ${f.t}` : ''}`);
    const dropped = this.droppedDispatches.map((e) => `  ${e.t} s=${e.s} (${e.reason})`);
    return (
      `Recent requests:\n${reqs.join('\n') || '  (none)'}\nRecent gateway frames:\n${frames.join('\n') || '  (none)'}` +
      (dropped.length ? `\nDispatches lost with their session:\n${dropped.join('\n')}` : '')
    );
  }

  private trace(line: string): void {
    this.log?.(line);
  }

  /* ───────────────────────────── guilds, users, payload pieces ───────────────────────────── */

  private makeGuilds(spec: number | Array<Partial<FakeGuild>>): FakeGuild[] {
    const list: Array<Partial<FakeGuild>> = typeof spec === 'number' ? Array.from({ length: spec }, () => ({})) : spec;
    // Consecutive millisecond timestamps give consecutive shard ids: guild i lands on shard i % n.
    const base = Date.now() - 200 * 86_400_000;
    return list.map((g, i) => ({
      id: g.id ?? snowflake(base + i),
      name: g.name ?? `Test Guild ${i + 1}`,
      channelId: g.channelId ?? snowflake(base + i + 10_000),
      preferredLocale: g.preferredLocale ?? 'en-US',
      ownerId: g.ownerId ?? this.testUser.id,
    }));
  }

  private guildById(id: string | null | undefined): FakeGuild | undefined {
    return id ? this.guilds.find((g) => g.id === id) : undefined;
  }

  private channelObject(guild: FakeGuild): Json {
    return {
      id: guild.channelId,
      type: 0,
      guild_id: guild.id,
      name: 'general',
      position: 0,
      permission_overwrites: [],
      topic: null,
      nsfw: false,
      last_message_id: null,
      rate_limit_per_user: 0,
      parent_id: null,
      flags: 0,
    };
  }

  /** GUILD_CREATE payload for a guild: full enough for discord.js caches (roles, channels, the bot member). */
  private guildCreatePayload(guild: FakeGuild): Json {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: guild.preferredLocale,
      system_channel_id: guild.channelId,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      application_id: null,
      features: [],
      max_members: 500000,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      joined_at: new Date(Date.now() - 86_400_000).toISOString(),
      large: false,
      unavailable: false,
      lazy: true,
      member_count: 2,
      roles: [
        {
          id: guild.id,
          name: '@everyone',
          color: 0,
          colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
          hoist: false,
          icon: null,
          unicode_emoji: null,
          position: 0,
          permissions: MEMBER_PERMISSIONS,
          managed: false,
          mentionable: false,
          flags: 0,
        },
      ],
      channels: [this.channelObject(guild)],
      threads: [],
      members: [
        { user: this.botUser, roles: [], ...memberDefaults(1) },
      ],
      presences: [],
      voice_states: [],
      emojis: [],
      stickers: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      embedded_activities: [],
    };
  }

  /** Fields every interaction has (ids, token, who, where, locale, permissions, integration owners). */
  private interactionBase(type: number, ctx: InteractionContext): Json {
    const user = { ...this.testUser, ...ctx.user };
    const id = snowflake();
    // Real tokens look like base64("interaction:<id>:<secret>").
    const token = Buffer.from(`interaction:${id}:${randomBytes(48).toString('base64url')}`).toString('base64url');
    const common = {
      id,
      application_id: this.applicationId,
      type,
      token,
      version: 1,
      locale: ctx.locale ?? 'en-US',
      app_permissions: MEMBER_PERMISSIONS,
      entitlements: [],
      attachment_size_limit: 10_485_760,
    };
    if (ctx.guildId === null) {
      const channelId = snowflake();
      return {
        ...common,
        channel_id: channelId,
        channel: { id: channelId, type: 1, last_message_id: null, flags: 0, recipients: [user] },
        user,
        authorizing_integration_owners: { '0': '0' },
        context: 1, // BOT_DM
      };
    }
    const guild = ctx.guildId ? this.guildById(ctx.guildId) : this.guilds[0];
    const guildId = ctx.guildId ?? guild?.id;
    if (!guildId) throw new Error('FakeDiscord: no guild for the interaction (pass guildId, or guilds > 0)');
    const channelId = guild?.channelId ?? snowflake();
    return {
      ...common,
      guild_id: guildId,
      guild: { id: guildId, locale: guild?.preferredLocale ?? 'en-US', features: [] },
      guild_locale: guild?.preferredLocale ?? 'en-US',
      channel_id: channelId,
      channel: {
        ...(guild ? this.channelObject(guild) : { id: channelId, type: 0, guild_id: guildId, name: 'general' }),
        id: channelId,
        permissions: ctx.memberPermissions ?? MEMBER_PERMISSIONS,
      },
      member: {
        user,
        roles: [],
        permissions: ctx.memberPermissions ?? MEMBER_PERMISSIONS,
        ...memberDefaults(30),
        banner: null,
        unusual_dm_activity_until: null,
      },
      authorizing_integration_owners: { '0': guildId },
      context: 0, // GUILD
    };
  }

  private buildComponent(data: Json, ctx: InteractionContext): Json {
    const base = this.interactionBase(InteractionKind.MessageComponent, ctx);
    const message =
      ctx.message ?? this.findMessageWithComponent(data.custom_id) ?? this.syntheticComponentMessage(base, data);
    return { ...base, data, message, ...ctx.extra };
  }

  private findMessageWithComponent(customId: string): Json | undefined {
    const all = [...this.messages.values()].reverse();
    return all.find((m) => componentCustomIds(m.components ?? []).includes(customId));
  }

  private syntheticComponentMessage(base: Json, data: Json): Json {
    const component = { type: 2, style: 1, label: 'Button', custom_id: data.custom_id };
    return this.messageObject({
      channelId: base.channel_id,
      guildId: base.guild_id,
      data: { content: 'Message with a component', components: [{ type: 1, components: [component] }] },
      type: 0,
    });
  }

  private findRegisteredCommand(name: string, guildId: string | undefined): Json | undefined {
    const guildCmds = guildId ? this.guildCommands.get(guildId) ?? [] : [];
    return [...guildCmds, ...this.globalCommands].find((c) => c.name === name && (c.type ?? 1) === 1);
  }

  /* ───────────────────────────── messages ───────────────────────────── */

  /** Build a Discord message object the way Discord returns it for bot/webhook messages. */
  private messageObject(args: {
    channelId: string;
    guildId?: string;
    data: Json;
    files?: RecordedFile[];
    type: number;
    interaction?: StoredInteraction;
  }): Json {
    const { data } = args;
    const id = snowflake();
    const message: Json = {
      id,
      type: args.type,
      channel_id: args.channelId,
      author: { ...this.botUser },
      content: typeof data?.content === 'string' ? data.content : '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: Boolean(data?.tts),
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: this.resolveAttachments(data?.attachments, args.files ?? [], []),
      embeds: Array.isArray(data?.embeds) ? data.embeds.map(normalizeEmbed) : [],
      components: Array.isArray(data?.components) ? data.components : [],
      pinned: false,
      flags: typeof data?.flags === 'number' ? data.flags : 0,
    };
    if (args.guildId) message.guild_id = args.guildId;
    if (args.interaction) {
      const payload = args.interaction.payload;
      message.application_id = this.applicationId;
      message.webhook_id = this.applicationId;
      message.interaction_metadata = {
        id: payload.id,
        type: payload.type,
        user: payload.member?.user ?? payload.user,
        authorizing_integration_owners: payload.authorizing_integration_owners,
        ...(payload.type === InteractionKind.ApplicationCommand ? { name: payload.data?.name, command_type: payload.data?.type } : {}),
      };
    }
    this.messages.set(id, message);
    return message;
  }

  /** Apply an edit body (content/embeds/components/attachments/flags) to a stored message, in place. */
  private patchMessage(message: Json, data: Json, files: RecordedFile[]): Json {
    if (data == null) return message;
    if ('content' in data) message.content = data.content ?? '';
    if ('embeds' in data) message.embeds = (data.embeds ?? []).map(normalizeEmbed);
    if ('components' in data) message.components = data.components ?? [];
    if ('attachments' in data || files.length) message.attachments = this.resolveAttachments(data.attachments, files, message.attachments);
    if (typeof data.flags === 'number') message.flags = (message.flags & MessageFlag.Ephemeral) | data.flags;
    message.flags &= ~MessageFlag.Loading;
    message.edited_timestamp = new Date().toISOString();
    return message;
  }

  /**
   * Turn `attachments` of a body (`[{ id: 0, filename }]` for new uploads referencing `files[0]`, or
   * `{ id: <snowflake> }` to keep an existing one) plus uploaded parts into message attachment objects.
   */
  private resolveAttachments(bodyAttachments: Json, files: RecordedFile[], previous: Json[]): Json[] {
    const byField = new Map(files.map((f) => [f.field, f]));
    const entries: Json[] = Array.isArray(bodyAttachments)
      ? bodyAttachments
      : files.map((f, i) => ({ id: fileIndex(f.field) ?? i }));
    const result: Json[] = [];
    for (const entry of entries) {
      const file = byField.get(`files[${entry.id}]`);
      if (file) {
        const id = snowflake();
        const filename = entry.filename ?? file.filename;
        const url = `${this.baseUrl}/attachments/${id}/${encodeURIComponent(filename)}`; // not served
        result.push({
          id,
          filename,
          size: file.data.length,
          url,
          proxy_url: url,
          content_type: file.contentType ?? undefined,
          ...(entry.description ? { description: entry.description } : {}),
        });
      } else {
        const kept = previous.find((a) => a.id === String(entry.id));
        if (kept) result.push(kept);
      }
    }
    return result;
  }

  /* ───────────────────────────── HTTP ───────────────────────────── */

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const url = new URL(req.url ?? '/', this.baseUrl);


    const record = this.recordRequest(req, url, rawBody);
    this.trace(`→ ${record.method} ${record.url} ${record.body !== undefined ? JSON.stringify(record.body).slice(0, 300) : ''}`);

    let result: RouteResult;
    let delayMs = 0;
    let hang = false;
    try {
      // A wrong token is refused on every route, before anything else (as Discord does).
      if (record.authToken !== null && this.checkRestToken && record.authToken !== this.token) {
        throw new HttpError(401, { message: '401: Unauthorized', code: 0 });
      }
      const fault = this.takeFault(record);
      if (fault) {
        record.fault = fault.spec;
        fault.hits.push(record);
        delayMs = fault.spec.delayMs ?? 0;
        hang = fault.spec.hang ?? false;
      }
      // A hung request is never processed (as if lost on the way); a delayed one is processed, then answered late.
      if (hang || fault?.spec.reset) result = {};
      else result = (fault ? faultResponse(fault.spec, record) : undefined) ?? (await this.resolveRoute(record));
    } catch (error) {
      result =
        error instanceof HttpError
          ? { status: error.status, body: error.body }
          : { status: 500, body: { message: `500: Internal Server Error (fake: ${(error as Error).message})`, code: 0 } };
    }

    if (record.fault?.reset) {
      this.trace(`← (reset) ${record.method} ${record.path}`);
      req.socket.destroy();
      this.notify();
      return;
    }
    if (hang) {
      this.trace(`← (hanging) ${record.method} ${record.path}`);
      this.notify();
      return;
    }
    const status = result.status ?? (result.body === undefined ? 204 : 200);
    record.status = status;
    record.response = result.body;
    this.trace(`← ${status} ${record.method} ${record.path}`);
    this.notify();

    const send = (): void => {
      if (res.destroyed) return;
      if (result.body === undefined) {
        res.writeHead(status, result.headers).end();
      } else {
        res.writeHead(status, { ...result.headers, 'content-type': 'application/json' }).end(JSON.stringify(result.body));
      }
    };
    if (delayMs > 0) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        send();
      }, delayMs);
      this.timers.add(timer);
    } else {
      send();
    }
  }

  private recordRequest(req: IncomingMessage, url: URL, rawBody: Buffer): RecordedRequest {
    const segments = url.pathname.split('/').map(safeDecode);
    // ['', 'api', 'v10', ...rest]
    let apiVersion: number | null = null;
    let rest = segments.slice(1);
    if (rest[0] === 'api') rest = rest.slice(1);
    const versionMatch = /^v(\d+)$/.exec(rest[0] ?? '');
    if (versionMatch) {
      apiVersion = Number(versionMatch[1]);
      rest = rest.slice(1);
    }
    const contentType = req.headers['content-type'] ?? null;
    let body: Json;
    let formFields: Record<string, string> = {};
    let files: RecordedFile[] = [];
    if (rawBody.length && contentType?.startsWith('multipart/form-data')) {
      ({ fields: formFields, files } = parseMultipart(rawBody, contentType));
      if (formFields.payload_json !== undefined) body = tryParseJson(formFields.payload_json);
    } else if (rawBody.length) {
      body = tryParseJson(rawBody.toString('utf8'));
    }
    const auth = req.headers.authorization ?? null;
    const record: RecordedRequest = {
      index: this.requests.length,
      at: Date.now(),
      method: (req.method ?? 'GET').toUpperCase(),
      url: req.url ?? '/',
      path: `/${rest.join('/')}`,
      apiVersion,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      authToken: auth === null ? null : auth.replace(/^(Bot|Bearer)\s+/i, ''),
      contentType,
      body,
      formFields,
      files,
      rawBody,
      status: null,
      response: undefined,
    };
    this.requests.push(record);
    return record;
  }

  private takeFault(req: RecordedRequest): Fault | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && matches(f.matcher, req));
    if (fault) fault.remaining--;
    return fault;
  }

  /** Custom routes first, then built-in ones, then 404. */
  private async resolveRoute(req: RecordedRequest): Promise<RouteResult> {
    for (const custom of this.customRoutes) {
      if (matches(custom.matcher, req)) return custom.handler(req);
    }
    let methodMismatch = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(req.path);
      if (!m) continue;
      if (route.method !== req.method) {
        methodMismatch = true;
        continue;
      }
      if (route.auth && req.authToken === null) throw new HttpError(401, { message: '401: Unauthorized', code: 0 });
      const params = Object.fromEntries(route.keys.map((k, i) => [k, m[i + 1] ?? '']));
      return route.handler(req, params);
    }
    if (methodMismatch) throw new HttpError(405, { message: '405: Method Not Allowed', code: 0 });
    throw new HttpError(404, { message: '404: Not Found', code: 0 });
  }

  private on(method: string, template: string, auth: boolean, handler: Handler): void {
    const { pattern, keys } = compileTemplate(template);
    this.routes.push({ method, pattern, keys, auth, handler });
  }

  private defineRoutes(): void {
    const app = (p: Record<string, string>): void => {
      if (p.app !== this.applicationId) throw new HttpError(404, { message: 'Unknown Application', code: 10002 });
    };

    this.on('GET', '/gateway', false, () => ({ body: { url: this.gatewayUrl } }));
    this.on('GET', '/gateway/bot', true, () => ({
      body: {
        url: this.gatewayUrl,
        shards: this.options.shards,
        session_start_limit: {
          total: 1000,
          remaining: 1000,
          reset_after: 86_400_000,
          max_concurrency: this.options.maxConcurrency,
        },
      },
    }));
    this.on('GET', '/users/@me', true, () => ({ body: this.botUser }));
    const application = (): RouteResult => ({ body: this.applicationObject() });
    this.on('GET', '/applications/@me', true, application);
    this.on('GET', '/oauth2/applications/@me', true, application);

    // Application commands, global and per guild.
    const commandRoutes = (prefix: string, list: (p: Record<string, string>) => Json[]): void => {
      this.on('GET', `${prefix}/commands`, true, (_req, p) => (app(p), { body: list(p) }));
      this.on('PUT', `${prefix}/commands`, true, (req, p) => {
        app(p);
        if (!Array.isArray(req.body)) throw invalidFormBody({ _errors: [formError('BASE_TYPE_ARRAY', 'Must be an array.')] });
        validateCommands(req.body);
        const store = list(p);
        const next = req.body.map((cmd: Json) => this.storeCommand(cmd, store, p.guild));
        store.splice(0, store.length, ...next);
        return { body: store };
      });
    };
    commandRoutes('/applications/:app', () => this.globalCommands);
    commandRoutes('/applications/:app/guilds/:guild', (p) => {
      const guild = p.guild ?? '';
      if (!this.guildCommands.has(guild)) this.guildCommands.set(guild, []);
      return this.guildCommands.get(guild) as Json[];
    });

    // Interaction responses.
    this.on('POST', '/interactions/:id/:token/callback', false, (req, p) => this.handleCallback(req, p.id ?? '', p.token ?? ''));
    this.on('POST', '/webhooks/:app/:token', false, (req, p) => {
      const it = this.interactionForWebhook(p);
      if (!it.callback) throw new HttpError(404, { message: 'Unknown Webhook', code: 10015 });
      this.validateMessageBody(req, [], true);
      const message = this.messageObject({
        channelId: it.payload.channel_id,
        guildId: it.payload.guild_id,
        data: req.body,
        files: req.files,
        type: 0,
        interaction: it,
      });
      it.followUps.push(message);
      return req.query.wait === 'true' ? { body: message } : { status: 204 };
    });
    const webhookMessage = (p: Record<string, string>): { it: StoredInteraction; message: Json } => {
      const it = this.interactionForWebhook(p);
      const message = p.msg === '@original' ? it.original : it.followUps.find((m) => m.id === p.msg) ?? (it.original?.id === p.msg ? it.original : null);
      if (!message) throw new HttpError(404, { message: 'Unknown Message', code: 10008 });
      return { it, message };
    };
    this.on('PATCH', '/webhooks/:app/:token/messages/:msg', false, (req, p) => {
      const { message } = webhookMessage(p);
      this.validateMessageBody(req, [], false);
      return { body: this.patchMessage(message, req.body, req.files) };
    });
    this.on('DELETE', '/webhooks/:app/:token/messages/:msg', false, (_req, p) => {
      const { it, message } = webhookMessage(p);
      if (it.original === message) it.original = null;
      else it.followUps.splice(it.followUps.indexOf(message), 1);
      this.messages.delete(message.id);
      return { status: 204 };
    });
  }

  private applicationObject(): Json {
    return {
      id: this.applicationId,
      name: this.botUser.username,
      icon: null,
      description: '',
      summary: '',
      type: null,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: randomBytes(32).toString('hex'),
      flags: 0,
      owner: { ...this.testUser },
      team: null,
      bot: this.botUser,
      tags: [],
      install_params: undefined,
      integration_types_config: { '0': {} },
      approximate_guild_count: this.guilds.length,
    };
  }

  private storeCommand(cmd: Json, store: Json[], guildId: string | undefined): Json {
    const type = cmd.type ?? 1;
    const existing = store.find((c) => c.name === cmd.name && c.type === type);
    return {
      id: existing?.id ?? snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      default_member_permissions: null,
      type,
      description: '',
      dm_permission: true,
      nsfw: false,
      integration_types: [0],
      contexts: null,
      ...cmd,
      ...(guildId ? { guild_id: guildId } : {}),
    };
  }

  private interactionForWebhook(p: Record<string, string>): StoredInteraction {
    if (p.app !== this.applicationId) throw new HttpError(404, { message: 'Unknown Webhook', code: 10015 });
    const it = this.interactionsByToken.get(p.token ?? '');
    if (!it) throw new HttpError(404, { message: 'Unknown Webhook', code: 10015 });
    return it;
  }

  private handleCallback(req: RecordedRequest, id: string, token: string): RouteResult {
    const it = this.interactions.get(id);
    if (!it || it.token !== token) throw new HttpError(404, { message: 'Unknown interaction', code: 10062 });
    const deadline = this.options.callbackDeadlineMs;
    if (deadline != null && Date.now() - it.createdAt > deadline) {
      throw new HttpError(404, { message: 'Unknown interaction', code: 10062 });
    }
    if (it.callback) throw new HttpError(400, { message: 'Interaction has already been acknowledged.', code: 40060 });

    const body = req.body ?? {};
    const data = body.data ?? {};
    const payload = it.payload;
    const isComponent = payload.type === InteractionKind.MessageComponent;
    const mismatch = (): never => {
      throw new HttpError(400, { message: 'Interaction callback type mismatch (fake)', code: 50035 });
    };
    const messageType = payload.type === InteractionKind.ApplicationCommand ? 20 : 0;
    const newMessage = (content: Json, files: RecordedFile[]): Json =>
      this.messageObject({ channelId: payload.channel_id, guildId: payload.guild_id, data: content, files, type: messageType, interaction: it });

    switch (body.type) {
      case CallbackType.ChannelMessageWithSource:
        if (payload.type === InteractionKind.Autocomplete) mismatch();
        this.validateMessageBody(req, ['data'], true);
        it.original = newMessage(data, req.files);
        break;
      case CallbackType.DeferredChannelMessageWithSource:
        if (payload.type === InteractionKind.Autocomplete) mismatch();
        it.original = newMessage({ content: '', flags: ((data.flags ?? 0) & MessageFlag.Ephemeral) | MessageFlag.Loading }, []);
        break;
      case CallbackType.DeferredUpdateMessage:
      case CallbackType.UpdateMessage:
        if (!isComponent || !payload.message) mismatch();
        if (body.type === CallbackType.UpdateMessage) this.validateMessageBody(req, ['data'], false);
        it.original = this.messages.get(payload.message.id) ?? structuredClone(payload.message);
        this.messages.set(it.original.id, it.original);
        if (body.type === CallbackType.UpdateMessage) this.patchMessage(it.original, data, req.files);
        break;
      case CallbackType.ApplicationCommandAutocompleteResult:
        if (payload.type !== InteractionKind.Autocomplete) mismatch();
        validateChoices(data.choices);
        break;
      default:
        throw invalidFormBody({ type: { _errors: [formError('BASE_TYPE_CHOICES', `Value must be one of {1, 4, 5, 6, 7, 8, 9, 10, 12} (the fake: 4–8).`)] } });
    }

    const callback: InteractionCallback = { interactionId: id, token, type: body.type, data: body.data, body, files: req.files, request: req };
    it.callback = callback;
    this.callbacks.push(callback);

    if (req.query.with_response !== 'true') return { status: 204 };
    const original = it.original;
    return {
      body: {
        interaction: {
          id,
          type: payload.type,
          response_message_id: original?.id,
          response_message_loading: body.type === CallbackType.DeferredChannelMessageWithSource,
          response_message_ephemeral: Boolean((original?.flags ?? 0) & MessageFlag.Ephemeral),
        },
        resource: original ? { type: body.type, message: original } : { type: body.type },
      },
    };
  }

  /** Discord-like 400s for bodies that break message limits. */
  private validateMessageBody(req: RecordedRequest, path: string[], requireContent: boolean): void {
    const root = path.reduce((obj: Json, key) => obj?.[key], req.body) ?? {};
    const errors = messageErrors(root);
    if (errors.length) throw invalidFormBody(nestErrors(errors.map((e) => ({ ...e, path: [...path, ...e.path] }))));
    if (requireContent) {
      const empty =
        !root.content && !(root.embeds?.length) && !(root.components?.length) && !req.files.length &&
        !(root.attachments?.length) && !(root.sticker_ids?.length) && !root.poll;
      if (empty) throw new HttpError(400, { message: 'Cannot send an empty message', code: 50006 });
    }
  }

  /* ───────────────────────────── gateway ───────────────────────────── */

  private openConnections(shard?: number): GatewayConnection[] {
    return this.conns.filter(
      (c) => c.info.closedAt === null && c.ws.readyState === WebSocket.OPEN && (shard === undefined || c.session?.shard[0] === shard),
    );
  }

  /** The newest live session for the shard that owns `guildId` (shard 0 for DMs), or for `shard`. */
  private sessionFor(guildId: string | null, shard?: number): GatewaySession | undefined {
    const live = [...this.sessions.values()].filter((s) => s.state !== 'dead');
    const newest = live.at(-1);
    if (!newest) return undefined;
    const shardCount = newest.shard[1];
    const shardId = shard ?? (guildId ? shardIdForGuild(guildId, shardCount) : 0);
    return live.filter((s) => s.shard[0] === shardId && s.shard[1] === shardCount).at(-1);
  }

  private onGatewayConnection(ws: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const conn: GatewayConnection = {
      info: {
        id: ++this.connectionSeq,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        openedAt: Date.now(),
        closedAt: null,
        closeCode: null,
        closedBy: null,
        sessionId: null,
        shard: null,
      },
      ws,
      session: null,
    };
    this.conns.push(conn);
    this.connections.push(conn.info);
    this.trace(`gateway conn${conn.info.id} opened ${req.url}`);
    ws.on('message', (data, isBinary) => this.onGatewayMessage(conn, data, isBinary));
    ws.on('close', (code) => this.onGatewayClose(conn, code));
    ws.on('error', (err) => this.trace(`gateway conn${conn.info.id} error ${err.message}`));

    if (conn.info.query.v && conn.info.query.v !== '10' && conn.info.query.v !== '9') {
      this.closeConnection(conn, 4012);
      return;
    }
    if (conn.info.query.encoding && conn.info.query.encoding !== 'json') {
      // Only JSON text frames are spoken here (etf is not). `compress` is ignored: frames are never compressed.
      this.closeConnection(conn, 4002);
      return;
    }
    if (this.options.stallLogin === 'hello') return;
    this.sendFrame(conn, {
      op: Op.Hello,
      d: { heartbeat_interval: HEARTBEAT_INTERVAL_MS, _trace: ['["fake-discord-gateway",{"micros":0}]'] },
      s: null,
      t: null,
    });
  }

  private onGatewayMessage(conn: GatewayConnection, data: RawData, isBinary: boolean): void {
    let msg: Json;
    try {
      if (isBinary) throw new Error('binary');
      msg = JSON.parse(rawDataToString(data));
    } catch {
      this.closeConnection(conn, 4002);
      return;
    }
    this.frames.push({ at: Date.now(), connectionId: conn.info.id, direction: 'in', op: msg?.op ?? null, t: null, s: null, d: msg?.d });
    this.trace(`gw conn${conn.info.id} ⇐ op${msg?.op}`);

    switch (msg?.op) {
      case Op.Heartbeat:
        this.sendFrame(conn, { op: Op.HeartbeatAck, d: null, s: null, t: null });
        break;
      case Op.Identify:
        this.onIdentify(conn, msg.d ?? {});
        break;
      case Op.Resume:
        this.onResume(conn, msg.d ?? {});
        break;
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
      case Op.RequestGuildMembers:
      case Op.RequestSoundboardSounds:
        if (!conn.session) this.closeConnection(conn, 4003);
        break; // recorded in `frames`, otherwise ignored
      default:
        this.closeConnection(conn, 4001);
    }
    this.notify();
  }

  private onIdentify(conn: GatewayConnection, d: Json): void {
    const shard: [number, number] | null = Array.isArray(d.shard) ? [Number(d.shard[0]), Number(d.shard[1])] : null;
    const tokenValid = !this.checkGatewayToken || d.token === this.token;
    const record: RecordedIdentify = {
      at: Date.now(),
      connectionId: conn.info.id,
      token: String(d.token ?? ''),
      tokenValid,
      shard,
      intents: Number(d.intents),
      properties: d.properties,
      sessionId: null,
      rejectedWith: null,
      raw: d,
    };
    this.identifies.push(record);
    const reject = (code: number): void => {
      record.rejectedWith = code;
      this.closeConnection(conn, code);
    };
    if (this.options.stallLogin === 'ready') return;
    if (this.options.stallLogin === 'drop') return void conn.ws.terminate();
    if (conn.session) return reject(4005);
    if (!tokenValid) return reject(4004);
    if (shard && !(shard[1] >= 1 && shard[0] >= 0 && shard[0] < shard[1])) return reject(4010);
    if (!Number.isInteger(record.intents) || record.intents < 0) return reject(4013);

    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'),
      shard: shard ?? [0, 1],
      seq: 0,
      events: [],
      conn,
      state: 'open',
      undelivered: [],
    };
    // A fresh IDENTIFY for a shard supersedes its older, disconnected sessions.
    for (const old of this.sessions.values()) {
      if (old.state !== 'dead' && old.conn === null && old.shard[0] === session.shard[0] && old.shard[1] === session.shard[1]) {
        this.endSession(old, `superseded by a new IDENTIFY (session ${session.id})`);
      }
    }
    this.sessions.set(session.id, session);
    conn.session = session;
    conn.info.sessionId = session.id;
    conn.info.shard = session.shard;
    record.sessionId = session.id;

    const [shardId, shardCount] = session.shard;
    const guilds = this.guilds.filter((g) => shardIdForGuild(g.id, shardCount) === shardId);
    this.dispatchTo(session, 'READY', {
      v: 10,
      user: { ...this.botUser, verified: true, mfa_enabled: false, email: null },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.resumeGatewayUrl,
      ...(shard ? { shard } : {}),
      application: { id: this.applicationId, flags: 0 },
      user_settings: {},
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      auth_session_id_hash: randomBytes(16).toString('base64'),
      _trace: ['["fake-discord-gateway",{"micros":0}]'],
    });
    // discord.js waits (15 s by default) for a GUILD_CREATE for every guild listed in READY.
    for (const guild of guilds) this.dispatchTo(session, 'GUILD_CREATE', this.guildCreatePayload(guild));
  }

  private onResume(conn: GatewayConnection, d: Json): void {
    const record: RecordedResume = {
      at: Date.now(),
      connectionId: conn.info.id,
      sessionId: String(d.session_id ?? ''),
      seq: typeof d.seq === 'number' ? d.seq : null,
      accepted: false,
      replayed: 0,
    };
    this.resumes.push(record);
    if (this.checkGatewayToken && d.token !== this.token) {
      this.closeConnection(conn, 4004);
      return;
    }
    const session = this.sessions.get(record.sessionId);
    if (!session || session.state === 'dead') {
      // Discord answers a failed RESUME with INVALID_SESSION (d: false); the client then re-identifies.
      this.sendFrame(conn, { op: Op.InvalidSession, d: false, s: null, t: null });
      return;
    }
    const from = record.seq ?? 0;
    if (from > session.seq) {
      this.closeConnection(conn, 4007);
      return;
    }
    if (session.conn && session.conn !== conn) {
      const old = session.conn;
      old.session = null; // the old socket no longer owns the session
      if (old.ws.readyState === WebSocket.OPEN) this.closeConnection(old, 4000);
    }
    session.conn = conn;
    session.state = 'open';
    session.undelivered = [];
    conn.session = session;
    conn.info.sessionId = session.id;
    conn.info.shard = session.shard;
    const missed = session.events.filter((e) => e.s > from);
    for (const event of missed) this.sendFrame(conn, event);
    record.replayed = missed.length;
    record.accepted = true;
    this.dispatchTo(session, 'RESUMED', { _trace: ['["fake-discord-gateway",{"micros":0}]'] });
  }

  private onGatewayClose(conn: GatewayConnection, code: number): void {
    conn.info.closedAt = Date.now();
    conn.info.closedBy ??= 'client';
    // For server-initiated closes keep the code we sent (the client may echo another, e.g. 1005).
    if (conn.info.closedBy === 'client' || conn.info.closeCode === null) conn.info.closeCode = code;
    this.trace(`gateway conn${conn.info.id} closed ${code} by ${conn.info.closedBy}`);
    const session = conn.session;
    if (session && session.conn === conn) {
      session.conn = null;
      // A client closing with 1000/1001 ends its session on Discord; anything else leaves it resumable.
      if (conn.info.closedBy === 'client' && (code === 1000 || code === 1001)) this.endSession(session, `client closed with ${code}`);
      else if (session.state === 'open') session.state = 'resumable';
    }
    this.notify();
  }

  private closeConnection(conn: GatewayConnection, code: number): void {
    conn.info.closedBy = 'server';
    conn.info.closeCode = code;
    if (conn.session && SESSION_ENDING_CLOSE_CODES.has(code)) this.endSession(conn.session, `server closed with ${code}`);
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.close(code, GATEWAY_CLOSE_REASONS[code] ?? '');
  }

  /** Assign the next sequence number, keep the event for replay, send it if the session is connected. */
  private dispatchTo(session: GatewaySession, t: string, d: Json): number {
    const frame = { op: Op.Dispatch, t, s: ++session.seq, d };
    session.events.push(frame);
    if (session.conn) this.sendFrame(session.conn, frame);
    else session.undelivered.push(frame);
    return frame.s;
  }

  /** Mark a session as no longer resumable; dispatches still waiting for a RESUME are lost (as on Discord). */
  private endSession(session: GatewaySession, reason: string): void {
    if (session.state === 'dead') return;
    session.state = 'dead';
    for (const event of session.undelivered) {
      this.droppedDispatches.push({ sessionId: session.id, shard: session.shard, t: event.t, s: event.s, d: event.d, reason });
    }
    session.undelivered = [];
    this.trace(`session ${session.id} ended: ${reason}`);
  }

  private sendFrame(conn: GatewayConnection, frame: { op: number; d: Json; s: number | null; t: string | null }): void {
    if (conn.ws.readyState !== WebSocket.OPEN) return;
    this.frames.push({ at: Date.now(), connectionId: conn.info.id, direction: 'out', op: frame.op, t: frame.t, s: frame.s, d: frame.d });
    this.trace(`gw conn${conn.info.id} ⇒ op${frame.op}${frame.t ? ` ${frame.t} s=${frame.s}` : ''}`);
    conn.ws.send(JSON.stringify(frame));
  }
}

/* ────────────────────────────────────────── helpers ────────────────────────────────────────── */

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function rawDataToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function tryParseJson(text: string): Json {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Minimal multipart/form-data parser (RFC 7578), enough for what undici's FormData sends:
 * `payload_json` as a text part and `files[n]` parts with filename and content type.
 */
function parseMultipart(body: Buffer, contentType: string): { fields: Record<string, string>; files: RecordedFile[] } {
  const boundaryMatch = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = boundaryMatch?.[1] ?? boundaryMatch?.[2];
  if (!boundary) throw new Error('multipart body without boundary');
  const fields: Record<string, string> = {};
  const files: RecordedFile[] = [];
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // Prepend CRLF so the first delimiter looks like the others.
  const buf = Buffer.concat([Buffer.from('\r\n'), body]);
  let pos = buf.indexOf(delimiter);
  while (pos !== -1) {
    let start = pos + delimiter.length;
    if (buf.subarray(start, start + 2).toString() === '--') break; // closing delimiter
    start += 2; // CRLF after the delimiter
    const next = buf.indexOf(delimiter, start);
    if (next === -1) break;
    const part = buf.subarray(start, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headerText = part.subarray(0, headerEnd).toString('utf8');
    const content = part.subarray(headerEnd + 4);
    const headers = new Map<string, string>();
    for (const line of headerText.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get('content-disposition') ?? '';
    const name = unescapeFormName(/;\s*name="([^"]*)"/i.exec(disposition)?.[1] ?? '');
    const starName = /;\s*filename\*=(?:UTF-8'')?([^;]+)/i.exec(disposition)?.[1];
    const plainName = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1];
    const filename = starName !== undefined ? safeDecode(starName) : plainName !== undefined ? unescapeFormName(plainName) : undefined;
    if (filename !== undefined) {
      files.push({ field: name, filename, contentType: headers.get('content-type') ?? null, data: Buffer.from(content) });
    } else {
      fields[name] = content.toString('utf8');
    }
    pos = next;
  }
  return { fields, files };
}

/** undici escapes `"`, CR and LF in form names as %22, %0D, %0A. */
function unescapeFormName(value: string): string {
  return value.replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n');
}

function fileIndex(field: string): string | undefined {
  return /^files\[(.+)\]$/.exec(field)?.[1];
}

function compileTemplate(template: string): { pattern: RegExp; keys: string[] } {
  const keys: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) {
        keys.push(segment.slice(1));
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), keys };
}

const templateCache = new Map<string, { method: string | null; pattern: RegExp }>();

function matches(matcher: RequestMatcher, req: RecordedRequest): boolean {
  if (typeof matcher === 'function') return matcher(req);
  if (matcher instanceof RegExp) return matcher.test(`${req.method} ${req.path}`);
  let compiled = templateCache.get(matcher);
  if (!compiled) {
    const m = /^([A-Z]+)\s+(\S+)$/.exec(matcher.trim());
    compiled = { method: m?.[1] ?? null, pattern: compileTemplate(m?.[2] ?? matcher.trim()).pattern };
    templateCache.set(matcher, compiled);
  }
  return (compiled.method === null || compiled.method === req.method) && compiled.pattern.test(req.path);
}

function describeMatcher(matcher: RequestMatcher): string {
  return typeof matcher === 'function' ? 'a predicate' : String(matcher);
}

/** The answer for a fault, or undefined if the fault only delays/hangs a normal answer. */
function faultResponse(spec: FaultSpec, req: RecordedRequest): RouteResult | undefined {
  const status = spec.status ?? (spec.retryAfter !== undefined ? 429 : undefined);
  if (status === undefined) return undefined;
  if (status === 429) {
    const retryAfter = spec.retryAfter ?? 1;
    const global = spec.global ?? false;
    const headers: Record<string, string> = {
      // Discord sends an integer here; the exact value keeps tests fast and is what @discordjs/rest reads.
      'Retry-After': String(retryAfter),
      'X-RateLimit-Limit': '5',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': ((Date.now() + retryAfter * 1000) / 1000).toFixed(3),
      'X-RateLimit-Reset-After': String(retryAfter),
      'X-RateLimit-Bucket': createHash('sha1').update(`${req.method} ${req.path.replace(/\d{17,20}/g, ':id')}`).digest('hex').slice(0, 32),
      'X-RateLimit-Scope': spec.scope ?? (global ? 'global' : 'user'),
    };
    if (global) headers['X-RateLimit-Global'] = 'true';
    return {
      status,
      headers,
      body: spec.body ?? { message: 'You are being rate limited.', retry_after: retryAfter, global, ...(global ? { code: 0 } : {}) },
    };
  }
  const defaults: Record<number, Json> = {
    400: { message: '400: Bad Request', code: 0 },
    401: { message: '401: Unauthorized', code: 0 },
    403: { message: 'Missing Permissions', code: 50013 },
    404: { message: '404: Not Found', code: 0 },
    500: { message: '500: Internal Server Error', code: 0 },
    502: { message: '502: Bad Gateway', code: 0 },
    503: { message: '503: Service Unavailable', code: 0 },
  };
  return { status, body: spec.body ?? defaults[status] ?? { message: `${status}`, code: 0 } };
}

function normalizeOptions(input: CommandOptionsInput): CommandOption[] {
  if (Array.isArray(input)) return input.map((o) => structuredClone(o));
  return Object.entries(input).map(([name, value]) => ({
    name,
    value,
    type: typeof value === 'boolean' ? 5 : typeof value === 'number' ? (Number.isInteger(value) ? 4 : 10) : 3,
  }));
}

function leafOptions(options: CommandOption[]): CommandOption[] {
  return options.flatMap((o) => (o.type === 1 || o.type === 2 ? leafOptions(o.options ?? []) : [o]));
}

function componentCustomIds(components: Json[]): string[] {
  return components.flatMap((c: Json) => [
    ...(typeof c?.custom_id === 'string' ? [c.custom_id] : []),
    ...componentCustomIds(c?.components ?? []),
    ...(c?.accessory ? componentCustomIds([c.accessory]) : []),
  ]);
}

function normalizeEmbed(embed: Json): Json {
  return { type: 'rich', ...embed };
}

/* ───────────────────────────── Discord-style validation ───────────────────────────── */

interface FieldError {
  path: Array<string | number>;
  code: string;
  message: string;
}

function formError(code: string, message: string): { code: string; message: string } {
  return { code, message };
}

function invalidFormBody(errors: Json): HttpError {
  return new HttpError(400, { message: 'Invalid Form Body', code: 50035, errors });
}

/** `[{ path: ['data', 'content'], … }]` → `{ data: { content: { _errors: [ … ] } } }`, as Discord nests them. */
function nestErrors(errors: FieldError[]): Json {
  const root: Json = {};
  for (const error of errors) {
    let node = root;
    for (const key of error.path) node = node[String(key)] ??= {};
    (node._errors ??= []).push(formError(error.code, error.message));
  }
  return root;
}

/** Length in code points, as Discord counts. */
function len(value: unknown): number {
  return typeof value === 'string' ? [...value].length : 0;
}

function maxLength(path: Array<string | number>, value: unknown, max: number, out: FieldError[]): void {
  if (len(value) > max) out.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
}

function messageErrors(body: Json): FieldError[] {
  const out: FieldError[] = [];
  maxLength(['content'], body.content, 2000, out);
  if (Array.isArray(body.embeds)) {
    if (body.embeds.length > 10) out.push({ path: ['embeds'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.' });
    let total = 0;
    body.embeds.forEach((embed: Json, i: number) => {
      const p = ['embeds', i];
      maxLength([...p, 'title'], embed?.title, 256, out);
      maxLength([...p, 'description'], embed?.description, 4096, out);
      maxLength([...p, 'footer', 'text'], embed?.footer?.text, 2048, out);
      maxLength([...p, 'author', 'name'], embed?.author?.name, 256, out);
      total += len(embed?.title) + len(embed?.description) + len(embed?.footer?.text) + len(embed?.author?.name);
      const fields: Json[] = Array.isArray(embed?.fields) ? embed.fields : [];
      if (fields.length > 25) out.push({ path: [...p, 'fields'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
      fields.forEach((field, j) => {
        const fp = [...p, 'fields', j];
        if (!len(field?.name)) out.push({ path: [...fp, 'name'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
        if (!len(field?.value)) out.push({ path: [...fp, 'value'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
        maxLength([...fp, 'name'], field?.name, 256, out);
        maxLength([...fp, 'value'], field?.value, 1024, out);
        total += len(field?.name) + len(field?.value);
      });
    });
    if (total > 6000) out.push({ path: ['embeds'], code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' });
  }
  const isV2 = typeof body.flags === 'number' && (body.flags & MessageFlag.IsComponentsV2) !== 0;
  if (Array.isArray(body.components) && !isV2) {
    if (body.components.length > 5) out.push({ path: ['components'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 5 or fewer in length.' });
    body.components.forEach((row: Json, i: number) => {
      const children: Json[] = Array.isArray(row?.components) ? row.components : [];
      if (children.length > 5) out.push({ path: ['components', i, 'components'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 5 or fewer in length.' });
      children.forEach((c, j) => {
        maxLength(['components', i, 'components', j, 'custom_id'], c?.custom_id, 100, out);
        maxLength(['components', i, 'components', j, 'label'], c?.label, 80, out);
      });
    });
  }
  return out;
}

function validateChoices(choices: Json): void {
  const out: FieldError[] = [];
  if (!Array.isArray(choices)) {
    out.push({ path: ['data', 'choices'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
  } else {
    if (choices.length > 25) out.push({ path: ['data', 'choices'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
    choices.forEach((choice: Json, i: number) => {
      const p = ['data', 'choices', i];
      if (len(choice?.name) < 1 || len(choice?.name) > 100) {
        out.push({ path: [...p, 'name'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
      }
      if (typeof choice?.value === 'string') maxLength([...p, 'value'], choice.value, 100, out);
    });
  }
  if (out.length) throw invalidFormBody(nestErrors(out));
}

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Checks Discord applies to command registration (names, descriptions, localizations, option order). */
function validateCommands(commands: Json[]): void {
  const out: FieldError[] = [];
  if (commands.length > 100) out.push({ path: [], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' });
  const seen = new Set<string>();
  commands.forEach((cmd, i) => {
    const p: Array<string | number> = [i];
    const type = cmd?.type ?? 1;
    const key = `${type}:${cmd?.name}`;
    if (seen.has(key)) out.push({ path: p, code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: `Application command names must be unique` });
    seen.add(key);
    checkNamed(p, cmd, type === 1, out);
  });
  if (out.length) throw invalidFormBody(nestErrors(out));
}

/** Name/description/localizations of a chat-input command or option, then its options. */
function checkNamed(p: Array<string | number>, item: Json, chatInput: boolean, out: FieldError[]): void {
  const name = item?.name;
  const badName = (value: unknown): boolean =>
    typeof value !== 'string' || !COMMAND_NAME.test(value) || (chatInput && value !== value.toLowerCase());
  if (badName(name)) out.push({ path: [...p, 'name'], code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
  if (chatInput && (len(item?.description) < 1 || len(item?.description) > 100)) {
    out.push({ path: [...p, 'description'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
  }
  for (const field of ['name_localizations', 'description_localizations'] as const) {
    const map = item?.[field];
    if (map == null) continue;
    for (const [locale, value] of Object.entries(map as Record<string, unknown>)) {
      if (!DISCORD_LOCALES.has(locale)) {
        out.push({ path: [...p, field, locale], code: 'ENUM_TYPE_COERCE', message: `Value "${locale}" is not a valid enum value.` });
      } else if (value != null && field === 'name_localizations' && badName(value)) {
        out.push({ path: [...p, field, locale], code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
      } else if (value != null && field === 'description_localizations' && (len(value) < 1 || len(value) > 100)) {
        out.push({ path: [...p, field, locale], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
      }
    }
  }
  const options: Json[] = Array.isArray(item?.options) ? item.options : [];
  if (options.length > 25) out.push({ path: [...p, 'options'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
  let sawOptional = false;
  options.forEach((option, j) => {
    const op = [...p, 'options', j];
    if (option?.type !== 1 && option?.type !== 2) {
      if (option?.required && sawOptional) {
        out.push({ path: op, code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', message: 'Required options must be placed before non-required options' });
      }
      if (!option?.required) sawOptional = true;
    }
    if (Array.isArray(option?.choices) && option.choices.length > 25) {
      out.push({ path: [...op, 'choices'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
    }
    checkNamed(op, option, true, out);
  });
}

/** The fields of a guild member object that the fake leaves at their everyday values; joined `daysAgo`. */
function memberDefaults(daysAgo: number): Json {
  return {
    nick: null,
    avatar: null,
    joined_at: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
    premium_since: null,
    deaf: false,
    mute: false,
    pending: false,
    flags: 0,
    communication_disabled_until: null,
  };
}
