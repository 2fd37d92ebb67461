import { describe, expect, it } from 'vitest';
import { formatTable, statusColor } from './format-table.js';

const columns = [{ header: 'EVENT ID' }, { header: 'STATUS', color: statusColor }, { header: 'ERROR' }];

describe('formatTable', () => {
  it('prints a header row and aligns columns two spaces apart, the last one unpadded', () => {
    const table = formatTable(
      columns,
      [
        ['evt_1', 'processed', ''],
        ['evt_22', 'failed', 'Order ord_1 does not exist'],
      ],
      { color: false },
    );
    expect(table).toBe(
      'EVENT ID  STATUS     ERROR\nevt_1     processed\nevt_22    failed     Order ord_1 does not exist\n',
    );
  });

  it('leaves out a last column that is empty in every row, header included', () => {
    const table = formatTable(
      columns,
      [
        ['evt_1', 'processed', ''],
        ['evt_22', 'received', ''],
      ],
      { color: false },
    );
    expect(table).toBe('EVENT ID  STATUS\nevt_1     processed\nevt_22    received\n');
  });

  it('measures cells after making them printable, so an escape cannot break the alignment', () => {
    const table = formatTable(
      columns,
      [
        ['evt_\u001b[2J', 'dead', '\u0000'],
        ['evt_2', 'delivered', 'ok'],
      ],
      { color: false },
    );
    expect(table.split('\n')).toEqual([
      'EVENT ID       STATUS     ERROR',
      'evt_\\u001b[2J  dead       \\u0000',
      'evt_2          delivered  ok',
      '',
    ]);
  });

  it('colours statuses by meaning and the header in bold, outside the padding; plain without colour', () => {
    const table = formatTable(
      columns,
      [
        ['evt_1', 'processed', ''],
        ['evt_2', 'received', ''],
        ['evt_3', 'failed', 'x'],
      ],
      { color: true },
    );
    expect(table.split('\n')).toEqual([
      '\u001b[1mEVENT ID\u001b[22m  \u001b[1mSTATUS\u001b[22m     \u001b[1mERROR\u001b[22m',
      'evt_1     \u001b[32mprocessed\u001b[39m',
      'evt_2     \u001b[33mreceived\u001b[39m',
      'evt_3     \u001b[31mfailed\u001b[39m     x',
      '',
    ]);
  });
});
