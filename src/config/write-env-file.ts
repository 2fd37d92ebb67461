import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../package-root.js';

export interface WriteEnvFileResult {
  readonly created: boolean;
  readonly path: string;
}

/**
 * A fresh clone needs no hand-made `.env`: when none exists, write one from `.env.example`
 * with random development secrets, so that no two labs share a secret by accident.
 */
export function writeEnvFileIfMissing(cwd: string): WriteEnvFileResult {
  const envPath = path.join(cwd, '.env');
  const example = readFileSync(path.join(packageRoot, '.env.example'), 'utf8');
  const secrets: Record<string, string> = {
    WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    WS_TOKEN: randomBytes(18).toString('base64url'),
    RTLAB_API_TOKEN: randomBytes(24).toString('base64url'),
  };
  const content = example.replace(
    /^(WEBHOOK_SECRET|JWT_SECRET|WS_TOKEN|RTLAB_API_TOKEN)=.*$/gm,
    (_line, key: string) => `${key}=${secrets[key]}`,
  );
  try {
    // 'wx' fails if the file appeared meanwhile: a user's own .env is never overwritten.
    writeFileSync(envPath, content, { flag: 'wx', mode: 0o600 });
    return { created: true, path: envPath };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { created: false, path: envPath };
    throw error;
  }
}
