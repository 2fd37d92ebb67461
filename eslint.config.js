// @ts-check
import { readdirSync } from 'node:fs';
import path from 'node:path';
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
  '@grpc/*': ['src/services/grpc/**', 'src/bench/grpc/**'],
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

/**
 * The dependency direction (DESIGN.md §6): cli → runtime → services → mongo | log | config →
 * errors. Each area names the areas it may import; importing any other is a lint error, so an
 * import running back up (mongo reaching into services, a service into another) fails
 * `npm run lint` instead of waiting for review. Within the bottom tier, mongo → log → config
 * (a logger's level is configuration; the engine and the stores log). `doctor` sits beside
 * runtime, under cli. Bench code (`src/bench/`, and any `bench/` folder until it has moved there)
 * is imported only by cli. `web` sees only the shared event types. errors, lab-events and
 * package-root are leaves that every area may import. Tests are exempt: they compose whatever
 * they exercise. Imports are matched by folder name (`../../mongo/x.js` names mongo), so no
 * folder inside src may reuse an area's name.
 */
// `registry/` is not a service: it describes every service (src/services/registry.ts), so it
// imports them as src/services/*.ts does.
const services = readdirSync(path.join(import.meta.dirname, 'src/services'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'registry')
  .map((entry) => entry.name);
const areaNames = ['cli', 'doctor', 'runtime', 'bench', 'scenarios', 'services', 'mongo', 'log', 'config', 'web'];
const bottom = ['config', 'log', 'mongo'];
/**
 * Each area: its files, and the areas it may import (errors and the shared leaves always). A file
 * takes the last block that matches it, so the bench folders nested in other areas come last.
 */
const layers = [
  { name: 'src/*.ts', files: ['src/*.ts'], imports: [] },
  { name: 'src/config', files: ['src/config/**'], imports: [] },
  { name: 'src/log', files: ['src/log/**'], imports: ['config'] },
  { name: 'src/mongo', files: ['src/mongo/**'], imports: ['config', 'log'] },
  {
    name: 'src/services/*.ts',
    files: ['src/services/*.ts', 'src/services/registry/**'],
    imports: ['services', ...bottom],
  },
  ...services.map((service) => ({
    name: `src/services/${service}`,
    files: [`src/services/${service}/**`],
    imports: ['services', ...bottom],
    // Services never import each other: from inside one, another is `../ws/…` or `services/ws/…`.
    banned: services.filter((other) => other !== service),
  })),
  { name: 'src/runtime', files: ['src/runtime/**'], imports: ['services', ...bottom] },
  { name: 'src/doctor', files: ['src/doctor/**'], imports: ['runtime', 'services', ...bottom] },
  // Scenarios drive a lab (DESIGN.md §6: scenarios → runtime, clients); only cli runs them.
  { name: 'src/scenarios', files: ['src/scenarios/**'], imports: ['runtime', 'services', ...bottom] },
  {
    name: 'src/cli',
    files: ['src/cli/**'],
    imports: ['doctor', 'runtime', 'bench', 'scenarios', 'services', ...bottom],
  },
  {
    name: 'src/web',
    files: ['src/web/**'],
    imports: [],
    except: { services: String.raw`(?!ws/ws-events\.js$)` },
    also: ['services/ws/ws-events'],
  },
  {
    name: 'bench code',
    files: ['src/bench/**', 'src/**/bench/**'],
    imports: ['runtime', 'bench', 'services', ...bottom],
  },
];

/** A relative import that goes through a folder called `folder` (`../../mongo/x.js` names mongo). */
function through(folder, except = '') {
  return `^\\.\\.?/(.*/)?${folder}/${except}`;
}

/** The import bans of one area, as `@typescript-eslint/no-restricted-imports` patterns. */
function directionBans({ name, imports, banned = [], except = {}, also = [] }) {
  const why = `${name} may import ${[...imports, ...also, 'errors', 'lab-events', 'package-root'].join(', ')} (cli → runtime → services → mongo | log | config → errors; see eslint.config.js).`;
  return [
    ...areaNames
      .filter((area) => !imports.includes(area))
      .map((area) => ({ regex: through(area, except[area] ?? ''), message: `${area} is not importable here: ${why}` })),
    ...banned.map((other) => ({
      regex: through(other),
      message: `Services never import each other (${other}); share through src/services/*.ts or mongo. ${why}`,
    })),
  ];
}

const envOutsideConfig = {
  object: 'process',
  property: 'env',
  message: 'Read configuration in src/config or src/cli and pass it in as arguments.',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'test-artifacts/**',
      '.rtlab/**',
      '.tools/**',
      'src/services/grpc/generated/**',
    ],
  },
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
  // A separate rule from the library fences above, so that each keeps its own per-folder options
  // (in flat config the last matching block's options for a rule replace the earlier ones).
  ...layers.map((layer) => ({
    files: layer.files.flatMap((glob) => (glob.endsWith('**') ? [`${glob}/*.ts`, `${glob}/*.tsx`] : [glob])),
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: directionBans(layer) }] },
  })),
);
