import type { MongoPlan } from './mongo-plan.js';

/** The lab's validated configuration, as every part of rtlab receives it. */
export interface LabConfig {
  /** The folder rtlab works in: `.env` and `RTLAB_HOME` are resolved against it. */
  readonly cwd: string;
  /** Absolute path of the state folder (`RTLAB_HOME`, default `.rtlab`): logs, data, state file. */
  readonly home: string;
  /** The address every lab service listens on (`RTLAB_HOST`): 127.0.0.1 unless opened, as inside containers. */
  readonly host: string;
  /** The setting `host` came from, for messages: `RTLAB_HOST`, or `HOST` where only that fallback was set. */
  readonly hostSetting: HostSetting;
  readonly ports: LabPorts;
  /** Where the webhooks sender delivers events, and where the CLI sends them. */
  readonly receiverUrl: string;
  /** The receiver replicas the sender delivers to in turn (`RECEIVER_URLS`; else `receiverUrl` alone). */
  readonly receiverUrls: readonly string[];
  /** Where publishers reach the Socket.IO server. */
  readonly wsServerUrl: string;
  /** `host:port` of the gRPC server, as the gRPC client and bridge dial it. */
  readonly grpcTarget: string;
  /** Where the dashboard's server reaches the gRPC bridge (`GRPC_BRIDGE_URL`; by name between containers). */
  readonly grpcBridgeUrl: string;
  /** `MONGO_URL` as set; undefined means rtlab's embedded engine on `ports.mongo`. */
  readonly mongoUrl: string | undefined;
  /** Which MongoDB the lab uses: `--mongo`, else `MONGO_URL`, else the embedded engine. */
  readonly mongo: MongoPlan;
  readonly mongoDb: string;
  /** How many change events the embedded engine keeps for streams to resume from (`MONGO_CHANGE_HISTORY`). */
  readonly mongoChangeHistory: number;
  readonly webhookSecret: string;
  /** Secrets still accepted while rotating away from them (`WEBHOOK_SECRETS_PREVIOUS`). */
  readonly previousWebhookSecrets: readonly string[];
  readonly jwtSecret: string;
  readonly wsToken: string;
  /**
   * Required from callers of the sender's `/send` and the dashboard's `/config.json` when `host`
   * is open to the network (`RTLAB_API_TOKEN`); unused on loopback.
   */
  readonly apiToken: string | undefined;
  /** Authenticates publishers on the ws-server's `/internal` namespace. */
  readonly internalToken: string;
  readonly logLevel: LogLevel;
  /** The docker runtime's images (`RTLAB_MONGO_IMAGE`, `RTLAB_NODE_IMAGE`). */
  readonly containerImages: ContainerImages;
}

export interface ContainerImages {
  /** MongoDB's image (`mongo:7`), or `rtlab`: rtlab's embedded engine in the lab's own image. */
  readonly mongo: string;
  /** The Node image the lab's image is built from. */
  readonly node: string;
}

export interface LabPorts {
  readonly receiver: number;
  readonly sender: number;
  readonly grpc: number;
  readonly grpcBridge: number;
  readonly ws: number;
  readonly web: number;
  readonly mongo: number;
}

export const logLevels = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] as const;
export type LogLevel = (typeof logLevels)[number];

export type HostSetting = 'RTLAB_HOST' | 'HOST';

/**
 * Each port setting and the `ports` field it fills. Which service listens there is the
 * service registry's fact (src/services/registry.ts); configuration only knows the settings.
 */
export const portSettings = {
  RECEIVER_PORT: 'receiver',
  SENDER_PORT: 'sender',
  GRPC_PORT: 'grpc',
  GRPC_BRIDGE_PORT: 'grpcBridge',
  WS_PORT: 'ws',
  WEB_PORT: 'web',
  MONGO_PORT: 'mongo',
} as const satisfies Record<string, keyof LabPorts>;

export type PortSetting = keyof typeof portSettings;

/** The port a setting gives, as configured (0: any free port). */
export function toConfiguredPort(config: Pick<LabConfig, 'ports'>, setting: PortSetting): number {
  return config.ports[portSettings[setting]];
}
