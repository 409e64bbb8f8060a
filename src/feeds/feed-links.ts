import type { ListParams } from '../releases/list-query.js';

export interface FeedLink {
  type: 'application/rss+xml' | 'application/atom+xml';
  title: string;
  href: string;
}

function feedQuery(params: Partial<Pick<ListParams, 'ministry' | 'type'>>): string {
  const search = new URLSearchParams();
  if (params.ministry) search.set('ministry', params.ministry);
  if (params.type) search.set('type', params.type);
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * The <link rel="alternate"> feeds for a page showing the given filters: the
 * filtered feed first (when a ministry or type is chosen), then all releases.
 * Each is { type, title, href } with a root-relative href.
 */
export function feedLinks(params: Partial<Pick<ListParams, 'ministry' | 'type'>> = {}): FeedLink[] {
  const links: FeedLink[] = [];
  if (params.ministry || params.type) {
    const label = [params.ministry, params.type].filter(Boolean).join(' ');
    const query = feedQuery(params);
    links.push({ type: 'application/rss+xml', title: `브리핑룸 ${label} (RSS)`, href: `/briefing/feed.rss${query}` });
    links.push({ type: 'application/atom+xml', title: `브리핑룸 ${label} (Atom)`, href: `/briefing/feed.atom${query}` });
  }
  links.push({ type: 'application/rss+xml', title: '브리핑룸 전체 보도자료 (RSS)', href: '/briefing/feed.rss' });
  links.push({ type: 'application/atom+xml', title: '브리핑룸 전체 보도자료 (Atom)', href: '/briefing/feed.atom' });
  return links;
}
