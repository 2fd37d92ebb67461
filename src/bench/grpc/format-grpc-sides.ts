import type { BenchGrpcResult } from './bench-grpc.js';

/** Each side's figures, before the goals: rate, latency percentiles and CPU per call. */
export function formatGrpcSides(result: BenchGrpcResult): string {
  const unit = result.rpc === 'stream' ? 'msgs/s' : 'calls/s';
  const header = ['side', unit, 'p50 ms', 'p99 ms', 'CPU ms/call', 'calls', 'failed'];
  const rows = Object.values(result.sides).map((side) => [
    side.label,
    side.perSecond.toFixed(0),
    side.p50Ms.toFixed(2),
    side.p99Ms.toFixed(2),
    side.cpuMsPerCall.toFixed(3),
    String(side.calls),
    String(side.errors),
  ]);
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ');
  const note =
    result.rpc === 'stream'
      ? `(one call streams ${result.streamLimit} orders; latency and CPU are per stream)`
      : '(CPU: this process, which runs the client too, plus the side’s engine and ws-server)';
  return `${[line(header), ...rows.map(line)].join('\n')}\n${note}\n\n`;
}
