import { freePort } from './free-port.js';

/**
 * A free port for each service of a lab folder, as the environment a test gives rtlab: a command
 * that starts a service by mistake then cannot collide with another lab on this machine.
 */
export async function freeLabPorts() {
  return {
    RECEIVER_PORT: String(await freePort()),
    SENDER_PORT: String(await freePort()),
    WS_PORT: String(await freePort()),
    WEB_PORT: String(await freePort()),
    MONGO_PORT: String(await freePort()),
  };
}
