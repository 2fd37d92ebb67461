import type { ScenarioLab } from '../lab/scenario-lab.js';
import type { ReceiverFaultAction, ServiceAction } from '../schema/action-schema.js';
import type { ActionResult } from './action-result.js';

/** The lab's control, or why this lab has none (the run attached to it, or its runtime cannot). */
function controlOf(lab: ScenarioLab) {
  if (lab.control !== undefined) return lab.control;
  throw new Error(
    lab.origin === 'attached'
      ? 'faults run only on a lab the scenario starts itself, not on one started by rtlab up (stop it with rtlab down)'
      : "this lab's runtime cannot stop its services one by one; faults need the embedded runtime",
  );
}

/** Stops, starts or restarts one service; the result says which and what it did. */
export async function runService(action: ServiceAction, lab: ScenarioLab): Promise<ActionResult> {
  const control = controlOf(lab);
  if (action.stop !== undefined) {
    await control.stopService(action.stop);
    return { service: action.stop, stopped: true };
  }
  if (action.start !== undefined) {
    await control.startService(action.start);
    return { service: action.start, started: true };
  }
  const name = action.restart ?? '';
  await control.stopService(name);
  await control.startService(name);
  return { service: name, restarted: true };
}

/** Arms the receiver's fault switch for its next deliveries. */
export function runReceiverFault(action: ReceiverFaultAction, lab: ScenarioLab): ActionResult {
  controlOf(lab).failReceiver(action.fail, action.times);
  return { failing: action.fail, times: action.times };
}
