import type { MigrationInterface } from 'typeorm';
import { RuntimeRole1763800000000 } from './1763800000000-runtime-role.js';
import { IdentityAndTenancy1763800000001 } from './1763800000001-identity-and-tenancy.js';
import { Ecosystem1763800000002 } from './1763800000002-ecosystem.js';
import { Reports1763800000003 } from './1763800000003-reports.js';
import { Observatory1763800000004 } from './1763800000004-observatory.js';
import { CoveringIndexes1763800000005 } from './1763800000005-covering-indexes.js';
import { LoginThrottleGates1763800000010 } from './1763800000010-login-throttle-gates.js';
import { TerritoryDefault1763800000011 } from './1763800000011-territory-default.js';
import { Collaboration1763800000012 } from './1763800000012-collaboration.js';
import { Discussion1763800000013 } from './1763800000013-discussion.js';
import { Organisations1763800000014 } from './1763800000014-organisations.js';
import { ProfileEdits1763800000015 } from './1763800000015-profile-edits.js';
import { FrenchCollation1763800000020 } from './1763800000020-french-collation.js';
import { Geocoding1763800000021 } from './1763800000021-geocoding.js';
import { DemoTerritory1763800000022 } from './1763800000022-demo-territory.js';
import { OccurredOn1763800000030 } from './1763800000030-occurred-on.js';
import { PhaseOccurredOn1763800000031 } from './1763800000031-phase-occurred-on.js';
import { ActorFoundedOn1763800000032 } from './1763800000032-actor-founded-on.js';
import { Resources1763800000040 } from './1763800000040-resources.js';
import { Studies1763800000041 } from './1763800000041-studies.js';
import { CaseStudies1763800000042 } from './1763800000042-case-studies.js';
import { GraphSnapshots1763800000050 } from './1763800000050-graph-snapshots.js';
import { ActorAllianceCount1763800000058 } from './1763800000058-actor-alliance-count.js';
import { AllianceListIndexes1763800000059 } from './1763800000059-alliance-list-indexes.js';
import { ObservatoryChanges1763800000060 } from './1763800000060-observatory-changes.js';
import { AccessCheckFunction1763800000061 } from './1763800000061-access-check-function.js';
import { MapRevision1763800000062 } from './1763800000062-map-revision.js';
import { ActorCard1763800000063 } from './1763800000063-actor-card.js';
import { RevisionsAtCommit1763800000064 } from './1763800000064-revisions-at-commit.js';
import { JoinConfirmations1763800000065 } from './1763800000065-join-confirmations.js';
import { AccessEpoch1763800000066 } from './1763800000066-access-epoch.js';
import { JoinConfirmationMail1763800000067 } from './1763800000067-join-confirmation-mail.js';
import { ActorTerms1763800000068 } from './1763800000068-actor-terms.js';
import { ActorPriorityIds1763800000069 } from './1763800000069-actor-priority-ids.js';
import { ActorCardAscii1763800000070 } from './1763800000070-actor-card-ascii.js';
import { GraphSnapshotBody1763800000071 } from './1763800000071-graph-snapshot-body.js';

/** Every migration, in order. A new migration is appended here. */
export const migrations: (new () => MigrationInterface)[] = [
  RuntimeRole1763800000000,
  IdentityAndTenancy1763800000001,
  Ecosystem1763800000002,
  Reports1763800000003,
  Observatory1763800000004,
  CoveringIndexes1763800000005,
  LoginThrottleGates1763800000010,
  TerritoryDefault1763800000011,
  Collaboration1763800000012,
  Discussion1763800000013,
  Organisations1763800000014,
  ProfileEdits1763800000015,
  FrenchCollation1763800000020,
  Geocoding1763800000021,
  DemoTerritory1763800000022,
  OccurredOn1763800000030,
  PhaseOccurredOn1763800000031,
  ActorFoundedOn1763800000032,
  Resources1763800000040,
  Studies1763800000041,
  CaseStudies1763800000042,
  GraphSnapshots1763800000050,
  ActorAllianceCount1763800000058,
  AllianceListIndexes1763800000059,
  ObservatoryChanges1763800000060,
  AccessCheckFunction1763800000061,
  MapRevision1763800000062,
  ActorCard1763800000063,
  RevisionsAtCommit1763800000064,
  JoinConfirmations1763800000065,
  AccessEpoch1763800000066,
  JoinConfirmationMail1763800000067,
  ActorTerms1763800000068,
  ActorPriorityIds1763800000069,
  ActorCardAscii1763800000070,
  GraphSnapshotBody1763800000071,
];
