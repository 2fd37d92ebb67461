import { ExitCode, RtlabError } from '../../errors.js';
import type { RunningLab, StartLabOptions } from '../lab-runtime.js';

// PLACEHOLDER, replaced within this session by the docker runtime's branch.
export async function startDockerLab(_options: StartLabOptions): Promise<RunningLab> {
  throw new RtlabError('The docker runtime is not built yet.', {
    exitCode: ExitCode.usage,
    hint: 'rtlab up runs the embedded one.',
  });
}
