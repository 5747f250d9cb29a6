// A server-side table printer, as the apiserver's TableConvertor builds it for
// kubectl: column definitions (priority 1 = only with -o wide) and one row of
// cells per object. kubectl prints cells with Go's %v, so a cell may be a
// number or a bool as well as a string.
import type { KubeObject } from '../../../runtime/api/types';

export type Cell = string | number | boolean;

export interface Column {
  /** As upstream names it (`Nominated Node`); kubectl upper-cases headers. */
  name: string;
  /** 1: shown with -o wide only. */
  priority?: number;
  /** The column holding the object's name (`--show-kind` prefixes it). */
  isName?: boolean;
}

export interface RowContext {
  /** Simulated now, in ms. */
  now: number;
  wide: boolean;
}

export interface TablePrinter {
  readonly columns: readonly Column[];
  /** One cell per column, wide columns included (kubectl hides them unless -o wide). */
  row(obj: KubeObject, ctx: RowContext): Cell[];
}
