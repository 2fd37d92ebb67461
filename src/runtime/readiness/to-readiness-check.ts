import type { ReadinessSpec } from '../../services/registry/readiness-spec.js';
import { allOf } from './all-of.js';
import { grpcHealth } from './grpc-health.js';
import { httpPath } from './http-path.js';
import { logLine } from './log-line.js';
import { mongoPing } from './mongo-ping.js';
import type { ReadinessCheck } from './readiness-check.js';
import { socketIoHandshake } from './socket-io-handshake.js';
import { tcpPort } from './tcp-port.js';

/** The strategy for a registry entry's readiness. */
export function toReadinessCheck(spec: ReadinessSpec): ReadinessCheck {
  switch (spec.check) {
    case 'http':
      return httpPath(spec.path);
    case 'tcp':
      return tcpPort();
    case 'log':
      return logLine(spec.line, spec.count);
    case 'mongo-ping':
      return mongoPing();
    case 'socket-io':
      return socketIoHandshake();
    case 'grpc-health':
      return grpcHealth(spec.service);
    case 'all':
      return allOf(...spec.of.map(toReadinessCheck));
  }
}

/** Only the log-line parts of a readiness: what can be told from a process's output alone (its port unknown yet). */
export function toLogReadinessCheck(spec: ReadinessSpec): ReadinessCheck {
  if (spec.check === 'log') return logLine(spec.line, spec.count);
  if (spec.check === 'all')
    return allOf(...spec.of.filter((part) => part.check === 'log' || part.check === 'all').map(toLogReadinessCheck));
  return allOf();
}
