import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../../../log/log-entry.js';

/** A fault the scenario runner arms: the next `times` deliveries are answered `status`, nothing stored. */
export interface ReceiverFault {
  readonly status: number;
  readonly times: number;
  /** The receiver's own logger, so that each injected failure shows in its log. */
  readonly logger: Logger;
}

interface ArmedFault extends ReceiverFault {
  left: number;
}

/**
 * Armed faults by the receiver's listening port. Only code in the process that runs the receiver
 * can arm one (the scenario runner, on a lab it started itself): there is no setting, variable or
 * route that turns it on, so no configuration left behind can make a real receiver fail.
 */
const armedByPort = new Map<number, ArmedFault>();

/** Makes the receiver listening on `port` in this process fail its next deliveries; returns the disarm. */
export function armReceiverFault(port: number, fault: ReceiverFault): () => void {
  const armed = { ...fault, left: fault.times };
  armedByPort.set(port, armed);
  return () => {
    if (armedByPort.get(port) === armed) armedByPort.delete(port);
  };
}

/**
 * The receiver's first handler on POST /webhooks: answers an armed fault before anything is read
 * or stored, as a receiver that crashed mid-request would, so that the sender's retries are what
 * delivers the event. Without an armed fault it costs one map look-up.
 */
export function answerArmedFault(req: Request, res: Response, next: NextFunction): void {
  const port = req.socket.localPort;
  const armed = armedByPort.size === 0 || port === undefined ? undefined : armedByPort.get(port);
  if (armed === undefined) return next();
  armed.left -= 1;
  if (armed.left <= 0) armedByPort.delete(port!);
  armed.logger.warn('Injected fault: answered without storing the event', {
    status: armed.status,
    webhookId: req.get('webhook-id'),
    left: armed.left,
  });
  res.status(armed.status).json({ error: 'injected_fault', message: 'the scenario runner made this receiver fail' });
}
