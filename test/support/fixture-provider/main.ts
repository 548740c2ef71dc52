import { serve } from '../../../providers/runtime';
import { provider } from './provider';

void serve(provider, { debug: process.argv.includes('--debug'), address: 'ptc.internal/test/example' });
