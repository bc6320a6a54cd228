import { Module } from '@nestjs/common';
import { ResourcesAuditSubjects } from './resources-audit-subjects.js';
import { ResourcesRepository } from './resources.repository.js';
import { ResourcesService } from './resources.service.js';

/** The resource centres: national and per territory, in the kit's four axes. */
@Module({
  providers: [ResourcesService, ResourcesRepository, ResourcesAuditSubjects],
  exports: [ResourcesService],
})
export class ResourcesModule {}
