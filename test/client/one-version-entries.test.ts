import { readdirSync, readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { describe, expect, it, onTestFinished } from 'vitest';
import { AbortedError, API_VERSIONS, ConnectionClosedError, createClient as createFullClient, ValidationError } from '../../src/index.js';
import { simulatedUpdateImage } from '../../src/simulator.js';
import * as v25_04_0 from '../../src/versions/v25_04_0.js';
import * as v25_10_2 from '../../src/versions/v25_10_2.js';
import * as v26 from '../../src/versions/v26_0_0.js';
import * as v27 from '../../src/versions/v27_0_0.js';
import { apiKeyAuth, simulator } from './helpers.js';

// `truenas-failover/v27.0.0` and its siblings: a client of one API version family, which talks,
// validates and refuses like the main entry's, and whose bundle carries no other version.

describe('an entry for one API version', () => {
  it('talks to a pair of its version over WebSocket and REST, with its validation', async () => {
    const sim = await simulator({ apiVersion: 'v25.10.4' });
    const ws = v25_10_2.createClient({ url: sim.vip.ws, auth: apiKeyAuth(sim), env: false });
    const rest = v25_10_2.createClient({ url: sim.vip.http, transport: 'rest', auth: apiKeyAuth(sim), env: false });
    onTestFinished(() => Promise.all([ws.close(), rest.close()]).then(() => undefined));
    expect(await ws.failover.status()).toBe('MASTER');
    expect(ws.apiVersion).toBe('v25.10.4');
    expect((await rest.failover.config()).timeout).toBeTypeOf('number');
    // @ts-expect-error a string where the schema wants an integer
    const refused = await ws.failover.update({ timeout: 'soon' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues[0]?.attribute).toBe('data.timeout');
  });

  it('checks 25.04 arguments the way its @accepts layer does, before sending', async () => {
    const sim = await simulator({ apiVersion: 'v25.04.2' });
    const ws = v25_04_0.createClient({ url: sim.vip.ws, auth: apiKeyAuth(sim), env: false });
    onTestFinished(() => ws.close());
    // @ts-expect-error a string where the schema wants an integer
    const refused = await ws.failover.update({ timeout: 'soon' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).source).toBe('client');
    expect((refused as ValidationError).issues).toEqual([{ attribute: 'failover_update.timeout', message: 'Not an integer', errno: 22 }]);
  });

  it('refuses REST when its versions have none, saying so before any connection', () => {
    // @ts-expect-error REST clients exist only for versions with REST
    expect(() => v27.createClient({ url: 'wss://nas.example', transport: 'rest' })).toThrow(TypeError);
    const entries = [v26, v27].map((e) => [e.API_VERSIONS[0], e.createClient as (options: object) => unknown] as const);
    for (const [version, createClient] of entries) {
      expect(() => createClient({ url: 'wss://nas.example', transport: 'rest' })).toThrow(
        new TypeError(
          `createClient: REST was asked for (transport: 'rest' or http(s):// addresses), but API ${version} has no REST /api/v2.0 (TrueNAS 26 removed it); use ws(s):// addresses`,
        ),
      );
      expect(() => createClient({ url: 'https://nas.example' })).toThrow(/has no REST \/api\/v2\.0/);
    }
  });

  it('refuses a version it does not carry, naming the versions it speaks', () => {
    expect(v27.API_VERSIONS).toEqual(['v27.0.0']);
    expect(v25_10_2.API_VERSIONS).toEqual(['v25.10.2', 'v25.10.3', 'v25.10.4', 'v25.10.5']);
    // @ts-expect-error v25.10.0 is not a version of this entry
    expect(() => v27.createClient({ url: 'wss://nas.example', apiVersion: 'v25.10.0' })).toThrow(
      /apiVersion "v25.10.0" is not one of v27.0.0/,
    );
    expect(() => v27.createClient({ url: 'wss://nas.example/api/v26.0.0' })).toThrow(/names API v26.0.0/);
  });

  it('offers everything of the main entry but the version lists, createClient and watchPair, and the features a lean client adds', async () => {
    const main = await import('../../src/index.js');
    const versionSpecific = [
      'createClient',
      'API_VERSIONS',
      'apiDescription',
      'isApiVersion',
      'LATEST_API_VERSION',
      'REST_API_VERSIONS',
      'LATEST_REST_API_VERSION',
      'watchPair',
    ];
    const common = Object.keys(main).filter((k) => !versionSpecific.includes(k));
    expect(Object.keys(v27).sort()).toEqual([...common, 'API_VERSIONS', 'createClient', 'withHa', 'withJobs', 'withUploads'].sort());
    expect(v27.ValidationError).toBe(main.ValidationError);
  });

  it("makes lean clients: ha and upload come with withHa and withUploads, and then work as the main entry's", async () => {
    const sim = await simulator({ apiVersion: 'v25.10.4', rateLimit: false });
    const client = v25_10_2.createClient({ url: sim.vip.ws, auth: apiKeyAuth(sim), env: false });
    onTestFinished(() => client.close());
    expect('ha' in client).toBe(false);
    const image = simulatedUpdateImage('25.10.9', 64 * 1024);
    // @ts-expect-error a lean client has no upload until withUploads
    expect(() => client.upload('failover.upgrade', [{}], image)).toThrow(
      new TypeError(
        "upload('failover.upgrade'): this client was created without uploads; add them with withUploads(client) from its entry, or use createClient of 'truenas-failover'",
      ),
    );
    // The HA helpers alone: a rolling upgrade from an image stops before it starts anything.
    const haOnly = v25_10_2.withHa(client);
    const versionOfB = sim.state().nodes.B?.version;
    await expect(haOnly.ha.rollingUpgrade({ image })).rejects.toThrow(/add them with withUploads\(client\)/);
    expect(sim.state().nodes.B?.version).toBe(versionOfB);
    const full = v25_10_2.withUploads(haOnly);
    expect(full).toBe(client);
    const snapshot = await full.ha.snapshot();
    expect(snapshot.status).toBe('MASTER');
    expect(snapshot.licensed).toBe(true);
    expect(v25_10_2.withHa(full).ha).toBe(full.ha);
    // A REST client of the same entry takes them too; the helpers read the pair over REST.
    const rest = v25_10_2.withHa(v25_10_2.createClient({ url: sim.vip.http, transport: 'rest', auth: apiKeyAuth(sim), env: false }));
    onTestFinished(() => rest.close());
    const restSnapshot = await rest.ha.snapshot();
    expect(restSnapshot).toMatchObject({ licensed: true, node: 'A', designatedMaster: 'A', config: { master: true } });
    expect(restSnapshot.unavailable.status).toBeTypeOf('string'); // 25.10 serves no failover.status over REST
    expect(await full.upload('failover.upgrade', [{}], image)).toBe(true);
    expect(sim.state().nodes.B?.version).toBe('25.10.9');
  });

  it('starts jobs only once withJobs (or withHa, withUploads) added them, and says how before sending anything', async () => {
    const sim = await simulator({ apiVersion: 'v27.0.0', rateLimit: false, timeScale: 0.005 });
    const client = v27.createClient({ url: sim.vip.ws, auth: apiKeyAuth(sim), env: false });
    onTestFinished(() => client.close());
    const bootOfB = sim.state().nodes.B?.bootId;
    const refusal = new TypeError(
      "failover.reboot.other_node is a job method, and this client was created without jobs; add them with withJobs(client) from its entry, or use createClient of 'truenas-failover'",
    );
    // @ts-expect-error a lean client has no job methods until withJobs
    expect(() => client.failover.reboot.other_node({ reason: 'test', graceful: true })).toThrow(refusal);
    // @ts-expect-error nor by wire name
    expect(() => client.call('failover.reboot.other_node', [{ reason: 'test', graceful: true }])).toThrow(refusal);
    // Everything else works as usual, and nothing was sent: B did not reboot.
    expect(await client.failover.status()).toBe('MASTER');
    expect(await client.failover.reboot.info()).toMatchObject({ other_node: { boot_id: bootOfB } });
    expect(client.stats().jobs).toEqual({ tracked: 0, starting: 0, recentJobIds: 0, pollTimer: false });
    const withJobs = v27.withJobs(client);
    expect(withJobs).toBe(client);
    expect(v27.withJobs(withJobs)).toBe(client);
    const job = withJobs.failover.reboot.other_node({ reason: 'test', graceful: true });
    const seen: (number | null)[] = [];
    job.on('progress', (p) => seen.push(p.percent));
    expect(await job).toBeNull();
    expect(seen.length).toBeGreaterThan(0);
    expect(sim.state().nodes.B?.bootId).not.toBe(bootOfB);
    expect(client.stats().jobs.tracked).toBe(0);
    // withHa and withUploads bring jobs with them: an aborted start settles as a job does (nothing is sent).
    for (const add of [v27.withHa, v27.withUploads]) {
      const other = add(v27.createClient({ url: sim.vip.ws, auth: apiKeyAuth(sim), env: false }));
      onTestFinished(() => other.close());
      const aborted = other.failover.reboot.other_node({ reason: 'test', graceful: true }, { signal: AbortSignal.abort() });
      await expect(aborted).rejects.toBeInstanceOf(AbortedError);
      expect((await aborted.started.catch((e: unknown) => e)) instanceof AbortedError).toBe(true);
    }
    // Jobs added to a closed client fail at once, as they do on a client closed with them.
    const closed = v27.createClient({ url: sim.vip.ws, auth: apiKeyAuth(sim), env: false });
    await closed.close();
    await expect(v27.withJobs(closed).failover.reboot.other_node()).rejects.toBeInstanceOf(ConnectionClosedError);
    // A REST client of a 25.x entry takes them too and follows its jobs by polling.
    const sim25 = await simulator({ apiVersion: 'v25.10.4', rateLimit: false, timeScale: 0.005 });
    const rest = v25_10_2.withJobs(v25_10_2.createClient({ url: sim25.vip.http, transport: 'rest', auth: apiKeyAuth(sim25), env: false }));
    onTestFinished(() => rest.close());
    const bootOfB25 = sim25.state().nodes.B?.bootId;
    expect(await rest.failover.reboot.other_node({ reason: 'test', graceful: true })).toBeNull();
    expect(sim25.state().nodes.B?.bootId).not.toBe(bootOfB25);
  });

  it("withJobs, withHa and withUploads refuse what is not a client of this package, and leave the main entry's clients as they are", () => {
    for (const add of [v27.withJobs, v27.withHa, v27.withUploads] as ((c: unknown) => unknown)[]) {
      expect(() => add({ call() {} })).toThrow(
        new TypeError(`${add.name}: expected a client made by createClient of truenas-failover, got object`),
      );
      expect(() => add(null)).toThrow(/got null/);
    }
    const main = createFullClient({ url: 'wss://nas.example', env: false });
    const ha = main.ha;
    expect(v27.withHa(main as never)).toBe(main);
    expect(main.ha).toBe(ha);
    expect(v27.withUploads(main as never)).toBe(main);
    expect(v27.withJobs(main as never)).toBe(main);
  });

  it('is exported for every API version, each mapped to the entry of its family', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      exports: Record<string, { import: { default: string; types: string }; require: { default: string; types: string } }>;
      typesVersions: { '*': Record<string, string[]> };
    };
    const families = readdirSync('src/versions').map((f) => f.slice(0, -'.ts'.length).replace(/_/g, '.'));
    for (const version of API_VERSIONS) {
      const entry = pkg.exports[`./${version}`];
      expect(entry, version).toBeDefined();
      const family = /versions\/(v[\d.]+)\.mjs$/.exec(entry!.import.default)?.[1];
      expect(families).toContain(family);
      expect(entry).toEqual({
        import: { types: `./dist/versions/${family}.d.mts`, default: `./dist/versions/${family}.mjs` },
        require: { types: `./dist/versions/${family}.d.cts`, default: `./dist/versions/${family}.cjs` },
      });
      expect(pkg.typesVersions['*'][version]).toEqual([`./dist/versions/${family}.d.cts`]);
      const source = readFileSync(`src/versions/${family!.replace(/\./g, '_')}.ts`, 'utf8');
      expect(source).toContain(`generated/${family!.replace(/\./g, '_')}/index.js`);
    }
  });

  /** The inputs that put bytes into a browser bundle of `app` (not every file read). */
  async function bundled(app: string): Promise<{ inputs: string[]; code: string }> {
    const out = await build({
      stdin: { contents: app, resolveDir: '.', loader: 'ts' },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.entries(Object.values(out.metafile.outputs)[0]!.inputs)
      .filter(([, v]) => v.bytesInOutput > 0)
      .map(([k]) => k);
    return { inputs, code: new TextDecoder().decode(out.outputFiles[0]!.contents) };
  }

  it('bundles for a browser without the other versions, nor the features the app does not add', async () => {
    const { inputs, code } = await bundled(
      "import { createClient } from './src/versions/v27_0_0.ts'; createClient({ url: 'wss://nas.example' }).failover.status();",
    );
    expect(inputs.some((i) => i.includes('generated/v27_0_0/'))).toBe(true);
    expect(inputs.some((i) => i.includes('transport/websocket/'))).toBe(true);
    expect(inputs.filter((i) => /generated\/v25_/.test(i))).toEqual([]);
    // Nor REST (TrueNAS 26 removed it) nor 25.04's @accepts argument layer.
    expect(inputs.filter((i) => /transport\/rest\/|validation\/legacy/.test(i))).toEqual([]);
    // Nor jobs, the HA workflows nor uploads, which this app does not add.
    expect(inputs.filter((i) => /src\/ha\/|src\/jobs\/|client\/upload\.ts|transport\/upload\//.test(i))).toEqual([]);
    // Nor the methods' descriptions: they stay in the schema files and the types' JSDoc.
    expect(code).not.toContain('Older password login');
    // An app that adds them carries them.
    const withBoth = await bundled(
      "import { createClient, withHa, withUploads } from './src/versions/v27_0_0.ts'; withUploads(withHa(createClient({ url: 'wss://nas.example' }))).ha.snapshot();",
    );
    expect(withBoth.inputs).toContain('src/ha/planned-failover.ts');
    expect(withBoth.inputs).toContain('src/client/upload.ts');
    expect(withBoth.inputs).toContain('src/jobs/job-tracker.ts');
    const withJobs = await bundled(
      "import { createClient, withJobs } from './src/versions/v27_0_0.ts'; withJobs(createClient({ url: 'wss://nas.example' })).failover.upgrade();",
    );
    expect(withJobs.inputs).toContain('src/jobs/job-tracker.ts');
    expect(withJobs.inputs.filter((i) => /src\/ha\/|client\/upload\.ts/.test(i))).toEqual([]);
  });
});
