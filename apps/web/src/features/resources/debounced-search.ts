import { useEffect, useState } from 'react';

/**
 * A search box's text, handed to `commit` after a pause in typing (300 ms) rather than at each
 * keystroke: the resource centres' and the case studies' galleries search the same way.
 */
export function useDebouncedSearch(current: string, commit: (text: string) => void): [string, (text: string) => void] {
  const [text, setText] = useState(current);
  useEffect(() => {
    const timer = setTimeout(() => {
      if (text !== current) commit(text);
    }, 300);
    return () => clearTimeout(timer);
  }, [text, current, commit]);
  return [text, setText];
}
