import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../shared/errors.js';
import { WorkAbandoned } from '../shared/heavy-work.js';
import { auditCsrfRefusal } from '../auth/auth-plugin.js';

const HEADINGS: Record<number, string> = {
  400: '요청을 처리할 수 없습니다',
  401: '로그인이 필요합니다',
  403: '접근 권한이 없습니다',
  404: '페이지를 찾을 수 없습니다',
  405: '허용되지 않는 요청 방식입니다',
  409: '요청이 현재 상태와 맞지 않습니다',
  413: '보낸 내용이 너무 큽니다',
  415: '지원하지 않는 형식입니다',
  422: '입력 내용을 확인해 주세요',
  429: '요청이 너무 많습니다',
  500: '일시적인 오류가 발생했습니다',
  503: '잠시 후 다시 이용해 주세요',
};

/** Korean sentences for what Fastify itself refuses before a route runs. */
function messageFor(status: number, error?: FastifyError): string {
  if (status === 404) return '주소가 바뀌었거나 삭제된 페이지입니다. 주소를 다시 확인해 주세요.';
  if (status === 413) return '보낸 내용의 크기가 허용 한도를 넘었습니다.';
  if (status === 415) return '이 주소는 보낸 형식의 내용을 받지 않습니다.';
  if (status === 429) return '잠시 후 다시 시도해 주세요.';
  if (status >= 500) return '잠시 후 다시 시도해 주세요. 문제가 계속되면 운영자에게 알려 주세요.';
  if (error?.code === 'FST_ERR_VALIDATION') return '요청 값의 형식이 올바르지 않습니다.';
  return '요청 주소나 값이 올바르지 않습니다.';
}

/** Stable codes of the JSON API for refusals that are not an AppError. */
const API_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

export async function renderError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  heading: string,
  message: string,
  details: string[] = [],
  code?: string,
): Promise<FastifyReply> {
  // A refusal holds only until something changes (an embargo passes, a page fills up):
  // no cache may keep it.
  reply.code(status).header('cache-control', 'no-store');
  if (request.url.startsWith('/api/')) {
    // API clients branch on `code`, a stable name; the message is for people.
    const apiCode = code ?? API_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
    return reply.type('application/json; charset=utf-8').send({ error: { status, code: apiCode, message, details } });
  }
  try {
    const html = await reply.viewAsync('errors/error.njk', {
      pageTitle: heading,
      currentPath: '',
      statusCode: status,
      heading,
      message,
      details,
    });
    return reply.type('text/html; charset=utf-8').send(html);
  } catch (renderFailure) {
    request.log.error({ err: renderFailure }, 'error page failed to render');
    return reply.type('text/plain; charset=utf-8').send(`${heading}\n${message}`);
  }
}

/** One error handler: a Korean page for people, the cause in the log, never a driver message. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof WorkAbandoned) {
      // Nobody is left to read an answer: 499 (the reader closed the connection) for the log.
      request.log.info('reader left before the answer');
      return reply.code(499).send();
    }
    if (error instanceof AppError) {
      // Too busy for now (BUSY): a moment's wait, not a fault to log as one.
      if (error.statusCode === 503) reply.header('retry-after', '5');
      else if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
      return renderError(request, reply, error.statusCode, HEADINGS[error.statusCode] ?? HEADINGS[400]!, error.message, error.details, error.code);
    }
    if (error.code?.startsWith('FST_CSRF_')) {
      await auditCsrfRefusal(request).catch((auditError: unknown) => request.log.error({ err: auditError }, 'audit failed'));
      return renderError(request, reply, 403, HEADINGS[403]!, '보안 토큰이 없거나 만료되었습니다. 페이지를 새로 고친 뒤 다시 시도해 주세요.');
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: error.code, status }, 'request refused');
    return renderError(request, reply, status, HEADINGS[status] ?? HEADINGS[400]!, messageFor(status, error));
  });
  app.setNotFoundHandler(async (request, reply) =>
    renderError(request, reply, 404, HEADINGS[404]!, messageFor(404)),
  );
}
