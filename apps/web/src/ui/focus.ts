import { useCallback, useEffect, useRef } from 'react';

/**
 * Focus for a dialog whose opener disappears with what it acted on (a deleted row, a revoked
 * invitation): the native dialog would give focus back to an element that is no longer there,
 * leaving keyboard and screen reader users at the top of the page. Call the returned function
 * with an element id in the mutation's success: once the dialog has closed, focus goes there
 * (a list's heading with `tabIndex={-1}`).
 */
export function useFocusAfterClose(open: boolean): (id: string) => void {
  const target = useRef<string | undefined>(undefined);
  // The dialog (a child) closes in its own effect, which runs before this one.
  useEffect(() => {
    if (open || !target.current) return;
    document.getElementById(target.current)?.focus();
    target.current = undefined;
  }, [open]);
  return useCallback((id: string) => {
    target.current = id;
  }, []);
}
