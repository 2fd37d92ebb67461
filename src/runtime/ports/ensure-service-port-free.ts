import { EnvironmentError } from '../../errors.js';
import { labMongo } from '../../services/registry/mongo.js';
import { probePort } from './probe-port.js';

export interface ServicePort {
  readonly service: string;
  readonly port: number;
  readonly host: string;
  /** The setting that moves it (`RECEIVER_PORT`), for the hint. */
  readonly setting: string;
  /** Whether the command has `--port` (`rtlab serve`), which the hint then names too; default true. */
  readonly portFlag?: boolean;
}

/**
 * Fails with what holds the port (pid and command, and whether it is the lab's own service) before
 * a service starts anything else, so that a busy port never leaves a MongoDB started for nothing.
 * Port 0 (any free port) is always free.
 */
export async function ensureServicePortFree(where: ServicePort): Promise<void> {
  if (where.port === 0) return;
  const probe = await probePort(where.port, where.host);
  if (probe.status === 'free') return;
  const move = `or set ${where.setting}${where.portFlag === false ? '' : ' (or --port)'} to another port`;
  if (probe.status === 'unavailable') {
    throw new EnvironmentError(`Cannot listen on ${where.host}:${where.port} for ${where.service}: ${probe.code}.`, {
      hint: probe.code === 'EACCES' ? `Use a port above 1024 with ${where.setting}.` : `Check RTLAB_HOST, ${move}.`,
    });
  }
  const { holder, labService } = probe;
  if (holder === undefined) {
    throw new EnvironmentError(
      `Port ${where.port} is in use (${where.service}) by a process rtlab cannot see (another user's, or outside this system).`,
      { hint: `Stop it (ss -ltnp shows it to root) ${move}.` },
    );
  }
  const command = (service: string) => (service === labMongo.name ? 'rtlab mongo serve' : `rtlab serve ${service}`);
  if (labService === where.service) {
    throw new EnvironmentError(
      `Port ${where.port} is in use: the lab's own ${where.service} is already running there (${command(where.service)}, pid ${holder.pid}).`,
      {
        hint: `Use that one, or stop it first (Ctrl-C in its terminal, or kill ${holder.pid}), ${move}.`,
      },
    );
  }
  const whose =
    labService === undefined
      ? `pid ${holder.pid} (${holder.command})`
      : `the lab's own ${labService} (${command(labService)}, pid ${holder.pid})`;
  throw new EnvironmentError(`Port ${where.port} is in use (${where.service}) by ${whose}.`, {
    hint: `Stop pid ${holder.pid} ${move}.`,
  });
}
