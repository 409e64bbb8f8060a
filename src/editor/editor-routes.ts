import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { formContext, requireRole } from '../auth/auth-plugin.js';
import { AppError } from '../shared/errors.js';
import { hasRole } from '../users/user-service.js';
import { formValuesFrom, readReleaseForm, FORM_FIELDS } from '../workflow/release-input.js';
import { TRANSITIONS, type Move } from '../workflow/transitions.js';
import { createDraft, saveRevision, updateEmbargoSettings } from '../workflow/workflow-service.js';
import { dashboard, embargoSettings, isCorrection, previewOf, revisionDiff } from './editor-service.js';
import { renderEditorPage, renderNewPage } from './editor-view.js';

const STAFF = ['press_officer', 'reviewer', 'admin'] as const;

const ReleaseForm = Type.Object(
  {
    ...Object.fromEntries(FORM_FIELDS.map((f) => [f, Type.Optional(Type.String({ maxLength: f === 'body' ? 200_000 : 2000 }))])),
    lock_version: Type.Optional(Type.String({ maxLength: 20 })),
    intent: Type.Optional(Type.String({ maxLength: 20 })),
    _csrf: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

const SettingsForm = Type.Object({
  morning_time: Type.String({ maxLength: 5 }),
  evening_time: Type.String({ maxLength: 5 }),
  _csrf: Type.Optional(Type.String()),
});

export function releaseIdParam(raw: string): number {
  if (!/^[1-9]\d{0,15}$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new AppError('RELEASE_NOT_FOUND', '요청한 보도자료를 찾을 수 없습니다.');
  }
  return Number(raw);
}

function noticeFor(query: Record<string, unknown>): string | undefined {
  if (typeof query.saved === 'string' && /^\d+$/.test(query.saved)) return `수정판 ${query.saved}을(를) 저장했습니다.`;
  if (query.created === '1') return '새 보도자료를 저장했습니다. 내용을 마친 뒤 검토 요청해 주세요.';
  if (typeof query.done === 'string' && query.done in TRANSITIONS) return `'${TRANSITIONS[query.done as Move].label}'을(를) 마쳤습니다.`;
  return undefined;
}

function intentOf(body: unknown): 'save' | 'preview' {
  return (body as Record<string, unknown> | undefined)?.intent === 'preview' ? 'preview' : 'save';
}

/** The staff side: dashboard, the release editor, revision diffs and the 보도시점 settings. */
export async function editorRoutes(app: FastifyInstance): Promise<void> {
  const { connection, clock } = app.services;
  const db = connection.db;
  const staff = requireRole(...STAFF);

  app.get('/admin', { preHandler: staff }, async (request, reply) => {
    const groups = await dashboard(db, request.actor!);
    return reply.viewAsync('admin/dashboard.njk', {
      pageTitle: '보도자료 관리',
      currentPath: '/admin',
      groups,
      isAdmin: hasRole(request.actor, 'admin'),
      actor: request.actor,
    });
  });

  app.get('/admin/releases/new', { preHandler: staff }, async (request, reply) => renderNewPage(request, reply));

  app.post('/admin/releases', { preHandler: staff, schema: { body: ReleaseForm }, attachValidation: true }, async (request, reply) => {
    const values = formValuesFrom(request.body);
    if (request.validationError) {
      return renderNewPage(request, reply, { status: 422, values, formError: '입력한 내용이 너무 길거나 형식이 올바르지 않습니다.' });
    }
    const now = clock();
    const settings = await embargoSettings(db);
    if (intentOf(request.body) === 'preview') {
      return renderNewPage(request, reply, { values, preview: previewOf(values, settings, now) });
    }
    const { input, errors } = readReleaseForm(values, settings, now, { correction: false });
    if (!input) return renderNewPage(request, reply, { status: 422, values, errors });
    const id = await createDraft(db, { actor: request.actor, now, ip: request.ip }, input);
    return reply.redirect(`/admin/releases/${id}/edit?created=1`, 303);
  });

  app.get<{ Params: { id: string } }>('/admin/releases/:id/edit', { preHandler: staff }, async (request, reply) => {
    const id = releaseIdParam(request.params.id);
    return renderEditorPage(request, reply, id, { notice: noticeFor(request.query as Record<string, unknown>) });
  });

  app.post<{ Params: { id: string } }>(
    '/admin/releases/:id',
    { preHandler: staff, schema: { body: ReleaseForm }, attachValidation: true },
    async (request, reply) => {
      const id = releaseIdParam(request.params.id);
      const values = formValuesFrom(request.body);
      if (request.validationError) {
        return renderEditorPage(request, reply, id, { status: 422, values, formError: '입력한 내용이 너무 길거나 형식이 올바르지 않습니다.' });
      }
      const now = clock();
      const settings = await embargoSettings(db);
      if (intentOf(request.body) === 'preview') {
        return renderEditorPage(request, reply, id, { values, preview: previewOf(values, settings, now) });
      }
      const body = request.body as Record<string, unknown>;
      const lockVersion = Number(body.lock_version);
      const { input, errors } = readReleaseForm(values, settings, now, { correction: await isCorrection(db, id) });
      if (!input) return renderEditorPage(request, reply, id, { status: 422, values, errors });
      try {
        const saved = await saveRevision(db, { actor: request.actor, now, ip: request.ip }, id, input, lockVersion);
        return reply.redirect(`/admin/releases/${id}/edit?saved=${saved.number}`, 303);
      } catch (error) {
        if (error instanceof AppError && (error.code === 'CONFLICT' || error.code === 'INVALID_TRANSITION' || error.code === 'VALIDATION_FAILED')) {
          return renderEditorPage(request, reply, id, { status: error.statusCode, values, formError: error.message });
        }
        throw error;
      }
    },
  );

  app.get<{ Params: { id: string }; Querystring: { from?: string; to?: string } }>(
    '/admin/releases/:id/diff',
    { preHandler: staff },
    async (request, reply) => {
      const id = releaseIdParam(request.params.id);
      const from = Number(request.query.from);
      const to = Number(request.query.to);
      if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 1 || to < 1) {
        throw new AppError('BAD_REQUEST', '비교할 두 수정판 번호를 선택해 주세요.');
      }
      const diff = await revisionDiff(db, request.actor!, id, from, to, clock(), request.ip);
      return reply.viewAsync('admin/diff.njk', { pageTitle: `수정판 비교: ${diff.title}`, currentPath: '/admin', ...diff });
    },
  );

  async function renderSettings(request: FastifyRequest, reply: FastifyReply, status: number, errors: string[], values?: { morningTime: string; eveningTime: string }, saved = false) {
    reply.code(status);
    return reply.viewAsync('admin/settings.njk', {
      pageTitle: '보도시점 설정',
      currentPath: '/admin',
      ...(await formContext(request, reply)),
      values: values ?? (await embargoSettings(db)),
      errors,
      saved,
    });
  }

  const adminOnly = requireRole('admin');
  app.get('/admin/settings/embargo', { preHandler: adminOnly }, async (request, reply) =>
    renderSettings(request, reply, 200, [], undefined, (request.query as Record<string, unknown>).saved === '1'),
  );
  app.post<{ Body: { morning_time: string; evening_time: string } }>(
    '/admin/settings/embargo',
    { preHandler: adminOnly, schema: { body: SettingsForm }, attachValidation: true },
    async (request, reply) => {
      if (request.validationError) return renderSettings(request, reply, 422, ['시각을 00:00 형식으로 입력해 주세요.']);
      const values = { morningTime: request.body.morning_time.trim(), eveningTime: request.body.evening_time.trim() };
      try {
        await updateEmbargoSettings(db, { actor: request.actor, now: clock(), ip: request.ip }, values);
      } catch (error) {
        if (error instanceof AppError && error.code === 'VALIDATION_FAILED') return renderSettings(request, reply, 422, [error.message], values);
        throw error;
      }
      return reply.redirect('/admin/settings/embargo?saved=1', 303);
    },
  );
}
