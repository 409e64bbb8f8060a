import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** The CSRF token in a rendered form and the cookie it is bound to. */
export function csrfFrom(page: LightMyRequestResponse): { token: string; cookies: Record<string, string> } {
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error('no CSRF token on the page');
  const cookies: Record<string, string> = {};
  for (const c of page.cookies) cookies[c.name] = c.value;
  return { token, cookies };
}

export interface LoggedIn {
  status: number;
  location: string | undefined;
  body: string;
  setCookie: string;
  cookies: Record<string, string>;
}

/** Logs in through the real form, as a browser would. */
export async function loginAs(app: FastifyInstance, email: string, password: string): Promise<LoggedIn> {
  const page = await app.inject({ method: 'GET', url: '/login' });
  const { token, cookies } = csrfFrom(page);
  const res = await app.inject({ method: 'POST', url: '/login', cookies, payload: { _csrf: token, email, password } });
  const all: Record<string, string> = { ...cookies };
  for (const c of res.cookies) all[c.name] = c.value;
  const header = res.headers['set-cookie'];
  return {
    status: res.statusCode,
    location: res.headers.location as string | undefined,
    body: res.body,
    setCookie: Array.isArray(header) ? header.join('\n') : String(header ?? ''),
    cookies: all,
  };
}
