/** Executable entry of the `capi` provider (launched by Terraform). */
import { serve } from '../runtime';
import { provider } from './provider';

void serve(provider, { debug: process.argv.includes('--debug'), address: 'ptc.internal/ptc/capi' });
