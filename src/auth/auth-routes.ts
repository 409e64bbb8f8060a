import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { AppError } from '../shared/errors.js';
import { authenticate, changePassword, createUser, isStaff } from '../users/user-service.js';
import { endOtherSessions, endSession, startSession, type SessionPolicy } from './session-service.js';
import { formContext, requireLogin, SESSION_COOKIE, sessionCookieOptions } from './auth-plugin.js';

const LoginBody = Type.Object({
  email: Type.String({ maxLength: 254 }),
  password: Type.String({ maxLength: 200 }),
  next: Type.Optional(Type.String({ maxLength: 500 })),
  _csrf: Type.Optional(Type.String()),
});
const PasswordBody = Type.Object({
  current: Type.String({ maxLength: 200 }),
  password: Type.String({ maxLength: 200 }),
  confirm: Type.String({ maxLength: 200 }),
  _csrf: Type.Optional(Type.String()),
});
const SignupBody = Type.Object({
  email: Type.String({ maxLength: 254 }),
  nickname: Type.String({ maxLength: 40 }),
  password: Type.String({ maxLength: 200 }),
  confirm: Type.String({ maxLength: 200 }),
  agree: Type.Optional(Type.String()),
  _csrf: Type.Optional(Type.String()),
});

/** Only same-site paths may be a redirect target after login. */
function safeNext(next: unknown, fallback: string): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) ? next : fallback;
}

export async function authRoutes(app: FastifyInstance, { policy }: { policy: SessionPolicy }): Promise<void> {
  const { connection, clock } = app.services;
  const db = connection.db;

  async function renderLogin(request: FastifyRequest, reply: FastifyReply, status: number, errors: string[], email = '', next = '') {
    reply.code(status);
    return reply.viewAsync('auth/login.njk', {
      pageTitle: '로그인',
      currentPath: '/login',
      ...(await formContext(request, reply)),
      errors,
      email,
      next: safeNext(next, ''),
    });
  }

  app.get('/login', async (request, reply) => {
    const next = (request.query as Record<string, unknown>).next;
    if (request.actor) return reply.redirect(safeNext(next, isStaff(request.actor) ? '/admin' : '/briefing'));
    return renderLogin(request, reply, 200, [], '', typeof next === 'string' ? next : '');
  });

  app.post<{ Body: Static<typeof LoginBody> }>(
    '/login',
    {
      schema: { body: LoginBody },
      attachValidation: true,
      config: { rateLimit: { max: 20, timeWindow: '15 minutes' } },
    },
    async (request, reply) => {
      if (request.validationError) return renderLogin(request, reply, 422, ['이메일과 비밀번호를 입력해 주세요.']);
      const { email, password, next } = request.body;
      if (!email.trim() || !password) {
        return renderLogin(request, reply, 422, ['이메일과 비밀번호를 입력해 주세요.'], email, next);
      }
      const outcome = await authenticate(db, email, password, clock(), request.ip);
      if (!outcome.ok) return renderLogin(request, reply, outcome.lockedUntil ? 429 : 401, [outcome.message], email, next);
      const token = await startSession(db, outcome.actor.id, policy, clock(), {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
      });
      reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(request, policy.absoluteHours * 3600));
      if (outcome.actor.mustChangePassword) return reply.redirect('/account/password');
      return reply.redirect(safeNext(next, isStaff(outcome.actor) ? '/admin' : '/briefing'));
    },
  );

  app.post('/logout', async (request, reply) => {
    if (request.sessionToken) await endSession(db, request.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/briefing');
  });

  async function renderPassword(request: FastifyRequest, reply: FastifyReply, status: number, errors: string[]) {
    reply.code(status);
    return reply.viewAsync('auth/password.njk', {
      pageTitle: '비밀번호 변경',
      currentPath: '/account/password',
      ...(await formContext(request, reply)),
      errors,
      forced: request.actor?.mustChangePassword ?? false,
    });
  }

  app.get('/account/password', { preHandler: requireLogin }, async (request, reply) => renderPassword(request, reply, 200, []));

  app.post<{ Body: Static<typeof PasswordBody> }>(
    '/account/password',
    { preHandler: requireLogin, schema: { body: PasswordBody }, attachValidation: true },
    async (request, reply) => {
      if (request.validationError) return renderPassword(request, reply, 422, ['모든 칸을 입력해 주세요.']);
      const actor = request.actor!;
      try {
        await changePassword(db, actor, request.body.current, request.body.password, request.body.confirm, clock(), request.ip);
      } catch (error) {
        if (error instanceof AppError && error.code === 'VALIDATION_FAILED') return renderPassword(request, reply, 422, error.details);
        throw error;
      }
      await endOtherSessions(db, actor.id, request.sessionToken!);
      return reply.redirect(isStaff(actor) ? '/admin' : '/briefing');
    },
  );

  async function renderSignup(request: FastifyRequest, reply: FastifyReply, status: number, errors: string[], values = { email: '', nickname: '' }) {
    reply.code(status);
    return reply.viewAsync('auth/signup.njk', {
      pageTitle: '회원가입',
      currentPath: '/signup',
      ...(await formContext(request, reply)),
      errors,
      values,
    });
  }

  app.get('/signup', async (request, reply) => {
    if (request.actor) return reply.redirect('/briefing');
    return renderSignup(request, reply, 200, []);
  });

  app.post<{ Body: Static<typeof SignupBody> }>(
    '/signup',
    {
      schema: { body: SignupBody },
      attachValidation: true,
      config: { rateLimit: { max: 10, timeWindow: '1 hour' } },
    },
    async (request, reply) => {
      if (request.validationError) return renderSignup(request, reply, 422, ['모든 칸을 알맞은 길이로 입력해 주세요.']);
      const { email, nickname, password, confirm, agree } = request.body;
      const values = { email, nickname };
      const errors: string[] = [];
      if (password !== confirm) errors.push('비밀번호와 확인 값이 다릅니다.');
      if (agree !== 'yes') errors.push('댓글 운영원칙에 동의해야 가입할 수 있습니다.');
      if (errors.length) return renderSignup(request, reply, 422, errors, values);
      try {
        const { userId } = await createUser(db, { email, displayName: nickname, roles: ['citizen'], password }, clock());
        const token = await startSession(db, userId, policy, clock(), { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' });
        reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(request, policy.absoluteHours * 3600));
      } catch (error) {
        if (error instanceof AppError && error.code === 'VALIDATION_FAILED') return renderSignup(request, reply, 422, error.details, values);
        throw error;
      }
      return reply.redirect('/briefing');
    },
  );
}
