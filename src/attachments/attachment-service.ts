import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { AttachmentRow, Database } from '../db/schema.js';
import { recordAudit } from '../audit/audit-service.js';
import { isPublic } from '../releases/visibility.js';
import { formatBytes } from '../releases/release-service.js';
import { AppError } from '../shared/errors.js';
import { actsForMinistry, hasRole, type Actor } from '../users/user-service.js';
import { cleanFileName } from './attachment-names.js';
import {
  deleteAttachmentRow,
  findAttachmentRow,
  findReleaseAccess,
  insertAttachmentRow,
  isContentUsed,
  listAttachmentRows,
  setAttachmentPositions,
  type ReleaseAccessRow,
} from './attachment-repository.js';
import type { AttachmentStorage } from './attachment-storage.js';
import { ATTACHMENT_KINDS, checkAttachment, extensionOf, kindOfMediaType } from './attachment-types.js';

export interface RequestContext {
  now: Date;
  ip: string;
}

/** One uploaded file as the web layer hands it over. */
export interface Upload {
  fileName: string;
  stream: Readable;
  /** Whether the transport cut the file off at its size limit. */
  truncated?: () => boolean;
}

export interface EditorAttachment {
  id: number;
  fileName: string;
  typeLabel: string;
  sizeText: string;
  /** Staff download, works before the release is public. */
  url: string;
  /** The address readers use, and the one a Markdown body refers to for images. */
  publicUrl: string;
  isImage: boolean;
}

const NOT_FOUND = '요청한 첨부파일을 찾을 수 없습니다.';

export function publicAttachmentUrl(row: Pick<AttachmentRow, 'id' | 'file_name'>): string {
  return `/attachments/${row.id}/${encodeURIComponent(row.file_name)}`;
}

export function staffAttachmentUrl(row: Pick<AttachmentRow, 'id' | 'file_name'>): string {
  return `/admin/attachments/${row.id}/${encodeURIComponent(row.file_name)}`;
}

/** Press officers and reviewers of the release's ministry, and admins. */
export function mayManageAttachments(actor: Actor | null, release: { ministry_id: number }): boolean {
  if (!actor) return false;
  if (hasRole(actor, 'admin')) return true;
  return hasRole(actor, 'press_officer', 'reviewer') && actsForMinistry(actor, release.ministry_id);
}

function typeLabel(row: AttachmentRow): string {
  return kindOfMediaType(row.media_type)?.label ?? (extensionOf(row.file_name).toUpperCase() || row.media_type);
}

/** The attachments of a release for the editor's panel (templates/admin/attachments/panel.njk). */
export async function listAttachmentsForEditor(db: Kysely<Database>, releaseId: number): Promise<EditorAttachment[]> {
  const rows = await listAttachmentRows(db, releaseId);
  return rows.map((row) => ({
    id: row.id,
    fileName: row.file_name,
    typeLabel: typeLabel(row),
    sizeText: formatBytes(row.size_bytes),
    url: staffAttachmentUrl(row),
    publicUrl: publicAttachmentUrl(row),
    isImage: kindOfMediaType(row.media_type)?.image ?? false,
  }));
}

/**
 * The release whose attachments the actor wants to change, after checking they
 * may: a refusal is written to the audit log and nothing else happens.
 */
export async function authorizeAttachmentChange(
  db: Kysely<Database>,
  actor: Actor | null,
  releaseId: number,
  ctx: RequestContext,
): Promise<ReleaseAccessRow> {
  const release = await findReleaseAccess(db, releaseId);
  if (!release) throw new AppError('RELEASE_NOT_FOUND', '요청한 보도자료를 찾을 수 없습니다.');
  if (!mayManageAttachments(actor, release)) {
    await recordAudit(db, {
      actorId: actor?.id ?? null,
      action: 'permission.denied',
      targetType: 'release',
      targetId: releaseId,
      ip: ctx.ip,
      detail: { what: 'attachments' },
      at: ctx.now.toISOString(),
    });
    throw new AppError('FORBIDDEN', '이 보도자료의 첨부파일은 해당 부처의 홍보담당관·검토자 또는 관리자만 바꿀 수 있습니다.');
  }
  return release;
}

/**
 * Checks, stores and records one upload. `openUpload` is called only after the
 * permission check, so a refused person's file is never read or written.
 */
export async function addAttachment(
  db: Kysely<Database>,
  storage: AttachmentStorage,
  actor: Actor | null,
  releaseId: number,
  openUpload: () => Promise<Upload | undefined>,
  ctx: RequestContext,
): Promise<AttachmentRow> {
  await authorizeAttachmentChange(db, actor, releaseId, ctx);
  const upload = await openUpload();
  if (!upload) throw new AppError('VALIDATION_FAILED', '첨부할 파일을 선택해 주세요.');
  const at = ctx.now.toISOString();
  const fileName = cleanFileName(upload.fileName);
  const received = await storage.receive(upload.stream, upload.truncated);
  const refuse = async (code: 'VALIDATION_FAILED' | 'PAYLOAD_TOO_LARGE', message: string) => {
    await storage.discard(received.tempPath);
    await recordAudit(db, {
      actorId: actor!.id,
      action: 'attachment.rejected',
      targetType: 'release',
      targetId: releaseId,
      ip: ctx.ip,
      detail: { fileName: upload.fileName.slice(0, 200), size: received.size, reason: message },
      at,
    });
    return new AppError(code, message);
  };
  if (received.tooLarge) {
    throw await refuse('PAYLOAD_TOO_LARGE', `첨부파일은 한 개에 ${formatBytes(storage.maxBytes)}까지 올릴 수 있습니다. 파일 크기를 줄여 다시 올려 주세요.`);
  }
  if (!fileName) throw await refuse('VALIDATION_FAILED', '파일 이름이 올바르지 않습니다. 이름을 바꾼 뒤 다시 올려 주세요.');
  const verdict = await storage.withReader(received.tempPath, (readAt) => checkAttachment(fileName, received.head, received.size, readAt));
  if (!verdict.ok) throw await refuse('VALIDATION_FAILED', verdict.message);

  const row = await storage.commit(received, () =>
    db.transaction().execute(async (trx) => {
      const inserted = await insertAttachmentRow(trx, {
        releaseId,
        fileName,
        mediaType: ATTACHMENT_KINDS[verdict.kind].mediaType,
        sizeBytes: received.size,
        sha256: received.sha256,
        now: at,
      });
      await recordAudit(trx, {
        actorId: actor!.id,
        action: 'attachment.upload',
        targetType: 'attachment',
        targetId: inserted.id,
        ip: ctx.ip,
        detail: { releaseId, fileName, mediaType: inserted.media_type, size: received.size, sha256: received.sha256 },
        at,
      });
      return inserted;
    }),
  );
  return row;
}

async function attachmentOfRelease(db: Kysely<Database>, releaseId: number, attachmentId: number): Promise<AttachmentRow> {
  const row = await findAttachmentRow(db, attachmentId);
  if (!row || row.release_id !== releaseId) throw new AppError('NOT_FOUND', NOT_FOUND);
  return row;
}

export async function deleteAttachment(
  db: Kysely<Database>,
  storage: AttachmentStorage,
  actor: Actor | null,
  releaseId: number,
  attachmentId: number,
  ctx: RequestContext,
): Promise<void> {
  await authorizeAttachmentChange(db, actor, releaseId, ctx);
  const row = await attachmentOfRelease(db, releaseId, attachmentId);
  await db.transaction().execute(async (trx) => {
    await deleteAttachmentRow(trx, row.id);
    await recordAudit(trx, {
      actorId: actor!.id,
      action: 'attachment.delete',
      targetType: 'attachment',
      targetId: row.id,
      ip: ctx.ip,
      detail: { releaseId, fileName: row.file_name, sha256: row.sha256 },
      at: ctx.now.toISOString(),
    });
  });
  await storage.release(row.sha256, () => isContentUsed(db, row.sha256));
}

/** Moves an attachment one place up or down in the release's list. */
export async function moveAttachment(
  db: Kysely<Database>,
  actor: Actor | null,
  releaseId: number,
  attachmentId: number,
  direction: 'up' | 'down',
  ctx: RequestContext,
): Promise<void> {
  await authorizeAttachmentChange(db, actor, releaseId, ctx);
  await attachmentOfRelease(db, releaseId, attachmentId);
  await db.transaction().execute(async (trx) => {
    const ids = (await listAttachmentRows(trx, releaseId)).map((r) => r.id);
    const index = ids.indexOf(attachmentId);
    const swapWith = direction === 'up' ? index - 1 : index + 1;
    if (index < 0 || swapWith < 0 || swapWith >= ids.length) return;
    [ids[index], ids[swapWith]] = [ids[swapWith]!, ids[index]!];
    await setAttachmentPositions(trx, ids);
    await recordAudit(trx, {
      actorId: actor!.id,
      action: 'attachment.move',
      targetType: 'attachment',
      targetId: attachmentId,
      ip: ctx.ip,
      detail: { releaseId, direction },
      at: ctx.now.toISOString(),
    });
  });
}

/**
 * The attachment behind a public URL: only when its release is public and the
 * name in the URL is its name. Anything else is simply not found.
 */
export async function findPublicAttachment(db: Kysely<Database>, id: number, name: string | null, now: Date): Promise<AttachmentRow> {
  const row = await findAttachmentRow(db, id);
  if (!row || (name !== null && name.normalize('NFC') !== row.file_name)) throw new AppError('NOT_FOUND', NOT_FOUND);
  const release = await findReleaseAccess(db, row.release_id);
  if (!release || !isPublic(release, now)) throw new AppError('NOT_FOUND', NOT_FOUND);
  return row;
}

/** The attachment for staff who may edit its release, public or not. */
export async function findAttachmentForStaff(
  db: Kysely<Database>,
  actor: Actor | null,
  id: number,
  name: string,
  ctx: RequestContext,
): Promise<AttachmentRow> {
  const row = await findAttachmentRow(db, id);
  if (!row || name.normalize('NFC') !== row.file_name) throw new AppError('NOT_FOUND', NOT_FOUND);
  await authorizeAttachmentChange(db, actor, row.release_id, ctx);
  return row;
}

export { ACCEPTED_EXTENSIONS } from './attachment-types.js';
