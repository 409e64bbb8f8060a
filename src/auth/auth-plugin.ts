import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import type { Role } from '../db/schema.js';
import { recordAudit } from '../audit/audit-service.js';
import { AppError } from '../shared/errors.js';
import { hasRole, type Actor } from '../users/user-service.js';
import { resumeSession, type SessionPolicy } from './session-service.js';

export const SESSION_COOKIE = 'briefroom_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function sessionCookieOptions(request: FastifyRequest, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    // Secure whenever the request came over HTTPS (directly or through a trusted proxy).
    secure: request.protocol === 'https',
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}

/**
 * Sessions, CSRF and throttling for the whole app. Not an encapsulated plugin on
 * purpose: its hooks must run for every feature's routes.
 */
export async function registerAuth(app: FastifyInstance, policy: SessionPolicy): Promise<void> {
  const { connection, clock } = app.services;
  await app.register(cookie);
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'briefroom_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', signed: false },
    // Multipart uploads are streamed, so their token may also come in the query string.
    getToken: (request) => {
      const body = request.body as Record<string, unknown> | undefined;
      const query = request.query as Record<string, unknown> | undefined;
      const token = body?._csrf ?? query?._csrf ?? request.headers['x-csrf-token'];
      return typeof token === 'string' ? token : '';
    },
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError('RATE_LIMITED', `요청이 너무 많습니다. ${Math.ceil(context.ttl / 1000)}초 뒤에 다시 시도해 주세요.`),
  });

  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);

  // Callback style: most requests carry no session cookie, and they should not pay for a promise.
  app.addHook('onRequest', (request, _reply, done) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token || request.url.startsWith('/krds/') || request.url.startsWith('/static/')) return done();
    resumeSession(connection.db, token, policy, clock()).then((resumed) => {
      if (resumed) {
        request.actor = resumed.actor;
        request.sessionToken = token;
      }
      done();
    }, done);
  });

  // Every state-changing form carries a token bound to the browser's CSRF cookie.
  // A refusal reaches the shared error handler (as FST_CSRF_*), which explains it in Korean.
  app.addHook('preHandler', (request, reply, done) => {
    if (!UNSAFE.has(request.method) || request.routeOptions.config?.skipCsrf) return done();
    app.csrfProtection(request, reply, done);
  });
}

/** Logs a refused CSRF token in the audit trail; called from the error handler. */
export async function auditCsrfRefusal(request: FastifyRequest): Promise<void> {
  const { connection, clock } = request.server.services;
  await recordAudit(connection.db, {
    actorId: request.actor?.id ?? null,
    action: 'csrf.refused',
    targetType: 'route',
    targetId: `${request.method} ${request.routeOptions.url ?? request.url}`,
    ip: request.ip,
    at: clock().toISOString(),
  });
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** For endpoints that authenticate otherwise (API keys) and take no cookie. */
    skipCsrf?: boolean;
  }
}

/** Refuses anonymous requests: pages send the person to the login form, forms get a 401. */
export const requireLogin: preHandlerAsyncHookHandler = async function (request, reply) {
  if (request.actor) return;
  if (request.method === 'GET') {
    return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`);
  }
  throw new AppError('UNAUTHENTICATED', '로그인이 필요합니다.');
};

/** A preHandler that admits only people holding one of the roles, and logs every denial. */
export function requireRole(...roles: Role[]): preHandlerAsyncHookHandler {
  return async function (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
    if (!request.actor) return requireLogin.call(this, request, reply);
    if (request.actor.mustChangePassword && !request.url.startsWith('/account/password')) {
      return reply.redirect('/account/password');
    }
    if (hasRole(request.actor, ...roles)) return;
    await recordAudit(request.server.services.connection.db, {
      actorId: request.actor.id,
      action: 'permission.denied',
      targetType: 'route',
      targetId: `${request.method} ${request.routeOptions.url ?? request.url}`,
      ip: request.ip,
      at: request.server.services.clock().toISOString(),
    });
    throw new AppError('FORBIDDEN', '이 화면을 이용할 권한이 없습니다.');
  };
}

/** Values every form page needs: the CSRF token and who is logged in. */
export async function formContext(request: FastifyRequest, reply: FastifyReply) {
  return { csrfToken: reply.generateCsrf(), actor: request.actor };
}
