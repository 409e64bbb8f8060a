import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { AttachmentRow } from '../db/schema.js';
import { formContext, requireRole } from '../auth/auth-plugin.js';
import { formatBytes } from '../releases/release-service.js';
import { AppError } from '../shared/errors.js';
import { contentDisposition } from './attachment-names.js';
import {
  ACCEPTED_EXTENSIONS,
  addAttachment,
  authorizeAttachmentChange,
  deleteAttachment,
  findAttachmentForStaff,
  findPublicAttachment,
  listAttachmentsForEditor,
  moveAttachment,
  publicAttachmentUrl,
} from './attachment-service.js';
import { AttachmentStorage } from './attachment-storage.js';

const ID = /^[1-9]\d{0,15}$/;
const STAFF = ['press_officer', 'reviewer', 'admin'] as const;

function idParam(raw: string | undefined, notFound: string): number {
  if (!raw || !ID.test(raw) || !Number.isSafeInteger(Number(raw))) throw new AppError('NOT_FOUND', notFound);
  return Number(raw);
}

/** Where to go after a change: a staff page the form named, else the release's attachment page. */
function returnTo(request: FastifyRequest, releaseId: number): string {
  const body = request.body as Record<string, unknown> | undefined;
  const query = request.query as Record<string, unknown> | undefined;
  const next = body?.next ?? query?.next;
  if (typeof next === 'string' && /^\/admin\/(?![/\\])[^\s\\]*$/.test(next)) return next;
  return `/admin/releases/${releaseId}/attachments`;
}

export async function attachmentRoutes(app: FastifyInstance): Promise<void> {
  const { connection, clock, config } = app.services;
  const db = connection.db;
  const storage = new AttachmentStorage(config.attachmentsDir, config.attachmentMaxBytes);
  const maxSizeText = formatBytes(config.attachmentMaxBytes);

  // Scoped to this plugin: no other route accepts multipart bodies.
  await app.register(multipart, {
    limits: { fileSize: config.attachmentMaxBytes, files: 1, fields: 5, fieldSize: 1000, parts: 6, headerPairs: 100 },
  });

  const ctx = (request: FastifyRequest) => ({ now: clock(), ip: request.ip });

  async function send(reply: FastifyReply, row: AttachmentRow, cache: string): Promise<FastifyReply> {
    const stream = await storage.open(row.sha256);
    if (!stream) {
      reply.log.error({ attachmentId: row.id, sha256: row.sha256 }, 'attachment file missing from storage');
      throw new AppError('NOT_FOUND', '요청한 첨부파일을 찾을 수 없습니다.');
    }
    return reply
      .header('Content-Type', row.media_type)
      .header('Content-Length', String(row.size_bytes))
      .header('Content-Disposition', contentDisposition(row.file_name, `attachment-${row.id}`))
      .header('X-Content-Type-Options', 'nosniff')
      // Even if a browser opened it in place, the file may run nothing.
      .header('Content-Security-Policy', "default-src 'none'; sandbox")
      .header('Cache-Control', cache)
      .send(stream);
  }

  // The public address: the same 404 whether the file, its name or its release's visibility is wrong.
  app.get<{ Params: { id: string; '*': string } }>('/attachments/:id/*', async (request, reply) => {
    const id = idParam(request.params.id, '요청한 첨부파일을 찾을 수 없습니다.');
    const row = await findPublicAttachment(db, id, request.params['*'], clock());
    // Short: a withdrawn release must stop serving its files soon.
    return send(reply, row, 'public, max-age=300');
  });

  // The Markdown sanitizer also admits /attachments/:id; send it to the full address.
  app.get<{ Params: { id: string } }>('/attachments/:id', async (request, reply) => {
    const id = idParam(request.params.id, '요청한 첨부파일을 찾을 수 없습니다.');
    const row = await findPublicAttachment(db, id, null, clock());
    return reply.redirect(publicAttachmentUrl(row), 301);
  });

  app.get<{ Params: { id: string; '*': string } }>(
    '/admin/attachments/:id/*',
    { preHandler: requireRole(...STAFF) },
    async (request, reply) => {
      const id = idParam(request.params.id, '요청한 첨부파일을 찾을 수 없습니다.');
      const row = await findAttachmentForStaff(db, request.actor, id, request.params['*'], ctx(request));
      return send(reply, row, 'private, no-store');
    },
  );

  async function renderPage(
    request: FastifyRequest,
    reply: FastifyReply,
    releaseId: number,
    status = 200,
    errors: string[] = [],
  ): Promise<FastifyReply> {
    const release = await authorizeAttachmentChange(db, request.actor, releaseId, ctx(request));
    const html = await reply.code(status).viewAsync('admin/attachments/page.njk', {
      pageTitle: `첨부파일 관리: ${release.title}`,
      currentPath: request.url,
      ...(await formContext(request, reply)),
      release: { id: release.id, title: release.title },
      releaseId: release.id,
      attachments: await listAttachmentsForEditor(db, release.id),
      maxSizeText,
      accept: ACCEPTED_EXTENSIONS.join(','),
      errors,
    });
    return reply.type('text/html; charset=utf-8').send(html);
  }

  app.get<{ Params: { id: string } }>(
    '/admin/releases/:id/attachments',
    { preHandler: requireRole(...STAFF) },
    async (request, reply) => renderPage(request, reply, idParam(request.params.id, '요청한 보도자료를 찾을 수 없습니다.')),
  );

  app.post<{ Params: { id: string } }>(
    '/admin/releases/:id/attachments',
    { preHandler: requireRole(...STAFF) },
    async (request, reply) => {
      const releaseId = idParam(request.params.id, '요청한 보도자료를 찾을 수 없습니다.');
      if (!request.isMultipart()) {
        throw new AppError('BAD_REQUEST', '파일은 파일 올리기 양식(multipart/form-data)으로 보내 주세요.');
      }
      try {
        await addAttachment(
          db,
          storage,
          request.actor,
          releaseId,
          async () => {
            const part = await request.file();
            if (!part) return undefined;
            if (!part.filename) {
              // the browser sends an empty part when no file was chosen
              part.file.resume();
              return undefined;
            }
            return { fileName: part.filename, stream: part.file, truncated: () => part.file.truncated };
          },
          ctx(request),
        );
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
          return renderPage(request, reply, releaseId, 413, [`첨부파일은 한 번에 한 개, ${maxSizeText}까지 올릴 수 있습니다.`]);
        }
        if (error instanceof AppError && (error.code === 'VALIDATION_FAILED' || error.code === 'PAYLOAD_TOO_LARGE')) {
          return renderPage(request, reply, releaseId, error.statusCode, [error.message]);
        }
        throw error;
      }
      return reply.redirect(returnTo(request, releaseId), 303);
    },
  );

  app.post<{ Params: { id: string; attachmentId: string } }>(
    '/admin/releases/:id/attachments/:attachmentId/delete',
    { preHandler: requireRole(...STAFF) },
    async (request, reply) => {
      const releaseId = idParam(request.params.id, '요청한 보도자료를 찾을 수 없습니다.');
      const attachmentId = idParam(request.params.attachmentId, '요청한 첨부파일을 찾을 수 없습니다.');
      await deleteAttachment(db, storage, request.actor, releaseId, attachmentId, ctx(request));
      return reply.redirect(returnTo(request, releaseId), 303);
    },
  );

  app.post<{ Params: { id: string; attachmentId: string } }>(
    '/admin/releases/:id/attachments/:attachmentId/move',
    { preHandler: requireRole(...STAFF) },
    async (request, reply) => {
      const releaseId = idParam(request.params.id, '요청한 보도자료를 찾을 수 없습니다.');
      const attachmentId = idParam(request.params.attachmentId, '요청한 첨부파일을 찾을 수 없습니다.');
      const direction = (request.body as Record<string, unknown> | undefined)?.direction;
      if (direction !== 'up' && direction !== 'down') throw new AppError('BAD_REQUEST', '이동 방향(위로/아래로)을 선택해 주세요.');
      await moveAttachment(db, request.actor, releaseId, attachmentId, direction, ctx(request));
      return reply.redirect(returnTo(request, releaseId), 303);
    },
  );
}
