import { portSettings, type LabConfig } from '../../config/lab-config.js';
import type { ServiceDefinition, StartedService } from '../../services/registry/service-definition.js';
import { startReadyService, type StartReadyServiceOptions } from '../start-ready-service.js';

/**
 * One service of a running embedded lab, which can be stopped and started again while the rest of
 * the lab runs on (a scenario's `service: { stop | start | restart }` fault). It comes back on the
 * port it had, so the services that call it (the sender its receiver, the relays the ws-server)
 * reach it again at the address their configuration gave them.
 */
export class ServiceSlot {
  private current: StartedService | undefined;
  /** Stops and starts one after the other, in the order asked. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** The port it listens on, and comes back on. */
  private port: number;

  constructor(
    readonly definition: ServiceDefinition,
    started: StartedService,
    private readonly options: Omit<StartReadyServiceOptions, 'signal'>,
  ) {
    this.current = started;
    this.port = started.port;
  }

  get name(): string {
    return this.definition.name;
  }

  /** Whether it runs now. */
  get running(): boolean {
    return this.current !== undefined;
  }

  /** Stops the service; the lab's other parts run on. Stopping a stopped service does nothing. */
  stop(): Promise<void> {
    return this.enqueue(async () => {
      const service = this.current;
      this.current = undefined;
      await service?.stop();
    });
  }

  /** Starts it again on the port it had and waits for its readiness; a running service is left as it is. */
  start(): Promise<void> {
    return this.enqueue(async () => {
      if (this.current !== undefined) return;
      if (this.closed) throw new Error(`${this.name} belongs to a lab that has stopped`);
      const { service } = await startReadyService(this.definition, {
        ...this.options,
        config: pinPort(this.options.config, this.definition, this.port),
      });
      this.current = service;
      this.port = service.port;
    });
  }

  /** Stops it for good, with the lab. */
  close(): Promise<void> {
    this.closed = true;
    return this.stop();
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** The configuration with the service's port setting fixed to the port it listened on. */
function pinPort(config: LabConfig, definition: ServiceDefinition, port: number): LabConfig {
  if (port === 0) return config;
  return { ...config, ports: { ...config.ports, [portSettings[definition.portSetting]]: port } };
}
