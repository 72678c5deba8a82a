// Route templates such as `/v1/domains/:id`. A literal segment beats a parameter, so `/v1/widgets/notices/configs`
// is the configs collection and never the notice with id "configs".
import { badRequest } from "./errors";

export interface RouteMatch<R> {
  /** The matched template, undefined when no template matches the path (404). */
  template?: string;
  /** The route for the method, undefined when the template has none (405). */
  route?: R;
  params: Record<string, string>;
  /** Methods the template supports (the `Allow` header of a 405). */
  allowed: string[];
}

interface Template<R> {
  path: string;
  segments: string[];
  literalCount: number;
  byMethod: Map<string, R>;
}

export class Router<R extends { method: string; path: string }> {
  private readonly templates: Template<R>[] = [];

  constructor(routes: readonly R[]) {
    for (const route of routes) {
      let template = this.templates.find((candidate) => candidate.path === route.path);
      if (!template) {
        const segments = route.path.split("/").filter(Boolean);
        template = {
          path: route.path,
          segments,
          literalCount: segments.filter((segment) => !segment.startsWith(":")).length,
          byMethod: new Map(),
        };
        this.templates.push(template);
      }
      template.byMethod.set(route.method, route);
    }
    // Most specific first.
    this.templates.sort((a, b) => b.literalCount - a.literalCount);
  }

  match(method: string, path: string): RouteMatch<R> {
    const segments = path.split("/").filter(Boolean);
    for (const template of this.templates) {
      const params = matchSegments(template.segments, segments);
      if (!params) continue;
      return { template: template.path, route: template.byMethod.get(method), params, allowed: [...template.byMethod.keys()] };
    }
    return { params: {}, allowed: [] };
  }
}

function matchSegments(template: string[], actual: string[]): Record<string, string> | undefined {
  if (template.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    if (template[i].startsWith(":")) params[template[i].slice(1)] = decodeSegment(actual[i]);
    else if (template[i] !== actual[i]) return undefined;
  }
  return params;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`Malformed percent-encoding in path segment ${JSON.stringify(segment)}`);
  }
}
