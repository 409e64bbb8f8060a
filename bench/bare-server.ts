// The baseline: a bare Fastify route answering a static string as large as the
// page it is compared with, so ratios measure what briefroom adds per request.
import Fastify from 'fastify';

const size = Number(process.env.BODY_BYTES ?? 20000);
const body = `<!DOCTYPE html><html lang="ko"><body>${'가'.repeat(Math.max(0, Math.floor((size - 60) / 3)))}</body></html>`;
const app = Fastify({ logger: false });
app.get('/bare', async (_request, reply) => reply.type('text/html; charset=utf-8').send(body));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
process.stdout.write(`ready ${(app.server.address() as { port: number }).port}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
