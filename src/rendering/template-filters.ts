import nunjucks from 'nunjucks';
import { escapeHtml } from './escape.js';

/**
 * Text kept as its lines (a comment's), each escaped, joined with <br>. A filter
 * rather than an included template: an article shows up to 20 comments, and
 * nunjucks builds a context, a frame and a loop for every include.
 */
export function lineBreaks(lines: unknown): nunjucks.runtime.SafeString {
  const text = Array.isArray(lines) ? lines.map((line) => escapeHtml(String(line ?? ''))).join('<br>') : '';
  return new nunjucks.runtime.SafeString(text);
}

/** Adds the project's filters to the environment @fastify/view creates. */
export function configureTemplates(env: nunjucks.Environment): void {
  env.addFilter('lineBreaks', lineBreaks);
}
