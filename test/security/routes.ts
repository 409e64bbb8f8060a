import type { FastifyInstance } from 'fastify';

export interface RouteEntry {
  method: string;
  url: string;
}

/**
 * Every route the app serves, read from printRoutes({ commonPrefix: false }): each
 * line is a path piece under its parent, so routes added later are covered without
 * touching the tests.
 */
export function listRoutes(app: FastifyInstance): RouteEntry[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const stack: { depth: number; path: string }[] = [];
  const routes: RouteEntry[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│\s]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length;
    while (stack.length && stack.at(-1)!.depth >= depth) stack.pop();
    const full = (stack.at(-1)?.path ?? '') + m[2]!;
    stack.push({ depth, path: full });
    if (m[3]) for (const method of m[3].split(',').map((x) => x.trim())) routes.push({ method, url: full });
  }
  return routes;
}

export const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A concrete URL for a route pattern: ids filled in, wildcards given a name. */
export function fill(url: string, ids: Record<string, number>): string {
  return url
    .replace(/:(\w+)/g, (_m, name: string) => String(ids[name] ?? ids.id ?? 1))
    .replace(/\*/g, 'file.pdf');
}
