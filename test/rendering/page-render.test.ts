import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import view from '@fastify/view';
import nunjucks from 'nunjucks';
import { afterAll, describe, expect, it } from 'vitest';
import { registerPageRendering } from '../../src/rendering/page-render.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'briefroom-render-'));
fs.writeFileSync(path.join(root, 'greeting.njk'), '<p>{{ greeting }}, {{ who }}</p>');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function appWithPage(handler: (reply: import('fastify').FastifyReply) => unknown) {
  const app = Fastify();
  let environment: nunjucks.Environment | undefined;
  await app.register(view, {
    engine: { nunjucks },
    root,
    options: { autoescape: true, onConfigure: (env: nunjucks.Environment) => (environment = env) },
  });
  registerPageRendering(app, () => environment!);
  app.get('/', async (_request, reply) => {
    reply.locals = { greeting: '안녕하세요', who: '기본값' };
    return handler(reply);
  });
  return app;
}

describe('reply.renderPage', () => {
  it('returns the page itself, not a promise, with the page values under what the route gives', async () => {
    let rendered: unknown;
    const app = await appWithPage((reply) => {
      rendered = reply.renderPage('greeting.njk', { who: '시민' });
      return reply.type('text/html; charset=utf-8').send(rendered as string);
    });
    const response = await app.inject('/');
    expect(typeof rendered).toBe('string');
    expect(response.body).toBe('<p>안녕하세요, 시민</p>');
  });

  it('escapes what it is given', async () => {
    const app = await appWithPage((reply) => reply.type('text/html; charset=utf-8').send(reply.renderPage('greeting.njk', { who: '<script>alert(1)</script>' })));
    const response = await app.inject('/');
    expect(response.body).toBe('<p>안녕하세요, &lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('throws when the template is missing, so the error handler answers', async () => {
    const app = await appWithPage((reply) => reply.send(reply.renderPage('missing.njk', {})));
    const response = await app.inject('/');
    expect(response.statusCode).toBe(500);
  });
});
