import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// One config for the app build and the unit tests.
export default defineConfig({
  // Relative asset URLs: the built dist/ folder works from any static host path
  // (a USB stick, a sub-folder on an intranet server, file shares in a classroom).
  base: './',
  plugins: [svelte()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
  },
  test: {
    environment: 'node',
    include: ['tests/unit/**/*.test.ts'],
    // Unit tests are pure logic against a simulated clock: they should be fast.
    testTimeout: 10_000,
    passWithNoTests: true,
  },
});
