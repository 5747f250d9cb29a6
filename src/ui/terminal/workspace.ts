// The page's workspace files as the terminal offers them to kubectl: the YAML
// editor's text is `workspace.yaml` (read from where the editor saves it).
import { readStored } from '../../storage';
import { WORKSPACE_FILE, type WorkspaceFiles } from '../../worker/protocol';

/** The storage key YamlInput.svelte saves the editor's text under. */
const EDITOR_STORAGE_KEY = 'editor.yaml';

export function workspaceFiles(): WorkspaceFiles {
  return { [WORKSPACE_FILE]: readStored(EDITOR_STORAGE_KEY) ?? '' };
}
