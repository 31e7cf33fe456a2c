/**
 * `system.*` handlers (plugins/system/lifecycle.py, product.py, info.py, reboot.py), answered by
 * the controller the connection landed on. Their descriptions (roles, arguments) are in
 * server-methods.ts. Hardware facts in `system.info` are fixed values of a simulated appliance.
 */
import { runSystemReboot } from '../pair/system-reboot.js';
import type { NodeLetter } from '../pair/types.js';
import { type CallContext, type Handler, jobMethod } from '../rpc/dispatch.js';

const BRAND = 'TrueNAS';
const BUILD_TIME = Date.UTC(2025, 0, 1);

/** Python's `str(timedelta(seconds=s))`: `H:MM:SS.ffffff`, with `N day(s), ` in front past a day. */
function pythonTimedelta(seconds: number): string {
  const micro = Math.round(seconds * 1e6);
  const days = Math.floor(micro / 86_400e6);
  let rest = micro - days * 86_400e6;
  const hours = Math.floor(rest / 3_600e6);
  rest -= hours * 3_600e6;
  const minutes = Math.floor(rest / 60e6);
  rest -= minutes * 60e6;
  const secs = Math.floor(rest / 1e6);
  const frac = rest - secs * 1e6;
  const clock = `${hours}:${String(minutes).padStart(2, '0')}:${String(secs).padStart(2, '0')}${frac ? `.${String(frac).padStart(6, '0')}` : ''}`;
  return days ? `${days} day${days === 1 ? '' : 's'}, ${clock}` : clock;
}

function license(licensed: boolean): Record<string, unknown> | null {
  if (!licensed) return null;
  return {
    model: 'M50',
    system_serial: 'A1-100001',
    system_serial_ha: 'A1-100002',
    contract_type: 'GOLD',
    contract_start: { $type: 'date', $value: '2025-01-01' },
    contract_end: { $type: 'date', $value: '2030-01-01' },
    legacy_contract_hardware: null,
    legacy_contract_software: null,
    customer_name: 'Simulated Customer',
    expired: false,
    features: ['DEDUP', 'FIBRECHANNEL'],
    addhw: [],
    addhw_detail: [],
  };
}

/** `system.info` of a controller (info.py `info`). */
function systemInfo(call: CallContext, node: NodeLetter): Record<string, unknown> {
  const { pair } = call.rt;
  const c = pair.controller(node);
  const now = pair.clock.now();
  const uptime = Math.max(0, (now - c.bootedAt) / 1000);
  return {
    version: c.version,
    buildtime: { $date: BUILD_TIME },
    hostname: pair.licensed ? `truenas-${node.toLowerCase()}` : 'truenas',
    physmem: 68_719_476_736,
    model: 'Intel(R) Xeon(R) Silver 4210R CPU @ 2.40GHz',
    cores: 20,
    physical_cores: 10,
    loadavg: [0.12, 0.08, 0.05],
    uptime: pythonTimedelta(uptime),
    uptime_seconds: uptime,
    system_serial: node === 'A' ? 'A1-100001' : 'A1-100002',
    system_product: pair.licensed ? 'TRUENAS-M50-HA' : 'TRUENAS-M50',
    system_product_version: '0123456789',
    license: license(pair.licensed && c.licensed),
    boottime: { $date: c.bootedAt },
    datetime: { $date: now },
    timezone: 'America/Los_Angeles',
    system_manufacturer: 'iXsystems',
    ecc_memory: true,
  };
}

const nodeOf = (call: CallContext) => call.session.node;

export const systemHandlers: Record<string, Handler> = {
  'system.boot_id': (call) => call.rt.pair.controller(nodeOf(call)).bootId,

  // lifecycle.py `ready`: system.state != 'BOOTING'.
  'system.ready': (call) => call.rt.pair.controller(nodeOf(call)).power === 'up',

  // product.py `version`: sw_info()['fullname'], f'{BRAND}-{version}'.
  'system.version': (call) => `${BRAND}-${call.rt.pair.controller(nodeOf(call)).version}`,

  'system.info': (call) => systemInfo(call, nodeOf(call)),

  'system.reboot.info': (call) => call.rt.pair.ownRebootInfo(call.rt.pair.controller(nodeOf(call))),

  // lifecycle.py `reboot`: send_event('system.reboot', 'ADDED', fields={'reason': reason}), sleep `delay`,
  // then `shutdown -r now`. The job never ends: the controller goes down under it.
  'system.reboot': jobMethod({
    run: (call, [reason, options], ctx) =>
      runSystemReboot(call.rt.pair, nodeOf(call), String(reason), (options as { delay: number | null }).delay, ctx),
  }),
};
