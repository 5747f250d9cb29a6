import { describe, expect, it } from 'vitest';
import { makeFilter, type Filter } from '../../../src/kubectl/session/filters';
import { lex, EXPANSION_UNSUPPORTED } from '../../../src/kubectl/session/lexer';
import { parsePipeline } from '../../../src/kubectl/session/pipeline';

const words = (line: string): string[] => lex(line).tokens.map((t) => (t.kind === 'word' ? t.text : `<${t.op}>`));

describe('lexer (POSIX shell quoting)', () => {
  it('splits on blanks and keeps quoted text whole', () => {
    expect(words(`kubectl get pods -o jsonpath='{.items[*].metadata.name}'`)).toEqual(['kubectl', 'get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}']);
    expect(words(`k label po web "tier=front end"  a\\ b`)).toEqual(['k', 'label', 'po', 'web', 'tier=front end', 'a b']);
    expect(words(`echo "a \\"q\\" \\\\ \\x" 'it''s'`)).toEqual(['echo', 'a "q" \\ \\x', 'its']);
    expect(words(`echo ''`)).toEqual(['echo', '']);
  });

  it('reads operators, fd redirections and comments', () => {
    expect(words('kubectl get po 2>&1 | grep -v NAME # all but the header')).toEqual(['kubectl', 'get', 'po', '<2>&>', '1', '<|>', 'grep', '-v', 'NAME']);
    expect(words('cat <<-EOF|k apply -f -')).toEqual(['cat', '<<<->', 'EOF', '<|>', 'k', 'apply', '-f', '-']);
    expect(words(`echo '|' a\\|b`)).toEqual(['echo', '|', 'a|b']);
  });

  it('reports an open quote or a trailing backslash, so the shell reads on', () => {
    expect(lex(`echo 'abc`).open).toBe('single');
    expect(lex(`echo "abc`).open).toBe('double');
    expect(lex(`kubectl get \\`).open).toBe('escape');
    expect(lex(`echo 'a\nb'`).tokens.map((t) => (t.kind === 'word' ? t.text : ''))).toEqual(['echo', 'a\nb']);
  });

  it('refuses expansions instead of expanding them to nothing', () => {
    expect(lex('kubectl get pod $POD').error).toBe(EXPANSION_UNSUPPORTED);
    expect(lex('kubectl get pod "$(whoami)"').error).toBe(EXPANSION_UNSUPPORTED);
    expect(lex('echo `date`').error).toBe(EXPANSION_UNSUPPORTED);
    // A lone $ and anything in single quotes stay literal.
    expect(words(`echo $ '$HOME' "cost: 5$"`)).toEqual(['echo', '$', '$HOME', 'cost: 5$']);
  });
});

describe('pipeline parsing', () => {
  const parse = (line: string) => parsePipeline(lex(line).tokens);

  it('splits stages and reads here-documents and redirections', () => {
    const r = parse('cat <<EOF | kubectl apply -f - 2>&1 >/dev/null');
    expect(r).toEqual({
      stages: [
        { words: ['cat'], heredoc: { delimiter: 'EOF', stripTabs: false }, stdout: 'keep', stderr: 'keep' },
        { words: ['kubectl', 'apply', '-f', '-'], stdout: 'null', stderr: 'stdout' },
      ],
    });
    expect(parse(`kubectl apply -f - <<< 'kind: x'`)).toMatchObject({ stages: [{ heredoc: { body: 'kind: x\n' } }] });
  });

  it('waits for more after a trailing pipe and rejects what a sandbox cannot do', () => {
    expect(parse('kubectl get pods |')).toEqual({ incomplete: true });
    expect(parse('| grep x')).toEqual({ error: "podsphere: syntax error near unexpected token `|'\n", code: 2 });
    expect(parse('kubectl get pods && kubectl get svc')).toEqual({
      error: 'podsphere: "&&" is not supported in this sandbox: run one command per line\n',
      code: 2,
    });
    expect(parse('kubectl get pods > pods.txt')).toMatchObject({ code: 1, error: expect.stringContaining('not supported in this sandbox') as string });
  });
});

function run(argv: string[], chunks: string[]): { out: string; code: number } {
  const f = makeFilter(argv) as Filter;
  const out = chunks.map((c) => f.push(c)).join('') + f.end();
  return { out, code: f.code() };
}

const TABLE = 'NAME    READY   STATUS\nweb-1   1/1     Running\nweb-2   0/1     Pending\ndb-0    1/1     Running\n';

describe('filters after a pipe (GNU behaviour)', () => {
  it('grep selects lines, across chunk boundaries, with -i -v -c -w -E -F -e', () => {
    expect(run(['grep', 'web'], [TABLE.slice(0, 20), TABLE.slice(20)])).toEqual({ out: 'web-1   1/1     Running\nweb-2   0/1     Pending\n', code: 0 });
    expect(run(['grep', '-i', 'RUNNING'], [TABLE]).out).toBe('web-1   1/1     Running\ndb-0    1/1     Running\n');
    expect(run(['grep', '-vc', 'Running'], [TABLE])).toEqual({ out: '2\n', code: 0 });
    expect(run(['grep', 'nothing'], [TABLE])).toEqual({ out: '', code: 1 });
    expect(run(['grep', '-E', 'web-(1|2)\\s+0'], [TABLE]).out).toBe('web-2   0/1     Pending\n');
    expect(run(['grep', 'web-\\(1\\|2\\)  *0'], [TABLE]).out).toBe('web-2   0/1     Pending\n');
    expect(run(['grep', '-F', '1/1'], [TABLE]).out).toBe('web-1   1/1     Running\ndb-0    1/1     Running\n');
    expect(run(['grep', '-w', 'web'], ['web-1\nwebby\n']).out).toBe('web-1\n');
    expect(run(['grep', '-e', 'db', '-e', 'NAME'], [TABLE]).out).toBe('NAME    READY   STATUS\ndb-0    1/1     Running\n');
    expect(run(['grep', '^[[:alpha:]]*-[[:digit:]]'], [TABLE]).out).toBe('web-1   1/1     Running\nweb-2   0/1     Pending\ndb-0    1/1     Running\n');
  });

  it('head, tail and wc', () => {
    expect(run(['head', '-n', '2'], [TABLE]).out).toBe('NAME    READY   STATUS\nweb-1   1/1     Running\n');
    expect(run(['head', '-1'], [TABLE]).out).toBe('NAME    READY   STATUS\n');
    expect(run(['tail', '-n', '1'], [TABLE]).out).toBe('db-0    1/1     Running\n');
    expect(run(['tail', '-n', '+3'], [TABLE]).out).toBe('web-2   0/1     Pending\ndb-0    1/1     Running\n');
    expect(run(['tail', '-2'], [TABLE]).out).toBe('web-2   0/1     Pending\ndb-0    1/1     Running\n');
    expect(run(['wc', '-l'], [TABLE]).out).toBe('4\n');
    expect(run(['wc'], ['a b\nc\n']).out).toBe('      2       3       6\n');
  });

  it('head is satisfied after its lines, so a follow can stop', () => {
    const head = makeFilter(['head', '-n', '1']) as Filter;
    expect(head.push('a\nb\n')).toBe('a\n');
    expect(head.satisfied()).toBe(true);
  });

  it('errors read like GNU tools, and other commands are refused clearly', () => {
    expect(makeFilter(['grep'])).toEqual({ error: "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", code: 2 });
    expect(makeFilter(['grep', '-Q', 'x'])).toEqual({
      error: "grep: invalid option -- 'Q'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
      code: 2,
    });
    expect(makeFilter(['head', '-n', 'x'])).toEqual({ error: 'head: invalid number of lines: ‘x’\n', code: 1 });
    expect(makeFilter(['awk', '{print $1}'])).toEqual({
      error: 'podsphere: pipes to "awk" are not supported in this sandbox (after | use grep, head, tail or wc -l)\n',
      code: 127,
    });
  });
});
