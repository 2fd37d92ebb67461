/** A port free right now on loopback (the OS picks it), for services configured by port. */
export { freeLoopbackPort as freePort } from '../../src/runtime/free-loopback-port.js';
