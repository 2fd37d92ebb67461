import path from 'node:path';
import { toConfiguredPort } from '../../config/lab-config.js';
import { toLoopbackUrl, toServiceUrl } from '../../config/service-addresses.js';
import { packageRoot } from '../../package-root.js';
import { startDashboardServer } from '../ws/dashboard/start-dashboard-server.js';
import { startAs } from './listen-error.js';
import { ready } from './readiness-spec.js';
import type { ServiceDefinition, ServiceFacts } from './service-definition.js';

const facts: ServiceFacts = {
  name: 'ws-client',
  profile: 'websockets',
  portSetting: 'WEB_PORT',
  readiness: ready.all(ready.logLine('Dashboard available at'), ready.http('/healthz')),
  after: ['ws-server'],
};

/**
 * The browser dashboard (built by Vite into dist/web), its `/config.json`, and the gRPC bridge's
 * `/orders` under `/api/orders` for the page's Orders panel.
 */
export const wsClient: ServiceDefinition = {
  ...facts,
  needsMongo: false,
  openAccessHint: (url, apiToken) =>
    `Open the dashboard with its token: ${url}/?token=${encodeURIComponent(apiToken)} (from another machine, use this machine's address)`,
  async start({ config, logs }) {
    const port = toConfiguredPort(config, facts.portSetting);
    const dashboard = await startAs(facts, port, () =>
      startDashboardServer({
        port,
        host: config.host,
        apiToken: config.apiToken,
        webRoot: path.join(packageRoot, 'dist', 'web'),
        wsServerUrl: config.wsServerUrl,
        // The page's hint ("try curl …/send") names the sender where this lab runs it.
        senderUrl: toLoopbackUrl(toConfiguredPort(config, 'SENDER_PORT')),
        // The Orders panel reaches the bridge through this server: GRPC_BRIDGE_URL, by default where
        // the lab runs it (it listens on HOST too), by name between containers.
        bridgeUrl: config.grpcBridgeUrl,
        token: config.wsToken,
        logger: logs.forService(facts.name),
      }),
    );
    return {
      name: facts.name,
      url: toServiceUrl(config.host, dashboard.port),
      port: dashboard.port,
      stop: () => dashboard.stop(),
    };
  },
};
