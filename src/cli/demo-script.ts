/**
 * The demo's story: the seed's "Common HA Operations", each as one CLI command, with the words an
 * operator needs to understand what happens on the pair. Kept apart from the code that plays it.
 */

export interface DemoCommand {
  /** The command line; `{vip}`, `{a}` and `{b}` stand for the simulated pair's addresses. */
  argv: string[];
  /** Exit codes that mean the step went as intended. */
  expect: number;
  /** Said after the command, when it went as intended. */
  after?: string;
}

export interface DemoStep {
  title: string;
  /** The midclt calls of the seed this step replaces. */
  seed: string[];
  explain: string[];
  commands: DemoCommand[];
}

export const DEMO_STEPS: readonly DemoStep[] = [
  {
    title: 'Check the HA status',
    seed: ['midclt call failover.licensed', 'midclt call failover.status', 'midclt call failover.node'],
    explain: [
      'One command reads the license, the status and node of the controller behind the VIP, the failover',
      'configuration, the disabled reasons and the reboot info of both controllers, all at once.',
      'Its exit code is the verdict: 0 means healthy, so monitoring can call it as it is.',
    ],
    commands: [{ argv: ['status'], expect: 0, after: 'Exit code 0: healthy. Node A is active (MASTER), node B is the standby (BACKUP).' }],
  },
  {
    title: 'Planned failover',
    seed: ['midclt call failover.become_passive   # on the master'],
    explain: [
      'failover.become_passive makes the active controller reboot at once, without even answering. The standby',
      'notices that its peer is gone, takes over the pools and the VIP. The CLI checks first that the standby can',
      'take over, then follows the VIP to the new MASTER and waits for the old one to come back as standby.',
    ],
    commands: [
      { argv: ['failover', '--yes'], expect: 0 },
      { argv: ['status'], expect: 0, after: 'The roles are swapped: node B is active now, node A is its healthy standby.' },
    ],
  },
  {
    title: 'Change the configuration, then sync it to the peer',
    seed: [`midclt call failover.update '{"timeout": 5}'`, 'midclt call failover.sync_to_peer'],
    explain: [
      'Arguments are checked against the schema of the API version before anything is sent; a mistake is',
      'reported with the field at fault. Then the change is made and copied to the other controller. Given both',
      "controllers' own addresses (--a, --b) next to the VIP, the CLI reads the configuration back from the",
      'standby and compares it with the active one.',
    ],
    commands: [
      {
        argv: ['call', 'failover.update', '{"timeout": "5s"}'],
        expect: 2,
        after: 'Exit code 2: refused locally, with the field path (data.timeout); nothing was sent.',
      },
      { argv: ['update', '--timeout', '5', '--yes'], expect: 0 },
      { argv: ['sync', '--to-peer', '--vip', '{vip}', '--a', '{a}', '--b', '{b}'], expect: 0 },
    ],
  },
  {
    title: 'Emergency disable for maintenance, then re-enable',
    seed: [`midclt call failover.update '{"disabled": true}'`, `midclt call failover.update '{"disabled": false}'`],
    explain: [
      'Disabling failover keeps the active controller active and stops automatic failover, e.g. while cabling is',
      'worked on. `status` then exits 12, so a forgotten maintenance mode shows up in monitoring. Re-enabling',
      'is only done when the disabled reasons are gone: then the standby can take over again.',
    ],
    commands: [
      { argv: ['disable', '--yes'], expect: 0 },
      { argv: ['status'], expect: 12, after: 'Exit code 12: failover disabled (NO_FAILOVER). Scripts can tell.' },
      { argv: ['enable', '--yes'], expect: 0 },
    ],
  },
  {
    title: 'Rolling upgrade',
    seed: ['midclt call failover.upgrade'],
    explain: [
      'Three phases: the upgrade job installs the update on both controllers and reboots the standby into it;',
      'then a planned failover moves the VIP to the upgraded controller; finally the old active controller boots',
      'into the new version and returns as the standby. The progress follows the pair through the failover.',
    ],
    commands: [
      { argv: ['upgrade', '--yes'], expect: 0 },
      { argv: ['status'], expect: 0, after: 'Both controllers run the new version, the pair is healthy again.' },
    ],
  },
];
