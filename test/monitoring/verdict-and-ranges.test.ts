import { describe, expect, it } from 'vitest';
import { assessPair, type ControllerState, type PairState } from '../../src/index.js';
import { initialState } from '../../src/monitoring/pair-state.js';
import { alerts, parseRange, perfItem, pluginLine } from '../../src/monitoring/plugin.js';

const controller = (node: string, status: string | undefined, rebootRequired: string[] = []): ControllerState => ({
  node,
  status,
  statusSource: status ? 'direct' : undefined,
  bootId: 'b',
  rebootRequired,
});
function pair(controllers: ControllerState[], reasons: string[] = [], failoverDisabled = false): PairState {
  const master = controllers.find((c) => c.status === 'MASTER')?.node;
  return {
    ...initialState('nas1'),
    up: true,
    checkedAt: 1,
    ha: {
      readAt: 1,
      address: undefined,
      apiVersion: 'v27.0.0',
      licensed: true,
      master,
      controllers,
      failoverDisabled,
      disabledReasons: reasons,
      timeout: 0,
      healthy: master !== undefined && reasons.length === 0 && !failoverDisabled,
    },
  };
}

describe('the Nagios verdict (assessPair)', () => {
  it('ranks the problems: CRITICAL, then WARNING, then UNKNOWN, and lists them all', () => {
    expect(assessPair(pair([controller('A', 'MASTER'), controller('B', 'BACKUP')]))).toMatchObject({ code: 0, state: 'OK', problems: [] });
    expect(assessPair(pair([controller('A', 'ELECTING'), controller('B', undefined)]))).toMatchObject({
      code: 2,
      text: 'node A ELECTING, node B unknown, failover enabled: no controller is MASTER',
    });
    expect(assessPair(pair([controller('A', 'MASTER'), controller('B', 'ERROR')])).state).toBe('CRITICAL');
    // The standby booting and a pending reboot only warn.
    const booting = assessPair(pair([controller('A', 'MASTER', ['UPGRADE']), controller('B', undefined)], ['NO_SYSTEM_READY']));
    expect(booting).toMatchObject({ code: 1, state: 'WARNING' });
    expect(booting.problems.map((p) => p.text)).toEqual(['the standby is not ready yet (NO_SYSTEM_READY)', 'node A must reboot (UPGRADE)']);
    expect(assessPair(pair([controller('A', 'MASTER'), controller('B', 'BACKUP')], ['REM_UPGRADE_REBOOT_REQ'])).state).toBe('WARNING');
    // Any other reason stops automatic failover: critical, worst first in the text.
    const mixed = assessPair(pair([controller('A', 'MASTER'), controller('B', undefined)], ['NO_FAILOVER', 'MISMATCH_DISKS'], true));
    expect(mixed.state).toBe('CRITICAL');
    expect(mixed.text).toBe(
      'node A MASTER, node B unknown, failover disabled: MISMATCH_DISKS: the controllers do not see the same disks; failover administratively disabled',
    );
    // An unknown code (a newer TrueNAS) is critical and said to be unknown, not guessed.
    expect(assessPair(pair([controller('A', 'MASTER')], ['NO_SUCH_REASON'])).text).toMatch(
      /NO_SUCH_REASON: a reason this version .* does not know/,
    );
  });

  it('is UNKNOWN before the first read, when unreachable, and when the status cannot be read', () => {
    expect(assessPair(initialState('nas1'))).toMatchObject({ code: 3, text: 'cannot reach the pair: not read yet' });
    expect(assessPair({ ...initialState('nas1'), checkedAt: 1, error: 'AUTH_ERR', errorKind: 'auth' }).text).toBe(
      'login refused: AUTH_ERR',
    );
    expect(assessPair(pair([controller('A', undefined)])).state).toBe('UNKNOWN');
  });
});

describe('Monitoring Plugins ranges and output', () => {
  it('parses the range forms and alerts outside (or, with @, inside) them', () => {
    const cases: [string, number, boolean][] = [
      ['10', 11, true],
      ['10', 10, false],
      ['10', -1, true],
      ['10:', 9, true],
      ['10:', 1e9, false],
      ['~:10', -1e9, false],
      ['~:10', 10.5, true],
      ['10:20', 15, false],
      ['10:20', 21, true],
      ['@10:20', 15, true],
      ['@10:20', 9, false],
      ['0.5', 0.6, true],
    ];
    for (const [text, value, expected] of cases) expect(alerts(parseRange(text, '-w'), value), `${text} @ ${value}`).toBe(expected);
    for (const bad of ['', 'soon', '20:10', '1:2:3', '@']) expect(() => parseRange(bad, '--warning')).toThrow(/--warning/);
  });

  it('prints one line; a | in the text cannot start the perfdata', () => {
    const w = parseRange('2', '-w');
    expect(pluginLine('OK', 'a | b\nc', [perfItem('time', 0.12345, 's', w), perfItem('reasons', 0)])).toBe(
      'HA OK - a / b c | time=0.123s;2 reasons=0',
    );
  });
});
