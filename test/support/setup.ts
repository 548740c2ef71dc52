import { CDK_CORE_PACKAGE, Testing } from '../../stacks/cdk';

// Registers the toHaveResource… matchers of the core package's jest adapter.
require(`${CDK_CORE_PACKAGE}/lib/testing/adapters/jest`);
Testing.setupJest();
