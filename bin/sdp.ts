#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { buildPlatform } from '../lib/platform-app.ts';

buildPlatform(new App());
