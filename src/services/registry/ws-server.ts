import { toConfiguredPort } from '../../config/lab-config.js';
import { toServiceUrl } from '../../config/service-addresses.js';
import { sameSecret, startWsServer } from '../ws/server/start-ws-server.js';
import { startAs } from './listen-error.js';
import { ready } from './readiness-spec.js';
import { requireDb } from './require-db.js';
import type { ServiceDefinition, ServiceFacts } from './service-definition.js';

const facts: ServiceFacts = {
  name: 'ws-server',
  profile: 'websockets',
  portSetting: 'WS_PORT',
  readiness: ready.all(ready.logLine('WebSocket server listening on port'), ready.socketIo()),
  // One per chat message broadcast and per order update pushed to /notifications.
  isRequestLine: (message) => message === 'Chat message broadcasted' || message === 'order:update',
};

/** Socket.IO: `/chat`, `/notifications`, and `/internal` where the relays publish (`config.wsServerUrl`). */
export const wsServer: ServiceDefinition = {
  ...facts,
  needsMongo: true,
  async start(context) {
    const { config, logs } = context;
    const port = toConfiguredPort(config, facts.portSetting);
    const server = await startAs(facts, port, () =>
      startWsServer({
        port,
        host: config.host,
        db: requireDb(context, facts.name),
        logger: logs.forService(facts.name),
        acceptToken: (token) => sameSecret(token, config.wsToken),
        internalToken: config.internalToken,
      }),
    );
    return {
      name: facts.name,
      url: toServiceUrl(config.host, server.port),
      port: server.port,
      stop: () => server.stop(),
    };
  },
};
