// localStorage that never throws: storage can be disabled, full, or missing
// (private windows, file:// pages, Node). Losing a preference is acceptable;
// crashing the page is not.

const PREFIX = 'podsphere.';

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

export function readStored(key: string): string | null {
  try {
    return storage()?.getItem(PREFIX + key) ?? null;
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: string): void {
  try {
    storage()?.setItem(PREFIX + key, value);
  } catch {
    // Quota exceeded or storage disabled: keep working without persistence.
  }
}
