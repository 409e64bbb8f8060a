import type { FastifyInstance } from 'fastify';

/**
 * For a load balancer in front of several app processes, or a supervisor: 200 while
 * this process reads the database, 503 when it cannot, so traffic goes elsewhere.
 * The probe reads the content version, a row every migrated database has, through
 * the same connection the pages use. Probes come every few seconds: they are logged
 * only when something fails, and no cache may keep the answer.
 */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  const { connection } = app.services;
  app.get('/healthz', { logLevel: 'warn' }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      const row = await connection.db.selectFrom('site_state').select('value').where('key', '=', 'content_version').executeTakeFirst();
      if (row === undefined) throw new Error('site_state has no content_version: the database is not migrated');
      return { status: 'ok' };
    } catch (error) {
      request.log.error({ err: error }, 'health check: the database cannot be read');
      return reply.code(503).send({ status: 'unavailable', message: '데이터베이스를 읽을 수 없습니다.' });
    }
  });
}
