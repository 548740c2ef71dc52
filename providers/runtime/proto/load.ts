/**
 * The plugin protocol (tfplugin6 and go-plugin's controller) as grpc-js service definitions,
 * from the descriptor generated out of our .proto files.
 */
import { PLUGIN_PROTOCOL_DESCRIPTOR } from './generated/plugin-protocol';
import { lazyProtocol } from './grpc-services';

const protocol = lazyProtocol(PLUGIN_PROTOCOL_DESCRIPTOR);

export const pluginProtocolRoot = protocol.root;

/** `tfplugin6.Provider` and `plugin.GRPCController`, among the others the files declare. */
export const pluginProtocolServices = protocol.services;
