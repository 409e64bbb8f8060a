import { parseLines } from '../releases/release-service.js';
import { escapeHtml } from '../rendering/escape.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ListParams } from '../releases/list-query.js';
import type { ReleaseFilter } from '../releases/release-repository.js';
import { attributionNotice } from '../releases/attribution.js';
import { koglLicence } from '../releases/kogl.js';
import { kstIso } from '../shared/time.js';
import { countPublicReleases, listFeedRows, listSitemapRows, type FeedRow } from './feed-repository.js';
import { cdata, element, xmlText } from './xml.js';

export const FEED_SIZE = 50;
/**
 * URLs per sitemap file. The protocol allows 50,000; a file of 50,000 took 200 ms to
 * build, all of it on the server's one thread, and 5 MB to keep. 10,000 take a fifth.
 */
export const SITEMAP_LIMIT = 10_000;


/** A GUID that survives corrections and a change of domain name's path layout: tag:host,2018:release/ID. */
export function releaseGuid(origin: string, id: number): string {
  return `tag:${new URL(origin).hostname},2018:release/${id}`;
}

export function articleUrl(origin: string, id: number): string {
  return `${origin}/briefing/${id}`;
}

/** RFC 822 date in KST, as RSS 2.0 wants: Wed, 18 Jul 2018 14:00:00 +0900 */
export function rfc822Kst(iso: string): string {
  const shifted = new Date(new Date(iso).getTime() + 9 * 3_600_000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${days[shifted.getUTCDay()]}, ${pad(shifted.getUTCDate())} ${months[shifted.getUTCMonth()]} ${shifted.getUTCFullYear()} ${pad(
    shifted.getUTCHours(),
  )}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())} +0900`;
}

export interface FeedItem {
  id: number;
  guid: string;
  url: string;
  title: string;
  ministry: string;
  type: string;
  published: string;
  updated: string;
  /** plain text: summary (or subtitles), then the attribution and licence */
  description: string;
  /** the body as sanitized HTML followed by the attribution and licence */
  contentHtml: string;
  attribution: string;
  licence: string;
}

export function toFeedItem(row: FeedRow, origin: string): FeedItem {
  const attribution = attributionNotice(row.ministry_name, row.type);
  const licence = koglLicence(row.licence).text;
  const lead = parseLines(row.summary).concat(parseLines(row.summary).length ? [] : parseLines(row.subtitles));
  const escape = (t: string) => t.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return {
    id: row.id,
    guid: releaseGuid(origin, row.id),
    url: articleUrl(origin, row.id),
    title: row.title,
    ministry: row.ministry_name,
    type: row.type,
    published: row.released_at,
    updated: row.updated_at > row.released_at ? row.updated_at : row.released_at,
    description: [...lead, attribution, licence].join('\n'),
    contentHtml: `${row.body_html}\n<p>${escape(attribution)}</p>\n<p>${escape(licence)}</p>`,
    attribution,
    licence,
  };
}

export interface FeedChannel {
  title: string;
  description: string;
  /** the HTML page this feed follows */
  pageUrl: string;
  /** this feed's own URL */
  selfUrl: string;
  items: FeedItem[];
  updated: string;
}

export function renderRss(channel: FeedChannel): string {
  const items = channel.items.map(
    (item) =>
      `<item>${element('title', item.title)}${element('link', item.url)}<guid isPermaLink="false">${xmlText(item.guid)}</guid>` +
      `${element('pubDate', rfc822Kst(item.published))}${element('dc:creator', item.ministry)}` +
      `${element('category', item.type)}${element('category', item.ministry)}` +
      // RSS readers render <description> as HTML: plain text goes in escaped as HTML first.
      `${element('description', escapeHtml(item.description))}<content:encoded>${cdata(item.contentHtml)}</content:encoded>` +
      `${element('dc:rights', item.licence)}</item>`,
  );
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
    `<channel>${element('title', channel.title)}${element('link', channel.pageUrl)}${element('description', channel.description)}` +
    `<atom:link href="${xmlText(channel.selfUrl)}" rel="self" type="application/rss+xml"/>` +
    `${element('language', 'ko')}${element('lastBuildDate', rfc822Kst(channel.updated))}` +
    `${items.join('\n')}</channel></rss>\n`
  );
}

export function renderAtom(channel: FeedChannel, feedId: string): string {
  const entries = channel.items.map(
    (item) =>
      `<entry>${element('id', item.guid)}${element('title', item.title)}<link rel="alternate" type="text/html" href="${xmlText(item.url)}"/>` +
      `${element('published', kstIso(item.published))}${element('updated', kstIso(item.updated))}` +
      `<author>${element('name', item.ministry)}</author><category term="${xmlText(item.type)}"/>` +
      `<summary type="text">${xmlText(item.description)}</summary><content type="html">${xmlText(item.contentHtml)}</content>` +
      `${element('rights', item.licence)}</entry>`,
  );
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ko">' +
    `${element('id', feedId)}${element('title', channel.title)}${element('subtitle', channel.description)}` +
    `<link rel="alternate" type="text/html" href="${xmlText(channel.pageUrl)}"/><link rel="self" type="application/atom+xml" href="${xmlText(channel.selfUrl)}"/>` +
    `${element('updated', kstIso(channel.updated))}<author>${element('name', '브리핑룸')}</author>` +
    `${entries.join('\n')}</feed>\n`
  );
}

/** The feed of the newest public releases under a ministry/type filter. */
export async function buildFeed(
  db: Kysely<Database>,
  filter: ReleaseFilter,
  params: ListParams,
  origin: string,
  format: 'rss' | 'atom',
  now: Date,
): Promise<{ channel: FeedChannel; feedId: string }> {
  const rows = await listFeedRows(db, filter, now, FEED_SIZE);
  const items = rows.map((row) => toFeedItem(row, origin));
  const label = [params.ministry, params.type].filter(Boolean).join(' ');
  const search = new URLSearchParams();
  if (params.ministry) search.set('ministry', params.ministry);
  if (params.type) search.set('type', params.type);
  const query = search.toString() ? `?${search.toString()}` : '';
  const updated = items.reduce((latest, item) => (item.updated > latest ? item.updated : latest), items[0]?.updated ?? now.toISOString());
  return {
    channel: {
      title: label ? `브리핑룸: ${label}` : '브리핑룸: 전체 보도자료',
      description: `정부 부처가 배포한 ${label || '보도자료, 해명·설명자료, 브리핑과 연설문'}의 최근 ${FEED_SIZE}건`,
      pageUrl: `${origin}/briefing${query}`,
      selfUrl: `${origin}/briefing/feed.${format}${query}`,
      items,
      updated,
    },
    feedId: `tag:${new URL(origin).hostname},2018:feed${query ? `/${search.toString()}` : ''}`,
  };
}

/**
 * sitemap.xml: a urlset while it fits one file, else an index of numbered files.
 * The index gives no lastmod: the one it gave every file (the latest public change
 * anywhere) said nothing of any file, and finding it read every public row, 3–8 s at
 * 1,000,000 releases. The files' URLs carry their own.
 */
export async function buildSitemap(
  db: Kysely<Database>,
  origin: string,
  now: Date,
  pageSize = SITEMAP_LIMIT,
): Promise<string> {
  const total = await countPublicReleases(db, now);
  if (total + 1 <= pageSize) return (await buildSitemapPage(db, origin, now, { number: 1, from: { id: 0, skip: 0 } }, pageSize)).xml;
  const files = Math.ceil(total / pageSize);
  const entries: string[] = [];
  for (let n = 1; n <= files; n++) entries.push(`<sitemap>${element('loc', `${origin}/sitemaps/releases-${n}.xml`)}</sitemap>`);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' +
    `${entries.join('\n')}</sitemapindex>\n`
  );
}

/**
 * One file of release URLs: its number (from 1), and where to read it from (see
 * SitemapFileStarts). Also gives the id the next file starts at.
 */
export async function buildSitemapPage(
  db: Kysely<Database>,
  origin: string,
  now: Date,
  file: { number: number; from: { id: number; skip: number } },
  pageSize = SITEMAP_LIMIT,
): Promise<{ xml: string; nextFileFrom: number | null }> {
  const rows = await listSitemapRows(db, now, file.from, pageSize);
  const urls = rows.map((row) => `<url>${element('loc', articleUrl(origin, row.id))}${element('lastmod', kstIso(row.lastmod))}</url>`);
  if (file.number === 1 && rows.length < pageSize) urls.unshift(`<url>${element('loc', `${origin}/briefing`)}${element('changefreq', 'hourly')}</url>`);
  const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + `${urls.join('\n')}</urlset>\n`;
  return { xml, nextFileFrom: rows.length === pageSize ? rows.at(-1)!.id + 1 : null };
}

/**
 * Where sitemap files start, as far as known: file n holds the public releases at
 * positions (n-1)·size to n·size-1 in id order. Reading a file from the id it starts
 * at is one short range of the covering index; an OFFSET from the first id walked past
 * every earlier file (175 ms before the hundredth file of 10,000 at 1,000,000
 * releases). Each file read tells where the next one starts, so a crawler reading
 * them in order never skips; a file asked for out of order skips from the nearest
 * known start before it. Kept for one state of the content (see FreshCache).
 */
export class SitemapFileStarts {
  private readonly starts = new Map<number, number>([[1, 0]]);

  /** Where to read file n from. */
  from(n: number, pageSize: number): { id: number; skip: number } {
    for (let k = n; k >= 1; k--) {
      const id = this.starts.get(k);
      if (id !== undefined) return { id, skip: (n - k) * pageSize };
    }
    throw new Error('file 1 always has a start');
  }

  learn(n: number, nextFileFrom: number | null): void {
    if (nextFileFrom !== null) this.starts.set(n + 1, nextFileFrom);
  }
}

export function robotsTxt(origin: string): string {
  return [
    'User-agent: *',
    'Disallow: /admin',
    'Disallow: /account',
    'Disallow: /my/',
    'Disallow: /login',
    'Disallow: /signup',
    'Disallow: /briefing/search',
    'Disallow: /api/',
    'Disallow: /1371000/',
    'Allow: /',
    '',
    `Sitemap: ${origin}/sitemap.xml`,
    '',
  ].join('\n');
}
