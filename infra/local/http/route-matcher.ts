import type { Route } from '#functions/routes';

export interface RouteMatch {
  route: Route;
  pathParameters: Record<string, string>;
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
  /** Literal segments win over parameters, as in API Gateway. */
  specificity: number;
}

/** Matches request paths against the route table's templates (`/tenants/{id}`, `/files/{proxy+}`). */
export class RouteMatcher {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes
      .map((route) => compile(route))
      .sort((a, b) => b.specificity - a.specificity);
  }

  /**
   * `bad-encoding` when a path parameter is not valid percent-encoding (`/applications/%`): API Gateway refuses such a
   * request with 400 before any function runs.
   */
  match(method: string, path: string): RouteMatch | 'method-not-allowed' | 'bad-encoding' | undefined {
    let pathMatched = false;
    for (const candidate of this.compiled) {
      const found = candidate.pattern.exec(path);
      if (!found) continue;
      pathMatched = true;
      if (candidate.route.method !== method) continue;
      const pathParameters: Record<string, string> = {};
      try {
        candidate.names.forEach((name, index) => {
          pathParameters[name] = decodeURIComponent(found[index + 1]!);
        });
      } catch {
        return 'bad-encoding';
      }
      return { route: candidate.route, pathParameters };
    }
    return pathMatched ? 'method-not-allowed' : undefined;
  }
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  let specificity = 0;
  const source = route.path
    .split('/')
    .map((segment) => {
      const greedy = /^\{(\w+)\+\}$/.exec(segment);
      if (greedy) {
        names.push(greedy[1]!);
        return '(.+)';
      }
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param) {
        names.push(param[1]!);
        return '([^/]+)';
      }
      specificity += 1;
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}/?$`), names, specificity };
}
