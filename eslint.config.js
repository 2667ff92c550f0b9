import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'

export default tseslint.config(
  { ignores: ['build/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', 'prisma/sqlite/**', 'prisma/postgres/**', '**/*.bpmn'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.property.name='only'][callee.object.name=/^(it|test|describe)$/]", message: 'No focused tests.' },
        { selector: "CallExpression[callee.property.name='skip'][callee.object.name=/^(it|test|describe)$/]", message: 'No skipped tests.' },
      ],
    },
  },
  {
    // Playwright fixtures call a parameter named `use`; it is not React's hook.
    files: ['tests/e2e/**/*.ts'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // List filters go through accessibleWhere(), which guards an empty-OR bug (see permissions.server.ts).
    files: ['app/**/*.{ts,tsx}'],
    ignores: ['app/services/permissions.server.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: '@casl/prisma/runtime', importNames: ['accessibleBy'], message: 'Use accessibleWhere() from permissions.server.ts.' }, { name: '@casl/prisma', importNames: ['accessibleBy'], message: 'Use accessibleWhere() from permissions.server.ts.' }] }],
    },
  },
  {
    // engine/ is generic: it must never depend on the application.
    files: ['engine/**/*.ts'],
    ignores: ['engine/**/*.test.ts', 'engine/test/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/app/**', '~/*'], message: 'engine/ never imports from app/.' }] }],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', crypto: 'readonly' } },
  },
)
