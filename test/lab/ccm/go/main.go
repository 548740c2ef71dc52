// Command lab-ccm is the lab's cloud controller manager for Talos nodes. It runs the upstream
// cloud-node controller (k8s.io/cloud-provider) with an InstancesV2 that reads each node's
// platform metadata over the Talos API — the contract talos-cloud-controller-manager follows,
// which the Go module proxy does not serve. Real clusters run talos-ccm itself, installed through
// Talos' cluster.externalCloudProvider; the lab runs this on the host in its place, as it runs the
// Cluster API managers.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/cosi-project/runtime/pkg/safe"
	talosclient "github.com/siderolabs/talos/pkg/machinery/client"
	clientconfig "github.com/siderolabs/talos/pkg/machinery/client/config"
	talosruntime "github.com/siderolabs/talos/pkg/machinery/resources/runtime"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	cloudprovider "k8s.io/cloud-provider"
	nodecontroller "k8s.io/cloud-provider/controllers/node"
	nodehelpers "k8s.io/cloud-provider/node/helpers"
	controllersmetrics "k8s.io/component-base/metrics/prometheus/controllers"
	"k8s.io/klog/v2"
)

// The annotation a kubelet started with --cloud-provider=external and --node-ip writes.
const providedNodeIPAnnotation = "alpha.kubernetes.io/provided-node-ip"

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the workload cluster")
	talosconfig := flag.String("talosconfig", os.Getenv("TALOSCONFIG"), "talosconfig with an os:reader client certificate")
	endpoints := flag.String("endpoints", os.Getenv("TALOS_ENDPOINTS"), "comma-separated Talos API endpoints (default: the talosconfig's)")
	clusterName := flag.String("cluster-name", "", "value of the node.cloudprovider.kubernetes.io/clustername label")
	statusEvery := flag.Duration("node-status-update-frequency", 5*time.Minute, "how often initialised nodes are synced again")
	workers := flag.Int("workers", 2, "concurrent node initialisations")
	klog.InitFlags(nil)
	flag.Parse()
	if *kubeconfig == "" || *talosconfig == "" {
		fmt.Fprintln(os.Stderr, "lab-ccm: --kubeconfig and --talosconfig are required")
		os.Exit(2)
	}
	if err := run(*kubeconfig, *talosconfig, *endpoints, *clusterName, *statusEvery, int32(*workers)); err != nil {
		fmt.Fprintf(os.Stderr, "lab-ccm: %v\n", err)
		os.Exit(1)
	}
}

func run(kubeconfig, talosconfig, endpoints, clusterName string, statusEvery time.Duration, workers int32) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	restConfig, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return fmt.Errorf("kubeconfig %s: %w", kubeconfig, err)
	}
	restConfig.UserAgent = "lab-ccm"
	kube, err := kubernetes.NewForConfig(restConfig)
	if err != nil {
		return err
	}
	cfg, err := clientconfig.Open(talosconfig)
	if err != nil {
		return fmt.Errorf("talosconfig %s: %w", talosconfig, err)
	}
	opts := []talosclient.OptionFunc{talosclient.WithConfig(cfg)}
	if endpoints != "" {
		opts = append(opts, talosclient.WithEndpoints(strings.Split(endpoints, ",")...))
	}
	// Dials lazily: the controller starts even while no control plane answers yet.
	talos, err := talosclient.New(ctx, opts...)
	if err != nil {
		return fmt.Errorf("talos client: %w", err)
	}
	defer talos.Close() //nolint:errcheck

	cloud := &talosCloud{instances: &instances{talos: talos, kube: kube, clusterName: clusterName}}
	factory := informers.NewSharedInformerFactory(kube, 0)
	controller, err := nodecontroller.NewCloudNodeController(factory.Core().V1().Nodes(), kube, cloud, statusEvery, workers, 1)
	if err != nil {
		return err
	}
	factory.Start(ctx.Done())
	klog.Infof("lab-ccm: cloud-node controller running (cloud provider %q)", cloud.ProviderName())
	controller.RunWithContext(ctx, controllersmetrics.NewControllerManagerMetrics("lab-ccm"))
	factory.Shutdown()
	return nil
}

// talosCloud offers only InstancesV2, as talos-ccm does: no load balancers, routes or zones API.
type talosCloud struct{ instances *instances }

func (c *talosCloud) Initialize(cloudprovider.ControllerClientBuilder, <-chan struct{}) {}
func (c *talosCloud) LoadBalancer() (cloudprovider.LoadBalancer, bool)                  { return nil, false }
func (c *talosCloud) Instances() (cloudprovider.Instances, bool)                        { return nil, false }
func (c *talosCloud) InstancesV2() (cloudprovider.InstancesV2, bool)                    { return c.instances, true }
func (c *talosCloud) Zones() (cloudprovider.Zones, bool)                                { return nil, false }
func (c *talosCloud) Clusters() (cloudprovider.Clusters, bool)                          { return nil, false }
func (c *talosCloud) Routes() (cloudprovider.Routes, bool)                              { return nil, false }
func (c *talosCloud) ProviderName() string                                              { return "talos" }
func (c *talosCloud) HasClusterID() bool                                                { return true }

type instances struct {
	talos       *talosclient.Client
	kube        kubernetes.Interface
	clusterName string
}

// InstanceExists: a Talos machine is not looked up in any inventory; the node lifecycle is the
// infrastructure provider's (CAPMOX deletes the VM, the lab removes the Node).
func (i *instances) InstanceExists(context.Context, *corev1.Node) (bool, error) { return true, nil }

func (i *instances) InstanceShutdown(context.Context, *corev1.Node) (bool, error) { return false, nil }

// InstanceMetadata reads PlatformMetadata from the node itself (apid routes by the node metadata)
// at each address the kubelet reported, first answer wins. Without that annotation the kubelet was
// not started for an external cloud provider, and nothing is known about the node.
func (i *instances) InstanceMetadata(ctx context.Context, node *corev1.Node) (*cloudprovider.InstanceMetadata, error) {
	provided := node.Annotations[providedNodeIPAnnotation]
	if provided == "" {
		klog.Warningf("node %s has no %s annotation: is its kubelet started with --cloud-provider=external?", node.Name, providedNodeIPAnnotation)
		return &cloudprovider.InstanceMetadata{}, nil
	}
	ips := strings.Split(provided, ",")
	var lastErr error
	for _, ip := range ips {
		meta, err := safe.StateGetByID[*talosruntime.PlatformMetadata](talosclient.WithNode(ctx, ip), i.talos.COSI, talosruntime.PlatformMetadataID)
		if err != nil {
			lastErr = fmt.Errorf("platform metadata of node %s at %s: %w", node.Name, ip, err)
			continue
		}
		spec := meta.TypedSpec()
		providerID := spec.ProviderID
		if providerID == "" {
			providerID = fmt.Sprintf("talos://%s/%s", spec.Platform, ip)
		}
		addresses := make([]corev1.NodeAddress, 0, len(ips)+2)
		for _, a := range ips {
			addresses = append(addresses, corev1.NodeAddress{Type: corev1.NodeInternalIP, Address: a})
		}
		addresses = append(addresses, corev1.NodeAddress{Type: corev1.NodeHostName, Address: node.Name})
		if strings.Contains(spec.Hostname, ".") {
			addresses = append(addresses, corev1.NodeAddress{Type: corev1.NodeInternalDNS, Address: spec.Hostname})
		}
		// The controller drops kubernetes.io labels from AdditionalLabels, so these are patched here.
		labels := map[string]string{"node.cloudprovider.kubernetes.io/platform": spec.Platform}
		if i.clusterName != "" {
			labels["node.cloudprovider.kubernetes.io/clustername"] = i.clusterName
		}
		if !nodehelpers.AddOrUpdateLabelsOnNode(i.kube, labels, node) {
			return nil, fmt.Errorf("could not label node %s", node.Name)
		}
		klog.Infof("node %s: providerID %s (platform %s)", node.Name, providerID, spec.Platform)
		return &cloudprovider.InstanceMetadata{
			ProviderID:    providerID,
			InstanceType:  spec.InstanceType,
			NodeAddresses: addresses,
			Zone:          spec.Zone,
			Region:        spec.Region,
		}, nil
	}
	return nil, lastErr
}
