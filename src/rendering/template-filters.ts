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

/**
 * Partials whose output depends on constants only, by template name: the constants
 * they are rendered with. A partial that also depends on one value of the page (the
 * anonymous header on the current path) takes it as its variant and is kept per variant.
 */
export type StaticPartials = Record<string, (variant: string) => object>;

/**
 * Variants kept per partial. A variant is mostly a constant of the route (a path),
 * but a route may pass its request's path: past this many, the oldest is dropped.
 */
const MAX_VARIANTS = 32;

/**
 * The global `staticPartial(name, variant?)`: a partial rendered once with its
 * constants (and the variant), then printed as that HTML. The comment rules (13
 * items) printed under every article cost a loop of 13 frames with eight loop
 * variables each on every render; the header, masthead and footer of an anonymous
 * page, three includes with their own contexts and frames. A name not registered is
 * an error, so no partial that reads the page's own values is frozen by mistake.
 * In development (templates read anew) it renders each time.
 */
function staticPartialRenderer(env: nunjucks.Environment, partials: StaticPartials, reloading: boolean) {
  const rendered = new Map<string, Map<string, nunjucks.runtime.SafeString>>();
  return (name: string, variant: unknown = ''): nunjucks.runtime.SafeString => {
    const key = typeof variant === 'string' ? variant : String(variant ?? '');
    const kept = rendered.get(name);
    const cached = kept?.get(key);
    if (cached) return cached;
    const constants = partials[name];
    if (!constants) throw new Error(`staticPartial: ${name} is not registered as a static partial`);
    const html = new nunjucks.runtime.SafeString(env.render(name, constants(key)));
    if (reloading) return html;
    const variants = kept ?? rendered.set(name, new Map()).get(name)!;
    if (variants.size >= MAX_VARIANTS) variants.delete(variants.keys().next().value!);
    variants.set(key, html);
    return html;
  };
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
export function configureTemplates(env: nunjucks.Environment, options: { staticPartials?: StaticPartials } = {}): void {
  env.addFilter('lineBreaks', lineBreaks);
  const reloading = (env as unknown as LoadingEnvironment).loaders.some((loader) => loader.noCache === true);
  env.addGlobal('staticPartial', staticPartialRenderer(env, options.staticPartials ?? {}, reloading));
  const macros = exportMacros(env);
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
