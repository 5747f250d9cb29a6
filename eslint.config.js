// Lint: type-checked TypeScript, Svelte components, and the hard line around
// the headless runtime (STYLE.md: "make the line a lint rule, not a hope").
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const tsProjects = ['./tsconfig.json', './tsconfig.node.json'];

// src/runtime/** must run the same in Node, a Web Worker and a test: no UI
// imports, no wall clock, no timers, no DOM, no unseeded randomness. Time and
// randomness come from src/runtime/clock.ts.
const runtimeBoundary = {
  files: ['src/runtime/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: '(^|/)(src/)?(ui|kubectl|lessons)(/|$)',
            message: 'src/runtime is headless: it may not import from ui/, kubectl/ or lessons/.',
          },
          {
            regex: '^svelte(/|$)',
            message: 'src/runtime is headless: no Svelte.',
          },
        ],
      },
    ],
    'no-restricted-globals': [
      'error',
      ...['setTimeout', 'setInterval', 'requestAnimationFrame'].map((name) => ({
        name,
        message: 'Use the simulated clock (src/runtime/clock.ts), never real timers.',
      })),
      { name: 'Date', message: 'Read time from the simulated clock, not the wall clock.' },
      { name: 'performance', message: 'Read time from the simulated clock, not the wall clock.' },
      { name: 'window', message: 'src/runtime has no DOM: it runs in Node and in a Web Worker.' },
      { name: 'document', message: 'src/runtime has no DOM: it runs in Node and in a Web Worker.' },
    ],
    'no-restricted-properties': [
      'error',
      {
        object: 'Math',
        property: 'random',
        message: 'Use the seeded random source of the simulated clock so runs replay exactly.',
      },
      // The same globals reached through globalThis / self.
      ...['globalThis', 'self'].flatMap((object) =>
        ['setTimeout', 'setInterval', 'requestAnimationFrame', 'Date', 'performance', 'window', 'document'].map(
          (property) => ({ object, property, message: 'src/runtime uses the simulated clock and has no DOM.' }),
        ),
      ),
    ],
  },
};

export default defineConfig(
  {
    ignores: ['dist/', 'node_modules/', 'test-results/', '.podsphere/', 'coverage/', 'scratch/', 'src/runtime/api/generated/'],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        project: tsProjects,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    extends: [svelte.configs.recommended],
    languageOptions: {
      globals: globals.browser,
      parserOptions: {
        parser: tseslint.parser,
        project: tsProjects,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
        svelteConfig,
      },
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/runtime/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Callbacks passed to page.evaluate() run inside the browser.
    files: ['tests/e2e/**/*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['**/*.ts', '**/*.svelte'],
    rules: {
      // Unused arguments prefixed with _ are intentional (interfaces, callbacks).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-implied-eval': 'off',
      '@typescript-eslint/no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['**/*.svelte'],
    rules: {
      // Never render untrusted text as HTML.
      'svelte/no-at-html-tags': 'error',
    },
  },
  runtimeBoundary,
);
