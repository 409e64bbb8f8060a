// Moderators' records: rule-13 requests, appeals, the lexicon and the decision log.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { AppError } from '../shared/errors.js';
import { formContext, requireRole } from '../auth/auth-plugin.js';
import { CATEGORY_LABELS, PROFANITY_CATEGORIES, addLexiconEntry, lexiconEntries, removeLexiconEntry } from './lexicon-service.js';
import { decideAppeal, parseCommentIds, recordRule13Request } from './moderation-service.js';
import { decisionLog, openAppeals, rule13Records } from './moderation-views.js';

const Id = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }) });
const Csrf = { _csrf: Type.Optional(Type.String()) };
const Rule13Form = Type.Object({
  agency: Type.String({ maxLength: 500 }),
  referenceNumber: Type.String({ maxLength: 500 }),
  receivedOn: Type.String({ maxLength: 20 }),
  commentIds: Type.String({ maxLength: 5000 }),
  note: Type.Optional(Type.String({ maxLength: 5000 })),
  ...Csrf,
});
const AppealForm = Type.Object({ outcome: Type.Union([Type.Literal('grant'), Type.Literal('reject')]), reason: Type.String({ maxLength: 5000 }), ...Csrf });
const LexiconForm = Type.Object({
  kind: Type.Union([Type.Literal('profanity'), Type.Literal('allow')]),
  term: Type.String({ maxLength: 200 }),
  severity: Type.Optional(Type.String({ maxLength: 10 })),
  category: Type.Optional(Type.String({ maxLength: 20 })),
  position: Type.Optional(Type.String({ maxLength: 10 })),
  ...Csrf,
});

export async function moderationAdminRoutes(app: FastifyInstance): Promise<void> {
  const { connection, clock } = app.services;
  const db = connection.db;
  app.addHook('preHandler', requireRole('moderator', 'admin'));

  async function renderRule13(request: FastifyRequest, reply: FastifyReply, status: number, errors: string[], values: Record<string, string> = {}) {
    reply.code(status);
    return reply.viewAsync('moderation/rule13.njk', {
      pageTitle: '수사기관 요청 기록(운영원칙 제13항)',
      currentPath: '/admin/moderation',
      ...(await formContext(request, reply)),
      records: await rule13Records(db),
      errors,
      values: { agency: '', referenceNumber: '', receivedOn: '', commentIds: '', note: '', ...values },
      done: (request.query as Record<string, unknown>).done === '1',
    });
  }

  app.get('/admin/moderation/rule13', async (request, reply) => {
    const ids = (request.query as Record<string, unknown>).ids;
    return renderRule13(request, reply, 200, [], typeof ids === 'string' ? { commentIds: ids.slice(0, 500) } : {});
  });

  app.post<{ Body: Static<typeof Rule13Form> }>('/admin/moderation/rule13', { schema: { body: Rule13Form }, attachValidation: true }, async (request, reply) => {
    if (request.validationError) return renderRule13(request, reply, 422, ['모든 칸을 알맞은 길이로 입력해 주세요.']);
    const body = request.body;
    const values = { agency: body.agency, referenceNumber: body.referenceNumber, receivedOn: body.receivedOn, commentIds: body.commentIds, note: body.note ?? '' };
    try {
      await recordRule13Request(
        db,
        request.actor!,
        { agency: body.agency, referenceNumber: body.referenceNumber, receivedOn: body.receivedOn.trim(), note: body.note ?? '', commentIds: parseCommentIds(body.commentIds) },
        clock(),
      );
    } catch (error) {
      if (error instanceof AppError && ['VALIDATION_FAILED', 'CONFLICT', 'NOT_FOUND'].includes(error.code)) {
        return renderRule13(request, reply, 422, error.details.length ? error.details : [error.message], values);
      }
      throw error;
    }
    return reply.redirect('/admin/moderation/rule13?done=1', 303);
  });

  app.get('/admin/moderation/appeals', async (request, reply) =>
    reply.viewAsync('moderation/appeals.njk', {
      pageTitle: '이의 제기',
      currentPath: '/admin/moderation',
      ...(await formContext(request, reply)),
      appeals: await openAppeals(db, request.actor!.id),
      done: (request.query as Record<string, unknown>).done === '1',
    }),
  );

  app.post<{ Params: Static<typeof Id>; Body: Static<typeof AppealForm> }>(
    '/admin/moderation/appeals/:id',
    { schema: { params: Id, body: AppealForm } },
    async (request, reply) => {
      await decideAppeal(db, request.actor!, Number(request.params.id), request.body.outcome === 'grant', request.body.reason, clock());
      return reply.redirect('/admin/moderation/appeals?done=1', 303);
    },
  );

  async function renderLexicon(request: FastifyRequest, reply: FastifyReply, status: number, errors: string[]) {
    const entries = await lexiconEntries(db, clock());
    const query = request.query as Record<string, unknown>;
    const filter = typeof query.q === 'string' ? query.q.normalize('NFC').trim().slice(0, 50) : '';
    const shown = filter ? entries.filter((e) => e.term.includes(filter)) : entries;
    reply.code(status);
    return reply.viewAsync('moderation/lexicon.njk', {
      pageTitle: '금칙어 관리',
      currentPath: '/admin/moderation',
      ...(await formContext(request, reply)),
      profanity: shown.filter((e) => e.kind === 'profanity').map((e) => ({ ...e, categoryLabel: CATEGORY_LABELS[e.category as keyof typeof CATEGORY_LABELS] ?? e.category })),
      allow: shown.filter((e) => e.kind === 'allow'),
      counts: { profanity: entries.filter((e) => e.kind === 'profanity').length, allow: entries.filter((e) => e.kind === 'allow').length },
      categories: PROFANITY_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] })),
      filter,
      errors,
      done: query.done === '1',
    });
  }

  app.get('/admin/moderation/lexicon', async (request, reply) => renderLexicon(request, reply, 200, []));

  app.post<{ Body: Static<typeof LexiconForm> }>('/admin/moderation/lexicon', { schema: { body: LexiconForm }, attachValidation: true }, async (request, reply) => {
    if (request.validationError) return renderLexicon(request, reply, 422, ['낱말과 종류를 확인해 주세요.']);
    const { kind, term, severity, category, position } = request.body;
    try {
      await addLexiconEntry(
        db,
        request.actor!.id,
        {
          kind,
          term,
          severity: severity === 'mild' || severity === 'severe' ? severity : undefined,
          category,
          position: position === 'start' || position === 'word' ? position : 'anywhere',
        },
        clock(),
      );
    } catch (error) {
      if (error instanceof AppError && error.code === 'VALIDATION_FAILED') return renderLexicon(request, reply, 422, error.details);
      throw error;
    }
    return reply.redirect('/admin/moderation/lexicon?done=1', 303);
  });

  app.post<{ Params: Static<typeof Id> }>('/admin/moderation/lexicon/:id/delete', { schema: { params: Id } }, async (request, reply) => {
    await removeLexiconEntry(db, request.actor!.id, Number(request.params.id), clock());
    return reply.redirect('/admin/moderation/lexicon?done=1', 303);
  });

  app.get('/admin/moderation/log', async (request, reply) => {
    const before = (request.query as Record<string, unknown>).before;
    const beforeId = typeof before === 'string' && /^[1-9]\d{0,15}$/.test(before) ? Number(before) : null;
    return reply.viewAsync('moderation/log.njk', {
      pageTitle: '조치 기록',
      currentPath: '/admin/moderation',
      log: await decisionLog(db, beforeId, clock()),
    });
  });
}
