import { createHash } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { verifyApiKey } from '../apikeys/apikey-service.js';
import { parsePortalRequest, portalErrorXml, responseXml, type PortalError } from './compat-xml.js';
import { listPortalItems } from './compat-service.js';
import { FreshCache } from '../shared/fresh-cache.js';
import { encodeUtf8 } from '../shared/utf8.js';

export interface CompatRoutesOptions {
  /** requests per key per window (default: the config's openApiHourlyLimit an hour) */
  rateLimitMax?: number;
  rateLimitWindowMs?: number;
}

const XML_TYPE = 'application/xml; charset=utf-8';

function keyOf(request: FastifyRequest): string {
  const query = request.query as Record<string, unknown>;
  const key = typeof query.serviceKey === 'string' ? query.serviceKey : typeof query.ServiceKey === 'string' ? query.ServiceKey : '';
  return key ? `key:${createHash('sha256').update(key.trim()).digest('hex')}` : `ip:${request.ip}`;
}

/** GET /1371000/pressReleaseService/pressReleaseList, answering as the open-data portal does. */
export async function compatRoutes(app: FastifyInstance, options: CompatRoutesOptions = {}): Promise<void> {
  const { connection, clock, config, freshness } = app.services;
  // Answers depend on the asked days and page only (never on the key, checked first),
  // and are used only while no public change or embargo has happened since. A page of
  // three days at 1,000,000 releases is about 1.3 MB: kept encoded, outside V8's heap,
  // and bounded in bytes. Held as strings, 82 of them (a harvester walking the archive
  // three days at a time) ran the server out of its 128 MB heap.
  const answers = new FreshCache<Buffer>(freshness, {
    maxAgeMs: 60_000,
    maxEntries: 100,
    maxBytes: 16 * 2 ** 20,
    maxEntryBytes: 4 * 2 ** 20,
    sizeOf: (answer) => answer.length,
  });

  if (!app.hasDecorator('rateLimit')) await app.register(rateLimit, { global: false });

  // Clients of the portal read the XML whatever the status; every refusal here is portal-shaped.
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    let code: PortalError = 'UNKNOWN_ERROR';
    if (status === 429) code = 'LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR';
    else if (status < 500) code = 'INVALID_REQUEST_PARAMETER_ERROR';
    else request.log.error({ err: error }, 'portal-compatible API failed');
    return reply.code(status === 429 ? 429 : 200).type(XML_TYPE).send(portalErrorXml(code));
  });

  app.get(
    '/1371000/pressReleaseService/pressReleaseList',
    {
      config: {
        rateLimit: {
          max: options.rateLimitMax ?? config.openApiHourlyLimit,
          timeWindow: options.rateLimitWindowMs ?? 3_600_000,
          keyGenerator: keyOf,
          errorResponseBuilder: () => Object.assign(new Error('rate limited'), { statusCode: 429 }),
        },
      },
    },
    async (request, reply) => {
      reply.type(XML_TYPE).header('cache-control', 'no-store');
      const parsed = parsePortalRequest(request.query as Record<string, unknown>);
      // The key is checked first, as the portal's gateway does.
      const presented = 'error' in parsed ? String((request.query as Record<string, unknown>).serviceKey ?? '') : parsed.serviceKey;
      if (!presented || !(await verifyApiKey(connection.db, presented))) return portalErrorXml('SERVICE_KEY_IS_NOT_REGISTERED_ERROR');
      if ('error' in parsed) return portalErrorXml(parsed.error);
      const now = clock();
      const { from, until, pageNo, numOfRows } = parsed;
      return answers.get(`${from}|${until}|${pageNo}|${numOfRows}`, now, async () =>
        encodeUtf8(responseXml(await listPortalItems(connection.db, parsed, config.publicOrigin, now))),
      );
    },
  );
}
