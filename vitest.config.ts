import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Two projects, which `vitest run` (and so `npm test`) runs together:
 * - `quick`: unit and HTTP tests (`app.inject`, the emulator in-process), no build needed; what
 *   `npm run test:quick` runs, on SQLite only (it clears TEST_DATABASE_URL), with `--no-isolate`:
 *   a worker's files share one module graph instead of importing Fastify, the backend and the
 *   emulator again for each file, which was most of its CPU (its files keep no global state: a
 *   spy is restored, env is read, never written). vitest takes isolation per pool from the root
 *   config, hence a flag rather than a project option; `npm test` stays isolated, for the
 *   end-to-end files, which are not held to that rule;
 * - `end-to-end`: the built CLI, child processes, the official Google clients, the browser, soak
 *   and crash tests (`test/`, but for the repository checks).
 */
export const testConfig = defineConfig({
  test: {
    // Soak and crash tests cross real sockets and child processes; keep a generous ceiling.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // One test file more than there are cores (vitest's default is one fewer: a single worker on
    // two cores): the files wait on sockets, child processes and PostgreSQL much of the time
    // (docs/BENCHMARKS.md, 'The test loop'). PostgreSQL files share one database, each in its
    // own schema; the store's introspection sees only its own (src/store/postgres-dialect.ts).
    maxWorkers: availableParallelism() + 1,
    // As many workers from start to end: with fewer kept (vitest's minimum is its default count),
    // tinypool retires idle workers above it on a timer, and unisolated runs (test:quick) then
    // ended now and then in an unhandled "Terminating worker thread" after every file passed.
    minWorkers: availableParallelism() + 1,
    // Test processes reuse the response serializers of earlier Fastify apps (test/setup/serializer-cache.ts).
    setupFiles: ['test/setup/serializer-cache.ts'],
    projects: [
      { extends: true, test: { name: 'quick', include: ['src/**/*.test.ts', 'test/repo/**/*.test.ts'] } },
      { extends: true, test: { name: 'end-to-end', include: ['test/**/*.test.ts'], exclude: ['test/repo/**'] } },
    ],
  },
});

// Vitest reads the default export of its config file; this is the one exemption from named exports.
// eslint-disable-next-line no-restricted-syntax
export default testConfig;
