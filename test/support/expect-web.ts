import type { Locator, Page } from 'playwright-core';

/**
 * Auto-waiting assertions for the browser suites (jest drives playwright-core,
 * so @playwright/test's `expect(locator).toHaveCount()` is not there).
 *
 * A page keeps rendering after the element a test waited for has appeared: a
 * count or a text read once can catch it half-way (0 rows instead of 4 on a
 * loaded machine). Each helper here reads again until the value is the one
 * expected, and fails after a generous timeout with the last value it saw.
 * The browser suites must assert through these, never on a value read once
 * (eslint.config.js enforces it in test/web).
 */

/** How long an assertion keeps reading: generous, the suites share two cores with builds and Chromium. */
export const EXPECT_TIMEOUT_MS = 30_000;
/** Pauses between two reads: quick at first, then once a second. */
const PAUSES_MS = [0, 50, 100, 250, 500, 1_000];

export interface WaitOptions {
  /** Milliseconds before the assertion fails (EXPECT_TIMEOUT_MS by default). */
  timeout?: number;
}

/** The outcome of one read: accepted, or why not (shown if it is the last one). */
type Verdict = { ok: true } | { ok: false; why: string };

const show = (value: unknown): string => (value === undefined ? 'undefined' : JSON.stringify(value));
const describeExpected = (expected: string | RegExp | null): string =>
  expected instanceof RegExp ? String(expected) : show(expected);
const matches = (value: string, expected: string | RegExp): boolean =>
  expected instanceof RegExp ? expected.test(value) : value === expected;
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Reads with `read` (given the milliseconds left, for reads that wait for their
 * element) until `judge` accepts the value; a read that throws counts as not
 * yet. Fails after the timeout with `label` and the last verdict.
 */
async function poll<T>(
  label: string,
  read: (remainingMs: number) => Promise<T>,
  judge: (value: T) => Verdict,
  options: WaitOptions,
): Promise<T> {
  const timeout = options.timeout ?? EXPECT_TIMEOUT_MS;
  const deadline = Date.now() + timeout;
  let last: string;
  for (let attempt = 0; ; attempt += 1) {
    // At least a second for each read: one that waits for its element must not time out on its own at the end.
    const remaining = Math.max(1_000, deadline - Date.now());
    try {
      const value = await read(remaining);
      const verdict = judge(value);
      if (verdict.ok) return value;
      last = verdict.why;
    } catch (error) {
      last = `the read failed: ${message(error)}`;
    }
    if (Date.now() >= deadline) throw new Error(`${label}: still not so after ${timeout} ms.\n${last}`);
    const pause = PAUSES_MS[Math.min(attempt, PAUSES_MS.length - 1)] as number;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, Math.max(0, deadline - Date.now()))));
  }
}

/**
 * The general form: reads until `assert` (jest `expect` calls on the value)
 * stops throwing, and answers the accepted value. For what no helper below
 * covers (focus, storage, layout measured in the page).
 */
export function expectEventually<T>(
  read: () => Promise<T>,
  assert: (value: T) => void,
  options: WaitOptions & { label?: string } = {},
): Promise<T> {
  return poll(
    options.label ?? 'expectEventually',
    () => read(),
    (value) => {
      try {
        assert(value);
        return { ok: true };
      } catch (error) {
        return { ok: false, why: `last seen ${show(value)}: ${message(error)}` };
      }
    },
    options,
  );
}

/** `locator` matches exactly `count` elements. */
export async function expectCount(locator: Locator, count: number, options: WaitOptions = {}): Promise<void> {
  await poll(
    `expectCount(${String(locator)})`,
    () => locator.count(),
    (seen) => (seen === count ? { ok: true } : { ok: false, why: `expected ${count}, last seen ${seen}` }),
    options,
  );
}

export interface TextOptions extends WaitOptions {
  /** Read the rendered text (innerText: line breaks, no hidden parts) rather than textContent. */
  inner?: boolean;
}

function readText(locator: Locator, inner: boolean | undefined, timeout: number): Promise<string> {
  return inner ? locator.innerText({ timeout }) : locator.textContent({ timeout }).then((text) => text ?? '');
}

async function expectTextWhere(
  name: string,
  locator: Locator,
  expected: string,
  accept: (text: string) => boolean,
  options: TextOptions,
): Promise<string> {
  return poll(
    `${name}(${String(locator)})`,
    (remaining) => readText(locator, options.inner, remaining),
    (text) => (accept(text) ? { ok: true } : { ok: false, why: `expected ${expected}, last seen ${show(text)}` }),
    options,
  );
}

/** The (single) element's whole text is `expected`, or matches it when it is a RegExp; answers that text. */
export function expectText(locator: Locator, expected: string | RegExp, options: TextOptions = {}): Promise<string> {
  return expectTextWhere('expectText', locator, describeExpected(expected), (text) => matches(text, expected), options);
}

/** The (single) element's text contains `part`. */
export function expectTextContaining(locator: Locator, part: string, options: TextOptions = {}): Promise<string> {
  return expectTextWhere(
    'expectTextContaining',
    locator,
    `a text containing ${show(part)}`,
    (text) => text.includes(part),
    options,
  );
}

/** The (single) element's text does not match `pattern`. */
export function expectTextNotMatching(locator: Locator, pattern: RegExp, options: TextOptions = {}): Promise<string> {
  return expectTextWhere(
    'expectTextNotMatching',
    locator,
    `a text not matching ${String(pattern)}`,
    (text) => !pattern.test(text),
    options,
  );
}

/** The texts of every element `locator` matches, in order, are exactly `expected`. */
export async function expectTexts(locator: Locator, expected: string[], options: WaitOptions = {}): Promise<void> {
  await poll(
    `expectTexts(${String(locator)})`,
    () => locator.allTextContents(),
    (texts) =>
      texts.length === expected.length && texts.every((text, index) => text === expected[index])
        ? { ok: true }
        : { ok: false, why: `expected ${show(expected)}, last seen ${show(texts)}` },
    options,
  );
}

/** The form field's value is `expected` (or matches it). */
export async function expectValue(
  locator: Locator,
  expected: string | RegExp,
  options: WaitOptions = {},
): Promise<void> {
  await poll(
    `expectValue(${String(locator)})`,
    (remaining) => locator.inputValue({ timeout: remaining }),
    (value) =>
      matches(value, expected)
        ? { ok: true }
        : { ok: false, why: `expected ${describeExpected(expected)}, last seen ${show(value)}` },
    options,
  );
}

/** The element's attribute `name` is `expected` (or matches it); `null` means the attribute is absent. */
export async function expectAttribute(
  locator: Locator,
  name: string,
  expected: string | RegExp | null,
  options: WaitOptions = {},
): Promise<void> {
  await poll(
    `expectAttribute(${String(locator)}, ${show(name)})`,
    (remaining) => locator.getAttribute(name, { timeout: remaining }),
    (value) =>
      (expected === null ? value === null : value !== null && matches(value, expected))
        ? { ok: true }
        : { ok: false, why: `expected ${describeExpected(expected)}, last seen ${show(value)}` },
    options,
  );
}

/** The checkbox or radio is checked (or, with `false`, is not). */
export async function expectChecked(locator: Locator, checked = true, options: WaitOptions = {}): Promise<void> {
  await poll(
    `expectChecked(${String(locator)})`,
    (remaining) => locator.isChecked({ timeout: remaining }),
    (value) => (value === checked ? { ok: true } : { ok: false, why: `expected ${checked}, last seen ${value}` }),
    options,
  );
}

/** Nothing on the page is wider than the viewport (no sideways scrolling on a phone). */
export async function expectNoHorizontalOverflow(page: Page, options: WaitOptions = {}): Promise<void> {
  await poll(
    'expectNoHorizontalOverflow',
    () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    (overflow) =>
      overflow <= 0 ? { ok: true } : { ok: false, why: `the page is ${overflow} px wider than the viewport` },
    options,
  );
}
