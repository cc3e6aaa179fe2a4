import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'electron/**/*.test.ts', 'native/**/*.test.ts', 'renderer/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/helpers/**/*.test.ts'],
    exclude: ['node_modules/**', 'out/**', 'dist/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
