/** The lab's validated configuration, as every part of rtlab receives it. */
export interface LabConfig {
  /** The folder rtlab works in: `.env` and `RTLAB_HOME` are resolved against it. */
  readonly cwd: string;
  /** Absolute path of the state folder (`RTLAB_HOME`, default `.rtlab`): logs, data, state file. */
  readonly home: string;
  /** The address every lab service listens on (`HOST`): 127.0.0.1 unless opened, as inside containers. */
  readonly host: string;
  readonly ports: LabPorts;
  /** Where the webhooks sender delivers events. */
  readonly receiverUrl: string;
  /** Where publishers reach the Socket.IO server. */
  readonly wsServerUrl: string;
  /** `host:port` of the gRPC server, as the gRPC client and bridge dial it. */
  readonly grpcTarget: string;
  /** A MongoDB connection string; undefined means rtlab's embedded engine on `ports.mongo`. */
  readonly mongoUrl: string | undefined;
  readonly mongoDb: string;
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

/** Which service listens on which port setting: used for messages and port checks. */
export const portKeys = {
  receiver: { key: 'RECEIVER_PORT', service: 'webhooks-receiver' },
  sender: { key: 'SENDER_PORT', service: 'webhooks-sender' },
  grpc: { key: 'GRPC_PORT', service: 'grpc-server' },
  grpcBridge: { key: 'GRPC_BRIDGE_PORT', service: 'grpc-bridge' },
  ws: { key: 'WS_PORT', service: 'ws-server' },
  web: { key: 'WEB_PORT', service: 'ws-client' },
  mongo: { key: 'MONGO_PORT', service: 'mongo' },
} as const satisfies Record<keyof LabPorts, { key: string; service: string }>;

/** Every service of the lab, by the name its logs, containers and `rtlab serve` use. */
export const labServiceNames = [
  'mongo',
  'webhooks-receiver',
  'webhooks-sender',
  'grpc-server',
  'grpc-client',
  'grpc-bridge',
  'ws-server',
  'ws-client',
] as const;
