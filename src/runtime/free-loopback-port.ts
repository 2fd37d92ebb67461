import net from 'node:net';

/**
 * Ports this process has handed out: the OS may give a just-closed port again at the next ask, and
 * two services configured with the same "free" port collide (seen: WEB_PORT and MONGO_PORT both
 * given 36897).
 */
const handedOut = new Set<number>();

/** A port free right now on loopback, and not one this process handed out before, for a process that must get the same port again after a restart. */
export async function freeLoopbackPort(): Promise<number> {
  for (;;) {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}
