import { hostname } from 'node:os';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { defineJob, systemScope, type JobPayload } from '../queue/job-catalogue.js';
import { HandlesJob, type JobHandler } from '../queue/job-handler.js';

/** A job that does nothing but answer: proves the API → queue → worker round trip. */
export const healthProbeJob = defineJob({
  name: 'system.health-probe',
  queue: 'system',
  payload: z.object({ ...systemScope, nonce: z.string(), requestedAt: z.string() }),
  scope: 'health.probe',
  attempts: 1,
  keepCompletedSeconds: 3600,
  keepFailedSeconds: 3600,
});

export interface HealthProbeResult {
  nonce: string;
  requestedAt: string;
  handledAt: string;
  handledBy: string;
}

@Injectable()
@HandlesJob('system.health-probe')
export class HealthProbeHandler implements JobHandler<'system.health-probe'> {
  async handle(payload: JobPayload<'system.health-probe'>): Promise<HealthProbeResult> {
    return {
      nonce: payload.nonce,
      requestedAt: payload.requestedAt,
      handledAt: new Date().toISOString(),
      handledBy: `${hostname()}:${process.pid}`,
    };
  }
}
