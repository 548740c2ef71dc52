// Command machinery-bench is the native baseline of the `configGen` benchmark: the same
// per-node work our talos_machine_configuration data source does (generate the configuration
// from a secrets bundle, apply a host name patch and a shared install-disk patch, encode YAML
// without comments), done by Talos' own Go library (pkg/machinery, the version talosctl pins).
//
// Usage: machinery-bench <nodes> <runs>; prints one line: "ns-per-config <median over runs>".
package main

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"time"

	"github.com/siderolabs/talos/pkg/machinery/config"
	"github.com/siderolabs/talos/pkg/machinery/config/configpatcher"
	"github.com/siderolabs/talos/pkg/machinery/config/generate"
	"github.com/siderolabs/talos/pkg/machinery/config/generate/secrets"
	"github.com/siderolabs/talos/pkg/machinery/config/machine"
)

const sharedPatch = "machine:\n  install:\n    disk: /dev/vda\n"

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

func main() {
	if len(os.Args) != 3 {
		fail(fmt.Errorf("usage: machinery-bench <nodes> <runs>"))
	}
	nodes, err := strconv.Atoi(os.Args[1])
	if err != nil {
		fail(err)
	}
	runs, err := strconv.Atoi(os.Args[2])
	if err != nil {
		fail(err)
	}
	contract, err := config.ParseContractFromVersion("v1.13")
	if err != nil {
		fail(err)
	}
	bundle, err := secrets.NewBundle(secrets.NewClock(), contract)
	if err != nil {
		fail(err)
	}
	perConfig := make([]float64, 0, runs)
	bytes := 0
	for r := 0; r < runs; r++ {
		started := time.Now()
		for i := 0; i < nodes; i++ {
			kind := machine.TypeWorker
			if i < 3 {
				kind = machine.TypeControlPlane
			}
			input, err := generate.NewInput("bench", "https://10.0.0.10:6443", "v1.36.3",
				generate.WithSecretsBundle(bundle), generate.WithVersionContract(contract))
			if err != nil {
				fail(err)
			}
			cfg, err := input.Config(kind)
			if err != nil {
				fail(err)
			}
			patches, err := configpatcher.LoadPatches([]string{
				fmt.Sprintf("machine:\n  network:\n    hostname: bench-%d\n", i),
				sharedPatch,
			})
			if err != nil {
				fail(err)
			}
			out, err := configpatcher.Apply(configpatcher.WithConfig(cfg), patches)
			if err != nil {
				fail(err)
			}
			text, err := out.Bytes()
			if err != nil {
				fail(err)
			}
			bytes += len(text)
		}
		perConfig = append(perConfig, float64(time.Since(started).Nanoseconds())/float64(nodes))
	}
	if bytes == 0 {
		fail(fmt.Errorf("no configuration generated"))
	}
	sort.Float64s(perConfig)
	fmt.Printf("ns-per-config %.0f\n", perConfig[len(perConfig)/2])
}
