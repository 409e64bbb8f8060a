// A load generator for comment posting, run as its own process by `npm run bench`:
// logs in as several citizens through the real forms, then posts comments as fast as
// the server takes them for a fixed time, and prints one JSON line.
// The fifth argument, when given, is the number of the first account (bench<n>@example.com) to use.
const [base, secondsText, usersText, releaseIdText, firstUserText] = process.argv.slice(2);
const firstUser = Number(firstUserText ?? 0);
const seconds = Number(secondsText);
const users = Number(usersText);
const releaseId = Number(releaseIdText);

interface Session {
  cookie: string;
  token: string;
}

function cookiesOf(response: Response, into: Map<string, string>): void {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const [name, ...value] = pair!.split('=');
    into.set(name!, value.join('='));
  }
}

async function login(email: string, password: string): Promise<Session> {
  const jar = new Map<string, string>();
  const form = await fetch(`${base}/login`);
  cookiesOf(form, jar);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ _csrf: token, email, password }),
  });
  if (res.status !== 302) throw new Error(`login failed for ${email}: ${res.status}`);
  cookiesOf(res, jar);
  const article = await fetch(`${base}/briefing/${releaseId}`, { headers: { cookie: cookie() } });
  const articleToken = /name="_csrf" value="([^"]+)"/.exec(await article.text())?.[1];
  if (!articleToken) throw new Error('no comment form on the article');
  return { cookie: cookie(), token: articleToken };
}

const sessions = await Promise.all(Array.from({ length: users }, (_, i) => login(`bench${firstUser + i}@example.com`, 'bench-reader-2026')));
const latencies: number[] = [];
let failures = 0;
const deadline = performance.now() + seconds * 1000;
let counter = 0;
await Promise.all(
  sessions.map(async (session) => {
    while (performance.now() < deadline) {
      counter += 1;
      const started = performance.now();
      const res = await fetch(`${base}/briefing/${releaseId}/comments`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
        body: new URLSearchParams({ _csrf: session.token, body: `정책 설명 잘 들었습니다. 현장 의견도 반영해 주세요 (${counter}번째 의견).` }),
      });
      await res.arrayBuffer();
      if (res.status >= 400) failures += 1;
      else latencies.push(performance.now() - started);
    }
  }),
);
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
process.stdout.write(
  `${JSON.stringify({ rps: latencies.length / seconds, p50: at(0.5), p95: at(0.95), p99: at(0.99), non2xx: failures })}\n`,
);
