import type { InvalidSettingsError } from '../config/config-problem.js';
import { portSettings, type LabConfig, type LabPorts } from '../config/lab-config.js';
import { loadConfig, type LoadConfigOptions } from '../config/load-config.js';
import { settingsSchema } from '../config/settings-schema.js';

/** The settings each field of LabConfig is made from (see toLabConfig in src/config). */
const fieldSettings: Readonly<Record<Exclude<keyof LabConfig, 'ports'>, readonly string[]>> = {
  cwd: [],
  home: ['RTLAB_HOME'],
  host: ['RTLAB_HOST', 'HOST'],
  hostSetting: ['RTLAB_HOST', 'HOST'],
  receiverUrl: ['RECEIVER_URL', 'RECEIVER_PORT'],
  receiverUrls: ['RECEIVER_URLS', 'RECEIVER_URL', 'RECEIVER_PORT'],
  wsServerUrl: ['WS_SERVER_URL', 'WS_PORT'],
  grpcTarget: ['GRPC_TARGET', 'GRPC_PORT'],
  grpcBridgeUrl: ['GRPC_BRIDGE_URL', 'GRPC_BRIDGE_PORT', 'RTLAB_HOST', 'HOST'],
  mongoUrl: ['MONGO_URL'],
  mongo: ['MONGO_URL', 'MONGO_PORT'],
  mongoDb: ['MONGO_DB'],
  mongoChangeHistory: ['MONGO_CHANGE_HISTORY'],
  webhookSecret: ['WEBHOOK_SECRET'],
  previousWebhookSecrets: ['WEBHOOK_SECRETS_PREVIOUS'],
  jwtSecret: ['JWT_SECRET'],
  wsToken: ['WS_TOKEN'],
  apiToken: ['RTLAB_API_TOKEN'],
  internalToken: ['WS_INTERNAL_TOKEN', 'WS_TOKEN', 'JWT_SECRET'],
  logLevel: ['LOG_LEVEL'],
  containerImages: ['RTLAB_MONGO_IMAGE', 'RTLAB_NODE_IMAGE'],
};

/** The settings the given fields are made from (`wsToken` → WS_TOKEN; `ports` → every port setting). */
export function settingsOfFields(fields: ReadonlyArray<keyof LabConfig>): ReadonlySet<string> {
  return new Set(fields.flatMap((field) => (field === 'ports' ? Object.keys(portSettings) : fieldSettings[field])));
}

/** Stands in for a broken secret that has no default; never read, the guard throws first. */
const unusedSecret = 'rtlab-placeholder-for-a-broken-setting';

/**
 * The configuration for a command that needs only some settings (`rtlab tail logs` needs
 * RTLAB_HOME): the invalid settings are named, the others load as usual, and reading a field
 * made from an invalid one throws the original error, every problem listed. Undefined when no
 * valid configuration can stand in, so the caller reports the error as before.
 */
export function toConfigAsRead(
  error: InvalidSettingsError,
  options: LoadConfigOptions,
): { config: LabConfig; broken: ReadonlySet<string> } | undefined {
  const broken = new Set(error.settingProblems.flatMap((problem) => problem.settings));
  let stand: LabConfig;
  try {
    stand = loadConfig({
      ...options,
      flags: { ...options.flags, ...Object.fromEntries([...broken].map((key) => [key, standInFor(key)])) },
    });
  } catch {
    return undefined;
  }
  return { config: guard(stand, broken, error), broken };
}

/** A valid value in place of a broken one: a port no other can clash with, the default, or a placeholder. */
function standInFor(key: string): string {
  if (key in portSettings) return '0';
  const schema = settingsSchema.shape[key as keyof typeof settingsSchema.shape];
  return schema.safeParse(undefined).success ? '' : unusedSecret;
}

/** The setting a port field is made from (`receiver` → `RECEIVER_PORT`). */
function portSettingOf(field: keyof LabPorts): string | undefined {
  return Object.entries(portSettings).find(([, port]) => port === field)?.[0];
}

function guard(config: LabConfig, broken: ReadonlySet<string>, error: InvalidSettingsError): LabConfig {
  const ports = new Proxy(config.ports, {
    get: (target, field, receiver) => {
      const setting = typeof field === 'string' ? portSettingOf(field as keyof LabPorts) : undefined;
      if (setting !== undefined && broken.has(setting)) throw error;
      return Reflect.get(target, field, receiver);
    },
  });
  return new Proxy(config, {
    get: (target, field, receiver) => {
      if (field === 'ports') return ports;
      const settings = typeof field === 'string' ? fieldSettings[field as keyof typeof fieldSettings] : undefined;
      if (settings?.some((key) => broken.has(key)) === true) throw error;
      return Reflect.get(target, field, receiver);
    },
  });
}
