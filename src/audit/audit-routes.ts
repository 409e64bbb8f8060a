import type { FastifyInstance } from 'fastify';
import { requireRole } from '../auth/auth-plugin.js';
import { auditLogPage, type AuditFilterInput } from './audit-service.js';

/** The audit log viewer: admins only; anyone else's attempt is itself logged by requireRole. */
export async function auditRoutes(app: FastifyInstance): Promise<void> {
  const db = app.services.connection.db;

  app.get('/admin/audit', { preHandler: requireRole('admin') }, async (request, reply) => {
    const page = await auditLogPage(db, request.query as AuditFilterInput);
    reply.code(page.errors.length ? 422 : 200);
    return reply.viewAsync('admin/audit/list.njk', {
      pageTitle: '감사 기록',
      currentPath: '/admin/audit',
      ...page,
    });
  });
}
