#!/usr/bin/env node
// @ts-nocheck
import '../dist/cli/main.js';
