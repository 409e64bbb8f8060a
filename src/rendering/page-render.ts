import type { FastifyInstance } from 'fastify';
import type nunjucks from 'nunjucks';

declare module 'fastify' {
  interface FastifyReply {
    /**
     * The page, rendered at once with the values every page gets (`reply.locals`)
     * under `data`. For the pages rendered on readers' requests.
     */
    renderPage(template: string, data: Record<string, unknown>): string;
  }
}

/**
 * Gives replies a synchronous render through the nunjucks environment @fastify/view
 * configured. `reply.viewAsync` hands nunjucks a callback, which nunjucks always
 * calls back on a later turn of the event loop (setImmediate): under load, every
 * page rendered in one turn was then held, with its request, until all of them were,
 * which lengthened every request and had the garbage collector copy and promote
 * pages that were about to be dropped.
 */
export function registerPageRendering(app: FastifyInstance, environment: () => nunjucks.Environment): void {
  app.decorateReply('renderPage', function (template: string, data: Record<string, unknown>): string {
    return environment().render(template, { ...this.locals, ...data });
  });
}
