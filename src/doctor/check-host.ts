import { isLoopbackHost } from '../config/is-loopback-host.js';
import { toConfiguredPort, type LabConfig } from '../config/lab-config.js';
import { labParts } from '../services/registry.js';
import { labMongo } from '../services/registry/mongo.js';
import type { DoctorCheck } from './doctor-check.js';

/**
 * Warns (never fails: containers need it open) when the listen address lets other machines
 * reach the lab, naming what they can reach and how to close it.
 */
export function checkHost(config: LabConfig): DoctorCheck {
  const setting = config.hostSetting;
  const base = { id: 'host', title: `Network exposure (${setting})`, required: false } as const;
  if (isLoopbackHost(config.host))
    return { ...base, status: 'ok', detail: `${setting}=${config.host}: the lab's services answer this machine only` };
  // The embedded MongoDB listens on loopback whatever the services do.
  const exposed = labParts
    .filter((part) => part !== labMongo)
    .map((part) => `${part.name} ${toConfiguredPort(config, part.portSetting) || '(any port)'}`);
  return {
    ...base,
    status: 'fail',
    detail: `${setting}=${config.host}: other machines on the network can reach ${exposed.join(', ')}. /send, /config.json and the bridge's /orders require RTLAB_API_TOKEN; the receiver checks signatures, the ws-server WS_TOKEN and the gRPC server a JWT.`,
    hint: `To keep the lab to this machine, set RTLAB_HOST=127.0.0.1 in .env, and if your shell exports ${setting}, unset it (unset ${setting}): the environment wins over .env. Open the lab only inside containers or on a network you trust.`,
  };
}
