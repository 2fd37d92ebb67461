import { isLoopbackHost } from '../config/is-loopback-host.js';
import { portKeys, type LabConfig, type LabPorts } from '../config/lab-config.js';
import type { DoctorCheck } from './doctor-check.js';

/**
 * Warns (never fails: containers need it open) when HOST lets other machines reach the lab,
 * naming what they can reach and how to close it.
 */
export function checkHost(config: LabConfig): DoctorCheck {
  const base = { id: 'host', title: 'Network exposure (HOST)', required: false } as const;
  if (isLoopbackHost(config.host)) return { ...base, status: 'ok', detail: `HOST=${config.host}: the lab's services answer this machine only` };
  const exposed = Object.entries(portKeys)
    .filter(([name]) => name !== 'mongo')
    .map(([name, { service }]) => `${service} ${config.ports[name as keyof LabPorts] || '(any port)'}`);
  return {
    ...base,
    status: 'fail',
    detail: `HOST=${config.host}: other machines on the network can reach ${exposed.join(', ')}. /send and /config.json require RTLAB_API_TOKEN; the receiver checks signatures and the ws-server WS_TOKEN.`,
    hint: 'To keep the lab to this machine, set HOST=127.0.0.1 in .env (or remove the line); open it only inside containers or on a network you trust.',
  };
}
