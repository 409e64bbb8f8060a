// Highlighted snippets. The text is escaped here and only the <mark> wrappers
// are added, so the ...Html results may be printed unescaped.
import { escapeHtml } from '../rendering/escape.js';
import { findWord, foldCase, type TextRange } from './search-text.js';

export { escapeHtml };


/** Markdown to the plain words a reader sees, for snippets and feed summaries. */
export function markdownToPlainText(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, ' ')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/[*_`~|]+/g, ' ')
    .replace(/^\s*[-:| ]{3,}\s*$/gm, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Each match of the words as the index matches them (findWord), left to right
 * and not overlapping; where two start together, the longer word wins, so a
 * one-letter word never hides a longer match.
 */
function matchRanges(text: string, words: readonly string[]): TextRange[] {
  const wanted = [...new Set(words.filter(Boolean))].sort((a, b) => b.length - a.length);
  if (wanted.length === 0) return [];
  const folded = foldCase(text);
  const next = wanted.map((word) => findWord(folded, word));
  const ranges: TextRange[] = [];
  while (ranges.length <= 500) {
    let pick = -1;
    for (let i = 0; i < next.length; i++) {
      const found = next[i];
      if (found && (pick === -1 || found.start < next[pick]!.start)) pick = i;
    }
    if (pick === -1) break;
    const range = next[pick]!;
    ranges.push(range);
    for (let i = 0; i < next.length; i++) {
      const found = next[i];
      if (found && found.start < range.end) next[i] = findWord(folded, wanted[i]!, range.end);
    }
  }
  return ranges;
}

function markRanges(text: string, ranges: TextRange[], from: number, to: number): string {
  let html = '';
  let at = from;
  for (const r of ranges) {
    if (r.end <= from || r.start >= to) continue;
    const start = Math.max(r.start, at);
    const end = Math.min(r.end, to);
    if (start >= end) continue;
    html += escapeHtml(text.slice(at, start)) + '<mark>' + escapeHtml(text.slice(start, end)) + '</mark>';
    at = end;
  }
  return html + escapeHtml(text.slice(at, to));
}

/** The whole text, escaped, with every match of the words in <mark>. */
export function highlightHtml(text: string, words: readonly string[]): string {
  const normalized = text.normalize('NFKC');
  return markRanges(normalized, matchRanges(normalized, words), 0, normalized.length);
}

/**
 * About `length` characters of the text around its first match, escaped, with the
 * matches in <mark>; the opening of the text when nothing in it matches.
 */
export function snippetHtml(text: string, words: readonly string[], length = 160): string {
  const normalized = text.normalize('NFKC').replace(/\s+/g, ' ').trim();
  const ranges = matchRanges(normalized, words);
  const first = ranges[0];
  let start = first ? Math.max(0, first.start - Math.floor(length / 4)) : 0;
  const end = Math.min(normalized.length, start + length);
  if (end - start < length) start = Math.max(0, end - length);
  // Do not cut a surrogate pair or a word in half where a space is near.
  if (start > 0) {
    const space = normalized.lastIndexOf(' ', start);
    if (space >= 0 && start - space < 12) start = space + 1;
  }
  const body = markRanges(normalized, ranges, start, end);
  return (start > 0 ? '… ' : '') + body + (end < normalized.length ? ' …' : '');
}
