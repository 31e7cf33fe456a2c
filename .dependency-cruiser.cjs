/**
 * The layers of src/ (docs/architecture.md), checked by `npm run check:layers` in CI. Imports point
 * one way: generated → transport → client → ha → (monitoring) → cli. Type-only imports count: they
 * are structure too. A cycle or an import against the layering fails the check.
 *
 *   generated    knows nothing hand-written (only the shared types in src/types/)
 *   util, types  leaves: used by everything, use nothing above them
 *   errors       the error classes: use util, types and validation's issue type
 *   auth         login arithmetic and flows: errors, util
 *   transport    WebSocket, REST/HTTP, uploads, the drivers: errors, util, auth, types
 *   events, jobs subscriptions and jobs: transport, errors, util, types
 *   client       the client core: transport, jobs, events, auth, errors; API versions only as types
 *   ha           HA helpers and workflows, on top of the client (side clients come from a factory)
 *   entry        what the public entries assemble: client + ha + the API versions
 *   monitoring   watchPair, the exporter, the Nagios check: anything but cli and simulator
 *   cli          on top of everything; nothing imports it
 *   simulator    shares no code path with the client: generated, validation, types, util, errors, SCRAM math
 */
const folder = (name) => `^src/${name}/`;
const folders = (...names) => `^src/(${names.join('|')})/`;

/** `from` may not import any of `to`. */
const layer = (name, from, to, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: to },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle anywhere in src/, type-only imports included.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    layer(
      'generated-knows-nothing-hand-written',
      folder('generated'),
      '^src/(?!generated/|types/)',
      'Generated code imports only generated code and the shared types of src/types/.',
    ),
    layer('nothing-imports-cli', '^src/(?!cli/|cli\\.ts$)', '^src/cli(/|\\.ts$)', 'The CLI sits on top: nothing imports it.'),
    layer(
      'util-is-a-leaf',
      folder('util'),
      folders('jobs', 'events', 'client', 'transport', 'ha', 'entry', 'monitoring', 'auth', 'errors', 'simulator'),
      'util/ holds small helpers used everywhere; it uses nothing above it.',
    ),
    layer(
      'errors-below-transport',
      folder('errors'),
      folders('transport', 'client', 'jobs', 'events', 'auth', 'ha', 'entry', 'monitoring', 'simulator'),
      'The error classes are used by every layer and use none of them.',
    ),
    layer(
      'auth-below-transport',
      folder('auth'),
      folders('transport', 'client', 'jobs', 'events', 'ha', 'entry', 'monitoring', 'simulator'),
      'Login flows take a call function; they know no transport or client.',
    ),
    layer(
      'transport-knows-nothing-above',
      folder('transport'),
      folders('client', 'jobs', 'events', 'ha', 'entry', 'monitoring', 'simulator'),
      'transport/ (WebSocket, REST/HTTP, uploads, drivers) knows nothing above it.',
    ),
    layer(
      'events-below-client',
      folder('events'),
      folders('client', 'jobs', 'ha', 'entry', 'monitoring', 'simulator'),
      'Subscriptions sit on a transport, under the client.',
    ),
    layer(
      'jobs-below-client',
      folder('jobs'),
      folders('client', 'ha', 'entry', 'monitoring', 'simulator'),
      'Job tracking sits on events and calls, under the client.',
    ),
    layer(
      'client-below-ha',
      folder('client'),
      folders('ha', 'entry', 'monitoring', 'simulator'),
      'The client core knows nothing of the HA workflows or the entries built on it.',
    ),
    layer(
      'ha-above-client',
      folder('ha'),
      folders('entry', 'monitoring', 'simulator'),
      'HA workflows sit on the client, under the entries.',
    ),
    layer(
      'entry-below-monitoring',
      folder('entry'),
      folders('monitoring', 'simulator'),
      'The entries assemble the client, HA and the API versions.',
    ),
    layer('monitoring-above-ha', folder('monitoring'), folders('simulator'), 'Monitoring may use anything but the CLI and the simulator.'),
    layer(
      'simulator-shares-no-client-code',
      folder('simulator'),
      folders('client', 'transport', 'ha', 'jobs', 'events', 'entry', 'monitoring'),
      'The simulator is the test double: it shares no code path with the client (it may use generated, validation, types, util, errors and the SCRAM arithmetic of auth/scram.ts).',
    ),
    {
      name: 'client-core-pays-for-no-version',
      comment:
        'The client core and what it sits on use API versions as types only: an entry hands them the description(s) ' +
        '(so that an entry for one version bundles one version’s validators).',
      severity: 'error',
      from: { path: folders('client', 'transport', 'jobs', 'events', 'auth', 'ha') },
      to: { path: '^src/generated/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'node-only-code-through-the-platform-module',
      comment:
        'Node’s HTTP, the ws loader and the reading of image files are reached only through src/transport/platform/node.ts, which the package ' +
        'swaps for platform/browser.ts in browser bundles (#platform); a direct import would put them back in.',
      severity: 'error',
      from: { path: '^src/(?!transport/platform/)' },
      to: { path: '^src/transport/(node-http|websocket/node-websocket|upload/node-file)\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'main-entry-runs-in-browsers',
      comment: 'The main entry and the client stack import nothing Node-only at the top level (Node modules load lazily).',
      severity: 'error',
      from: { path: '^src/(index\\.ts$|public\\.ts$|versions/|client/|transport/|jobs/|events/|auth/|ha/|entry/|errors/|util/|types/)' },
      to: { dependencyTypes: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^src/generated/.*\\.json$' },
  },
};
