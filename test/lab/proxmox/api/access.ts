/** `/access/ticket` (login) and `/access/domains`. */
import type { LabCluster } from '../cluster';
import type { Router } from '../http/router';
import { reqStr, str } from './params';

const PRIVS = {
  vms: [
    'VM.Allocate',
    'VM.Audit',
    'VM.Clone',
    'VM.Config.CDROM',
    'VM.Config.CPU',
    'VM.Config.Cloudinit',
    'VM.Config.Disk',
    'VM.Config.HWType',
    'VM.Config.Memory',
    'VM.Config.Network',
    'VM.Config.Options',
    'VM.Console',
    'VM.Migrate',
    'VM.PowerMgmt',
    'VM.Snapshot',
  ],
  storage: ['Datastore.Allocate', 'Datastore.AllocateSpace', 'Datastore.AllocateTemplate', 'Datastore.Audit'],
  nodes: ['Sys.Audit', 'Sys.Console', 'Sys.Modify', 'Sys.PowerMgmt', 'Sys.AccessNetwork'],
  sdn: ['SDN.Allocate', 'SDN.Audit', 'SDN.Use'],
  dc: ['Sys.Audit', 'Sys.Modify', 'SDN.Allocate', 'SDN.Audit'],
  access: ['Group.Allocate', 'Permissions.Modify', 'User.Modify'],
  mapping: ['Mapping.Audit', 'Mapping.Modify', 'Mapping.Use'],
};

export function registerAccessRoutes(router: Router<LabCluster>): void {
  router.add({
    method: 'POST',
    path: '/access/ticket',
    allowToken: false,
    params: {
      username: { type: 'string', maxLength: 64 },
      password: { type: 'string' },
      realm: { type: 'string', optional: true, maxLength: 32, format: 'pve-realm' },
      otp: { type: 'string', optional: true },
      'new-format': { type: 'boolean', optional: true },
      'tfa-challenge': { type: 'string', optional: true },
      path: { type: 'string', optional: true, maxLength: 64 },
      privs: { type: 'string', optional: true, maxLength: 64, format: 'pve-priv-list' },
    },
    handler: ({ params, sim }) => {
      const login = sim.services.auth.login(reqStr(params, 'username'), reqStr(params, 'password'), str(params, 'realm'));
      const cap = Object.fromEntries(Object.entries(PRIVS).map(([k, privs]) => [k, Object.fromEntries(privs.map((p) => [p, 1]))]));
      return { username: login.userid, ticket: login.ticket, CSRFPreventionToken: login.csrf, clustername: sim.state.clusterName, cap };
    },
  });
  router.add({
    method: 'GET',
    path: '/access/domains',
    params: {},
    handler: () => [
      { realm: 'pam', type: 'pam', comment: 'Linux PAM standard authentication' },
      { realm: 'pve', type: 'pve', comment: 'Proxmox VE authentication server' },
    ],
  });
}
