import { grpcBridge } from './registry/grpc-bridge.js';
import { grpcClient } from './registry/grpc-client.js';
import { grpcServer } from './registry/grpc-server.js';
import { labMongo } from './registry/mongo.js';
import type { OneShotFacts, ServiceDefinition, ServiceFacts } from './registry/service-definition.js';
import { webhooksReceiver } from './registry/webhooks-receiver.js';
import { webhooksSender } from './registry/webhooks-sender.js';
import { wsClient } from './registry/ws-client.js';
import { wsServer } from './registry/ws-server.js';

/**
 * Every part of the lab, described once, in the order a user reads them (doctor's port checks):
 * `rtlab serve`, `doctor`, `tail logs`, the runtimes and the tests read this list, and nothing
 * else names services. A part with `start` is a service `rtlab serve` runs; MongoDB is provided
 * by the configuration's plan instead; the gRPC parts have their facts only until their issue
 * adds `start` (one entry each in `registry/`).
 */
export const labParts: readonly ServiceFacts[] = [
  webhooksReceiver,
  webhooksSender,
  grpcServer,
  grpcBridge,
  wsServer,
  wsClient,
  labMongo,
];

/** The parts that run once and exit rather than serve (the seed's grpc-client): what `rtlab up` runs last. */
export const labOneShots: readonly OneShotFacts[] = [grpcClient];

export function isStartable(part: ServiceFacts): part is ServiceDefinition {
  return 'start' in part;
}

/** The services this process can start (`rtlab serve <name>`). */
export const labServices: readonly ServiceDefinition[] = labParts.filter(isStartable);

export function findLabService(name: string): ServiceDefinition | undefined {
  return labServices.find((service) => service.name === name);
}

export function findLabPart(name: string): ServiceFacts | undefined {
  return labParts.find((part) => part.name === name);
}
