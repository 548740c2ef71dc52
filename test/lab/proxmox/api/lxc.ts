/**
 * Containers. The lab models no LXC guests (the state has no container records, and VMIDs are
 * only ever taken by VMs), so a node's container list is always empty; what remains to get
 * right is everything around it: the node is resolved first (500 for an unknown name, 595 for a
 * member that is down) and the answer is PVE's array shape.
 */
import type { LabCluster } from '../cluster';
import type { Router } from '../http/router';
import { NODE } from '../schema/common-params';

export function registerLxcRoutes(router: Router<LabCluster>): void {
  router.add({
    method: 'GET',
    path: '/nodes/{node}/lxc',
    params: { node: NODE },
    proxyToNode: true,
    handler: (): Array<Record<string, string | number>> => [],
  });
}
