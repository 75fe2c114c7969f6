// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** `vscode` may not be imported here: these layers run (and are unit-tested) in plain Node. */
const noVscode = { name: 'vscode', message: 'This layer runs without VS Code: no vscode import here (see README, "Layers").' };
const restrict = (paths, patterns = []) => ({ 'no-restricted-imports': ['error', { paths, patterns }] });
const upward = (folders, message) => ({ group: folders.map((f) => `**/${f}/**`).concat(folders.map((f) => `../${f}/*`)), message });

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**'] },
  eslint.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The build, test and bench scripts and the harness: plain JavaScript, linted without type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }] },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  // Layers, held here and not by comments. Lower layers never import higher ones.
  {
    files: ['src/model/**', 'src/errors/**', 'src/api/**', 'src/format.ts', 'src/constants.ts'],
    rules: restrict(
      [noVscode],
      [
        upward(
          ['commands', 'views', 'prompts/vscodePrompter', 'receiver', 'sandbox', 'deliveries', 'endpoint', 'auth'],
          'The kernel (model, errors, api) depends on nothing above it.',
        ),
      ],
    ),
  },
  {
    files: [
      'src/sandbox/**',
      'src/deliveries/**',
      'src/receiver/**',
      'src/endpoint/**',
      'src/net/**',
      'src/scenarios/**',
      'src/privacy/**',
    ],
    rules: restrict(
      [noVscode],
      [upward(['commands', 'views', 'auth'], 'Servers and senders know nothing of the UI or of signed-in lines.')],
    ),
  },
  {
    files: [
      'src/prompts/prompter.ts',
      'src/prompts/validators.ts',
      'src/prompts/webhookForms.ts',
      'src/prompts/multiStep.ts',
      'src/views/treeModel.ts',
      'src/views/captureRows.ts',
    ],
    rules: restrict([noVscode], [upward(['commands'], 'Views and prompts never import commands.')]),
  },
  {
    files: ['src/views/**', 'src/prompts/**', 'src/auth/**', 'src/editing/**'],
    ignores: [
      'src/prompts/prompter.ts',
      'src/prompts/validators.ts',
      'src/prompts/webhookForms.ts',
      'src/prompts/multiStep.ts',
      'src/views/treeModel.ts',
      'src/views/captureRows.ts',
    ],
    rules: restrict([], [upward(['commands'], 'Views, prompts and sessions never import commands.')]),
  },
  {
    files: ['test/unit/**'],
    rules: restrict([noVscode]),
  },
);
