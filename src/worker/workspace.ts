// The page's workspace as files for kubectl in the worker: `-f workspace.yaml`
// reads the YAML editor, `-f .` reads every workspace file. Missing files fail
// with Go's os error text, as kubectl on a disk would see it.
import type { ReadResult } from '../kubectl/types';
import type { WorkspaceFiles } from './protocol';

const normalise = (path: string): string => path.replace(/^(\.\/)+/, '');

export function readWorkspaceFile(files: WorkspaceFiles, path: string): ReadResult {
  const name = normalise(path);
  if (Object.hasOwn(files, name)) return { text: files[name] };
  if (name === '.' || name === '' || name.endsWith('/')) return { error: `read ${path}: is a directory` };
  return { error: `open ${path}: no such file or directory` };
}

/** The workspace is one flat directory: `.` lists it, nothing else is a directory. */
export function readWorkspaceDir(files: WorkspaceFiles, path: string): string[] | undefined {
  return ['.', './', ''].includes(path) ? Object.keys(files).sort() : undefined;
}
