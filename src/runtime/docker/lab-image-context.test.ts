import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fingerprintLabImage } from './lab-image-context.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A checkout with the files the image is built from. */
function checkout(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'rtlab-context-'));
  roots.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

const base = { name: 'localhost/rtlab-node:local', id: 'sha256:aaa' };
const sources = {
  'package.json': '{}',
  'docker/Dockerfile': 'FROM x',
  'src/cli/main.ts': 'export {};',
  'src/services/a.ts': 'export const a = 1;',
};

describe('fingerprintLabImage', () => {
  it('is the same for the same sources and base, in another folder', () => {
    expect(fingerprintLabImage(checkout(sources), base)).toBe(fingerprintLabImage(checkout(sources), base));
  });

  it('changes with a source file, a new file, the Dockerfile, or the base image', () => {
    const before = fingerprintLabImage(checkout(sources), base);
    const changed = [
      fingerprintLabImage(checkout({ ...sources, 'src/services/a.ts': 'export const a = 2;' }), base),
      fingerprintLabImage(checkout({ ...sources, 'src/services/b.ts': '' }), base),
      fingerprintLabImage(checkout({ ...sources, 'docker/Dockerfile': 'FROM y' }), base),
      fingerprintLabImage(checkout(sources), { ...base, id: 'sha256:bbb' }),
      fingerprintLabImage(checkout(sources), { ...base, name: 'node:20-bookworm-slim' }),
    ];
    for (const fingerprint of changed) expect(fingerprint).not.toBe(before);
    expect(new Set(changed).size).toBe(changed.length);
  });

  it('does not read files outside the build context (dist, node_modules, tests)', () => {
    const before = fingerprintLabImage(checkout(sources), base);
    const withOthers = checkout({
      ...sources,
      'dist/cli/main.js': 'x',
      'node_modules/a/index.js': 'y',
      'test/a.test.ts': 'z',
    });
    expect(fingerprintLabImage(withOthers, base)).toBe(before);
  });
});
