import js from '@eslint/js';
import globals from 'globals';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/** Playwright reads that answer what the page shows at one instant. */
const reads =
  'count|textContent|innerText|innerHTML|inputValue|getAttribute|isVisible|isHidden|isChecked|isEnabled|isDisabled|isEditable|allTextContents|allInnerTexts|title';
const oneShotReads = [
  {
    selector: `AwaitExpression > CallExpression.argument > MemberExpression.callee > Identifier.property[name=/^(${reads})$/]`,
    message:
      'A value read once from the page may be read while it still renders: assert with an auto-waiting helper from test/support/expect-web.ts (expectCount, expectText, expectValue, expectAttribute, expectEventually…).',
  },
  {
    selector: `CallExpression[callee.name='expect'] > CallExpression.arguments > MemberExpression.callee > Identifier.property[name=/^(${reads}|evaluate|evaluateAll|url)$/]`,
    message:
      'expect() on a value read once from the page: use an auto-waiting helper from test/support/expect-web.ts (or page.waitForURL for the address).',
  },
  {
    selector:
      "CallExpression[callee.name='expect'] > AwaitExpression.arguments > CallExpression.argument > MemberExpression.callee > Identifier.property[name=/^(evaluate|evaluateAll)$/]",
    message:
      'expect() on a value read once in the page: poll it with expectEventually from test/support/expect-web.ts.',
  },
];

/** Tests state costs by counting (libs/testing/src/operation-count.ts); clocks belong in bench/. */
const clockReads = [
  {
    selector: "CallExpression[callee.object.name='performance'][callee.property.name='now']",
    message:
      'A test timed by the clock fails on a busy machine: count the work (countOperations from @maillage/testing/operation-count.js) and put timings in bench/.',
  },
];

export default tseslint.config(
  { ignores: ['apps/web/src/api/schema.d.ts', 'dist/**', 'node_modules/**', 'coverage/**', '.maillage/**', 'tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Tests and scripts may print.
    files: ['test/**/*.ts', '**/*.spec.ts', 'scripts/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: { 'no-restricted-syntax': ['error', ...clockReads] },
  },
  {
    // Browser suites assert through test/support/expect-web.ts, which reads again until the
    // page shows what is expected: a value read once can catch a page still rendering.
    files: ['test/web/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...oneShotReads, ...clockReads] },
  },
  {
    // The web console runs in browsers.
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // The contract is bundled into the console as well as run by the API: plain TypeScript only.
    files: ['libs/contract/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.{1,2}/)',
              message:
                'libs/contract runs in the API and in browsers: it imports only its own files (no Node, Nest, other libs or UI).',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname', 'window', 'document'],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  prettier,
);
