import { portSettings, toConfiguredPort, type LabConfig, type PortSetting } from '../../config/lab-config.js';
import { toLoopbackUrl, toWebhookDeliveryUrl } from '../../config/service-addresses.js';
import { UsageError } from '../../errors.js';

/** Inside a container rtlab's state (the engine's data, its own logs) is the volume's. */
export const containerHome = '/data';

/**
 * The environment of every container of a lab, as the seed's compose gives it: each service
 * listens on every interface of its container, on its configured port, and reaches the others
 * by their names on the lab's network (`mongo`, `webhooks-receiver`, `ws-server`, `grpc-server`).
 * Listening off loopback, /send and /config.json ask for RTLAB_API_TOKEN, so the lab needs one.
 */
export function toLabContainerEnv(config: LabConfig): string[] {
  if (config.apiToken === undefined)
    throw new UsageError(
      "The docker runtime runs each service on its container's network, where /send and /config.json need RTLAB_API_TOKEN, and none is set.",
      { hint: 'Set RTLAB_API_TOKEN (at least 16 characters) in .env; a .env that rtlab writes has one.' },
    );
  const port = (setting: PortSetting) => config.ports[portSettings[setting]];
  const env: Record<string, string> = {
    RTLAB_HOST: '0.0.0.0',
    RTLAB_HOME: containerHome,
    NO_COLOR: '1',
    ...Object.fromEntries(Object.keys(portSettings).map((setting) => [setting, String(port(setting as PortSetting))])),
    MONGO_URL: toContainerMongoUrl(port('MONGO_PORT')),
    MONGO_DB: config.mongoDb,
    RECEIVER_URL: toWebhookDeliveryUrl(`http://webhooks-receiver:${port('RECEIVER_PORT')}`),
    WS_SERVER_URL: `http://ws-server:${port('WS_PORT')}`,
    GRPC_TARGET: `grpc-server:${port('GRPC_PORT')}`,
    GRPC_BRIDGE_URL: `http://grpc-bridge:${port('GRPC_BRIDGE_PORT')}`,
    WEBHOOK_SECRET: config.webhookSecret,
    WEBHOOK_SECRETS_PREVIOUS: config.previousWebhookSecrets.join(','),
    JWT_SECRET: config.jwtSecret,
    WS_TOKEN: config.wsToken,
    WS_INTERNAL_TOKEN: config.internalToken,
    RTLAB_API_TOKEN: config.apiToken,
    LOG_LEVEL: config.logLevel,
  };
  return Object.entries(env).map(([key, value]) => `${key}=${value}`);
}

/**
 * One service's environment: the lab's, except where a browser on this machine is the client.
 * The dashboard's page (ws-client) runs there and reaches the ws-server at its port published
 * on loopback, not by its name on the lab's network; the dashboard's server, in its container,
 * still reaches the bridge by name (GRPC_BRIDGE_URL).
 */
export function toServiceContainerEnv(config: LabConfig, labEnv: readonly string[]): (service: string) => string[] {
  const published = `WS_SERVER_URL=${toLoopbackUrl(toConfiguredPort(config, 'WS_PORT'))}`;
  return (service) =>
    service === 'ws-client'
      ? labEnv.map((line) => (line.startsWith('WS_SERVER_URL=') ? published : line))
      : [...labEnv];
}

/**
 * MongoDB as the containers reach it. A direct connection: a one-node replica set's members are
 * named as its own container sees them, which the host does not resolve, and neither need to.
 */
export function toContainerMongoUrl(port: number): string {
  return `mongodb://mongo:${port}/?directConnection=true`;
}

/** MongoDB as this machine reaches it: its published port on loopback. */
export function toPublishedMongoUrl(port: number): string {
  return `mongodb://127.0.0.1:${port}/?directConnection=true`;
}
