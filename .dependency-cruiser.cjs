/**
 * The layer rules of docs/ARCHITECTURE.md, checked by `npm test` (pretest) so an upward import
 * fails before any test runs. server/src/shared is the leaf of pure helpers everyone may use.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-only-core-and-shared',
      comment: 'The domain core imports only the core and the shared leaf (no adapters, http, contracts, workers, bot or tabs).',
      severity: 'error',
      from: { path: '^server/src/core/' },
      to: { path: '^(server/src/(?!core/|shared/)|bot/|tabs/|manifest/|test/)' },
    },
    {
      name: 'contracts-only-shared',
      comment: 'contracts is browser-safe: it imports only the shared leaf (and libraries).',
      severity: 'error',
      from: { path: '^server/src/contracts/' },
      to: { path: '^(server/src/(?!contracts/|shared/)|bot/|tabs/|manifest/|test/)' },
    },
    {
      name: 'shared-is-a-leaf',
      comment: 'The shared leaf imports nothing of ours but itself.',
      severity: 'error',
      from: { path: '^server/src/shared/' },
      to: { path: '^(server/src/(?!shared/)|bot/|tabs/|manifest/|test/)' },
    },
    {
      name: 'tabs-only-contracts-shared-browser',
      comment: 'The tabs run in the browser: they import contracts, the shared leaf and browser libraries only.',
      severity: 'error',
      from: { path: '^tabs/src/' },
      to: { path: '^(server/src/(?!contracts/|shared/)|bot/|test/)' },
    },
    {
      name: 'tabs-no-node-builtins',
      severity: 'error',
      from: { path: '^tabs/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'nothing-imports-main',
      severity: 'error',
      from: {},
      to: { path: '^server/src/main\\.ts$' },
    },
    {
      name: 'no-cycles',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|tabs/dist|data|test-output)' },
  },
};
