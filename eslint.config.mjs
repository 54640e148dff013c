import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { readdirSync } from 'node:fs';

// ---- import boundaries (docs/architecture.md, "Who may import whom") -------------------------
// Kept apart from the other blocks so edits to either merge cleanly. Each file gets exactly one
// no-restricted-imports setting (a later block would replace an earlier one, not add to it).

/** Folders of apps/api/src that are infrastructure, not features: they import no feature. */
const API_INFRA = ['common', 'config', 'database'];

/**
 * What any feature may import from another feature's folder besides its `*.service` and
 * `*.module` (its public face), and why.
 */
const FEATURE_SHARED = [
  'auth/auth\\.decorators', // route access decorators, used on every controller
  'auth/principal', // who is calling
  'live/live-bus', // every feature publishes live events
  'http/body-format\\.decorator', // route decorator: which body parser a route takes
  'health/metrics', // the Prometheus registry
  'exceptions/finding', // the exception intake's input, part of ExceptionsService.raise()
  'exceptions/fingerprint', // how a finding is keyed, part of the same input
  'exceptions/incident-grouping\\.port', // the port exceptions own and incidents provide
  'incidents/incident-changes\\.port', // the port incidents own and alerts provide
  'alerts/delivery/replay-deliveries\\.port', // the port the alerts outbox owns and replays provide
  'alerts/delivery/openlineage-deliveries\\.port', // the alerts outbox's entry for OpenLineage run events
  'alerts/receivers/receivers\\.service', // alert receivers: demo mode points the replay receiver `demo-middleware` at the simulator
  'recon/secrets/secret-key\\.service', // the one key that seals every secret at rest (connection URLs, alert receivers)
];

/** Known departures, by importing feature (docs/architecture.md): to be removed, not added to. */
const FEATURE_DEPARTURES = {
  incidents: ['exceptions/exceptions\\.schemas'], // incidents borrows the list filters' oneOrMany
  lineage: ['ingest/hop-row'], // lineage maps hop rows as ingest stores them
  http: ['flows/catalog-body', 'ingest/(ingest-admission|otlp-body-parser|otlp-proto)'], // the body interceptor applies each route's body rules
  bootstrap: ['auth/secrets'], // digests the ingest key from settings
};

const API_FEATURES = readdirSync(new URL('./apps/api/src', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory() && !API_INFRA.includes(d.name))
  .map((d) => d.name);

const importBoundaries = [
  {
    files: ['libs/**/*.ts'],
    ignores: ['libs/recon/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@closewatch/api',
                '@closewatch/api/*',
                '@closewatch/web',
                '@closewatch/web/*',
                '@closewatch/simulator',
                '@closewatch/simulator/*',
                '**/apps/**',
              ],
              message: 'libs import no app.',
            },
            { group: ['@closewatch/recon', '@closewatch/recon/*'], message: 'libs/contracts imports no other lib.' },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/recon/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@closewatch/*', '**/apps/**'], message: 'libs/recon imports nothing of the workspace: it is the pure engine.' }] },
      ],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}', 'apps/simulator/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@closewatch/api', '@closewatch/api/*', '@closewatch/recon', '@closewatch/recon/*'],
              message: 'The dashboard and the simulator import libs/contracts only.',
            },
            { regex: '(^|/)api/src(/|$)', message: 'The dashboard and the simulator never import apps/api.' },
          ],
        },
      ],
    },
  },
  {
    files: API_INFRA.map((dir) => `apps/api/src/${dir}/**/*.ts`),
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\.\\./)+(?!(${API_INFRA.join('|')})/)[a-z-]+/`,
              message: 'common/, config/ and database/ import no feature: move the helper here, or the setting parser into config/.',
            },
          ],
        },
      ],
    },
  },
  // A feature may have rooms (recon/runs, recon/connectors/http): a file `depth` folders below the
  // feature's root leaves the feature with depth + 1 `../`, so each depth gets its own pattern.
  ...API_FEATURES.flatMap((feature) =>
    [0, 1, 2, 3].map((depth) => ({
      files: [`apps/api/src/${feature}/${'*/'.repeat(depth)}*.ts`],
      ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                regex: `^(\\.\\./){${depth + 1}}(?!\\.\\./)(?!(${API_INFRA.join('|')})/)(?![a-z-]+/[a-z.-]+\\.(service|module)$)(?!(${[...FEATURE_SHARED, ...(FEATURE_DEPARTURES[feature] ?? [])].join('|')})$)[a-z-]+/`,
                message:
                  'A feature imports another feature only through its *.service or *.module; generic helpers live in common/ (exceptions: FEATURE_SHARED in eslint.config.mjs).',
              },
            ],
          },
        ],
      },
    })),
  ),
];
// ---- end of import boundaries ----------------------------------------------------------------

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.tsc/**', '.nx/**', '.closewatch/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-console': 'off',
    },
  },
  {
    // Type-aware rules: the programs are the projects tsconfig.check.json type-checks, so lint
    // sees the same types as tsc.
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: {
        project: [
          'libs/contracts/tsconfig.spec.json',
          'libs/recon/tsconfig.spec.json',
          'apps/api/tsconfig.spec.json',
          'apps/simulator/tsconfig.spec.json',
          'apps/web/tsconfig.app.json',
          'apps/web/tsconfig.spec.json',
          'e2e/tsconfig.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Every union and enum a switch looks at is handled case by case: a `default` does not
      // stand in for a new error code or status, so adding one fails lint where it is not handled.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false, allowDefaultCaseForExhaustiveSwitch: true },
      ],
    },
  },
  {
    // lib is ES2024 for the types, but the server code runs on Node 20 (engines), which lacks
    // these ES2024 functions; the dashboard runs in browsers that have them.
    files: ['**/*.{ts,mts,cts,js,mjs}'],
    ignores: ['apps/web/src/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...[
          ['Object', 'groupBy'],
          ['Map', 'groupBy'],
          ['Promise', 'withResolvers'],
        ].map(([object, property]) => ({
          object,
          property,
          message: `${object}.${property} is missing in Node 20, which package.json's engines still allows.`,
        })),
      ],
    },
  },
  {
    // The e2e specs are black-box: they reach the API over HTTP (and its database through pg),
    // never through its code. Shared with the API's own tests: the test-database support
    // (finding PostgreSQL, cloning the migrated template), the reconciliation fixtures (plain
    // PostgreSQL source and target databases, and a JSON client that takes only a server's URL),
    // the loopback HTTP receiver alert specs point receivers at (plain node:http), the
    // built server as a child process (server-process: node:child_process, which the API's
    // benchmarks use too), the live stream's socket.io client (live-client), a business event to post (posted-invoice) and a process's
    // memory read from /proc (process-memory).
    files: ['e2e/**/*.{ts,mjs}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex:
                '(^|/)apps/api/(?!test/support/(test-database|recon-fixtures|loopback-receiver|server-process|live-client|posted-invoice)$|test/process-memory$)',
              message: "e2e specs are black-box: use the HTTP API (e2e/support/api-server.ts), not the API's code.",
            },
          ],
        },
      ],
    },
  },
  {
    // Nest injects by runtime type metadata: a type-only import would erase the constructor token.
    files: ['apps/api/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  ...importBoundaries,
);
