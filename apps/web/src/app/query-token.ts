import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The token a mailed link carries in its query string (`?jeton=…`, `?token=…`), or '' without one:
 * read once and kept in memory, while the query is taken out of the address bar and the history
 * at once (no token left in a bookmark, a shared address or the browser's history).
 */
export function useTokenFromQuery(name: string): string {
  const [params, setParams] = useSearchParams();
  const [token] = useState(() => params.get(name) ?? '');
  useEffect(() => {
    if (params.has(name)) setParams({}, { replace: true });
  }, [name, params, setParams]);
  return token;
}
