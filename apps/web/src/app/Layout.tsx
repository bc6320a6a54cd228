import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useMatch, useNavigate } from 'react-router';
import { useAuth } from '../auth/auth';
import { navItems } from '../features';
import { NotificationsBadge } from '../features/notifications/NotificationsBadge';
import { NAV_GROUPS, type NavItem, type TerritoryRole } from '../features/registry';
import { LOCALES, setLocale, type Locale } from '../i18n';

/** Moves focus to the new page's heading after each navigation (screen readers announce it). */
function useFocusOnNavigate(): void {
  const location = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // A link to a part of a page (#evaluation) focuses that part; others focus the page's heading.
    const target = location.hash ? decodeURIComponent(location.hash.slice(1)) : undefined;
    const timer = setTimeout(() => {
      const element =
        (target ? document.getElementById(target) : null) ??
        document.getElementById('page-title') ??
        document.getElementById('main');
      element?.focus({ preventScroll: false });
      if (target) element?.scrollIntoView({ block: 'start' });
    }, 50);
    return () => clearTimeout(timer);
  }, [location.pathname, location.hash]);
}

/** Switching territory is a change of context: it happens on the button, not on selection (WCAG 3.2.2). */
function TerritorySwitcher(): ReactNode {
  const { me } = useAuth();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const match = useMatch('/t/:territoryId/*');
  const current = match?.params.territoryId ?? '';
  const [chosen, setChosen] = useState(current);
  useEffect(() => setChosen(current), [current]);
  if (!me || me.memberships.length < 2) return null;
  return (
    <form
      className="territory-switcher"
      onSubmit={(event) => {
        event.preventDefault();
        if (chosen && chosen !== current) void navigate(`/t/${chosen}`);
      }}
    >
      <label htmlFor="territory-switcher">{t('shell.territory')}</label>
      <select id="territory-switcher" value={chosen} onChange={(event) => setChosen(event.target.value)}>
        {current ? null : <option value="">{t('shell.chooseTerritory')}</option>}
        {me.memberships.map((membership) => (
          <option key={membership.territoryId} value={membership.territoryId}>
            {membership.territoryName}
          </option>
        ))}
      </select>
      <button type="submit" className="btn btn-secondary">
        {t('shell.openTerritory')}
      </button>
    </form>
  );
}

function LanguageSwitch(): ReactNode {
  const { t, i18n } = useTranslation();
  return (
    <div className="language-switch">
      <label htmlFor="language-switch">{t('shell.language')}</label>
      <select id="language-switch" value={i18n.language} onChange={(event) => setLocale(event.target.value as Locale)}>
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {t(`shell.locales.${locale}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

function MainNav({ onNavigate }: { onNavigate: () => void }): ReactNode {
  const { me } = useAuth();
  const { t } = useTranslation();
  const territory = useMatch('/t/:territoryId/*');
  if (!me) return null;
  const territoryId = territory?.params.territoryId;
  const membership = me.memberships.find((item) => item.territoryId === territoryId);
  const role: TerritoryRole | undefined = membership
    ? (membership.role as TerritoryRole)
    : me.roles.includes('platform_admin')
      ? 'platform_admin'
      : undefined;
  const sections: { key: string; title: string; base: string; items: typeof navItems }[] = [];
  if (territoryId && role) {
    sections.push({
      key: 'territory',
      title: membership?.territoryName ?? t('shell.territory'),
      base: `/t/${territoryId}`,
      items: navItems.filter((item) => item.area === 'territory' && (!item.roles || item.roles.includes(role))),
    });
  }
  if (me.roles.includes('observer') || me.roles.includes('platform_admin')) {
    sections.push({
      key: 'observatory',
      title: t('shell.observatory'),
      base: '/observatoire',
      items: navItems.filter((item) => item.area === 'observatory'),
    });
  }
  if (me.roles.includes('platform_admin')) {
    sections.push({
      key: 'admin',
      title: t('shell.admin'),
      base: '/administration',
      items: navItems.filter((item) => item.area === 'admin'),
    });
  }
  const links = (base: string, items: NavItem[]) => (
    <ul>
      {items.map((item) => (
        <li key={`${item.area}-${item.path}`}>
          <NavLink to={item.path ? `${base}/${item.path}` : base} end={item.path === ''} onClick={onNavigate}>
            {t(item.label)}
          </NavLink>
        </li>
      ))}
    </ul>
  );
  return (
    <nav className="main-nav" aria-label={t('shell.mainNav')}>
      {sections.map((section) => (
        <div key={section.key} className="nav-section">
          <p className="nav-section-title">{section.title}</p>
          {section.key === 'territory'
            ? // The daily work first; the views, then the running of the workspace, under their own headings.
              NAV_GROUPS.map((group) => {
                const items = section.items.filter((item) => (item.group ?? 'work') === group);
                if (items.length === 0) return null;
                return (
                  <div key={group} className={`nav-group nav-group-${group}`}>
                    {group === 'work' ? null : <p className="nav-group-title">{t(`shell.navGroups.${group}`)}</p>}
                    {links(section.base, items)}
                  </div>
                );
              })
            : links(section.base, section.items)}
        </div>
      ))}
    </nav>
  );
}

export function Layout(): ReactNode {
  const { me, signOut } = useAuth();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [menuOpen, setMenuOpen] = useState(false);
  useFocusOnNavigate();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <header className="app-header">
        <div className="header-start">
          <button
            type="button"
            className="btn btn-tertiary menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="app-sidebar"
            onClick={() => setMenuOpen((open) => !open)}
          >
            {t('shell.menu')}
          </button>
          <Link to="/" className="brand">
            <img src="/favicon.svg" alt="" width={28} height={28} />
            <span>{t('app.name')}</span>
          </Link>
        </div>
        <div className="header-end">
          <TerritorySwitcher />
          <LanguageSwitch />
          {me ? (
            <>
              <NotificationsBadge />
              <Link to="/aide" className="header-link">
                {t('shell.help')}
              </Link>
              <Link to="/compte" className="header-link">
                {t('shell.account')}
                <span className="visually-hidden"> ({me.user.name})</span>
              </Link>
              <button
                type="button"
                className="btn btn-secondary"
                onClick={() => {
                  void signOut().then(() => navigate('/connexion'));
                }}
              >
                {t('shell.signOut')}
              </button>
            </>
          ) : null}
        </div>
      </header>
      <div className="app-body">
        <aside id="app-sidebar" className={`sidebar${menuOpen ? ' open' : ''}`}>
          <MainNav onNavigate={() => setMenuOpen(false)} />
        </aside>
        <main id="main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
      <footer className="app-footer">
        <p>{t('shell.footer')}</p>
        <a href="/docs">{t('shell.apiDocs')}</a>
      </footer>
    </div>
  );
}
