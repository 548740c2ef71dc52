/**
 * The Talos stage's side of handing the machines to Cluster API: every per-node configuration
 * apply is forgotten (`removed`, `destroy = false`, so no node is reset), and the health gate,
 * which expects exactly the Terraform-built nodes, is dropped. Otherwise a node Cluster API deleted
 * in a scale-down would be configured again, and a scale-up would fail the gate.
 *
 * The secrets, the machine configurations, the talosconfig, the bootstrap record and the
 * kubeconfig stay: they describe the cluster, not one machine, and later stages read them.
 */
import { forgetResources } from './hand-over';
import type { TalosClusterBootstrap } from './talos-cluster-bootstrap';

export function handTalosNodesToClusterApi(cluster: TalosClusterBootstrap): void {
  // The bootstrap ran once; its depends_on on the first apply only ordered that run.
  cluster.bootstrap.dependsOn = undefined;
  forgetResources([...cluster.applies.values()], [cluster.health]);
}
