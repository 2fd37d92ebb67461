import { isIP } from 'node:net';
import { z } from 'zod';
import { logLevels } from './lab-config.js';

/**
 * The rule for each setting, written as the sentence a user reads when it is broken.
 * Values arrive as strings (from `.env`, the environment or flags); empty means unset.
 */
const portRule = 'must be a whole number from 0 to 65535 (0 picks a free port)';
const port = (fallback: number) =>
  z
    .string()
    .regex(/^\d{1,5}$/, { error: portRule })
    .transform(Number)
    .refine((n) => n <= 65535, { error: portRule })
    .default(fallback);

const httpUrl = (rule: string) =>
  z
    .string()
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), { error: rule })
    .optional();

const whsecPrefix = 'whsec_';
const webhookSecretRule = 'must be at least 10 characters, or whsec_ followed by a base64 key of at least 10 bytes';

/** A plain secret is used as UTF-8 bytes; a `whsec_` secret is base64 (Standard Webhooks). */
export function isValidWebhookSecret(secret: string): boolean {
  if (!secret.startsWith(whsecPrefix)) return secret.length >= 10;
  const encoded = secret.slice(whsecPrefix.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 === 1) return false;
  return Buffer.from(encoded, 'base64').length >= 10;
}

const listenAddressRule =
  'must be an IP address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 or :: (every interface)';

/** What a service can listen on: an IP address, or `localhost`. */
export function isListenAddress(value: string): boolean {
  return isIP(value) !== 0 || value === 'localhost';
}

/** A machine's name, as tcsh exports it in HOST (`laptop`, `build-01.example.org`). */
export function isHostName(value: string): boolean {
  return /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(value);
}

export const settingsSchema = z.object({
  RTLAB_HOST: z.string().refine(isListenAddress, { error: listenAddressRule }).optional(),
  // The fallback: read only when it is an address. tcsh exports HOST as the machine's name, which is
  // not a setting of ours; anything else is a typo worth reporting.
  HOST: z
    .string()
    .refine((value) => isListenAddress(value) || isHostName(value), { error: listenAddressRule })
    .optional(),
  RECEIVER_PORT: port(3001),
  SENDER_PORT: port(3002),
  GRPC_PORT: port(50051),
  GRPC_BRIDGE_PORT: port(50052),
  WS_PORT: port(3003),
  WEB_PORT: port(5173),
  MONGO_PORT: port(27017),
  MONGO_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/\S+$/, {
      error: 'must be a MongoDB connection string (mongodb://… or mongodb+srv://…)',
    })
    .optional(),
  MONGO_DB: z
    .string()
    .regex(/^[^/\\. "$*<>:|?]{1,63}$/, {
      error: 'must be a MongoDB database name: 1 to 63 characters, none of / \\ . " $ * < > : | ? or space',
    })
    .default('realtime_labs'),
  // How many change events the embedded engine keeps for change streams to resume from.
  MONGO_CHANGE_HISTORY: z
    .string()
    .regex(/^[1-9]\d{0,7}$/, { error: 'must be a whole number of change events from 1 to 99999999' })
    .transform(Number)
    .default(10_000),
  RECEIVER_URL: httpUrl('must be an http:// or https:// URL, such as http://127.0.0.1:3001/webhooks'),
  RECEIVER_URLS: z
    .string()
    .refine(
      (value) =>
        value
          .split(',')
          .map((url) => url.trim())
          .every((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol)),
      {
        error:
          'must be a comma-separated list of http:// or https:// URLs, such as http://127.0.0.1:3001/webhooks,http://127.0.0.1:3011/webhooks',
      },
    )
    .optional(),
  WS_SERVER_URL: httpUrl('must be an http:// or https:// URL, such as http://127.0.0.1:3003'),
  GRPC_BRIDGE_URL: httpUrl('must be an http:// or https:// URL, such as http://127.0.0.1:50052'),
  GRPC_TARGET: z
    .string()
    .regex(/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/, { error: 'must be host:port, such as 127.0.0.1:50051' })
    .optional(),
  WEBHOOK_SECRET: z.string({ error: webhookSecretRule }).refine(isValidWebhookSecret, {
    error: webhookSecretRule,
  }),
  JWT_SECRET: z
    .string({ error: 'must be at least 16 characters' })
    .min(16, { error: 'must be at least 16 characters' }),
  WS_TOKEN: z.string({ error: 'must be at least 8 characters' }).min(8, { error: 'must be at least 8 characters' }),
  RTLAB_API_TOKEN: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  WS_INTERNAL_TOKEN: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  WEBHOOK_SECRETS_PREVIOUS: z
    .string()
    .refine(
      (value) =>
        value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .every(isValidWebhookSecret),
      { error: `must be a comma-separated list of secrets that each ${webhookSecretRule}` },
    )
    .optional(),
  // The docker runtime's images: MongoDB's (`rtlab` runs rtlab's own engine in the lab's image), and
  // the Node base the lab's image is built from (docker/Dockerfile's NODE_IMAGE).
  RTLAB_MONGO_IMAGE: z
    .string()
    .regex(/^[\w][\w.\-/:@]*$/, { error: 'must be an image reference such as mongo:7, or rtlab' })
    .default('mongo:7'),
  RTLAB_NODE_IMAGE: z
    .string()
    .regex(/^[\w][\w.\-/:@]*$/, { error: 'must be an image reference such as node:20-bookworm-slim' })
    .default('node:20-bookworm-slim'),
  LOG_LEVEL: z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).default('info'),
  RTLAB_HOME: z.string().default('.rtlab'),
});

export type Settings = z.output<typeof settingsSchema>;
export const settingKeys = Object.keys(settingsSchema.shape) as Array<keyof Settings>;

/** Settings whose value must never be printed back. */
export const secretKeys: ReadonlySet<string> = new Set([
  'WEBHOOK_SECRET',
  'WEBHOOK_SECRETS_PREVIOUS',
  'JWT_SECRET',
  'WS_TOKEN',
  'WS_INTERNAL_TOKEN',
  'RTLAB_API_TOKEN',
]);
