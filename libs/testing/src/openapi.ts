import type { OpenAPIObject } from '@nestjs/swagger';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Method } from './api-client.js';

export interface Operation {
  method: Method;
  /** OpenAPI path, e.g. `/api/v1/territories/{territoryId}/members/{userId}`. */
  path: string;
  operationId: string;
  parameters: { name: string; in: 'path' | 'query'; required: boolean; schema: Schema }[];
  requestBody: Schema | undefined;
  isPublic: boolean;
}

export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  $ref?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  allOf?: Schema[];
  nullable?: boolean;
  pattern?: string;
  minItems?: number;
  example?: unknown;
}

export async function fetchOpenApi(app: NestFastifyApplication): Promise<OpenAPIObject> {
  const response = await app.inject({ method: 'GET', url: '/docs-json' });
  return response.json() as OpenAPIObject;
}

/** Resolves `$ref` and `allOf` into one plain schema. */
export function resolveSchema(document: OpenAPIObject, schema: Schema | undefined): Schema | undefined {
  if (!schema) return undefined;
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop() as string;
    return resolveSchema(document, document.components?.schemas?.[name] as Schema);
  }
  if (schema.allOf) {
    const parts = schema.allOf.map((part) => resolveSchema(document, part) ?? {});
    return {
      type: 'object',
      properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})),
      required: parts.flatMap((part) => part.required ?? []),
    };
  }
  return schema;
}

export function operations(document: OpenAPIObject): Operation[] {
  const result: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = (item as Record<string, unknown>)[method] as
        | {
            operationId: string;
            parameters?: Operation['parameters'];
            requestBody?: { content?: Record<string, { schema: Schema }> };
            security?: unknown[];
          }
        | undefined;
      if (!operation) continue;
      result.push({
        method: method.toUpperCase() as Method,
        path,
        operationId: operation.operationId,
        parameters: (operation.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query'),
        requestBody: resolveSchema(document, operation.requestBody?.content?.['application/json']?.schema),
        isPublic: !operation.security,
      });
    }
  }
  return result;
}

/** Fills `{param}` placeholders. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? `missing-${name}`));
}
