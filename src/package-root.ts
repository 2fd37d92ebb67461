import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding package.json, `.env.example`, `labs/` and `proto/`. This file sits one
 * level under it both as source (src/) and as build output (dist/).
 */
export const packageRoot = fileURLToPath(new URL('..', import.meta.url));

export interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly engines: { readonly node: string };
}

export function readPackageManifest(): PackageManifest {
  return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as PackageManifest;
}
