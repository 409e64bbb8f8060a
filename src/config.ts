import path from 'node:path';

export interface Config {
  readonly databasePath: string;
  readonly host: string;
  readonly port: number;
  readonly logLevel: string;
  /**
   * One log line per answered request (ACCESS_LOG=1). Off by default: the load
   * balancer or CDN in front keeps the access log, and Fastify's own two lines a
   * request took a fifth of a cached page's CPU.
   */
  readonly accessLog: boolean;
  readonly contentDir: string;
  /** Absolute origin used in canonical links and feeds, e.g. https://briefroom.example.kr */
  readonly publicOrigin: string;
  readonly production: boolean;
  /** Seconds between flushes of the batched view counts. */
  readonly viewFlushSeconds: number;
  /** Trust X-Forwarded-* from a reverse proxy (TRUST_PROXY=1) for client addresses. */
  readonly trustProxy: boolean;
  /** Minutes of inactivity after which a session ends. */
  readonly sessionIdleMinutes: number;
  /** Hours after login after which a session ends regardless of activity. */
  readonly sessionMaxHours: number;
  /** Distinct readers' flags after which a comment is hidden until a moderator reviews it. */
  readonly commentFlagThreshold: number;
  /** Seconds a person must wait between two comments. */
  readonly commentMinIntervalSeconds: number;
  /** Comments one person may post per 24 hours. */
  readonly commentDailyLimit: number;
  /** Comments one client address may post per hour (all accounts together). */
  readonly commentIpHourlyLimit: number;
  /** Secret mixed into the stored hash of a commenter's address (the address itself is never stored). */
  readonly commentIpSalt: string;
  /** Where attachment files are stored, content-addressed; never under a static folder. */
  readonly attachmentsDir: string;
  /** The largest attachment accepted, in bytes (ATTACHMENT_MAX_MB, default 20). */
  readonly attachmentMaxBytes: number;
  /** Requests per service key per hour on the portal-compatible XML API (OPEN_API_HOURLY_LIMIT, default 1,000 as the portal's development quota). */
  readonly openApiHourlyLimit: number;
  /** Server processes sharing the port (SERVER_PROCESSES, default 1): one per core a machine gives the site. */
  readonly serverProcesses: number;
  /**
   * Read uncached articles on a thread of their own (ARTICLE_READ_THREAD=1): about half
   * as many again a second on two cores, for some 50-65 MB more memory.
   */
  readonly articleReadThread: boolean;
}

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`환경변수 ${name}의 값 "${raw}"이(가) 올바르지 않습니다: ${min}부터 ${max} 사이의 정수여야 합니다.`);
  }
  return value;
}

/** The only reader of process.env: a frozen, typed config that fails fast on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  const config: Config = {
    databasePath: env.DATABASE_PATH || path.join('data', 'briefroom.db'),
    host,
    port,
    logLevel: env.LOG_LEVEL || 'info',
    accessLog: env.ACCESS_LOG === '1' || env.ACCESS_LOG === 'true',
    contentDir: env.CONTENT_DIR || 'content',
    publicOrigin: (env.PUBLIC_ORIGIN || `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`).replace(/\/$/, ''),
    production: env.NODE_ENV !== 'development' && env.NODE_ENV !== 'test',
    viewFlushSeconds: integer(env, 'VIEW_FLUSH_SECONDS', 10, 1, 3600),
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionMaxHours: integer(env, 'SESSION_MAX_HOURS', 12, 1, 24 * 30),
    commentFlagThreshold: integer(env, 'COMMENT_FLAG_THRESHOLD', 3, 1, 1000),
    commentMinIntervalSeconds: integer(env, 'COMMENT_MIN_INTERVAL_SECONDS', 30, 0, 3600),
    commentDailyLimit: integer(env, 'COMMENT_DAILY_LIMIT', 20, 1, 10_000),
    commentIpHourlyLimit: integer(env, 'COMMENT_IP_HOURLY_LIMIT', 60, 1, 100_000),
    commentIpSalt: env.COMMENT_IP_SALT || 'briefroom-comment-ip',
    attachmentsDir: env.ATTACHMENTS_DIR || path.join('data', 'attachments'),
    attachmentMaxBytes: integer(env, 'ATTACHMENT_MAX_MB', 20, 1, 1024) * 1024 * 1024,
    openApiHourlyLimit: integer(env, 'OPEN_API_HOURLY_LIMIT', 1000, 1, 100_000_000),
    serverProcesses: integer(env, 'SERVER_PROCESSES', 1, 1, 64),
    articleReadThread: env.ARTICLE_READ_THREAD === '1' || env.ARTICLE_READ_THREAD === 'true',
    ...overrides,
  };
  return Object.freeze(config);
}
