#!/usr/bin/env node
// The `podsphere` command (see `podsphere --help` and the README). The sandbox
// is TypeScript; tsx (a dev dependency) loads it straight from src/.
import { register } from 'tsx/esm/api';

register();
const { runProcess } = await import('../src/cli/process.ts');
runProcess();
