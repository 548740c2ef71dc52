/** The lab's manager table and the flags it takes over from each installed Deployment. */
import { errorEntries } from '../../../lab/capi/controllers';
import { argsWithoutLabFlags, LAB_CAPI_MANAGERS, labOwnedFlags } from '../../../lab/capi/managers';

const spec = (name: string) => {
  const s = LAB_CAPI_MANAGERS.find((m) => m.name === name);
  if (!s) throw new Error(`no manager ${name}`);
  return s;
};

describe('lab Cluster API manager flags', () => {
  test('drops the flags the lab owns in every spelling and keeps the rest in order', () => {
    const args = [
      '--leader-elect',
      '--diagnostics-address=:8443',
      '--insecure-diagnostics=false',
      '--feature-gates=MachinePool=true,ClusterTopology=false',
      '--health-addr',
      ':9440',
      '--webhook-port=9443',
      '--v=2',
    ];
    expect(argsWithoutLabFlags(args, labOwnedFlags(spec('capi')))).toEqual(['--feature-gates=MachinePool=true,ClusterTopology=false', '--v=2']);
  });

  test('a boolean leader-election flag does not swallow the next argument', () => {
    expect(argsWithoutLabFlags(['--enable-leader-election', '--feature-gates=MachinePool=false'], labOwnedFlags(spec('cabpt')))).toEqual(['--feature-gates=MachinePool=false']);
  });

  test('each provider spells leader election and health the way its main.go does', () => {
    expect(Object.fromEntries(LAB_CAPI_MANAGERS.map((m) => [m.name, [m.leaderElectFlag, m.healthFlag]]))).toEqual({
      capi: ['--leader-elect', '--health-addr'],
      cabpt: ['--enable-leader-election', '--health-addr'],
      cacppt: ['--enable-leader-election', '--health-addr'],
      capmox: ['--leader-elect', '--health-probe-bind-address'],
      ipam: ['--leader-elect', '--health-probe-bind-address'],
    });
    // CAPMOX v0.9.0 has no webhook port flag: it keeps its fixed port, so the lab must not pass one.
    expect(spec('capmox').webhook).toEqual({ fixedPort: 9443 });
    expect(labOwnedFlags(spec('capmox'))).not.toContain('--webhook-port');
  });

  test('manager namespaces are distinct (the egress proxy routes by the webhook Service namespace)', () => {
    expect(new Set(LAB_CAPI_MANAGERS.map((m) => m.namespace)).size).toBe(LAB_CAPI_MANAGERS.length);
  });
});

describe('manager log error entries', () => {
  test('klog E entries keep their continuation lines; info, warnings and zap/JSON levels are told apart', () => {
    const log = [
      'I1205 21:40:25.1 1 main.go:1] "starting"',
      'E1205 21:40:25.2 1 controller.go:474] "Reconciler error" err=<',
      '\tno credentials found',
      ' > controller="proxmoxcluster"',
      'W1205 21:40:25.3 1 warnings.go:70] deprecated',
      '{"level":"error","msg":"boom"}',
      '{"level":"info","msg":"fine"}',
      '2026-12-05T21:40:25Z\tERROR\tsetup\tunable to start',
    ].join('\n');
    expect(errorEntries(log)).toEqual([
      'E1205 21:40:25.2 1 controller.go:474] "Reconciler error" err=<\n\tno credentials found\n > controller="proxmoxcluster"',
      '{"level":"error","msg":"boom"}',
      '2026-12-05T21:40:25Z\tERROR\tsetup\tunable to start',
    ]);
    expect(errorEntries('I1205 ok\nW1205 warn\n')).toEqual([]);
  });
});
