// The moderator queue at /admin/moderation and the decisions taken from it.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { AppError } from '../shared/errors.js';
import { formContext, requireRole } from '../auth/auth-plugin.js';
import { isRuleNumber, rulesForDisplay } from './moderation-rules.js';
import { activeBlock } from './block-service.js';
import { blockUser, bulkDecide, deleteComment, restoreComment, unblockUser, type BulkAction, type BlockDuration } from './moderation-service.js';
import { authorProfileDecisions, moderatedUser, moderationQueue } from './moderation-views.js';

const Id = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }) });
const Csrf = { _csrf: Type.Optional(Type.String()) };
const DeleteForm = Type.Object({ rule: Type.String({ maxLength: 3 }), reason: Type.String({ maxLength: 5000 }), back: Type.Optional(Type.String({ maxLength: 300 })), ...Csrf });
const ReasonForm = Type.Object({ reason: Type.String({ maxLength: 5000 }), back: Type.Optional(Type.String({ maxLength: 300 })), ...Csrf });
const BlockForm = Type.Object({
  duration: Type.Union([Type.Literal('7d'), Type.Literal('30d'), Type.Literal('permanent')]),
  rule: Type.String({ maxLength: 3 }),
  reason: Type.String({ maxLength: 5000 }),
  back: Type.Optional(Type.String({ maxLength: 300 })),
  ...Csrf,
});
const BulkForm = Type.Object({
  ids: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: 500 })])),
  action: Type.Union(['delete', 'restore', 'block_7d', 'block_30d', 'block_permanent'].map((a) => Type.Literal(a))),
  rule: Type.Optional(Type.String({ maxLength: 3 })),
  reason: Type.String({ maxLength: 5000 }),
  ...Csrf,
});

const DONE: Record<string, string> = {
  deleted: '댓글을 삭제했습니다. 작성자의 조치 내역에 운영원칙과 사유가 표시됩니다.',
  restored: '댓글을 다시 게시했습니다.',
  blocked: '이용자의 댓글 작성을 제한했습니다.',
  unblocked: '작성 제한을 풀었습니다.',
  bulk: '고른 댓글을 처리했습니다.',
};

/** Back to the queue or a profile page, never off the site. */
function backTo(back: string | undefined, fallback: string): string {
  return back && /^\/admin\/moderation(\/|\?|$)[^\s]*$/.test(back) ? back : fallback;
}

function withDone(url: string, done: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}done=${done}`;
}

function validation(message: string): AppError {
  return new AppError('VALIDATION_FAILED', message);
}

export async function moderationRoutes(app: FastifyInstance): Promise<void> {
  const { connection, clock } = app.services;
  const db = connection.db;
  app.addHook('preHandler', requireRole('moderator', 'admin'));

  app.get('/admin/moderation', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const rule = typeof query.rule === 'string' && /^\d{1,2}$/.test(query.rule) && isRuleNumber(Number(query.rule)) ? Number(query.rule) : null;
    const page = typeof query.page === 'string' && /^[1-9]\d{0,5}$/.test(query.page) ? Number(query.page) : 1;
    const queue = await moderationQueue(db, rule, page, clock());
    reply.header('cache-control', 'no-store');
    return reply.viewAsync('moderation/queue.njk', {
      pageTitle: '댓글 검토',
      currentPath: '/admin/moderation',
      ...(await formContext(request, reply)),
      queue,
      rules: rulesForDisplay(),
      done: typeof query.done === 'string' ? (DONE[query.done] ?? null) : null,
      here: request.url,
    });
  });

  app.post<{ Params: Static<typeof Id>; Body: Static<typeof DeleteForm> }>(
    '/admin/moderation/comments/:id/delete',
    { schema: { params: Id, body: DeleteForm } },
    async (request, reply) => {
      await deleteComment(db, request.actor!, Number(request.params.id), Number(request.body.rule), request.body.reason, clock());
      return reply.redirect(withDone(backTo(request.body.back, '/admin/moderation'), 'deleted'), 303);
    },
  );

  app.post<{ Params: Static<typeof Id>; Body: Static<typeof ReasonForm> }>(
    '/admin/moderation/comments/:id/restore',
    { schema: { params: Id, body: ReasonForm } },
    async (request, reply) => {
      await restoreComment(db, request.actor!, Number(request.params.id), request.body.reason, clock());
      return reply.redirect(withDone(backTo(request.body.back, '/admin/moderation'), 'restored'), 303);
    },
  );

  app.post<{ Params: Static<typeof Id>; Body: Static<typeof BlockForm> }>(
    '/admin/moderation/users/:id/block',
    { schema: { params: Id, body: BlockForm } },
    async (request, reply) => {
      const { duration, rule, reason, back } = request.body;
      await blockUser(db, request.actor!, Number(request.params.id), duration as BlockDuration, Number(rule), reason, clock());
      return reply.redirect(withDone(backTo(back, `/admin/moderation/users/${request.params.id}`), 'blocked'), 303);
    },
  );

  app.post<{ Params: Static<typeof Id>; Body: Static<typeof ReasonForm> }>(
    '/admin/moderation/users/:id/unblock',
    { schema: { params: Id, body: ReasonForm } },
    async (request, reply) => {
      await unblockUser(db, request.actor!, Number(request.params.id), request.body.reason, clock());
      return reply.redirect(withDone(backTo(request.body.back, `/admin/moderation/users/${request.params.id}`), 'unblocked'), 303);
    },
  );

  app.post<{ Body: Static<typeof BulkForm> }>('/admin/moderation/bulk', { schema: { body: BulkForm } }, async (request, reply) => {
    const raw = request.body.ids === undefined ? [] : Array.isArray(request.body.ids) ? request.body.ids : [request.body.ids];
    const ids = raw.filter((v) => /^[1-9]\d{0,15}$/.test(v)).map(Number);
    if (ids.length === 0) throw validation('처리할 댓글을 하나 이상 골라 주세요.');
    await bulkDecide(db, request.actor!, ids, request.body.action as BulkAction, Number(request.body.rule), request.body.reason, clock());
    return reply.redirect(withDone('/admin/moderation', 'bulk'), 303);
  });

  app.get<{ Params: Static<typeof Id> }>('/admin/moderation/users/:id', { schema: { params: Id } }, async (request, reply) => {
    const userId = Number(request.params.id);
    const user = await moderatedUser(db, userId);
    if (!user) throw new AppError('NOT_FOUND', '이용자를 찾을 수 없습니다.');
    const [decisions, block] = await Promise.all([authorProfileDecisions(db, userId, clock()), activeBlock(db, userId, clock())]);
    const query = request.query as Record<string, unknown>;
    return reply.viewAsync('moderation/user.njk', {
      pageTitle: `이용자 기록: ${user.name}`,
      currentPath: '/admin/moderation',
      ...(await formContext(request, reply)),
      user,
      decisions,
      block,
      rules: rulesForDisplay(),
      done: typeof query.done === 'string' ? (DONE[query.done] ?? null) : null,
    });
  });
}
