import { UsageError } from '../../errors.js';

/** One problem in a scenario file, where an editor would put the cursor. */
export interface ScenarioProblem {
  readonly line: number;
  readonly column: number;
  /** Where in the document: `steps.0.do.http.url`. */
  readonly path: string;
  readonly message: string;
}

/** A scenario file that does not parse or does not match the schema: every problem at once (exit 2). */
export class ScenarioFileError extends UsageError {
  readonly file: string;
  readonly problems: readonly ScenarioProblem[];

  constructor(file: string, problems: readonly ScenarioProblem[]) {
    super(
      `${file} is not a valid scenario (${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}):\n${problems
        .map((problem) => `  ${file}:${problem.line}:${problem.column} ${problem.path || '(top)'}: ${problem.message}`)
        .join('\n')}`,
      {
        hint: 'Fix the file (labs/scenario.schema.json gives editors completion and these checks as you type), then run rtlab scenario validate <file>.',
      },
    );
    this.file = file;
    this.problems = problems;
  }
}
