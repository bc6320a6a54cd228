import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Notice {
  id: number;
  tone: 'success' | 'error' | 'info';
  message: string;
}

const NoticeContext = createContext<(tone: Notice['tone'], message: string) => void>(() => undefined);

/**
 * Confirmations, read out politely by screen readers and gone after a few
 * seconds; errors are announced at once (alert) and stay until dismissed
 * (WCAG 2.2.1: nobody has to read against a clock).
 */
export function NoticeProvider({ children }: { children: ReactNode }): ReactNode {
  const [notices, setNotices] = useState<Notice[]>([]);
  const { t } = useTranslation();
  const notify = useCallback((tone: Notice['tone'], message: string) => {
    const id = Date.now() + Math.random();
    setNotices((current) => [...current, { id, tone, message }]);
    if (tone !== 'error') {
      setTimeout(() => setNotices((current) => current.filter((notice) => notice.id !== id)), 6000);
    }
  }, []);
  const render = (notice: Notice): ReactNode => (
    <div
      key={notice.id}
      className={`notice notice-${notice.tone}`}
      role={notice.tone === 'error' ? 'alert' : undefined}
    >
      <span>{notice.message}</span>
      <button
        type="button"
        className="btn btn-tertiary"
        onClick={() => setNotices((current) => current.filter((item) => item.id !== notice.id))}
      >
        {t('actions.dismiss')}
      </button>
    </div>
  );
  return (
    <NoticeContext.Provider value={notify}>
      {children}
      <div className="notices">
        {/* Each error is its own alert: inserting it is what gets it announced. */}
        {notices.filter((notice) => notice.tone === 'error').map(render)}
        <div role="status" aria-live="polite">
          {notices.filter((notice) => notice.tone !== 'error').map(render)}
        </div>
      </div>
    </NoticeContext.Provider>
  );
}
export function useNotify(): (tone: Notice['tone'], message: string) => void {
  return useContext(NoticeContext);
}
