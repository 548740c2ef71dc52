import { CDK_CORE_PACKAGE, Testing } from '../../stacks/cdk';
// Types of the toHaveResource… matchers (type-only: erased at run time); cdktn's are the same.
import type {} from 'cdktf/lib/testing/adapters/jest';

// Registers the matchers of the loaded core package's jest adapter (cdktf, or cdktn with PTC_CDK=cdktn).
require(`${CDK_CORE_PACKAGE}/lib/testing/adapters/jest`);
Testing.setupJest();
