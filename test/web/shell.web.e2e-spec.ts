import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { ApiClient, login, TEST_ADMIN } from '@maillage/testing';
import {
  describeInBrowser,
  expectAccessible,
  expectNoConsoleErrors,
  openConsole,
  screenshot,
  startWebApp,
  type WebApp,
  WEB_SETUP_TIMEOUT_MS,
} from '../support/browser.js';
import {
  expectAttribute,
  expectCount,
  expectEventually,
  expectNoHorizontalOverflow,
  expectValue,
} from '../support/expect-web.js';

describeInBrowser('web console: shell, sign-in and administration', () => {
  let web: WebApp;

  beforeAll(async () => {
    web = await startWebApp();
  }, WEB_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await web?.close();
  }, WEB_SETUP_TIMEOUT_MS);

  it('serves the console at every deep link, and keeps API 404s as problems', async () => {
    const deep = await fetch(`${web.baseUrl}/t/00000000-0000-4000-8000-000000000000/annuaire`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-type')).toContain('text/html');
    expect(await deep.text()).toContain('<div id="root">');
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    const policy = deep.headers.get('content-security-policy') ?? '';
    expect(policy).toContain(`script-src 'self';`);
    expect(policy).not.toContain('unsafe-eval');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(await (await fetch(web.baseUrl)).text())?.[1];
    expect(asset).toBeDefined();
    const script = await fetch(`${web.baseUrl}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');
    // The bundle goes out pre-compressed (fetch asks for gzip, deflate and br).
    expect(script.headers.get('content-encoding')).toMatch(/^(br|gzip)$/);
    expect(script.headers.get('vary')).toContain('accept-encoding');
    const missing = await fetch(`${web.baseUrl}/api/v1/nothing-here`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    const config = await (await fetch(`${web.baseUrl}/api/v1/client-config`)).json();
    expect(config).toEqual({ mapTiles: null, geocoding: false, locales: ['fr', 'en'] });
  });

  it('signs in with the form, shows a French error first, and opens administration', async () => {
    const console = await openConsole(web);
    const { page } = console;
    await page.goto('/');
    await page.waitForURL('**/connexion');
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    await page.waitForFunction(() => document.title.startsWith('Connexion'));
    await expectAccessible(page, 'connexion');
    await screenshot(page, 'login');

    await page.getByLabel('Adresse e-mail').fill(TEST_ADMIN.email);
    await page.getByLabel('Mot de passe').fill('pas-le-bon-mot-de-passe');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('alert').filter({ hasText: 'Adresse e-mail ou mot de passe incorrect' }).waitFor();

    await page.getByLabel('Mot de passe').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL('**/administration/territoires');
    await page.getByRole('heading', { level: 1, name: 'Territoires' }).waitFor();

    // Open a territory through the dialog; a bad code gets the API's French message on its field.
    await page.getByRole('button', { name: 'Ouvrir un territoire' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Échelon').selectOption('epci');
    await dialog.getByLabel('Code officiel').fill('123');
    await dialog.getByRole('button', { name: 'Créer' }).click();
    await dialog.locator('.field-error').first().waitFor();
    await expectAccessible(page, 'ouvrir un territoire (erreur)');
    // Found by name: picking the result fills in the official code.
    await dialog.getByLabel('Rechercher par nom').fill('metropole de lyon');
    await dialog
      .getByRole('list', { name: 'Territoires trouvés' })
      .getByRole('button', { name: /^Métropole de Lyon/ })
      .click();
    await expectValue(dialog.getByLabel('Code officiel'), '200046977');
    await expectAccessible(page, 'ouvrir un territoire (recherche par nom)');
    await dialog.getByRole('button', { name: 'Créer' }).click();
    await page.getByRole('link', { name: 'Métropole de Lyon' }).waitFor();
    await expectAccessible(page, 'administration des territoires');
    await screenshot(page, 'admin-territories');

    await page.getByRole('link', { name: 'Observateurs nationaux' }).click();
    await page.getByRole('heading', { level: 1, name: 'Observateurs nationaux' }).waitFor();
    await page.getByLabel('Organisme').fill('Réseau national des territoires');
    await page.getByLabel('Adresse e-mail').fill('reseau@maillage.test');
    await page.getByRole('button', { name: 'Créer le compte' }).click();
    await page.getByText('/mot-de-passe?token=').waitFor();
    await expectAccessible(page, 'observateurs');

    await page.getByRole('link', { name: /Mon compte/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
    await expectAccessible(page, 'mon compte');

    // The interface switches to English and back.
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    await expectAttribute(page.locator('html'), 'lang', 'en');
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL('**/connexion');
    expectNoConsoleErrors(console, 'shell');
    await console.context.close();
  });

  it('sets a first password from an e-mailed link, changes it, and accepts an invitation as a new account', async () => {
    const admin = await login(new ApiClient(web.t.app), TEST_ADMIN.email, TEST_ADMIN.password);
    const observer = await admin.api.post<{ passwordSetup: { url: string } }>('/observers', {
      email: 'vigie@maillage.test',
      name: 'Vigie des alliances',
    });
    expect(observer.status).toBe(201);
    const setupPath =
      new URL(observer.body.passwordSetup.url).pathname + new URL(observer.body.passwordSetup.url).search;

    const first = await openConsole(web);
    await first.page.goto(setupPath);
    await first.page.getByRole('heading', { level: 1, name: 'Choisir un mot de passe' }).waitFor();
    // The one-time token leaves the address bar (and the history) at once.
    await first.page.waitForURL((url) => !url.search.includes('token'));
    await expectAccessible(first.page, 'choisir un mot de passe');
    await first.page.getByLabel('Nouveau mot de passe').fill('Tournesol-lumineux-du-plateau-2026');
    await first.page.getByLabel('Confirmez le mot de passe').fill('Tournesol-lumineux-du-plateau-2026X');
    await first.page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await first.page.getByText('Les deux mots de passe ne sont pas identiques.').waitFor();
    await first.page.getByLabel('Confirmez le mot de passe').fill('Tournesol-lumineux-du-plateau-2026');
    await first.page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    // Choosing the password signs the observer in, on the observatory.
    await first.page.waitForURL('**/observatoire**');
    await first.page.getByText('Votre mot de passe est enregistré : vous êtes connecté·e.').waitFor();

    // Password change: the current one is checked, then the new one works.
    await first.page.goto('/compte');
    await first.page.getByLabel('Mot de passe actuel').fill('pas-le-bon-mot-de-passe');
    await first.page.getByLabel('Nouveau mot de passe').fill('Autre-phrase-de-passe-solide-2026');
    await first.page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await first.page.locator('.alert-error').waitFor();
    await first.page.getByLabel('Mot de passe actuel').fill('Tournesol-lumineux-du-plateau-2026');
    await first.page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await first.page.getByText('Votre mot de passe a été changé.').waitFor();
    const relogin = await new ApiClient(web.t.app).post('/auth/login', {
      email: 'vigie@maillage.test',
      password: 'Autre-phrase-de-passe-solide-2026',
    });
    expect(relogin.status).toBe(200);
    expectNoConsoleErrors(first, 'mot de passe');
    await first.context.close();

    // An invitation link opens a page where a new person creates their account and lands in the territory.
    const territory = await admin.api.post<{ id: string }>('/territories', { kind: 'commune', code: '38185' });
    expect(territory.status).toBe(201);
    const invitation = await admin.api.post<{ acceptUrl: string }>(`/territories/${territory.body.id}/invitations`, {
      email: 'nouvelle.coordinatrice@maillage.test',
      role: 'coordinator',
    });
    expect(invitation.status).toBe(201);
    const invited = await openConsole(web);
    await invited.page.goto(new URL(invitation.body.acceptUrl).pathname);
    await invited.page.getByRole('heading', { level: 1, name: 'Rejoindre un territoire' }).waitFor();
    // The page says what the invitation is for, and who sent it.
    await invited.page
      .getByText(
        'Vous êtes invité·e à rejoindre l’espace de « Grenoble » (commune) comme coordinateur ou coordinatrice du territoire.',
      )
      .waitFor();
    await invited.page
      .getByText(/^Invitation envoyée par .+ à l’adresse nouvelle\.coordinatrice@maillage\.test, valable jusqu’au \d/)
      .waitFor();
    await expectAccessible(invited.page, 'invitation');
    await screenshot(invited.page, 'invitation');
    await invited.page.getByLabel('Nom et prénom').fill('Camille Rivière');
    // A refused password is said once, next to its field (not again in the form's summary).
    await invited.page.getByLabel('Mot de passe').fill('motdepasse123');
    await invited.page.getByRole('button', { name: 'Créer mon compte et rejoindre' }).click();
    const tooCommon = invited.page.getByText('Ce mot de passe est trop courant ou trop simple', { exact: false });
    await tooCommon.first().waitFor();
    await expectCount(tooCommon, 1);
    await invited.page.getByLabel('Mot de passe').fill('Riviere-coordination-Grenoble-2026');
    await invited.page.getByRole('button', { name: 'Créer mon compte et rejoindre' }).click();
    await invited.page.waitForURL(new RegExp(`/t/${territory.body.id}`));
    await invited.page.getByRole('heading', { level: 1 }).waitFor();
    await expectEventually(
      () => invited.page.evaluate(() => JSON.parse(localStorage.getItem('maillage.session') ?? '{}')),
      (session) => expect(typeof session.accessToken).toBe('string'),
      { label: 'the stored session' },
    );

    // Invited to a second territory while signed in: she joins with her account, then
    // switches between her two territories (the switch happens on the button).
    const second = await admin.api.post<{ id: string }>('/territories', { kind: 'commune', code: '38421' });
    expect(second.status).toBe(201);
    const again = await admin.api.post<{ acceptUrl: string }>(`/territories/${second.body.id}/invitations`, {
      email: 'nouvelle.coordinatrice@maillage.test',
      role: 'member',
    });
    expect(again.status).toBe(201);
    await invited.page.goto(new URL(again.body.acceptUrl).pathname);
    await invited.page.getByText('Vous êtes connecté·e en tant que Camille Rivière.').waitFor();
    await invited.page.getByRole('button', { name: 'Rejoindre le territoire' }).click();
    // Used, the link says so instead of offering the form again.
    const used = await openConsole(web);
    await used.page.goto(new URL(again.body.acceptUrl).pathname);
    await used.page.getByText('Cette invitation a déjà été acceptée.', { exact: false }).waitFor();
    await used.page.goto('/invitations/00000000-0000-4000-8000-000000000000.abcdefghijklmnopqrstuvwxyz');
    await used.page.getByText('Ce lien d’invitation n’est pas valide', { exact: false }).waitFor();
    await used.context.close();
    const switcher = invited.page.getByLabel('Territoire', { exact: true });
    await switcher.waitFor();
    await switcher.selectOption(second.body.id);
    await invited.page.getByRole('button', { name: 'Ouvrir', exact: true }).click();
    await invited.page.waitForURL(new RegExp(`/t/${second.body.id}`));
    await expectAccessible(invited.page, 'second territoire');
    expectNoConsoleErrors(invited, 'invitation');
    await invited.context.close();
  });

  it('renews an expired access token silently and is keyboard navigable on a 390 px phone', async () => {
    const admin = await login(new ApiClient(web.t.app), TEST_ADMIN.email, TEST_ADMIN.password);
    const console = await openConsole(web, { user: admin, width: 390, height: 844 });
    const { page } = console;
    // An access token past its expiry: the console refreshes before calling the API.
    await page.addInitScript(() => {
      const raw = localStorage.getItem('maillage.session');
      if (raw) localStorage.setItem('maillage.session', JSON.stringify({ ...JSON.parse(raw), expiresAt: 0 }));
    });
    await page.goto('/administration/territoires');
    await page.getByRole('heading', { level: 1, name: 'Territoires' }).waitFor();
    await expectEventually(
      () => page.evaluate(() => JSON.parse(localStorage.getItem('maillage.session') ?? '{}')),
      (stored) => {
        expect(typeof stored.refreshToken).toBe('string');
        expect(stored.refreshToken).not.toBe(admin.refreshToken);
      },
      { label: 'the refreshed session' },
    );

    // Nothing overflows sideways at 390 px.
    await expectNoHorizontalOverflow(page);
    // The first Tab reaches the skip link, which moves focus to the content.
    await page.keyboard.press('Tab');
    await expectEventually(
      () => page.evaluate(() => document.activeElement?.textContent),
      (focused) => expect(focused).toBe('Aller au contenu'),
      { label: 'focus after Tab' },
    );
    await page.keyboard.press('Enter');
    await expectEventually(
      () => page.evaluate(() => document.activeElement?.id),
      (focused) => expect(focused).toBe('main'),
      { label: 'focus after the skip link' },
    );
    // The menu opens from its button on a phone.
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Observateurs nationaux' }).click();
    await page.getByRole('heading', { level: 1, name: 'Observateurs nationaux' }).waitFor();
    await expectAccessible(page, 'observateurs (mobile)');
    await screenshot(page, 'mobile-observers');
    expectNoConsoleErrors(console, 'mobile');
    await console.context.close();
  });
});
