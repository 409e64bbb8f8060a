import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { AppError } from '../shared/errors.js';
import { formContext, requireLogin } from '../auth/auth-plugin.js';
import { rulesForDisplay } from '../moderation/moderation-rules.js';
import { fileAppeal, requestTemporaryMeasure } from '../moderation/moderation-service.js';
import { historyFor } from '../moderation/moderation-views.js';
import {
  commentForReaders,
  commentSection,
  editableComment,
  editComment,
  flagComment,
  myComments,
  postComment,
  releaseForBoard,
  removeOwnComment,
  type CommentPolicy,
  type CommentSection,
} from './comment-service.js';

const Id = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }) });
const BodyForm = Type.Object({ body: Type.String({ maxLength: 20_000 }), _csrf: Type.Optional(Type.String()) });
const FlagForm = Type.Object({ rule: Type.String({ maxLength: 3 }), note: Type.Optional(Type.String({ maxLength: 2000 })), _csrf: Type.Optional(Type.String()) });
const RightsForm = Type.Object({ claimant: Type.String({ maxLength: 500 }), reason: Type.String({ maxLength: 5000 }), _csrf: Type.Optional(Type.String()) });
const ReasonForm = Type.Object({ reason: Type.String({ maxLength: 5000 }), _csrf: Type.Optional(Type.String()) });

export function commentPolicy(config: FastifyInstance['services']['config']): CommentPolicy {
  return {
    flagThreshold: config.commentFlagThreshold,
    minIntervalSeconds: config.commentMinIntervalSeconds,
    dailyLimit: config.commentDailyLimit,
    ipHourlyLimit: config.commentIpHourlyLimit,
    ipSalt: config.commentIpSalt,
  };
}

/** The page of an article's comments asked for (`?cpage=`), 1 when none or not a page number. */
export function commentPageOf(request: FastifyRequest): number {
  const raw = (request.query as Record<string, unknown>).cpage;
  return typeof raw === 'string' && /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : 1;
}

/**
 * The comment board for the article page. Only a logged-in reader gets a form token (and so a
 * cookie): an anonymous article response stays cacheable.
 */
export async function articleComments(request: FastifyRequest, reply: FastifyReply, releaseId: number): Promise<CommentSection & { csrfToken: string | null }> {
  const { connection, clock } = request.server.services;
  const section = await commentSection(connection.db, releaseId, request.actor, commentPageOf(request), clock());
  return { ...section, csrfToken: request.actor ? reply.generateCsrf() : null };
}

const STATUS_FOR: Record<string, number> = { VALIDATION_FAILED: 422, RATE_LIMITED: 429, FORBIDDEN: 403 };

export async function commentRoutes(app: FastifyInstance): Promise<void> {
  const { connection, clock, config } = app.services;
  const db = connection.db;
  const policy = commentPolicy(config);

  async function renderCompose(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    view: { heading: string; action: string; backUrl: string; releaseTitle?: string; body: string; errors: string[]; message?: string },
  ) {
    reply.code(status);
    return reply.viewAsync('comments/compose.njk', {
      pageTitle: view.heading,
      currentPath: '/briefing',
      ...(await formContext(request, reply)),
      ...view,
      maxLength: 1000,
    });
  }

  app.post<{ Params: Static<typeof Id>; Body: Static<typeof BodyForm> }>(
    '/briefing/:id/comments',
    { preHandler: requireLogin, schema: { params: Id, body: BodyForm }, attachValidation: true },
    async (request, reply) => {
      const releaseId = Number(request.params.id);
      const release = await releaseForBoard(db, releaseId, clock());
      if (!release) throw new AppError('RELEASE_NOT_FOUND', '요청한 보도자료를 찾을 수 없습니다.');
      const view = { heading: '댓글 쓰기', action: `/briefing/${releaseId}/comments`, backUrl: `/briefing/${releaseId}#comments`, releaseTitle: release.title };
      if (request.validationError) return renderCompose(request, reply, 422, { ...view, body: '', errors: ['댓글 내용을 확인해 주세요.'] });
      try {
        const outcome = await postComment(db, policy, request.actor!, releaseId, request.body.body, request.ip, clock());
        if (outcome.state === 'held') {
          return renderCompose(request, reply, 202, {
            ...view,
            heading: '댓글이 검토 중입니다',
            body: '',
            errors: [],
            message: `댓글을 받았습니다. 다음 내용 때문에 댓글 관리자가 확인한 뒤 공개됩니다(그동안 본인에게만 ‘검토 중’으로 보입니다). ${outcome.notices.join(' ')}`,
          });
        }
        return reply.redirect(`/briefing/${releaseId}#comment-${outcome.commentId}`, 303);
      } catch (error) {
        if (error instanceof AppError && STATUS_FOR[error.code]) {
          return renderCompose(request, reply, STATUS_FOR[error.code]!, { ...view, body: request.body.body, errors: error.details.length ? error.details : [error.message], message: error.details.length ? error.message : undefined });
        }
        throw error;
      }
    },
  );

  app.get<{ Params: Static<typeof Id> }>('/comments/:id/edit', { preHandler: requireLogin, schema: { params: Id } }, async (request, reply) => {
    const comment = await editableComment(db, request.actor!, Number(request.params.id));
    return renderCompose(request, reply, 200, { heading: '댓글 고치기', action: `/comments/${comment.id}/edit`, backUrl: `/briefing/${comment.releaseId}#comment-${comment.id}`, body: comment.body, errors: [] });
  });

  app.post<{ Params: Static<typeof Id>; Body: Static<typeof BodyForm> }>(
    '/comments/:id/edit',
    { preHandler: requireLogin, schema: { params: Id, body: BodyForm }, attachValidation: true },
    async (request, reply) => {
      const comment = await editableComment(db, request.actor!, Number(request.params.id));
      const view = { heading: '댓글 고치기', action: `/comments/${comment.id}/edit`, backUrl: `/briefing/${comment.releaseId}#comment-${comment.id}` };
      if (request.validationError) return renderCompose(request, reply, 422, { ...view, body: comment.body, errors: ['댓글 내용을 확인해 주세요.'] });
      try {
        const outcome = await editComment(db, request.actor!, comment.id, request.body.body, clock());
        if (outcome.state === 'held') {
          return renderCompose(request, reply, 202, { ...view, heading: '고친 댓글이 검토 중입니다', body: '', errors: [], message: `댓글 관리자가 확인한 뒤 공개됩니다. ${outcome.notices.join(' ')}` });
        }
        return reply.redirect(view.backUrl, 303);
      } catch (error) {
        if (error instanceof AppError && STATUS_FOR[error.code]) {
          return renderCompose(request, reply, STATUS_FOR[error.code]!, { ...view, body: request.body.body, errors: error.details.length ? error.details : [error.message], message: error.details.length ? error.message : undefined });
        }
        throw error;
      }
    },
  );

  app.post<{ Params: Static<typeof Id> }>('/comments/:id/delete', { preHandler: requireLogin, schema: { params: Id } }, async (request, reply) => {
    const releaseId = await removeOwnComment(db, request.actor!, Number(request.params.id), clock());
    const back = (request.body as Record<string, unknown> | undefined)?.back;
    return reply.redirect(back === 'my' ? '/my/comments' : `/briefing/${releaseId}#comments`, 303);
  });

  async function renderFlag(request: FastifyRequest, reply: FastifyReply, id: number, status: number, errors: string[]) {
    const comment = await commentForReaders(db, id, clock());
    reply.code(status);
    return reply.viewAsync('comments/flag.njk', {
      pageTitle: '댓글 신고',
      currentPath: '/briefing',
      ...(await formContext(request, reply)),
      comment,
      rules: rulesForDisplay(),
      errors,
    });
  }

  app.get<{ Params: Static<typeof Id> }>('/comments/:id/flag', { preHandler: requireLogin, schema: { params: Id } }, async (request, reply) =>
    renderFlag(request, reply, Number(request.params.id), 200, []),
  );

  app.post<{ Params: Static<typeof Id>; Body: Static<typeof FlagForm> }>(
    '/comments/:id/flag',
    { preHandler: requireLogin, schema: { params: Id, body: FlagForm }, attachValidation: true },
    async (request, reply) => {
      const id = Number(request.params.id);
      if (request.validationError) return renderFlag(request, reply, id, 422, ['어느 운영원칙에 어긋나는지 골라 주세요.']);
      try {
        const { releaseId } = await flagComment(db, policy, request.actor!, id, Number(request.body.rule), request.body.note ?? '', clock());
        return reply.redirect(`/briefing/${releaseId}?flagged=${id}#comment-${id}`, 303);
      } catch (error) {
        if (error instanceof AppError && (error.code === 'VALIDATION_FAILED' || error.code === 'CONFLICT')) {
          return renderFlag(request, reply, id, error.code === 'CONFLICT' ? 409 : 422, error.details.length ? error.details : [error.message]);
        }
        throw error;
      }
    },
  );

  async function renderRights(request: FastifyRequest, reply: FastifyReply, id: number, status: number, errors: string[], values = { claimant: '', reason: '' }) {
    const comment = await commentForReaders(db, id, clock());
    reply.code(status);
    return reply.viewAsync('comments/rights-request.njk', {
      pageTitle: '권리침해 신고(임시조치 요청)',
      currentPath: '/briefing',
      ...(await formContext(request, reply)),
      comment,
      rules: rulesForDisplay(),
      errors,
      values,
    });
  }

  app.get<{ Params: Static<typeof Id> }>('/comments/:id/rights-request', { preHandler: requireLogin, schema: { params: Id } }, async (request, reply) =>
    renderRights(request, reply, Number(request.params.id), 200, []),
  );

  app.post<{ Params: Static<typeof Id>; Body: Static<typeof RightsForm> }>(
    '/comments/:id/rights-request',
    { preHandler: requireLogin, schema: { params: Id, body: RightsForm }, attachValidation: true },
    async (request, reply) => {
      const id = Number(request.params.id);
      if (request.validationError) return renderRights(request, reply, id, 422, ['모든 칸을 알맞은 길이로 입력해 주세요.']);
      try {
        await requestTemporaryMeasure(db, request.actor!, id, request.body.claimant, request.body.reason, clock());
        return reply.redirect('/my/comments?requested=1', 303);
      } catch (error) {
        if (error instanceof AppError && (error.code === 'VALIDATION_FAILED' || error.code === 'CONFLICT')) {
          return renderRights(request, reply, id, error.code === 'CONFLICT' ? 409 : 422, error.details.length ? error.details : [error.message], request.body);
        }
        throw error;
      }
    },
  );

  app.get('/my/comments', { preHandler: requireLogin }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const page = typeof query.page === 'string' && /^[1-9]\d{0,5}$/.test(query.page) ? Number(query.page) : 1;
    const [comments, history] = await Promise.all([myComments(db, request.actor!, page), historyFor(db, request.actor!.id, clock())]);
    return reply.viewAsync('comments/mine.njk', {
      pageTitle: '내 댓글과 조치 내역',
      currentPath: '/my/comments',
      ...(await formContext(request, reply)),
      comments,
      history,
      notice: query.requested ? '임시조치 요청을 접수했습니다. 해당 댓글은 최대 30일간 게시가 중단되고, 댓글 관리자가 검토합니다.' : query.appealed ? '이의 제기를 접수했습니다. 처음 조치한 관리자가 아닌 다른 댓글 관리자가 검토합니다.' : null,
    });
  });

  async function renderAppeal(request: FastifyRequest, reply: FastifyReply, decisionId: number, status: number, errors: string[], reason = '') {
    const history = await historyFor(db, request.actor!.id, clock());
    const decision = history.decisions.find((d) => d.id === decisionId);
    if (!decision) throw new AppError('NOT_FOUND', '이의를 제기할 조치를 찾을 수 없습니다.');
    reply.code(status);
    return reply.viewAsync('comments/appeal.njk', {
      pageTitle: '조치에 대한 이의 제기',
      currentPath: '/my/comments',
      ...(await formContext(request, reply)),
      decision,
      errors,
      reason,
    });
  }

  app.get<{ Params: Static<typeof Id> }>('/my/appeals/:id', { preHandler: requireLogin, schema: { params: Id } }, async (request, reply) =>
    renderAppeal(request, reply, Number(request.params.id), 200, []),
  );

  app.post<{ Params: Static<typeof Id>; Body: Static<typeof ReasonForm> }>(
    '/my/appeals/:id',
    { preHandler: requireLogin, schema: { params: Id, body: ReasonForm }, attachValidation: true },
    async (request, reply) => {
      const decisionId = Number(request.params.id);
      if (request.validationError) return renderAppeal(request, reply, decisionId, 422, ['이의 제기 사유를 1,000자 이내로 적어 주세요.']);
      try {
        await fileAppeal(db, request.actor!, decisionId, request.body.reason, clock());
        return reply.redirect('/my/comments?appealed=1', 303);
      } catch (error) {
        if (error instanceof AppError && ['VALIDATION_FAILED', 'REASON_REQUIRED', 'CONFLICT'].includes(error.code)) {
          return renderAppeal(request, reply, decisionId, error.code === 'CONFLICT' ? 409 : 422, [error.message], request.body.reason);
        }
        throw error;
      }
    },
  );
}
