/**
 * Which upstream serves a request: a route owning the path prefix (longest first), else a route
 * whose model globs match the request's model (decided once the body is read), else the default
 * upstream. The inner path (prefix stripped) decides the dialect and is what goes upstream.
 */
import type { Dialect } from '../dialects/dialect';
import type { PolicyOverlay } from '../policy/overlay';

export interface UpstreamRoute {
  name: string;
  prefix: string | null;
  models: RegExp[];
  target: string;
  overlay?: PolicyOverlay;
  /** Set for generic routes: every POST under the prefix is inspected with it. */
  generic: Dialect | null;
  /** Pass-through requests (http-proxy-middleware). */
  forward: (req: import('express').Request, res: import('express').Response, next: import('express').NextFunction) => void;
  /** Inspected requests, body already read and checked (the direct forwarder). */
  send: import('../proxy/direct').DirectForwarder;
}

export function modelGlob(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
}

export class RouteTable {
  private readonly prefixed: UpstreamRoute[];
  private readonly byModelList: UpstreamRoute[];

  constructor(
    routes: UpstreamRoute[],
    private readonly fallback: UpstreamRoute | null,
  ) {
    this.prefixed = routes.filter((r) => r.prefix !== null).sort((a, b) => (b.prefix as string).length - (a.prefix as string).length);
    this.byModelList = routes.filter((r) => r.models.length > 0 && r.prefix === null);
  }

  /** The route for a canonical path and the path it has upstream; null when none serves it. */
  resolve(canonical: string): { route: UpstreamRoute; inner: string } | null {
    for (const r of this.prefixed) {
      const p = r.prefix as string;
      if (canonical === p || canonical.startsWith(`${p}/`)) return { route: r, inner: canonical.slice(p.length) || '/' };
    }
    if (this.fallback && (canonical === '/v1' || canonical.startsWith('/v1/'))) return { route: this.fallback, inner: canonical };
    return null;
  }

  /** A model route for a request on the default paths, when its model matches one. */
  byModel(model: string | null): UpstreamRoute | null {
    if (!model) return null;
    return this.byModelList.find((r) => r.models.some((g) => g.test(model))) ?? null;
  }
}
