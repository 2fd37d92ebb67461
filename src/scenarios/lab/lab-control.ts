import { EnvironmentError } from '../../errors.js';
import type { Logger } from '../../log/log-entry.js';
import type { EmbeddedLab } from '../../runtime/embedded/start-embedded-lab.js';
import { armReceiverFault } from '../../services/webhooks/receiver/receiver-fault-switch.js';
import type { Scenario, Step } from '../schema/scenario-schema.js';

/** What a scenario can do to a lab it started itself: the faults. */
export interface LabControl {
  /** Stops one service; the rest of the lab runs on. */
  stopService(name: string): Promise<void>;
  /** Starts a stopped service again, on its port, and waits until it is ready. */
  startService(name: string): Promise<void>;
  /** Arms the receiver's fault switch: its next `times` deliveries are answered `status`. */
  failReceiver(status: number, times: number): void;
  /** Disarms the switch and starts again whatever a scenario left stopped. */
  restore(): Promise<void>;
}

/**
 * The control of an embedded lab this run started: its services' slots, and the fault switch of
 * the receiver running in this process, found by its port. Undefined when the runtime cannot
 * stop services one by one from here.
 */
export function createLabControl(
  lab: Pick<EmbeddedLab, 'service' | 'parts'>,
  receiverLogger: Logger,
): LabControl | undefined {
  const { service } = lab;
  if (service === undefined) return undefined;
  const slot = (name: string) => {
    const found = service(name);
    if (found === undefined)
      throw new Error(
        `no service "${name}" runs in this lab; it runs ${lab.parts
          .filter((part) => part.name !== 'mongo')
          .map((part) => part.name)
          .join(', ')}${name === 'mongo' ? ' (MongoDB is not stopped by scenarios)' : ''}`,
      );
    return found;
  };
  const stopped = new Set<string>();
  let disarm: (() => void) | undefined;
  return {
    stopService: async (name) => {
      await slot(name).stop();
      stopped.add(name);
    },
    startService: async (name) => {
      await slot(name).start();
      stopped.delete(name);
    },
    failReceiver: (status, times) => {
      const port = lab.parts.find((part) => part.name === 'webhooks-receiver')?.port;
      if (port === undefined) throw new Error('no webhooks-receiver runs in this lab (add the webhooks profile)');
      disarm?.();
      disarm = armReceiverFault(port, { status, times, logger: receiverLogger });
    },
    restore: async () => {
      disarm?.();
      for (const name of [...stopped]) await service(name)?.start();
      stopped.clear();
    },
  };
}

/** Whether a scenario stops services or arms the receiver's fault switch. */
export function usesFaults(scenario: Scenario): boolean {
  const steps: readonly Step[] = [...(scenario.setup ?? []), ...scenario.steps, ...(scenario.cleanup ?? [])];
  return steps.some((step) => step.do.service !== undefined || step.do.receiver !== undefined);
}

/**
 * A lab the run attached to is the learner's (`rtlab up`): a scenario does not stop its services
 * or make its receiver fail, and another lab beside it would find the same ports taken. Said
 * before anything runs.
 */
export function refuseFaultsOnAttachedLab(faulty: readonly Scenario[], pid: number): never {
  throw new EnvironmentError(
    `${faulty.map((scenario) => scenario.id).join(', ')} stops lab services and makes the receiver fail, which a scenario does only on a lab it starts itself; a lab started by rtlab up is running in this folder (pid ${pid}).`,
    {
      hint: 'Stop it (rtlab down) and run the scenario again: it will start its own lab and stop it afterwards.',
    },
  );
}
