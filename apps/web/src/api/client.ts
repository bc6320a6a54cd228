import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';
import { session } from '../auth/session';

export type Schemas = components['schemas'];

/** One field's problem, as the API reports it (RFC 9457 `errors` extension). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** An application/problem+json document. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/** Whether the API's `path` is about `field`: the field itself, or a part of it (`address.postcode`, `parties[0]`). */
export function isAtField(path: string, field: string): boolean {
  return path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);
}

/** A failed API call: the HTTP status and the problem document the API sent. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }

  /** The messages for one field (dotted paths such as `address.postcode` match their prefix). */
  fieldMessages(field: string): string[] {
    return (this.problem.errors ?? []).filter((error) => isAtField(error.field, field)).map((error) => error.message);
  }
}

const AUTH_PATHS = /\/api\/v1\/auth\/(login|refresh|logout|password-reset)/;
const retries = new Map<string, Request>();

/**
 * Adds the access token, refreshes it silently before it expires, and on a 401
 * refreshes once and replays the request; a refresh that fails ends the session.
 */
const auth: Middleware = {
  async onRequest({ request, id }) {
    if (AUTH_PATHS.test(request.url)) return request;
    const token = await session.accessToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    retries.set(id, request.clone());
    return request;
  },
  async onResponse({ response, id }) {
    const replay = retries.get(id);
    retries.delete(id);
    if (response.status !== 401 || !replay || AUTH_PATHS.test(replay.url)) return response;
    const token = await session.accessToken({ forceRefresh: true });
    if (!token) return response;
    replay.headers.set('authorization', `Bearer ${token}`);
    return fetch(replay);
  },
  onError({ id }) {
    retries.delete(id);
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Awaits an openapi-fetch call and returns its data, or throws an {@link ApiError}. */
export async function call<T>(promise: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await promise;
  } catch (cause) {
    throw new ApiError(0, {
      title: 'network',
      detail: cause instanceof Error ? cause.message : String(cause),
      code: 'network_error',
    });
  }
  const { data, error, response } = result;
  if (!response.ok) {
    const problem: Problem = error && typeof error === 'object' ? (error as Problem) : { status: response.status };
    throw new ApiError(response.status, problem);
  }
  return data as T;
}

/**
 * Downloads a file the API serves (a report, a CSV) with the session's token,
 * and hands it to the browser under the server's file name.
 */
export async function download(url: string, fallbackName: string): Promise<void> {
  const token = await session.accessToken();
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as Problem;
    throw new ApiError(response.status, problem);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)|filename="([^"]+)"/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1] ?? match[2] ?? fallbackName) : fallbackName;
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/**
 * The `useInfiniteQuery` options for one of the API's cursor-paged lists
 * (`{ items, nextCursor }`): `fetchPage` gets `{ cursor }` to spread into the
 * query (nothing for the first page).
 */
export function cursorPages<Page extends { nextCursor?: string | null }>(
  fetchPage: (page: { cursor?: string }) => Promise<Page>,
): {
  queryFn: (context: { pageParam: string }) => Promise<Page>;
  initialPageParam: string;
  getNextPageParam: (page: Page) => string | undefined;
} {
  return {
    queryFn: ({ pageParam }) => fetchPage(pageParam ? { cursor: pageParam } : {}),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  };
}
