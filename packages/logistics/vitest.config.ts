import { defineConfig } from 'vitest/config';
import { withTypeTests } from '../../vitest.shared';

export default defineConfig({ test: withTypeTests });
