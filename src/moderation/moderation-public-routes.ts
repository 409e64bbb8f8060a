// What everyone may read about moderation: the rules and the monthly report.
import type { FastifyInstance } from 'fastify';
import { rulesForDisplay } from './moderation-rules.js';
import { moderationReport } from './moderation-views.js';

export async function moderationPublicRoutes(app: FastifyInstance): Promise<void> {
  const db = app.services.connection.db;

  app.get('/briefing/rules', async (_request, reply) =>
    reply.viewAsync('rules.njk', { pageTitle: '댓글 운영원칙', currentPath: '/briefing/rules', rules: rulesForDisplay() }),
  );

  app.get('/briefing/moderation-report', async (_request, reply) =>
    reply.viewAsync('moderation/report.njk', { pageTitle: '댓글 운영 현황', currentPath: '/briefing/moderation-report', report: await moderationReport(db) }),
  );
}
