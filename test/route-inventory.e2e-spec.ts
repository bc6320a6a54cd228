import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { API_PREFIX, PUBLIC_ROUTE, ROUTE_ROLES, UNPREFIXED_ROUTES, type Role } from '@maillage/platform';
import { engineKind, fetchOpenApi, operations, type TestApp } from '@maillage/testing';
import { startApi } from './support/app.js';

interface Route {
  key: string;
  isPublic: boolean;
  roles: Role[] | undefined;
}

function joinPath(...parts: string[]): string {
  return `/${parts
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
}

/** Every route the Nest router serves, read from the controllers' metadata. */
function routerRoutes(t: TestApp): Route[] {
  const discovery = new DiscoveryService(t.app.get(ModulesContainer));
  const reflector = t.app.get(Reflector);
  const scanner = new MetadataScanner();
  const routes: Route[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new () => object) | undefined;
    if (!controller || !wrapper.instance) continue;
    const controllerPaths = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const prototype = Object.getPrototypeOf(wrapper.instance) as Record<string, () => unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as () => unknown;
      const methodPath = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (methodPath === undefined || method === undefined) continue;
      for (const base of controllerPaths) {
        for (const sub of ([] as string[]).concat(methodPath)) {
          const local = joinPath(base, sub);
          const full = UNPREFIXED_ROUTES.includes(local.slice(1)) ? local : joinPath(API_PREFIX, local);
          routes.push({
            key: `${RequestMethod[method]} ${full.replace(/:(\w+)/g, '{$1}')}`,
            isPublic: reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [handler, controller]) === true,
            roles: reflector.getAllAndOverride<Role[]>(ROUTE_ROLES, [handler, controller]),
          });
        }
      }
    }
  }
  return routes;
}

describe(`route inventory (${engineKind()} engine)`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApi();
  });
  afterAll(() => t?.close());

  it('marks every route public or names the roles it allows — never both, never neither', () => {
    const routes = routerRoutes(t);
    expect(routes.length).toBeGreaterThan(15);
    const unmarked = routes
      .filter((route) => route.isPublic === Boolean(route.roles?.length))
      .map((route) => route.key);
    expect(unmarked).toEqual([]);
  });

  it('documents exactly the routes the router serves, and documents which need a bearer token', async () => {
    const routes = routerRoutes(t);
    const documented = operations(await fetchOpenApi(t.app));
    expect(documented.map((operation) => `${operation.method} ${operation.path}`).sort()).toEqual(
      routes.map((route) => route.key).sort(),
    );
    for (const route of routes) {
      const operation = documented.find((candidate) => `${candidate.method} ${candidate.path}` === route.key);
      expect({ route: route.key, publicInDocs: operation?.isPublic }).toEqual({
        route: route.key,
        publicInDocs: route.isPublic,
      });
    }
  });

  it('gives every operation a unique operationId', async () => {
    const ids = operations(await fetchOpenApi(t.app)).map((operation) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
