import { CDK_CORE_PACKAGE, Testing } from '../../stacks/cdk';
// Types of the toHaveResource… matchers (type-only: erased at run time). On a move to cdktn,
// change this path together with stacks/cdk.ts.
import type {} from 'cdktf/lib/testing/adapters/jest';

// Registers the matchers of the core package's jest adapter.
require(`${CDK_CORE_PACKAGE}/lib/testing/adapters/jest`);
Testing.setupJest();
