import { createHash } from 'node:crypto';
import path from 'node:path';
import { InvalidSettingsError, type ConfigProblem } from './config-problem.js';
import type { RawSettings } from './config-sources.js';
import { isLoopbackHost } from './is-loopback-host.js';
import { portSettings, type HostSetting, type LabConfig, type LabPorts } from './lab-config.js';
import { toMongoPlan } from './mongo-plan.js';
import { toLoopbackUrl, toServiceUrl, toWebhookDeliveryUrl } from './service-addresses.js';
import { isListenAddress, secretKeys, settingKeys, settingsSchema, type Settings } from './settings-schema.js';

export interface ParseConfigOptions {
  /** `--mongo lite|memory|<url>` of the command being run; it wins over MONGO_URL. */
  readonly mongo?: string | undefined;
}

/**
 * Validates raw settings into a LabConfig. Every problem is collected before failing, so a
 * user fixes their `.env` in one pass instead of one error per run.
 */
export function parseConfig(raw: RawSettings, cwd: string, options: ParseConfigOptions = {}): LabConfig {
  const input: Record<string, string> = {};
  for (const key of settingKeys) {
    const value = raw[key]?.value;
    if (value === undefined || value.trim() === '') continue;
    // A number is taken exactly as written: " 3001" is refused, as a flag would be, not read as 3001.
    input[key] = key in portSettings ? value : value.trim();
  }

  const result = settingsSchema.safeParse(input);
  const problems: ConfigProblem[] = [];
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? '');
      problems.push({
        settings: [key],
        message: `${key}: ${describeFound(key, raw)}; ${issue.message}`,
        missing: input[key] === undefined,
      });
    }
  }
  problems.push(...findSharedPorts(input, raw));
  problems.push(...findMissingApiToken(input, raw));
  if (problems.length > 0 || !result.success) {
    throw new InvalidSettingsError(
      problems,
      'Fix these in .env (see .env.example for every key) or in the environment, then run the command again.',
    );
  }
  return toLabConfig(result.data, raw, cwd, options);
}

/** What was found and where, without ever printing a secret. */
function describeFound(key: string, raw: RawSettings): string {
  const setting = raw[key];
  if (setting === undefined) return 'missing';
  const where = setting.source === 'flag' ? 'a flag' : setting.source === '.env' ? '.env' : 'the environment';
  if (setting.value.trim() === '') return `empty in ${where}`;
  const shown = secretKeys.has(key)
    ? `a value of ${setting.value.trim().length} characters`
    : JSON.stringify(setting.value);
  return `found ${shown} in ${where}`;
}

/**
 * Two services cannot listen on one port; 0 (any free port) never clashes. Checked on each
 * valid port even when other settings are broken, so that every problem shows at once. A port
 * given by a flag (`rtlab serve --port`) is for one service in one run: whether it is free is
 * checked when that service starts, not against the other services' settings.
 */
function findSharedPorts(input: Readonly<Record<string, string>>, raw: RawSettings): ConfigProblem[] {
  const byPort = new Map<number, string[]>();
  for (const key of Object.keys(portSettings) as Array<keyof typeof portSettings>) {
    if (raw[key]?.source === 'flag') continue;
    const parsed = settingsSchema.shape[key].safeParse(input[key]);
    const port = parsed.success ? parsed.data : 0;
    if (port === 0) continue;
    byPort.set(port, [...(byPort.get(port) ?? []), key]);
  }
  return [...byPort.entries()]
    .filter(([, keys]) => keys.length > 1)
    .map(([port, keys]) => ({
      settings: keys,
      message: `${keys.join(' and ')} are both ${port}; each service needs its own port`,
      missing: false,
    }));
}

/** An open host without a token would leave /send and /config.json to anyone on the network. */
function findMissingApiToken(input: Readonly<Record<string, string>>, raw: RawSettings): ConfigProblem[] {
  const valid = (key: 'RTLAB_HOST' | 'HOST') =>
    settingsSchema.shape[key].safeParse(input[key]).success ? input[key] : undefined;
  if (input['RTLAB_HOST'] !== undefined && valid('RTLAB_HOST') === undefined) return [];
  const { host, setting } = toListenHost({ RTLAB_HOST: valid('RTLAB_HOST'), HOST: valid('HOST') }, raw);
  if (isLoopbackHost(host) || input['RTLAB_API_TOKEN'] !== undefined) return [];
  return [
    {
      settings: [setting, 'RTLAB_API_TOKEN'],
      message: `RTLAB_API_TOKEN: missing; required when ${setting} (${host}) opens the lab to the network, so that only holders of the token can send webhooks, read /config.json or call the bridge's /orders`,
      missing: false,
    },
  ];
}

const layerRank = { '.env': 0, environment: 1, flag: 2 } as const;

/**
 * RTLAB_HOST, or HOST when it holds an address (not tcsh's machine name) and comes from a later
 * layer (HOST=0.0.0.0 in the environment beats RTLAB_HOST=127.0.0.1 in `.env`); loopback by default.
 */
function toListenHost(
  s: { RTLAB_HOST?: string | undefined; HOST?: string | undefined },
  raw: RawSettings,
): { host: string; setting: HostSetting } {
  const hostRank = raw['HOST'] === undefined ? -1 : layerRank[raw['HOST'].source];
  const primaryRank = raw['RTLAB_HOST'] === undefined ? -1 : layerRank[raw['RTLAB_HOST'].source];
  const fallback = s.HOST !== undefined && isListenAddress(s.HOST) ? s.HOST : undefined;
  if (s.RTLAB_HOST !== undefined && (fallback === undefined || primaryRank >= hostRank))
    return { host: s.RTLAB_HOST, setting: 'RTLAB_HOST' };
  if (fallback !== undefined) return { host: fallback, setting: 'HOST' };
  return { host: '127.0.0.1', setting: 'RTLAB_HOST' };
}

function toLabConfig(s: Settings, raw: RawSettings, cwd: string, options: ParseConfigOptions): LabConfig {
  const ports: LabPorts = {
    receiver: s.RECEIVER_PORT,
    sender: s.SENDER_PORT,
    grpc: s.GRPC_PORT,
    grpcBridge: s.GRPC_BRIDGE_PORT,
    ws: s.WS_PORT,
    web: s.WEB_PORT,
    mongo: s.MONGO_PORT,
  };
  const home = path.resolve(cwd, s.RTLAB_HOME);
  const { host, setting: hostSetting } = toListenHost(s, raw);
  const receiverUrl = s.RECEIVER_URL ?? toWebhookDeliveryUrl(toLoopbackUrl(ports.receiver));
  return {
    cwd,
    home,
    host,
    hostSetting,
    ports,
    receiverUrl,
    receiverUrls: s.RECEIVER_URLS?.split(',').map((url) => url.trim()) ?? [receiverUrl],
    wsServerUrl: s.WS_SERVER_URL ?? toLoopbackUrl(ports.ws),
    grpcTarget: s.GRPC_TARGET ?? `127.0.0.1:${ports.grpc}`,
    grpcBridgeUrl: s.GRPC_BRIDGE_URL ?? toServiceUrl(host, ports.grpcBridge),
    mongoUrl: s.MONGO_URL,
    mongo: toMongoPlan(options.mongo, { mongoUrl: s.MONGO_URL, mongoPort: ports.mongo, home }),
    mongoDb: s.MONGO_DB,
    mongoChangeHistory: s.MONGO_CHANGE_HISTORY,
    webhookSecret: s.WEBHOOK_SECRET,
    previousWebhookSecrets: (s.WEBHOOK_SECRETS_PREVIOUS ?? '')
      .split(',')
      .map((secret) => secret.trim())
      .filter(Boolean),
    jwtSecret: s.JWT_SECRET,
    wsToken: s.WS_TOKEN,
    apiToken: s.RTLAB_API_TOKEN,
    // Derived when unset: unguessable from WS_TOKEN alone, and the same in every process of the lab.
    internalToken:
      s.WS_INTERNAL_TOKEN ??
      createHash('sha256').update(`rtlab-internal\0${s.WS_TOKEN}\0${s.JWT_SECRET}`).digest('base64url'),
    logLevel: s.LOG_LEVEL,
    containerImages: { mongo: s.RTLAB_MONGO_IMAGE, node: s.RTLAB_NODE_IMAGE },
  };
}
