import { RequireRole } from '../../app/territory';
import type { FeatureModule, TerritoryRole } from '../registry';
import { lazyPage } from '../../ui/lazy';
import { ActorPage } from './ActorPage';
import { DirectoryPage } from './DirectoryPage';
import './directory.css';

// The directory and an actor's page come with the shell (opened first, every day); the forms and the
// imports are chunks of their own (they carry zod and react-hook-form).
const loadActorForm = () => import('./ActorForm');
const loadImports = () => import('../imports/ImportsPages');
const NewActorPage = lazyPage(loadActorForm, 'NewActorPage');
const EditActorPage = lazyPage(loadActorForm, 'EditActorPage');
const ImportPage = lazyPage(() => import('../imports/ImportPage'), 'ImportPage');
const ImportsPage = lazyPage(loadImports, 'ImportsPage');
const NewImportPage = lazyPage(loadImports, 'NewImportPage');

const COORDINATION: TerritoryRole[] = ['coordinator', 'platform_admin'];

/** The actor directory, actor pages and forms, merging duplicates, and importing actors from spreadsheets. */
export const feature: FeatureModule = {
  territoryRoutes: [
    { path: 'annuaire', element: <DirectoryPage /> },
    {
      path: 'annuaire/nouveau',
      element: (
        <RequireRole roles={COORDINATION}>
          <NewActorPage />
        </RequireRole>
      ),
    },
    { path: 'annuaire/:actorId', element: <ActorPage /> },
    {
      path: 'annuaire/:actorId/modifier',
      element: (
        <RequireRole roles={COORDINATION}>
          <EditActorPage />
        </RequireRole>
      ),
    },
    {
      path: 'imports',
      element: (
        <RequireRole roles={COORDINATION}>
          <ImportsPage />
        </RequireRole>
      ),
    },
    {
      path: 'imports/nouveau',
      element: (
        <RequireRole roles={COORDINATION}>
          <NewImportPage />
        </RequireRole>
      ),
    },
    {
      path: 'imports/:importId',
      element: (
        <RequireRole roles={COORDINATION}>
          <ImportPage />
        </RequireRole>
      ),
    },
  ],
  nav: [
    {
      area: 'territory',
      path: 'annuaire',
      label: 'directory:nav.directory',
      roles: ['coordinator', 'member', 'platform_admin'],
      order: 20,
    },
    {
      area: 'territory',
      path: 'imports',
      label: 'directory:nav.imports',
      roles: COORDINATION,
      order: 25,
      group: 'workspace',
    },
  ],
};
