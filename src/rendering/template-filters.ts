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

/** The macros every page may use, as the global `ui`. */
export const SHARED_MACROS = 'partials/macros.njk';

type Exported = Record<string, unknown>;
// Parts of nunjucks its type definitions leave out.
type ExportingTemplate = { getExported(callback: (error: Error | null, exported: Exported) => void): void };
type LoadingEnvironment = { loaders: { noCache?: boolean }[] };

function exportMacros(env: nunjucks.Environment): Exported {
  let exported: Exported | undefined;
  // A template read by a synchronous loader runs, and calls back, synchronously.
  (env.getTemplate(SHARED_MACROS, true) as unknown as ExportingTemplate).getExported((error, value) => {
    if (error) throw error;
    exported = value;
  });
  if (!exported) throw new Error(`${SHARED_MACROS}: its macros were not exported synchronously`);
  return exported;
}

/**
 * Adds the project's filters, and the shared macros as the global `ui`, to the
 * environment @fastify/view creates. A page's `{% import %}` of the macros ran
 * that file again on every render: about 100 µs, a tenth of an uncached article.
 * When the loader reads templates anew at each use (development), so does each
 * macro of `ui` (a macro added to the file still needs a restart).
 */
export function configureTemplates(env: nunjucks.Environment): void {
  env.addFilter('lineBreaks', lineBreaks);
  const macros = exportMacros(env);
  const reloading = (env as unknown as LoadingEnvironment).loaders.some((loader) => loader.noCache === true);
  if (!reloading) {
    env.addGlobal('ui', macros);
    return;
  }
  const fresh: Exported = {};
  for (const name of Object.keys(macros)) {
    fresh[name] = (...args: unknown[]) => (exportMacros(env)[name] as (...a: unknown[]) => unknown)(...args);
  }
  env.addGlobal('ui', fresh);
}
