import { describe, expect, it } from 'vitest';
import { formatSummary } from '../../src/scenarios/report/format-plain.js';
import { passedStep, sampleReport } from './sample-run-report.js';

describe('the run summary', () => {
  it('agrees in number in Spanish: 1 superado, 0 fallidos, 2 superados', () => {
    expect(formatSummary(sampleReport, 'es')).toBe(
      '\n✗ escenarios: 0 superados, 1 fallido; pasos: 1 superado, 1 fallido, 1 omitido en 1.9 s\n',
    );
    const twoPassed = {
      ...sampleReport,
      passed: true,
      scenarios: [{ ...sampleReport.scenarios[0]!, passed: true, steps: [passedStep, passedStep] }],
    };
    expect(formatSummary(twoPassed, 'es')).toBe(
      '\n✓ escenarios: 1 superado, 0 fallidos; pasos: 2 superados, 0 fallidos, 0 omitidos en 1.9 s\n',
    );
    expect(formatSummary(twoPassed, 'en')).toBe(
      '\n✓ scenarios: 1 passed, 0 failed; steps: 2 passed, 0 failed, 0 skipped in 1.9 s\n',
    );
  });
});
