import { closeSync, openSync, writeFileSync } from 'node:fs';
import { ExitCode, RtlabError, UsageError } from '../../errors.js';
import type { RunReport } from '../../scenarios/run/run-report.js';
import type { Language } from '../../scenarios/schema/localized.js';
import type { CliContext } from '../cli-context.js';

/** The reporters that produce a document (for `--out` or stdout), as opposed to a live view. */
export const documentReporters = ['json', 'junit', 'html'] as const;
export type DocumentReporter = (typeof documentReporters)[number];

/** The report as a document: JSON (with its timeline), JUnit XML, or the HTML page. */
export async function formatScenarioReport(
  reporter: DocumentReporter,
  report: RunReport,
  lang: Language,
): Promise<string> {
  switch (reporter) {
    case 'json': {
      const { toTimeline } = await import('../../scenarios/timeline/build-timeline.js');
      return `${JSON.stringify({ lang, ...report, timeline: toTimeline(report) }, null, 2)}\n`;
    }
    case 'junit':
      return (await import('../../scenarios/report/format-junit.js')).formatJunit(report, lang);
    case 'html':
      return (await import('../../scenarios/report/format-html.js')).formatHtml(report, lang);
  }
}

/** `--out` checked before the run: a report that cannot be written is known before minutes of work. */
export function ensureWritable(file: string): void {
  try {
    closeSync(openSync(file, 'w'));
  } catch (error) {
    throw new UsageError(`--out ${file} cannot be written: ${(error as Error).message}.`, {
      hint: 'Give a file in a folder that exists and that you can write to.',
    });
  }
}

/** The report to its file; if that fails now (a full disk), on stdout instead, so the run is not lost. */
export function writeReport(context: CliContext, file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    context.stdout.write(text);
    throw new RtlabError(
      `The report could not be written to ${file}: ${(error as Error).message}; it is printed above.`,
      {
        exitCode: ExitCode.environment,
        hint: 'Free some space or choose another --out.',
      },
    );
  }
}
