import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import helmet from 'helmet';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import view from '@fastify/view';
import nunjucks from 'nunjucks';
import type { Config } from './config.js';
import type { Connection } from './db/sqlite.js';
import { systemClock, type Clock } from './shared/clock.js';
import { inThreadArticleReader, startArticleReadThread, type ArticleReader } from './releases/article-reader.js';
import { releaseSearch, type ReleaseSearch } from './search/search-service.js';
import type { HeavyWork } from './shared/heavy-work.js';
import { registerErrorHandling } from './web/error-handler.js';
import { healthRoutes } from './web/health-routes.js';
import { registerAuth } from './auth/auth-plugin.js';
import { authRoutes } from './auth/auth-routes.js';
import { releaseRoutes } from './releases/release-routes.js';
import { ViewCounter } from './releases/view-counter.js';
import { WidgetSource } from './releases/widgets.js';
import { MinistryDirectory } from './ministries/ministry-directory.js';
import { PageCache } from './web/page-cache.js';
import { ListPositions } from './releases/list-positions.js';
import { contentFreshnessReader } from './db/sqlite.js';
import type { Freshness, FreshnessReader } from './shared/fresh-cache.js';
import { attachmentRoutes } from './attachments/attachment-routes.js';
import { auditRoutes } from './audit/audit-routes.js';
import { editorRoutes } from './editor/editor-routes.js';
import { workflowRoutes } from './workflow/workflow-routes.js';
import { commentRoutes } from './comments/comment-routes.js';
import { moderationRoutes } from './moderation/moderation-routes.js';
import { moderationAdminRoutes } from './moderation/moderation-admin-routes.js';
import { moderationPublicRoutes } from './moderation/moderation-public-routes.js';
import { searchRoutes } from './search/search-routes.js';
import { feedRoutes } from './feeds/feed-routes.js';
import { apiRoutes } from './api/api-routes.js';
import { compatRoutes } from './api/compat-routes.js';
import { configureTemplates } from './rendering/template-filters.js';
import { rulesForDisplay } from './moderation/moderation-rules.js';
import { registerPageRendering } from './rendering/page-render.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The package root, from src/ (tests) or dist/src/ (built). */
export const PACKAGE_ROOT = path.basename(path.resolve(here, '..')) === 'dist' ? path.resolve(here, '../..') : path.resolve(here, '..');

export interface AppDependencies {
  config: Config;
  connection: Connection;
  clock?: Clock;
  /** where log lines go instead of stdout (tests) */
  logStream?: { write(line: string): void };
  /** the line uncached searches wait in (tests watch it or hold it busy; by default one of SEARCHES_WAITING) */
  heavyWork?: HeavyWork;
}

export interface AppServices {
  config: Config;
  connection: Connection;
  clock: Clock;
  views: ViewCounter;
  widgets: WidgetSource;
  ministries: MinistryDirectory;
  pages: PageCache;
  positions: ListPositions;
  /** searches as the search page and the API run them: one at a time and in steps, with the ranked pools of recent queries */
  search: ReleaseSearch;
  /** what every cache checks its entries against (content version, next embargo, a release's comments) */
  freshness: FreshnessReader;
  /** anonymous readers' uncached articles: on the request thread, or on a thread of their own (ARTICLE_READ_THREAD) */
  articles: ArticleReader;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
  }
  interface FastifyReply {
    /** Template values every page gets (set by @fastify/view's reply decorator). */
    locals: Record<string, unknown> | undefined;
  }
}

export async function buildApp({ config, connection, clock = systemClock, logStream, heavyWork }: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, ...(logStream ? { stream: logStream } : {}) },
    // Fastify's own request logging writes two lines a request; the access log below
    // writes one, and only when asked for (ACCESS_LOG).
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
  });
  if (config.accessLog) {
    app.addHook('onResponse', (request, reply, done) => {
      request.log.info({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
      done();
    });
  }
  const readFreshness = contentFreshnessReader(connection.sqlite);
  // A request asks for its page and its side column at the same `now`: one read serves
  // both, and a read for an article's comments also serves what needs no comments.
  // (Reading again could only find a newer version, which the entries would then be
  // checked against; a slightly older one merely costs a miss.)
  let lastRead: { now: Date; commentsOf: number | undefined; freshness: Freshness } | null = null;
  const freshness: FreshnessReader = (now, commentsOf) => {
    if (lastRead?.now === now && commentsOf === undefined) return { ...lastRead.freshness, commentVersion: 0 };
    if (lastRead?.now !== now || lastRead.commentsOf !== commentsOf) lastRead = { now, commentsOf, freshness: readFreshness(now, commentsOf) };
    return lastRead.freshness;
  };
  const services: AppServices = {
    config,
    connection,
    clock,
    views: new ViewCounter(connection.db, clock),
    widgets: new WidgetSource(connection.db, freshness),
    ministries: new MinistryDirectory(connection.db),
    pages: new PageCache(freshness),
    positions: new ListPositions(connection.db, freshness),
    search: releaseSearch(connection.db, freshness, heavyWork),
    freshness,
    articles: config.articleReadThread
      ? startArticleReadThread(config.databasePath, connection.db, { onError: (error) => app.log.error({ err: error }, 'article read thread') })
      : inThreadArticleReader(connection.db),
  };
  app.decorate('services', services);
  if (services.articles.threaded()) app.log.info('article read thread started');

  // helmet's middleware is built once: @fastify/helmet rebuilt it (parsing the CSP)
  // on every request, a tenth of a cached page's cost.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // The site links to other government sites; send them the origin only.
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
  await app.register(formbody);
  await app.register(fastifyStatic, {
    root: path.join(PACKAGE_ROOT, 'node_modules', 'krds-uiux', 'resources'),
    prefix: '/krds/',
    maxAge: '7d',
    index: false,
  });
  await app.register(fastifyStatic, {
    root: path.join(PACKAGE_ROOT, 'public'),
    prefix: '/static/',
    decorateReply: false,
    maxAge: '1h',
    index: false,
  });
  let templates: nunjucks.Environment | undefined;
  await app.register(view, {
    engine: { nunjucks },
    root: path.join(PACKAGE_ROOT, 'templates'),
    production: config.production,
    options: {
      autoescape: true,
      throwOnUndefined: false,
      noCache: !config.production,
      onConfigure: (environment: nunjucks.Environment) => {
        configureTemplates(environment, {
          staticPartials: {
            'comments/_rules.njk': () => ({ rules: rulesForDisplay() }),
            // What the header shows a reader who is not logged in (layout.njk).
            'partials/header.njk': (currentPath) => ({ currentPath }),
            'partials/footer.njk': () => ({}),
          },
        });
        templates = environment;
      },
    },
  });
  registerPageRendering(app, () => {
    if (!templates) throw new Error('the template environment is not configured');
    return templates;
  });
  registerErrorHandling(app);
  const sessionPolicy = { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionMaxHours };
  await registerAuth(app, sessionPolicy);
  // Whoever is logged in is shown in the header of every page.
  // Anonymous pages carry no token (and set no cookie), so they stay cacheable.
  app.addHook('preHandler', (request, reply, done) => {
    if (request.actor) {
      const staff = request.actor.roles.some((role) => role !== 'citizen');
      reply.locals = { ...reply.locals, actor: { ...request.actor, isStaff: staff }, csrfToken: reply.generateCsrf() };
    }
    done();
  });

  app.get('/', async (_request, reply) => reply.redirect('/briefing'));
  await app.register(releaseRoutes);
  await app.register(authRoutes, { policy: sessionPolicy });
  await app.register(attachmentRoutes);
  await app.register(auditRoutes);
  await app.register(editorRoutes);
  await app.register(workflowRoutes);
  await app.register(commentRoutes);
  await app.register(moderationRoutes);
  await app.register(moderationAdminRoutes);
  await app.register(moderationPublicRoutes);
  await app.register(searchRoutes);
  await app.register(feedRoutes);
  await app.register(apiRoutes);
  await app.register(compatRoutes);
  await app.register(healthRoutes);

  app.addHook('onClose', async () => {
    await services.views.stop();
    await services.articles.stop();
  });
  return app;
}
