import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { loadConfig } from '../config/load-config.js';
import type { LabConfig } from '../config/lab-config.js';
import { RtlabError } from '../errors.js';
import { connectMongo } from '../mongo/connect-mongo.js';
import { redactMongoUrl } from '../mongo/ping-mongo.js';
import { readPackageManifest } from '../package-root.js';
import { findEngineEndpoint, readEngineVersion } from './read-engine-version.js';
import { checkHost } from './check-host.js';
import { checkPorts } from './check-ports.js';
import type { DoctorCheck, DoctorReport } from './doctor-check.js';
import { findExecutable } from './find-executable.js';
import { satisfiesNodeRange } from './satisfies-node-range.js';

export interface RunDoctorOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly nodeVersion: string;
}

/** Every check `rtlab doctor` makes, in the order a user fixes things. */
export async function runDoctor(options: RunDoctorOptions): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [checkNode(options.nodeVersion)];
  const { check: envCheck, config } = checkConfig(options);
  checks.push(envCheck);
  if (config === undefined) {
    checks.push({
      id: 'ports',
      title: 'Lab ports',
      status: 'skip',
      required: true,
      detail: 'not checked: the configuration is invalid',
    });
  } else {
    checks.push(checkHost(config), ...(await checkPorts(config)));
  }
  checks.push(await checkMongo(config), await checkEngine(options.env), await checkChromium(options.env));
  return { ok: checks.every((check) => !check.required || check.status !== 'fail'), checks };
}

function checkNode(version: string): DoctorCheck {
  const range = readPackageManifest().engines.node;
  const ok = satisfiesNodeRange(version, range);
  return {
    id: 'node',
    title: 'Node.js',
    status: ok ? 'ok' : 'fail',
    required: true,
    detail: `${version} ${ok ? 'satisfies' : 'does not satisfy'} ${range}`,
    ...(ok ? {} : { hint: 'Install Node.js 20.19 or newer (an LTS release), then run npm install again.' }),
  };
}

function checkConfig(options: RunDoctorOptions): { check: DoctorCheck; config: LabConfig | undefined } {
  try {
    const config = loadConfig({ cwd: options.cwd, env: options.env });
    return {
      config,
      check: { id: 'config', title: 'Configuration (.env)', status: 'ok', required: true, detail: 'valid' },
    };
  } catch (error) {
    if (!(error instanceof RtlabError)) throw error;
    const check: DoctorCheck = {
      id: 'config',
      title: 'Configuration (.env)',
      status: 'fail',
      required: true,
      detail: error.message,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    };
    return { config: undefined, check };
  }
}

async function checkMongo(config: LabConfig | undefined): Promise<DoctorCheck> {
  const base = { id: 'mongo', title: 'MongoDB', required: true } as const;
  if (config?.mongo.kind !== 'url') {
    return { ...base, status: 'skip', detail: "MONGO_URL is not set: the lab uses rtlab's embedded engine" };
  }
  const { url } = config.mongo;
  try {
    // The same connection and ping the services use, with a short timeout.
    const connection = await connectMongo({ url, dbName: config.mongoDb, serverSelectionTimeoutMs: 2000 });
    await connection.close();
    return { ...base, status: 'ok', detail: `${redactMongoUrl(url)} answers ping` };
  } catch (error) {
    return {
      ...base,
      status: 'fail',
      detail: (error as Error).message,
      hint: 'Start that MongoDB, fix MONGO_URL in .env, or leave MONGO_URL empty to use the embedded engine.',
    };
  }
}

async function checkEngine(env: RunDoctorOptions['env']): Promise<DoctorCheck> {
  const base = { id: 'container-engine', title: 'Container engine (Docker API)', required: false } as const;
  const hint =
    'Only the container runtime needs one (the lab runs without it): start Docker, or Podman with `podman system service`, and set DOCKER_HOST.';
  const endpoint = findEngineEndpoint(env['DOCKER_HOST'], env['XDG_RUNTIME_DIR']);
  if (endpoint === undefined)
    return { ...base, status: 'fail', detail: 'no DOCKER_HOST and no Docker or Podman socket found', hint };
  try {
    const version = await readEngineVersion(endpoint);
    return {
      ...base,
      status: 'ok',
      detail: `${version.name} ${version.version} (API ${version.apiVersion}) at ${endpoint.label}`,
    };
  } catch (error) {
    return { ...base, status: 'fail', detail: `${endpoint.label} does not answer: ${(error as Error).message}`, hint };
  }
}

async function checkChromium(env: RunDoctorOptions['env']): Promise<DoctorCheck> {
  const base = { id: 'chromium', title: 'Chromium (browser tests)', required: false } as const;
  const binary = findExecutable(['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'], env['PATH']);
  if (binary === undefined) {
    return {
      ...base,
      status: 'fail',
      detail: 'not found on PATH',
      hint: 'Only the browser tests need it: apt-get install chromium (Debian).',
    };
  }
  try {
    const { stdout } = await promisify(execFile)(binary, ['--version'], { timeout: 10_000 });
    return { ...base, status: 'ok', detail: `${stdout.trim()} at ${binary}` };
  } catch (error) {
    return {
      ...base,
      status: 'fail',
      detail: `${binary} --version failed: ${(error as Error).message}`,
      hint: 'Reinstall Chromium.',
    };
  }
}
