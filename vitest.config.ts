import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Native jieba and real sockets: separate processes, generous timeouts for a busy 2-core CI machine.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
