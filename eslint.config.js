// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Each third-party library lives behind one folder (STYLE.md): importing it anywhere else is a
 * lint error, so that swapping a library means changing one folder.
 */
const fences = {
  commander: ['src/cli/**'],
  winston: ['src/log/**'],
  'winston-transport': ['src/log/**'],
  // The benchmarks' baselines use the bare libraries on purpose: that is what they measure against.
  mongodb: ['src/mongo/**', 'src/bench/mongo/**'],
  'mongodb-memory-server-core': ['src/mongo/**'],
  bson: ['src/mongo/**', 'src/bench/mongo/**'],
  mingo: ['src/mongo/**'],
  dockerode: ['src/runtime/docker/**'],
  express: ['src/services/webhooks/**', 'src/services/grpc/**', 'src/services/ws/**', 'src/bench/webhooks/**'],
  undici: ['src/services/webhooks/**'],
  '@grpc/*': ['src/services/grpc/**'],
  'socket.io': ['src/services/ws/**', 'src/bench/ws/**'],
  'socket.io-client': ['src/services/ws/**', 'src/web/**'],
  autocannon: ['src/bench/webhooks/**'],
  ink: ['src/ui/**'],
  react: ['src/ui/**', 'src/web/**'],
};

const folders = [...new Set(Object.values(fences).flat())];

/** The import bans for files in `folder` (or for every other file when folder is undefined). */
function bannedImports(folder) {
  return Object.entries(fences)
    .filter(([, allowed]) => folder === undefined || !allowed.includes(folder))
    .map(([name, allowed]) => ({
      group: [name, `${name}/*`],
      message: `${name} is used only in ${allowed.join(', ')}; go through that folder's functions.`,
    }));
}

const envOutsideConfig = {
  object: 'process',
  property: 'env',
  message: 'Read configuration in src/config or src/cli and pass it in as arguments.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-artifacts/**', '.rtlab/**', '.tools/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: bannedImports(undefined) }],
      'no-restricted-properties': ['error', envOutsideConfig],
    },
  },
  ...folders.map((folder) => ({
    files: [`${folder}/*.ts`, `${folder}/*.tsx`],
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: bannedImports(folder) }] },
  })),
  {
    files: ['src/config/**/*.ts', 'src/cli/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
