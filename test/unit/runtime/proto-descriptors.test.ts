/**
 * The generated protocol descriptors are what the .proto files say: regenerating them gives the
 * committed modules byte for byte (run `npm run generate:proto` after editing a .proto file), and
 * the service definitions made from them carry the methods and paths grpc-js routes by.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DESCRIPTOR_SETS, descriptorModule } from '../../../tools/build/proto-descriptors';
import { REPO_ROOT } from '../../../tools/build/catalog';
import { pluginProtocolServices } from '../../../providers/runtime/proto/load';
import { talosPackageDefinition } from '../../../providers/talos/api/proto/load';

test.each(DESCRIPTOR_SETS.map((s) => [s.output, s] as const))('%s is up to date with its .proto files', (_output, set) => {
  expect(fs.readFileSync(path.join(REPO_ROOT, set.output), 'utf8')).toBe(descriptorModule(set));
});

test('the plugin protocol services route by the protocol paths, unary both ways', () => {
  const services = pluginProtocolServices();
  const provider = services['tfplugin6.Provider'];
  expect(provider.GetProviderSchema.path).toBe('/tfplugin6.Provider/GetProviderSchema');
  expect(provider.ApplyResourceChange).toMatchObject({ requestStream: false, responseStream: false });
  expect(services['plugin.GRPCController'].Shutdown.path).toBe('/plugin.GRPCController/Shutdown');
});

test('messages round-trip as the plain objects proto-loader gave: enums by name, 64-bit integers as strings, defaults filled', () => {
  const method = pluginProtocolServices()['tfplugin6.Provider'].GetProviderSchema;
  const wire = method.responseSerialize({
    provider: { version: '3', block: { attributes: [{ name: 'a', type: Buffer.from('"string"'), optional: true }] } },
    diagnostics: [{ severity: 'ERROR', summary: 's' }],
  });
  const back = method.responseDeserialize(wire) as {
    provider: { version: string; block: { attributes: Array<Record<string, unknown>> } };
    diagnostics: Array<Record<string, unknown>>;
  };
  expect(back.provider.version).toBe('3');
  expect(back.diagnostics[0]).toMatchObject({ severity: 'ERROR', summary: 's', detail: '' });
  expect(back.provider.block.attributes[0]).toMatchObject({ name: 'a', optional: true, required: false });
});

test('the Talos API services stream where Talos streams', () => {
  const def = talosPackageDefinition();
  expect(def['machine.MachineService'].Kubeconfig).toMatchObject({ path: '/machine.MachineService/Kubeconfig', responseStream: true });
  expect(def['machine.MachineService'].ApplyConfiguration.responseStream).toBe(false);
  expect(def['cosi.resource.State'].List.responseStream).toBe(true);
});
