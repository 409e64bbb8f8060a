import type { ReleaseType } from '../db/schema.js';
import { escapeHtml } from '../rendering/escape.js';
import { kstIso } from '../shared/time.js';
import { feedLinks, type FeedLink } from './feed-links.js';
import { articleUrl } from './feed-service.js';

export interface ArticleMetadataInput {
  id: number;
  type: ReleaseType;
  title: string;
  subtitles: string[];
  summary: string[];
  ministry: string;
  /** 보도시점, UTC ISO */
  releasedAt: string;
  /** the release row's updated_at, UTC ISO */
  updatedAt: string;
}

export interface MetaTag {
  /** the attribute naming the tag: property (Open Graph) or name (Twitter, description) */
  attribute: 'property' | 'name';
  key: string;
  content: string;
}

export interface ArticleMetadata {
  canonicalUrl: string;
  description: string;
  /** Open Graph, Twitter card and description tags */
  metaTags: MetaTag[];
  /**
   * metaTags as <meta> elements, escaped, one per line: a template loop over 14 tags
   * cost every uncached article 14 frames of eight loop variables each.
   */
  metaTagsHtml: string;
  /** <link rel="alternate"> feeds: the article's ministry and type, then all releases */
  feeds: FeedLink[];
  /** the JSON-LD NewsArticle, serialized so that no text can end the script element */
  jsonLd: string;
  /** the whole <script type="application/ld+json"> element, safe to print unescaped */
  jsonLdHtml: string;
}

/** JSON for inside a <script>: `<`, `>`, `&` and the JS line separators become \u escapes. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function clip(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/**
 * Everything an article page needs in <head> for search engines and link
 * previews: canonical URL, Open Graph and Twitter card tags, and the JSON-LD
 * NewsArticle with the ministry as its publisher. Pure: pass the public origin.
 */
export function articleMetadata(article: ArticleMetadataInput, origin: string): ArticleMetadata {
  const canonicalUrl = articleUrl(origin, article.id);
  const description = clip(article.summary[0] ?? article.subtitles[0] ?? `${article.ministry} ${article.type}: ${article.title}`, 200);
  const published = kstIso(article.releasedAt);
  const modified = kstIso(article.updatedAt > article.releasedAt ? article.updatedAt : article.releasedAt);
  const metaTags: MetaTag[] = [
    { attribute: 'name', key: 'description', content: description },
    { attribute: 'property', key: 'og:type', content: 'article' },
    { attribute: 'property', key: 'og:site_name', content: '브리핑룸' },
    { attribute: 'property', key: 'og:locale', content: 'ko_KR' },
    { attribute: 'property', key: 'og:title', content: article.title },
    { attribute: 'property', key: 'og:description', content: description },
    { attribute: 'property', key: 'og:url', content: canonicalUrl },
    { attribute: 'property', key: 'article:published_time', content: published },
    { attribute: 'property', key: 'article:modified_time', content: modified },
    { attribute: 'property', key: 'article:author', content: article.ministry },
    { attribute: 'property', key: 'article:section', content: article.type },
    { attribute: 'name', key: 'twitter:card', content: 'summary' },
    { attribute: 'name', key: 'twitter:title', content: article.title },
    { attribute: 'name', key: 'twitter:description', content: description },
  ];
  const publisher = { '@type': 'GovernmentOrganization', name: article.ministry };
  const jsonLd = scriptSafeJson({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: clip(article.title, 110),
    ...(article.subtitles.length ? { alternativeHeadline: article.subtitles.join(' / ') } : {}),
    description,
    url: canonicalUrl,
    mainEntityOfPage: canonicalUrl,
    datePublished: published,
    dateModified: modified,
    inLanguage: 'ko',
    articleSection: article.type,
    author: publisher,
    publisher,
  });
  return {
    canonicalUrl,
    description,
    metaTags,
    metaTagsHtml: metaTags.map((tag) => `<meta ${tag.attribute}="${escapeHtml(tag.key)}" content="${escapeHtml(tag.content)}">`).join('\n'),
    feeds: feedLinks({ ministry: article.ministry, type: article.type }),
    jsonLd,
    jsonLdHtml: `<script type="application/ld+json">${jsonLd}</script>`,
  };
}
