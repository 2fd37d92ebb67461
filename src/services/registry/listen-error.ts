import { toListenError } from '../../errors.js';
import type { ServiceFacts } from './service-definition.js';

/**
 * Starts a service and tells a listen failure with the registry's facts: which port, which
 * service, which setting moves it (the start functions themselves know none of these).
 */
export async function startAs<T>(facts: ServiceFacts, port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    throw toListenError(error, { port, service: facts.name, setting: facts.portSetting });
  }
}
