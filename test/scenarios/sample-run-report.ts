import type { RunReport, StepReport } from '../../src/scenarios/run/run-report.js';

const receiverLine = (message: string, fields: Record<string, unknown>) =>
  JSON.stringify({
    timestamp: '2026-11-29T19:00:01.250Z',
    level: 'info',
    service: 'webhooks-receiver',
    message,
    ...fields,
  });

/** A step that passed: an HTTP call, a log line and a Socket.IO event as its evidence. */
export const passedStep: StepReport = {
  id: 'send',
  phase: 'steps',
  title: { es: 'Disparar el sender', en: 'Trigger the sender' },
  status: 'passed',
  startedAtMs: 1000,
  durationMs: 400,
  action: 'http',
  result: { status: 200, json: { status: 'sent', count: 2 } },
  expectations: [
    {
      kind: 'log',
      ok: true,
      summary: 'log webhooks-receiver "Handling order.created event"',
      expected: 'at least 1 within 5000 ms',
      received: '1 matching line(s)',
      evidence: [{ atMs: 1250, value: { message: 'Handling order.created event', eventId: 'msg_1', status: 202 } }],
      service: 'webhooks-receiver',
    },
    {
      kind: 'ws',
      ok: true,
      summary: 'ws /notifications order:update',
      expected: 'at least 1',
      received: '1',
      evidence: [{ atMs: 1300, value: { orderId: 'ord_1', eventId: 'msg_1', status: 'created' } }],
    },
    {
      kind: 'http',
      ok: true,
      summary: 'http status 200',
      expected: 'status 200',
      received: 'status 200',
      evidence: [{ atMs: 1390, value: { status: 200, json: { status: 'sent', count: 2 } } }],
    },
  ],
  logs: {},
};

/** A step that failed: a document not as expected, with the receiver's last lines. */
export const failedStep: StepReport = {
  id: 'stored',
  phase: 'steps',
  title: { es: 'La orden <guardada> & "lista"', en: 'The order <stored> & "ready"' },
  status: 'failed',
  startedAtMs: 1500,
  durationMs: 300,
  action: 'mongo',
  expectations: [
    {
      kind: 'mongo',
      ok: false,
      summary: 'mongo orders {"orderId":"ord_1"} document {"status":"paid"}',
      expected: 'orders {"orderId":"ord_1"} document {"status":"paid"}',
      received: 'none of 1 matches: status: expected "paid", received "created"',
      evidence: [{ atMs: 1790, value: { count: 1, document: { orderId: 'ord_1', status: 'created' } } }],
      service: 'mongo',
    },
  ],
  logs: {
    'webhooks-receiver': [
      receiverLine('Handling order.created event', { eventId: 'msg_1', status: 202 }),
      'a line that is not JSON',
    ],
  },
};

export const skippedStep: StepReport = {
  id: 'later',
  phase: 'steps',
  title: { es: 'Nunca corre', en: 'Never runs' },
  status: 'skipped',
  startedAtMs: 1800,
  durationMs: 0,
  action: 'wait',
  expectations: [],
  logs: {},
};

export const sampleReport: RunReport = {
  startedAt: '2026-11-29T19:00:00.000Z',
  durationMs: 1900,
  lab: 'started',
  passed: false,
  scenarios: [
    {
      id: 'demo',
      file: '/labs/demo.yaml',
      title: { es: 'Demo', en: 'Demo' },
      passed: false,
      startedAtMs: 900,
      durationMs: 1000,
      steps: [passedStep, failedStep, skippedStep],
    },
  ],
};
