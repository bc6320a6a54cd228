import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Notice {
  id: number;
  tone: 'success' | 'error' | 'info';
  message: string;
}

const NoticeContext = createContext<(tone: Notice['tone'], message: string) => void>(() => undefined);

/** Transient confirmations, read out by screen readers (aria-live) and dismissable. */
export function NoticeProvider({ children }: { children: ReactNode }): ReactNode {
  const [notices, setNotices] = useState<Notice[]>([]);
  const { t } = useTranslation();
  const notify = useCallback((tone: Notice['tone'], message: string) => {
    const id = Date.now() + Math.random();
    setNotices((current) => [...current, { id, tone, message }]);
    setTimeout(() => setNotices((current) => current.filter((notice) => notice.id !== id)), 6000);
  }, []);
  return (
    <NoticeContext.Provider value={notify}>
      {children}
      <div className="notices" aria-live="polite" role="status">
        {notices.map((notice) => (
          <div key={notice.id} className={`notice notice-${notice.tone}`}>
            <span>{notice.message}</span>
            <button
              type="button"
              className="btn btn-tertiary"
              onClick={() => setNotices((current) => current.filter((item) => item.id !== notice.id))}
            >
              {t('actions.dismiss')}
            </button>
          </div>
        ))}
      </div>
    </NoticeContext.Provider>
  );
}

export function useNotify(): (tone: Notice['tone'], message: string) => void {
  return useContext(NoticeContext);
}
