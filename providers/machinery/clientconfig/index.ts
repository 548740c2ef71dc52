/** talosconfig (talosctl client configuration) and the Talos API client certificate. */
export { issueAdminClientCertificate, TALOS_API_CLIENT_CERT_VALIDITY_MS, TALOS_ROLES, type AdminCertificateOptions, type HasOsCa } from './admin-certificate';
export { formatTalosconfig, generateTalosconfig, parseTalosconfig, selectTalosconfigContext, type GenerateTalosconfigInput, type Talosconfig, type TalosconfigContext } from './talosconfig';
