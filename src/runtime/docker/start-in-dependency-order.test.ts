import { describe, expect, it } from 'vitest';
import { startInDependencyOrder } from './start-in-dependency-order.js';

/** A promise and the functions that settle it, for a start the test finishes by hand. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

// The lab's shape: ws-server, then the receiver and the dashboard after it, then the sender after the receiver.
const services = [
  { name: 'ws-server' },
  { name: 'webhooks-receiver', after: ['ws-server'] },
  { name: 'ws-client', after: ['ws-server'] },
  { name: 'webhooks-sender', after: ['webhooks-receiver'] },
];

describe('startInDependencyOrder', () => {
  it('starts a service once the services it comes after are started, without waiting for the rest of their wave', async () => {
    const started: string[] = [];
    const dashboard = deferred();
    const senderStarted = deferred();
    const lab = startInDependencyOrder(
      services,
      async (service) => {
        started.push(service.name);
        if (service.name === 'webhooks-sender') senderStarted.resolve();
        // The dashboard is slow: it finishes only once the sender has started.
        if (service.name === 'ws-client') await dashboard.promise;
        return service.name;
      },
      new AbortController().signal,
    );
    await senderStarted.promise;
    dashboard.resolve();
    expect(await lab).toEqual(['ws-server', 'webhooks-receiver', 'webhooks-sender', 'ws-client']);
    expect(started.indexOf('ws-server')).toBe(0);
  });

  it('does not start a service whose dependency failed, aborts the others, and throws the first failure once all settled', async () => {
    const started: string[] = [];
    const settled: string[] = [];
    const failure = new Error('ws-client exited');
    const lab = startInDependencyOrder(
      services,
      async (service, signal) => {
        started.push(service.name);
        try {
          if (service.name === 'ws-client') throw failure;
          if (service.name === 'webhooks-receiver')
            await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
          return service.name;
        } finally {
          settled.push(service.name);
        }
      },
      new AbortController().signal,
    );
    await expect(lab).rejects.toBe(failure);
    expect(started).not.toContain('webhooks-sender');
    expect(settled.sort()).toEqual(['webhooks-receiver', 'ws-client', 'ws-server']);
  });

  it('ignores an `after` naming a service outside the selection', async () => {
    const lab = startInDependencyOrder(
      [{ name: 'webhooks-sender', after: ['webhooks-receiver'] }],
      async (service) => service.name,
      new AbortController().signal,
    );
    expect(await lab).toEqual(['webhooks-sender']);
  });
});
