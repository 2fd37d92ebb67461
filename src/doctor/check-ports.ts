import { toConfiguredPort, type LabConfig } from '../config/lab-config.js';
import { probePort } from '../runtime/ports/probe-port.js';
import { labParts } from '../services/registry.js';
import { labMongo } from '../services/registry/mongo.js';
import type { DoctorCheck } from './doctor-check.js';

/** One check per lab port, from the service registry: free, or which process holds it. */
export async function checkPorts(config: Pick<LabConfig, 'ports'>): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  for (const { name: service, portSetting: key } of labParts) {
    const port = toConfiguredPort(config, key);
    const id = `port:${service}`;
    if (port === 0) {
      checks.push({
        id,
        title: `Port for ${service}`,
        status: 'ok',
        required: true,
        detail: `${key}=0: a free port is picked at start`,
      });
      continue;
    }
    const probe = await probePort(port);
    if (probe.status === 'free') {
      checks.push({ id, title: `Port ${port} (${service})`, status: 'ok', required: true, detail: 'free' });
      continue;
    }
    const holder = probe.status === 'busy' ? probe.holder : undefined;
    // A service hosting the embedded MongoDB holds the mongo port for the lab: that is the lab running too.
    const ownService =
      probe.status === 'busy' &&
      probe.labService !== undefined &&
      (probe.labService === service || service === labMongo.name);
    if (holder !== undefined && ownService) {
      checks.push({
        id,
        title: `Port ${port} (${service})`,
        status: 'ok',
        required: true,
        detail: `in use by the lab's own ${service} (pid ${holder.pid}): it is running`,
      });
      continue;
    }
    const who = holder === undefined ? 'another process' : `pid ${holder.pid} (${holder.command})`;
    checks.push({
      id,
      title: `Port ${port} (${service})`,
      status: 'fail',
      required: true,
      detail: probe.status === 'busy' ? `in use by ${who}` : `cannot listen: ${probe.code}`,
      hint: `Stop ${holder === undefined ? 'the process using it' : `pid ${holder.pid}`} or set ${key} to another port in .env.`,
    });
  }
  return checks;
}
