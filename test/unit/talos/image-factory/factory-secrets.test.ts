/**
 * What the Image Factory code keeps secret: a factory URL's user:password (sensitive attributes,
 * never in a message, never over plain http beyond loopback), a machine configuration embedded in a
 * schematic (refused), the schematic in a factory's error text (left out); and the factory's 404
 * for an unknown Talos version, and the lab factory surviving a malformed path escape.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchematic, errorDetail, factoryUrlProblem, listOfficialExtensions, redactUserinfo } from '../../../../providers/talos/resources/common/image-factory-client';
import { providerSchema } from '../../../../providers/talos/resources/common/provider-config';
import { schema as schematicSchema, schematicProblem } from '../../../../providers/talos/resources/image-factory-schematic/schema';
import { imageFactorySchematic } from '../../../../providers/talos/resources/image-factory-schematic/resource';
import { schema as versionsSchema } from '../../../../providers/talos/resources/image-factory-versions/schema';
import { schema as extensionsSchema } from '../../../../providers/talos/resources/image-factory-extensions-versions/schema';
import { startImageServer, type ImageServer } from '../../../lab/images/image-server';

const SECRET = 's3cret-pw';

describe('factory URL credentials', () => {
  test.each([
    ['provider', providerSchema],
    ['talos_image_factory_schematic', schematicSchema],
    ['talos_image_factory_versions', versionsSchema],
    ['talos_image_factory_extensions_versions', extensionsSchema],
  ])('%s image_factory_url is sensitive', (_name, s) => {
    expect(s.attributes.image_factory_url.sensitive).toBe(true);
  });

  test.each([
    ['not a URL at all', `https://alice:${SECRET}@[bad`, 'is not a URL'],
    ['a password with a slash', `https://alice:${SECRET}/x@factory.example.com`, 'is not a URL'],
    ['another scheme', `ftp://alice:${SECRET}@factory.example.com/`, 'must be an http(s) URL'],
    ['no scheme (user: reads as one)', `alice:${SECRET}@factory.example.com`, 'must be an http(s) URL'],
    ['a query', `https://alice:${SECRET}@factory.example.com/?x=1`, 'must not carry a query'],
    ['plain http beyond loopback', `http://alice:${SECRET}@factory.example.com:8080/p`, 'over plain http'],
  ])('a refused URL (%s) is shown without its user:password', (_name, url, problem) => {
    const found = factoryUrlProblem(url);
    expect(found).toContain(problem);
    expect(found).not.toContain(SECRET);
    expect(found).not.toContain('alice');
    expect(found).toContain('***@');
  });

  test('redaction hides everything up to the last @, never less', () => {
    expect(redactUserinfo('https://u:p@h/x')).toBe('https://***@h/x');
    expect(redactUserinfo('https://u:p@q@h')).toBe('https://***@h');
    expect(redactUserinfo('https://factory.example.com/')).toBe('https://factory.example.com/');
  });

  test.each([
    [`http://user:${SECRET}@factory.example.com/`, 'over plain http'],
    [`http://:${SECRET}@192.0.2.10/`, 'over plain http'],
    [`http://user:${SECRET}@128.0.0.1/`, 'over plain http'],
    [`http://user:${SECRET}@[::2]/`, 'over plain http'],
    [`http://user:${SECRET}@127.0.0.5:8080/`, undefined],
    [`http://user:${SECRET}@[::1]:8080/`, undefined],
    [`http://user:${SECRET}@localhost:8080/`, undefined],
    [`https://user:${SECRET}@factory.example.com/`, undefined],
    ['http://factory.example.com/', undefined],
  ])('%s', (url, problem) => {
    const found = factoryUrlProblem(url);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(/over plain http: Basic auth would cross the network in clear .*Use https instead, e\.g\. https:\/\//);
  });

  test('the client refuses credentials over plain http before any request (a URL unknown at validation)', async () => {
    // 192.0.2.0/24 is unroutable (TEST-NET-1): a request would fail otherwise, with another message.
    const attempt = createSchematic(`http://user:${SECRET}@192.0.2.1/`, 'customization: {}\n', AbortSignal.timeout(5_000));
    await expect(attempt).rejects.toThrow(/^image_factory_url "http:\/\/\*\*\*@192\.0\.2\.1\/" carries a user:password over plain http/);
  });
});

describe('schematic secrets', () => {
  const EMBEDDED = 'customization:\n  embeddedMachineConfiguration: |\n    machine:\n      token: abc.def\n';

  test('embeddedMachineConfiguration is refused, pointing to talos_machine_configuration_apply', () => {
    expect(schematicProblem(EMBEDDED)).toMatch(/embeddedMachineConfiguration is refused: .*Terraform state in clear.*talos_machine_configuration_apply/);
    expect(schematicProblem(EMBEDDED)).not.toContain('abc.def');
    expect(schematicProblem('customization:\n  embeddedMachineConfiguration: ""\n')).toBeUndefined();
  });

  test('the resource refuses it at plan too (a schematic unknown when Terraform validated it)', () => {
    const plan = imageFactorySchematic.plan;
    if (!plan) throw new Error('talos_image_factory_schematic has no plan hook');
    const config = { id: null, schematic: EMBEDDED, image_factory_url: null };
    expect(() => plan({ config, prior: null, planned: config, ctx: {} as never })).toThrow(/embeddedMachineConfiguration is refused/);
  });

  test('a factory error leaves out lines of the schematic it quotes, on one capped line', () => {
    const sent = 'customization:\n  meta:\n    - key: 12\n      value: "private-network-layout"\n';
    const detail = errorDetail(`yaml: unmarshal errors:\n  line 4: cannot use      value: "private-network-layout"\n`, sent);
    expect(detail).toBe('yaml: unmarshal errors: line 4: cannot use […]');
    expect(errorDetail('x'.repeat(5_000), undefined)).toHaveLength(301);
  });
});

describe('against factories on loopback', () => {
  let lab: ImageServer;
  let echo: Server;
  let echoUrl: string;
  beforeAll(async () => {
    lab = await startImageServer(1024);
    // A factory that refuses every schematic, quoting all of it.
    echo = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => res.writeHead(400, { 'Content-Type': 'text/plain' }).end(`invalid schematic:\n${Buffer.concat(chunks).toString('utf8')}`));
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await lab.close();
    await new Promise<void>((resolve) => echo.close(() => resolve()));
  });

  test('a 400 quoting the schematic does not repeat it', async () => {
    const schematic = 'overlay:\n  image: siderolabs/sbc-raspberrypi\n  name: rpi_generic\n  options:\n    configTxtAppend: "dtoverlay=private-thing"\n';
    const err = await createSchematic(`http://user:${SECRET}@${echoUrl.slice('http://'.length)}`, schematic, AbortSignal.timeout(10_000)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).toMatch(/^Image Factory http:\/\/127\.0\.0\.1:\d+ refused the schematic \(400\): invalid schematic:/);
    expect(message).not.toContain('private-thing');
    expect(message).not.toContain('sbc-raspberrypi');
    expect(message).not.toContain(SECRET);
  });

  test('an unknown Talos version (the factory answers 404) is worded as such', async () => {
    await expect(listOfficialExtensions(lab.url, 'v0.1.0', AbortSignal.timeout(10_000))).rejects.toThrow(
      /does not know Talos v0\.1\.0 \(404\): .*give talos_version as one the factory offers \(talos_image_factory_versions lists them\)/,
    );
    await expect(listOfficialExtensions(lab.url, 'v1.13.9', AbortSignal.timeout(10_000))).resolves.toHaveLength(3);
  });

  test('the lab factory answers a malformed percent escape with 400 and keeps serving', async () => {
    const get = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const port = Number(new URL(lab.url).port);
        request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        })
          .on('error', reject)
          .end();
      });
    expect(await get('/version/v1.13.9%E0%A4%A/extensions/official')).toBe(400);
    expect(await get('/version/v1.13.9/extensions/official')).toBe(200);
  });
});
