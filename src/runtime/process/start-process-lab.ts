import { ExitCode, RtlabError } from '../../errors.js';
import type { RunningLab, StartLabOptions } from '../lab-runtime.js';

// PLACEHOLDER, replaced within this session by the process runtime's branch.
export async function startProcessLab(_options: StartLabOptions): Promise<RunningLab> {
  throw new RtlabError('The process runtime is not built yet.', {
    exitCode: ExitCode.usage,
    hint: 'rtlab up runs the embedded one.',
  });
}
