import type { LoggerFactory } from '../../log/create-logger-factory.js';
import type { Logger } from '../../log/log-entry.js';
import { createLogFeed, type LogFeed } from './log-feed.js';

/**
 * The same loggers, with what one service logs also kept in a feed: how a service that runs in
 * this process shows its log lines to readiness checks, as a child process shows its output.
 */
export function feedLogs(logs: LoggerFactory, service: string): { logs: LoggerFactory; feed: LogFeed } {
  const feed = createLogFeed();
  const tee = (logger: Logger): Logger => {
    const record = (level: string, message: string) => feed.push(`${level} ${message}\n`);
    return {
      error: (message, meta) => (record('error', message), logger.error(message, meta)),
      warn: (message, meta) => (record('warn', message), logger.warn(message, meta)),
      info: (message, meta) => (record('info', message), logger.info(message, meta)),
      debug: (message, meta) => (record('debug', message), logger.debug(message, meta)),
    };
  };
  return {
    feed,
    logs: {
      forService: (name) => (name === service ? tee(logs.forService(name)) : logs.forService(name)),
      close: () => logs.close(),
    },
  };
}
