// Turns lexed tokens into a pipeline: stages split on `|`, each with its
// words, a here-document or here-string for standard input, and the
// redirections a sandbox can honour (to /dev/null, 2>&1, >&2, < FILE).
import type { Token } from './lexer';

export type StreamTarget = 'keep' | 'null' | 'stdout' | 'stderr';

export interface Heredoc {
  delimiter: string;
  /** `<<-`: leading tabs are stripped from body lines and the delimiter line. */
  stripTabs: boolean;
  /** Filled in while the session reads the lines after the command. */
  body?: string;
}

export interface Stage {
  words: string[];
  heredoc?: Heredoc;
  /** `< FILE`: a workspace file as standard input. */
  stdinFile?: string;
  stdout: StreamTarget;
  stderr: StreamTarget;
}

export type ParseResult = { stages: Stage[] } | { error: string; code: number } | { incomplete: true };

const NOT_SUPPORTED = new Set(['||', '&&', ';', '&', '(', ')', '<&']);

const syntaxError = (near: string): { error: string; code: number } => ({
  error: `podsphere: syntax error near unexpected token \`${near}'\n`,
  code: 2,
});

export function parsePipeline(tokens: readonly Token[]): ParseResult {
  const stages: Stage[] = [];
  let stage = newStage();
  let sawAny = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'word') {
      stage.words.push(t.text);
      sawAny = true;
      continue;
    }
    if (t.op === '|') {
      if (!sawAny) return syntaxError('|');
      stages.push(stage);
      stage = newStage();
      sawAny = false;
      if (i === tokens.length - 1) return { incomplete: true };
      continue;
    }
    if (NOT_SUPPORTED.has(t.op)) {
      return { error: `podsphere: ${JSON.stringify(t.op)} is not supported in this sandbox: run one command per line\n`, code: 2 };
    }
    const target = tokens[i + 1];
    if (!target || target.kind !== 'word') return syntaxError(target?.kind === 'op' ? target.op : 'newline');
    i++;
    sawAny = true;
    const failure = redirect(stage, t.op, target.text);
    if (failure) return { error: failure, code: 1 };
  }
  if (!sawAny) {
    if (stages.length) return syntaxError('|');
    return { stages: [] };
  }
  stages.push(stage);
  return { stages };
}

function newStage(): Stage {
  return { words: [], stdout: 'keep', stderr: 'keep' };
}

/** Apply one redirection to a stage; returns a message when the sandbox cannot honour it. */
function redirect(stage: Stage, op: string, target: string): string | undefined {
  const m = /^(\d*)(.*)$/.exec(op) as RegExpExecArray;
  const fd = m[1] === '' ? undefined : Number(m[1]);
  const kind = m[2];
  if (kind === '<<' || kind === '<<-') {
    stage.heredoc = { delimiter: target, stripTabs: kind === '<<-' };
    return undefined;
  }
  if (kind === '<<<') {
    stage.heredoc = { delimiter: '', stripTabs: false, body: `${target}\n` };
    return undefined;
  }
  if (kind === '<') {
    stage.stdinFile = target;
    stage.heredoc = undefined;
    return undefined;
  }
  if (kind === '>&' && (target === '1' || target === '2')) {
    const to: StreamTarget = target === '1' ? 'stdout' : 'stderr';
    if ((fd ?? 1) === 2) stage.stderr = to === 'stderr' ? 'keep' : 'stdout';
    else if ((fd ?? 1) === 1) stage.stdout = to === 'stdout' ? 'keep' : 'stderr';
    return undefined;
  }
  if (target === '/dev/null' && (kind === '>' || kind === '>>' || kind === '>|' || kind === '&>' || kind === '>&')) {
    if (kind === '&>' || kind === '>&') {
      stage.stdout = 'null';
      stage.stderr = 'null';
    } else if ((fd ?? 1) === 2) stage.stderr = 'null';
    else if ((fd ?? 1) === 1) stage.stdout = 'null';
    return undefined;
  }
  return `podsphere: redirecting output to files (${op} ${target}) is not supported in this sandbox: save files from the YAML editor\n`;
}
