// Lint for the hand-written code: ESLint's and typescript-eslint's recommended rules (syntax
// level, no type information, so `npm run lint` stays fast). Generated code is reviewed by
// regenerating it, not linted.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_GLOBALS = Object.fromEntries(['require', 'module', 'exports', 'process', '__dirname', '__filename', 'console', 'Buffer', 'setTimeout', 'clearTimeout'].map((g) => [g, 'readonly']));

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'cdktf.out/', '.lab/', 'providers/bindings/*/', '**/generated/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Modules load on first use through require() (provider start-up, see README "Install").
      '@typescript-eslint/no-require-imports': 'off',
      // Our errors restate a cause as the user's problem and fix; a cause can carry secret
      // material (a parser's excerpt of a key) into whatever prints the error object.
      'preserve-caught-error': 'off',
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: NODE_GLOBALS },
  },
  {
    // Tests read untyped fixtures and synthesized JSON; product code keeps `any` out.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
