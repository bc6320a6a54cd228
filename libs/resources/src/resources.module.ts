import { Module } from '@nestjs/common';
import { CaseStudiesAuditSubjects } from './case-studies/case-studies-audit-subjects.js';
import { CaseStudiesRepository } from './case-studies/case-studies.repository.js';
import { CaseStudiesService } from './case-studies/case-studies.service.js';
import { ResourcesAuditSubjects } from './resources-audit-subjects.js';
import { ResourcesRepository } from './resources.repository.js';
import { ResourcesService } from './resources.service.js';

/** The resource centres: national and per territory, in the kit's four axes; and the case studies. */
@Module({
  providers: [
    ResourcesService,
    ResourcesRepository,
    ResourcesAuditSubjects,
    CaseStudiesService,
    CaseStudiesRepository,
    CaseStudiesAuditSubjects,
  ],
  exports: [ResourcesService, CaseStudiesService],
})
export class ResourcesModule {}
