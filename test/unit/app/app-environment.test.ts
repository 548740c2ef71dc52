/** The app's environment, read once at the edge into typed settings. */
import * as path from 'node:path';
import { APP_ENV, AppEnvironmentError, LAB_MANAGEMENT_KUBECONFIG, readAppEnvironment } from '../../../stacks/app-environment';
import { CDK_CORE } from '../../../stacks/cdk';

describe('readAppEnvironment', () => {
  test('defaults: the lab management kubeconfig under the root, no override, no watch setting', () => {
    const e = readAppEnvironment({}, '/srv/app');
    expect(e).toEqual({
      rootDir: '/srv/app',
      // The flavour this process loaded (cdktf unless PTC_CDK says otherwise; see cdk-core.test.ts).
      cdk: CDK_CORE.flavour,
      backendOverride: undefined,
      labManagementKubeconfig: path.join('/srv/app', LAB_MANAGEMENT_KUBECONFIG),
      capiOverridesDir: undefined,
      adoptionTimeoutSeconds: undefined,
      writeOnly: true,
      lab: { baseDir: '/srv/app', proxmoxEndpoint: undefined, factoryUrl: undefined, proxmoxCaFile: undefined },
      variables: {},
    });
  });

  test('PTC_WRITE_ONLY: write-only by default, false for engines older than 1.11, anything else refused with the fix', () => {
    expect(readAppEnvironment({ [APP_ENV.writeOnly]: '' }, '/srv/app').writeOnly).toBe(true);
    expect(readAppEnvironment({ [APP_ENV.writeOnly]: 'true' }, '/srv/app').writeOnly).toBe(true);
    expect(readAppEnvironment({ [APP_ENV.writeOnly]: 'false' }, '/srv/app').writeOnly).toBe(false);
    expect(readAppEnvironment({ [APP_ENV.writeOnly]: 'OFF' }, '/srv/app').writeOnly).toBe(false);
    expect(() => readAppEnvironment({ [APP_ENV.writeOnly]: '1.10' }, '/srv/app')).toThrow(
      new AppEnvironmentError(
        'PTC_WRITE_ONLY',
        '"1.10" is not true or false; set PTC_WRITE_ONLY=false for Terraform or OpenTofu older than 1.11 (the machine configurations then stay in state), or unset it (write-only, the default)',
      ),
    );
  });

  test('each variable lands typed; empty counts as unset; the copy does not follow later changes', () => {
    const env: NodeJS.ProcessEnv = {
      [APP_ENV.backend]: 'cloud',
      PTC_TFC_ORGANIZATION: 'acme',
      PTC_TFC_WORKSPACE_PREFIX: 'ci',
      [APP_ENV.managementKubeconfig]: 'lab/mgmt.kubeconfig',
      [APP_ENV.capiOverridesDir]: '',
      [APP_ENV.adoptionTimeoutSeconds]: '0',
      [APP_ENV.labRoot]: '/tmp/lab-root',
      [APP_ENV.labProxmoxEndpoint]: 'https://127.0.0.1:18006/',
      PROXMOX_VE_API_TOKEN: 'x',
    };
    const e = readAppEnvironment(env, '/srv/app');
    expect(e.backendOverride).toEqual({ kind: 'cloud', organization: 'acme', workspacePrefix: 'ci' });
    expect(e.labManagementKubeconfig).toBe('/srv/app/lab/mgmt.kubeconfig');
    expect(e.capiOverridesDir).toBeUndefined();
    expect(e.adoptionTimeoutSeconds).toBe(0);
    expect(e.lab).toMatchObject({ baseDir: '/tmp/lab-root', proxmoxEndpoint: 'https://127.0.0.1:18006/' });
    env.PROXMOX_VE_API_TOKEN = 'changed';
    expect(e.variables.PROXMOX_VE_API_TOKEN).toBe('x');
    expect(Object.isFrozen(e.variables)).toBe(true);
  });

  test.each([
    [{ [APP_ENV.adoptionTimeoutSeconds]: '-1' }, 'PTC_ADOPTION_TIMEOUT_SECONDS: "-1" is not whole seconds'],
    [{ [APP_ENV.adoptionTimeoutSeconds]: '1e3' }, 'PTC_ADOPTION_TIMEOUT_SECONDS: "1e3" is not whole seconds'],
    [{ [APP_ENV.backend]: 'remote' }, 'PTC_BACKEND: environment.kind: must be "local" or "cloud"'],
  ])('%o is refused, naming the variable', (env, message) => {
    expect(() => readAppEnvironment(env, '/srv/app')).toThrow(AppEnvironmentError);
    expect(() => readAppEnvironment(env, '/srv/app')).toThrow(`environment variable ${message}`);
  });
});
