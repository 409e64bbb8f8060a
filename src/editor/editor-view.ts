import type { FastifyReply, FastifyRequest } from 'fastify';
import { RELEASE_TYPES } from '../db/schema.js';
import { formContext } from '../auth/auth-plugin.js';
import { KOGL_CHOICES } from './kogl-choices.js';
import { PRESET_LABELS } from '../workflow/embargo.js';
import type { Move } from '../workflow/transitions.js';
import {
  blankValues,
  embargoSettings,
  loadEditor,
  ministryChoices,
  type EditorPreview,
  type FieldError,
  type ReleaseFormValues,
} from './editor-service.js';

export interface EditorRenderOptions {
  status?: number;
  values?: ReleaseFormValues;
  errors?: FieldError[];
  /** A refusal that concerns the whole form (a conflict, a state that takes no save). */
  formError?: string;
  preview?: EditorPreview;
  notice?: string;
  moveError?: { move: Move; message: string; reason?: string };
}

function errorMap(errors: FieldError[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const e of errors) map[e.field] ??= e.message;
  return map;
}

async function common(request: FastifyRequest, reply: FastifyReply) {
  const { connection } = request.server.services;
  const actor = request.actor!;
  const [ctx, ministries, settings] = await Promise.all([
    formContext(request, reply),
    ministryChoices(connection.db, actor),
    embargoSettings(connection.db),
  ]);
  return {
    ...ctx,
    ministryOptions: ministries.map((m) => ({ value: String(m.id), label: m.name })),
    settings,
    typeOptions: RELEASE_TYPES.map((t) => ({ value: t, label: t })),
    presets: Object.entries(PRESET_LABELS).map(([value, label]) => ({ value, label })),
    licences: KOGL_CHOICES,
    currentPath: '/admin',
  };
}

/** The editor of an existing release, with its history and the moves the actor may make. */
export async function renderEditorPage(request: FastifyRequest, reply: FastifyReply, releaseId: number, options: EditorRenderOptions = {}) {
  const { connection, clock } = request.server.services;
  const page = await loadEditor(connection.db, request.actor!, releaseId, clock(), request.ip);
  const errors = options.errors ?? [];
  reply.code(options.status ?? 200);
  return reply.viewAsync('admin/editor.njk', {
    pageTitle: `보도자료 편집: ${page.values.title || '(제목 없음)'}`,
    ...(await common(request, reply)),
    ...page,
    values: options.values ?? page.values,
    errors,
    fieldErrors: errorMap(errors),
    formError: options.formError ?? null,
    preview: options.preview ?? null,
    notice: options.notice ?? null,
    moveError: options.moveError ?? null,
    formAction: `/admin/releases/${releaseId}`,
  });
}

export async function renderNewPage(request: FastifyRequest, reply: FastifyReply, options: EditorRenderOptions = {}) {
  const errors = options.errors ?? [];
  reply.code(options.status ?? 200);
  return reply.viewAsync('admin/editor.njk', {
    pageTitle: '새 보도자료 작성',
    ...(await common(request, reply)),
    release: null,
    values: options.values ?? blankValues(request.actor!),
    moves: [],
    revisions: [],
    events: [],
    errors,
    fieldErrors: errorMap(errors),
    formError: options.formError ?? null,
    preview: options.preview ?? null,
    notice: null,
    moveError: null,
    formAction: '/admin/releases',
  });
}
