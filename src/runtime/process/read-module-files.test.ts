import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readModuleFiles } from './read-module-files.js';

describe('readModuleFiles', () => {
  const folders: string[] = [];
  afterEach(() => folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  it('follows static, side-effect and dynamic relative imports, not packages, and survives cycles and missing files', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'rtlab-modules-'));
    folders.push(root);
    mkdirSync(path.join(root, 'services', 'registry'), { recursive: true });
    mkdirSync(path.join(root, 'mongo'));
    const write = (file: string, text: string) => writeFileSync(path.join(root, file), text);
    write(
      'services/registry/a.js',
      "import { b } from '../b.js';\nimport '../../mongo/c.js';\nimport express from 'express';\n",
    );
    write('services/b.js', "export const b = () => import('../mongo/d.js');\nexport { a } from './registry/a.js';\n");
    write('mongo/c.js', "import {x} from './gone.js';\n");
    write('mongo/d.js', '');
    write('mongo/unrelated.js', "import '../services/b.js';\n");

    expect(
      [...readModuleFiles(path.join(root, 'services/registry/a.js'))].map((file) => path.relative(root, file)).sort(),
    ).toEqual(['mongo/c.js', 'mongo/d.js', 'mongo/gone.js', 'services/b.js', 'services/registry/a.js']);
  });
});
