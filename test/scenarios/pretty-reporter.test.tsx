import { afterEach, describe, expect, it, vi } from 'vitest';

// ink decides at import whether it runs under CI (then it draws only the last frame): these
// tests look at every frame, whatever the machine that runs them.
vi.hoisted(() => {
  delete process.env['CI'];
  delete process.env['CONTINUOUS_INTEGRATION'];
});

import { stripVTControlCharacters } from 'node:util';
import { cleanup, render } from 'ink-testing-library';
import { formatScenarioHeading, formatStep } from '../../src/scenarios/report/format-plain.js';
import { ScenarioRunStore } from '../../src/ui/scenario-run/scenario-run-store.js';
import { ScenarioRunView } from '../../src/ui/scenario-run/ScenarioRunView.js';
import { failedStep, passedStep } from './sample-run-report.js';

afterEach(() => cleanup());

const plain = (text: string | undefined) => stripVTControlCharacters(text ?? '');

async function frameWhere(frames: () => string[], check: (frame: string) => boolean): Promise<string> {
  await vi.waitFor(() => expect(frames().map(plain).some(check), frames().map(plain).join('\n---\n')).toBe(true), {
    timeout: 5000,
    interval: 20,
  });
  return frames().map(plain).find(check)!;
}

describe('the pretty reporter', () => {
  it('spins beside the running step with its clock, then shows ✓ or ✗ with the duration and the failure', async () => {
    let clock = 0;
    const store = new ScenarioRunStore({
      scenario: (scenario) => formatScenarioHeading(scenario, 'en').trim(),
      step: (step) => formatStep(step, 'en'),
    });
    const listener = store.listener(() => clock);
    const view = () => <ScenarioRunView store={store} title={(step) => step.title.en} now={() => clock} />;
    const { frames, rerender } = render(view());

    listener.scenarioStarted({ id: 'demo', title: { es: 'Demo', en: 'Demo' } });
    listener.stepStarted!({
      scenarioId: 'demo',
      id: 'send',
      phase: 'steps',
      title: passedStep.title,
      startedAtMs: 1000,
    });
    clock = 1200;
    rerender(view());
    const spinning = await frameWhere(
      () => frames,
      (frame) => /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] send Trigger the sender \(1\.2 s\)/.test(frame),
    );
    expect(spinning).toContain('▶ demo — Demo');

    listener.stepFinished(passedStep);
    listener.stepStarted!({
      scenarioId: 'demo',
      id: 'stored',
      phase: 'steps',
      title: failedStep.title,
      startedAtMs: 1500,
    });
    listener.stepFinished(failedStep);
    rerender(view());
    const all = await frameWhere(
      () => [frames.join('\n')],
      (text) => text.includes('✗ stored'),
    );
    expect(all).toMatch(/✓ send {2}Trigger the sender {2}\(400 ms\)/);
    expect(all).toMatch(/✗ stored {2}The order <stored> & "ready" {2}\(300 ms\)/);
    expect(all).toContain('received: none of 1 matches: status: expected "paid", received "created"');
    expect(all).toMatch(/webhooks-receiver info {2}Handling order\.created event eventId=msg_1 status=202/);
  });
});
