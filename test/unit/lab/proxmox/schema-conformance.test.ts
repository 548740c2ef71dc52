import { loadApiSchema, schemaIndex, type SchemaNode } from '../../../lab/proxmox/api-schema-fixture';
import { checkConformance, type DeclaredRoute } from '../../../lab/proxmox/schema/conformance';
import { simulatorRoutes } from '../../../lab/proxmox/simulator';

describe('simulator routes vs the pinned PVE API schema', () => {
  let index: Map<string, SchemaNode>;
  let routes: readonly DeclaredRoute[];

  beforeAll(async () => {
    index = schemaIndex(await loadApiSchema());
    routes = simulatorRoutes();
  });

  it('serves only paths, methods and parameters the schema has, with the same types and required flags', () => {
    const report = checkConformance(routes, index);
    expect(report.issues).toEqual([]);
    // Breadth actually checked (guards against an empty route table passing trivially).
    expect(report.routes).toBeGreaterThanOrEqual(100);
    expect(report.params).toBeGreaterThanOrEqual(700);
    expect(report.formatKeys).toBeGreaterThanOrEqual(600);
  });

  it('covers the endpoints the bpg provider calls for the Talos stack', () => {
    const served = new Set(routes.map((r) => `${r.method} ${r.path}`));
    for (const needed of [
      'POST /access/ticket',
      'GET /version',
      'GET /nodes',
      'GET /cluster/nextid',
      'GET /cluster/resources',
      'POST /nodes/{node}/qemu',
      'GET /nodes/{node}/qemu/{vmid}/config',
      'PUT /nodes/{node}/qemu/{vmid}/config',
      'PUT /nodes/{node}/qemu/{vmid}/resize',
      'GET /nodes/{node}/qemu/{vmid}/status/current',
      'POST /nodes/{node}/qemu/{vmid}/status/start',
      'DELETE /nodes/{node}/qemu/{vmid}',
      'GET /nodes/{node}/qemu/{vmid}/agent/network-get-interfaces',
      'GET /nodes/{node}/tasks/{upid}/status',
      'GET /nodes/{node}/tasks/{upid}/log',
      'POST /nodes/{node}/storage/{storage}/download-url',
      'GET /nodes/{node}/query-url-metadata',
      'PUT /nodes/{node}/network',
      'PUT /cluster/sdn',
      'PUT /pools',
      'POST /nodes/{node}/qemu/{vmid}/firewall/rules',
    ]) {
      expect(served).toContain(needed);
    }
  });

  it('covers the GETs CAPMOX v0.9.0 makes through go-proxmox v0.6.0 to find, adopt and schedule machines', () => {
    const served = new Set(routes.map((r) => `${r.method} ${r.path}`));
    for (const needed of [
      'GET /version',
      'GET /cluster/status',
      'GET /cluster/resources',
      'GET /cluster/nextid',
      'GET /nodes/{node}/status',
      'GET /nodes/{node}/qemu',
      'GET /nodes/{node}/lxc',
      'GET /nodes/{node}/qemu/{vmid}/status/current',
      'GET /nodes/{node}/qemu/{vmid}/config',
      'GET /nodes/{node}/qemu/{vmid}/agent/get-osinfo',
      'GET /nodes/{node}/tasks/{upid}/status',
    ]) {
      expect(served).toContain(needed);
    }
  });

  it('reports wrong declarations (the check can fail)', () => {
    const create = routes.find((r) => r.method === 'POST' && r.path === '/nodes/{node}/qemu');
    if (!create) throw new Error('create route missing');
    const { vmid: _vmid, ...withoutVmid } = create.params;
    void _vmid;
    const broken: DeclaredRoute[] = [
      { ...create, params: { ...create.params, cores: { type: 'string', optional: true }, bogus: { type: 'string', optional: true } } },
      { ...create, params: withoutVmid },
      { method: 'GET', path: '/nodes/{node}/nonexistent', params: {} },
      { method: 'POST', path: '/access/ticket', params: { username: { type: 'string' }, password: { type: 'string' } } },
    ];
    const issues = checkConformance(broken, index).issues.join('\n');
    expect(issues).toContain('POST /nodes/{node}/qemu cores: type string vs schema integer');
    expect(issues).toContain('POST /nodes/{node}/qemu bogus: parameter not in the schema');
    expect(issues).toContain('POST /nodes/{node}/qemu vmid: required by the schema but not declared');
    expect(issues).toContain('GET /nodes/{node}/nonexistent: not in the API schema');
    expect(issues).toContain('POST /access/ticket: allowToken true vs schema allowtoken 0');
  });
});
