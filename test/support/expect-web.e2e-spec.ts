import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH, hasChromium } from './browser.js';
import {
  expectAttribute,
  expectChecked,
  expectCount,
  expectEventually,
  expectNoHorizontalOverflow,
  expectText,
  expectTextContaining,
  expectTextNotMatching,
  expectTexts,
  expectValue,
} from './expect-web.js';

// The browser suites' auto-waiting assertions, checked on their own: each one
// waits for a page that is still changing, and each one fails, after its
// timeout, saying what it expected and what it saw last.

describe('expectEventually', () => {
  it('reads until the assertion holds, and answers the accepted value', async () => {
    let reads = 0;
    const value = await expectEventually(
      async () => {
        reads += 1;
        return reads;
      },
      (seen) => expect(seen).toBe(3),
    );
    expect(value).toBe(3);
    expect(reads).toBe(3);
  });

  it('counts a read that throws as "not yet"', async () => {
    let reads = 0;
    await expectEventually(
      async () => {
        reads += 1;
        if (reads < 3) throw new Error('context destroyed by a navigation');
        return 'ready';
      },
      (seen) => expect(seen).toBe('ready'),
    );
    expect(reads).toBe(3);
  });

  it('fails after its timeout with its label, the last value and the assertion’s message', async () => {
    const failure = expectEventually(
      async () => 'toujours pareil',
      (seen) => expect(seen).toBe('autre chose'),
      { timeout: 200, label: 'focus on the search field' },
    );
    await expect(failure).rejects.toThrow(/^focus on the search field: still not so after 200 ms\./);
    await expect(failure).rejects.toThrow(/last seen "toujours pareil"/);
    await expect(failure).rejects.toThrow(/autre chose/);
  });

  it('reports the last read error when no read succeeded', async () => {
    await expect(
      expectEventually(
        async (): Promise<number> => {
          throw new Error('page closed');
        },
        () => undefined,
        { timeout: 100 },
      ),
    ).rejects.toThrow(/the read failed: page closed/);
  });
});

(hasChromium ? describe : describe.skip)('locator assertions on a page that keeps changing', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /**
   * A page whose script makes `changes` one after the other, each on the next
   * animation frame after the test calls `window.go()` (the page renders in
   * steps, as React does after data arrives).
   */
  async function stagedPage(body: string, changes: string[]): Promise<void> {
    await page.setContent(
      `<!doctype html><html><body>${body}<script>(() => {
        const changes = [${changes.map((change) => `() => { ${change} }`).join(',')}];
        window.go = () => {
          const next = () => { const change = changes.shift(); if (change) { change(); requestAnimationFrame(next); } };
          requestAnimationFrame(next);
        };
      })();</script></body></html>`,
    );
  }
  const go = () => page.evaluate(() => (window as unknown as { go: () => void }).go());

  it('expectCount waits for rows still being rendered, and fails naming the locator and the last count', async () => {
    await stagedPage('<table><tbody></tbody></table>', [
      `document.querySelector('tbody').insertAdjacentHTML('beforeend', '<tr><td>1</td></tr><tr><td>2</td></tr>')`,
      `document.querySelector('tbody').insertAdjacentHTML('beforeend', '<tr><td>3</td></tr><tr><td>4</td></tr>')`,
    ]);
    const rows = page.locator('tbody tr');
    await go();
    await expectCount(rows, 4);
    await expect(expectCount(rows, 5, { timeout: 300 })).rejects.toThrow(
      /^expectCount\(locator\('tbody tr'\)\): still not so after 300 ms\.\nexpected 5, last seen 4$/,
    );
    await expectCount(page.locator('tfoot'), 0);
  });

  it('expectText, expectTextContaining and expectTextNotMatching wait for the text, and fail with the last one seen', async () => {
    await stagedPage('<p id="status">Chargement…</p>', [
      `document.getElementById('status').textContent = '4 acteurs affichés'`,
    ]);
    const status = page.locator('#status');
    await go();
    await expectText(status, '4 acteurs affichés');
    await expectText(status, /^\d acteurs/);
    await expectTextContaining(status, 'acteurs');
    await expectTextNotMatching(status, /Chargement/);
    await expect(expectText(status, '5 acteurs affichés', { timeout: 200 })).rejects.toThrow(
      /expected "5 acteurs affichés", last seen "4 acteurs affichés"/,
    );
    await expect(expectTextContaining(status, 'rapports', { timeout: 200 })).rejects.toThrow(
      /expected a text containing "rapports", last seen "4 acteurs affichés"/,
    );
    await expect(expectTextNotMatching(status, /acteurs/, { timeout: 200 })).rejects.toThrow(
      /expected a text not matching \/acteurs\//,
    );
  });

  it('expectText reads the rendered text with `inner`, and waits for an element not there yet', async () => {
    await stagedPage('<nav></nav>', [
      `document.querySelector('nav').innerHTML = '<ol><li>France entière</li><li>Rhône</li></ol><span hidden>caché</span>'`,
    ]);
    await go();
    await expectText(page.locator('nav'), /^France entière\nRhône$/, { inner: true });
    await expect(expectText(page.locator('nav'), /caché/, { inner: true, timeout: 200 })).rejects.toThrow(
      /last seen "France entière\\nRhône"/,
    );
    await expect(expectText(page.locator('#absent'), 'x', { timeout: 200 })).rejects.toThrow(/the read failed/);
  });

  it('expectTexts waits for the whole list, in order', async () => {
    await stagedPage('<div id="actions"><button>Accepter</button></div>', [
      `document.getElementById('actions').insertAdjacentHTML('beforeend', '<button>Décliner</button>')`,
    ]);
    const buttons = page.locator('#actions button');
    await go();
    await expectTexts(buttons, ['Accepter', 'Décliner']);
    await expect(expectTexts(buttons, ['Décliner', 'Accepter'], { timeout: 200 })).rejects.toThrow(
      /expected \["Décliner","Accepter"\], last seen \["Accepter","Décliner"\]/,
    );
  });

  it('expectValue, expectAttribute and expectChecked wait for the form to be filled in', async () => {
    await stagedPage(
      '<input id="name" value=""><input id="siret" aria-invalid="false"><input id="box" type="checkbox">',
      [
        `document.getElementById('name').value = 'nom'`,
        `document.getElementById('siret').setAttribute('aria-invalid', 'true')`,
        `document.getElementById('box').checked = true`,
        `document.getElementById('siret').removeAttribute('title')`,
      ],
    );
    await go();
    await expectValue(page.locator('#name'), 'nom');
    await expectAttribute(page.locator('#siret'), 'aria-invalid', 'true');
    await expectAttribute(page.locator('#siret'), 'title', null);
    await expectChecked(page.locator('#box'));
    await expect(expectValue(page.locator('#name'), /^catégorie$/, { timeout: 200 })).rejects.toThrow(
      /expected \/\^catégorie\$\/, last seen "nom"/,
    );
    await expect(expectAttribute(page.locator('#siret'), 'aria-invalid', null, { timeout: 200 })).rejects.toThrow(
      /^expectAttribute\(locator\('#siret'\), "aria-invalid"\): still not so after 200 ms\.\nexpected null, last seen "true"$/,
    );
    await expect(expectChecked(page.locator('#box'), false, { timeout: 200 })).rejects.toThrow(
      /expected false, last seen true/,
    );
  });

  it('expectNoHorizontalOverflow waits for a layout that fits, and says by how much it does not', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await stagedPage('<div id="wide" style="width: 900px">tableau</div>', [
      `document.getElementById('wide').style.width = '100px'`,
    ]);
    await expect(expectNoHorizontalOverflow(page, { timeout: 200 })).rejects.toThrow(
      /the page is \d+ px wider than the viewport/,
    );
    await go();
    await expectNoHorizontalOverflow(page);
  });
});
