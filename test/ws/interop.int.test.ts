import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../helpers/require-tool.js';
import { clientToken, internalToken, useWsLab } from '../helpers/ws-lab.js';

const python = '/usr/bin/python3';
const socketio = requireTool({
  command: python,
  args: ['-c', 'import socketio, websocket'],
  why: "Python's python-socketio client",
  install: 'apt-get install python3-socketio python3-websocket',
});

/** A Python Socket.IO client: connects to /notifications with the token and prints what it receives. */
const script = String.raw`
import json, sys, threading
import socketio
received = {"recent": None, "live": []}
done = threading.Event()
sio = socketio.Client()
# Connection state recovery appends an offset argument to each event; python-socketio 5.7 hands it on.
@sio.on("notifications:recent", namespace="/notifications")
def recent(items, *_):
    received["recent"] = items
    print("READY", flush=True)
@sio.on("order:update", namespace="/notifications")
def live(update, *_):
    received["live"].append(update)
    done.set()
sio.connect(sys.argv[1], namespaces=["/notifications"], auth={"token": sys.argv[2]}, transports=["websocket"], wait_timeout=5)
done.wait(10)
sio.disconnect()
print(json.dumps(received))
`;

describe('ws-server: a Socket.IO client nobody here wrote', () => {
  const start = useWsLab();

  it.skipIf(!socketio.available)(
    `serves python-socketio${socketio.available ? '' : ` (skipped: ${socketio.reason})`}`,
    async () => {
      const lab = await start();
      const publisher = await lab.connect('/internal', internalToken);
      await publisher.emitWithAck('order:update', {
        orderId: 'ord_before',
        status: 'created',
        source: 'webhook',
        eventId: 'msg_1',
        at: new Date().toISOString(),
      });
      const child = execFile(python, ['-c', script, lab.server.url, clientToken], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      const output = promisify((callback: (error: Error | null, stdout: string) => void) => {
        let stdout = '';
        child.stdout?.on('data', (chunk: string) => {
          stdout += chunk;
          if (chunk.includes('READY'))
            void publisher.emitWithAck('order:update', {
              orderId: 'ord_live',
              status: 'paid',
              source: 'grpc',
              eventId: 'evt_2',
              at: new Date().toISOString(),
            });
        });
        child.on('close', (code) => callback(code === 0 ? null : new Error(`python exited ${code}`), stdout));
      })();
      const lines = (await output).trim().split('\n');
      const result = JSON.parse(lines.at(-1)!) as {
        recent: Array<{ orderId: string }>;
        live: Array<{ orderId: string; status: string }>;
      };
      expect(result.recent.map((item) => item.orderId)).toEqual(['ord_before']);
      expect(result.live).toEqual([expect.objectContaining({ orderId: 'ord_live', status: 'paid' })]);
    },
  );
});
