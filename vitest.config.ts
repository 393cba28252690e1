import { defineConfig } from 'vitest/config';

export const testConfig = defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Soak and crash tests cross real sockets and child processes; keep a generous ceiling.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});

// Vitest reads the default export of its config file; this is the one exemption from named exports.
// eslint-disable-next-line no-restricted-syntax
export default testConfig;
