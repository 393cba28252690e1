/**
 * The repository explains itself: a comment or a doc cites only what someone who clones the
 * repository can open (a file in it, a public URL, an RFC). Google facts the code relies on live in
 * docs/google/ with their public sources. This test reads every tracked file under `src/`, `docs/`,
 * `bench/`, `test/` and `README.md`, and names file:line for
 * - a citation of a planning document that was never part of the repository (`FORBIDDEN` below);
 * - a repository path of the form `docs/<path>.md` or `src/<path>.md` that does not exist;
 * - a relative Markdown link that leads nowhere.
 * It excludes no file. The patterns are written so that they do not match their own source text.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCANNED = ['src', 'docs', 'bench', 'test', 'README.md'];

/** Citations of documents outside the repository, each with what it points at. */
const FORBIDDEN: ReadonlyArray<{ pattern: RegExp; what: string }> = [
  { pattern: /\bcontracts?(?:\.md)?\s*§/i, what: 'a section of the contracts document' },
  { pattern: /\bissues?\s+#?\d+\b/i, what: 'a numbered issue of the project planning' },
  { pattern: /\b(?:DESIGN|STYLE)\.md\b/, what: 'a design or style document' },
  { pattern: /\b(?:pgs-(?:api|beyond-achievements)|field-(?:notes))\.md\b/, what: 'a private Google reference note' },
  { pattern: /\bshared\/(?:reference|contracts)\b/, what: 'a shared planning folder' },
  { pattern: /\breference\s+§\s*\d/i, what: 'a section of a private Google reference note' },
];

/** A repository path (`docs/….md`, `src/….ts`, `bench/….mjs`…), not inside a URL or a longer path. */
const REPO_MD_PATH = /(?<![\w./-])((?:docs|src|bench|test|scripts|examples)\/[\w./-]*\.(?:md|ts|mjs|json))\b/g;
/** `](target)` in Markdown. */
const MARKDOWN_LINK = /\]\(([^)\s]+)\)/g;

/** What is wrong with one line of `file` (a path relative to the repository root). */
function problemsOfLine(file: string, line: string, exists: (path: string) => boolean): string[] {
  const problems: string[] = [];
  for (const { pattern, what } of FORBIDDEN) {
    const match = pattern.exec(line);
    if (match) problems.push(`cites ${what} ("${match[0]}"), which is not in the repository`);
  }
  for (const [, path] of line.matchAll(REPO_MD_PATH)) {
    if (!exists(path!)) problems.push(`cites ${path}, which does not exist`);
  }
  if (file.endsWith('.md')) {
    for (const [, target] of line.matchAll(MARKDOWN_LINK)) {
      if (/^(?:[a-z][a-z0-9+.-]*:|#)/i.test(target!)) continue; // a URL, mailto: or an anchor
      const path = normalize(join(dirname(file), target!.split('#')[0]!));
      if (!exists(path)) problems.push(`links to ${target}, which does not exist`);
    }
  }
  return problems;
}

function trackedFiles(): string[] {
  const listing = execFileSync('git', ['ls-files', '-z', '--', ...SCANNED], { cwd: ROOT, encoding: 'utf8' });
  // A file deleted in the working tree but not yet in the index is not there to read.
  return listing.split('\0').filter((file) => file !== '' && existsSync(join(ROOT, file)));
}

/** The file a sample line stands in (spelt so that this file does not cite it). */
const SOME_FILE = 'src' + '/x.ts';

const existsInRepo = (path: string) => existsSync(join(ROOT, path));

describe('citations in the repository', () => {
  it('finds the files it scans', () => {
    const files = trackedFiles();
    expect(files).toContain('README.md');
    expect(files).toContain('docs/google/README.md');
    expect(files).toContain('src/emulator/README.md');
  });

  it('cite only what a clone holds: no outside documents, no missing paths', () => {
    const problems: string[] = [];
    for (const file of trackedFiles()) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      if (text.includes('\0')) continue; // binary
      text.split('\n').forEach((line, index) => {
        for (const problem of problemsOfLine(file, line, existsInRepo)) problems.push(`${file}:${index + 1}: ${problem}`);
      });
    }
    expect(problems, `\n${problems.join('\n')}\n`).toEqual([]);
  });
});

describe('problemsOfLine', () => {
  // The samples are written with a `~` that is removed before checking, so that this file does
  // not cite what it tests.
  const sample = (text: string) => text.replaceAll('~', '');
  const none = () => false;
  const all = () => true;

  it.each([
    ['see contracts ~§3', 'contracts document'],
    ['(Contracts~§4)', 'contracts document'],
    ['the outbox (issue~ 4)', 'numbered issue'],
    ['Issue~ 3 §6', 'numbered issue'],
    ['DESIGN~.md, "Logs"', 'design or style document'],
    ['STYLE~.md practice 1', 'design or style document'],
    ['pgs-api~.md §1.4', 'private Google reference note'],
    ['pgs-~beyond-achievements~.md §1', 'private Google reference note'],
    ['field-~notes~.md', 'private Google reference note'],
    ['shared~/contracts.md', 'shared planning folder'],
    ['(reference ~§4.1)', 'section of a private Google reference note'],
  ])('flags %j', (line, what) => {
    const problems = problemsOfLine(SOME_FILE, sample(line), all);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(what);
  });

  it.each([
    'https://github.com/playgameservices/play-games-plugin-for-unity/issues/1238',
    'play-games-plugin-for-unity#984',
    'RFC 6749 §5.2, RFC 9110 §10.2.3',
    'OpenID Connect Core §3.1.3.6',
    'const issue = error.validation?.[0];',
    'docs/google/errors.md, \'Reasons\'',
    'https://github.com/fastify/fastify/blob/main/docs/Guides/Testing.md',
  ])('leaves %j alone when its repository paths exist', (line) => {
    expect(problemsOfLine(SOME_FILE, line, (path) => path === 'docs/google/errors.md')).toEqual([]);
  });

  it('names a repository path that does not exist', () => {
    const missing = sample('docs/google/nowhere~.md');
    expect(problemsOfLine(SOME_FILE, `see ${missing}`, none)).toEqual([`cites ${missing}, which does not exist`]);
    expect(problemsOfLine(SOME_FILE, 'see (src/emulator/README.md)', (path) => path === 'src/emulator/README.md')).toEqual([]);
    const moved = sample('src/backend/routes/auth~.ts');
    expect(problemsOfLine(SOME_FILE, `see \`${moved}\``, none)).toEqual([`cites ${moved}, which does not exist`]);
  });

  it('resolves relative Markdown links from the file that holds them', () => {
    const exists = (path: string) => path === 'docs/google/errors.md';
    expect(problemsOfLine('docs/google/README.md', '[errors](errors.md#reasons)', exists)).toEqual([]);
    expect(problemsOfLine('docs/google/README.md', '[API](../API.md)', exists)).toEqual(['links to ../API.md, which does not exist']);
    expect(problemsOfLine('docs/google/README.md', '[site](https://example.com/x.md) [top](#top)', exists)).toEqual([]);
  });
});
