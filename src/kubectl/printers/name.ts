// `-o name` and the one-line results of writing commands (cli-runtime's
// NamePrinter): `deployment.apps/web`, `pod/nginx created`, `… (dry run)`.

export interface NamedObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: unknown;
}

export type DryRunMode = 'none' | 'client' | 'server';

/** `deployment.apps` / `pod`: the lower-cased kind with the API group, as the name printer writes it. */
export function kindWithGroup(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  return group ? `${kind.toLowerCase()}.${group}` : kind.toLowerCase();
}

/** One line: `kind.group/name`, then ` operation` and the dry-run marker when given. */
export function printName(obj: NamedObject, operation = '', dryRun: DryRunMode = 'none'): string {
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const meta = obj.metadata;
  const name = meta !== null && typeof meta === 'object' && typeof (meta as { name?: unknown }).name === 'string' ? String((meta as { name: string }).name) : '';
  return nameLine(kindWithGroup(apiVersion, kind), name, operation, dryRun);
}

export function nameLine(resource: string, name: string, operation = '', dryRun: DryRunMode = 'none'): string {
  return `${resource}/${name}${operationSuffix(operation, dryRun)}\n`;
}

export function operationSuffix(operation: string, dryRun: DryRunMode): string {
  if (!operation) return '';
  const marker = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  return ` ${operation}${marker}`;
}
