/**
 * The plugin protocol (tfplugin6 and go-plugin's controller) as grpc-js service definitions,
 * from the descriptor generated out of our .proto files.
 */
import type * as protobuf from 'protobufjs/light';
import { PLUGIN_PROTOCOL_DESCRIPTOR } from './generated/plugin-protocol';
import { grpcServices, rootFromDescriptor, type ServiceDefinitions } from './grpc-services';

let root: protobuf.Root | undefined;
let services: ServiceDefinitions | undefined;

export function pluginProtocolRoot(): protobuf.Root {
  root ??= rootFromDescriptor(PLUGIN_PROTOCOL_DESCRIPTOR);
  return root;
}

/** `tfplugin6.Provider` and `plugin.GRPCController`, among the others the files declare. */
export function pluginProtocolServices(): ServiceDefinitions {
  services ??= grpcServices(pluginProtocolRoot());
  return services;
}
