import type { Command } from 'commander';
import type { CliContext, SettingsNeeded } from './cli-context.js';

export type RegisterCommand = (program: Command, context: CliContext) => void;

/**
 * A top-level command as `rtlab --help` lists it, and how to load it. Only the command a user
 * runs is imported: loading every module (MongoDB driver, Express, Socket.IO, winston…) made
 * `rtlab --version` take over a second.
 */
export interface CommandEntry {
  readonly name: string;
  /** What follows the name in the command list, as commander prints it once loaded. */
  readonly usage: string;
  /** The command's description, word for word (test/cli-command-table.test.ts checks it). */
  readonly summary: string;
  /** `as-read`: a broken setting stops the command only when it reads that setting. */
  readonly settings: SettingsNeeded;
  readonly load: () => Promise<RegisterCommand>;
}

export const commandTable: readonly CommandEntry[] = [
  {
    name: 'up',
    usage: '[options]',
    summary: 'start the lab: MongoDB, then the services of the chosen profiles (here, as processes or in containers)',
    settings: 'all',
    load: async () => (await import('./up-command.js')).registerUpCommand,
  },
  {
    name: 'status',
    usage: '[options]',
    summary: "show the running lab's services and their health, checked now",
    settings: 'as-read',
    load: async () => (await import('./status-command.js')).registerStatusCommand,
  },
  {
    name: 'down',
    usage: '[options]',
    summary: 'stop the running lab (and the MongoDB it started)',
    settings: 'as-read',
    load: async () => (await import('./down-command.js')).registerDownCommand,
  },
  {
    name: 'doctor',
    usage: '[options]',
    summary: 'check Node.js, the lab ports, .env, MongoDB, a container engine and Chromium',
    settings: 'as-read',
    load: async () => (await import('./doctor-command.js')).registerDoctorCommand,
  },
  {
    name: 'tail',
    usage: '',
    summary: 'follow what the lab is doing',
    settings: 'as-read',
    load: async () => (await import('./tail-command.js')).registerTailCommand,
  },
  {
    name: 'scenario',
    usage: '[options]',
    summary: 'run step-by-step lab scenarios that check responses, logs, Socket.IO events and MongoDB',
    settings: 'all',
    load: async () => (await import('./scenario-command.js')).registerScenarioCommand,
  },
  {
    name: 'webhooks',
    usage: '',
    summary: 'send signed webhooks and look at what the lab received and delivered',
    settings: 'as-read',
    load: async () => (await import('./webhooks-command.js')).registerWebhooksCommand,
  },
  {
    name: 'grpc',
    usage: '',
    summary: "call the lab's gRPC OrderService: unary, server streaming, client streaming and bidirectional",
    settings: 'as-read',
    load: async () => (await import('./grpc/grpc-command.js')).registerGrpcCommand,
  },
  {
    name: 'ws',
    usage: '',
    summary: "a Socket.IO client for the lab's ws-server, from the terminal",
    settings: 'as-read',
    load: async () => (await import('./ws-command.js')).registerWsCommand,
  },
  {
    name: 'serve',
    usage: '[options] <service>',
    summary: 'run one lab service in the foreground (what child processes and containers run)',
    settings: 'all',
    load: async () => (await import('./serve-command.js')).registerServeCommand,
  },
  {
    name: 'mongo',
    usage: '',
    summary: "rtlab's embedded MongoDB-compatible server",
    settings: 'all',
    load: async () => (await import('./mongo-command.js')).registerMongoCommand,
  },
  {
    name: 'bench',
    usage: '',
    summary: 'measure a domain against a baseline in the same run',
    settings: 'all',
    load: async () => (await import('./bench-command.js')).registerBenchCommand,
  },
];
